"""One row to one record to one line: what each output line carries (`Job`), the record of a
row (`record`: its assessment, full or in summary, with its plan, or its error) and the
record as a line of JSON Lines (`record_line`). The JSON service writes its batch lines with
these too."""

from __future__ import annotations

import datetime
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Final

import attrs

from ..api import Engine
from ..assemble import normalised_input
from ..model import (
    InvalidLicence,
    InvalidProfile,
    Licence,
    Profile,
    Said,
    structure_licence,
    structure_profile,
    zh_of,
)
from ..results import Assessment, Review
from ..results.plan import Plan
from .base import BOM, PLAN_COLUMNS, SUMMARY_COLUMNS, Row
from .cells import csv_row


@attrs.frozen
class Job:
    """What each output line carries and how it is written; sent to every worker. With
    ``review``, each row is a licence holder's (`review_input`) and its line a review
    (`review_record`)."""

    plan: bool = False
    detail: str = "full"
    output_format: str = "jsonl"
    review: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The fields of a summary line."""
        return SUMMARY_COLUMNS + (PLAN_COLUMNS if self.plan else ())

    def preamble(self) -> bytes:
        """What the output starts with, before the first row: for CSV, a byte order mark
        (so that a spreadsheet reads the file as UTF-8) and the header row."""
        if self.output_format != "csv":
            return b""
        return BOM + csv_row(list(self.columns))


def record(engine: Engine, row: Row, as_of: datetime.date, job: Job) -> dict[str, Any]:
    """One row's output record, as ``job`` says: its assessment (with its plan, or why
    there is none), in full or in summary; or an error line, for a row that could not be
    read, a profile that is not valid or a failure inside the library. Never raises: one
    row must never stop the batch."""
    if row.problem is not None:
        kind, message = row.problem
        return _error(row, kind, [("", message)])
    if job.review:
        return review_record(engine, row, as_of)
    summary = job.detail == "summary"
    try:
        if job.plan:
            try:
                found = _plan(engine, row.data, as_of)
                if summary:
                    return {**_summary(row.number, found.assessment), **_plan_summary(found)}
                return {
                    "row": row.number,
                    "assessment": found.assessment.to_dict(),
                    "plan": found.to_dict(),
                }
            except InvalidProfile:
                raise
            except Exception as error:  # the row keeps its assessment (below)
                failed = _failure(error, "无法给出取得许可的途径（本库的缺陷）：")
            result = engine.assess(row.data, as_of=as_of)
            if summary:
                return {
                    **_summary(row.number, result),
                    "plan_error": str(failed),
                    "plan_error_zh": failed.zh,
                }
            return {
                "row": row.number,
                "assessment": result.to_dict(),
                "plan_error": {
                    "type": "internal_error",
                    "message": str(failed),
                    "message_zh": failed.zh,
                },
            }
        result = engine.assess(row.data, as_of=as_of)
        if summary:
            return _summary(row.number, result)
        # Inside the try: the texts are rendered when first read, here.
        return {"row": row.number, "assessment": result.to_dict()}
    except InvalidProfile as error:
        return _error(row, "invalid_profile", error.errors, error.errors_zh)
    except Exception as error:  # one row must never stop the batch
        return _error(row, "internal_error", [("", _failure(error, "本库内部出错（缺陷）："))])


def _failure(error: Exception, zh: str) -> Said:
    """An error inside the library as a message: its type and text (cut to 2,000
    characters), and in Chinese the same after ``zh``."""
    said = f"{type(error).__name__}: {error}"[:2000]
    return Said(said, (zh + said)[:2000])


def _error(
    row: Row,
    kind: str,
    errors: Sequence[tuple[str, str]],
    errors_zh: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """An error line: ``errors`` as ``(path, message)`` pairs, and in Chinese ``errors_zh``
    (by default the Chinese each message carries, `Said`)."""
    if errors_zh is None:
        errors_zh = [(path, zh_of(message)) for path, message in errors]
    return {
        "row": row.number,
        "error": {
            "type": kind,
            "line": row.line,
            "errors": [{"path": path, "message": str(message)} for path, message in errors],
            "errors_zh": [{"path": path, "message": message} for path, message in errors_zh],
        },
    }


class _Plans:
    """The plans an engine with an assessment cache has made, by the normalised input (the
    key of its assessment cache), as many as that cache keeps; least recently used dropped
    first. Thread-safe: the JSON service assesses from several threads."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._entries: OrderedDict[bytes, Plan] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> Plan | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: bytes, found: Plan) -> None:
        with self._lock:
            self._entries[key] = found
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)


