"""The words customers use to answer a confirmation request: the reply parser's vocabulary.

Data only. Written after normalisation (see ``gateway.domain.replies``): lower case, Simplified
Chinese, apostrophes dropped. Adding a phrase here is how the parser learns a new way to say
something.

A reply is read as a short phrase around one reply word (the head: 取消, 改, cancel …): a wish
or request before it (想, 麻烦帮我, "I'd like to"), what it is about before or after it (时间,
预约, 短信, "the appointment"), and politeness anywhere. Each kind of word has its own table
below, because each may stand next to different heads. The heads are here; the words around
them (what a reply is about, and padding) are in ``gateway.domain.reply_context_words``; the
heads grouped by meaning (the verbs of each intent in Mandarin, Cantonese and English, and where
they come from) are in ``gateway.domain.reply_meaning_words``.
"""

from __future__ import annotations

# --- Whole-message keywords -------------------------------------------------------------------
# Compared with the entire reply (ref removed, punctuation stripped), never searched for inside
# it: "end" in "weekend" or "t" in "can't" must not unsubscribe anyone.

#: Carrier and Twilio opt-out words. Twilio also treats CANCEL as opt-out, but for us a bare
#: "cancel" answers the confirmation request, so it lives in the cancel phrases instead.
OPT_OUT_KEYWORDS: frozenset[str] = frozenset(
    {
        "退订",
        "td",
        "t",
        "stop",
        "stopall",
        "stop all",
        "unsubscribe",
        "end",
        "quit",
        "optout",
        "opt out",
        "revoke",
    }
)

#: Twilio also treats YES as opt-in; for us "yes" confirms the appointment.
OPT_IN_KEYWORDS: frozenset[str] = frozenset({"start", "unstop", "订阅"})

HELP_KEYWORDS: frozenset[str] = frozenset({"help", "info", "帮助", "帮忙"})


# --- Phrases ----------------------------------------------------------------------------------
# Written after normalisation: lower case, Simplified Chinese, apostrophes dropped ("can't" is
# "cant"), hyphens as spaces. English phrases match whole words only, so "ok" never matches inside
# "book" nor "yes" inside "yesterday". Matching is longest-first, so 不好意思 ("sorry") is read
# before its 不, 来不了 before its 来, and 改时间 before 改.

CONFIRM_PHRASES: tuple[str, ...] = (
    "1",
    "确认",
    "可以来",
    "可以到",
    "没问题",
    "会来",
    "会到",
    "会去",
    "能来",
    "能到",
    "准时到",
    "按时到",
    "一定到",
    "到时见",
    "到时候见",
    "明天见",
    "一会见",
    "待会见",
    "是的",
    "of course",
    "no problem",
    "can come",
    "can make it",
    "y",
    "sure",
    "confirm",
    "confirmed",
    "sounds good",
    "see you",
    "see you then",
    "see you there",
    "see you soon",
    "will be there",
    "ill be there",
    "ill come",
    "will come",
    "will attend",
    "coming",
    # Missing it denied: a yes idiom ("wouldn't miss it for the world"), not a no.
    "wouldnt miss it",
    "would not miss it",
    "wont miss it",
    "will not miss it",
    "wouldnt miss it for the world",
    "wont miss it for the world",
    "wouldnt miss it for anything",
)

#: Agreement words that confirm when they stand alone, but are only politeness next to another
#: intent: 好的，取消 cancels; "ok 确认" confirms.
SOFT_CONFIRM_PHRASES: tuple[str, ...] = (
    "好",
    "好的",
    "好滴",
    "好哒",
    "嗯",
    "行",
    "ok",
    "okay",
    "👍",
    "👌",
    "✅",
    "✔",
    # "That's right": the time said back, agreed (周六14:00 剪发没错); beside 取消, politeness.
    "没错",
    "冇错",
)

#: 可以 alone agrees ("that's fine"), but before a change it asks for one: 可以改个时间吗.
MAY_PHRASES: tuple[str, ...] = ("可以",)

