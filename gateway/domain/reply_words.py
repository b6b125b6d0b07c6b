"""The words customers use to answer a confirmation request: the reply parser's vocabulary.

Data only. Written after normalisation (see ``gateway.domain.replies``): lower case, Simplified
Chinese, apostrophes dropped. Adding a phrase here is how the parser learns a new way to say
something.

A reply is read as a short phrase around one reply word (the head: 取消, 改, cancel …): a wish
or request before it (想, 麻烦帮我, "I'd like to"), what it is about before or after it (时间,
预约, 短信, "the appointment"), and politeness anywhere. Each kind of word has its own table
below, because each may stand next to different heads. The heads are here; the words around
them (what a reply is about, and padding) are in ``gateway.domain.reply_context_words``.
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
    "确定",
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
    "yes",
    "of course",
    "no problem",
    "can come",
    "can make it",
    "y",
    "yeah",
    "yep",
    "yup",
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
    # Added by meaning (issue 21). 词林 准时 group (准时 正点 按时 如期) and 确认/同意 groups
    # (确认 认可 肯定 / 同意 认可 可以): being there on time, agreeing, settling on the time.
    "准时",
    "按时",
    "准点",
    "如期",
    "准时来",
    "准时去",
    "准时过去",
    "准时过来",
    "按时来",
    "按时去",
    "按时过去",
    "按时过来",
    "如期到",
    "会过去",
    "会过来",
    "一定来",
    "一定去",
    "准点到",
    "肯定来",
    "肯定到",
    "肯定去",
    "到时过去",
    "到时过来",
    "到时候过去",
    "到时候过来",
    "同意",
    "认可",
    "就这个时间",
    "就这样定",
    "下午见",
    "上午见",
    "晚上见",
    "回头见",
    "到时候见啦",
    "冇问题",
    "无问题",
    "会嚟",
    "准时嚟",
    "works for me",
    "that works",
    "that works for me",
    "sounds great",
    "see ya",
    "see u",
    "see u then",
    "see you later",
    "be there",
    "will be on time",
    "ill be on time",
    "count me in",
    "looking forward",
    "definitely",
    "absolutely",
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
    # Added by meaning (issue 21): agreement that only says "fine" (词林 同意 group: 也好).
    "好嘞",
    "好啊",
    "好呀",
    "也好",
    "对",
    "对的",
    "妥",
    "妥了",
    "没毛病",
    "好呀好呀",
    "perfect",
    "great",
    "good",
    "fine",
    "thats fine",
    "all good",
    "alright",
    "all right",
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
    # Added by meaning (issue 21). 词林 推迟 group (推迟 延迟 推延 延期 顺延 延缓) and moving the
    # time with a direction: each says the time moves, with or without what moves.
    "推后",
    "往后推",
    "往前推",
    "往后挪",
    "往前挪",
    "往后调",
    "往前调",
    "往后延",
    "延迟",
    "顺延",
    "推延",
    "延缓",
    "另外约",
    "另外约个时间",
    "另约个时间",
    "改个日子",
    "改日",
    "改日期",
    "改日子",
    "转个时间",
    "转时间",
    "转日子",
    "push back",
    "push it back",
    "bring forward",
    "bring it forward",
    "make it later",
    "make it earlier",
    "some other time",
    "a later time",
    "an earlier time",
    "another slot",
    "a different slot",
    "a different time",
    "a different day",
    "a new time",
    "a new date",
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
    # Added by meaning (issue 21): 词林 提前 group (提前 提早) and 推迟 group's one-character
    # verbs; 转 is the Cantonese "change". 提前 alone may be "I'll come early" (提前到).
    "提前",
    "提早",
    "推",
    "延",
    "转",
    "delay",
    "push",
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

#: 已, 已经 ("already"): politeness before a confirm (已确认) or a cancel, but before any change
#: word they report one made (已经推后了, 已调整时间), like the phrases above.
ALREADY_WORDS: tuple[str, ...] = ("已", "已经")

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
    # Added by meaning (issue 21): 词林 取消 group (撤销 取消 注销), as a booking is undone.
    "撤销",
    "撤销预约",
    "call it off",
    "call off",
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
    # Added by meaning (issue 21): not coming in other words (去不成, 不做了), the service not
    # wanted this time (不剪了 cut, 不烫了 perm, 不染了 colour), Cantonese (唔去, 嚟唔到, 冇空),
    # and English "won't be able to".
    "去不成",
    "来不成",
    "去不成了",
    "来不成了",
    "不做了",
    "不弄了",
    "不搞了",
    "不剪了",
    "不烫了",
    "不染了",
    "不预约了",
    "不过去了",
    "不过来了",
    "过不去",
    "过不来",
    "赶不上",
    "赶不过来",
    "赶不过去",
    "没法来",
    "没法去",
    "没法过去",
    "没办法来",
    "没办法去",
    "没办法过去",
    "去不到",
    "来不到",
    "这次算了",
    "这次就算了",
    "这次先算了",
    "预约算了",
    "唔去",
    "唔去了",
    "唔嚟",
    "唔嚟了",
    "嚟唔到",
    "去唔到",
    "唔得闲",
    "冇时间",
    "冇空",
    "wont be able to come",
    "wont be able to make it",
    "will not be able to come",
    "will not be able to make it",
    "not able to come",
    "not able to make it",
    "unable to attend",
    "wont be attending",
    "not going to make it",
    "not gonna make it",
    "cant do it",
    "wont be able to attend",
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
