"""The peers: the same core decision in other rule engines, timed beside assess(). Run by hand,
never as a timed test; needs the optional extra ``bench`` (``pip install -e '.[bench]'``).

    python benchmarks/peers.py                    # 2,000 corpus profiles, best of 3 passes
    python benchmarks/peers.py --size 500 --json peers.json

The core decision is the licence's business scopes, its type, the blocking and the unknown
findings (their codes, as a multiset) and the status. The law is the one this library states;
the reference is the plain-Python oracle, ``callcenter_rules.testing.decide``, and each peer
below mirrors it rule by rule:

* CLIPS (clipspy): templates, one ``defrule`` per condition of the oracle, derived facts for
  what several rules read (B24, licence type, the foreign-equity cap), salience only to let
  derived facts settle before a rule tests their absence. One call into CLIPS per profile
  (a deffunction that resets, asserts the profile, runs and returns the result as a
  multifield), so no ``Fact`` object reaches Python: clipspy 1.0.6 leaks each one it hands
  back (``Fact.__del__`` calls the C release with the wrong arity).
* GoRules zen (zen-engine): a decision graph, compiled once, of an expression node deriving
  what several rules read, a decision table (hit policy "collect") with one row per rule,
  and an expression node deciding the status. The binding costs about 100 µs per
  ``evaluate()`` call whatever the graph.
* OPA Rego (regopy): one Rego module, compiled once; each profile is set as the input and
  ``data.peers.decision`` queried.

Every peer validates its input through ``Profile.from_dict``, as ``assess()`` does. (The
check that a free-trade zone existed on the day assessed is left out: the corpus never
breaks it.) experta is not included: its pinned dependency frozendict 1.2 does not import on
Python 3.10 and later.

First every peer's decision is compared with the oracle's on every profile of the corpus
and on ``--extra`` profiles of two foreign-investment classes the corpus seldom draws (and so
is ``assess()``'s); any disagreement is printed and the run exits with status 1.
Then each is timed side by side in one process: each round times every engine over the
whole corpus in turn, and each profile's best of ``--rounds`` rounds counts. Prints a
Markdown table (median, p99, ratio to ``assess()``) with the machine's load average;
``--json FILE`` writes the figures.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from plans import draw  # noqa: E402 (the benchmarks' own draws)
from run import corpus, machine  # noqa: E402 (the benchmarks' own corpus, cached on disk)

from callcenter_rules import Profile  # noqa: E402

Case = tuple[dict[str, Any], datetime.date]
#: The core decision: status, licence type, business scopes, and the codes of the blocking
#: and the unknown findings, sorted (a code appears once per finding).
Decision = tuple[str, str | None, frozenset[str], tuple[str, ...]]

#: The blocking findings (an unknown finding is one whose code ends in ``_UNKNOWN``).
BLOCKING = frozenset(
    {
        "TELEMARKETING_PROHIBITED", "PLATFORM_OUTSIDE_MAINLAND", "NOT_A_COMPANY",
        "CAPITAL_BELOW_MINIMUM", "NO_PROFESSIONAL_STAFF", "NO_PREMISES_OR_FACILITIES",
        "NO_TECHNICAL_PLAN", "NO_LONG_TERM_SERVICE", "ON_DISHONESTY_LIST", "RECENT_VIOLATION",
        "FALSE_MATERIALS_BAR", "FOREIGN_EQUITY_OVER_CAP", "FOREIGN_INVESTOR_NO_TRACK_RECORD",
    }
)  # fmt: skip


def core(codes: Iterable[str]) -> tuple[str, ...]:
    """The blocking and unknown codes among ``codes``, sorted."""
    return tuple(sorted(c for c in codes if c in BLOCKING or c.endswith("_UNKNOWN")))


def _ymd(day: datetime.date) -> int:
    """A day as the number YYYYMMDD, which compares as the days do."""
    return day.year * 10000 + day.month * 100 + day.day


def record(
    profile: dict[str, Any], as_of: datetime.date, in_house_is_b24: bool = False
) -> dict[str, Any]:
    """The profile, validated as ``assess()`` validates it, as the flat record every peer
    reads: codes as strings, days as YYYYMMDD numbers, amounts as floats, None for unknown."""
    p = Profile.from_dict(profile)
    zone, city, origin = p.registered_zone, p.registered_city, p.foreign_investor_origin
    return {
        "as_of": _ymd(as_of),
        "acts": [a.value for a in p.activities],
        "numbers": [n.value for n in p.number_resources],
        "users": [m.value for m in p.end_users],
        "clients": [m.value for m in p.clients],
        "platform": p.platform_location.value,
        "home": p.registered_province.value,
        "served": [s.value for s in p.service_provinces],
        "zone": None if zone is None else zone.value,
        "city": None if city is None else city.value,
        "origin": None if origin is None else origin.value,
        "kind": p.entity_type.value,
        "capital": float(p.registered_capital_cny),
        "equity": float(p.foreign_equity_percent),
        "staff": p.professional_staff,
        "premises": p.has_premises_and_facilities,
        "plan": p.has_technical_plan,
        "long_term": p.long_term_service_capability,
        "dishonesty": p.on_dishonesty_list,
        "violations": None if p.violations is None else [_ymd(v.date) for v in p.violations],
        "refused": None
        if p.false_materials_refused_on is None
        else _ymd(p.false_materials_refused_on),
        "track_record": p.foreign_investor_track_record,
        "in_house_b24": in_house_is_b24,
    }


# ---------------------------------------------------------------- the law's lists, once

_B24 = [
    # Facts 1.1, 1.2: on behalf of client units, or renting out systems and seats.
    "inbound_customer_service", "outbound_calling", "seat_rental", "system_rental",
    # Facts 1.1, 5.1: marketing calls, B24 by a reading of the catalogue.
    "telemarketing",
    # Fact 1.7: classed as B24 by agencies.
    "cloud_call_center", "agent_outsourcing", "system_equipment_outsourcing",
]  # fmt: skip
_COMPANIES = ["limited_liability_company", "joint_stock_company"]
# Fact 4.8: the 21 cities of the offshore pilot; the 10 named in 2016; CEPA's two.
_PILOT_CITIES = [
    "beijing", "tianjin", "shanghai", "chongqing", "dalian", "shenzhen", "guangzhou", "wuhan",
    "harbin", "chengdu", "nanjing", "xian", "jinan", "hangzhou", "hefei", "nanchang",
    "changsha", "daqing", "suzhou", "wuxi", "xiamen",
]  # fmt: skip
_CITIES_OF_2016 = [
    "shenyang", "changchun", "nantong", "zhenjiang", "ningbo", "fuzhou", "qingdao",
    "zhengzhou", "nanning", "urumqi",
]  # fmt: skip
_CEPA_CITIES = ["dongguan", "zhuhai"]
_MUNICIPALITIES = {
    "110000": "beijing",
    "120000": "tianjin",
    "310000": "shanghai",
    "500000": "chongqing",
}
# The provinces in which the law names a city (a company elsewhere is in "another city").
_PROVINCES_WITH_CITIES = sorted(
    {
        "110000", "120000", "310000", "500000", "210000", "440000", "420000", "230000",
        "510000", "320000", "610000", "370000", "330000", "340000", "360000", "430000",
        "350000", "220000", "410000", "450000", "650000",
    }
)  # fmt: skip


def _clips_list(items: Iterable[str]) -> str:
    return " ".join(f'"{item}"' for item in items)


def _zen_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(f"'{item}'" for item in items) + "]"


# ---------------------------------------------------------------- CLIPS

_CLIPS_SETUP = f"""
(deftemplate profile
  (slot as-of) (multislot acts) (multislot numbers) (multislot users) (multislot clients)
  (slot platform) (slot home) (multislot served) (slot zone) (slot city) (slot origin)
  (slot kind) (slot capital) (slot equity) (slot staff) (slot premises) (slot plan)
  (slot long-term) (slot dishonesty) (slot violations-known) (multislot violations)
  (slot refused) (slot track-record) (slot in-house-b24))
