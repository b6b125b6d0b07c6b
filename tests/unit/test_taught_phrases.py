"""Phrases a salon teaches: matched on the normalised text only, only where the parser said
nothing, never for a reply that asks or says no, and only for the salon that taught them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_reading import read_reply
from gateway.domain.taught_phrases import Unteachable, phrase_text, taught_intent, why_not_taught

CONFIRM, CHANGE, CANCEL = Intent.CONFIRM, Intent.CHANGE, Intent.CANCEL
NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)

#: What one salon taught (the texts as ``phrase_text`` writes them).
SALON = {
    "ok搞掂": CONFIRM,
    "看情况再说": CHANGE,
    "家里有事": CANCEL,
    "sorted mate": CONFIRM,
    "来不了啦老板娘": CANCEL,
}


def _taught(body: str, phrases: dict[str, Intent] = SALON) -> Intent | None:
    return taught_intent(body, parse_reply(body), phrases)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The same words, whatever the width, case, punctuation, spacing or script.
        ("OK搞掂", CONFIRM),
        ("ok 搞掂！", CONFIRM),
        ("ＯＫ搞掂。。", CONFIRM),
        ("Ok, 搞 掂 👀", CONFIRM),
        ("看情況再說", CHANGE),  # Traditional, read through OpenCC
        ("看情况，再说~", CHANGE),
        ("家里有事!!", CANCEL),
        ("家裡有事", CANCEL),
        ("Sorted, mate!", CONFIRM),
        ("SORTED   MATE", CONFIRM),
        # A ref beside the words is not part of them.
        ("OK搞掂 K7P3", CONFIRM),
        ("k7p3 家里有事", CANCEL),
        # Anything else is not the phrase: only an exact match counts.
        ("搞掂", None),
        ("OK搞掂了", None),
        ("ok搞掂 谢谢", None),
        ("看情况", None),
        ("家里有事，改天", None),
        ("sorted", None),
        ("mate sorted", None),
        ("", None),
        ("！！！", None),
    ],
)
def test_only_the_exact_normalised_text_is_read_as_taught(
    body: str, expected: Intent | None
) -> None:
    assert _taught(body) is expected


@pytest.mark.parametrize(
    ("body", "taught_as"),
    [
        # The parser already reads these: a phrase never overrides what the parser says.
        ("确认", CANCEL),
        ("取消", CONFIRM),
        ("改时间", CANCEL),
        ("好的", CANCEL),
        ("stop", CONFIRM),
        ("?", CONFIRM),
        ("来不了啦哈", CONFIRM),
        # A question: a question mark, a question word or particle, an English question.
        ("搞掂吗", CONFIRM),
        ("OK搞掂?", CONFIRM),
        ("OK搞掂？", CONFIRM),
        ("搞掂了没有", CONFIRM),
        ("几点来着", CONFIRM),
        ("在哪里", CONFIRM),
        ("咩事", CONFIRM),
        ("边度见", CONFIRM),
        ("点解要改", CHANGE),
        ("搞掂么", CONFIRM),
        ("怎么搞", CHANGE),
        ("如何是好", CHANGE),
        ("谁去", CANCEL),
        ("可以停车吗", CONFIRM),
        ("what about friday", CHANGE),
        ("can we do later", CHANGE),
        ("is that sorted", CONFIRM),
        # A negation, outside any phrase the parser reads as the taught intent.
        ("不确认", CONFIRM),
        ("不搞掂", CONFIRM),
        ("这次唔做啦", CANCEL),
        ("冇去了", CANCEL),
        ("别等我啦", CANCEL),
        ("没搞掂", CONFIRM),
        ("去不去都行", CONFIRM),
        ("not sorted", CONFIRM),
        ("dont wait", CANCEL),
        ("no way", CANCEL),
        ("来不了啦老板娘", CONFIRM),  # 来不了 says no to coming: a cancel, never a confirm
    ],
)
def test_a_phrase_never_overrides_the_parser_a_negation_or_a_question(
    body: str, taught_as: Intent
) -> None:
    # Even a salon that taught these very words gets no answer from them.
    assert _taught(body, {phrase_text(body): taught_as}) is None
    assert why_not_taught(body, taught_as) is not None


@pytest.mark.parametrize(
    ("body", "taught_as"),
    [
        ("OK搞掂", CONFIRM),
        ("看情况再说", CHANGE),
        ("家里有事", CANCEL),
        # A no inside a phrase the parser reads as the taught intent, or as politeness, is
        # that phrase's meaning, not a denial.
        ("来不了啦老板娘", CANCEL),
        ("去唔到啦阿姐", CANCEL),
        ("不好意思 家里有事", CANCEL),
        ("没问题啦老板", CONFIRM),
        ("sorted mate", CONFIRM),
        # Words that look like a question word and ask nothing.
        ("就这么定了老板", CONFIRM),
        ("我这边OK啦", CONFIRM),
        ("任何时间都行啦", CHANGE),
    ],
)
def test_a_reply_the_parser_leaves_unclear_can_be_taught(body: str, taught_as: Intent) -> None:
    assert parse_reply(body).intent is Intent.UNKNOWN
    assert why_not_taught(body, taught_as) is None
    assert _taught(body, {phrase_text(body): taught_as}) is taught_as


def test_one_salons_phrases_never_answer_for_another() -> None:
    # The worker hands each reply only its own salon's phrases.
    other_salon = {"谢谢老板娘": CONFIRM}
    assert _taught("OK搞掂", other_salon) is None
    assert _taught("OK搞掂", {}) is None
    assert read_reply("OK搞掂", keyword=None, received_at=NOW, tz="Asia/Shanghai").intent is (
        Intent.UNKNOWN
    )
    read = read_reply(
        "OK搞掂 K7P3", keyword=None, received_at=NOW, tz="Asia/Shanghai", taught=SALON
    )
    assert (read.intent, read.ref, read.taught) == (CONFIRM, "K7P3", True)
    other = read_reply(
        "OK搞掂 K7P3", keyword=None, received_at=NOW, tz="Asia/Shanghai", taught=other_salon
    )
    assert (other.intent, other.ref, other.taught) == (Intent.UNKNOWN, "K7P3", False)


@pytest.mark.parametrize(
    ("body", "intent", "why"),
    [
        ("OK搞掂", Intent.OPT_OUT, Unteachable.NOT_AN_ANSWER),
        ("！！", CONFIRM, Unteachable.NO_WORDS),
        ("K7P3", CONFIRM, Unteachable.NO_WORDS),
        ("搞" * 61, CONFIRM, Unteachable.TOO_LONG),
        ("确认", CANCEL, Unteachable.READ_ALREADY),
        ("搞掂?", CONFIRM, Unteachable.ASKS),
        ("几点来着", CONFIRM, Unteachable.ASKS),
        ("不搞掂", CONFIRM, Unteachable.SAYS_NO),
        ("来不了啦老板娘", CONFIRM, Unteachable.SAYS_NO),
    ],
)
def test_why_a_reply_cannot_be_taught_is_said(body: str, intent: Intent, why: Unteachable) -> None:
    assert why_not_taught(body, intent) is why


_INTENTS = st.sampled_from([CONFIRM, CHANGE, CANCEL])
_REPLIES = st.text(
    alphabet=st.sampled_from(list("好行搞掂OKok来去改取消确认不没唔吗呢几 ,.!?？！。K7P3老板娘")),
    max_size=20,
)


@given(body=_REPLIES, intent=_INTENTS)
@settings(max_examples=400, deadline=None)
def test_a_phrase_taught_for_its_own_words_never_answers_what_the_parser_reads_or_a_question(
    body: str, intent: Intent
) -> None:
    # Even a salon that taught exactly these words: a reply the parser reads keeps its reading,
    # and a reply with a question mark or 吗/呢/几 is never answered by the phrase.
    taught = taught_intent(body, parse_reply(body), {phrase_text(body): intent})
    if parse_reply(body).intent is not Intent.UNKNOWN or any(c in body for c in "?？吗呢几"):
        assert taught is None
    else:
        assert taught in (None, intent)


@given(body=_REPLIES, intent=_INTENTS, punctuation=st.sampled_from(["", "!", "。", "～", " ！！"]))
@settings(max_examples=300, deadline=None)
def test_punctuation_and_width_never_change_what_is_matched(
    body: str, intent: Intent, punctuation: str
) -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in body)
    assert phrase_text(wide + punctuation) == phrase_text(body)
