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

Pure: the standard library, the word lists in ``gateway.domain.reply_clause_words`` and
``gateway.domain.reply_question_words``, and the lexicon's reading of the words beside a question.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum

from gateway.domain.reply_clause_words import PLACE_QUESTIONS, TIME_QUESTIONS
from gateway.domain.reply_everyday_words import BRANCH_QUESTIONS, PART_OF_DAY_QUESTIONS
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.reply_question_words import (
    BRANCH,
    BY_BUS,
    CHOICE,
    CHOICE_NEEDED,
    CN_DAY,
    CN_NEXT,
    CN_WHEN,
    EN_DAY,
    EN_DAY_NAMED,
    EN_IT,
    ENDS_ASKING,
    EXACT_TIME,
    FLOOR_OR_EXIT,
    HOW_TO_FIND,
    HOW_TO_GO,
    LANDMARK,
    MAP_WORDS,
    OTHER_MATTERS,
    REACH,
    WAY_IN,
    WHEN_WORDS,
    WHERE_WORDS,
    WHICH_BRANCH,
    Either,
    by_script,
    led,
    part,
)
from gateway.domain.reply_spans import WHEN


class Question(StrEnum):
    """What an unclear reply asks about the appointment, when it plainly asks one thing."""

    TIME = "time"  # 几点来着, "what time is it?"
    PLACE = "place"  # 在哪里, "where are you?"


# --- Asking when -------------------------------------------------------------------------------
_TIME_WORDS = by_script(
    tuple(word for word in TIME_QUESTIONS if word != "几号")
    + PART_OF_DAY_QUESTIONS
    + EXACT_TIME
    + WHEN_WORDS
)
# Words that make a day asked about (是, 係, 约的) but not after 还 "still", 要 "if", 就, 但…
_NOT_COPULA = "还要就但可只都也总于若倒真不"
_ASKS_WHEN = Either(
    (
        part(
            _TIME_WORDS[0]
            # 几号 is the date, but 几号线 / 几号出口 the line or the exit.
            + r"|几号(?![线口出门楼巴车])|哪号(?![线口出门楼巴车])"
            # 何时, but not inside 任何时间 "any time".
            + r"|何时(?<!任何时)"
            # Whether it is at a day or time: 是3点吗, 请问是这周六吗, 我是约的23号吗 (not 还是两点
            # "still at two", 要是, 就是, 不是), 係咪兩點呀, 是不是明天.
            + "".join(
                rf"|{lead}(?<![{_NOT_COPULA}]{lead})\s?{CN_WHEN}\s?(?=[吗嘛㗎呢吧咩]|\s?还是|\s?定)"
                for lead in ("是", "系", "约的是", "约的", "约了", "约咗", "约在")
            )
            + "".join(rf"|{lead}\s?(?:{CN_DAY})" for lead in ("是不是", "系咪", "系唔系", "是咪"))
            + rf"|是(?<!还是){WHEN}|是好久{ENDS_ASKING}"
            # Left to be filled in: 时间是？ 我的预约时间是, 日期系.
            + rf"|时间[是系](?:{ENDS_ASKING}|多少|几|什么|啥|多会)"
            + rf"|日期[是系](?:{ENDS_ASKING}|多少|几|什么|啥)"
            # The time again, after it: 预约时间再发我一下.
            + r"|时间\s?再(?:发|说|讲|告诉|跟我说|同我讲)(?:我|给我|一下|一次|一遍|下)"
            # 时间再发(呗): 发 needs no object (时间再说 is "talk about it later", not asking).
            + r"|时间\s?再发"
        ),
        # Which of two: 是周六还是周日, 係星期六定星期日, 我是约的上午还是下午, 是这个礼拜六吗 还是
        # 下礼拜.
        part(
            rf"{CN_WHEN}\s?[吗呀啊嘛㗎呢]?\s?{CHOICE}\s?(?:系|是)?\s?(?:{CN_NEXT}){ENDS_ASKING}",
            CHOICE_NEEDED,
            REACH,
        ),
        # The time again: 再发一下时间, 再跟我说一次时间, 提醒我一下时间.
        part(
            "|".join(
                rf"{asking}{again}(?:发|说|讲|话|告诉|跟我说|同我讲)"
                r"(?:一下|一次|一遍|多次|多一次|下|我|给我)\S{0,5}时间"
                for asking in ("可以", "能不能", "能", "可唔可以", "麻烦", "")
                for again in ("再", "重新")
            )
            + r"|提醒我\S{0,3}时间|提醒下我\S{0,3}时间"
            # Without 再: 发一下时间, 发个时间给我 (发 alone: 说一下时间 may tell, not ask).
            + r"|发(?:一下|下|个)(?:预约)?时间",
            "时间",
            24,
        ),
    ),
    (
        part(
            _TIME_WORDS[1]
            # Which of two, or whether it is at a day: "is it 2 or 3pm?", "is it tomorrow?".
            + "".join(
                "|"
                + led(
                    lead,
                    rf" (?:(?:{EN_IT}) (?:at |on |for )?(?:{EN_DAY}) or"
                    rf"(?: (?:at |on )?(?:{EN_DAY}|next|this))?"
                    rf"|(?:{EN_IT}) (?:on |for )?(?:{EN_DAY_NAMED})|it {WHEN})",
                )
                for lead in ("is", "was")
            )
            + "|"
            + led("what", r" (?:is|was|s) (?:the|my) (?:time|date|day)")
            # The time again: "remind me of the time", "send me the time".
            + "|"
            + led(
                "remind me",
                r"(?<!dont remind me)(?<!not remind me)(?: of| about)?(?: the| my)?"
                r" (?:time|date|day|appointment|appt|booking)",
            )
            + "".join(
                "|"
                + led(
                    f"{verb} me",
                    r"(?: the| my)? (?:time|date)(?! slots?| options| available)",
                )
                for verb in ("send", "tell", "text", "give")
            )
            # "resend the time", "can you send the time again".
            + "|"
            + led("resend", r"(?: me)?(?: the| my)? (?:time|date)")
            + "|"
            + led("send", r" (?:the|my) (?:time|date) again")
        ),
        # The whole reply: "am or pm?", "2pm or 3pm?", "time?", "the date pls".
        part(
            rf"^(?:at |on )?(?:{EN_DAY}|am|pm) or (?:at |on )?(?:{EN_DAY}|am|pm)$"
            r"|^(?:the )?(?:time|date)(?: (?:pls|please|again))?$"
        ),
    ),
)

