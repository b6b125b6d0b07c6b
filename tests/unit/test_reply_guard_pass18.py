"""The guard's classes of the eighteenth pass (issue 21): where it stopped the learned reader
on a reply that was the answer the reader read.

- someone else named as the reason or the circumstance of the customer's own answer: what a
  relative forbids (老公不让烫, 我妈不让我剪短, 老公说不让染), what befell them (孩子发烧了,
  我妈住院了, 小孩肠胃炎, "my daughter is sick") and the customer's duty to them (要陪家人,
  要顾小孩, 去接孩子). Someone else answering (我老婆说取消, "my wife says cancel"), the one
  whose appointment it is (帮我朋友改期) or coming in the customer's place (老婆替我来) still
  stops it; a relative's booking answered for them (帮我妈取消，她住院了; 她的预约取消吧) is the
  customer's answer for the one it was made for (``reply_behalf``,
  ``test_replies_behalf.py``).

Each word in three phrasings, and the phrasings that must still stop. Rows written for these
tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import Guard, guard

#: What a relative forbids, beside a cancel said in words.
FORBIDS_WORDS = ("老公不让", "我妈不让我", "老婆说不让")
FORBIDS_ROWS = [
    shape.format(word)
    for word in FORBIDS_WORDS
    for shape in ("{}烫，算了，取消", "唔好意思，{}染，取消咯", "{}剪短 那就取消了哈哈")
]
#: What befell a relative, beside a cancel or a change said in words.
BEFELL_WORDS = ("小孩肠胃炎", "家里老人去世了", "屋企老人家过身", "宝宝肠胃炎")
BEFELL_CANCEL_ROWS = [
    shape.format(word)
    for word in BEFELL_WORDS
    for shape in ("{}，这次就算了哈，取消咯", "不好意思哈，{}，这次先取消啦", "取消咯 {} 抱歉哈")
]
BEFELL_CHANGE_ROWS = [
    shape.format(word)
    for word in BEFELL_WORDS
    for shape in ("{}，改到下周六呗", "抱歉哈，{}，麻烦帮我改期咯", "{} 能不能推到下个礼拜哈")
]
BEFELL_ENGLISH_WORDS = ("my kids are unwell", "my wife is in hospital", "my son has been sick")
BEFELL_ENGLISH_ROWS = [
    shape.format(word)
    for word in BEFELL_ENGLISH_WORDS
    for shape in ("{} so I'll have to cancel, ta", "need to cancel as {}", "gotta cancel as {} :(")
]
#: The customer's duty to a relative, beside a change said in words.
DUTY_WORDS = ("要陪家人", "要顾小孩", "要去接孩子", "得照顾我妈")
DUTY_ROWS = [
    shape.format(word)
    for word in DUTY_WORDS
    for shape in ("那天{}，帮我改期咯", "抱歉哈，周六{}，改到周日上午呗", "{} 能不能挪到晚上七点哈")
]
#: Someone else answering, the one whose appointment it is, or coming instead: still stopped.
SOMEONE_STILL_STOPS = [
    ("我老婆说取消", Intent.CANCEL),
    ("我老公说取消吧，他不去了", Intent.CANCEL),
    ("帮我朋友改期到周日", Intent.CHANGE),
    ("my wife says cancel", Intent.CANCEL),
    ("老婆替我来，确认哈", Intent.CONFIRM),
]


def test_each_reason_word_in_three_phrasings() -> None:
    assert len(FORBIDS_ROWS) == 3 * len(FORBIDS_WORDS)
    assert len(BEFELL_CANCEL_ROWS) == len(BEFELL_CHANGE_ROWS) == 3 * len(BEFELL_WORDS)
    assert len(BEFELL_ENGLISH_ROWS) == 3 * len(BEFELL_ENGLISH_WORDS)
    assert len(DUTY_ROWS) == 3 * len(DUTY_WORDS)


@pytest.mark.parametrize("body", FORBIDS_ROWS + BEFELL_CANCEL_ROWS + BEFELL_ENGLISH_ROWS)
def test_a_relative_as_the_reason_of_a_cancel_is_not_someone_else_answering(body: str) -> None:
    assert guard(body, Intent.CANCEL) is None


@pytest.mark.parametrize("body", BEFELL_CHANGE_ROWS + DUTY_ROWS)
def test_a_relative_as_the_reason_of_a_change_is_not_someone_else_answering(body: str) -> None:
    assert guard(body, Intent.CHANGE) is None


@pytest.mark.parametrize(("body", "intent"), SOMEONE_STILL_STOPS)
def test_someone_else_answering_or_whose_appointment_it_is_still_stops(
    body: str, intent: Intent
) -> None:
    assert guard(body, intent) is Guard.SOMEONE_ELSE


#: A change asked as a yes/no question ending "or not" (Singlish), beside the time asked for.
OR_NOT_WORDS = ("sun morning", "4pm", "next sat")
OR_NOT_ROWS = [
    shape.format(word)
    for word in OR_NOT_WORDS
    for shape in (
        "can change to {} or not",
        "Hi can change to {} or not?",
        "Could move to {} or not",
    )
]
#: "maybe" beside the time the customer names, beside a change asked for.
MAYBE_WORDS = ("4pm", "4:30", "Thursday")
MAYBE_ROWS = [
    shape.format(word)
    for word in MAYBE_WORDS
    for shape in (
        "Could we make it later? {} maybe?",
        "Can we pick another day, maybe {}",
        "Can it be later? {} maybe",
    )
]
#: Two times offered, a condition on someone else, or "maybe" alone: still stopped.
CONDITION_STILL_STOPS = [
    "Could we make it later? 4 or 5 maybe?",
    "can change to 4pm if Lily's free",
    "maybe we can move it, not sure yet",
    "Can we pick another day, maybe",
]


def test_each_asked_time_in_three_phrasings() -> None:
    assert len(OR_NOT_ROWS) == 3 * len(OR_NOT_WORDS)
    assert len(MAYBE_ROWS) == 3 * len(MAYBE_WORDS)


@pytest.mark.parametrize("body", OR_NOT_ROWS + MAYBE_ROWS)
def test_a_time_asked_or_suggested_is_no_condition_and_no_no(body: str) -> None:
    assert guard(body, Intent.CHANGE) is None


@pytest.mark.parametrize("body", CONDITION_STILL_STOPS)
def test_two_times_a_condition_or_maybe_alone_still_stops(body: str) -> None:
    assert guard(body, Intent.CHANGE) is not None
