"""Properties of the reply parser over generated replies: what padding may never change, and what
a negation or a second reply word may never let through."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import MAX_REPLY_CHARS, parse_reply
from gateway.domain.reply_choice_words import LEADING_YES

CONFIRM = Intent.CONFIRM
CHANGE = Intent.CHANGE
CANCEL = Intent.CANCEL
OPT_OUT = Intent.OPT_OUT
UNKNOWN = Intent.UNKNOWN
_LEADING_YES = re.compile(rf"(?<![a-z])(?:{'|'.join(LEADING_YES)})(?![a-z])", re.IGNORECASE)

# Clear replies, each cut around its reply word: (before, word, after, intent).
CLEAR: list[tuple[str, str, str, Intent]] = [
    ("", "确认", "", CONFIRM),
    ("", "确认", "预约", CONFIRM),
    ("", "1", "", CONFIRM),
    ("", "yes", "", CONFIRM),
    ("", "confirm", "", CONFIRM),
    ("", "没问题", "", CONFIRM),
    ("I ", "will be there", "", CONFIRM),
    ("", "确認", "", CONFIRM),
    ("", "改时间", "", CHANGE),
    ("", "2", "", CHANGE),
    ("我想", "改", "一下时间", CHANGE),
    ("时间帮我", "改", "一下", CHANGE),
    ("", "变更", "", CHANGE),
    ("", "reschedule", "", CHANGE),
    ("I'd like to ", "reschedule", "", CHANGE),
    ("可以", "改个时间", "吗", CHANGE),
    ("方便", "调", "一下时间吗", CHANGE),
    ("could I ", "move", " it to another day?", CHANGE),
    ("", "改個時間", "", CHANGE),
    ("", "取消", "", CANCEL),
    ("", "3", "", CANCEL),
    ("预约", "取消", "吧", CANCEL),
    ("麻烦帮我", "取消", "预约", CANCEL),
    ("please ", "cancel", " it", CANCEL),
    ("the appointment, ", "cancel", " it", CANCEL),
    ("", "取消預約", "", CANCEL),
    ("", "退订", "短信", OPT_OUT),
    ("我要", "退订", "", OPT_OUT),
    ("", "unsubscribe", " me", OPT_OUT),
    ("please ", "stop", " texting me", OPT_OUT),
    # Words by meaning (issue 21).
    ("能", "往后推", "一个小时吗", CHANGE),
    ("", "提前", "一点可以吗", CHANGE),
    ("想", "调整", "一下时间", CHANGE),
    ("can we ", "push", " it back?", CHANGE),
    ("", "改期", "唔该", CHANGE),
    ("这次", "不做了", "", CANCEL),
    ("", "去不成", "了", CANCEL),
    ("I ", "won't be able to come", "", CANCEL),
    ("", "嚟唔到", "", CANCEL),
    ("会", "准时过去", "", CONFIRM),
    ("", "确认", "时间没问题", CONFIRM),
    ("", "works for me", "", CONFIRM),
    ("", "冇问题", "", CONFIRM),
]

POLITENESS = ["谢谢", "谢谢您", "您好", "你好", "麻烦了", "不好意思", "老师", "亲", "好的", "感谢"]
POLITENESS += ["please", "thanks", "thank you", "hi", "hello", "sorry", "pls", "謝謝", "您好呀"]
# Never a question mark: a question is not padding.
SEPARATORS = [" ", "  ", "，", "。", "、", "！", "!", ",", ".", "~", "～", "\u3000", "\n", "\t"]
DECORATIONS = ["【", "】", "「", "」", "(", ")", "😊", "🙏", "🌹", "...", "——", ";", ":", '"']
NEGATIONS = ["不", "别", "没", "没有", "不要", "不用", "不想", "不需要", "不必", "无需"]
NEGATIONS += ["不會", "別", "沒", "唔", "唔好", "唔使"]
NEGATIONS += ["don't ", "do not ", "dont ", "not ", "never ", "no ", "won't ", "I don't want to "]
# Words that name one intent in so many words, to add as a second intent.
NAMED = {
    CONFIRM: ["确认", "confirm", "yes", "1", "准时过去", "同意", "works for me", "冇问题"],
    CHANGE: ["改期", "变更", "reschedule", "2", "往后推", "推后", "push back", "改到下周"],
    CANCEL: ["取消", "cancel", "3", "撤销", "call it off", "取消唔该"],
    OPT_OUT: ["退订", "unsubscribe"],
}
# Clear replies above that cancel only by saying the customer cannot come.
NOT_COMING = {"不做了", "去不成", "won't be able to come", "嚟唔到"}
# Clauses that only give a reason or a circumstance.
REASONS = ["生病了", "人在外地", "临时有点事", "时间不太方便", "工作太忙", "要加班", "出差了"]
REASONS += ["身體不舒服", "唔舒服", "something came up", "I'm sick", "out of town"]

clear_replies = st.sampled_from(CLEAR)
separators = st.lists(st.sampled_from(SEPARATORS + DECORATIONS), min_size=1, max_size=3).map(
    "".join
)
paddings = st.lists(st.tuples(st.sampled_from(POLITENESS), separators), max_size=2)


def full_width(text: str) -> str:
    """What a full-width keyboard types: ＡＢＣ，１２３ and ideographic spaces."""
    return "".join(
        "\u3000" if char == " " else chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char
        for char in text
    )


def padded(draw: st.DrawFn, core: str) -> tuple[str, bool]:
    """``core`` with politeness, punctuation and perhaps the ref around it; whether the ref is
    in it."""
    before = "".join(word + sep for word, sep in draw(paddings))
    after = "".join(sep + word for word, sep in draw(paddings))
    with_ref = draw(st.booleans())
    if with_ref:
        ref = draw(st.sampled_from(["K7P3", "k7p3", "#K7P3", "【K7P3】"])) + draw(separators)
        if draw(st.booleans()):
            before = ref + before
        else:
            after = after + " " + ref
    body = draw(separators) * draw(st.booleans()) + before + core + after
    body += draw(separators) * draw(st.booleans())
    return body, with_ref


@st.composite
def padded_clear_replies(draw: st.DrawFn) -> tuple[str, Intent, bool]:
    before, word, after, intent = draw(clear_replies)
    body, with_ref = padded(draw, before + word + after)
    if draw(st.booleans()):
        body = full_width(body)
    return body, intent, with_ref


@st.composite
def negated_replies(draw: st.DrawFn) -> tuple[str, Intent]:
    before, word, after, intent = draw(clear_replies)
    negation = draw(st.sampled_from(NEGATIONS))
    body, _ = padded(draw, before + negation + word + after)
    return body, intent


@st.composite
def replies_with_a_second_intent(draw: st.DrawFn) -> tuple[str, Intent, str, Intent]:
    before, word, after, intent = draw(clear_replies)
    other = draw(st.sampled_from([i for i in NAMED if i is not intent]))
    second = draw(st.sampled_from(NAMED[other]))
    core = before + word + after
    parts = [core, second] if draw(st.booleans()) else [second, core]
    body, _ = padded(draw, draw(separators).join(parts))
    return body, intent, word, other


@settings(max_examples=400, deadline=None)
@given(padded_clear_replies())
def test_padding_never_changes_a_clear_reply(case: tuple[str, Intent, bool]) -> None:
    body, intent, with_ref = case
    assume(len(body) <= MAX_REPLY_CHARS)
    parsed = parse_reply(body)
    assert parsed.intent is intent, body
    assert parsed.ref == ("K7P3" if with_ref else None), body


@settings(max_examples=400, deadline=None)
@given(negated_replies())
def test_a_negation_before_the_reply_word_never_yields_its_intent(
    case: tuple[str, Intent],
) -> None:
    body, intent = case
    assume(len(body) <= MAX_REPLY_CHARS)
    assert parse_reply(body).intent is UNKNOWN, (body, intent)


@settings(max_examples=400, deadline=None)
@given(replies_with_a_second_intent())
def test_a_second_reply_word_leaves_the_reply_unclear(
    case: tuple[str, Intent, str, Intent],
) -> None:
    body, intent, word, other = case
    assume(len(body) <= MAX_REPLY_CHARS)
    # "I cannot come" beside a change request is its reason (来不了，改个时间吧): the change.
    allowed = {UNKNOWN, CHANGE} if word in NOT_COMING and other is CHANGE else {UNKNOWN}
    if intent in (CHANGE, CANCEL) and _LEADING_YES.search(body):
        allowed.add(intent)  # "yes 改时间": a yes leading a change or a cancel agrees to it
    assert parse_reply(body).intent in allowed, (body, intent)


@st.composite
def replies_with_a_reason(draw: st.DrawFn) -> tuple[str, Intent]:
    before, word, after, intent = draw(clear_replies)
    reason = draw(st.sampled_from(REASONS))
    sep = draw(st.sampled_from(["，", ",", "。", ". ", "! ", "、"]))
    core = before + word + after
    parts = [reason, core] if draw(st.booleans()) else [core, reason]
    body, _ = padded(draw, sep.join(parts))
    return body, intent


@settings(max_examples=400, deadline=None)
@given(replies_with_a_reason())
def test_a_reason_in_a_clause_of_its_own_leaves_a_change_or_cancel_standing(
    case: tuple[str, Intent],
) -> None:
    body, intent = case
    assume(len(body) <= MAX_REPLY_CHARS)
    # A reason explains moving or not coming; beside a yes (or an opt-out) it makes it unclear.
    expected = intent if intent in {CHANGE, CANCEL} else UNKNOWN
    assert parse_reply(body).intent is expected, body


@st.composite
def replies_with_a_clause_of_another_intent(draw: st.DrawFn) -> tuple[str, Intent, Intent]:
    before, word, after, intent = draw(clear_replies)
    other = draw(st.sampled_from([i for i in NAMED if i is not intent]))
    second = draw(st.sampled_from(NAMED[other]))
    sep = draw(st.sampled_from(["，", ",", "。", ". ", "! "]))
    core = before + word + after
    parts = [core, second] if draw(st.booleans()) else [second, core]
    if draw(st.booleans()):
        parts.insert(1, draw(st.sampled_from(REASONS)))
    body, _ = padded(draw, sep.join(parts))
    return body, intent, other


@settings(max_examples=400, deadline=None)
@given(replies_with_a_clause_of_another_intent())
def test_a_clause_with_another_intent_never_leaves_the_first_standing(
    case: tuple[str, Intent, Intent],
) -> None:
    body, intent, other = case
    assume(len(body) <= MAX_REPLY_CHARS)
    assert parse_reply(body).intent in {UNKNOWN, other}, (body, intent)
