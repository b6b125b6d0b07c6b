"""The guard's classes of the eleventh pass (issue 21): what the training sets g to k showed the
learned reader, or the change-plus-when reading, taking for an answer when it was not one.

- a condition said with 就 (不行就取消吧, 打风就改第日): the answer holds only if something else
  does not work out;
- a complaint as "a disaster", "a nightmare", "horrible": a person reads what went wrong;
- another stylist asked for (能换成Tony老师吗, 今次想轉第個髮型師): who changes, not when;
- a reason given and nothing else (我搬家了 离你们远了好多): why, not what to do;
- an automatic reply ("I am out of the office until Monday"): nobody answered;
- a change and when beside a cancel (改到周日，取消吧): the time hides the cancel from the parser;
- a no in a clause that holds no answer word, beside a change or a cancel said in so many words
  (不想出门，取消吧; "please cancel, don't want to pass it on"): the reason's no, not a no to the
  answer; a bare no (取消，不是; "cancel, no wait") or a no to an answer word still stops it;
- another day or time asked about beside cannot-come or a time that does not work (星期六唔得，
  星期日得唔得？; "Cannot make it sat, can do next sat same time?"): a change asked as a question;
- and, in the parser, asking to be sent the time again (再发一下时间呗, "resend the time"): a
  question the machine answers, not a change.

Each word in three phrasings where it stops a reading, and phrasings where a near word must not.
Rows written for these tests (none is a row of a held-out set)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import Question, parse_reply
from gateway.domain.reply_guard import Guard, guard, refusal, stops_a_change_with_when
from tests.unit.reply_tables import held_out_replies

CONDITIONS_WITH_THEN = (
    "不行就", "唔得就", "不可以就", "没空就", "冇空就", "没位就", "冇位就", "打风就", "下雨就",
    "落雨就",
)  # fmt: skip
CONDITION_ROWS = [
    shape.format(word)
    for word in CONDITIONS_WITH_THEN
    for shape in ("先改到周六吧，{}取消", "{}改第日啦", "我争取来哈 {}帮我推后")
] + ["实在不行帮我取消", "真系唔得就改期", "实在不行 改下周吧"]
#: A reason or a no that is no condition: 周六不行 is the time that does not work.
NOT_A_CONDITION = ["周六不行，改到周日吧", "下雨了，改天吧", "没空，取消吧", "唔得闲，改期唔该"]

COMPLAINTS = ("disaster", "nightmare", "horrible")
COMPLAINT_ROWS = [
    shape.format(word)
    for word in COMPLAINTS
    for shape in ("my hair is a {} lol", "what a {} of a week, see u sat", "{} day honestly")
]

STYLISTS = ("老师", "发型师", "设计师", "理发师", "师傅", "技师", "美发师", "造型师")
STYLIST_ROWS = [
    shape.format(word)
    for word in STYLISTS
    for shape in ("这次想换个{}试试", "下次换成Tony{}吧", "今次转第个{}")
] + [
    "can i switch to a different stylist",
    "another stylist this time pls",
    "change my stylist please",
    "different hairdresser next time",
    "new barber pls",
    "could we switch the stylist",
]
SERVICES = ("染发", "烫发", "剪发", "洗剪吹", "护理", "美甲", "焗油", "拉直", "洗头")
SERVICE_ROWS = [
    shape.format(word)
    for word in SERVICES
    for shape in ("这次想换成{}试试", "帮我改做{}吧 时间照旧", "下次转{}吧")
]
#: A stylist named beside a change of time is not another stylist asked for.
STYLIST_BESIDE_A_CHANGE = [
    "改到周日吧，麻烦Lily老师了",
    "推后一周 还是找Tony老师",
    "resched pls, same stylist",
]

REASONS_ALONE = [
    "我搬家了 离你们远了好多",
    "最近加班 忙到飞起",
    "出差中 人在外地",
    "生病了 整个人都蔫了",
    "家里有事 乱成一锅粥",
    "堵车堵得厉害 哎",
]

AUTO_REPLIES = [
    "I am out of the office until Monday. For urgent matters please contact reception",
    "Out of office: back on the 3rd",
    "This is an automatic reply, I will get back to you",
    "Auto-reply: thanks for your message",
    "自动回复：您好，我现在不方便",
    "【自动回复】您好，稍后联系您",
]

CHANGE_BESIDE_A_CANCEL = ["改到周日，取消吧", "推到下周五 cancel", "改去礼拜六，取消预约"]
CHANGE_WITH_A_REASON = ["来不了，改到周六", "Can I push it back to 4pm? Kids' swimming runs till 3"]


TIME_AGAIN = (
    "再发一下时间", "再发一次时间", "再发下时间", "发一下时间", "发下时间", "发个时间",
    "再说一下时间", "再讲一下时间", "再讲下时间", "时间再发",
)  # fmt: skip
TIME_AGAIN_ROWS = [
    shape.format(word) for word in TIME_AGAIN for shape in ("{}呗", "麻烦{}给我", "不好意思，{}")
] + [
    "時間再發我一次",
    "麻煩再發一下時間",
    "resend the time pls",
    "hi could u resend the time",
    "can u send the time again",
    "send me the time again",
    "could you resend the time?",
    "pls send the time again",
    "sorry can you send the time again",
    "send me the time thx",
    "hi, send me the time?",
    "what was the time again",
    "sorry what was the time again?",
    "erm what was the time again lol",
]


@pytest.mark.parametrize("body", TIME_AGAIN_ROWS)
def test_asking_for_the_time_again_is_answered_with_it(body: str) -> None:
    parsed = parse_reply(body)
    assert (parsed.intent, parsed.question) == (Intent.UNKNOWN, Question.TIME)


@pytest.mark.parametrize("body", CONDITION_ROWS)
def test_a_condition_said_with_then_stops_every_reading(body: str) -> None:
    assert refusal(body) is Guard.CONDITION
    assert stops_a_change_with_when(body) is Guard.CONDITION


@pytest.mark.parametrize("body", NOT_A_CONDITION)
def test_the_time_that_does_not_work_or_a_reason_is_no_condition(body: str) -> None:
    assert refusal(body) is None


@pytest.mark.parametrize("body", COMPLAINT_ROWS)
def test_a_complaint_in_english_stops_every_reading(body: str) -> None:
    assert refusal(body) is Guard.TROUBLE


@pytest.mark.parametrize("body", STYLIST_ROWS)
def test_another_stylist_asked_for_is_no_change_of_time(body: str) -> None:
    assert guard(body, Intent.CHANGE) is Guard.ANOTHER_STYLIST
    assert stops_a_change_with_when(f"{body}，周六下午") is Guard.ANOTHER_STYLIST


@pytest.mark.parametrize("body", SERVICE_ROWS)
def test_another_service_asked_for_is_no_change_of_time(body: str) -> None:
    assert guard(body, Intent.CHANGE) is Guard.ANOTHER_STYLIST


@pytest.mark.parametrize("body", STYLIST_BESIDE_A_CHANGE)
def test_a_stylist_beside_a_change_of_time_is_not_another_stylist(body: str) -> None:
    assert guard(body, Intent.CHANGE) is not Guard.ANOTHER_STYLIST
    assert stops_a_change_with_when(body) is not Guard.ANOTHER_STYLIST


@pytest.mark.parametrize("body", REASONS_ALONE)
def test_a_reason_alone_says_neither_a_cancel_nor_a_change(body: str) -> None:
    assert guard(body, Intent.CANCEL) is Guard.REASON_ONLY
    assert guard(body, Intent.CHANGE) is Guard.REASON_ONLY


@pytest.mark.parametrize("body", AUTO_REPLIES)
def test_an_automatic_reply_is_read_by_nobody(body: str) -> None:
    assert refusal(body) is Guard.AUTO_REPLY


@pytest.mark.parametrize("body", CHANGE_BESIDE_A_CANCEL)
def test_a_change_and_when_beside_a_cancel_is_two_answers(body: str) -> None:
    assert parse_reply(body).intent is Intent.UNKNOWN
    assert stops_a_change_with_when(body) is Guard.TWO_INTENTS


@pytest.mark.parametrize("body", CHANGE_WITH_A_REASON)
def test_cannot_come_or_a_time_beside_a_change_and_when_stops_nothing(body: str) -> None:
    assert stops_a_change_with_when(body) is None


#: A reason with a no of its own, in a clause of its own, beside the answer said in words.
REASONS_WITH_A_NO = (
    "颱風天不想出門", "怀孕了不敢烫头", "打风唔出街喇", "dont want to pass it on",
    "not risking the drive", "no way to get there",
)  # fmt: skip
REASON_WITH_A_NO_ROWS = [
    (shape.format(reason), intent)
    for reason in REASONS_WITH_A_NO
    for shape, intent in (
        ("{}，取消吧ㄛ", Intent.CANCEL),
        ("cancel pls hun, {}", Intent.CANCEL),
        ("{}，帮我挪到后天吧ㄛ", Intent.CHANGE),
    )
]
#: A bare no, or a no to the answer, still stops it.
STILL_A_NO = (
    "不是", "不对", "不要", "唔好", "nah", "no wait", "nope never mind", "不取消了", "dont cancel",
)  # fmt: skip
STILL_A_NO_ROWS = [
    (shape.format(no), intent)
    for no in STILL_A_NO
    for shape, intent in (
        ("取消吧ㄛ，{}", Intent.CANCEL),
        ("cancel pls hun, {}", Intent.CANCEL),
        ("帮我挪到后天吧ㄛ，{}", Intent.CHANGE),
    )
]


@pytest.mark.parametrize(("body", "intent"), REASON_WITH_A_NO_ROWS)
def test_a_reasons_own_no_beside_the_answer_is_no_no_to_it(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is Intent.UNKNOWN
    assert guard(body, intent) is None


@pytest.mark.parametrize(("body", "intent"), STILL_A_NO_ROWS)
def test_a_bare_no_or_a_no_to_the_answer_still_stops_it(body: str, intent: Intent) -> None:
    assert guard(body, intent) is not None


#: Cannot come, the booked time does not work, a reason; then another day or time, asked.
ANOTHER_TIME_ASKED = [
    f"{why}，{ask}"
    for why in ("周六来不了咯", "星期六唔得", "最近加班")
    for ask in ("周日同一个时间可以吗", "礼拜天早上得唔得？", "下周六同一时间ok不")
] + [
    f"{why}, {ask}"
    for why in ("cannot make it sat", "sat doesnt work anymore", "exams that week ugh")
    for ask in ("can do next sat same time?", "is sunday 3pm ok?", "could we try the 30th?")
]
#: Asking which days or times, or about a fee: a person answers.
NOT_ANOTHER_TIME_ASKED = [
    "周六来不了咯，哪天有空？",
    "星期六唔得，改期要唔要畀錢？",
    "cannot make it sat, which days are free?",
    "周六来不了咯，周日几点有位？",
]


@pytest.mark.parametrize("body", ANOTHER_TIME_ASKED)
def test_another_time_asked_beside_cannot_come_is_a_change(body: str) -> None:
    assert guard(body, Intent.CHANGE) is not Guard.QUESTION


@pytest.mark.parametrize("body", NOT_ANOTHER_TIME_ASKED)
def test_which_days_or_times_or_a_fee_is_still_a_question(body: str) -> None:
    assert guard(body, Intent.CHANGE) is not None


@given(
    no=st.sampled_from(STILL_A_NO),
    answer=st.sampled_from(["取消吧", "cancel it", "改到后天", "reschedule pls"]),
    reason=st.sampled_from(REASONS_WITH_A_NO),
)
def test_a_bare_no_beside_an_answer_and_a_reason_stops_it(
    no: str, answer: str, reason: str
) -> None:
    body = f"{reason}，{answer}，{no}"
    intent = Intent.CANCEL if answer in ("取消吧", "cancel it") else Intent.CHANGE
    assert guard(body, intent) is not None, body


@given(
    condition=st.sampled_from(CONDITIONS_WITH_THEN),
    answer=st.sampled_from(["取消吧", "改到下周", "帮我推后", "确认", "cancel pls"]),
    before=st.sampled_from(["", "改到周六，", "好的，", "sorry "]),
)
def test_no_answer_after_a_condition_said_with_then_is_read(
    condition: str, answer: str, before: str
) -> None:
    body = f"{before}{condition}{answer}"
    assert refusal(body) is Guard.CONDITION, body


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    rows = (
        CONDITION_ROWS + NOT_A_CONDITION + COMPLAINT_ROWS + STYLIST_ROWS + REASONS_ALONE
        + AUTO_REPLIES + CHANGE_BESIDE_A_CANCEL + STYLIST_BESIDE_A_CHANGE + TIME_AGAIN_ROWS
        + SERVICE_ROWS + [row for row, _ in REASON_WITH_A_NO_ROWS + STILL_A_NO_ROWS]
        + ANOTHER_TIME_ASKED + NOT_ANOTHER_TIME_ASKED
    )  # fmt: skip
    assert not set(rows) & held_out_replies()
