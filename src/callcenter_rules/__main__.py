"""``python -m callcenter_rules``: see `callcenter_rules.cli`."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
