"""The learned reader's classes of the nineteenth pass (issue 21).

- an answer said in words in a clause of its own (取消，太贵了; "Cancel pls, no time sorry";
  改期，发烧了怕传染; 確認，今次做gel甲): the rules leave the reply unclear for the other clause's
  words, and the reader, unsure for the same words, may still read the answer said when the
  model reads it as the likeliest and the guard finds nothing. A model that reads another answer
  or none, a name before the answer ("Lily, cancel": whose is it?), a question, a condition,
  someone else or a no still stops it.
- a jest taking the answer back (取消……开玩笑的, "cancel jk"): stops every reading.
- what looks undecided beside a cancel said in words and is not: a hedge on not coming again
  (以后应该也不来了, 應該沒辦法過去, 以後可能不會再去了), Cantonese 都係 after thinking it over
  (諗諗下都係唔剪喇) and the next visit left for later (下回再说). A hedge on the cancel
  itself (可能要取消), a condition (如果落雨就取消), a question, or a hedge with no cancel said
  (可能不去了) still stops it.
- English asking whether a day or time named is free, beside a change said in words ("need to
  reschedule, is friday ok?", "Is 4pm free? I'd like to move it", "anything next week?"): which
  time, the change's own question. Asked alone, beside a fee, a condition or someone else, or
  about a stylist (is Lily free friday?) still stops it.

The model is a stand-in here (``_unsure``: the answer the likeliest by a margin far under the
threshold), so the rows hold whatever a retrained reader reads. Each word in three phrasings,
and the phrasings that must still stop. Rows written for these tests (none is a row of a
held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_guard import Guard, guard, learned_intent
from gateway.domain.reply_learned import CLASSES, Model, features
from gateway.domain.taught_phrases import phrase_text
from tests.unit.reply_tables import held_out_replies


def _unsure(body: str, label: str, margin: float = 1.0) -> Model:
    """A model that has seen every feature of ``body`` and reads it as ``label``, by ``margin``
    (the shipped threshold, 6.9, far above it)."""
    seen = features(phrase_text(body))
    share = margin / len(seen)
    weight = tuple(share if name == label else 0.0 for name in CLASSES)
    return Model({feature: (weight[0], weight[1], weight[2], weight[3]) for feature in seen}, 6.9)


def _read(body: str, label: str, margin: float = 1.0) -> Intent | None:
    return learned_intent(body, parse_reply(body), _unsure(body, label, margin))


#: A cancel said in words, in Simplified, Traditional and Cantonese, and English.
CANCEL_WORDS = ("取消", "取消呀", "取消吧", "cancel", "Cancel pls")
CANCEL_SHAPES = ("{}，实在太贵了", "{}, no time sorry", "{}，呢排錢唔夠住😅")
#: A change said in words.
CHANGE_WORDS = ("改期", "改時間", "reschedule", "postpone pls")
CHANGE_SHAPES = ("{}，发烧了怕传染", "{}，那日臨時要返工", "{}, down with flu")
#: A yes said in words.
CONFIRM_WORDS = ("确认", "確認", "confirm")
CONFIRM_SHAPES = ("{}，我开车过去", "{}，今次想做gel甲", "{}. Bringing a photo of the cut I want")
SAID_ALONE_ROWS = [
    (shape.format(word), intent)
    for words, shapes, intent in (
        (CANCEL_WORDS, CANCEL_SHAPES, Intent.CANCEL),
        (CHANGE_WORDS, CHANGE_SHAPES, Intent.CHANGE),
        (CONFIRM_WORDS, CONFIRM_SHAPES, Intent.CONFIRM),
    )
    for word in words
    for shape in shapes
]
#: Said in words, and still stopped, whatever the model reads: a name before the answer (whose
#: is it?), a question, a condition, someone else, a no, two answers.
SAID_STILL_STOPS = [
    ("Lily, cancel", Intent.CANCEL),
    ("小王，取消", Intent.CANCEL),
    ("取消？太贵了", Intent.CANCEL),
    ("取消，太贵了的话", Intent.CANCEL),
    ("cancel, if it's too pricey", Intent.CANCEL),
    ("取消，我老婆说太贵了", Intent.CANCEL),
    ("改期，我老公说那日要返工", Intent.CHANGE),
    ("reschedule, my wife says so", Intent.CHANGE),
    ("確認，唔係我去", Intent.CONFIRM),
    ("confirm, not sure about the colour", Intent.CONFIRM),
    ("取消，改期，太贵了", Intent.CANCEL),
]


def test_each_answer_word_in_three_phrasings() -> None:
    assert len(SAID_ALONE_ROWS) == 3 * (len(CANCEL_WORDS) + len(CHANGE_WORDS) + len(CONFIRM_WORDS))


@pytest.mark.parametrize(("body", "intent"), SAID_ALONE_ROWS)
def test_an_answer_said_in_a_clause_of_its_own_is_read_by_an_unsure_reader(
    body: str, intent: Intent
) -> None:
    parsed = parse_reply(body)
    assert (parsed.intent, parsed.unread) == (Intent.UNKNOWN, True)  # the rules leave it unclear
    assert _read(body, intent.value) is intent


@pytest.mark.parametrize(("body", "intent"), SAID_ALONE_ROWS)
def test_an_unsure_reader_reading_another_answer_or_none_reads_nothing(
    body: str, intent: Intent
) -> None:
    others = [label for label in CLASSES if label != intent.value]
    assert [_read(body, label) for label in others] == [None, None, None]


@pytest.mark.parametrize(("body", "intent"), SAID_STILL_STOPS)
def test_a_name_a_question_a_condition_someone_else_or_a_no_still_stops_it(
    body: str, intent: Intent
) -> None:
    assert _read(body, intent.value) is None


#: A jest taking the answer back: 开玩笑 (zh-CN, zh-TW), Cantonese 讲笑, and English.
JEST_WORDS = ("开玩笑的", "開玩笑嘅", "讲笑咋", "逗你的", "jk", "just kidding")
JEST_ROWS = [
    (shape.format(word), intent)
    for word in JEST_WORDS
    for shape, intent in (
        ("取消吧……{}😜", Intent.CANCEL),
        ("改期 哈哈 {}", Intent.CHANGE),
        ("确认！{}", Intent.CONFIRM),
    )
]


def test_each_jest_in_three_phrasings() -> None:
    assert len(JEST_ROWS) == 3 * len(JEST_WORDS)


@pytest.mark.parametrize(("body", "intent"), JEST_ROWS)
def test_an_answer_called_a_jest_is_taken_back_whatever_the_model_reads(
    body: str, intent: Intent
) -> None:
    assert guard(body, intent) is Guard.TAKEN_BACK
    assert _read(body, intent.value, margin=30.0) is None


#: A hedge on not coming (again), beside a cancel said in words.
HEDGED_WORDS = (
    "以后应该也不来了",
    "應該沒辦法過去",
    "以後可能不會再去了",
    "估计没法来了",
)
HEDGED_ROWS = [
    shape.format(word)
    for word in HEDGED_WORDS
    for shape in ("要搬走了，{}，取消吧", "不好意思 {} 帮我取消", "取消預約，我搬咗屋，{}")
]
#: Cantonese 都係 after thinking it over, and the next visit left for later.
THOUGHT_OVER_WORDS = ("諗諗下都係", "谂谂下都系", "諗諗都係")
THOUGHT_OVER_ROWS = [
    shape.format(word)
    for word in THOUGHT_OVER_WORDS
    for shape in ("{}唔剪喇，取消吖", "{}唔做住，幫我取消", "取消啦，{}留長好")
]
LATER_ROWS = ["去不了了，帮我取消，下回再说", "取消吧 下回再说", "下回再说吧，这次先取消"]
#: A hedge on the cancel itself, a condition, a question, or no cancel said: still stopped.
HEDGE_STILL_STOPS = [
    "可能要取消",
    "应该会取消吧",
    "如果落雨就取消",
    "可能不去了",
    "估计没法来了",
    "以后应该也不来了，取消？",
]


def test_each_hedge_in_three_phrasings() -> None:
    assert len(HEDGED_ROWS) == 3 * len(HEDGED_WORDS)
    assert len(THOUGHT_OVER_ROWS) == 3 * len(THOUGHT_OVER_WORDS)


@pytest.mark.parametrize("body", HEDGED_ROWS + THOUGHT_OVER_ROWS + LATER_ROWS)
def test_a_hedge_on_not_coming_beside_a_cancel_said_is_decided(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize("body", HEDGE_STILL_STOPS)
def test_a_hedge_on_the_cancel_a_condition_or_no_cancel_said_still_stops(body: str) -> None:
    assert guard(body, Intent.CANCEL) is not None


#: A day or time named and asked about in English, beside a change said in words.
SLOT_ASKED_WORDS = ("is friday ok", "is 4pm free", "anything next week", "any thursday slots")
SLOT_ASKED_ROWS = [
    shape.format(word)
    for word in SLOT_ASKED_WORDS
    for shape in (
        "need to reschedule, {}?",
        "{}? I'd like to move it",
        "Hi, have to change my appt - {}?",
    )
]
SLOT_ASKED_STILL_STOPS = [
    "is friday ok?",
    "need to reschedule, is friday ok? how much is the fee?",
    "need to reschedule, is Lily free friday?",
    "is 4pm free? my wife wants to move it",
    "is 4pm free? if so move it",
]


def test_each_slot_asked_in_three_phrasings() -> None:
    assert len(SLOT_ASKED_ROWS) == 3 * len(SLOT_ASKED_WORDS)


@pytest.mark.parametrize("body", SLOT_ASKED_ROWS)
def test_a_day_or_time_asked_beside_a_change_said_is_the_change(body: str) -> None:
    assert guard(body, Intent.CHANGE) is None


@pytest.mark.parametrize("body", SLOT_ASKED_STILL_STOPS)
def test_a_slot_asked_alone_or_with_a_fee_a_stylist_or_someone_still_stops(body: str) -> None:
    assert guard(body, Intent.CHANGE) is not None


#: The sets spent when these rows were written (23 and 24 are blind: never read here).
SPENT = [f"replies_heldout{n}.tsv" for n in ("", *range(2, 23))]
TRAINING = [f"replies_train_{letter}.tsv" for letter in "abcdefghijklmnop"]


def test_no_row_here_is_a_row_of_a_held_out_or_training_set() -> None:
    rows = [row for row, _ in SAID_ALONE_ROWS + SAID_STILL_STOPS + JEST_ROWS]
    rows += HEDGED_ROWS + THOUGHT_OVER_ROWS + LATER_ROWS + HEDGE_STILL_STOPS
    rows += SLOT_ASKED_ROWS + SLOT_ASKED_STILL_STOPS
    shared = sorted(row for row in rows if row in held_out_replies(SPENT + TRAINING))
    assert shared == []  # names only rows of this file
