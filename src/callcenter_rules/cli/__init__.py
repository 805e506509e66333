"""The ``callcenter-rules`` command line (also ``python -m callcenter_rules``).

Exit codes of ``assess``: 0 eligible or not required, 3 incomplete, 4 ineligible,
2 bad input or usage, a configuration or rule pack that cannot be used (a pack's rule that
fails as it runs included), or standard output that cannot be written (a full disk, a
closed pipe). ``batch``: 0 done (rows with bad input are error lines, not a failure), 1 done
but the library failed on some rows (their lines say so), 2 bad usage, an unreadable input,
a configuration or rule pack that cannot be loaded, or an output that cannot be written,
130 interrupted. ``review``: 0 nothing blocking or overdue, 4 a finding blocking or an
obligation overdue, 2 as for ``assess``; ``review-batch`` as ``batch``.

Errors are messages, never tracebacks.

The modules: `common` (what the commands share: the language of the run, the bad-input
error, the option types and the shared options, the configuration and engine of the run),
`zh` (the Chinese help and usage), `group` (the ``callcenter-rules`` group), and one module
per family of commands: `assess` (assess, plan, checklist), `batch`, `catalogue` (rules,
parameters, schema), `review` (review, review-batch) and `serve`.
"""

from __future__ import annotations

from ..report import render_markdown, render_text
from .common import EXIT_CODES
from .group import cli, main
from .zh import HELP_ZH

__all__ = ["EXIT_CODES", "HELP_ZH", "cli", "main", "render_markdown", "render_text"]
