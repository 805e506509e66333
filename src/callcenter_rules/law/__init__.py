"""The law, as rules: one module per legal source.

=====================  ===============================================================
module                 legal source
=====================  ===============================================================
``catalogue``          Catalogue of Telecommunications Services (2015): B24, B24-1/-2
``licence_type``       Telecommunications Regulations Art. 9: nationwide or regional
``licensing``          MIIT Order No. 42 Art. 6 (Order No. 5 before 2017-09-01)
``foreign_investment`` Negative lists and the foreign-invested telecom rules
``numbering``          95 / 96 access numbers
``conduct``            工信部信管〔2020〕81号
``decision``           the status, from the licence and the tally of findings
=====================  ===============================================================
"""

from __future__ import annotations

from typing import Final

from . import catalogue, conduct, decision, foreign_investment, licence_type, licensing, numbering
from .rulebook import Rule, check_rulebook

#: Every rule, in reading order.
RULES: Final[tuple[Rule, ...]] = (
    *catalogue.RULES,
    *licence_type.RULES,
    *licensing.RULES,
    *foreign_investment.RULES,
    *numbering.RULES,
    *conduct.RULES,
    *decision.RULES,
)

check_rulebook(RULES)

__all__ = ["RULES"]
