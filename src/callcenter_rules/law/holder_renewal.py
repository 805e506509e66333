"""A licence's term and its renewal: MIIT Order No. 42's renewal chapter (Art. 27 as an
agency reproduces it: the number is not verified, so the findings that rest on it are
warnings of medium confidence) and the Telecom Regulations Arts. 7(3) and 69(1) (operating
after expiry is operating without a licence).

Domain facts 3.7 and 8.1: the licence is valid 5 years; the renewal is applied for at
least 90 days before it expires (``holder.renewal_lead_days``); a late application is not
renewed, and the licence lapses at expiry; services never launched are not renewed.
"""

from __future__ import annotations

from typing import Any, Final

from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import HELD_LICENCE, HELD_SCOPE, LICENCE_TERM, REVIEW_DAY
from .holder_calendar import shown_days
from .language import FindingSpec, Law, Match, Rule

__all__ = ["RULES"]

_RENEWAL: Final = Source(law.ORDER_42_RENEWAL, "8.1", Confidence.MEDIUM)
_UNLICENSED: Final = (
    Source(law.REGULATIONS_ART_7_3, "8.1", Confidence.HIGH),
    Source(law.REGULATIONS_ART_69_1, "8.1", Confidence.HIGH),
)


def _renewal(match: Match, law_in_force: Law) -> dict[str, Any]:
    term, held = match["term"], match["held"]
    applied = held.get("renewal_applied_on")
    return {
        **shown_days(
            due=term["renewal_due"],
            window_opens=term["renewal_window_opens"],
            expires_on=term["expires_on"],
            done_on=applied,
        ),
        "done": applied is not None,
        "_lead_days": law_in_force.get("holder.renewal_lead_days"),
    }


def _expired(match: Match, _law: Law) -> dict[str, Any]:
    return dict(shown_days(expires_on=match["term"]["expires_on"]))


def _scope(match: Match, _law: Law) -> dict[str, Any]:
    return {"scope": match["scope"]["code"]}


