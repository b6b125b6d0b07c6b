"""The short forms customers answer with (issue 21): "cancel", "reschedule" and "confirm" as
texted (cxl, rschdl, cnfrm), "see you" (c u, cya), "ok" shortened (k, kk), the Pinyin initials of
确认 / 取消 / 改期 (qr, qx, gq) and the Taiwanese/Hokkien apology (拍謝, 歹勢). Each word in three
phrasings (none of them a row of a held-out set), and negated, asked, conditional forms and forms
beside another answer that must change nothing; no short form read inside another word."""

from __future__ import annotations

import pytest

from gateway.domain import reply_slang_words as words
from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_guard import learned_intent
from tests.unit.reply_tables import case_rows, held_out_replies, word_rows

CONFIRM = Intent.CONFIRM
CHANGE = Intent.CHANGE
CANCEL = Intent.CANCEL
UNKNOWN = Intent.UNKNOWN
NOTHING = (UNKNOWN, UNKNOWN, UNKNOWN)


def _zh(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        phrase for phrase in phrases if phrase in ("qr", "qx", "gq") or not phrase.isascii()
    )


def _en(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(phrase for phrase in phrases if phrase not in _zh(phrases))


#: Each class's words, three phrasings where it stands, and phrasings where it must not.
NEW_WORDS: dict[str, tuple[tuple[str, ...], list[str], tuple[Intent, ...]]] = {
    "cancel shortened": (
        _en(words.CANCEL_SHORT),
        ["{}", "{} please", "cant make it tmr, {} thx"],
        (CANCEL, CANCEL, CANCEL),
    ),
    "cancel shortened, asked, negated or conditional": (
        _en(words.CANCEL_SHORT),
        ["{}?", "dont {}", "if it rains {}"],
        NOTHING,
    ),
    "cancel shortened, someone else's or beside a yes": (
        _en(words.CANCEL_SHORT),
        ["my wife will {}", "{}, confirm", "should i {}"],
        NOTHING,
    ),
    "取消 by its Pinyin initials": (
        _zh(words.CANCEL_SHORT),
        ["{}", "{}吧", "不好意思，{}"],
        (CANCEL, CANCEL, CANCEL),
    ),
    "取消 by its Pinyin initials, asked, negated or conditional": (
        _zh(words.CANCEL_SHORT),
        ["{}吗", "不要{}", "如果下雨就{}"],
        NOTHING,
    ),
    "reschedule shortened": (
        _en(words.CHANGE_SHORT),
        ["{}", "{} pls", "sorry, need to {}"],
        (CHANGE, CHANGE, CHANGE),
    ),
    "reschedule shortened, asked, negated or beside a cancel": (
        _en(words.CHANGE_SHORT),
        ["{}?", "dont {}", "{}, cancel"],
        NOTHING,
    ),
    "改期 by its Pinyin initials": (
        _zh(words.CHANGE_SHORT),
        ["{}", "能{}吗", "不好意思，{}"],
        (CHANGE, CHANGE, CHANGE),
    ),
    "改期 by its Pinyin initials, asked, negated or beside a cancel": (
        _zh(words.CHANGE_SHORT),
        ["{}吗", "不{}", "{}，取消"],
        NOTHING,
    ),
    "confirm and see you shortened": (
        _en(words.CONFIRM_SHORT),
        ["{}", "{} thx", "ok {}"],
        (CONFIRM, CONFIRM, CONFIRM),
    ),
    "confirm and see you shortened, asked, conditional or beside a cancel": (
        _en(words.CONFIRM_SHORT),
        ["{}?", "if it rains {}", "{}, cancel"],
        NOTHING,
    ),
    "确认 by its Pinyin initials": (
        _zh(words.CONFIRM_SHORT),
        ["{}", "{}，谢谢", "好的，{}"],
        (CONFIRM, CONFIRM, CONFIRM),
    ),
    "确认 by its Pinyin initials, asked, negated or beside a cancel": (
        _zh(words.CONFIRM_SHORT),
        ["{}吗", "不{}", "{}，取消"],
        NOTHING,
    ),
    "ok shortened": (
        words.OK_SHORT,
        ["{} thanks", "{} thx", "{} see you then"],
        (CONFIRM, CONFIRM, CONFIRM),
    ),
    "ok shortened, leading another answer as ok does": (
        words.OK_SHORT,
        ["{}, cancel", "{} cxl pls", "{} need to reschedule"],
        (CANCEL, CANCEL, CHANGE),
    ),
    "ok shortened, asked, undecided or conditional": (
        words.OK_SHORT,
        ["{}?", "{} let me check", "{}, if it rains"],
        NOTHING,
    ),
    "sorry in Hokkien, beside an answer": (
        words.SORRY_HOKKIEN,
        ["{}，确认", "{}，要取消", "{} 想改期"],
        (CONFIRM, CANCEL, CHANGE),
    ),
    "sorry in Hokkien, alone, someone else's or conditional": (
        words.SORRY_HOKKIEN,
        ["{}", "{}，我朋友要取消", "{}，如果下雨就取消"],
        NOTHING,
    ),
}

WORD_ROWS = word_rows(NEW_WORDS)


@pytest.mark.parametrize(("body", "intent"), WORD_ROWS)
def test_every_short_form_in_three_phrasings(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


CASES: dict[str, list[tuple[str, Intent]]] = {
    "a short form is a whole word, never part of another": [
        ("cut", UNKNOWN),
        ("cute", UNKNOWN),
        ("cxls", UNKNOWN),
        ("cxl123", UNKNOWN),
        ("qrcode", UNKNOWN),
        ("scan the qr code", UNKNOWN),
        ("qr码", UNKNOWN),
        ("https://x.com/qr", UNKNOWN),
        ("www.qr.com", UNKNOWN),
        ("kkk123", UNKNOWN),
    ],
    "a short form read as the word it stands for": [
        ("don't cxl pls", UNKNOWN),
        ("not cnfrm yet", UNKNOWN),
        ("dont cnfrm", UNKNOWN),
        ("kk will let u know", UNKNOWN),
        ("cu at 3", CONFIRM),
        ("c u tmr", CONFIRM),
        ("qx qx 对不起啦", CANCEL),
        ("別qx了", UNKNOWN),
        ("别gq了", UNKNOWN),
        ("拍謝，確認", CONFIRM),
        ("拍謝 如果下雨就取消", UNKNOWN),
        ("歹勢 取消嗎", UNKNOWN),
    ],
    "left out as ambiguous": [
        ("conf", UNKNOWN),
        ("ccl", UNKNOWN),
    ],
}


@pytest.mark.parametrize(("body", "intent"), case_rows(CASES))
def test_parse_reply_by_class(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


NOTHING_ROWS = [row.values[0] for row in WORD_ROWS if row.values[1] is UNKNOWN] + [
    body for rows in CASES.values() for body, intent in rows if intent is UNKNOWN
]


@pytest.mark.parametrize("body", NOTHING_ROWS)
def test_the_learned_reader_reads_no_answer_where_the_rules_read_none(body: str) -> None:
    assert learned_intent(body, parse_reply(body)) is None


def test_no_row_is_a_held_out_reply() -> None:
    rows = {str(row.values[0]) for row in WORD_ROWS} | {b for r in CASES.values() for b, _ in r}
    assert not rows & held_out_replies(
        [f"replies_heldout{n}.tsv" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)]
    )