(deftemplate finding (slot code) (slot blocking) (slot n (default 0)))
(deftemplate status (slot value))
(deftemplate licence (slot value))
(deftemplate scope (slot value))
(deftemplate group (slot value))

(defglobal
  ?*b24* = (create$ {_clips_list(_B24)})
  ?*companies* = (create$ {_clips_list(_COMPANIES)})
  ?*pilot-cities* = (create$ {_clips_list(_PILOT_CITIES)})
  ?*cities-of-2016* = (create$ {_clips_list(_CITIES_OF_2016)})
  ?*cepa-cities* = (create$ {_clips_list(_CEPA_CITIES)})
  ?*provinces-with-cities* = (create$ {_clips_list(_PROVINCES_WITH_CITIES)}))

(deffunction any-of (?items ?set)
  (foreach ?item ?items (if (member$ ?item ?set) then (return TRUE)))
  FALSE)

(deffunction city-of (?city ?home)
  (if (neq ?city nil) then (return ?city))
  (switch ?home
    {" ".join(f'(case "{code}" then "{city}")' for code, city in _MUNICIPALITIES.items())}
    (default (if (member$ ?home ?*provinces-with-cities*) then nil else "other"))))

(deffunction group-of (?city)
  (if (member$ ?city ?*pilot-cities*) then offshore-pilot
   else (if (member$ ?city ?*cities-of-2016*) then later
   else (if (member$ ?city ?*cepa-cities*) then cepa
   else ?city))))
"""

# Salience: 20 for the derived facts, 0 for the findings, -5 for the cap (read after every
# exception from it), -10 for the status.
_CLIPS_RULES = """
; Catalogue (facts 1.1-1.9) and numbers (3.4).
(defrule b24 (declare (salience 20))
  (profile (acts $?acts) (numbers $?numbers) (in-house-b24 ?in-house))
  (test (or (any-of ?acts ?*b24*) (and ?in-house (member$ "in_house_hotline" ?acts))
            (member$ "95" ?numbers)))
  => (assert (b24)))
(defrule not-required (declare (salience -10))
  (profile) (not (b24))
  => (assert (status (value not_required))))

; Conduct (fact 5.1).
(defrule telemarketing-prohibited
  (profile (as-of ?d&:(>= ?d 20200618)) (acts $? "telemarketing" $?))
  => (assert (finding (code TELEMARKETING_PROHIBITED) (blocking TRUE))))

; Scopes and platform (facts 1.3-1.6, 5.2).
(defrule scope-domestic (b24) (profile (users $? "domestic" $?))
  => (assert (scope (value B24-1))))
(defrule scope-offshore (b24) (profile (users $? "overseas" $?))
  => (assert (scope (value B24-2))))
(defrule offshore-only (declare (salience 20))
  (profile (users $?users&:(not (member$ "domestic" ?users)))
           (clients $?clients&:(not (member$ "domestic" ?clients))))
  => (assert (offshore-only)))
(defrule platform-outside-mainland (b24) (profile (platform "overseas"))
  => (assert (finding (code PLATFORM_OUTSIDE_MAINLAND) (blocking TRUE))))

; Which licence (facts 3.1-3.5).
(defrule licence-nationwide (declare (salience 20))
  (b24) (profile (served $?served) (numbers $?numbers))
  (test (or (>= (length$ ?served) 2) (member$ "95" ?numbers)))
  => (assert (licence (value nationwide))))
(defrule licence-regional (declare (salience 20))
  (b24) (profile (served $?served) (numbers $?numbers))
  (test (and (< (length$ ?served) 2) (not (member$ "95" ?numbers))))
  => (assert (licence (value regional))))

; Who may hold it (facts 2.1-2.6, 5.3).
(defrule entity-type-unknown (b24) (profile (kind "other"))
  => (assert (finding (code ENTITY_TYPE_UNKNOWN) (blocking FALSE))))
