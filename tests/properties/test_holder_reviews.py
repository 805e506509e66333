"""Properties of a licence holder's review (issue 23): obligations sorted by due day; time
only moves obligations towards overdue; every due day is the dated parameters' day; the
calendar round-trips with one event per obligation and stable UIDs; a licence that
matches its business exactly has no coverage finding."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
from hypothesis import assume, given
from hypothesis import strategies as st

from callcenter_rules import Engine, Licence, ObligationState, Review
from callcenter_rules.law.holder_calendar import day_in_year, days_after, days_before
from callcenter_rules.testing import licences

FIRST_REVIEW_DAY = datetime.date(2017, 9, 1)
REVIEW_DAYS = st.dates(min_value=FIRST_REVIEW_DAY, max_value=datetime.date(2034, 12, 31))
COVERAGE_CODES = {
    "LICENCE_DOES_NOT_COVER_AREA",
    "LICENCE_DOES_NOT_COVER_SCOPE",
    "LICENCE_TYPE_INSUFFICIENT",
}
#: Progress never undone: upcoming, open, overdue (done stays done).
ORDER = {ObligationState.UPCOMING: 0, ObligationState.OPEN: 1, ObligationState.OVERDUE: 2}


def _key(review: Review) -> list[tuple[Any, ...]]:
    return [(o.code, o.due, tuple(sorted(o.evidence.items()))) for o in review.obligations]


@given(licence=licences(), day=REVIEW_DAYS)
def test_obligations_are_sorted_by_due_day(
    engine: Engine, licence: dict[str, Any], day: datetime.date
) -> None:
    review = engine.review(licence, as_of=day)
    dues = [o.due for o in review.obligations]
    assert dues == sorted(dues)


@given(licence=licences(), first=REVIEW_DAYS, later=st.integers(min_value=1, max_value=2000))
def test_time_never_turns_overdue_back(
    engine: Engine, licence: dict[str, Any], first: datetime.date, later: int
) -> None:
    second = first + datetime.timedelta(days=later)
    before = engine.review(licence, as_of=first)
    after = engine.review(licence, as_of=second)
    states_after = dict(zip(_key(after), after.obligations, strict=True))
    for key, obligation in zip(_key(before), before.obligations, strict=True):
        then = states_after.get(key)
        if then is None:
            continue  # an annual report of a year the later day no longer looks back to
        if obligation.state is ObligationState.DONE:
            assert then.state is ObligationState.DONE
        else:
            # No filing was added: never done, never back towards upcoming.
            assert then.state is not ObligationState.DONE
            assert ORDER[then.state] >= ORDER[obligation.state], (obligation, then)


@given(licence=licences(), day=REVIEW_DAYS, lead=st.integers(min_value=30, max_value=200))
def test_every_due_day_is_the_parameters_day(
    licence: dict[str, Any], day: datetime.date, lead: int
) -> None:
    with Engine(
        parameters={"holder.renewal_lead_days": lead, "holder.annual_report_due": "04-30"}
    ) as engine:
        review = engine.review(licence, as_of=day)
    held = Licence.from_dict(licence)
    table = engine.parameters
    for obligation in review.obligations:
        if obligation.code == "RENEWAL_APPLICATION":
            assert obligation.due == days_before(held.expires_on, lead)
        elif obligation.code == "ANNUAL_REPORT":
            assert obligation.due == day_in_year(obligation.evidence["year"] + 1, "04-30")
        elif obligation.code == "CHANGE_FILING":
            happened = datetime.date.fromisoformat(obligation.evidence["happened_on"])
            days = table.value("holder.change_filing_days", happened)
            assert obligation.due == days_after(happened, days)
        elif obligation.code == "CHANGE_ADVANCE_APPLICATION":
            happened = datetime.date.fromisoformat(obligation.evidence["happened_on"])
            days = table.value("holder.advance_application_days", happened)
            assert obligation.due == days_before(happened, days)


@given(licence=licences(), day=REVIEW_DAYS)
def test_an_overdue_report_on_a_known_record_is_a_finding(
    engine: Engine, licence: dict[str, Any], day: datetime.date
) -> None:
    assume(licence["annual_reports_filed"] is not None)
    review = engine.review(licence, as_of=day)
    overdue = {o.evidence["year"] for o in review.overdue if o.code == "ANNUAL_REPORT"}
    found = {f.evidence["year"] for f in review.findings if f.code == "ANNUAL_REPORT_OVERDUE"}
    assert overdue == found


@given(licence=licences(), day=REVIEW_DAYS, lang=st.sampled_from(("en", "zh")))
def test_the_calendar_round_trips_with_stable_uids(
    engine: Engine, licence: dict[str, Any], day: datetime.date, lang: str
) -> None:
    review = engine.review(licence, as_of=day)
    text = review.to_ics(lang)
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(review.obligations)
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    for event, obligation in zip(events, review.obligations, strict=True):
        assert event.decoded("DTSTART") == obligation.due
        assert str(event["SUMMARY"]).startswith(obligation.title(lang))
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == (0 if obligation.state is ObligationState.DONE else 1)
    # The same review again gives the same bytes; a later day keeps the UID of every
    # obligation whose due day is the same, so importing it updates those events.
    assert engine.review(licence, as_of=day).to_ics(lang) == text
    later = engine.review(licence, as_of=day + datetime.timedelta(days=30))
    again = icalendar.Calendar.from_ical(later.to_ics(lang)).walk("VEVENT")
    before = {(str(e["SUMMARY"]), e.decoded("DTSTART")): str(e["UID"]) for e in events}
    after = {(str(e["SUMMARY"]), e.decoded("DTSTART")): str(e["UID"]) for e in again}
    for key in before.keys() & after.keys():
        assert before[key] == after[key]


@given(licence=licences(license_type=None), day=REVIEW_DAYS)
def test_a_licence_that_matches_its_business_has_no_coverage_finding(
    engine: Engine, licence: dict[str, Any], day: datetime.date
) -> None:
    held = Licence.from_dict(licence)
    assume(held.coverage is not None)
    assume("B24-1" in held.scopes)
    provinces = list(held.coverage)
    profile = {
        "name": held.holder or "Example Holder Co., Ltd.",
        "entity_type": "limited_liability_company",
        "registered_capital_cny": "20000000",
        "registered_province": provinces[0].code,
        "service_provinces": [p.code for p in provinces],
        "activities": ["inbound_customer_service"],
        "number_resources": [n.value for n in held.numbers if n.value == "96"]
        + (
            ["95"]
            if held.license_type.value == "nationwide"
            and any(n.value == "95" for n in held.numbers)
            else []
        ),
        "violations": [],
        "professional_staff": 20,
        "has_premises_and_facilities": True,
        "has_technical_plan": True,
        "long_term_service_capability": True,
        "on_dishonesty_list": False,
    }
    review = engine.review(licence, profile, as_of=day)
    assert review.assessment is not None
    assert COVERAGE_CODES.isdisjoint(review.codes), review.codes