CHANGE_PHRASES: tuple[str, ...] = (
    "2",
    "变更",
    "更改",
    "改",
    "改期",
    "改时间",
    "改个时间",
    "改一下时间",
    "改下时间",
    "改天",
    "改天再约",
    "改约",
    "换个时间",
    "换时间",
    "换一个时间",
    "换个日子",
    "换一天",
    "推迟",
    "延后",
    "延期",
    "重新约",
    "重新预约",
    "重新安排",
    "重约",
    "另约",
    "别的时间",
    "别的日子",
    "其他时间",
    "其他日子",
    "另一天",
    "另外一天",
    "另一个时间",
    "另外的时间",
    "change",
    "change time",
    "change the time",
    "reschedule",
    "re schedule",
    "rebook",
    "re book",
    "rearrange",
    "another time",
    "another day",
    "another date",
    "different time",
    "different day",
    "different date",
    "new time",
    "new date",
    "later date",
    "postpone",
)

#: Verbs that ask for a change only when they say what is changed (调一下时间, 换个预约, "move
#: it"): 换一下 alone may be about the stylist or the service.
CHANGE_VERBS: tuple[str, ...] = (
    "换",
    "调",
    "调整",
    "更换",
    "挪",
    "move",
    "shift",
    "switch",
)

#: Saying a change has already been made (改好了, 已经改了, 改过了): news, not a request. Read as a
#: change it would put the appointment back into change_requested and send an offer of new times
#: to a customer who has one; unclear instead, it reaches the front desk.
CHANGE_DONE_PHRASES: tuple[str, ...] = (
    "改好",
    "改好了",
    "改过",
    "改过了",
    "改完",
    "改完了",
    "已改",
    "已经改",
    "已更改",
    "已经更改",
    "已改期",
    "已经改期",
    "已改时间",
    "已经改时间",
)

#: Cancelling in so many words.
CANCEL_PHRASES: tuple[str, ...] = (
    "3",
    "取消",
    "取消掉",
    "不约了",
    "cancel",
    "cancel it",
    "cancelled",
    "canceled",
)

#: Saying one will not come. Alone it cancels; beside a change request it is only the reason for
#: it (来不了，改个时间吧 asks for another time, and must not cancel).
ABSENCE_PHRASES: tuple[str, ...] = (
    "不去",
    "不去了",
    "不来",
    "不来了",
    "来不了",
    "去不了",
    "到不了",
    "不能来",
    "不能去",
    "不会来",
    "没空",
    "没时间",
    "有事去不了",
    "有事来不了",
    "cant make it",
    "cannot make it",
    "can not make it",
    "wont make it",
    "cant come",
    "cannot come",
    "can not come",
    "cant go",
    "cant attend",
    "cannot attend",
    "cant be there",
    "wont be there",
    "not coming",
    "wont come",
    "wont be coming",
    "unable to come",
    "unable to make it",
)

#: Opt-out phrases, read like the other heads (我要退订, 退订短信, "please stop texting me").
#: Only these: the short keywords above (t, td, end, quit) stay whole-message only, so "the end"
#: unsubscribes nobody. A negation in one of them is part of the wish, not a denial of it.
OPT_OUT_PHRASES: tuple[str, ...] = (
    "退订",
    "取消订阅",
    "别发",
    "别再发",
    "别给我发",
    "不要发",
    "不要再发",
    "不要给我发",
    "unsubscribe",
    "stop",
    "opt out",
    "opt me out",
    "stop texting",
    "stop sending",
    "stop messaging",
    "no more texts",
    "no more messages",
    "dont text",
    "do not text",
    "dont message",
    "do not message",
    "dont send",
    "do not send",
)

#: Asking whether a change is possible is asking for it (能改时间吗, "could I move it?"). These
#: words stand only before a change; with any other reply word the question stays unclear
#: (能取消吗 may be about a fee).
ASKING_PHRASES: tuple[str, ...] = (
    "能",
    "能否",
    "可否",
    "是否",
    "能不能",
    "可不可以",
    "可唔可以",
    "得唔得",
    "方便",
    "方不方便",
    "行吗",
    "好吗",
    "can i",
    "can we",
    "can you",
    "could i",
    "could we",
    "could you",
    "would you",
    "may i",
    "may we",
    "is it possible to",
    "would it be possible to",
    "possible to",
)

#: Question particles: a reply with one is a question, understood only when it asks for a change.
QUESTION_PARTICLES: tuple[str, ...] = ("吗", "么", "嘛", "请问")

#: 已, 已经 ("already"): politeness before a confirm (已确认) or a cancel, but before any change
#: word they report one made (已经推后了, 已调整时间), like the phrases above.
ALREADY_WORDS: tuple[str, ...] = ("已", "已经")
