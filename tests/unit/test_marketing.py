"""Marketing facts and consent, pure: how a birthday is written, what a tag is, and that an
opt-out always outranks consent."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from gateway.domain.marketing import (
    Birthday,
    birthday_not_after,
    clean_tags,
    marketing_reachable,
    parse_birthday,
)

AT = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "birthday"),
    [
        ("03-15", Birthday(3, 15)),
        ("1990-03-15", Birthday(3, 15, 1990)),
        (" 12-31 ", Birthday(12, 31)),
        ("02-29", Birthday(2, 29)),
        ("2000-02-29", Birthday(2, 29, 2000)),
    ],
)
def test_birthdays_as_written(text: str, birthday: Birthday) -> None:
    assert parse_birthday(text) == birthday
    assert str(birthday) == text.strip()


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("02-30", "not a day of the calendar"),
        ("13-01", "not a day of the calendar"),
        ("00-10", "not a day of the calendar"),
        ("2023-02-29", "not a day of the calendar"),
        ("1899-05-05", "before 1900"),
        ("3-15", "MM-DD or YYYY-MM-DD"),
        ("15/03", "MM-DD or YYYY-MM-DD"),
        ("", "MM-DD or YYYY-MM-DD"),
        ("０３-１５", "MM-DD or YYYY-MM-DD"),
    ],
)
def test_birthdays_refused_say_why(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_birthday(text)


def test_a_birthday_with_a_year_is_not_in_the_future() -> None:
    today = date(2026, 12, 7)
    assert birthday_not_after(Birthday(12, 7, 2026), today)
    assert not birthday_not_after(Birthday(12, 8, 2026), today)
    assert birthday_not_after(Birthday(12, 31), today)


def test_tags_are_trimmed_and_kept_once_in_order() -> None:
    assert clean_tags([" VIP", "烫发", "VIP "]) == ["VIP", "烫发"]


@pytest.mark.parametrize(
    ("tags", "why"),
    [
        ([str(n) for n in range(11)], "more than 10"),
        (["  "], "empty tag"),
        (["x" * 21], "longer than 20"),
        (["老 顾客"], "one word per tag"),
        (["a,b"], "one word per tag"),
    ],
)
def test_tags_refused_say_why(tags: list[str], why: str) -> None:
    with pytest.raises(ValueError, match=why):
        clean_tags(tags)


@pytest.mark.parametrize(
    ("consent", "opted_out", "erased", "reachable"),
    [
        (AT, None, None, True),
        (None, None, None, False),
        (AT, AT, None, False),  # an opt-out outranks consent, whichever came first
        (AT, None, AT, False),
    ],
)
def test_who_marketing_may_reach(
    consent: datetime | None, opted_out: datetime | None, erased: datetime | None, reachable: bool
) -> None:
    assert (
        marketing_reachable(consent_since=consent, opted_out_at=opted_out, erased_at=erased)
        is reachable
    )