# --- Asking where ------------------------------------------------------------------------------
_PLACE_WORDS = by_script(
    tuple(p for p in PLACE_QUESTIONS if p not in HOW_TO_GO)
    + BRANCH_QUESTIONS
    + FLOOR_OR_EXIT
    + WHERE_WORDS
    + HOW_TO_FIND
    + WAY_IN
    + BY_BUS
    + MAP_WORDS
    + WHICH_BRANCH
)
_ASKS_WHERE = Either(
    (
        part(
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
            + "".join(rf"|{lead}\S{{0,8}}{BRANCH}" for lead in ("系咪", "是不是", "系唔系"))
        ),
        # Whether it is at a landmark: 是在万达广场吗, 係咪喺商場入面.
        part(
            r"(?:^|\s|你们|你哋|店)(?:是|系)?(?:不是|咪|唔系)?(?:在|喺)\S{0,8}?"
            rf"(?:{LANDMARK})\S{{0,3}}?(?:[吗嘛呀]|里面|入面|里头|附近|旁边|隔壁|对面|楼上|楼下)",
            "在|喺",
            3,
        ),
        # Which of two branches: 是万达那家还是老店, 你们在万达那边还是老店那边.
        part(
            rf"{BRANCH}店?\s?{CHOICE}|{CHOICE}\s?在?\S{{0,6}}{BRANCH}|那边\s?{CHOICE}\s?在?\S{{0,6}}那边",
            CHOICE_NEEDED,
            6,
        ),
    ),
    (
        part(
            _PLACE_WORDS[1]
            + "|"
            + led("nearest", r" (?:mrt|mtr|station|subway|tube|metro|train|bus stop|bus|bts|lrt)")
            + "".join(
                "|" + led(verb, r" (?:me )?(?:a |the |your )?(?:pin|location)")
                for verb in ("drop", "send", "share")
            )
            + "|"
            + led("pin", " (?:location|drop)")
            # "is it the one on High St", "is it inside the mall" (not "is it in the morning").
            + "|"
            + led(
                "is",
                r" (?:(?:it|this|that) (?:at |in )?the (?:branch|shop|store|salon|outlet|one|place)"
                rf" (?:on|at|in|near|by|opposite|beside|next to)(?= (?!{EN_DAY_NAMED}|{WHEN}|\d))"
                r"|it (?:inside|in|at|near|opposite|next to|beside|by|above|behind)"
                rf"(?= (?!{EN_DAY_NAMED}|{WHEN}|\d|the (?:morning|afternoon|evening)"
                r"|ok|okay|fine)))",
            )
            + "|"
            + led("how far", " (?:is it|are you)")
            + "|"
            + led("or the", " (?:new|old|other|main) (?:one|branch|shop|store|outlet|salon)")
        ),
    ),
)