#: Each engine's plans (for engines with an assessment cache), dropped with the engine.
_PLANS: Final[weakref.WeakKeyDictionary[Engine, _Plans]] = weakref.WeakKeyDictionary()
_PLANS_LOCK: Final = threading.Lock()


def _plan(engine: Engine, data: Any, as_of: datetime.date) -> Plan:
    """``engine.plan(data)``, kept as the engine keeps assessments when it has a cache (a
    plan is made from the assessment alone, so a repeat gets the same plan)."""
    size = engine.cache_info().max_size
    if not size:
        return engine.plan(data, as_of=as_of)
    with _PLANS_LOCK:
        plans = _PLANS.get(engine)
        if plans is None:
            plans = _PLANS[engine] = _Plans(size)
    company = structure_profile(data)
    key = normalised_input(company, as_of, engine.policy)
    found = plans.get(key)
    if found is None:
        found = engine.plan(company, as_of=as_of)
        plans.put(key, found)
    return found


def _summary(number: int, result: Assessment) -> dict[str, Any]:
    """A summary line's fields (`SUMMARY_COLUMNS` but the error ones), read from the
    assessment itself rather than from its (much larger) ``to_dict()``."""
    codes: dict[str, list[str]] = {"blocking": [], "warning": [], "info": []}
    for finding in result.findings:  # blocking, warning, info; by code within each
        codes[finding.severity.value].append(finding.code)
    return {
        "row": number,
        "name": result.profile.name,
        "status": result.status.value,
        "license_type": result.license_type.value if result.license_type else None,
        "authority": result.authority,
        "authority_zh": result.authority_zh,
        "business_scopes": sorted(scope.value for scope in result.business_scopes),
        "confidence": result.confidence.value,
        "confidence_rests_on": list(result.confidence_rests_on),
        **codes,
    }


def _plan_summary(found: Plan) -> dict[str, Any]:
    """`PLAN_COLUMNS`: the number of paths to a licence, the first (best) one's licence
    type and changes, and the obstacles."""
    first = found.options[0] if found.options else None
    return {
        "plan_options": len(found.options),
        "plan_license_type": first.license_type.value if first and first.license_type else None,
        "plan_changes": [change.message for change in first.changes] if first else [],
        "plan_changes_zh": [change.message_zh for change in first.changes] if first else [],
        "plan_obstacles": [obstacle.code for obstacle in found.obstacles],
    }


def record_line(record: dict[str, Any]) -> bytes:
    """A record as one line of JSON Lines output (UTF-8, ending in a line feed)."""
    # Lone surrogates cannot reach here from a valid profile; "replace" keeps an error
    # message that quotes one writable instead of failing the row.
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    # Characters that are valid raw inside a JSON string but that some line readers
    # (Python's str.splitlines, JavaScript before ES2019) take for line ends: written as
    # escapes, so a line of the output is a line for every reader. (A search for each is
    # far cheaper than str.translate, which goes character by character through a line.)
    for char, escape in _LINE_BREAKS:
        if char in text:
            text = text.replace(char, escape)
    return (text + "\n").encode("utf-8", "replace")