(defrule not-a-company (b24)
  (profile (kind ?kind&~"other"&:(not (member$ ?kind ?*companies*))))
  => (assert (finding (code NOT_A_COMPANY) (blocking TRUE))))
(defrule shanghai-pilot (declare (salience 20))
  (profile (as-of ?d&:(and (>= ?d 20140106) (< ?d 20180730))) (zone "shanghai_ftz_original"))
  => (assert (shanghai-pilot)))
(defrule capital-below-regional
  (licence (value regional)) (profile (capital ?c&:(< ?c 1000000)))
  => (assert (finding (code CAPITAL_BELOW_MINIMUM) (blocking TRUE))))
(defrule capital-below-nationwide
  (licence (value nationwide)) (profile (capital ?c&:(< ?c 10000000)) (equity ?e))
  (not (and (shanghai-pilot) (test (> ?e 0))))
  => (assert (finding (code CAPITAL_BELOW_MINIMUM) (blocking TRUE))))
(defrule capital-below-shanghai-pilot
  (licence (value nationwide)) (shanghai-pilot)
  (profile (capital ?c&:(< ?c 1000000)) (equity ?e&:(> ?e 0)))
  => (assert (finding (code CAPITAL_BELOW_MINIMUM) (blocking TRUE))))
(defrule professional-staff-unknown (b24) (profile (staff nil))
  => (assert (finding (code PROFESSIONAL_STAFF_UNKNOWN) (blocking FALSE))))
(defrule no-professional-staff (b24) (profile (staff 0))
  => (assert (finding (code NO_PROFESSIONAL_STAFF) (blocking TRUE))))
(defrule premises-unknown (b24) (profile (premises nil))
  => (assert (finding (code PREMISES_OR_FACILITIES_UNKNOWN) (blocking FALSE))))
(defrule no-premises (b24) (profile (premises FALSE))
  => (assert (finding (code NO_PREMISES_OR_FACILITIES) (blocking TRUE))))
(defrule technical-plan-unknown (b24) (profile (plan nil))
  => (assert (finding (code TECHNICAL_PLAN_UNKNOWN) (blocking FALSE))))
(defrule no-technical-plan (b24) (profile (plan FALSE))
  => (assert (finding (code NO_TECHNICAL_PLAN) (blocking TRUE))))
(defrule long-term-service-unknown (b24) (profile (long-term nil))
  => (assert (finding (code LONG_TERM_SERVICE_UNKNOWN) (blocking FALSE))))
(defrule no-long-term-service (b24) (profile (long-term FALSE))
  => (assert (finding (code NO_LONG_TERM_SERVICE) (blocking TRUE))))
(defrule dishonesty-list-unknown (b24) (profile (as-of ?d&:(>= ?d 20170901)) (dishonesty nil))
  => (assert (finding (code DISHONESTY_LIST_UNKNOWN) (blocking FALSE))))
(defrule on-dishonesty-list (b24) (profile (as-of ?d&:(>= ?d 20170901)) (dishonesty TRUE))
  => (assert (finding (code ON_DISHONESTY_LIST) (blocking TRUE))))
(defrule violation-record-unknown (b24)
  (profile (as-of ?d&:(< ?d 20170901)) (violations-known FALSE))
  => (assert (finding (code VIOLATION_RECORD_UNKNOWN) (blocking FALSE))))
(defrule recent-violation (b24)
  (profile (as-of ?d&:(< ?d 20170901)) (violations $?days))
  =>
  ; Three years back; from 29 February, the 28th.
  (bind ?start (- ?d (if (= (mod ?d 10000) 229) then 30001 else 30000)))
  (foreach ?day ?days
    (if (and (<= ?start ?day) (<= ?day ?d))
     then (assert (finding (code RECENT_VIOLATION) (blocking TRUE) (n ?day-index))))))
(defrule false-materials-bar (b24)
  (profile (as-of ?d) (refused ?r&~nil&:(and (<= ?r ?d) (< ?d (+ ?r 10000)))))
  => (assert (finding (code FALSE_MATERIALS_BAR) (blocking TRUE))))

; Foreign investment: the cap and the places it was lifted (facts 4.1-4.3, 4.5-4.9).
(defrule city-group (declare (salience 20))
  (profile (city ?city) (home ?home))
  => (assert (group (value (group-of (city-of ?city ?home))))))
(defrule in-pilot-city (declare (salience 20))
  (offshore-only) (group (value offshore-pilot))
  => (assert (in-pilot-city)))
(defrule cap-reaches (declare (salience 20))
  (b24)
  (profile (equity ?e&:(> ?e 50)) (as-of ?d&:(< ?d 20190730)) (zone ?z))
  (test (or (< ?d 20180730) (eq ?z nil) (eq ?z "beijing_services_pilot") (eq ?z "shenzhen")
            (and (eq ?z "hainan_free_trade_port") (< ?d 20181016))))
  => (assert (cap-reaches)))
(defrule cap-shanghai-ftz-pilot (cap-reaches) (shanghai-pilot)
  => (assert (cap-lifted)))
(defrule shanghai-ftz-area-unknown (cap-reaches)
  (profile (as-of ?d&:(< ?d 20180730)) (home "310000")
           (zone "free_trade_zone"|"shanghai_pudong_lingang"))
  (not (offshore-only))
  => (assert (cap-lifted) (finding (code SHANGHAI_FTZ_AREA_UNKNOWN) (blocking FALSE))))
(defrule cap-offshore-pilot (cap-reaches) (in-pilot-city)
  => (assert (cap-lifted)))
(defrule offshore-city-unknown (cap-reaches) (offshore-only) (group (value nil))
  => (assert (cap-lifted) (finding (code FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN) (blocking FALSE))))
(defrule offshore-pilot-extent-unknown (cap-reaches) (offshore-only) (group (value later))
  (profile (as-of ?d&:(>= ?d 20160505)))
  => (assert (cap-lifted)
             (finding (code FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN) (blocking FALSE))))
