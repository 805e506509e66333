"""How the law is cited: documents, provisions, the sources a rule rests on, and how sure
the research is of each.

This is the law's own vocabulary; `callcenter_rules.results` re-exports `Severity`,
`Confidence` and `Citation` for the public API.
"""

from __future__ import annotations

import datetime
from typing import Final

import attrs

from ..vocabulary import Confidence, Severity
from .parameters import ParameterTable, ParamRef

__all__ = [
    "ALWAYS",
    "CONFIDENCE_ORDER",
    "Citation",
    "Confidence",
    "Document",
    "Period",
    "Provision",
    "Severity",
    "Source",
]


#: From least to most sure.
CONFIDENCE_ORDER: Final = (
    Confidence.LOW,
    Confidence.LOW_MEDIUM,
    Confidence.MEDIUM,
    Confidence.MEDIUM_HIGH,
    Confidence.HIGH,
)

Day = datetime.date | ParamRef


@attrs.frozen
class Period:
    """A span of days: ``start`` inclusive, ``end`` exclusive; ``None`` is open.

    Either end may be a parameter (``Period(start=param("in_force.order_42"))``), so the
    day an instrument takes effect is named data, not a date in a rule; `resolve` turns it
    into dates with a parameter table.
    """

    start: Day | None = None
    end: Day | None = None

    def resolve(self, table: ParameterTable) -> Period:
        """The period with its parameters replaced by their values in ``table``."""
        return Period(_day(self.start, table), _day(self.end, table))

    @property
    def parameters(self) -> tuple[str, ...]:
        """The parameters the period's ends are."""
        return tuple(d.name for d in (self.start, self.end) if isinstance(d, ParamRef))

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, datetime.date):
            return False
        start, end = self.start, self.end
        if isinstance(start, ParamRef) or isinstance(end, ParamRef):
            raise TypeError("resolve() the period against a parameter table first")
        return (start is None or day >= start) and (end is None or day < end)

    def __str__(self) -> str:
        start, end = self.start, self.end
        if start is None and end is None:
            return "always"
        first = (
            f"from {start}"
            if isinstance(start, ParamRef)
            else (f"from {start.isoformat()}" if start else "")
        )
        last = (
            f"until the day before {end}"
            if isinstance(end, ParamRef)
            else (f"until {(end - datetime.timedelta(days=1)).isoformat()}" if end else "")
        )
        return " ".join(part for part in (first, last) if part)

    def text_zh(self) -> str:
        """The period in Chinese, once resolved: ``2017年9月1日起``, ``至2017年8月31日``,
        ``2016年3月1日起至2017年8月31日``, ``全部期间``."""
        start, end = self.start, self.end
        if isinstance(start, ParamRef) or isinstance(end, ParamRef):
            return str(self)
        first = f"{start.year}年{start.month}月{start.day}日起" if start else ""
        last_day = end - datetime.timedelta(days=1) if end else None
        last = f"至{last_day.year}年{last_day.month}月{last_day.day}日" if last_day else ""
        return first + last or "全部期间"


def _day(day: Day | None, table: ParameterTable) -> datetime.date | None:
    if isinstance(day, ParamRef):
        value = table.single(day.name)
        if not isinstance(value, datetime.date):
            raise TypeError(f"parameter {day.name} is not a date")
        return value
    return day


ALWAYS: Final = Period()


@attrs.frozen
class Document:
    """A legal instrument."""

    title: str
    title_zh: str


@attrs.frozen
class Provision:
    """An article (or item) of a document, with the Chinese wording the rules encode."""

    document: Document
    #: The article as English readers cite it: ``"Art. 9(2)"``, ``"Art. 6(4)"``.
    article: str
    text_zh: str
    #: The article as Chinese readers cite it: ``"第九条第二款"``, ``"第六条第（四）项"``.
    article_zh: str = ""


@attrs.frozen
class Citation:
    """Where a finding comes from in the law."""

    #: The legal source in English, e.g. "Administrative Measures for Telecommunications
    #: Business Operation Licensing (MIIT Order No. 42)".
    document: str
    #: Its Chinese title, e.g. "电信业务经营许可管理办法（工业和信息化部令第42号）".
    document_zh: str
    #: The article or item, e.g. "Art. 6(4)".
    article: str
    #: The Chinese wording the rule encodes.
    text_zh: str
    #: The id of the fact in the domain research that the rule encodes, e.g. "2.4".
    fact_id: str
    #: How sure that fact is.
    confidence: Confidence
    #: The article the Chinese way, e.g. "第六条第（四）项".
    article_zh: str = ""


@attrs.frozen
class Source:
    """A provision as a rule relies on it: the domain fact and how sure it is, and when."""

    provision: Provision
    fact_id: str
    confidence: Confidence
    period: Period = ALWAYS

    def citation(self) -> Citation:
        """The citation a finding carries."""
        return Citation(
            document=self.provision.document.title,
            document_zh=self.provision.document.title_zh,
            article=self.provision.article,
            text_zh=self.provision.text_zh,
            fact_id=self.fact_id,
            confidence=self.confidence,
            article_zh=self.provision.article_zh or self.provision.article,
        )
