"""Choosing the slots of an offer, writing them for the text, and reading the customer's pick."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.domain.offer_hints import read_hint
from gateway.domain.offer_picks import DECLINED, NOT_A_PICK, Pick, PickKind, read_pick
from gateway.domain.offers import Interval, Slot, Visit, choose_slots, offer_order, offer_values
from gateway.domain.segments import count_segments

SH = "Asia/Shanghai"
ZONE = ZoneInfo(SH)
HOUR = timedelta(hours=1)
# Tuesday 1 December 2026, 10:00: the customer asks to move their 14:00 with Lily.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZONE)
VISIT = Visit(datetime(2026, 12, 1, 14, 0, tzinfo=ZONE), HOUR, "Lily")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=ZONE)


def free(day: int, start: str, end: str) -> Interval:
    (h1, m1), (h2, m2) = (map(int, start.split(":")), map(int, end.split(":")))
    return Interval(at(day, h1, m1), at(day, h2, m2))


FREE: dict[str, list[Interval]] = {
    "Lily": [
        free(1, "16:00", "18:00"),
        free(2, "10:00", "12:30"),
        free(2, "15:00", "17:00"),
        free(3, "13:00", "15:00"),
    ],
    "Amy": [free(1, "14:00", "16:00"), free(4, "10:00", "12:00")],
}


def shown(slots: Sequence[Slot]) -> list[str]:
    return [f"{s.starts_at.astimezone(ZONE):%d %H:%M} {s.stylist}" for s in slots]


# (id, free, busy, notice, hint text, visit, expected)
Choice = tuple[
    str, Mapping[str, list[Interval]], dict[str, list[Interval]], timedelta, str, Visit, list[str]
]
CHOICES: list[Choice] = [
    ("same stylist, one a day, nearest the hour booked", FREE, {}, 2 * HOUR, "", VISIT,
     ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("notice reaches the first slot exactly", FREE, {}, 6 * HOUR, "", VISIT,
     ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("notice pushes past it", FREE, {}, 6.5 * HOUR, "", VISIT,
     ["01 16:30 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("our own booking is not offered", FREE, {"Lily": [free(1, "16:00", "17:00")]},
     2 * HOUR, "", VISIT, ["01 17:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("a busy Amy does not block Lily", FREE, {"Amy": [free(1, "16:00", "17:00")]},
     2 * HOUR, "", VISIT, ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("another stylist when ours has nothing, never at the time being left",
     {"Amy": FREE["Amy"]}, {}, 2 * HOUR, "", VISIT,
     ["01 14:30 Amy", "04 10:00 Amy", "04 11:00 Amy"]),
    ("a longer service needs a longer gap",  FREE, {}, 2 * HOUR, "",
     Visit(VISIT.starts_at, 1.5 * HOUR, "Lily"),
     ["01 16:00 Lily", "02 15:00 Lily", "03 13:30 Lily"]),
    ("no stylist: closest, whoever, but not the time being left", FREE, {}, 2 * HOUR, "",
     Visit(VISIT.starts_at, HOUR, None), ["01 14:30 Amy", "02 15:00 Lily", "03 14:00 Lily"]),
    ("the same time with the same stylist is no change",
     {"Lily": [free(1, "13:00", "15:00")], "Amy": FREE["Amy"]}, {}, 2 * HOUR, "", VISIT,
     ["01 13:00 Lily", "01 13:30 Lily", "04 11:00 Amy"]),
    ("nor the same time with another stylist (李先生's 15:00 offered back to him)",
     {"Lily": [free(2, "10:00", "11:00")], "Amy": [free(1, "14:00", "15:00")]}, {}, 2 * HOUR,
     "", VISIT, ["02 10:00 Lily"]),
    ("starts on the half hour", {"Lily": [free(1, "15:10", "17:00")]}, {}, 2 * HOUR, "", VISIT,
     ["01 15:30 Lily", "01 16:00 Lily"]),
    ("nothing free", {}, {}, 2 * HOUR, "", VISIT, []),
    ("too short to fit", {"Lily": [free(2, "10:00", "10:45")]}, {}, 2 * HOUR, "", VISIT, []),
    ("all within the notice", FREE, {}, 100 * HOUR, "", VISIT, []),
    # Hints, zh-CN
    ("明天下午", FREE, {}, 2 * HOUR, "明天下午", VISIT,
     ["02 15:00 Lily", "02 15:30 Lily", "02 16:00 Lily"]),
    ("周五: the day beats the stylist", FREE, {}, 2 * HOUR, "周五", VISIT,
     ["04 10:00 Amy", "04 10:30 Amy", "04 11:00 Amy"]),
    ("3点: nearest the time named", FREE, {}, 2 * HOUR, "3点", VISIT,
     ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("早一点 with nothing earlier changes nothing", FREE, {}, 2 * HOUR, "早一点", VISIT,
     ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("下周 with nothing next week changes nothing", FREE, {}, 2 * HOUR, "下周", VISIT,
     ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("明天不行 is no hint", FREE, {}, 2 * HOUR, "明天不行", VISIT,
     ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    # zh-TW
    ("後天下午", FREE, {}, 2 * HOUR, "後天下午", VISIT,
     ["03 13:00 Lily", "03 13:30 Lily", "03 14:00 Lily"]),
    ("禮拜五上午", FREE, {}, 2 * HOUR, "禮拜五上午", VISIT,
     ["04 10:00 Amy", "04 10:30 Amy", "04 11:00 Amy"]),
    # en
    ("after 5pm", FREE, {}, 2 * HOUR, "after 5pm", VISIT,
     ["01 17:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
    ("Friday morning", FREE, {}, 2 * HOUR, "Friday morning", VISIT,
     ["04 10:00 Amy", "04 10:30 Amy", "04 11:00 Amy"]),
    ("tomorrow", FREE, {}, 2 * HOUR, "tomorrow", VISIT,
     ["02 11:30 Lily", "02 15:00 Lily", "02 16:00 Lily"]),
    ("unreadable: as without", FREE, {}, 2 * HOUR, "whenever suits", VISIT,
     ["01 16:00 Lily", "02 15:00 Lily", "03 14:00 Lily"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("free_", "busy", "notice", "hint_text", "visit", "expected"),
    [row[1:] for row in CHOICES],
    ids=[row[0] for row in CHOICES],
)
def test_slots_offered(
    free_: Mapping[str, list[Interval]],
    busy: dict[str, list[Interval]],
    notice: timedelta,
    hint_text: str,
    visit: Visit,
    expected: list[str],
) -> None:
    hint = read_hint(hint_text, original=visit.starts_at, now=NOW, tz=SH)
    slots = choose_slots(visit, free=free_, busy=busy, tz=SH, now=NOW, notice=notice, hint=hint)
    assert shown(slots) == expected


def test_a_finer_grid_when_the_salon_books_in_quarters() -> None:
    slots = choose_slots(
        VISIT,
        free={"Lily": [free(1, "15:10", "17:30")]},
        tz=SH,
        now=NOW,
        notice=2 * HOUR,
        step=timedelta(minutes=15),
    )
    assert shown(slots) == ["01 15:15 Lily", "01 15:30 Lily", "01 16:15 Lily"]


def test_grid_follows_the_salons_clock_across_a_dst_change() -> None:
    la = ZoneInfo("America/Los_Angeles")
    # 1 November 2026: clocks go back at 02:00. The interval is 00:15–04:00 local.
    interval = Interval(
        datetime(2026, 11, 1, 0, 15, tzinfo=la), datetime(2026, 11, 1, 4, 0, tzinfo=la)
    )
    visit = Visit(datetime(2026, 11, 1, 9, 0, tzinfo=la), HOUR, "Lily")
    slots = choose_slots(
        visit, free={"Lily": [interval]}, tz="America/Los_Angeles",
        now=datetime(2026, 10, 30, tzinfo=UTC), notice=HOUR,
    )  # fmt: skip
    assert slots and all(s.starts_at.astimezone(la).minute in (0, 30) for s in slots)


def test_order_of_the_published_data_changes_nothing() -> None:
    shuffled = {name: list(reversed(intervals)) for name, intervals in reversed(FREE.items())}
    args = {"tz": SH, "now": NOW, "notice": 2 * HOUR}
    assert choose_slots(VISIT, free=shuffled, **args) == choose_slots(VISIT, free=FREE, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 4}, "count"),
        ({"step": timedelta(minutes=25)}, "step"),
        ({"step": timedelta(0)}, "step"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        choose_slots(VISIT, free=FREE, tz=SH, now=NOW, notice=HOUR, **kwargs)  # type: ignore[arg-type]


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Interval(datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 12))


# --- Properties of the choice ------------------------------------------------------------------

BASE = datetime(2026, 12, 1, 0, 0, tzinfo=ZONE)
_minutes = st.integers(min_value=0, max_value=7 * 24 * 60)
_span = st.tuples(_minutes, st.integers(min_value=1, max_value=6 * 60))
_stylists = st.sampled_from(["Lily", "Amy", "Ben"])


def _intervals(spans: list[tuple[int, int]]) -> list[Interval]:
    return [
        Interval(BASE + timedelta(minutes=s), BASE + timedelta(minutes=s + n)) for s, n in spans
    ]


@settings(max_examples=150, deadline=None)
@given(
    free_spans=st.dictionaries(_stylists, st.lists(_span, max_size=5), max_size=3),
    busy_spans=st.dictionaries(_stylists, st.lists(_span, max_size=5), max_size=3),
    now_minute=_minutes,
    notice_minutes=st.integers(min_value=0, max_value=48 * 60),
    duration=st.sampled_from([30, 45, 60, 90, 150]),
    stylist=st.one_of(st.none(), _stylists),
    hint_text=st.sampled_from(["", "明天下午", "周五", "晚一点", "3点", "after 5pm", "weekend"]),
)
def test_a_chosen_slot_is_always_free_and_bookable(
    free_spans: dict[str, list[tuple[int, int]]],
    busy_spans: dict[str, list[tuple[int, int]]],
    now_minute: int,
    notice_minutes: int,
    duration: int,
    stylist: str | None,
    hint_text: str,
) -> None:
    free_ = {name: _intervals(spans) for name, spans in free_spans.items()}
    busy = {name: _intervals(spans) for name, spans in busy_spans.items()}
    now = BASE + timedelta(minutes=now_minute)
    notice = timedelta(minutes=notice_minutes)
    visit = Visit(BASE + timedelta(days=2, hours=14), timedelta(minutes=duration), stylist)
    hint = read_hint(hint_text, original=visit.starts_at, now=now, tz=SH)
    slots = choose_slots(visit, free=free_, busy=busy, tz=SH, now=now, notice=notice, hint=hint)
    assert len(slots) <= 3 and len(set(slots)) == len(slots)
    assert list(slots) == sorted(slots, key=lambda s: s.starts_at) or len(
        {s.starts_at for s in slots}
    ) < len(slots)
    for slot in slots:
        assert slot.starts_at >= now + notice
        assert slot.duration == visit.duration
        assert slot.starts_at.astimezone(ZONE).minute in (0, 30)
        assert any(i.start <= slot.starts_at and slot.ends_at <= i.end for i in free_[slot.stylist])
        assert not any(
            b.start < slot.ends_at and slot.starts_at < b.end for b in busy.get(slot.stylist, [])
        )
        assert slot.starts_at != visit.starts_at  # whoever the stylist


# --- The offer's text --------------------------------------------------------------------------

OFFERED = (
    Slot(at(2, 14), "Lily", HOUR),
    Slot(at(2, 16, 30), "Amy", HOUR),
    Slot(at(3, 11), "Lily", HOUR),
)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh-CN", "A 12月2日 14:00 B 12月2日 16:30（Amy） C 12月3日 11:00"),
        ("zh-TW", "A 12月2日 14:00 B 12月2日 16:30（Amy） C 12月3日 11:00"),
        ("en", "A Wed 2 Dec 2:00 pm, B Wed 2 Dec 4:30 pm with Amy, C Thu 3 Dec 11:00 am"),
    ],
)
def test_offer_lists_slots_and_names_another_stylist(locale: str, expected: str) -> None:
    assert offer_values(OFFERED, stylist="Lily", tz=SH, locale=locale) == (expected,)


def test_every_stylist_is_named_when_the_appointment_had_none() -> None:
    (value,) = offer_values(OFFERED[:1], stylist=None, tz=SH, locale="zh-CN")
    assert value == "A 12月2日 14:00（Lily）"


def test_a_list_too_long_for_one_variable_becomes_one_value_per_slot() -> None:
    values = offer_values(OFFERED, stylist="Lily", tz=SH, locale="zh-CN", limit=35)
    assert values == ("A 12月2日 14:00", "B 12月2日 16:30（Amy）", "C 12月3日 11:00")
    one = offer_values(OFFERED[:2], stylist="Lily", tz=SH, locale="zh-CN", limit=35)
    assert one == ("A 12月2日 14:00 B 12月2日 16:30（Amy）",)


def _zh_offer(values: tuple[str, ...]) -> str:
    return f"【丝丝美发】可改约的时间：{' '.join(values)}，回复字母即可选择，回复“取消”取消预约。"


def test_the_whole_text_fits_two_segments_shortening_long_names() -> None:
    long_names = tuple(
        Slot(s.starts_at, name, HOUR)
        for s, name in zip(
            OFFERED,
            [
                "资深发型总监亚历山大·王·第三代传人·金牌",
                "首席造型师伊丽莎白·亚历山德拉·罗斯",
                "高级技师克里斯托弗·哥伦布·史密斯",
            ],
            strict=True,
        )
    )
    values = offer_values(long_names, stylist="Lily", tz=SH, locale="zh-CN", render=_zh_offer)
    assert count_segments(_zh_offer(values)) <= 2
    # The second slot's date is the first's: written once.
    assert values == (
        "A 12月2日 14:00（资深发型总监亚历山大·王·第三代传人·金牌） B 16:30（首席造型师伊丽莎白·"
        "亚历山德拉·罗斯） C 12月3日 11:00（高级技师克里斯托弗·哥伦布·史密斯）",
    )
    longer = tuple(Slot(s.starts_at, s.stylist * 2, HOUR) for s in long_names)
    (cut,) = offer_values(longer, stylist="Lily", tz=SH, locale="zh-CN", render=_zh_offer)
    assert count_segments(_zh_offer((cut,))) <= 2
    assert cut == (
        "A 12月2日 14:00（资深发型总监亚…） B 16:30（首席造型师伊丽…） "
        "C 12月3日 11:00（高级技师克里斯…）"
    )


def test_an_offer_that_cannot_fit_says_so() -> None:
    with pytest.raises(ValueError, match="segments"):
        offer_values(OFFERED, stylist="Lily", tz=SH, locale="zh-CN", render=lambda v: "长" * 200)


# --- Reading the pick --------------------------------------------------------------------------

A, B, C = (Pick(PickKind.SLOT, index) for index in range(3))

PICKS: list[tuple[str, Pick]] = [
    # zh-CN
    ("B", B),
    ("b", B),
    ("Ｂ", B),
    ("ｂ", B),
    ("选B", B),
    ("B 谢谢", B),
    ("我选B", B),
    ("就B吧", B),
    ("B，谢谢！", B),
    ("A", A),
    ("C", C),
    ("16:30", B),
    ("１６：３０", B),
    ("12月2日16:30", B),
    ("12月2日 16:30", B),
    ("下午四点半", B),
    ("4点半", B),
    ("11:00", C),
    ("B 16:30", B),
    ("都不行", DECLINED),
    ("都不合适", DECLINED),
    ("都不方便", DECLINED),
    ("这几个时间都不行，谢谢", DECLINED),
    ("取消", NOT_A_PICK),  # the reply parser's
    ("B还是C", NOT_A_PICK),
    ("不要B", NOT_A_PICK),
    ("B吗", NOT_A_PICK),
    ("B?", NOT_A_PICK),
    ("B 14:00", NOT_A_PICK),  # the letter and the time disagree
    ("12月3日14:00", NOT_A_PICK),  # no such slot
    ("12月2日", NOT_A_PICK),  # a day with two slots
    ("14:00 16:30", NOT_A_PICK),
    ("都不行，明天呢", NOT_A_PICK),
    ("都不行 B", NOT_A_PICK),
    ("BC", NOT_A_PICK),
    ("D", NOT_A_PICK),
    ("T", NOT_A_PICK),  # carriers' unsubscribe
    ("2", NOT_A_PICK),  # the confirmation request's "change"
    ("确认", NOT_A_PICK),
    ("", NOT_A_PICK),
    # zh-TW
    ("選B", B),
    ("我選C，謝謝", C),
    ("都不合適", DECLINED),
    ("都不方便", DECLINED),
    ("不要B", NOT_A_PICK),
    ("下午四點半", B),
    # en
    ("b please", B),
    ("B thanks", B),
    ("I'll take A", A),
    ("option C", C),
    ("4:30 pm", B),
    ("4:30pm", B),
    ("4:30 p.m.", B),
    ("2 Dec 16:30", B),
    ("Dec 2 4:30 pm", B),
    ("Wed 2 Dec 4:30 pm", B),
    ("Thu 2 Dec 4:30 pm", NOT_A_PICK),  # the weekday says another day
    ("none work", DECLINED),
    ("none of them", DECLINED),
    ("None of these work, sorry", DECLINED),
    ("a bit later", NOT_A_PICK),
    ("is B ok", NOT_A_PICK),
    ("not B", NOT_A_PICK),
    ("B or C", NOT_A_PICK),
    ("plan B", NOT_A_PICK),
    ("cancel", NOT_A_PICK),
    ("STOP", NOT_A_PICK),
]


@pytest.mark.parametrize(("text", "pick"), PICKS, ids=[p[0] or "empty" for p in PICKS])
def test_pick_read(text: str, pick: Pick) -> None:
    assert read_pick(text, OFFERED, tz=SH) == pick


def test_a_letter_beyond_the_offer_is_not_a_pick() -> None:
    assert read_pick("C", OFFERED[:2], tz=SH) == NOT_A_PICK
    assert read_pick("B", OFFERED[:2], tz=SH) == B


def test_a_bare_time_matching_two_slots_is_not_a_pick() -> None:
    twice = (Slot(at(2, 16, 30), "Lily", HOUR), Slot(at(3, 16, 30), "Lily", HOUR))
    assert read_pick("16:30", twice, tz=SH) == NOT_A_PICK
    assert read_pick("12月3日16:30", twice, tz=SH) == B


_FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})


@settings(max_examples=200, deadline=None)
@given(
    row=st.sampled_from(PICKS),
    before=st.sampled_from(["", " ", "  ", "\u3000", "\n", "\t "]),
    after=st.sampled_from(["", " ", "\u3000", "\n", " \t"]),
    full_width=st.booleans(),
)
def test_pick_ignores_surrounding_space_and_full_width_forms(
    row: tuple[str, Pick], before: str, after: str, full_width: bool
) -> None:
    text, pick = row
    if full_width:
        text = text.translate(_FULL_WIDTH)
    assert read_pick(before + text + after, OFFERED, tz=SH) == pick


@pytest.mark.parametrize(
    ("typed", "lettered"),
    [
        # By start, whatever order they were typed in; one start's stylists by name.
        ([(16, "Mia"), (11, "Mia")], [(11, "Mia"), (16, "Mia")]),
        ([(15, "Zoe"), (15, "Lily"), (9, "Zoe")], [(9, "Zoe"), (15, "Lily"), (15, "Zoe")]),
    ],
)
def test_an_offers_slots_are_lettered_by_start_then_stylist(
    typed: list[tuple[int, str]], lettered: list[tuple[int, str]]
) -> None:
    def slot(hour: int, stylist: str) -> Slot:
        return Slot(datetime(2026, 12, 8, hour, tzinfo=ZONE), stylist, timedelta(hours=1))

    ordered = sorted((slot(*each) for each in typed), key=offer_order)
    assert ordered == [slot(*each) for each in lettered]