(defrule cepa-offshore (cap-reaches) (offshore-only) (group (value cepa))
  (profile (origin "hong_kong"))
  => (assert (cap-lifted)))
(defrule cepa-macau-unknown (cap-reaches) (offshore-only) (group (value cepa))
  (profile (origin "macau"))
  => (assert (cap-lifted) (finding (code FOREIGN_CAP_CEPA_MACAU_UNKNOWN) (blocking FALSE))))
(defrule investor-origin-unknown (cap-reaches) (offshore-only) (group (value cepa))
  (profile (origin nil))
  => (assert (cap-lifted) (finding (code FOREIGN_INVESTOR_ORIGIN_UNKNOWN) (blocking FALSE))))
(defrule foreign-equity-over-cap (declare (salience -5))
  (cap-reaches) (not (cap-lifted))
  => (assert (finding (code FOREIGN_EQUITY_OVER_CAP) (blocking TRUE))))

; Foreign investment: the foreign-invested telecom rules (fact 4.4).
(defrule track-record-unknown (b24)
  (profile (equity ?e&:(> ?e 0)) (as-of ?d&:(< ?d 20220501)) (track-record nil))
  => (assert (finding (code FOREIGN_INVESTOR_TRACK_RECORD_UNKNOWN) (blocking FALSE))))
(defrule no-track-record (b24)
  (profile (equity ?e&:(> ?e 0)) (as-of ?d&:(< ?d 20220501)) (track-record FALSE))
  => (assert (finding (code FOREIGN_INVESTOR_NO_TRACK_RECORD) (blocking TRUE))))

; The status.
(defrule ineligible (declare (salience -10))
  (b24) (exists (finding (blocking TRUE)))
  => (assert (status (value ineligible))))
(defrule incomplete (declare (salience -10))
  (b24) (not (finding (blocking TRUE))) (exists (finding (blocking FALSE)))
  => (assert (status (value incomplete))))
(defrule eligible (declare (salience -10))
  (b24) (not (finding))
  => (assert (status (value eligible))))
"""

_CLIPS_DECIDE = """
(deffunction result ()
  (bind ?status nil) (bind ?licence nil) (bind ?scopes (create$)) (bind ?codes (create$))
  (do-for-fact ((?f status)) TRUE (bind ?status ?f:value))
  (do-for-fact ((?f licence)) TRUE (bind ?licence ?f:value))
  (do-for-all-facts ((?f scope)) TRUE (bind ?scopes (create$ ?scopes ?f:value)))
  (do-for-all-facts ((?f finding)) TRUE (bind ?codes (create$ ?codes ?f:code)))
  (create$ ?status ?licence (length$ ?scopes) ?scopes ?codes))

(deffunction decide (?as-of ?acts ?numbers ?users ?clients ?platform ?home ?served ?zone
                     ?city ?origin ?kind ?capital ?equity ?staff ?premises ?plan ?long-term
                     ?dishonesty ?violations-known ?violations ?refused ?track-record
                     ?in-house-b24)
  (reset)
  (assert (profile (as-of ?as-of) (acts ?acts) (numbers ?numbers) (users ?users)
                   (clients ?clients) (platform ?platform) (home ?home) (served ?served)
                   (zone ?zone) (city ?city) (origin ?origin) (kind ?kind)
                   (capital ?capital) (equity ?equity) (staff ?staff) (premises ?premises)
                   (plan ?plan) (long-term ?long-term) (dishonesty ?dishonesty)
                   (violations-known ?violations-known) (violations ?violations)
                   (refused ?refused) (track-record ?track-record)
                   (in-house-b24 ?in-house-b24)))
  (run)
  (result))
