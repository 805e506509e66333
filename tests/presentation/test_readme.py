"""The README's Python examples run, in order, and say what they claim."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).parents[2] / "README.md"
# A claim is a line at the start of a block line: an expression, two or more spaces, and
# "# <what it evaluates to>" (its repr, or its str).
CLAIM = re.compile(r"^([A-Za-z_\[][^=#]*?[^,\s])\s{2,}# (.+)$")


def test_readme_python_examples_are_true() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 3
    namespace: dict[str, Any] = {}
    claims = 0
    for block in blocks:
        exec(block, namespace)
        for line in block.splitlines():
            claim = CLAIM.match(line)
            if claim and claim.group(2) != "JSON-ready":
                value = eval(claim.group(1), namespace)
                assert claim.group(2) in (repr(value), str(value)), line
                claims += 1
    assert claims >= 8
    assert namespace["result"].to_dict()["status"] == "ineligible"
    assert namespace["strict"].status is namespace["result"].status


def test_readme_console_examples_print_what_the_command_prints() -> None:
    """Each ``$ callcenter-rules ...`` example shows the command's real output (an example
    cut short with ``…`` shows its beginning)."""
    import shlex

    from click.testing import CliRunner

    from callcenter_rules.cli import cli

    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, re.S)
    checked = 0
    for block in blocks:
        for command, shown in re.findall(
            r"^\$ callcenter-rules (.+)\n((?:(?!\$ ).*\n)*)", block, re.M
        ):
            if "--as-of" not in command or command.startswith("batch"):
                continue  # its output depends on today, or on the time a batch takes
            done = CliRunner().invoke(
                cli, shlex.split(command), env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""},
                prog_name="callcenter-rules",
            )  # fmt: skip
            if shown.rstrip().endswith("…"):
                assert done.output.startswith(shown.rstrip()[:-1].rstrip()), command
            else:
                assert done.output == shown, command
            checked += 1
    assert checked >= 3
