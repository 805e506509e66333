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
``holder_renewal``     a licence's term and renewal: Order 42, Telecom Regulations 7(3)
``holder_reporting``   the annual report: Order 42 Arts. 35, 38
``holder_changes``     changes and their filings: Order 42, Telecom Regulations Art. 15,
                       the numbering measures Art. 26
``holder_coverage``    the licence against the business: Telecom Regulations Arts. 7, 9
``holder_conduct``     outbound calls, numbers and lists for holders
=====================  ===============================================================

The ``holder_*`` rules match only the facts of a holder's review (``review_day``,
``held_licence`` ...), which an assessment never asserts: they run on the same engine and
fire only in `callcenter_rules.api.Engine.review`.

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
    holder_changes,
    holder_conduct,
    holder_coverage,
    holder_renewal,
    holder_reporting,
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
    *holder_renewal.RULES,
    *holder_reporting.RULES,
    *holder_changes.RULES,
    *holder_coverage.RULES,
    *holder_conduct.RULES,
)

check_rulebook(RULES, default_table())

__all__ = ["RULES"]
