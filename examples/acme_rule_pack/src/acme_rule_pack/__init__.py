"""ACME's house rules for call-center licence clients: an example rule pack.

ACME, a licensing agency, onboards a client only when the law's conditions are met *and*
its own onboarding policy is: at least 10 insured staff. Clients with a 95 number get a
second review. The rules are declared exactly as the law's are, and cite the policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from callcenter_rules.packs import (
    COMPANY,
    LICENCE,
    Confidence,
    Document,
    FindingSpec,
    Provision,
    Rule,
    RulePack,
    Severity,
    Source,
    capability,
    state,
)

__all__ = ["PACK", "__version__"]

#: The pack's version, recorded in every audit record (``acme==1.0.0``); raise it whenever
#: a rule or a message changes.
__version__ = "1.0.0"

#: The internal document the rules cite.
ONBOARDING_POLICY: Final = Document("ACME Onboarding Policy 2026", "ACME客户准入政策（2026年版）")
ART_3: Final = Provision(
    ONBOARDING_POLICY,
    "Art. 3",
    "本公司仅受理缴纳社会保险的员工不少于10人的客户。",
    "第三条",
)
ART_5: Final = Provision(
    ONBOARDING_POLICY,
    "Art. 5",
    "使用95号码的客户，须经合规部门复核。",
    "第五条",
)

#: ACME's minimum, counted on the profile's ``professional_staff`` (clients count only
#: staff with social insurance).
MINIMUM_INSURED_STAFF: Final = 10


def _staff(match: Mapping[str, Mapping[str, Any]], _law: Mapping[str, Any]) -> dict[str, Any]:
    """The values the staff finding's messages read: the staff count matched."""
    return {"professional_staff": match["company"]["professional_staff"]}


RULES: Final = (
    Rule(
        id="ACME-INSURED-STAFF",
        summary="ACME onboards only clients with at least 10 insured staff.",
        summary_zh="本公司仅受理缴纳社保的员工不少于10人的客户。",
        sources=(Source(ART_3, "ACME-3", Confidence.HIGH),),
        when={"licence": LICENCE, "company": COMPANY.professional_staff < MINIMUM_INSURED_STAFF},
        values=_staff,
        constants={"minimum": MINIMUM_INSURED_STAFF},
        findings=(
            FindingSpec(
                "ACME_TOO_FEW_INSURED_STAFF",
                Severity.BLOCKING,
                "{professional_staff} insured staff: ACME onboards only clients with at least "
                "{minimum} (ACME Onboarding Policy 2026, Art. 3).",
                "缴纳社保的员工{professional_staff}人：本公司仅受理不少于{minimum}人的客户"
                "（《ACME客户准入政策（2026年版）》第三条）。",
                remediation="Employ at least {minimum} staff with social insurance.",
                remediation_zh="请配备至少{minimum}名缴纳社保的员工。",
                remedies=(
                    capability(
                        "professional_staff",
                        MINIMUM_INSURED_STAFF,
                        "Employ insured staff: {proposed} (now {current}), ACME's minimum.",
                        "配备缴纳社保的员工：{proposed}人（现为{current}人），即本公司的最低要求。",
                    ),
                ),
                evidence=("professional_staff",),
            ),
        ),
    ),
    Rule(
        id="ACME-INSURED-STAFF-UNKNOWN",
        summary="Unknown evidence for: ACME onboards only clients with at least 10 insured staff.",
        summary_zh="证据未知：本公司仅受理缴纳社保的员工不少于10人的客户。",
        sources=(Source(ART_3, "ACME-3", Confidence.HIGH),),
        when={"licence": LICENCE, "company": COMPANY.professional_staff.is_unknown()},
        constants={"minimum": MINIMUM_INSURED_STAFF},
        findings=(
            FindingSpec(
                "ACME_INSURED_STAFF_UNKNOWN",
                Severity.WARNING,
                "The number of insured staff is unknown; ACME onboards only clients with at "
                "least {minimum}.",
                "缴纳社保的员工人数未知；本公司仅受理不少于{minimum}人的客户。",
                remediation="Provide professional_staff, counting only insured staff.",
                remediation_zh="请提供 professional_staff（仅计缴纳社保的员工）。",
                remedies=(
                    state(
                        "professional_staff",
                        MINIMUM_INSURED_STAFF,
                        "State the number of insured staff: {proposed} or more.",
                        "说明缴纳社保的员工人数：{proposed}人或以上。",
                    ),
                ),
                evidence=("professional_staff",),
            ),
        ),
    ),
    Rule(
        id="ACME-95-REVIEW",
        summary="ACME gives clients with a 95 number a second review.",
        summary_zh="使用95号码的客户，须经本公司合规部门复核。",
        sources=(Source(ART_5, "ACME-5", Confidence.HIGH),),
        when={"licence": LICENCE, "company": COMPANY.number_95.is_true()},
        findings=(
            FindingSpec(
                "ACME_95_NUMBER_REVIEW",
                Severity.INFO,
                "The client has a 95 number: ACME's compliance team reviews the file a second "
                "time before onboarding.",
                "客户使用95号码：受理前须经本公司合规部门再次复核。",
                evidence=("number_resources",),
            ),
        ),
    ),
)

#: The pack, as the entry point ``acme = "acme_rule_pack:PACK"`` names it.
PACK: Final = RulePack(
    name="acme",
    version=__version__,
    rules=RULES,
    description="ACME Onboarding Policy 2026: 10 insured staff; 95 numbers reviewed twice.",
)
