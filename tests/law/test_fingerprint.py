"""The ruleset hash follows the code a rule runs, and only that: a rule's values function
changed, or a helper it calls, or a table it reads, changes the hash; an edit elsewhere in
the same file (an import, another function, a comment) does not."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

from callcenter_rules.law.language import _code_of

_NAMES = itertools.count()

BASE = """
import os

LIMIT = 10
TABLE = {"a": 1}


def helper(x):
    return x + LIMIT


def values(match, law):
    return {"n": helper(TABLE["a"])}


def unrelated():
    return 1
"""


def _load(tmp_path: Path, source: str) -> ModuleType:
    name = f"fingerprint_case_{next(_NAMES)}"
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _digest(tmp_path: Path, source: str) -> str:
    return str(_code_of(_load(tmp_path, source).values)[0])


def test_edits_elsewhere_in_the_file_leave_the_hash(tmp_path: Path) -> None:
    base = _digest(tmp_path, BASE)
    assert _digest(tmp_path, BASE.replace("import os", "import os\nimport re")) == base
    assert _digest(tmp_path, BASE.replace("return 1", "return 2")) == base
    assert _digest(tmp_path, "# a comment\n" + BASE) == base


def test_the_code_a_rule_runs_changes_the_hash(tmp_path: Path) -> None:
    base = _digest(tmp_path, BASE)
    changed = [
        BASE.replace('{"n": helper', '{"m": helper'),  # the function itself
        BASE.replace("return x + LIMIT", "return x - LIMIT"),  # a helper it calls
        BASE.replace("LIMIT = 10", "LIMIT = 11"),  # a constant the helper reads
        BASE.replace('TABLE = {"a": 1}', 'TABLE = {"a": 2}'),  # a table it reads
    ]
    for source in changed:
        assert _digest(tmp_path, source) != base, source
