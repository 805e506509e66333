"""The decision, derived from the licence fact and the tally of findings.

Stratified: these rules match the ``tally`` fact, asserted once all other rules have
fired (durable-rules' negation cannot say "no blocking finding" reliably). A licence is
granted only when every Art. 6 condition is met (facts 2.1-2.7).
"""

from __future__ import annotations

from typing import Final

from durable.lang import m

from ..results import Confidence
from . import sources as law
from .rulebook import Period, Provision, Rule, Source

_ALL_CONDITIONS = (
    Source(
        Provision(law.ORDER_42, "Art. 6", "经营增值电信业务，应当具备下列条件"),
        "2.1-2.7",
        Confidence.HIGH,
        Period(start=law.ORDER_42_IN_FORCE),
    ),
    Source(
        Provision(law.ORDER_5, "Art. 6", "申请经营增值电信业务的，应当符合下列条件"),
        "2.1-2.7",
        Confidence.HIGH,
        Period(end=law.ORDER_42_IN_FORCE),
    ),
)

LICENCE = m.t == "licence"
TALLY = m.t == "tally"


def _decide(status: str) -> tuple[dict[str, str]]:
    return ({"t": "decision", "status": status},)


RULES: Final = (
    Rule(
        id="DECISION-INELIGIBLE",
        summary="A licence is needed and at least one condition is not met: ineligible.",
        sources=_ALL_CONDITIONS,
        when={"lic": LICENCE, "tally": TALLY & (m.unmet > 0)},
        derive=_decide("ineligible"),
    ),
    Rule(
        id="DECISION-INCOMPLETE",
        summary="A licence is needed, no condition is known to fail, some are unknown: incomplete.",
        sources=_ALL_CONDITIONS,
        when={"lic": LICENCE, "tally": TALLY & (m.unmet == 0) & (m.unknown > 0)},
        derive=_decide("incomplete"),
    ),
    Rule(
        id="DECISION-ELIGIBLE",
        summary="A licence is needed and every condition is known to be met: eligible.",
        sources=_ALL_CONDITIONS,
        when={"lic": LICENCE, "tally": TALLY & (m.unmet == 0) & (m.unknown == 0)},
        derive=_decide("eligible"),
    ),
    Rule(
        id="DECISION-NOT-REQUIRED",
        summary="No activity is B24: no licence is required.",
        sources=(Source(law.B24_DEFINITION, "1.1", Confidence.HIGH),),
        when={"nr": m.t == "not_required", "tally": TALLY},
        derive=_decide("not_required"),
    ),
)

__all__ = ["RULES"]
