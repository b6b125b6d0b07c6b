"""Goodbye, thanks and looking forward as customers type them (掰掰, 蟹蟹, 感恩, 谢谢侬, 期待,
"tq", "can't wait"), and thanks for the notice (谢谢通知, 辛苦提醒): a clause that carries no intent
(issue 21, ninth pass; ``reply_clause_words.FAREWELL_AND_EAGERNESS``, ``THANKS_FOR_THE_NOTICE``).
Each word in three phrasings beside an answer, and three where it must change nothing: alone,
beside a no, beside a time. None is a row of a held-out set."""

from __future__ import annotations

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_clause_words import FAREWELL_AND_EAGERNESS, THANKS_FOR_THE_NOTICE
from tests.unit.reply_tables import converter, held_out_replies, word_rows

CONFIRM, CHANGE, CANCEL, UNKNOWN = Intent.CONFIRM, Intent.CHANGE, Intent.CANCEL, Intent.UNKNOWN
NOTHING = (UNKNOWN, UNKNOWN, UNKNOWN)
WORDS = FAREWELL_AND_EAGERNESS + THANKS_FOR_THE_NOTICE
ZH = tuple(word for word in WORDS if not word.isascii())
EN = tuple(word for word in WORDS if word.isascii())

NEW_WORDS = {
    "farewell and eagerness beside an answer": (
        ZH,
        ["确认，{}", "{}，取消吧", "改个时间吧，{}"],
        (CONFIRM, CANCEL, CHANGE),
    ),
    "farewell and eagerness alone, beside a no or a time": (
        ZH,
        ["{}", "{}，不取消", "{}，3点"],
        NOTHING,
    ),
    "farewell and eagerness in English beside an answer": (
        EN,
        ["confirmed, {}", "{}, cancel please", "reschedule please, {}"],
        (CONFIRM, CANCEL, CHANGE),
    ),
    "farewell and eagerness in English alone, beside a no or a time": (
        EN,
        ["{}", "{}, dont cancel", "{}, 3pm"],
        NOTHING,
    ),
}
WORD_ROWS = word_rows(NEW_WORDS)


@pytest.mark.parametrize(("body", "intent"), WORD_ROWS)
def test_every_new_word_in_three_phrasings(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
@pytest.mark.parametrize(
    "body", [str(param.values[0]) for param in WORD_ROWS if not str(param.values[0]).isascii()]
)
def test_taiwan_and_hong_kong_spellings_read_alike(config: str, body: str) -> None:
    assert parse_reply(converter(config).convert(body)) == parse_reply(body)


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    spent = held_out_replies()
    assert not {str(param.values[0]) for param in WORD_ROWS} & spent
