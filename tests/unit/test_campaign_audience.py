"""The dry run of a campaign: who an offer reaches, and why each other customer is left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from gateway.domain.campaigns import (
    Audience,
    Exclusion,
    Prospect,
    days_to_birthday,
    dry_run,
    next_marketing_time,
    parse_audience,
)

NOW = datetime(2026, 3, 10, 4, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)

#: Consenting, reachable, birthday in 3 days, a VIP, last seen 90 days ago, one text this month.
BASE = Prospect(
    customer_id=1,
    consent_since=NOW - timedelta(days=100),
    opted_out_at=None,
    erased_at=None,
    birthday=(3, 13),
    tags=("VIP",),
    last_visit=NOW - timedelta(days=90),
    marketing_texts_30_days=1,
)


def _reason(prospect: Prospect, audience: Audience) -> Exclusion | None:
    result = dry_run([prospect], audience, now=NOW, today=TODAY)
    if result.included:
        return None
    ((reason, count),) = result.excluded.items()
    assert count == 1
    return reason


@pytest.mark.parametrize(
    ("change", "audience", "expected"),
    [
        ({}, Audience(birthday_within_days=7), None),
        ({}, Audience(birthday_within_days=2), Exclusion.NOT_IN_AUDIENCE),
        ({"birthday": None}, Audience(birthday_within_days=31), Exclusion.NOT_IN_AUDIENCE),
        ({}, Audience(not_visited_days=60), None),
        ({}, Audience(not_visited_days=120), Exclusion.NOT_IN_AUDIENCE),
        ({"last_visit": None}, Audience(not_visited_days=1), Exclusion.NOT_IN_AUDIENCE),
        ({}, Audience(tags=("vip",)), None),
        ({}, Audience(tags=("烫发",)), Exclusion.NOT_IN_AUDIENCE),
        ({}, Audience(all_consenting=True), None),
        ({"consent_since": None}, Audience(all_consenting=True), Exclusion.NO_CONSENT),
        # An opt-out outranks consent standing on the customer.
        ({"opted_out_at": NOW}, Audience(all_consenting=True), Exclusion.OPTED_OUT),
        (
            {"erased_at": NOW, "consent_since": None},
            Audience(all_consenting=True),
            Exclusion.ERASED,
        ),
        ({"marketing_texts_30_days": 4}, Audience(all_consenting=True), Exclusion.FREQUENCY_CAP),
        ({"marketing_texts_30_days": 3}, Audience(all_consenting=True), None),
        # Their text has no approved template to go as: said last, once everything else holds.
        ({"template_missing": True}, Audience(all_consenting=True), Exclusion.NO_TEMPLATE),
        (
            {"template_missing": True, "consent_since": None},
            Audience(all_consenting=True),
            Exclusion.NO_CONSENT,
        ),
        # Outside the audience is said first: the owner did not ask for them at all.
        ({"consent_since": None}, Audience(tags=("烫发",)), Exclusion.NOT_IN_AUDIENCE),
        # The birthday automation: exactly that many days away, one offer a birthday.
        ({}, Audience(birthday_in_days=3), None),
        ({}, Audience(birthday_in_days=2), Exclusion.NOT_IN_AUDIENCE),
        ({}, Audience(birthday_in_days=4), Exclusion.NOT_IN_AUDIENCE),
        ({"birthday_offered_for": 2026}, Audience(birthday_in_days=3), Exclusion.NOT_IN_AUDIENCE),
        ({"birthday_offered_for": 2025}, Audience(birthday_in_days=3), None),
        ({"birthday": (3, 10)}, Audience(birthday_in_days=0), None),
    ],
)
def test_each_customer_is_in_or_left_out_for_one_reason(
    change: dict[str, object], audience: Audience, expected: Exclusion | None
) -> None:
    assert _reason(replace(BASE, **change), audience) is expected  # type: ignore[arg-type]


def test_the_dry_run_counts_every_reason_and_lists_who_gets_it() -> None:
    prospects = [
        BASE,
        replace(BASE, customer_id=2, consent_since=None),
        replace(BASE, customer_id=3, opted_out_at=NOW),
        replace(BASE, customer_id=4, marketing_texts_30_days=9),
        replace(BASE, customer_id=5, birthday=(8, 1)),
        replace(BASE, customer_id=6),
        replace(BASE, customer_id=7, template_missing=True),
    ]
    result = dry_run(prospects, Audience(birthday_within_days=7), now=NOW, today=TODAY)
    assert result.included == (1, 6)
    assert result.excluded_json() == {
        "erased": 0,
        "not_in_audience": 1,
        "opted_out": 1,
        "no_consent": 1,
        "frequency_cap": 1,
        "no_template": 1,
    }


def test_a_lower_cap_leaves_out_more() -> None:
    result = dry_run([BASE], Audience(all_consenting=True), now=NOW, today=TODAY, max_per_30_days=1)
    assert result.excluded == {Exclusion.FREQUENCY_CAP: 1}


@pytest.mark.parametrize(
    ("birthday", "today", "days"),
    [
        ((3, 10), date(2026, 3, 10), 0),
        ((3, 9), date(2026, 3, 10), 364),
        ((1, 2), date(2026, 12, 30), 3),
        # 29 February is kept on the 28th in a year without it.
        ((2, 29), date(2027, 2, 20), 8),
        ((2, 29), date(2028, 2, 20), 9),
    ],
)
def test_days_to_birthday(birthday: tuple[int, int], today: date, days: int) -> None:
    assert days_to_birthday(birthday, today) == days


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"birthday_within_days": 0}, Audience(birthday_within_days=0)),
        ({"birthday_within_days": 31}, Audience(birthday_within_days=31)),
        ({"birthday_within_days": 7.0}, Audience(birthday_within_days=7)),
        ({"not_visited_days": 730}, Audience(not_visited_days=730)),
        ({"tags": ["VIP", " VIP", "烫发"]}, Audience(tags=("VIP", "烫发"))),
        ({"all_consenting": True}, Audience(all_consenting=True)),
    ],
)
def test_audiences_accepted(spec: object, expected: Audience) -> None:
    assert parse_audience(spec) == expected
    assert parse_audience(expected.as_json()) == expected


@pytest.mark.parametrize(
    "spec",
    [
        {},
        {"birthday_within_days": 7, "tags": ["VIP"]},
        {"birthday_within_days": 32},
        {"birthday_within_days": -1},
        {"birthday_within_days": True},
        {"birthday_within_days": "7"},
        {"birthday_within_days": 7.5},
        {"not_visited_days": 0},
        {"not_visited_days": 731},
        {"tags": []},
        {"tags": "VIP"},
        {"tags": [" "]},
        {"all_consenting": False},
        {"everyone": True},
        ["all_consenting"],
        None,
        # The automation's own audience is not one a campaign may ask for.
        {"birthday_in_days": 3},
    ],
)
def test_audiences_refused(spec: object) -> None:
    with pytest.raises(ValueError):
        parse_audience(spec)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2026-03-10T12:00:00+08:00", "2026-03-10T12:00:00+08:00"),
        ("2026-03-10T08:00:00+08:00", "2026-03-10T08:00:00+08:00"),
        ("2026-03-10T07:59:00+08:00", "2026-03-10T08:00:00+08:00"),
        ("2026-03-10T20:59:00+08:00", "2026-03-10T20:59:00+08:00"),
        ("2026-03-10T21:00:00+08:00", "2026-03-11T08:00:00+08:00"),
        ("2026-03-10T23:30:00+08:00", "2026-03-11T08:00:00+08:00"),
        # In UTC the same instant is 15:00: the salon's own hours decide.
        ("2026-03-10T15:00:00+00:00", "2026-03-11T08:00:00+08:00"),
    ],
)
def test_marketing_hours_in_the_salons_time(when: str, expected: str) -> None:
    assert next_marketing_time(datetime.fromisoformat(when), "Asia/Shanghai") == (
        datetime.fromisoformat(expected)
    )


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"birthday_in_days": 0}, Audience(birthday_in_days=0)),
        ({"birthday_in_days": 30}, Audience(birthday_in_days=30)),
    ],
)
def test_the_automation_s_audience(spec: object, expected: Audience) -> None:
    assert parse_audience(spec, automatic=True) == expected
    assert expected.as_json() == spec
    with pytest.raises(ValueError):
        parse_audience({"birthday_in_days": 31}, automatic=True)


@pytest.mark.parametrize(
    ("today", "days_before", "birthday", "greeted"),
    [
        # 29 February is greeted on the 28th in years without it, on the 29th in leap years.
        (date(2027, 2, 28), 0, (2, 29), True),
        (date(2027, 2, 27), 1, (2, 29), True),
        (date(2027, 2, 27), 0, (2, 29), False),
        (date(2028, 2, 28), 0, (2, 29), False),
        (date(2028, 2, 29), 0, (2, 29), True),
        # Across the new year, the birthday is next year's.
        (date(2026, 12, 30), 3, (1, 2), True),
    ],
)
def test_the_automation_greets_the_right_day(
    today: date, days_before: int, birthday: tuple[int, int], greeted: bool
) -> None:
    prospect = replace(BASE, birthday=birthday)
    result = dry_run([prospect], Audience(birthday_in_days=days_before), now=NOW, today=today)
    assert bool(result.included) is greeted
