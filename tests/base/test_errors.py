"""Every refusal the library explains in two languages derives from one base,
`BilingualError`, and keeps both languages through pickling (a batch worker's error reaches
the parent whole)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import click
import pytest

from callcenter_rules import UnsupportedDate
from callcenter_rules.batch import BatchError
from callcenter_rules.cli.common import BadInput
from callcenter_rules.config import ConfigError
from callcenter_rules.errors import BilingualError
from callcenter_rules.json_input import JSONInputError
from callcenter_rules.law.parameters import ParameterError
from callcenter_rules.packs import RulePackError
from callcenter_rules.provinces import OutsideMainland, UnknownProvince

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "callcenter_rules"
#: Still to move onto the base (by file), each with its own __init__; the list only shrinks.
NOT_YET_ON_THE_BASE: set[str] = set()

REFUSALS = [
    (UnsupportedDate, ValueError),
    (ConfigError, ValueError),
    (ParameterError, ValueError),
    (UnknownProvince, ValueError),
    (OutsideMainland, ValueError),
    (JSONInputError, ValueError),
    (BatchError, Exception),
    (RulePackError, ValueError),
    # The command line's bad input or usage: a message, exit code 2.
    (BadInput, click.ClickException),
]


@pytest.mark.parametrize(("kind", "caught_as"), REFUSALS)
def test_a_refusal_is_bilingual_and_pickles_both_languages(
    kind: type[BilingualError], caught_as: type[Exception]
) -> None:
    assert issubclass(kind, BilingualError)
    assert issubclass(kind, caught_as)
    error = kind("the message", "消息")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is kind
    assert (str(again), again.message_zh) == ("the message", "消息")
    assert (again.text("en"), again.text("zh")) == ("the message", "消息")
    # Without a Chinese message, the English stands for both.
    assert kind("only English").message_zh == "only English"


def test_no_other_module_writes_its_own_bilingual_error() -> None:
    own = {
        path.name
        for path in PACKAGE.rglob("*.py")
        if path.name != "errors.py"
        and re.search(r"def __init__\(self, message: str, message_zh", path.read_text("utf-8"))
    }
    assert own == NOT_YET_ON_THE_BASE
