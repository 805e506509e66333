"""No finding contradicts another in the same assessment: a block beside a finding that
lifts or questions it, two authorities, a capital shortfall beside the pilot minimum that
replaces it."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import Engine
from callcenter_rules.testing import cases

#: Findings that say the foreign-equity cap does not reach the company, or that whether it
#: does is still to be known: none stands beside a block for equity over the cap.
CAP_LIFTED_OR_OPEN = frozenset(
    {
        "FOREIGN_CAP_EXEMPT",
        "FOREIGN_CAP_FREE_TRADE_ZONE",
        "FOREIGN_CAP_ZONE_UNCERTAIN",
        "FOREIGN_CAP_SHANGHAI_FTZ_PILOT",
        "SHANGHAI_FTZ_AREA_UNKNOWN",
        "FOREIGN_CAP_OFFSHORE_PILOT",
        "FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN",
        "FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN",
        "FOREIGN_CAP_CEPA_OFFSHORE",
        "FOREIGN_INVESTOR_ORIGIN_UNKNOWN",
        "FOREIGN_CAP_CEPA_MACAU_UNKNOWN",
    }
)
MIIT = "Ministry of Industry and Information Technology (MIIT)"


#: Foreign-invested companies, drawn as often as the whole population.
FOREIGN = cases(foreign_equity_percent=st.sampled_from(["0.01", "50", "50.01", "75", "100"]))


@given(case=FOREIGN | cases())
def test_no_finding_contradicts_another(
    engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    codes = set(result.codes)
    if "FOREIGN_EQUITY_OVER_CAP" in codes:
        assert not codes & CAP_LIFTED_OR_OPEN, sorted(codes)
    # One licence: the licence findings name the licence type the result has.
    if "NOT_REQUIRED" in codes:
        assert not codes & {"LICENSE_REGIONAL", "LICENSE_NATIONWIDE"}, sorted(codes)
    assert not {"LICENSE_REGIONAL", "LICENSE_NATIONWIDE"} <= codes, sorted(codes)
    # One authority: each finding that names who licenses names the result's authority.
    if "FOREIGN_INVESTED_AUTHORITY_MIIT" in codes:
        assert result.authority == MIIT
    if "FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ" in codes:
        assert result.authority == "Shanghai Communications Administration"
    if "FOREIGN_INVESTED_AUTHORITY_OFFSHORE_PILOT" in codes:
        province = result.profile.registered_province.name_en
        assert result.authority == f"{province} Communications Administration"
    assert (
        not {
            "FOREIGN_INVESTED_AUTHORITY_MIIT",
            "FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ",
        }
        <= codes
    )
    assert (
        not {
            "FOREIGN_INVESTED_AUTHORITY_MIIT",
            "FOREIGN_INVESTED_AUTHORITY_OFFSHORE_PILOT",
        }
        <= codes
    )
    # The Shanghai pilot's minimum replaces the cross-regional one; it is met or not.
    assert not {"CAPITAL_BELOW_MINIMUM", "SHANGHAI_FTZ_PILOT_CAPITAL"} <= codes