RULES: Final = (
    Rule(
        id="HOLDER-LICENCE-EXPIRED",
        summary="A licence past its expiry day no longer licenses anything: operating on is operating without a licence, and a new application, not a renewal, is needed.",
        summary_zh="许可证有效期届满后即不再有效：继续经营即属无证经营，须重新申请许可，而非续期。",
        sources=_UNLICENSED,
        when={"term": LICENCE_TERM, "review": REVIEW_DAY.as_of > LICENCE_TERM.expires_on},
        values=_expired,
        findings=(
            FindingSpec(
                "LICENCE_EXPIRED",
                Severity.BLOCKING,
                "The licence expired on {expires_on}: operating after that day is operating without a licence (Telecom Regulations Art. 7(3); penalties under Art. 69(1): confiscation of gains and a fine of 3 to 5 times them, or CNY 100,000 to 1,000,000).",
                "许可证有效期已于{_expires_on_zh}届满：此后继续经营即属无证经营（《电信条例》第七条第三款；依第六十九条第一款没收违法所得，并处违法所得3倍以上5倍以下罚款，或者10万元以上100万元以下罚款）。",
                remediation="Stop the licensed services, or apply for a new licence: an expired licence cannot be renewed.",
                remediation_zh="请停止经营相关业务，或者重新申请许可：已届满的许可证不能续期。",
            ),
        ),
    ),
    Rule(
        id="HOLDER-RENEWAL",
        summary="A licence is renewed on an application made at least {holder.renewal_lead_days} days before it expires.",
        summary_zh="许可证续期应当在有效期届满前至少{holder.renewal_lead_days}日提出申请。",
        sources=(_RENEWAL,),
        when={"held": HELD_LICENCE, "term": LICENCE_TERM},
        values=_renewal,
        parameters=("holder.renewal_lead_days", "holder.reminder_days"),
        findings=(
            FindingSpec(
                "RENEWAL_APPLICATION",
                Severity.INFO,
                "Apply to renew the licence by {due}, at least {_lead_days} days before it expires on {expires_on} (MIIT Order No. 42, renewal chapter, Art. 27 as reproduced by an agency; the article number is not verified: medium confidence).",
                "请于{_due_zh}前申请许可证续期，即有效期（至{_expires_on_zh}）届满前至少{_lead_days}日（第42号令续期条款，据代理机构转述为第二十七条，条文序号未经核实；中等可信度）。",
                obligation=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-RENEWAL-WINDOW",
        summary="The last {holder.reminder_days} days before the renewal deadline: apply now.",
        summary_zh="续期申请截止日前{holder.reminder_days}日内：请及时申请。",
        sources=(_RENEWAL,),
        when={
            "term": LICENCE_TERM,
            "review": (REVIEW_DAY.as_of >= LICENCE_TERM.renewal_window_opens)
            & (REVIEW_DAY.as_of <= LICENCE_TERM.renewal_due),
            "held": HELD_LICENCE.renewal_applied_on.is_unknown(),
        },
        values=_renewal,
        findings=(
            FindingSpec(
                "RENEWAL_WINDOW_OPEN",
                Severity.WARNING,
                "The licence expires on {expires_on}: the renewal must be applied for by {due}, and no application is recorded. A late application is not renewed (MIIT Order No. 42, renewal chapter, as reproduced by an agency; medium confidence).",
                "许可证有效期至{_expires_on_zh}：续期申请须于{_due_zh}前提出，目前未见申请记录。逾期申请的，不予续期（第42号令续期条款，据代理机构转述；中等可信度）。",
                remediation="Apply for renewal by {due}, with proof that the licensed services were launched.",
                remediation_zh="请于{_due_zh}前提出续期申请，并附已实际开展所许可业务的证明材料。",
                evidence=("renewal_applied_on",),
            ),
        ),
    ),
    Rule(
        id="HOLDER-RENEWAL-MISSED",
        summary="A renewal not applied for {holder.renewal_lead_days} days before expiry is not granted: the licence lapses at expiry.",
        summary_zh="未在有效期届满前{holder.renewal_lead_days}日提出续期申请的，不予续期：许可证于有效期届满时失效。",
        sources=(_RENEWAL,),
        when={
            "term": LICENCE_TERM,
            "review": (REVIEW_DAY.as_of > LICENCE_TERM.renewal_due)
            & (REVIEW_DAY.as_of <= LICENCE_TERM.expires_on),
            # Not applied for, or applied for too late (`HOLDER-RENEWAL-LATE`). (Two rules:
            # the engine refuses a choice between an unknown day and a comparison of it.)
            "held": HELD_LICENCE.renewal_applied_on.is_unknown(),
        },
        values=_renewal,
        findings=(
            FindingSpec(
                "RENEWAL_DEADLINE_MISSED",
                Severity.WARNING,
                "The renewal had to be applied for by {due} and was not: a late application is not renewed, and the licence lapses on {expires_on} (MIIT Order No. 42, renewal chapter, as reproduced by an agency; the article number is not verified: medium confidence).",
                "续期申请应于{_due_zh}前提出而未提出：逾期申请的不予续期，许可证将于{_expires_on_zh}届满失效（第42号令续期条款，据代理机构转述，条文序号未经核实；中等可信度）。",
                remediation="Ask the issuing authority at once whether a late application is still accepted; otherwise prepare a new application before {expires_on}, or stop the services at expiry.",
                remediation_zh="请立即向发证机关确认是否仍受理逾期续期申请；否则请在{_expires_on_zh}前准备重新申请，或者在届满时停止经营。",
                evidence=("renewal_applied_on",),
            ),
        ),
    ),
    Rule(
        id="HOLDER-RENEWAL-LATE",
        summary="A renewal applied for later than {holder.renewal_lead_days} days before expiry is not granted: the licence lapses at expiry.",
        summary_zh="晚于有效期届满前{holder.renewal_lead_days}日提出续期申请的，不予续期：许可证于有效期届满时失效。",
        sources=(_RENEWAL,),
        when={
            "term": LICENCE_TERM,
            "review": (REVIEW_DAY.as_of > LICENCE_TERM.renewal_due)
            & (REVIEW_DAY.as_of <= LICENCE_TERM.expires_on),
            "held": HELD_LICENCE.renewal_applied_on > LICENCE_TERM.renewal_due,
        },
        values=_renewal,
        findings=(
            FindingSpec(
                "RENEWAL_DEADLINE_MISSED",
                Severity.WARNING,
                "The renewal had to be applied for by {due} and was applied for only on {done_on}: a late application is not renewed, and the licence lapses on {expires_on} (MIIT Order No. 42, renewal chapter, as reproduced by an agency; the article number is not verified: medium confidence).",
                "续期申请应于{_due_zh}前提出，实际于{_done_on_zh}方才提出：逾期申请的不予续期，许可证将于{_expires_on_zh}届满失效（第42号令续期条款，据代理机构转述，条文序号未经核实；中等可信度）。",
                remediation="Ask the issuing authority at once whether a late application is still accepted; otherwise prepare a new application before {expires_on}, or stop the services at expiry.",
                remediation_zh="请立即向发证机关确认是否仍受理逾期续期申请；否则请在{_expires_on_zh}前准备重新申请，或者在届满时停止经营。",
                evidence=("renewal_applied_on",),
            ),
        ),
    ),
    Rule(
        id="HOLDER-SERVICE-NOT-LAUNCHED",
        summary="A licensed service never launched is not renewed.",
        summary_zh="取得许可后未实际开展的业务，不予续期。",
        sources=(_RENEWAL,),
        when={"scope": HELD_SCOPE.launched.is_false()},
        values=_scope,
        findings=(
            FindingSpec(
                "SERVICE_NOT_LAUNCHED",
                Severity.WARNING,
                "The licence lists {scope}, whose service was never launched: at renewal, only services actually launched are renewed (MIIT Order No. 42, renewal chapter, as reproduced by an agency; medium confidence).",
                "许可证列明的{scope}业务尚未实际开展：续期时，仅对已实际开展的业务予以续期（第42号令续期条款，据代理机构转述；中等可信度）。",
                remediation="Launch the service before applying for renewal, or expect it to be dropped from the renewed licence.",
                remediation_zh="请在申请续期前实际开展该业务，否则续期后的许可证将不再列明该业务。",
                repeatable=True,
            ),
        ),
    ),
)
