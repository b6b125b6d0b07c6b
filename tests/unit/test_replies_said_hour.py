"""Two classes of the twelfth pass in the parser (issue 21), found reading training set l:

- an hour said with "for", or before the day it falls on ("all good for 2 tomorrow", "3 on
  sat"): a time, never the request's option digit (it read "all good for 3" as a cancel);
- the request's own instruction quoted back (确认请回复确认, 回复「确认」确认预约, "reply 1 to
  confirm"): how to answer, copied, and no answer. 回复确认 alone ("replying: confirm") answers;
- a question beside a number ("google maps shows 2 places") or beside its own verb ("what day am
  I coming") is still the question the machine answers; beside a change or a cancel it is not.

Each in three phrasings or more, with the forms that must still read as before. Rows written for
these tests (none is a row of a held-out or training set)."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import Question, parse_reply
from tests.unit.reply_tables import case_rows, held_out_replies

#: The sets spent when these rows were written (15 and 16 were blind then, not read for them).
SPENT = [f"replies_heldout{n}.tsv" for n in ("", *range(2, 15))]

CONFIRM = Intent.CONFIRM
CHANGE = Intent.CHANGE
CANCEL = Intent.CANCEL
UNKNOWN = Intent.UNKNOWN

CASES: dict[str, list[tuple[str, Intent]]] = {
    "an hour said with for is a time, not an option": [
        ("sweet, good for 3", UNKNOWN),
        ("ok for 2 then", UNKNOWN),
        ("fine for 1 thx", UNKNOWN),
        ("confirmed for 3 thx", CONFIRM),
        ("Confirm for 2", CONFIRM),  # was read as confirm beside the option 2: two answers
        ("yes confirm for 2", CONFIRM),
    ],
    "an hour before its day is a time, not an option": [
        ("ok 3 tmrw", UNKNOWN),
        ("good 2 on sat", UNKNOWN),
        ("2 this saturday fine", UNKNOWN),
        ("see you 3 tomorrow", CONFIRM),
        ("confirmed, 3 tomorrow", CONFIRM),
    ],
    "a digit alone or with politeness is still the option": [
        ("2", CHANGE),
        ("ok 2", CHANGE),
        ("3 thanks", CANCEL),
        ("1 pls", CONFIRM),
    ],
    "the instruction quoted back is no answer": [
        ("确认请回复确认", UNKNOWN),
        ("取消请回复取消", UNKNOWN),
        ("改期請回覆變更", UNKNOWN),
        ("回复「取消」取消预约", UNKNOWN),
        ("回复“变更”变更时间", UNKNOWN),
        ("回复1确认", UNKNOWN),
        ("reply 1 to confirm", UNKNOWN),
        ("Reply C to cancel", UNKNOWN),
        ("reply yes to confirm", UNKNOWN),
    ],
    "replying with the word is an answer": [
        ("回复确认 谢谢", CONFIRM),
        ("回复：取消", CANCEL),
        ("回覆變更", CHANGE),
    ],
}


@pytest.mark.parametrize(("body", "intent"), case_rows(CASES))
def test_parse_reply_by_class(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


QUESTION_ROWS: list[tuple[str, Question | None]] = [
    ("google maps shows 2 places", Question.PLACE),
    ("maps has 2 of you listed, which address", Question.PLACE),
    ("i see 3 branches on the map, where are you", Question.PLACE),
    ("what day am i coming", Question.TIME),
    ("what time am i coming in", Question.TIME),
    ("when am i coming again", Question.TIME),
    ("what day is it, cancel", None),
    ("where are you, 2 cant make it", None),
    ("what day am i coming, reschedule pls", None),
]


@pytest.mark.parametrize(("body", "question"), QUESTION_ROWS)
def test_a_question_beside_a_number_or_its_own_verb_is_asked(
    body: str, question: Question | None
) -> None:
    parsed = parse_reply(body)
    assert (parsed.intent, parsed.question) == (UNKNOWN, question)


def test_no_row_is_a_held_out_reply() -> None:
    rows = {body for rows in CASES.values() for body, _ in rows} | {b for b, _ in QUESTION_ROWS}
    shared = sorted(row for row in rows if row in held_out_replies(SPENT))
    assert shared == []  # names only rows of this file
