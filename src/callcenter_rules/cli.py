"""Command line: assess one profile file and print the assessment.

    python -m callcenter_rules PROFILE.json [--as-of YYYY-MM-DD] [--format json|text]

Exit codes: 0 eligible or not required, 3 incomplete, 4 ineligible, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence
from typing import Any, Final, TextIO

from . import __version__
from .api import UnsupportedDate, assess
from .model import InvalidProfile
from .results import Assessment, Severity, Status

__all__ = ["EXIT_CODES", "main", "render_text"]

#: Exit code per status.
EXIT_CODES: Final = {
    Status.ELIGIBLE: 0,
    Status.NOT_REQUIRED: 0,
    Status.INCOMPLETE: 3,
    Status.INELIGIBLE: 4,
}
EXIT_BAD_INPUT: Final = 2


def render_text(assessment: Assessment) -> str:
    """A readable report: the decision, then findings grouped by severity."""
    lines = [
        f"Company:   {assessment.profile.name}",
        f"As of:     {assessment.as_of.isoformat()}",
        f"Status:    {assessment.status.value}",
    ]
    if assessment.license_type is not None:
        lines.append(f"Licence:   {assessment.license_type.value} — {assessment.authority}")
    scopes = ", ".join(sorted(s.value for s in assessment.business_scopes)) or "none"
    lines.append(f"Scopes:    {scopes}")
    for severity in Severity:
        group = assessment.findings_with(severity)
        if not group:
            continue
        lines.append("")
        lines.append(f"{severity.value.upper()} ({len(group)})")
        for finding in group:
            c = finding.citation
            lines.append(f"  [{finding.code}] {finding.message}")
            lines.append(
                f"      cites: {c.document_zh} {c.article} — fact {c.fact_id} "
                f"({c.confidence.value}); rule {finding.rule}"
            )
            if finding.remediation:
                lines.append(f"      to do: {finding.remediation}")
    return "\n".join(lines)


def _read(path: str, stdin: TextIO) -> Any:
    if path == "-":
        return json.load(stdin)
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="callcenter-rules",
        description="Assess whether a company needs China's call-center licence (B24), "
        "which one, and what stands in the way.",
        epilog="Exit codes: 0 eligible or not required, 3 incomplete, 4 ineligible, "
        "2 bad input or usage.",
    )
    parser.add_argument("profile", help="profile JSON file, or - for standard input")
    parser.add_argument("--as-of", help="the day whose law applies, YYYY-MM-DD (default today)")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    try:
        as_of = datetime.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(f"error: --as-of must be a date as YYYY-MM-DD, got {args.as_of!r}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        data = _read(args.profile, sys.stdin)
    except OSError as error:
        print(f"error: cannot read {args.profile}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        print(f"error: {args.profile} is not valid JSON: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        assessment = assess(data, as_of=as_of)
    except InvalidProfile as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnsupportedDate as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        print(json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(assessment))
    return EXIT_CODES[assessment.status]
