"""The guard's classes of the seventeenth pass (issue 21): where it stopped the learned reader
on a reply that was the answer the reader read.

- a no agreeing with a cancel said in words: a bare no leading it ("nah cancel it", "no thanks,
  cancel"), a decision not to have the service (决定不剪, "decided not to cut"), and in a clause
  of its own being no longer here or not coming again (已经不在这边住了, 唔喺香港, 暂时唔会再约)
  are the cancel's own; 别 as "other" (在别家剪好了) and 特别 ("especially") deny nothing. A no
  to the cancel itself ("no don't cancel"), a change beside it, a bare no alone, a no to a change
  (不用改期) or to further messages still stop it;
- words that look like asking and ask nothing: Cantonese 呢 as "this" (呢排, 呢日, 呢次, 呢個)
  and a soft yes's 呢 (嗯呢, 好的呢亲); beside a cancel, "when" in a promise to be in touch again
  ("will rebook when things settle"). A question mark, a question word elsewhere or the particle
  itself (后天这个点呢, 咁呢) still asks;
- a cancel asked for as a request ("can you cancel my appointment?", "cancel for me can?",
  帮我取消了嘛): the cancel itself. Asking whether ("can I cancel?"), a fee or a rule named
  beside it, another question word or a question mark after the particle still stop it;
- another day asked for, in a clause of its own, after cannot-come, a day that does not work or
  a duty that takes it (明天整不了 后天行不, 听日唔得 后日得唔得, 明天要值班 后天行吗): the
  change asked as a question. No reason beside it, a fee asked, or the day asked in the first
  clause still stop it.

Each word in three phrasings, and the phrasings that must still stop. Rows written for these
tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import Guard, guard
from tests.unit.reply_tables import held_out_replies

#: A bare no leading a cancel said in words.
LEADING_NO_WORDS = ("nah", "no thanks", "no la", "nope")
LEADING_NO_ROWS = [
    shape.format(word)
    for word in LEADING_NO_WORDS
    for shape in ("{} cancel my 3pm pls", "{}, cancel it, ty", "{}! please cancel the booking")
]
#: A decision not to have the service, beside a cancel said in words.
DECIDED_NOT_WORDS = ("decided not to go ahead", "decided not to colour")
DECIDED_NOT_ROWS = [
    shape.format(word)
    for word in DECIDED_NOT_WORDS
    for shape in ("I {} after all, cancel pls", "sorry, {}, please cancel", "{}. cancel it thx")
] + [
    shape.format(word)
    for word in ("决定不剪", "決定唔做", "决定不烫")
    for shape in ("想了下{}，取消", "{}，取消吧", "sorry，{}，取消")
]
#: No longer here, or not coming again, in a clause of its own beside a cancel said in words.
NO_LONGER_WORDS = ("已经不在这边住了", "嗰日唔喺香港", "而家唔喺深圳", "暂时唔会再约")
NO_LONGER_ROWS = [
    shape.format(word)
    for word in NO_LONGER_WORDS
    for shape in ("{}，取消", "取消呀，{}", "唔好意思，{}，麻烦帮我取消")
]
#: 别 as "other": a cut had at another shop, beside a cancel said in words.
ELSEWHERE_WORDS = ("在别家剪好了", "喺別家做咗", "去别家弄好了")
ELSEWHERE_ROWS = [
    shape.format(word)
    for word in ELSEWHERE_WORDS
    for shape in ("{}，取消吧", "取消～{}", "不好意思我{}，这个取消")
]
#: A no to the cancel itself, a change beside it, a bare no alone, a no to a change or to
#: further messages, a no after the cancel.
NO_STILL_STOPS = [
    "no dont cancel it",
    "nah cancel, don't reschedule",
    "no, cancel the change",
    "nope cancel and dont text me again",
    "取消，不用改期",
    "取消，以后别再发了",
    "已经不在这边住了，取消，以后不用提醒了",
    "取消，不是",
    "决定不剪，不要取消",
    "nah",
    "no more changes pls, cancel",
    "nah cant come, dont cancel",
]


def test_each_no_word_in_three_phrasings() -> None:
    assert len(LEADING_NO_ROWS) == 3 * len(LEADING_NO_WORDS)
    assert len(DECIDED_NOT_ROWS) == 3 * (len(DECIDED_NOT_WORDS) + 3)
    assert len(NO_LONGER_ROWS) == 3 * len(NO_LONGER_WORDS)
    assert len(ELSEWHERE_ROWS) == 3 * len(ELSEWHERE_WORDS)


@pytest.mark.parametrize("body", LEADING_NO_ROWS + DECIDED_NOT_ROWS + NO_LONGER_ROWS)
def test_a_no_agreeing_with_a_cancel_said_in_words_is_the_cancel(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize("body", ELSEWHERE_ROWS)
def test_a_cut_had_at_another_shop_beside_a_cancel_denies_nothing(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize(
    "body", ["确认，上次剪得特别好", "okk，特别期待，明天见", "会来的，Lily特别好，确认"]
)
def test_especially_beside_a_yes_denies_nothing(body: str) -> None:
    assert guard(body, Intent.CONFIRM) is None


@pytest.mark.parametrize("body", NO_STILL_STOPS)
def test_a_no_to_the_cancel_or_to_more_than_the_visit_still_stops(body: str) -> None:
    assert guard(body, Intent.CANCEL) is not None


#: 呢 as "this", beside a cancel or a yes.
THIS_WORDS = ("呢排", "呢日", "呢次", "呢個")
THIS_CANCEL_ROWS = [
    shape.format(word)
    for word in THIS_WORDS
    for shape in ("{}好忙，取消啦", "取消唔該，{}唔得閒", "唔好意思{}都冇時間，取消咗佢")
]
#: A soft yes's 呢, beside a yes.
SOFT_YES_ROWS = [
    "嗯呢，确认，到时候找Lily做造型",
    "好的呢亲，后天准时来做护理哦",
    "嗯呢，确认哈，我一个人来",
]
#: "when" in a promise to be in touch again, beside a cancel.
PROMISE_WORDS = ("will call when", "I'll text you when", "gonna ring you when")
PROMISE_ROWS = [
    shape.format(word)
    for word in PROMISE_WORDS
    for shape in (
        "Have to cancel, sorry. {} I'm back in town",
        "please cancel my booking, {} I'm feeling better",
        "cancel pls! {} work calms down",
    )
]
#: A question mark, a question word elsewhere, the particle itself.
ASKING_STILL_STOPS = [
    ("取消，咁呢", Intent.CANCEL),
    ("cancel, when can I come instead", Intent.CANCEL),
    ("Have to cancel. Will call when? ", Intent.CANCEL),
    ("呢排好忙，取消得唔得", Intent.CANCEL),
    ("呢排好忙，取消吗", Intent.CANCEL),
    ("嗯呢，几点到呢", Intent.CONFIRM),
]


def test_each_asking_word_in_three_phrasings() -> None:
    assert len(THIS_CANCEL_ROWS) == 3 * len(THIS_WORDS)
    assert len(PROMISE_ROWS) == 3 * len(PROMISE_WORDS)


@pytest.mark.parametrize("body", THIS_CANCEL_ROWS + PROMISE_ROWS)
def test_this_or_a_promise_beside_a_cancel_asks_nothing(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize("body", SOFT_YES_ROWS)
def test_a_soft_yes_with_ne_asks_nothing(body: str) -> None:
    assert guard(body, Intent.CONFIRM) is None


@pytest.mark.parametrize(("body", "intent"), ASKING_STILL_STOPS)
def test_a_question_beside_this_or_a_promise_still_stops(body: str, intent: Intent) -> None:
    assert guard(body, intent) is Guard.QUESTION


#: A cancel asked for as a request.
ASKED_CANCEL_WORDS = ("can you cancel?", "could u pls cancel?", "cancel for me can?")
ASKED_CANCEL_ROWS = [
    shape.format(word)
    for word in ASKED_CANCEL_WORDS
    for shape in ("sick today, {} la", "{}  so sorry, work trip came up", "Hi Lily {} - flu 🤒")
] + [
    shape.format(word)
    for word in ("取消嘛", "取消了嘛", "帮我取消嘛")
    for shape in ("屋头有事，{}", "莫得空了 {}", "{}，公司喊我去外地驻场")
]
#: Asking whether, a fee or a rule, another question word, a question mark after the particle.
ASKED_CANCEL_STILL_STOPS = [
    "sick today, can I cancel?",
    "sick today, should I cancel?",
    "can you cancel? is there a fee",
    "can you cancel, how much notice do you need",
    "can you cancel? when can I come instead",
    "屋头有事，取消嘛？",
    "屋头有事，取消要扣定金嘛",
]


def test_each_cancel_asked_for_in_three_phrasings() -> None:
    assert len(ASKED_CANCEL_ROWS) == 3 * (len(ASKED_CANCEL_WORDS) + 3)


@pytest.mark.parametrize("body", ASKED_CANCEL_ROWS)
def test_a_cancel_asked_for_as_a_request_is_the_cancel(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize("body", ASKED_CANCEL_STILL_STOPS)
def test_asking_whether_a_fee_or_another_question_still_stops_the_cancel(body: str) -> None:
    assert guard(body, Intent.CANCEL) is not None


#: Another day asked for after cannot-come, a day that does not work, or a duty.
DAY_ASKED_WORDS = ("后天行不", "后日得唔得", "后天成不成")
DAY_ASKED_ROWS = [
    shape.format(word)
    for word in DAY_ASKED_WORDS
    for shape in ("师傅 明儿整不了 {}", "聽日唔得呀 {}", "明天要值班，{}")
]
#: No reason beside it, a fee asked, the day asked in the first clause.
DAY_ASKED_STILL_STOPS = [
    "师傅 后天行不",
    "明天整不了 后天行不 要加钱不",
    "后天行不，明天整不了",
    "明天要加班 后天多少钱",
]


def test_each_day_asked_in_three_phrasings() -> None:
    assert len(DAY_ASKED_ROWS) == 3 * len(DAY_ASKED_WORDS)


@pytest.mark.parametrize("body", DAY_ASKED_ROWS)
def test_another_day_asked_after_the_booked_one_does_not_work_is_a_change(body: str) -> None:
    assert guard(body, Intent.CHANGE) is None


@pytest.mark.parametrize("body", DAY_ASKED_STILL_STOPS)
def test_a_day_asked_with_no_reason_or_with_a_fee_still_stops(body: str) -> None:
    assert guard(body, Intent.CHANGE) is not None


#: The sets spent when these rows were written (21 and 22 are blind: never read here).
SPENT = [f"replies_heldout{n}.tsv" for n in ("", *range(2, 21))]


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    rows = LEADING_NO_ROWS + DECIDED_NOT_ROWS + NO_LONGER_ROWS + ELSEWHERE_ROWS + NO_STILL_STOPS
    rows += THIS_CANCEL_ROWS + SOFT_YES_ROWS + PROMISE_ROWS + [r for r, _ in ASKING_STILL_STOPS]
    rows += ASKED_CANCEL_ROWS + ASKED_CANCEL_STILL_STOPS + DAY_ASKED_ROWS + DAY_ASKED_STILL_STOPS
    shared = sorted(row for row in rows if row in held_out_replies(SPENT))
    assert shared == []  # names only rows of this file
