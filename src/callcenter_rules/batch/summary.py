"""The end of a run for people: its counts, and after ``resume`` the whole output's, in
English or Chinese."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable

from ..labels import check_lang, display_width, ljust_display, status_label, type_label, word
from ..results import LicenseType, Status
from .base import Summary


def summary_text(summary: Summary, lang: str = "en") -> str:
    """The summary for people, in English (``"en"``) or Chinese (``"zh"``): this run's
    counts and, after ``resume``, the whole output's.

    Raises:
        ValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
    """
    if check_lang(lang) == "zh":
        return _summary_zh(summary)

    def counts(items: Counter[str]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(items.items())) or "none"

    buffer = io.StringIO()
    buffer.write(f"rows assessed: {summary.rows}")
    if summary.skipped:
        buffer.write(f" (after {summary.skipped} already written)")
    buffer.write(f"\nby status:     {counts(summary.by_status)}\n")
    buffer.write(f"by licence:    {counts(summary.by_license_type)}\n")
    buffer.write(f"errors:        {summary.errors}\n")
    if summary.internal_errors:
        buffer.write(
            f"internal errors: {summary.internal_errors} (a defect in the library; "
            "see the rows with type internal_error)\n"
        )
    if summary.plan_errors:
        buffer.write(
            f"plan errors:   {summary.plan_errors} (a defect in the library; see the rows "
            "with plan_error: they have their assessment, not their plan)\n"
        )
    whole = summary.output
    if summary.skipped and whole is not None:
        buffer.write(
            f"whole output:  {whole.rows} rows ({summary.skipped} already written, "
            f"{summary.rows} assessed now)\n"
            f"  by status:   {counts(whole.by_status)}\n"
            f"  by licence:  {counts(whole.by_license_type)}\n"
            f"  errors:      {whole.errors}\n"
        )
        if whole.internal_errors:
            buffer.write(f"  internal errors: {whole.internal_errors}\n")
        if whole.plan_errors:
            buffer.write(f"  plan errors: {whole.plan_errors}\n")
    buffer.write(f"time:          {summary.seconds:.2f} s ({summary.rate:,.0f} rows/s)\n")
    return buffer.getvalue()


def _summary_zh(summary: Summary) -> str:
    def counts(items: Counter[str], label: Callable[[str], str]) -> str:
        return "，".join(f"{label(k)} {v}" for k, v in sorted(items.items())) or word("none", "zh")

    def status(value: str) -> str:
        try:
            return status_label(Status(value), "zh")
        except ValueError:
            return value

    def licence(value: str) -> str:
        if value == "none":
            return word("none", "zh")
        try:
            return type_label(LicenseType(value), "zh")
        except ValueError:
            return value

    rows = f"{summary.rows}"
    if summary.skipped:
        rows += f"（此前已写入 {summary.skipped} 行）"
    lines = [
        ("评估行数：", rows),
        ("按结论：", counts(summary.by_status, status)),
        ("按许可证类型：", counts(summary.by_license_type, licence)),
        ("错误：", f"{summary.errors}"),
    ]
    if summary.internal_errors:
        lines.append(
            (
                "内部错误：",
                f"{summary.internal_errors}（本库的缺陷；见 type 为 internal_error 的行）",
            )
        )
    if summary.plan_errors:
        lines.append(
            (
                "规划错误：",
                f"{summary.plan_errors}（本库的缺陷；见带有 plan_error 的行：这些行有评估结果，"
                "没有取得许可的途径）",
            )
        )
    whole = summary.output
    if summary.skipped and whole is not None:
        lines += [
            (
                "输出合计：",
                f"{whole.rows} 行（此前已写入 {summary.skipped} 行，本次评估 {summary.rows} 行）",
            ),
            ("合计按结论：", counts(whole.by_status, status)),
            ("合计按许可证类型：", counts(whole.by_license_type, licence)),
            ("合计错误：", f"{whole.errors}"),
        ]
        if whole.internal_errors:
            lines.append(("合计内部错误：", f"{whole.internal_errors}"))
        if whole.plan_errors:
            lines.append(("合计规划错误：", f"{whole.plan_errors}"))
    lines.append(("用时：", f"{summary.seconds:.2f} 秒（{summary.rate:,.0f} 行/秒）"))
    width = max(display_width(label) for label, _ in lines)
    return "".join(f"{ljust_display(label, width)}{value}\n" for label, value in lines)
