"""The rules' classes of the seventeenth pass, part A (issue 21): replies whose every word the
rules know, which they read whole and refused (so the learned reader never saw them), where the
words together say one answer.

- a head word mistyped alone (Cancle, Confrim!!, Confirmmm): capitalised as any reply's first
  word is, it was taken for a name signing the reply; a name thanked or greeted (Thanks Cancle),
  the word asked about, or beside another answer still stops;
- not coming "anymore" (not coming anymore, can't make it any more): "anymore" was read as the
  texts an opt-out stops (no more texts); after not coming it is the visit. Asked about, someone
  else's, on a condition or beside a yes still stops;
- "for sure" before another answer (确定取消, 确定不去了, 确定要改期): 确定 was
  read as a yes beside the cancel or change, two answers; like 肯定 and 一定 it says how sure
  the answer after it is, and alone it is still a yes. Asked about, in a clause of its own
  beside another answer, someone else's or on a condition still stops;
- the reminder thanked for or received (唔该提醒, 蟹蟹提醒, "thx 提醒", 收到预约提醒): 提醒 and 通知
  alone are the messages an opt-out stops, so a yes beside them was refused; thanked for, they
  are politeness as 谢谢提醒 was, and received, a receipt as 收到 is. Thanks alone, a question,
  someone else or two answers beside them still stop.

Each word in three phrasings, and the phrasings that must still stop. Rows written for these
tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from tests.unit.reply_tables import held_out_before

CONFIRM = Intent.CONFIRM
CHANGE = Intent.CHANGE
CANCEL = Intent.CANCEL
UNKNOWN = Intent.UNKNOWN

#: Head words mistyped (two letters swapped, one left out, the last held down), capitalised.
SLIPPED = {
    "Cancle": CANCEL,
    "Cnacel": CANCEL,
    "Cancl": CANCEL,
    "Confrim": CONFIRM,
    "Cofirm": CONFIRM,
    "Confirmmm": CONFIRM,
    "Reschdule": CHANGE,
    "Chnage": CHANGE,
}
SLIPPED_ROWS = [
    (shape.format(word), intent)
    for word, intent in SLIPPED.items()
    for shape in ("{}", "{}!!", "{} 🙏")
]
SLIPPED_STOPS = [
    shape.format(word, "Confrim" if intent is CANCEL else "Cancle")
    for word, intent in SLIPPED.items()
    for shape in ("{}?", "Thanks {}", "Hi {}", "{} {}")
]

#: Not coming, then "anymore".
NO_LONGER = (
    "not coming anymore",
    "Can't make it anymore",
    "wont make it any more",
    "can't come anymore",
    "won't be able to make it anymore",
)
NO_LONGER_ROWS = [
    (shape.format(words), CANCEL)
    for words in NO_LONGER
    for shape in ("{}", "Sorry, {}", "{}, please cancel")
]
NO_LONGER_STOPS = [
    shape.format(words)
    for words in NO_LONGER
    for shape in ("{}?", "my husband {}", "if it rains {}", "{}, see you saturday")
]

#: 确定 before the answer it makes sure of; alone, still a yes.
SURELY_ROWS = [
    ("确定取消，谢谢啦", CANCEL),
    ("確定要取消", CANCEL),
    ("确定要取消预约，谢谢", CANCEL),
    ("确定不去了", CANCEL),
    ("确定唔嚟喇", CANCEL),
    ("確定嚟唔到，唔好意思", CANCEL),
    ("确定要改期", CHANGE),
    ("確定改時間", CHANGE),
    ("确定改到下周", CHANGE),
    ("确定会来", CONFIRM),
    ("確定，謝謝", CONFIRM),
    ("确定，到时见", CONFIRM),
]
SURELY_STOPS = [
    "确定取消吗",
    "確定取消？",
    "确定要改期吗",
    "确定，取消",
    "确定取消，改到周五",
    "我老公确定不去了",
    "如果下雨就确定取消",
    "确定不",
]

#: Thanks for the reminder, and the reminder received.
THANKED = ("唔该提醒", "蟹蟹提醒", "thx 提醒", "多谢晒通知", "唔該晒提醒")
RECEIVED = ("收到预约提醒", "收到提醒了", "收到通知啦")
REMINDER_ROWS = [
    (shape.format(words), CONFIRM)
    for words in THANKED + RECEIVED
    for shape in ("{}，会去的", "好的，{}", "确认，{}")
]
REMINDER_STOPS = (
    [
        shape.format(words)
        for words in THANKED + RECEIVED
        for shape in ("{}，会去的吗", "{}，我老公会嚟", "{}，确认，取消")
    ]
    + list(THANKED)
    + ["别再提醒了", "唔好再提醒"]
)

ROWS = SLIPPED_ROWS + NO_LONGER_ROWS + SURELY_ROWS + REMINDER_ROWS
STOPS = SLIPPED_STOPS + NO_LONGER_STOPS + SURELY_STOPS + REMINDER_STOPS


@pytest.mark.parametrize(("body", "intent"), ROWS)
def test_every_word_in_three_phrasings(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


@pytest.mark.parametrize("body", STOPS)
def test_what_must_still_stop(body: str) -> None:
    assert parse_reply(body).intent is UNKNOWN


def test_no_row_is_a_held_out_reply() -> None:
    rows = {body for body, _ in ROWS} | set(STOPS)
    # A set written blind after these rows may hold one of them word for word: not taken from it.
    assert not rows & held_out_before(23)