"""


class ClipsPeer:
    """The core decision in CLIPS."""

    name = "CLIPS (clipspy, C)"

    def __init__(self) -> None:
        import clips

        self._env = clips.Environment()
        for source in (_CLIPS_SETUP, _CLIPS_RULES, _CLIPS_DECIDE):
            for construct in _constructs(source):
                self._env.build(construct)
        self._decide = self._env.find_function("decide")

    def __call__(self, profile: dict[str, Any], as_of: datetime.date) -> Decision:
        r = record(profile, as_of)
        violations = r["violations"]
        out = self._decide(
            r["as_of"], r["acts"], r["numbers"], r["users"], r["clients"], r["platform"],
            r["home"], r["served"], r["zone"], r["city"], r["origin"], r["kind"],
            r["capital"], r["equity"], r["staff"], r["premises"], r["plan"], r["long_term"],
            r["dishonesty"], violations is not None, violations or [], r["refused"],
            r["track_record"], r["in_house_b24"],
        )  # fmt: skip
        scopes = int(out[2])
        licence = None if out[1] == "nil" else str(out[1])
        return (
            str(out[0]),
            licence,
            frozenset(map(str, out[3 : 3 + scopes])),
            core(map(str, out[3 + scopes :])),
        )


def _constructs(source: str) -> list[str]:
    """The top-level constructs of a CLIPS source, one string each (comments dropped)."""
    text = "\n".join(line.split(";", 1)[0] for line in source.splitlines())
    found, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                found.append(text[start : index + 1])
    return found


# ---------------------------------------------------------------- GoRules zen


def _zen_graph() -> dict[str, Any]:
    pilot, later, cepa = (
        _zen_list(_PILOT_CITIES),
        _zen_list(_CITIES_OF_2016),
        _zen_list(_CEPA_CITIES),
    )
    municipal = " : ".join(f"home == '{code}' ? '{city}'" for code, city in _MUNICIPALITIES.items())
    derive = [
        # Catalogue (facts 1.1-1.9) and numbers (3.4).
        ("b24", f"some(acts, # in {_zen_list(_B24)}) or (in_house_b24 and 'in_house_hotline' in acts) or '95' in numbers"),
        ("offshore_only", "not ('domestic' in users) and not ('domestic' in clients)"),
        # Which licence (facts 3.1-3.5).
        ("licence", "$.b24 ? (len(served) >= 2 or '95' in numbers ? 'nationwide' : 'regional') : null"),
        ("shanghai_pilot", "as_of >= 20140106 and as_of < 20180730 and zone == 'shanghai_ftz_original'"),
        # The city the law names, and its group (fact 4.8).
        ("city_named", f"city != null ? city : {municipal} : home in {_zen_list(_PROVINCES_WITH_CITIES)} ? null : 'other'"),
        ("group", f"$.city_named in {pilot} ? 'offshore_pilot' : $.city_named in {later} ? 'later' : $.city_named in {cepa} ? 'cepa' : $.city_named"),
        ("in_pilot_city", "$.offshore_only and $.group == 'offshore_pilot'"),
        # The cap, and the exceptions from it (facts 4.1-4.3, 4.5-4.9).
        ("cap_reaches", "$.b24 and equity > 50 and as_of < 20190730 and (as_of < 20180730 or zone in [null, 'beijing_services_pilot', 'shenzhen'] or (zone == 'hainan_free_trade_port' and as_of < 20181016))"),
        ("area_unknown", "$.cap_reaches and as_of < 20180730 and home == '310000' and zone in ['free_trade_zone', 'shanghai_pudong_lingang'] and not $.offshore_only"),
        ("city_unknown", "$.cap_reaches and $.offshore_only and $.group == null"),
        ("extent_unknown", "$.cap_reaches and $.offshore_only and $.group == 'later' and as_of >= 20160505"),
        ("cepa_offshore", "$.cap_reaches and $.offshore_only and $.group == 'cepa'"),
        ("cap_lifted", "$.shanghai_pilot or $.area_unknown or $.in_pilot_city or $.city_unknown or $.extent_unknown or ($.cepa_offshore and origin in ['hong_kong', 'macau', null])"),
        # Three years back; from 29 February, the 28th.
        ("window_start", "as_of - (as_of % 10000 == 229 ? 30001 : 30000)"),
    ]  # fmt: skip
    # One row per rule: (condition, code, blocking, how many).
    rows = [
        ("as_of >= 20200618 and 'telemarketing' in acts", "TELEMARKETING_PROHIBITED", True, "1"),
        ("platform == 'overseas'", "PLATFORM_OUTSIDE_MAINLAND", True, "1"),
        ("kind == 'other'", "ENTITY_TYPE_UNKNOWN", False, "1"),
        (f"kind != 'other' and not (kind in {_zen_list(_COMPANIES)})", "NOT_A_COMPANY", True, "1"),
        ("licence == 'regional' and capital < 1000000", "CAPITAL_BELOW_MINIMUM", True, "1"),
        ("licence == 'nationwide' and capital < 10000000 and not (shanghai_pilot and equity > 0 and capital >= 1000000)", "CAPITAL_BELOW_MINIMUM", True, "1"),
        ("staff == null", "PROFESSIONAL_STAFF_UNKNOWN", False, "1"),
        ("staff == 0", "NO_PROFESSIONAL_STAFF", True, "1"),
        ("premises == null", "PREMISES_OR_FACILITIES_UNKNOWN", False, "1"),
        ("premises == false", "NO_PREMISES_OR_FACILITIES", True, "1"),
        ("plan == null", "TECHNICAL_PLAN_UNKNOWN", False, "1"),
        ("plan == false", "NO_TECHNICAL_PLAN", True, "1"),
        ("long_term == null", "LONG_TERM_SERVICE_UNKNOWN", False, "1"),
        ("long_term == false", "NO_LONG_TERM_SERVICE", True, "1"),
        ("as_of >= 20170901 and dishonesty == null", "DISHONESTY_LIST_UNKNOWN", False, "1"),
        ("as_of >= 20170901 and dishonesty == true", "ON_DISHONESTY_LIST", True, "1"),
        ("as_of < 20170901 and violations == null", "VIOLATION_RECORD_UNKNOWN", False, "1"),
        ("as_of < 20170901 and violations != null and some(violations, # >= window_start and # <= as_of)", "RECENT_VIOLATION", True, "count(violations, # >= window_start and # <= as_of)"),
        ("refused != null and refused <= as_of and as_of < refused + 10000", "FALSE_MATERIALS_BAR", True, "1"),
        ("area_unknown", "SHANGHAI_FTZ_AREA_UNKNOWN", False, "1"),
        ("city_unknown", "FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN", False, "1"),
        ("extent_unknown", "FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN", False, "1"),
        ("cepa_offshore and origin == 'macau'", "FOREIGN_CAP_CEPA_MACAU_UNKNOWN", False, "1"),
        ("cepa_offshore and origin == null", "FOREIGN_INVESTOR_ORIGIN_UNKNOWN", False, "1"),
        ("cap_reaches and not cap_lifted", "FOREIGN_EQUITY_OVER_CAP", True, "1"),
        ("equity > 0 and as_of < 20220501 and track_record == null", "FOREIGN_INVESTOR_TRACK_RECORD_UNKNOWN", False, "1"),
        ("equity > 0 and as_of < 20220501 and track_record == false", "FOREIGN_INVESTOR_NO_TRACK_RECORD", True, "1"),
    ]  # fmt: skip
    decision = [
        ("status", "not b24 ? 'not_required' : some(findings, #.blocking) ? 'ineligible' : len(findings) > 0 ? 'incomplete' : 'eligible'"),
        ("licence", "licence"),
        ("scopes", "b24 ? map(filter(users, # in ['domestic', 'overseas']), # == 'domestic' ? 'B24-1' : 'B24-2') : []"),
        ("findings", "findings"),
    ]  # fmt: skip
    at = {"x": 0, "y": 0}

    def expressions(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"id": key, "key": key, "value": value} for key, value in pairs]

    nodes = [
        {"id": "input", "name": "input", "type": "inputNode", "position": at},
        {"id": "derive", "name": "derive", "type": "expressionNode", "position": at,
         "content": {"passThrough": True, "expressions": expressions(derive)}},
        {"id": "findings", "name": "findings", "type": "decisionTableNode", "position": at,
         "content": {
             "hitPolicy": "collect", "passThrough": True, "outputPath": "findings",
             "inputs": [{"id": "b24", "name": "B24", "field": "b24"},
                        {"id": "when", "name": "when", "field": ""}],
             "outputs": [{"id": "code", "name": "code", "field": "code"},
                         {"id": "blocking", "name": "blocking", "field": "blocking"},
                         {"id": "n", "name": "n", "field": "n"}],
             "rules": [
                 {"_id": f"r{i}", "b24": "true", "when": when, "code": f"'{code}'",
                  "blocking": "true" if blocking else "false", "n": n}
                 for i, (when, code, blocking, n) in enumerate(rows)
             ],
         }},
        {"id": "decision", "name": "decision", "type": "expressionNode", "position": at,
         "content": {"expressions": expressions(decision)}},
        {"id": "output", "name": "output", "type": "outputNode", "position": at},
    ]  # fmt: skip
    order = ["input", "derive", "findings", "decision", "output"]
    edges = [
        {"id": f"e{i}", "sourceId": a, "targetId": b, "type": "edge"}
        for i, (a, b) in enumerate(itertools.pairwise(order))
    ]
    return {"nodes": nodes, "edges": edges}


class ZenPeer:
    """The core decision as a GoRules decision graph."""

    name = "GoRules zen (zen-engine, Rust)"

    def __init__(self) -> None:
        import zen

        self._decision = zen.ZenEngine().create_decision(
            zen.ZenDecisionContent(json.dumps(_zen_graph()))
        )

    def __call__(self, profile: dict[str, Any], as_of: datetime.date) -> Decision:
        out = self._decision.evaluate(record(profile, as_of))["result"]
        codes = [f["code"] for f in out["findings"] for _ in range(int(f["n"]))]
        return out["status"], out.get("licence"), frozenset(out["scopes"]), core(codes)


# ---------------------------------------------------------------- OPA Rego

_REGO = f"""
package peers

