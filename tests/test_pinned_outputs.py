"""Every output a user sees is what it was pinned as (`pinned_outputs.py` says what, and
how to pin again after a deliberate change of law or wording)."""

from __future__ import annotations

import json
from pathlib import Path

from pinned_outputs import PINS, collect, digests


def test_every_pinned_output_is_byte_identical(tmp_path: Path) -> None:
    pinned = json.loads(PINS.read_text(encoding="utf-8"))
    now = digests(collect(tmp_path))
    assert now.keys() == pinned.keys()
    changed = sorted(name for name in now if now[name] != pinned[name])
    assert not changed, (
        f"{len(changed)} outputs changed (python tests/pinned_outputs.py --dump DIR shows "
        f"them): {changed[:20]}"
    )
