"""The README's Python examples run, in order, and say what they claim."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).parent.parent / "README.md"
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