import rego.v1

b24_activities := {json.dumps(_B24)}
companies := {json.dumps(_COMPANIES)}
pilot_cities := {json.dumps(_PILOT_CITIES)}
cities_of_2016 := {json.dumps(_CITIES_OF_2016)}
cepa_cities := {json.dumps(_CEPA_CITIES)}
municipalities := {json.dumps(_MUNICIPALITIES)}
provinces_with_cities := {json.dumps(_PROVINCES_WITH_CITIES)}

# Catalogue (facts 1.1-1.9) and numbers (3.4).
b24 if {{some a in input.acts; a in b24_activities}}
b24 if {{input.in_house_b24; "in_house_hotline" in input.acts}}
b24 if "95" in input.numbers

offshore_only if {{not "domestic" in input.users; not "domestic" in input.clients}}

# Which licence (facts 3.1-3.5).
nationwide if {{b24; count(input.served) >= 2}}
nationwide if {{b24; "95" in input.numbers}}
default licence := null
licence := "nationwide" if nationwide
licence := "regional" if {{b24; not nationwide}}

shanghai_pilot if {{
  input.as_of >= 20140106; input.as_of < 20180730; input.zone == "shanghai_ftz_original"
}}

# The city the law names, and its group (fact 4.8).
city := input.city if input.city != null
city := municipalities[input.home] if input.city == null
city := "other" if {{
  input.city == null; not municipalities[input.home]; not input.home in provinces_with_cities
}}
group := "offshore_pilot" if city in pilot_cities
group := "later" if city in cities_of_2016
group := "cepa" if city in cepa_cities
group := city if {{not city in pilot_cities; not city in cities_of_2016; not city in cepa_cities}}
in_pilot_city if {{offshore_only; group == "offshore_pilot"}}

# The cap, and the exceptions from it (facts 4.1-4.3, 4.5-4.9).
cap_in_zone if input.as_of < 20180730
cap_in_zone if input.zone in [null, "beijing_services_pilot", "shenzhen"]
cap_in_zone if {{input.zone == "hainan_free_trade_port"; input.as_of < 20181016}}
cap_reaches if {{b24; input.equity > 50; input.as_of < 20190730; cap_in_zone}}
area_unknown if {{
  cap_reaches; input.as_of < 20180730; input.home == "310000"
  input.zone in ["free_trade_zone", "shanghai_pudong_lingang"]; not offshore_only
}}
city_unknown if {{cap_reaches; offshore_only; not city}}
extent_unknown if {{cap_reaches; offshore_only; group == "later"; input.as_of >= 20160505}}
cepa_offshore if {{cap_reaches; offshore_only; group == "cepa"}}
cap_lifted if shanghai_pilot
cap_lifted if area_unknown
cap_lifted if in_pilot_city
cap_lifted if city_unknown
cap_lifted if extent_unknown
cap_lifted if {{cepa_offshore; input.origin in ["hong_kong", "macau", null]}}

# Three years back; from 29 February, the 28th.
window_start := input.as_of - 30001 if input.as_of % 10000 == 229
window_start := input.as_of - 30000 if input.as_of % 10000 != 229

