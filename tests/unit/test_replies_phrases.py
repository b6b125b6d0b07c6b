"""Replies written as short phrases: a wish before the reply word, what it is about before or
after it, a polite question asking for a change — and the phrases that must stay unclear."""

from __future__ import annotations

import pytest

from gateway.domain import (
    reply_clause_words,
    reply_context_words,
    reply_meaning_words,
    reply_words,
)
from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from tests.unit import test_replies
from tests.unit.reply_tables import converter

CONFIRM = Intent.CONFIRM
CHANGE = Intent.CHANGE
CANCEL = Intent.CANCEL
OPT_OUT = Intent.OPT_OUT
UNKNOWN = Intent.UNKNOWN

Row = tuple[str, Intent, str | None]

# Each category: (body, expected intent, expected ref).
CASES: dict[str, list[Row]] = {
    "a wish before the word": [
        ("我想改时间", CHANGE, None),
        ("我需要改一下时间", CHANGE, None),
        ("想要改期", CHANGE, None),
        ("需要取消", CANCEL, None),
        ("请取消", CANCEL, None),
        ("麻烦取消一下", CANCEL, None),
        ("请帮我取消预约", CANCEL, None),
        ("帮我改个时间", CHANGE, None),
        ("麻烦您帮我改一下时间，谢谢", CHANGE, None),
        ("打算改期", CHANGE, None),
        ("我希望改个时间", CHANGE, None),
        ("我要退订", OPT_OUT, None),
        ("I'd like to reschedule", CHANGE, None),
        ("I would like to reschedule, thanks", CHANGE, None),
        ("I need to reschedule", CHANGE, None),
        ("I want to cancel", CANCEL, None),
        ("please cancel it", CANCEL, None),
        ("Please cancel", CANCEL, None),
        ("just cancel it", CANCEL, None),
        ("I have to cancel, sorry", CANCEL, None),
        ("let's reschedule", CHANGE, None),
        ("need a new time", CHANGE, None),
        ("kindly reschedule", CHANGE, None),
        ("I would like to confirm my appointment", CONFIRM, None),
    ],
    "what it is about, after the word": [
        ("改一下时间", CHANGE, None),
        ("改一下预约时间", CHANGE, None),
        ("改下次吧", CHANGE, None),
        ("取消预约吧", CANCEL, None),
        ("取消这个预约", CANCEL, None),
        ("确认预约，谢谢", CONFIRM, None),
        ("改期 K7P3", CHANGE, "K7P3"),
        ("退订短信", OPT_OUT, None),
        ("退订通知", OPT_OUT, None),
        ("退订营销短信", OPT_OUT, None),
        ("退订所有短信", OPT_OUT, None),
        ("取消订阅", OPT_OUT, None),
        ("change the time", CHANGE, None),
        ("change the date please", CHANGE, None),
        ("change my appointment", CHANGE, None),
        ("cancel my booking", CANCEL, None),
        ("cancel the appointment please", CANCEL, None),
        ("please change the time of my appointment", CHANGE, None),
        ("confirm it", CONFIRM, None),
        ("stop texts", OPT_OUT, None),
        ("unsubscribe me", OPT_OUT, None),
        ("unsubscribe from texts", OPT_OUT, None),
        ("stop sending me reminders", OPT_OUT, None),
        ("no more texts please", OPT_OUT, None),
        ("opt me out", OPT_OUT, None),
        ("please stop", OPT_OUT, None),
    ],
    "what it is about, first": [
        ("时间帮我改一下", CHANGE, None),
        ("预约取消吧", CANCEL, None),
        ("预约时间改一下", CHANGE, None),
        ("帮我把预约取消", CANCEL, None),
        ("把时间改一下", CHANGE, None),
        ("这个预约帮我取消", CANCEL, None),
        ("明天的预约取消", CANCEL, None),
        ("短信退订", OPT_OUT, None),
        ("the appointment, cancel it", CANCEL, None),
        ("my appointment, please reschedule", CHANGE, None),
        ("the time, change it please", CHANGE, None),
        ("K7P3 预约取消", CANCEL, "K7P3"),
    ],
    "verbs that need what they change": [
        ("调一下时间", CHANGE, None),
        ("调个时间", CHANGE, None),
        ("调整时间", CHANGE, None),
        ("换个预约", CHANGE, None),
        ("挪一下时间", CHANGE, None),
        ("move my appointment", CHANGE, None),
        ("move it", CHANGE, None),
        ("I'd like to move my appointment", CHANGE, None),
        ("换一下", UNKNOWN, None),  # the stylist? the service?
        ("调一下", UNKNOWN, None),
        ("换个发型师", UNKNOWN, None),
        ("move", UNKNOWN, None),
        ("switch", UNKNOWN, None),
    ],
    "asking for a change": [
        ("方便调一下时间吗", CHANGE, None),
        ("可以改个时间吗", CHANGE, None),
        ("可以改个时间吗？谢谢", CHANGE, None),
        ("能改时间吗", CHANGE, None),
        ("能不能改一下时间", CHANGE, None),
        ("可不可以改期", CHANGE, None),
        ("方不方便换个时间", CHANGE, None),
        ("请问可以改时间吗", CHANGE, None),
        ("是否可以改期", CHANGE, None),
        ("改个时间可以吗", CHANGE, None),
        ("换个时间行吗", CHANGE, None),
        ("别的时间可以吗", CHANGE, None),
        ("我能改时间吗？K7P3", CHANGE, "K7P3"),
        ("could I move it to another day?", CHANGE, None),
        ("can we move it to another day", CHANGE, None),
        ("can I reschedule?", CHANGE, None),
        ("Can I switch to another day?", CHANGE, None),
        ("could we change the date?", CHANGE, None),
        ("is it possible to reschedule?", CHANGE, None),
        ("would it be possible to move my appointment?", CHANGE, None),
        ("Could you please reschedule me", CHANGE, None),
        ("may I reschedule", CHANGE, None),
        ("Hi can I change my appointment to another day please", CHANGE, None),
    ],
    "reasons beside a change": [
        ("来不了，改个时间吧", CHANGE, None),
        ("明天有事来不了，能改个时间吗？", CHANGE, None),
        ("没空，改天吧", CHANGE, None),
        ("I can't make it, can we reschedule?", CHANGE, None),
        ("sorry can't make it, need a different day", CHANGE, None),
        ("来不了，取消吧", CANCEL, None),  # both say cancel
        ("can't make it, please cancel", CANCEL, None),
        ("来不了，改时间还是取消", UNKNOWN, None),
    ],
    "questions that stay unclear": [
        ("在哪里？", UNKNOWN, None),
        ("几点来着", UNKNOWN, None),
        ("几点", UNKNOWN, None),
        ("is it still on?", UNKNOWN, None),
        ("what time is it", UNKNOWN, None),
        ("取消要扣钱吗？", UNKNOWN, None),
        ("能取消吗", UNKNOWN, None),  # possible? free? — ask
        ("能帮我取消吗", UNKNOWN, None),
        ("可以取消吗", UNKNOWN, None),
        ("确认了吗?", UNKNOWN, None),
        ("确认了吗", UNKNOWN, None),
        ("确认好吗", UNKNOWN, None),
        ("可以吗", UNKNOWN, None),
        ("方便吗", UNKNOWN, None),
        ("好吗", UNKNOWN, None),
        ("改时间吗", UNKNOWN, None),  # "is the time changing?"
        ("改了吗", UNKNOWN, None),
        ("需要改时间吗", UNKNOWN, None),
        ("需不需要改", UNKNOWN, None),
        ("要不要改时间", UNKNOWN, None),
        ("改时间要收费吗", UNKNOWN, None),
        ("能改到周五吗", CHANGE, None),  # asks for a change to a day
        ("能改到3点吗", UNKNOWN, None),  # a clock time we cannot read: ask
        ("请问在哪", UNKNOWN, None),
        ("能来吗", UNKNOWN, None),
        ("can I cancel?", UNKNOWN, None),
        ("can you cancel it?", UNKNOWN, None),
        ("can you cancel it please", UNKNOWN, None),
        ("can I confirm", UNKNOWN, None),
        ("reschedule?", UNKNOWN, None),
        ("I'd like to reschedule?", UNKNOWN, None),
        ("when can I reschedule?", UNKNOWN, None),
        ("can I reschedule to 3pm?", UNKNOWN, None),
        ("can I come earlier?", UNKNOWN, None),
        ("do I need to cancel", UNKNOWN, None),
    ],
    "negations stay unknown": [
        ("不用改了", UNKNOWN, None),
        ("不用改了，谢谢", UNKNOWN, None),
        ("改天再说", UNKNOWN, None),
        ("取消不了吗", UNKNOWN, None),
        ("不想取消", UNKNOWN, None),
        ("我不想改时间", UNKNOWN, None),
        ("不需要取消", UNKNOWN, None),
        ("不要帮我取消", UNKNOWN, None),
        ("别改时间", UNKNOWN, None),
        ("没有改时间", UNKNOWN, None),
        ("不能改吗", UNKNOWN, None),
        ("不方便改时间", UNKNOWN, None),
        ("不退订", UNKNOWN, None),
        ("不要退订", UNKNOWN, None),
        ("别退订短信", UNKNOWN, None),
        ("时间不用改", UNKNOWN, None),
        ("预约不取消", UNKNOWN, None),
        ("I don't need to reschedule", UNKNOWN, None),
        ("no need to reschedule", UNKNOWN, None),
        ("I don't want to cancel", UNKNOWN, None),
        ("please don't cancel it", UNKNOWN, None),
        ("don't move my appointment", UNKNOWN, None),
        ("no need to change the time", UNKNOWN, None),
        ("don't stop texting me", UNKNOWN, None),
        ("can't reschedule", UNKNOWN, None),
    ],
    "a change already made is news, not a request": [
        ("改好了", UNKNOWN, None),
        ("已经改了", UNKNOWN, None),
        ("已改", UNKNOWN, None),
        ("我已经改好了", UNKNOWN, None),
        ("改好了谢谢", UNKNOWN, None),
        ("已經改好了", UNKNOWN, None),
        ("时间已经改过了", UNKNOWN, None),
        ("预约已改期", UNKNOWN, None),
        ("改完了", UNKNOWN, None),
        # Asking for a change still is one.
        ("我要改时间", CHANGE, None),
        ("改一下吧", CHANGE, None),
    ],
    "second intents stay unknown": [
        ("取消，然后重新约", UNKNOWN, None),
        ("确认，但是想改时间", UNKNOWN, None),
        ("想取消或者改期", UNKNOWN, None),
        ("可以，取消吧", UNKNOWN, None),
        ("能改时间吗？不行就取消", UNKNOWN, None),
        ("退订，取消预约", UNKNOWN, None),
        ("取消预约短信", UNKNOWN, None),  # cancel the appointment, or stop the texts?
        ("I want to cancel and reschedule", UNKNOWN, None),
        ("cancel or reschedule", UNKNOWN, None),
        ("please reschedule, or cancel", UNKNOWN, None),
        ("confirm, and stop texts", UNKNOWN, None),
        ("yes, cancel it", UNKNOWN, None),
    ],
    "what a reply word is not about": [
        # A confirm may be about the appointment's time: 确认时间 is how people confirm it.
        ("确认时间", CONFIRM, None),
        ("确认一下时间", UNKNOWN, None),  # "let me check the time"
        ("我想确认一下是几点", UNKNOWN, None),
        ("时间确认", CONFIRM, None),
        ("取消时间", UNKNOWN, None),
        ("退订预约", UNKNOWN, None),
        ("收到取消通知", UNKNOWN, None),  # received the notice; not an opt-out
        ("stop it", UNKNOWN, None),
        ("cancel the texts", UNKNOWN, None),
        ("confirm the time", CONFIRM, None),
        ("the end", UNKNOWN, None),
        ("quit texting me", UNKNOWN, None),  # quit, end, t stay whole-message keywords
    ],
    "traditional": [
        ("我想改時間", CHANGE, None),
        ("麻煩幫我取消預約", CANCEL, None),
        ("時間幫我改一下", CHANGE, None),
        ("預約取消吧", CANCEL, None),
        ("可以改個時間嗎？", CHANGE, None),
        ("方便調一下時間嗎", CHANGE, None),
        ("能不能改一下時間", CHANGE, None),
        ("請問可以改時間嗎", CHANGE, None),
        ("退訂簡訊", OPT_OUT, None),  # Taiwan's word for a text message
        ("退訂短訊", OPT_OUT, None),  # Hong Kong's
        ("別再發簡訊了", OPT_OUT, None),
        ("來不了，改個時間吧", CHANGE, None),
        ("取消預約，謝謝", CANCEL, None),
        ("確認預約", CONFIRM, None),
        ("這個預約幫我取消", CANCEL, None),
        ("我們想換個日子", CHANGE, None),
        ("不用改了謝謝", UNKNOWN, None),
        ("取消要扣錢嗎？", UNKNOWN, None),
        ("確認了嗎", UNKNOWN, None),
        ("能取消嗎", UNKNOWN, None),
        ("不要取消", UNKNOWN, None),
        ("改時間還是取消", UNKNOWN, None),
        ("在哪裡？", UNKNOWN, None),
        ("幾點來著", UNKNOWN, None),
        ("會不會來", UNKNOWN, None),
    ],
    "mixed scripts": [
        ("你好，I'd like to reschedule", CHANGE, None),
        ("please 取消", CANCEL, None),
        ("ok，改个时间", CHANGE, None),
        ("Hi 可以改時間嗎", CHANGE, None),
        ("K7P3 cancel 谢谢", CANCEL, "K7P3"),
        ("改期 please", CHANGE, None),
        ("sorry 来不了 改天吧", CHANGE, None),
        ("stop 短信", OPT_OUT, None),
        ("can I 取消?", UNKNOWN, None),
        ("不要 cancel", UNKNOWN, None),
        ("don't 取消", UNKNOWN, None),
    ],
    "opt-out phrases": [
        ("别再发短信了", OPT_OUT, None),
        ("不要再发了", OPT_OUT, None),
        ("别给我发短信", OPT_OUT, None),
        ("不要发消息了", OPT_OUT, None),
        ("退订，谢谢", OPT_OUT, None),
        ("好的，退订", OPT_OUT, None),
        ("退订 K7P3", OPT_OUT, "K7P3"),
        ("stop texting me", OPT_OUT, None),
        ("don't text me anymore", OPT_OUT, None),
        ("do not send me texts", OPT_OUT, None),
        ("STOP please", OPT_OUT, None),
        ("Unsubscribe, thanks", OPT_OUT, None),
        ("退订短信?", UNKNOWN, None),  # a question about the phrase, unlike the keyword STOP?
        ("退订要钱吗", UNKNOWN, None),
    ],
}

