"""Not going (or coming) to do what an answer word says — 我不会来取消的, 不去改了, 唔去取消 —
or undoing a cancel (撤销取消, "cancel that cancel") changes nothing. 不去 / 不会来 alone read as
not coming and the verb after them as the answer, and two cancels as one, so these were read as
a cancel or a change (``reply_everyday_words.NOT_GOING_TO_DO``, ``UNDOING_A_CANCEL``). Each
phrase in three phrasings; beside them, replies where not coming and the answer stand apart and
keep their reading. Read as the service reads (the learned reader behind the rules) too: its
guard stops there as well. None is a row of a held-out set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_everyday_words import NOT_GOING_TO_DO, UNDOING_A_CANCEL
from gateway.domain.reply_reading import read_reply
from tests.unit.reply_tables import converter, held_out_replies, word_rows

CHANGE, CANCEL, UNKNOWN = Intent.CHANGE, Intent.CANCEL, Intent.UNKNOWN

NEW_WORDS = {
    "not going to do what the answer word says": (
        NOT_GOING_TO_DO,
        ["{}", "{}，放心", "放心，我{}"],
        (UNKNOWN, UNKNOWN, UNKNOWN),
    ),
    "undoing a cancel": (
        tuple(phrase for phrase in UNDOING_A_CANCEL if not phrase.isascii()),
        ["{}", "请帮我{}", "{}，我会来的"],
        (UNKNOWN, UNKNOWN, UNKNOWN),
    ),
    "undoing a cancel, in English": (
        tuple(phrase for phrase in UNDOING_A_CANCEL if phrase.isascii()),
        ["{}", "please {}", "{}, I'll come"],
        (UNKNOWN, UNKNOWN, UNKNOWN),
    ),
}
WORD_ROWS = word_rows(NEW_WORDS)

#: Not coming, and the answer beside it: still that answer.
CASES: dict[str, list[tuple[str, Intent]]] = {
    "not coming, and the answer beside it": [
        ("明天不来改天吧", CHANGE),
        ("不来改到周日", CHANGE),
        ("不去了，改周日", CHANGE),
        ("我不来了取消吧", CANCEL),
        ("明天不来了 取消", CANCEL),
        ("明天去不了改天吧", CHANGE),
    ],
}
INSTANT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(("body", "intent"), WORD_ROWS)
def test_every_phrase_in_three_phrasings_changes_nothing(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent
    read = read_reply(body, keyword=None, received_at=INSTANT, tz="Asia/Shanghai")
    assert read.intent is UNKNOWN


@pytest.mark.parametrize(("body", "intent"), CASES["not coming, and the answer beside it"])
def test_not_coming_beside_an_answer_keeps_the_answer(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
@pytest.mark.parametrize("body", ["我不会来取消的", "不去改了，放心", "放心，我不会去确认"])
def test_taiwan_and_hong_kong_spellings_read_alike(config: str, body: str) -> None:
    assert parse_reply(converter(config).convert(body)) == parse_reply(body)


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    rows = {str(param.values[0]) for param in WORD_ROWS}
    rows |= {body for body, _ in CASES["not coming, and the answer beside it"]}
    assert not rows & held_out_replies()