# The findings: [code, blocking], one per rule that holds.
finding contains ["TELEMARKETING_PROHIBITED", true] if {{input.as_of >= 20200618; "telemarketing" in input.acts}}
finding contains ["PLATFORM_OUTSIDE_MAINLAND", true] if {{b24; input.platform == "overseas"}}
finding contains ["ENTITY_TYPE_UNKNOWN", false] if {{b24; input.kind == "other"}}
finding contains ["NOT_A_COMPANY", true] if {{b24; input.kind != "other"; not input.kind in companies}}
finding contains ["CAPITAL_BELOW_MINIMUM", true] if {{licence == "regional"; input.capital < 1000000}}
finding contains ["CAPITAL_BELOW_MINIMUM", true] if {{
  licence == "nationwide"; input.capital < 10000000; not pilot_minimum_met
}}
pilot_minimum_met if {{shanghai_pilot; input.equity > 0; input.capital >= 1000000}}
finding contains ["PROFESSIONAL_STAFF_UNKNOWN", false] if {{b24; input.staff == null}}
finding contains ["NO_PROFESSIONAL_STAFF", true] if {{b24; input.staff == 0}}
finding contains ["PREMISES_OR_FACILITIES_UNKNOWN", false] if {{b24; input.premises == null}}
finding contains ["NO_PREMISES_OR_FACILITIES", true] if {{b24; input.premises == false}}
finding contains ["TECHNICAL_PLAN_UNKNOWN", false] if {{b24; input.plan == null}}
finding contains ["NO_TECHNICAL_PLAN", true] if {{b24; input.plan == false}}
finding contains ["LONG_TERM_SERVICE_UNKNOWN", false] if {{b24; input.long_term == null}}
finding contains ["NO_LONG_TERM_SERVICE", true] if {{b24; input.long_term == false}}
finding contains ["DISHONESTY_LIST_UNKNOWN", false] if {{b24; input.as_of >= 20170901; input.dishonesty == null}}
finding contains ["ON_DISHONESTY_LIST", true] if {{b24; input.as_of >= 20170901; input.dishonesty == true}}
finding contains ["VIOLATION_RECORD_UNKNOWN", false] if {{b24; input.as_of < 20170901; input.violations == null}}
# One finding per violation in the window (the index keeps them apart).
finding contains ["RECENT_VIOLATION", true, i] if {{
  b24; input.as_of < 20170901
  some i, day in input.violations
  day >= window_start; day <= input.as_of
}}
finding contains ["FALSE_MATERIALS_BAR", true] if {{
  b24; input.refused != null; input.refused <= input.as_of; input.as_of < input.refused + 10000
}}
finding contains ["SHANGHAI_FTZ_AREA_UNKNOWN", false] if area_unknown
finding contains ["FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN", false] if city_unknown
finding contains ["FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN", false] if extent_unknown
finding contains ["FOREIGN_CAP_CEPA_MACAU_UNKNOWN", false] if {{cepa_offshore; input.origin == "macau"}}
finding contains ["FOREIGN_INVESTOR_ORIGIN_UNKNOWN", false] if {{cepa_offshore; input.origin == null}}
finding contains ["FOREIGN_EQUITY_OVER_CAP", true] if {{cap_reaches; not cap_lifted}}
finding contains ["FOREIGN_INVESTOR_TRACK_RECORD_UNKNOWN", false] if {{
  b24; input.equity > 0; input.as_of < 20220501; input.track_record == null
}}
finding contains ["FOREIGN_INVESTOR_NO_TRACK_RECORD", true] if {{
  b24; input.equity > 0; input.as_of < 20220501; input.track_record == false
}}

# The status and the scopes.
blocked if {{some f in finding; f[1]}}
status := "not_required" if not b24
status := "ineligible" if {{b24; blocked}}
status := "incomplete" if {{b24; not blocked; count(finding) > 0}}
status := "eligible" if {{b24; count(finding) == 0}}
scopes contains "B24-1" if {{b24; "domestic" in input.users}}
scopes contains "B24-2" if {{b24; "overseas" in input.users}}

