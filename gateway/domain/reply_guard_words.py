"""Word classes of the learned reader's guard (``reply_guard``) for what only looks like a stop:
a no that is the answer itself said in the negative, and someone else named only as the one
who comes along. Each class is by meaning; a word in it counts only beside the answer it says.

Sources: the verbs of coming and of the salon's work are the parser's own (``reply_words``:
来, 去, 过来, 嚟, 做, 剪, 烫, 染, 电); keeping a place and waiting (留, 保留, 预留, 等) are the
同义词词林 group of 保留 as the fifth pass read it (``reply_usage_words``); coming along (带,
陪, 送, 载, 一起) is the Cilin group of 陪同 and 携带, with the Cantonese 揸车 and 一齐 of
the training sets' writers. Pure data.
"""

from __future__ import annotations

from typing import Final

from gateway.domain.reply_spans import WHEN

#: Beside a cancel, the cancel said in the negative: not doing it or not coming any more (先不做了,
#: 我唔會嚟, 这回不去了, 以后不过去了), no need to keep the place or to wait (不用留了, 别给我留了,
#: 唔使等我), not troubling the salon this time (这次就不麻烦了). Chinese as a pattern: a no,
#: maybe "again", "will" or "want", then a verb of coming or of the salon's work, never one
#: followed by another answer's verb (我不会去取消: "I won't go and cancel it"; read without
#: punctuation, 我不去，取消 looks the same and is left to a person too).
CANCEL_IN_THE_NEGATIVE: Final = (
    "(?:不|唔|别|勿|莫|甭)(?:会|再|想|打算){0,2}"
    "(?:做|剪|整|弄|烫|染|电|去|来|嚟|过去|过来|过嚟|出门|前往|麻烦)"
    # 别去掉 is a no to the cancel (去掉, "take it off"), not 别去 ("not going")
    "(?!取消|改|换|调|推|挪|延|掉|cancel|change)"
    "|(?:不用|唔使|唔驶|不必|无需|毋须|别|不要|唔好|甭|莫)(?:再)?(?:帮我|给我|为我|同我)?"
    "(?:保留|预留|留|等)"
    # Fifteenth pass: no need of it any more (先不用了, 今次唔使喇, 这个预约不要了, 已经唔需要),
    # said of the visit or the customer, or needed no more; never after 就 or 也 (取消就不用了
    # says no to the cancel), and a bare no (取消吧，不要) stays one.
    "|(?<!就)(?<!也)(?:先|暂时|已经|都|今次|这次|我|预约)都?(?:不用|唔使|唔驶|不需要|唔需要|不要|唔要)"
    "(?:喇|了|啦|咯|嘞|住喇|$)"
    "|(?<!就)(?<!也)(?:不需要|唔需要)(?:喇|了|啦|咯|嘞|住喇|$)"
    # Twelfth pass: no other visit wanted (唔好留位, 不用再帮我约了, 别再约). A no to a change
    # (不用改时间) still stops a cancel: which of the two is meant, a person reads.
    "|(?:不用|唔使|唔驶|不必|无需|毋须|别|不要|唔好)(?:再)?(?:帮我|给我|为我|同我)?"
    "(?:另约|再约|约|留位)"
)
#: Beside a cancel, its own words that the parser reads as another answer: having moved away
#: (我搬到外地了, 我搬咗去新界: 搬 to a place, not to a day, is no change), a delay (航班延误),
#: and 确定 or 肯定 as "definitely" before a no or before 要取消 (那天确定无法出席).
CANCEL_READ_AS_ANOTHER: Final = (
    "搬(?:咗|了)(?:去|到)?(?!{when})|搬(?:到|去|走)(?!{when})[^了咗喇]{{0,4}}(?:了|咗|喇)"
    "|搬家|搬咗屋|延误"
    "|(?:确定|肯定)(?=要取消|无法|没法|没办法|不|唔|没|冇|去不|来不)"
).format(
    when=f"[^，,。 ]{{0,4}}?(?:礼拜|星期|周|号|点|天|日|午|早|晚|[0-9一二三四五六七八九十{WHEN}])"
)
CANCEL_IN_THE_NEGATIVE_ENGLISH: Final = (
    "will not come", "will not be coming", "will not be attending", "will not attend",
    "not able to attend", "not able to come", "not be able to attend", "wont be attending",
    "wont be coming", "cant come", "cannot come", "cant attend", "cannot attend", "no longer",
    "dont rebook", "no need to rebook", "no need to keep", "not required", "not needed",
    "wont need the appointment", "wont need it", "dont need it anymore",
    "do not rebook", "not rebooking", "wont rebook", "wont be rebooking", "no rebooking",
)  # fmt: skip

