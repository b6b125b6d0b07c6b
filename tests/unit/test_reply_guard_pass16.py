"""The guard's classes of the sixteenth pass (issue 21): what the training sets showed it
stopping in a yes that was one.

- arriving early said plainly beside a yes (我提前十分钟到, 我會提早五分鐘到, 早少少嚟, "I'll be a
  bit early"): 提前 and 早 say how the customer comes, not a change; moving the visit earlier
  to a day or a time (提前到周五, 提前到十点), arriving before a time named (两点前到: a time
  said back, for the caller to match), arriving late beside it, a no, a question or someone
  else still stops it;
- the yes said in the negative, more of it: no problem in the dialects (莫得问题, 冇得问题,
  没得问题), it does not matter after a circumstance (要下雨，不过没关系; 唔紧要; 没差),
  a call missed said sorry for (不好意思没接到你们电话); a no to the yes, the same words asked
  (没得问题吧？, 不过没关系吧), someone else or another answer still stops it;
- arriving early said plainly in a clause of its own beside a yes the rules read whole and refuse
  (收到，我會早少少到, 确认啦，我会早啲到): read without that clause, as the yes; beside a
  change, a cancel, someone else, a question or no yes, nothing is read.

Each word in three phrasings, and the phrasings that must still stop. Rows written for these
tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_guard import Guard, guard, learned_intent
from tests.unit.reply_tables import held_out_replies

#: Arriving early or at the time, said plainly (the guard's words: 提前/提早/早 and a little or
#: some minutes, then arriving).
EARLY_WORDS = (
    "提前十分钟到", "提早五分钟到", "早少少嚟", "提早10分钟过来", "提前5分钟过来",
)  # fmt: skip
EARLY_ENGLISH = ("be a bit early", "be a little early")
EARLY_ROWS = [
    shape.format(word)
    for word in EARLY_WORDS
    for shape in ("收到，我会{}，先谢谢Lily", "okk～{}哈，辛苦晒", "冇问题呀，我会{}")
] + [
    shape.format(words)
    for words in EARLY_ENGLISH
    for shape in ("yes confirmed, I'll {}", "all good, will {}, cheers", "yep! I'll {} lol")
]
#: Moving the visit earlier, a time named, arriving late, a no, a question, someone else.
EARLY_STILL_STOPS = [
    "okk～我想提前到周五，辛苦晒",
    "okk～提前到十点吧，辛苦晒",
    "okk～提前到下午哈，辛苦晒",
    "okk～两点前到，辛苦晒",
    "收到，我会提前十分钟到，堵车的话晚点，先谢谢Lily",
    "收到，我提前十分钟到，不过可能会晚，辛苦晒",
    "okk～不来了，本来想提前十分钟到，辛苦晒",
    "okk～我提前十分钟到可以吗，辛苦晒",
    "okk～我老公说提前十分钟到，辛苦晒",
    "okk～提前十分钟到，改到周日吧，辛苦晒",
    "yes, I'll be a bit early, or late, not sure",
]


def test_each_early_word_in_three_phrasings() -> None:
    assert len(EARLY_ROWS) == 3 * (len(EARLY_WORDS) + len(EARLY_ENGLISH))


@pytest.mark.parametrize("body", EARLY_ROWS)
def test_arriving_early_beside_a_yes_is_how_the_customer_comes(body: str) -> None:
    assert guard(body, Intent.CONFIRM) is None


@pytest.mark.parametrize("body", EARLY_STILL_STOPS)
def test_moving_earlier_a_time_named_late_a_no_or_a_question_still_stops(body: str) -> None:
    assert guard(body, Intent.CONFIRM) is not None


def test_moving_the_visit_earlier_to_a_day_is_another_answer() -> None:
    assert guard("okk～我想提前到周五，辛苦晒", Intent.CONFIRM) is Guard.TWO_INTENTS


#: No problem in the dialects, and a call missed said sorry for.
NO_PROBLEM_WORDS = ("莫得问题", "冇得问题", "没得问题", "没接到你们电话", "冇听到你哋电话")
NO_PROBLEM_ROWS = [
    shape.format(word)
    for word in NO_PROBLEM_WORDS
    for shape in ("okk～{}，辛苦晒", "会嚟嘅，{}，先谢谢Lily", "{}，到时候来耍")
]
#: It does not matter, after a circumstance.
NO_MATTER_WORDS = ("不过没关系", "不过没差", "不过唔紧要", "但没关系")
NO_MATTER_ROWS = [
    shape.format(word)
    for word in NO_MATTER_WORDS
    for shape in ("落大雨{}，照去", "话会下雪，{}，我打车来耍", "台风要来{}，okk～照去")
]
#: A no to the yes, the words asked, someone else or another answer.
NO_PROBLEM_STILL_STOPS = [
    "okk～莫得问题吧？辛苦晒",
    "落大雨，不过没关系吧",
    "莫得问题，不过我去不了了",
    "冇得问题，改到周日吧",
    "冇得问题，取消吧，辛苦晒",
    "没接到你们电话，我老公说不去了",
    "落大雨，不过没关系，改天吧",
]


def test_each_no_problem_and_no_matter_word_in_three_phrasings() -> None:
    assert len(NO_PROBLEM_ROWS) == 3 * len(NO_PROBLEM_WORDS)
    assert len(NO_MATTER_ROWS) == 3 * len(NO_MATTER_WORDS)


@pytest.mark.parametrize("body", NO_PROBLEM_ROWS + NO_MATTER_ROWS)
def test_the_yes_said_in_the_negative_in_the_dialects_is_a_yes(body: str) -> None:
    assert guard(body, Intent.CONFIRM) is None


@pytest.mark.parametrize("body", NO_PROBLEM_STILL_STOPS)
def test_a_no_the_words_asked_or_another_answer_still_stop_the_yes(body: str) -> None:
    assert guard(body, Intent.CONFIRM) is not None


#: Arriving early said plainly, in a clause of its own, beside a yes the rules know.
PLAIN_EARLY_WORDS = ("早少少到", "早啲到", "早一点到", "早点到", "早啲过嚟")
PLAIN_EARLY_ROWS = [
    shape.format(word)
    for word in PLAIN_EARLY_WORDS
    for shape in ("确认啦，我会{}", "OK呀，{}", "聽日見，{}")
]
#: A change, a cancel, someone else, a question or no yes beside it: nothing read.
PLAIN_EARLY_STILL_STOPS = [
    "改期，我会早少少到",
    "唔嚟喇，我会早少少到",
    "确认啦，改到周六我会早少少到",
    "确认啦，我老公会早少少到",
    "确认啦，我会早少少到吗",
    "我会早少少到",
    "取消，我会早啲到",
]


def test_each_plain_early_word_in_three_phrasings() -> None:
    assert len(PLAIN_EARLY_ROWS) == 3 * len(PLAIN_EARLY_WORDS)


@pytest.mark.parametrize("body", PLAIN_EARLY_ROWS)
def test_arriving_early_in_a_clause_of_its_own_beside_a_yes_is_that_yes(body: str) -> None:
    assert learned_intent(body, parse_reply(body)) is Intent.CONFIRM


@pytest.mark.parametrize("body", PLAIN_EARLY_STILL_STOPS)
def test_arriving_early_beside_another_answer_or_no_yes_reads_nothing(body: str) -> None:
    assert learned_intent(body, parse_reply(body)) is None


#: The sets spent when these rows were written (19 and 20 are blind: never read here).
SPENT = [f"replies_heldout{n}.tsv" for n in ("", *range(2, 19))]


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    rows = EARLY_ROWS + EARLY_STILL_STOPS + NO_PROBLEM_ROWS + NO_MATTER_ROWS
    rows += NO_PROBLEM_STILL_STOPS + PLAIN_EARLY_ROWS + PLAIN_EARLY_STILL_STOPS
    shared = sorted(row for row in rows if row in held_out_replies(SPENT))
    assert shared == []  # names only rows of this file