decision := {{
  "status": status,
  "licence": licence,
  "scopes": scopes,
  "codes": [f[0] | some f in finding],
}}
"""


class RegoPeer:
    """The core decision as an OPA Rego policy."""

    name = "OPA Rego (regopy, compiled once)"

    def __init__(self) -> None:
        import regopy

        self._interpreter = regopy.Interpreter()
        self._interpreter.add_module("peers", _REGO)
        self._bundle = self._interpreter.build("data.peers.decision")

    def __call__(self, profile: dict[str, Any], as_of: datetime.date) -> Decision:
        self._interpreter.set_input(record(profile, as_of))
        out = json.loads(str(self._interpreter.query_bundle(self._bundle)))
        found = out["expressions"][0] if "expressions" in out else out
        return found["status"], found["licence"], frozenset(found["scopes"]), core(found["codes"])


# ---------------------------------------------------------------- the run


def oracle_decision(profile: dict[str, Any], as_of: datetime.date) -> Decision:
    from callcenter_rules.testing import decide

    o = decide(profile, as_of)
    return o.status, o.license_type, o.scopes, core(o.codes)


def assess_decision(profile: dict[str, Any], as_of: datetime.date) -> Decision:
    from callcenter_rules import assess

    a = assess(profile, as_of=as_of)
    licence = None if a.license_type is None else a.license_type.value
    return a.status.value, licence, frozenset(s.value for s in a.business_scopes), core(a.codes)


PEERS: dict[str, Callable[[], Callable[[dict[str, Any], datetime.date], Decision]]] = {
    "clips": ClipsPeer,
    "zen": ZenPeer,
    "rego": RegoPeer,
}


def foreign_classes(size: int) -> list[Case]:
    """Profiles the corpus seldom draws, for the agreement check only: foreign equity over
    half, before the cap was lifted nationwide (from the earliest day modelled), serving
    overseas users for overseas clients from the cities the law names (the offshore pilot's,
    those of 2016, CEPA's) or none, with investors from anywhere; and the same for any users and clients."""
    from hypothesis import strategies as st

    from callcenter_rules.testing import cases as drawn_cases

    days = st.dates(datetime.date(2016, 3, 1), datetime.date(2019, 7, 29))
    equity = st.sampled_from(["50.01", "75", "100"])
    cities = st.sampled_from([None, "other", "dalian", "ningbo", "qingdao", "dongguan", "zhuhai"])
    offshore = drawn_cases(
        days=days,
        foreign_equity_percent=equity,
        end_users=["overseas"],
        clients=["overseas"],
        registered_city=cities,
        foreign_investor_origin=st.sampled_from([None, "hong_kong", "macau", "taiwan"]),
    )
    anywhere = drawn_cases(days=days, foreign_equity_percent=equity)
    return draw(offshore, size) + draw(anywhere, size)


def agreement(
    cases: list[Case], deciders: dict[str, Callable[[dict[str, Any], datetime.date], Decision]]
) -> dict[str, int]:
    """Disagreements with the oracle per decider; each one printed."""
    wrong = dict.fromkeys(deciders, 0)
    for index, (profile, day) in enumerate(cases):
        expected = oracle_decision(profile, day)
        for name, decider in deciders.items():
            got = decider(profile, day)
            if got != expected:
                wrong[name] += 1
                if wrong[name] <= 10:
                    print(f"{name} disagrees on case {index} ({day}): {got} != oracle {expected}")
                    print(f"  {json.dumps(profile, ensure_ascii=False)}")
    return wrong


def best_times(
    cases: list[Case],
    engines: dict[str, Callable[[dict[str, Any], datetime.date], Any]],
    rounds: int,
) -> dict[str, list[int]]:
    """Each case's best time (ns) per engine over ``rounds`` rounds; each round runs every
    engine over the whole corpus in turn, so a slow spell of the machine falls on all."""
    clock = time.perf_counter_ns
    best = {name: [1 << 62] * len(cases) for name in engines}
    for fn in engines.values():  # warm up
        for profile, day in cases[:200]:
            fn(profile, day)
    for _ in range(rounds):
        for name, fn in engines.items():
            times = best[name]
            for index, (profile, day) in enumerate(cases):
                start = clock()
                fn(profile, day)
                elapsed = clock() - start
                if elapsed < times[index]:
                    times[index] = elapsed
    return best


def summary(samples: list[int]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_us": statistics.median(ordered) / 1000,
        "p99_us": ordered[max(int(len(ordered) * 0.99) - 1, 0)] / 1000,
        "mean_us": statistics.fmean(ordered) / 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=2000, help="corpus profiles (default 2,000)")
    parser.add_argument("--rounds", type=int, default=3, help="passes; each profile's best counts")
    parser.add_argument(
        "--peers", default=",".join(PEERS), help=f"which peers (default {','.join(PEERS)})"
    )
    parser.add_argument(
        "--extra",
        type=int,
        default=500,
        help="profiles of each of two foreign-investment classes, checked, not timed (default 500)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1, not {args.rounds}")
    chosen = [name.strip() for name in args.peers.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(PEERS))
    if unknown:
        parser.error(f"no such peer: {', '.join(unknown)} (known: {', '.join(PEERS)})")

    from callcenter_rules import assess
    from callcenter_rules.testing import decide
    from callcenter_rules.testing import oracle as oracle_module

    # The benchmark's blocking codes are the oracle's.
    assert oracle_module._BLOCKING == BLOCKING, sorted(oracle_module._BLOCKING ^ BLOCKING)

    cases = corpus(args.size)
    peers = {name: PEERS[name]() for name in chosen}
    names = {name: peer.name for name, peer in peers.items()}  # type: ignore[attr-defined]

    checked = cases + foreign_classes(args.extra)
    wrong = agreement(checked, {"assess": assess_decision, **peers})
    agree = {name: (len(checked) - n) / len(checked) for name, n in wrong.items()}
    print(
        f"agreement with the oracle on {len(checked):,} profiles ({len(cases):,} of the corpus, "
        f"{len(checked) - len(cases):,} foreign-investment ones): "
        + ", ".join(f"{name} {share:.2%}" for name, share in agree.items())
    )
    if any(wrong.values()):
        return 1

    engines: dict[str, Callable[[dict[str, Any], datetime.date], Any]] = {
        "assess": lambda p, d: assess(p, as_of=d),
        "assess_to_dict": lambda p, d: assess(p, as_of=d).to_dict(),
        "oracle": lambda p, d: decide(p, d),
        **peers,
    }
    labels = {
        "assess": "`assess()` (full findings, citations, audit)",
        "assess_to_dict": "`assess()` + `to_dict()`",
        "oracle": "plain Python (the oracle, with validation)",
        **names,
    }
    load_before = os.getloadavg()
    started = time.perf_counter()
    best = best_times(cases, engines, args.rounds)
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()
    figures = {name: summary(samples) for name, samples in best.items()}
    base = figures["assess"]
    for f in figures.values():
        f["median_ratio"] = f["median_us"] / base["median_us"]
        f["p99_ratio"] = f["p99_us"] / base["p99_us"]

    print()
    print(f"{len(cases):,} profiles, each profile's best of {args.rounds} passes, {seconds:.0f} s")
    print(
        f"load average (1, 5, 15 min): before {_load(load_before)}, after {_load(load_after)}; {os.cpu_count()} CPUs"
    )
    print()
    print("| engine | median µs | p99 µs | median vs `assess()` | p99 vs `assess()` |")
    print("|---|---|---|---|---|")
    for name, f in sorted(figures.items(), key=lambda item: item[1]["median_us"]):
        print(
            f"| {labels[name]} | {f['median_us']:,.0f} | {f['p99_us']:,.0f} "
            f"| {f['median_ratio']:.2f}x | {f['p99_ratio']:.2f}x |"
        )
    if args.json:
        results = {
            "machine": machine(),
            "when": datetime.datetime.now().isoformat(timespec="seconds"),
            "corpus": len(cases),
            "rounds": args.rounds,
            "load_average_before": load_before,
            "load_average_after": load_after,
            "agreement": {"profiles": len(checked), **agree},
            "engines": {name: {"label": labels[name], **f} for name, f in figures.items()},
            "versions": _versions(chosen),
        }
        args.json.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"\nfigures written to {args.json}")
    return 0


def _load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in load)


def _versions(chosen: list[str]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    packages = {"clips": "clipspy", "zen": "zen-engine", "rego": "regopy"}
    found = {}
    for name in ["callcenter-rules", "durable-rules", *(packages[c] for c in chosen)]:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "?"
    return found


if __name__ == "__main__":
    sys.exit(main())
