"""The console's words as a person reads them: durations in the unit that fits, evenly spaced
week labels, numbers as dialled, appointment lengths and days."""

from __future__ import annotations

from datetime import date

import pytest

from gateway.domain.phones import for_display
from gateway.staff.charts import labelled, line_chart
from gateway.staff.i18n import day_words, length_words, spoken_duration


@pytest.mark.parametrize(
    ("seconds", "zh_cn", "zh_tw", "en"),
    [
        (None, "—", "—", "—"),
        (0.4, "1 秒", "1 秒", "1 s"),  # a few seconds are never "0 分钟"
        (7, "7 秒", "7 秒", "7 s"),
        (89, "89 秒", "89 秒", "89 s"),
        (90, "2 分钟", "2 分鐘", "2 min"),
        (40 * 60, "40 分钟", "40 分鐘", "40 min"),
        (90 * 60, "1.5 小时", "1.5 小時", "1.5 h"),
        (3 * 3600, "3 小时", "3 小時", "3 h"),
        (3 * 86400, "3 天", "3 天", "3 days"),
    ],
)
def test_a_duration_reads_in_the_unit_that_fits(
    seconds: float | None, zh_cn: str, zh_tw: str, en: str
) -> None:
    assert [spoken_duration(loc, seconds) for loc in ("zh-CN", "zh-TW", "en")] == [
        zh_cn,
        zh_tw,
        en,
    ]


@pytest.mark.parametrize(
    ("count", "written"),
    [
        (1, [0]),
        (6, [0, 1, 2, 3, 4, 5]),
        (8, [1, 3, 5, 7]),
        (12, [1, 3, 5, 7, 9, 11]),
        (13, [0, 3, 6, 9, 12]),
    ],
)
def test_week_labels_are_evenly_spaced_and_end_on_the_newest(
    count: int, written: list[int]
) -> None:
    assert list(labelled(count)) == written
    gaps = {b - a for a, b in zip(written, written[1:], strict=False)}
    assert len(gaps) <= 1


def test_the_chart_writes_only_those_labels() -> None:
    weeks = [f"W{n}" for n in range(8)]
    svg = str(line_chart(weeks, [], title="rates"))
    assert [w for w in weeks if f">{w}<" in svg] == ["W1", "W3", "W5", "W7"]


@pytest.mark.parametrize(
    ("e164", "home", "shown"),
    [
        ("+8613800138000", "CN", "138 0013 8000"),
        ("+85251234567", "CN", "+852 5123 4567"),
        ("+447700900123", "GB", "07700 900123"),
        ("+8613800138000", None, "+86 138 0013 8000"),
        ("not a number", "CN", "not a number"),
    ],
)
def test_a_number_reads_as_the_front_desk_dials_it(e164: str, home: str | None, shown: str) -> None:
    assert for_display(e164, home) == shown


@pytest.mark.parametrize(
    ("minutes", "zh_cn", "en"),
    [(45, "45 分钟", "45 min"), (180, "3 小时", "3 h"), (90, "1 小时 30 分钟", "1 h 30 min")],
)
def test_an_appointment_length_reads_in_hours_and_minutes(
    minutes: int, zh_cn: str, en: str
) -> None:
    assert (length_words("zh-CN", minutes), length_words("en", minutes)) == (zh_cn, en)


def test_a_day_reads_with_its_weekday() -> None:
    day = date(2026, 12, 6)
    assert [day_words(loc, day) for loc in ("zh-CN", "zh-TW", "en")] == [
        "2026年12月6日 周日",
        "2026年12月6日 週日",
        "Sun 6 Dec 2026",
    ]
