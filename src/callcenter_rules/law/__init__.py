"""The law, as declarations: one module per legal source, and the parameters as data.

=====================  ===============================================================
module                 legal source
=====================  ===============================================================
``catalogue``          Catalogue of Telecommunications Services (2015): B24, B24-1/-2
``licence_type``       Telecommunications Regulations Art. 9: nationwide or regional
``conditions``         MIIT Order No. 42 Art. 6 (Order No. 5 before 2017-09-01)
``foreign_investment`` Negative lists and the foreign-invested telecom rules
``numbering``          95 / 96 access numbers
``conduct``            工信部信管〔2020〕81号
``horizon``            the day the law was last reviewed (fact 7.1)
``decision``           the status, from the licence and the tally of findings
``materials``          Order 42 Art. 8: the application materials
=====================  ===============================================================

The language they are written in is `.language` (rules, conditions), `.citation`
(documents, provisions, sources), `.facts` (what the rules speak of) and `.parameters`
(dated thresholds and in-force days, from ``parameters/*.yaml``). Nothing here knows the
engine: `callcenter_rules.compile` turns these declarations into a ruleset.
"""

from __future__ import annotations

from typing import Final

from . import (
    catalogue,
    conditions,
    conduct,
    decision,
    foreign_investment,
    horizon,
    licence_type,
    numbering,
)
from .language import Rule, check_rulebook
from .parameters import default_table

#: Every rule, in reading order.
RULES: Final[tuple[Rule, ...]] = (
    *catalogue.RULES,
    *licence_type.RULES,
    *conditions.RULES,
    *foreign_investment.RULES,
    *numbering.RULES,
    *conduct.RULES,
    *horizon.RULES,
    *decision.RULES,
)

check_rulebook(RULES, default_table())

__all__ = ["RULES"]