_LINE_BREAKS: Final = (("\u0085", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


# ---------------------------------------------------------------- a licence holder's review

#: The keys of a review's input as one JSON object (a ``POST /v1/review`` body, a line of
#: a register).
REVIEW_KEYS: Final = ("licence", "profile")


def _prefixed(prefix: str, error: InvalidProfile) -> list[tuple[str, Said]]:
    """``error``'s pairs, each path under ``prefix`` (``licence.number``)."""
    return [
        (
            f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}" if path else prefix,
            Said(en, zh),
        )
        for (path, en), (_, zh) in zip(error.errors, error.errors_zh, strict=True)
    ]


def review_input(data: Any, *, bare: bool = False) -> tuple[Licence, Profile | None]:
    """The licence and the profile (or None) of a review's input as one JSON object:
    ``{"licence": {...}, "profile": {...} or null}``; with ``bare``, an object without a
    ``licence`` key is the licence itself (a line of a register). Both are read, so that
    every bad field of either is listed at once, its path under ``licence.`` or
    ``profile.``.

    Raises:
        InvalidLicence: the object, or the licence in it, is not valid (with the profile's
            errors, if it has any, listed too).
        InvalidProfile: only the profile is not valid.
    """
    if bare and isinstance(data, dict) and "licence" not in data:
        data = {"licence": data}
    if not isinstance(data, dict):
        raise InvalidLicence(
            [
                (
                    "",
                    Said(
                        'must be an object: {"licence": {...}, "profile": {...} or null}',
                        '必须是对象：{"licence": {...}, "profile": {...} 或 null}',
                    ),
                )
            ]
        )
    errors: list[tuple[str, Said]] = [
        (str(key), Said("unexpected field (not part of the schema)", "多余的字段（不属于该结构）"))
        for key in data
        if key not in REVIEW_KEYS
    ]
    licence: Licence | None = None
    if data.get("licence") is None:
        said = (
            Said("is required", "为必填项")
            if "licence" not in data
            else Said("is required and must not be null", "为必填项，不能为 null")
        )
        errors.append(("licence", said))
    else:
        try:
            licence = structure_licence(data["licence"])
        except InvalidProfile as error:
            errors += _prefixed("licence", error)
    profile_errors: list[tuple[str, Said]] = []
    profile: Profile | None = None
    if data.get("profile") is not None:
        try:
            profile = structure_profile(data["profile"])
        except InvalidProfile as error:
            profile_errors = _prefixed("profile", error)
    if errors:
        raise InvalidLicence(errors + profile_errors)
    if profile_errors:
        raise InvalidProfile(profile_errors)
    assert licence is not None
    return licence, profile


def review_status(result: Review) -> str:
    """``action_required`` when a finding is blocking or an obligation overdue (what
    makes ``callcenter-rules review`` exit with 4), else ``in_order``."""
    return "action_required" if result.blocking or result.overdue else "in_order"


def review_record(engine: Engine, row: Row, as_of: datetime.date) -> dict[str, Any]:
    """One licence holder's output record: the row, its status (`review_status`), the
    licence type, the review (as ``callcenter-rules review --format json`` prints it) and
    its calendar in both languages (`Review.to_ics`); or an error line. Never raises."""
    try:
        licence, profile = review_input(row.data, bare=True)
        result = engine.review(licence, profile, as_of=as_of)
        return {
            "row": row.number,
            "status": review_status(result),
            "license_type": result.licence.license_type.value,
            "review": result.to_dict(),
            "calendar": {lang: result.to_ics(lang).decode("utf-8") for lang in ("en", "zh")},
        }
    except InvalidLicence as error:
        return _error(row, "invalid_licence", error.errors, error.errors_zh)
    except InvalidProfile as error:
        return _error(row, "invalid_profile", error.errors, error.errors_zh)
    except Exception as error:  # one row must never stop the batch
        return _error(row, "internal_error", [("", _failure(error, "本库内部出错（缺陷）："))])