#: Beside a confirm, the yes said in the negative: not late, not missing it, not forgetting (不会
#: 迟到, 这次绝对不鸽, 差啲唔記得, "won't miss it"), nothing changed (没变, 不变, "no change");
#: and (the thirteenth pass, from the training sets' confirms the guard stopped as a no) no other
#: answer wanted (不用改, 唔使改, 别给我取消, 唔好俾人霸咗我个位, "don't give my slot away"), no
#: more reminding (不用再提醒, 唔使再打俾我), nothing in the way (不影响, 跑不了, "don't worry").
CONFIRM_IN_THE_NEGATIVE: Final = (
    "(?:不会|唔会|绝对不|决不|不)再?(?:迟到|迟|晚到|爽约|放鸽子|鸽|甩底|唔记得|忘记|忘|late)"
    "|差点不记得|差啲唔记得|(?:没|冇|无|不)有?(?:改变|变化|变)"
    "|(?:不用|唔使|不需要|无需|毋须|不必)(?:帮我)?(?:改|取消)(?:期|时间|约)?(?:喔|哦|啦|了)?"
    "|(?:不要|别|唔好|勿要|侬勿要)(?:帮我|给我|同我)?取消"
    "|(?:唔好|不要|别)(?:将|把)?(?:个位|我个位|位置)?(?:俾|给|畀)(?:咗)?(?:人|别人)"
    "|(?:不用|唔使|不需要)再?(?:提醒|提我|打电话|打俾我|打给我)"
    "|不影响|跑不了"
    # Sixteenth pass: no problem in the dialects (莫得问题, 冇得问题, 没得问题), it does
    # not matter after a circumstance (下雨，不过没关系; 唔紧要; 没差), and a call missed said
    # sorry for (不好意思没接到你们电话, 琴日冇听到你哋电话): the yes, or its apology.
    "|(?:没|冇|莫|木|无)得问题|(?:木|莫)有?问题"
    "|(?:不过|但是|但|可是)(?:也|都)?(?:没关系|没差|唔紧要|冇所谓|无所谓)(?![吧吗嘛呢啊])"
    "|(?:没|冇|未)(?:有)?(?:接到|接|听到|听见|睇到)(?:你们|你哋|你地|您)?(?:的|嘅)?电话"
)
CONFIRM_IN_THE_NEGATIVE_ENGLISH: Final = (
    "wont be late", "will not be late", "not be late", "wont miss it", "will not miss it",
    "wont miss", "no change", "no changes", "not changing", "wont forget",
    "wouldnt miss it", "would not miss it", "wouldnt miss", "dont worry", "no worries",
    "dont give my slot away", "do not give my slot away", "dont give away my slot",
    "no need to change", "no need to change anything",
    "no wahala",
)  # fmt: skip

#: A no that only says how much (头发乱得不行, 亂到不行): it denies nothing.
INTENSIFIERS: Final = ("得不行", "到不行", "得不得了", "到唔得")

#: The time that does not work, beside a change or a cancel: its reason (周六不行, 星期六唔得,
#: 那天不成, "saturday doesn't work", "can't make 2"), and a reason with a no of its own (钱不够,
#: 抽不出时间, 下班过不去, 那天不上班; 没时间, 冇钱, "can't afford it").
NOT_WORKING_OUT: Final = (
    "不行", "不成", "唔得", "不够", "抽不出", "抽唔出", "顾不上", "离不开", "不上班", "唔使返工",
    "cant make", "cannot make", "doesnt work", "dont work", "not working", "not able to make",
    # Fourteenth pass: no time, no money, no heart for it, away from town (没时间, 冇钱, 钱唔够,
    # 没心情, "no time", "can't afford it", "won't be in town"): why, not a no to the answer.
    "没时间", "冇时间", "没有时间", "没钱", "冇钱", "没有钱", "唔够", "没心情", "没心思", "冇心情",
    "no time", "no money", "cant afford", "cannot afford", "can not afford", "not in town",
    "wont be in town", "will not be in town", "wont be back", "will not be back",
    # Fifteenth pass: cannot get away, no leave, no free time, not back yet, said in the dialects
    # (走唔甩, 冇得走开, 请不下假, 个假批唔到, 莫得空, 搞唔掂, 时间唔夹, 还没回来, "tmrw no good").
    "走唔甩", "走不开", "走唔开", "冇得走开", "请不下假", "请不下来假", "请不到假", "请唔到假",
    "批唔到", "莫得空", "没得空", "冇得空", "冇得时间", "莫得时间", "搞唔掂", "搞不定", "唔夹",
    "还没回来", "还没回", "未返", "冇瘾", "唔 ok", "唔ok", "no good", "wont get there",
    "wont make it",
)  # fmt: skip

#: Someone named only as coming along or bringing the customer (我带孩子一起来, 我老公开车送我
#: 过去, 带埋个仔, "my son will drop me off", "I'll bring my daughter along"): the answer beside
#: it is the customer's.
COMING_ALONG: Final = (
    "带", "陪我", "送我", "载我", "接我", "揸车", "一起", "一齐", "一同", "drop me", "drive me",
    "bring", "along", "with me",
    # Thirteenth pass: who came along waits (她在旁边等我就行, 他在外面等, 坐着等).
    "等我就", "旁边等", "外面等", "出面等", "门口等", "坐着等", "坐旁边等",
)  # fmt: skip