# --- What only looks like a question about the appointment -----------------------------------
# Another matter a person answers, whatever else the reply asks: opening hours, money, parking.
_ANOTHER_MATTER = Either(
    (
        part(
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
        part(
            "|".join(
                led(lead, rest)
                for lead, rest in (
                    *((lead, "") for lead in OTHER_MATTERS),
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
_NOT_ASKED = Either(
    (
        part(
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
            + r"|[早晚](?:一)?[点些啲][的嘅]?位置"  # 有没有早一点的位置: a slot, not where
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
        part(
            rf"{CHOICE}\S{{0,6}}?(?:都(?:行|可以|得|好|方便|ok)|比较|好啲|更好|更方便)"
            rf"|(?:想|要|打算|可以|能)约\s?{CN_WHEN}\s?{CHOICE}",
            CHOICE_NEEDED,
            REACH,
        ),
    ),
    (
        part(
            led("when", r" (?:i|im|ive|id|ill|we|were|they|he|she|you|youre)")
            + "|"
            + led("when", r" (?:are you|r u|is it) (?:free|available|open)")
            + "|"
            + led("where", r" (?:i|im|ive|id|ill|we|were|they|he|she)")
        ),
    ),
)
# What stands where such a word was: no question ends on it (周六还是周日有位置吗 asks what
# is free).
_ELSE = "ꀁ"
# What a reply says only as the reason it asks, or as a greeting: not an answer beside the question
# ("good morning", "can't remember", 忘了, "first time coming", 第一次去).
_WHY_ASKED = Either(
    (part(r"那个\s?嗯+|嗯+\s?那个|忘了|忘记了?|记不清了?|搞忘了?|唔记得|第一次(?:去|来|过去)"),),
    (
        part(
            "|".join(
                (
                    led("good", " (?:morning|afternoon|evening|day)"),
                    *(
                        led(lead, " (?:remember|recall)")
                        for lead in ("cant", "cannot", "can not", "dont", "do not")
                    ),
                    led("forgot"),
                    led("forget"),
                    led("my first time", r"(?: (?:coming|here|there|visiting|going))?"),
                    led("first time", r"(?: (?:coming|here|there|visiting|going))?"),
                    led("ive never been", r"(?: there| here)? before"),
                    led("i have never been", r"(?: there| here)? before"),
                    led("never been", r"(?: there| here)? before"),
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


_NUMBER_ALONE = re.compile(r"(?<!\S)\d+(?!\S)")


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
    # Whole: "cant make it"; a number alone is a count or a time ("shows 2 places"), no option.
    said = {word for word in meanings(_NUMBER_ALONE.sub(" ", besides)) if word is not None}
    if _ANSWER_WORDS & said or (_MOVES & said and _MOVED & said):
        return None, besides
    return (Question.TIME if when else Question.PLACE), " ".join(_WHY_ASKED.sub(" ", asked).split())
