"""The README's Python example runs and says what it claims."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).parent.parent / "README.md"


def test_readme_python_example_is_true() -> None:
    block = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block is not None
    namespace: dict[str, Any] = {}
    exec(block.group(1), namespace)
    result = namespace["result"]
    for line in block.group(1).splitlines():
        claim = re.match(r"(result\.\w+|\[f\.code .*\])\s+# (.+)$", line)
        if claim and claim.group(2) != "JSON-ready":
            assert repr(eval(claim.group(1), namespace)) == claim.group(2) or str(
                eval(claim.group(1), namespace)
            ) == claim.group(2), line
    assert result.to_dict()["status"] == "ineligible"