TABLE = [
    pytest.param(body, intent, ref, id=f"{category}: {body[:24]!r}")
    for category, rows in CASES.items()
    for body, intent, ref in rows
]


def test_the_phrase_table_adds_at_least_a_hundred_rows() -> None:
    assert len(TABLE) >= 100


@pytest.mark.parametrize(("body", "intent", "ref"), TABLE)
def test_parse_reply_phrases(body: str, intent: Intent, ref: str | None) -> None:
    parsed = parse_reply(body)
    assert (parsed.intent, parsed.ref) == (intent, ref)


SIMPLIFIED_ROWS = [
    pytest.param(body, id=f"{category}: {body[:24]!r}")
    for table in (test_replies.CASES, CASES)
    for category, rows in table.items()
    if category != "traditional"
    for body, _, _ in rows
    if any("\u4e00" <= char <= "\u9fff" for char in body)
]


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
@pytest.mark.parametrize("body", SIMPLIFIED_ROWS)
def test_any_traditional_spelling_reads_as_the_simplified(config: str, body: str) -> None:
    traditional = converter(config).convert(body)
    assert parse_reply(traditional) == parse_reply(body)


VOCABULARY = sorted(
    {
        phrase
        for module in (reply_words, reply_context_words, reply_clause_words, reply_meaning_words)
        for name in dir(module)
        if name.isupper()
        for phrase in getattr(module, name)
        if any("\u4e00" <= char <= "\u9fff" for char in phrase)
    }
)


def test_the_vocabulary_is_written_as_the_conversion_writes_it() -> None:
    # A word the Traditional → Simplified step rewrites could never be matched.
    assert [word for word in VOCABULARY if converter("t2s").convert(word) != word] == []
