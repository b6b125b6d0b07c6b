"""What befell someone named, in a clause of its own — an illness, a hospital, an exam or school,
a wedding, a birth, a funeral (孩子突然发高烧，取消吧; 我妈住院要陪护，能改到下下周吗) — is the
customer's reason, and does not stop the learned reader as someone else's answer would
(``reply_guard_words.WHAT_BEFELL``; issue 21, tenth pass). Each word in three phrasings where it
stands, and three where the person may still be the one answering: they cannot come, they said
so, or the person's clause holds the answer. A property: beside these words, a person who
cannot come or who says the answer still stops every reading. Rows written for these tests (none
is a row of a held-out set)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard import Guard, refusal
from gateway.domain.reply_guard_words import WHAT_BEFELL
from tests.unit.reply_tables import held_out_replies

ZH = tuple(word for word in WHAT_BEFELL if not word.isascii())
EN = tuple(word for word in WHAT_BEFELL if word.isascii())
STANDS_ZH = ["我女儿突然{}，这次取消吧", "家里老人{}，麻烦改到下周", "我儿子那边{}哦，取消预约"]
STANDS_EN = [
    "my son, {} again. cancel please",
    "wife {} this week, please reschedule",
    "mum {}, cancel it",
]
STOPS_ZH = ["我女儿{}，她去不了，取消吧", "我老公{}，他说改到下周", "我儿子{}要取消"]
STOPS_EN = ["my son {}, he cant come, cancel", "wife {}, she says reschedule", "my mum {} cancel"]
STANDS = [shape.format(w) for w in ZH for shape in STANDS_ZH] + [
    shape.format(w) for w in EN for shape in STANDS_EN
]
STOPS = [shape.format(w) for w in ZH for shape in STOPS_ZH] + [
    shape.format(w) for w in EN for shape in STOPS_EN
]


@pytest.mark.parametrize("body", STANDS)
def test_what_befell_someone_in_a_clause_of_its_own_is_the_customers_reason(body: str) -> None:
    assert refusal(body) is None


@pytest.mark.parametrize("body", STOPS)
def test_a_person_who_cannot_come_says_so_or_answers_still_stops_it(body: str) -> None:
    assert refusal(body) is Guard.SOMEONE_ELSE


@given(
    word=st.sampled_from(ZH),
    person=st.sampled_from(["我女儿", "我老公", "我妈", "孩子", "我朋友"]),
    theirs=st.sampled_from(["她去不了", "他来不了", "她说取消", "他说要改时间", "她让我取消"]),
    answer=st.sampled_from(["取消吧", "改到下周吧", "确认", ""]),
)
def test_someone_who_cannot_come_or_says_the_answer_still_stops_it(
    word: str, person: str, theirs: str, answer: str
) -> None:
    body = "，".join(part for part in (f"{person}{word}", theirs, answer) if part)
    assert refusal(body) is not None, body


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    assert not set(STANDS + STOPS) & held_out_replies()


def test_the_intents_stay_the_rules_own() -> None:
    # Only the guard's verdict moves: a reply the rules read is still read by them.
    from gateway.domain.replies import parse_reply

    assert parse_reply("孩子发烧了，取消").intent is Intent.CANCEL
