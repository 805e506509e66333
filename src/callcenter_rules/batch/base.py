"""What the whole batch shares: its constants, `BatchError`, an input `Row`, the counts of a
run (`Counts`, `Summary`, `tally`), and the small types and helpers the other modules pass
between them."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any, Final

import attrs

from ..errors import BilingualError
from ..model import PROFILE_FIELDS, Said

#: CSV columns: the profile fields, any subset in any order. An empty cell means the field
#: is absent (for evidence fields: unknown). List fields take ``;``-separated values;
#: ``violations`` takes ``party:YYYY-MM-DD[:description]`` items separated by ``;``
#: (``none`` for no violations, an empty cell for an unknown record); booleans are
#: ``true`` or ``false``; ``professional_staff`` is a whole number.
CSV_COLUMNS: Final = PROFILE_FIELDS
#: Input formats: JSON Lines, CSV, and one JSON document (a profile or a list of them).
INPUT_FORMATS: Final = ("jsonl", "csv", "json")
#: How much of each assessment a line carries: all of it, or a summary for people.
DETAILS: Final = ("full", "summary")
#: Output formats: JSON Lines (either detail) and CSV (a summary only).
OUTPUT_FORMATS: Final = ("jsonl", "csv")
#: The fields of a summary line (JSON Lines keys, CSV columns, in this order). Lists are
#: JSON arrays in JSON Lines and ``;``-separated cells in CSV. ``error_*``, ``errors`` and
#: ``errors_zh`` (the messages in Chinese) are CSV columns only: a JSON Lines error line is
#: the same in both details.
SUMMARY_COLUMNS: Final = (
    "row",
    "name",
    "status",
    "license_type",
    "authority",
    "authority_zh",
    "business_scopes",
    "confidence",
    "confidence_rests_on",
    "blocking",
    "warning",
    "info",
    "error_type",
    "error_line",
    "errors",
    "errors_zh",
)
#: With ``plan``: how many paths to a licence there are, the first one's licence type and
#: changes (in English and Chinese), and the obstacles' codes; ``plan_error`` and
#: ``plan_error_zh`` only on a row whose plan could not be made (a defect), which then has
#: its assessment and no plan.
PLAN_COLUMNS: Final = (
    "plan_options",
    "plan_license_type",
    "plan_changes",
    "plan_changes_zh",
    "plan_obstacles",
    "plan_error",
    "plan_error_zh",
)
#: The manifest is the output's path with this added.
MANIFEST_SUFFIX: Final = ".manifest"


#: A line of JSON Lines input as read, not yet parsed: (row number, line number, bytes).
#: Workers parse it, so that the parent only splits lines.
RawLine = tuple[int, int, bytes]
#: What counting needs of one output line: its row, and its status and licence type or its
#: error type (`tally`).
Brief = dict[str, Any]
#: UTF-8's byte order mark: allowed at the start of an input, written at the start of a CSV
#: output.
BOM: Final = b"\xef\xbb\xbf"


class BatchError(BilingualError):
    """The batch cannot start or go on: bad arguments, an unreadable input, an output that
    cannot be written or does not belong to this batch. The message says which and why;
    ``message_zh`` says the same in Chinese (``str()`` is the English)."""


@attrs.frozen
class Row:
    """One input row: its number (1, 2, ... over the rows, blank lines not counted), the
    line of the input it starts on, the parsed data, or why it could not be read."""

    number: int
    data: Any = None
    #: ``(error type, message)`` when the row could not be read.
    problem: tuple[str, str] | None = None
    line: int = 0


@attrs.define
class Counts:
    """Counts of the rows of one part of an output (`Summary.kept`, `Summary.output`)."""

    rows: int = 0
    #: Rows that could not be read or are not valid profiles.
    errors: int = 0
    #: Rows on which the library itself failed (a defect: each is an error line).
    internal_errors: int = 0
    #: Rows assessed whose plan could not be made (``plan_error`` on the line; a defect).
    plan_errors: int = 0
    by_status: Counter[str] = attrs.field(factory=Counter)
    by_license_type: Counter[str] = attrs.field(factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        return {
            "rows": self.rows,
            "errors": self.errors,
            "internal_errors": self.internal_errors,
            "plan_errors": self.plan_errors,
            "by_status": dict(sorted(self.by_status.items())),
            "by_license_type": dict(sorted(self.by_license_type.items())),
        }


def tally(counts: Counts | Summary, brief: Brief) -> None:
    """Count one output line (its brief: `assess_chunk`) in ``counts``."""
    counts.rows += 1
    if "status" in brief:
        counts.by_status[brief["status"]] += 1
        counts.by_license_type[brief["license_type"] or "none"] += 1
        if brief.get("plan_error"):
            counts.plan_errors += 1
    elif brief.get("error") == "internal_error":
        counts.internal_errors += 1
    else:
        counts.errors += 1


@attrs.define
class Summary:
    """Counts of one run (rows kept by ``resume`` are in ``skipped``, not in ``rows``;
    their counts are in ``kept``, and the whole output's in ``output``)."""

    rows: int = 0
    skipped: int = 0
    #: Rows that could not be read or are not valid profiles.
    errors: int = 0
    #: Rows on which the library itself failed (a defect: each is an error line).
    internal_errors: int = 0
    by_status: Counter[str] = attrs.field(factory=Counter)
    by_license_type: Counter[str] = attrs.field(factory=Counter)
    seconds: float = 0.0
    interrupted: bool = False
    #: Rows assessed whose plan could not be made (``plan_error`` on the line; a defect).
    plan_errors: int = 0
    #: The counts of the ``skipped`` rows, read from the output by ``resume`` (None when
    #: they are not known: a summary made by hand).
    kept: Counts | None = None

    @property
    def rate(self) -> float:
        """Rows per second."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def output(self) -> Counts | None:
        """The counts of the whole output: the rows kept by ``resume`` and this run's
        (None when rows were kept whose counts are not known)."""
        kept = self.kept if self.kept is not None else Counts() if not self.skipped else None
        if kept is None:
            return None
        return Counts(
            rows=kept.rows + self.rows,
            errors=kept.errors + self.errors,
            internal_errors=kept.internal_errors + self.internal_errors,
            plan_errors=kept.plan_errors + self.plan_errors,
            by_status=kept.by_status + self.by_status,
            by_license_type=kept.by_license_type + self.by_license_type,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts: this run's, and the whole output's (``"output"``; null when
        not known)."""
        output = self.output
        return {
            "rows": self.rows,
            "skipped": self.skipped,
            "errors": self.errors,
            "internal_errors": self.internal_errors,
            "plan_errors": self.plan_errors,
            "by_status": dict(sorted(self.by_status.items())),
            "by_license_type": dict(sorted(self.by_license_type.items())),
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rate, 1),
            "interrupted": self.interrupted,
            "output": None if output is None else output.to_dict(),
        }


def same(text: str) -> Said:
    """Text that reads the same in both languages (a path)."""
    return Said(text, text)


def digest(line: bytes) -> str:
    """An output line's digest, as the manifest records it."""
    return hashlib.sha256(line).hexdigest()[:32]
