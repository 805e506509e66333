"""Access numbers: 95XXX (nationwide, MIIT) and 96XXX (provincial).

Domain facts 3.4 and 3.5, both medium confidence: the findings are warnings that say so.
That a 95 number needs the cross-regional licence is decided in `.licence_type`.
"""

from __future__ import annotations

from typing import Final

from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import B24, COMPANY
from .language import FindingSpec, Rule

RULES: Final = (
    Rule(
        id="NUMBER-95",
        summary="95XXX numbers are allocated by MIIT to cross-regional licence holders (or service enterprises in at least 15 cities); 955XX is reserved for finance, airlines and logistics.",
        sources=(Source(law.NUMBERS_95, "3.4", Confidence.MEDIUM),),
        when={"b24": B24, "company": COMPANY.number_95.is_true()},
        findings=(
            FindingSpec(
                "NUMBER_95_CONDITIONS",
                Severity.WARNING,
                "A 95XXX number is allocated by MIIT and needs the cross-regional licence (or a service enterprise with business in at least 15 cities); the 955XX range is reserved for banks, insurers, securities firms, airlines and logistics (medium confidence).",
                "95XXX号码由工业和信息化部核配，需持跨地区许可（或在15个以上城市开展业务的服务企业）；955XX号段用于银行、保险、证券、航空、物流等（中等可信度）。",
                remediation="Apply for the number after the cross-regional licence is granted.",
                evidence=("number_resources",),
            ),
        ),
    ),
    Rule(
        id="NUMBER-96",
        summary="96XXX numbers are allocated by the provincial administration and go with a provincial licence.",
        sources=(Source(law.NUMBERS_96, "3.5", Confidence.MEDIUM),),
        when={"b24": B24, "company": COMPANY.number_96.is_true()},
        findings=(
            FindingSpec(
                "NUMBER_96_PROVINCIAL",
                Severity.WARNING,
                "A 96XXX number is allocated by the provincial communications administration and goes with a provincial licence, one province at a time (medium confidence).",
                "96XXX号码由省通信管理局核配，与省内许可配套，按省申请（中等可信度）。",
                remediation="Apply to each province's administration for its 96 number.",
                evidence=("number_resources", "service_provinces"),
            ),
        ),
    ),
)

__all__ = ["RULES"]
