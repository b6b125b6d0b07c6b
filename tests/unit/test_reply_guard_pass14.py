"""The guard's classes of the fourteenth pass (issue 21): what the training sets showed it
stopping in a change or a cancel that was one.

- a reason with a no of its own beside a cancel (没时间, 冇钱, 钱唔够, 没心情, "no time", "can't
  afford it", "won't be in town"): why the customer cancels, not a no to the cancel; a no to the
  cancel itself (先不取消了, "don't cancel it"), another answer beside it (没钱，改到下个月吧) or
  someone else's word still stops it;
- having moved away, "already" as "no longer" and a cut had elsewhere, in English beside a cancel
  said in words ("cancel, I've moved out of the area", "cannot go already, cancel", "cancel, I
  already got it cut elsewhere"): why, not news of a change made; moved to a day or a time, a
  change made (rescheduled), or no cancel said in words still stops it.

Each word in three phrasings, and the phrasings without it that must still stop. Rows written for
these tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import Guard, guard
from tests.unit.reply_tables import held_out_replies

REASON_WORDS = (
    "没时间", "沒時間", "冇时间", "没有时间", "没钱", "沒錢", "冇钱", "冇錢", "没有钱", "钱唔够",
    "錢唔夠", "没心情", "沒心情", "没心思", "冇心情",
)  # fmt: skip
REASON_WORDS_ENGLISH = (
    "no time", "no money", "can't afford it", "cannot afford it", "not in town",
    "won't be in town", "will not be in town", "won't be back",
)  # fmt: skip
REASON_ROWS = [
    shape.format(word)
    for word in REASON_WORDS
    for shape in ("家里在装修，{}，帮我取消", "取消吧，搞装修搞到{}", "麻烦取消一下，年底冲业绩{}")
] + [
    shape.format(word)
    for word in REASON_WORDS_ENGLISH
    for shape in (
        "please cancel, renovating and {}",
        "{}, renovating, cancel it",
        "cancel my booking pls, renovating so {}",
    )
]
STILL_STOPS = [
    "没时间，先不取消了",
    "冇钱，但系唔好取消住",
    "no time, don't cancel it",
    "没钱，改到下个月吧",
    "no money, can I move it to next month?",
    "冇钱，我老婆话取消",
    "钱唔够，取消定唔取消好呢",
    "没时间，取消还是改期好",
]

#: Beside a cancel said in words: moved away, "already" as no longer, a cut had elsewhere.
GONE_WORDS = (
    "I've moved away", "I've moved out of the area", "we moved interstate", "I'm moving overseas",
    "I moved to Perth", "cannot go already", "can't come already", "cannot make it already",
    "I already got it cut", "already had a trim", "got a haircut elsewhere already",
)  # fmt: skip
GONE_ROWS = [
    shape.format(word)
    for word in GONE_WORDS
    for shape in ("please cancel, {}", "{}, cancel it thanks", "sorry, {}. pls cancel my booking")
]
GONE_STILL_STOPS = [
    "cancel, I've moved it to friday",
    "cancel the old one, already moved to 3pm",
    "cancel, moved to the afternoon",
    "cancel, already rescheduled with Lily",
    "I've moved away",
    "cannot go already",
]


def test_each_word_in_three_phrasings() -> None:
    assert len(REASON_ROWS) == 3 * (len(REASON_WORDS) + len(REASON_WORDS_ENGLISH))
    assert len(GONE_ROWS) == 3 * len(GONE_WORDS)


@pytest.mark.parametrize("body", REASON_ROWS)
def test_a_reason_with_its_own_no_beside_a_cancel_is_why(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize("body", STILL_STOPS)
def test_a_no_to_the_cancel_or_another_answer_beside_the_reason_still_stops(body: str) -> None:
    assert guard(body, Intent.CANCEL) is not None


@pytest.mark.parametrize("body", GONE_ROWS)
def test_moved_away_or_already_beside_a_cancel_is_why(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize("body", GONE_STILL_STOPS)
def test_a_move_made_or_no_cancel_said_still_stops(body: str) -> None:
    assert guard(body, Intent.CANCEL) is not None


def test_a_move_made_is_still_news_of_a_change() -> None:
    assert guard("cancel, I've moved it to friday", Intent.CANCEL) is Guard.CHANGE_MADE


#: The sets spent when these rows were written, 15 and 16 included (17 and 18 were blind then,
#: not read for them: a writer of theirs may say what a row here says, and that is no copy).
SPENT = [f"replies_heldout{n}.tsv" for n in ("", *range(2, 17))]


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    rows = REASON_ROWS + STILL_STOPS + GONE_ROWS + GONE_STILL_STOPS
    shared = sorted(row for row in rows if row in held_out_replies(SPENT))
    assert shared == []  # names only rows of this file