#: The booking made for someone else (我是帮女儿约的, 替我儿子预约的, 幫個女book嘅, "I booked it
#: for her"): they are the appointment's client, and an answer about them is about it. Chinese as
#: a pattern: for (帮, 替, 为), a child or a parent, then booking.
BOOKED_FOR: Final = (
    "(?:帮|替|为)我?(?:个|的)?(?:女儿|儿子|孩子|小孩|女|仔|妈妈|妈|爸爸|爸|老人家|老人)"
    "(?:预约|约|book|订)"
)
BOOKED_FOR_ENGLISH: Final = (
    "booked it for", "booked this for", "booked for her", "booked for him", "booked for them",
    "made this booking for", "made the booking for", "booked on behalf",
)  # fmt: skip

#: A hedge (可能, 应该, 大概, 估计, might, probably, should): the answer is not decided — unless
#: it only says how the customer arrives, early or on time, in a clause of its own beside a yes
#: (确认。我可能会提前五分钟到; OK 下班直接過去 應該兩點前到; "might be a couple of mins early").
HEDGES: Final = (
    "可能", "应该", "大概", "估计", "也许", "或许", "大约", "might", "probably", "should",
    "maybe",
)  # fmt: skip
#: Arriving early or on time: the customer comes, a little before the time or at it. A clock
#: time is read in a clause as the parser's mark for a when (``reply_spans.WHEN``).
ARRIVING_EARLY_OR_ON_TIME: Final = (
    "(?:提前|提早|早)(?:[一二两三四五六七八九十0-9]+|几|个|一点|一些|少少|啲|点)*"
    "(?:分钟|分)?(?:左右)?(?:到|来|过来|过去|过嚟|嚟)"
    f"|(?:[一二两三四五六七八九十0-9]+点|时间|{WHEN})(?:之前|以前|前)(?:能|会|肯定|就)?"
    "(?:到|来|过来|嚟)"
    f"|刚好到|准时到|来得及|赶得及|赶得上|按时到|(?<![a-z])there ?{WHEN}"
)
ARRIVING_EARLY_OR_ON_TIME_ENGLISH: Final = (
    "early", "on time", "be there by", "there by", "in time",
)  # fmt: skip
#: Arriving late, or not at all: what a hedge about arriving must never hide (可能会晚十分钟).
ARRIVING_LATE: Final = (
    "晚", "迟", "慢", "堵", "赶不", "来不", "去不", "到不", "late", "delay", "traffic",
)  # fmt: skip

#: Another time than the booked one, asked for (早点来 12点行吗, 稍微晚一点可以吗, 可唔可以遲啲,
#: "can we do thurs instead", "could I come earlier"): a request for a change, as 能改到明天吗
#: is, when the reply asks nothing else. Never a later arrival (晚点到可以吗: running late).
ANOTHER_TIME: Final = (
    "早点", "晚点", "早一点", "晚一点", "早一些", "晚一些", "早啲", "迟啲", "晚啲", "早少少",
    "迟少少", "往后", "往前", "别的时间", "其他时间", "别的日子", "另一天", "instead",
    "earlier", "later", "another day", "another time", "other day", "different day",
)  # fmt: skip
ARRIVING_LATER: Final = (
    "(?:晚|迟|慢)(?:一)?(?:点|些|啲|少少|会儿|一会)?(?:到|嚟到)|迟到|晚到"
    "|(?<![a-z])(?:arrive|arriving|running late|be late|come late|get there late)(?![a-z])"
    # Whether a time is too late or early to come (Is 2:30 too late to come in?, 两点半会不会太晚):
    # asking if an arrival suits, not for another time (a fold of the reader read it as one).
    r"|(?<![a-z])(?:is|would|will) [0-9 ]+(?:am |pm )?(?:be )?too (?:late|early)(?![a-z])"
    r"|(?<![a-z])too (?:late|early) to (?:come|arrive|get there|come in)(?![a-z])"
    "|[0-9一二三四五六七八九十两]+点半?(?:钟)?(?:会不会|是不是|会)?太(?:晚|早)(?:了)?(?:吗|吧|么|不)"
)

#: What befell someone named, in a clause of its own (同义词词林 groups of 生病, 住院, 考试, 婚礼,
#: 丧事): an illness, a hospital, an exam or school, a wedding, a birth, a funeral (孩子突然发高烧,
#: 我妈住院要陪护, 闺蜜结婚我当伴娘, "my daughter is sick"). The customer's reason, whatever other
#: words the clause holds — unless it holds an answer word, cannot-come or saying too (她去不了,
#: 我老婆说取消): then the answer may be theirs.
WHAT_BEFELL: Final = (
    "发烧", "发高烧", "高烧", "生病", "病了", "病倒", "住院", "医院", "急诊", "看医生", "睇医生",
    "手术", "摔", "受伤", "考试", "开学", "补习", "上课", "婚礼", "结婚", "伴娘", "生了", "生孩子",
    "坐月子", "后事", "葬礼", "丧事", "sick", "ill", "fever", "hospital", "surgery", "doctor",
    "exam", "exams", "school", "wedding", "funeral", "baby", "injured",
)  # fmt: skip
