"""The decision, derived from the licence fact and the tally of findings.

Stratified: these rules match the ``tally`` fact, asserted once all other rules have
fired (the engine's negation cannot say "no blocking finding" reliably). A licence is
granted only when every Art. 6 condition is met (facts 2.1-2.7).
"""

from __future__ import annotations

from typing import Final

from . import sources as law
from .citation import Confidence, Source
from .conditions import art_6
from .facts import DECISION, LICENCE, NOT_REQUIRED, TALLY
from .language import Rule

_ALL_CONDITIONS = art_6(law.ORDER_42_ART_6, law.ORDER_5_ART_6, "2.1-2.7")

RULES: Final = (
    Rule(
        id="DECISION-INELIGIBLE",
        summary="A licence is needed and at least one condition is not met: ineligible.",
        summary_zh="需要取得许可，且至少有一项条件不符合：结论为不符合条件。",
        sources=_ALL_CONDITIONS,
        when={"licence": LICENCE, "tally": TALLY.unmet > 0},
        derive=(DECISION.make(status="ineligible"),),
    ),
    Rule(
        id="DECISION-INCOMPLETE",
        summary="A licence is needed, no condition is known to fail, some are unknown: incomplete.",
        summary_zh="需要取得许可，没有已知不符合的条件，但有条件尚不明确：结论为信息不全。",
        sources=_ALL_CONDITIONS,
        when={"licence": LICENCE, "tally": (TALLY.unmet == 0) & (TALLY.unknown > 0)},
        derive=(DECISION.make(status="incomplete"),),
    ),
    Rule(
        id="DECISION-ELIGIBLE",
        summary="A licence is needed and every condition is known to be met: eligible.",
        summary_zh="需要取得许可，且已知各项条件均符合：结论为符合条件。",
        sources=_ALL_CONDITIONS,
        when={"licence": LICENCE, "tally": (TALLY.unmet == 0) & (TALLY.unknown == 0)},
        derive=(DECISION.make(status="eligible"),),
    ),
    Rule(
        id="DECISION-NOT-REQUIRED",
        summary="No activity is B24: no licence is required.",
        summary_zh="所列业务均不属于B24：无需取得许可。",
        sources=(Source(law.B24_DEFINITION, "1.1", Confidence.HIGH),),
        when={"not_required": NOT_REQUIRED, "tally": TALLY},
        derive=(DECISION.make(status="not_required"),),
    ),
)

__all__ = ["RULES"]
