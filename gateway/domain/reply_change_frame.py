"""A change asked in a frame the rules do not know (the twenty-first pass): the rules read a
move said in standard words, and a cannot-come as a cannot-come; two frames of asking for a move
they left unclear though every part of them says one thing.

- Regional words for the move and its question tag: Henan 中不中 / 哪天中 (行不行, 哪天行), 恁
  (您), 俺 (我), 往后串串 ("move it along": 往后挪挪), Dongbei 整不了 ("can't manage": 不行),
  Sichuan 要得不 (可以吗), the 儿 of 有事儿; with the tag asked first (中不中改成礼拜天？), 能…不,
  往前提, Cantonese 有啲嘢做 / 遲一個鐘 / 早啲 / 朝早, 得改, 看看…有空没, 有的话 after room asked,
  "gotta", Singapore "if can". Read in their standard words (``in_standard_words``),
  a reply is read again by the rules and the learned reader behind them; only a change is taken
  from that reading (俺周六走不开，换到下礼拜中不中).
- A cannot-come beside the time wanted, or beside a move asked, its clauses each of one kind
  (``_kind``): the booked day or time refused (两点赶不过来, 周六不行, "can't make 2", "Saturday
  won't work after all"), the move asked (换个时间吧, 能改周日吗, "push to 3:30?"), the time
  wanted, asked or left open (晚一点三点半行不行, 几点都行, 工作日晚上也行, "any time sunday works",
  "any slots Monday evening?"), and a reason or politeness (在公交上, 娃那天要补课, "stuck at my
  kid's swim meet", "flight got moved", 我记错了, 但还是想剪). The cannot-come is the move's
  reason; in regional words a move and the time wanted need none (可以早啲嗎？改朝早十點好唔好).

What stays as it was: a cannot-come alone or beside a cancel (周六来不了，取消吧: every clause
must be of a kind above, and none holds a cancel), a time offered as a condition (三点的话可以，不
然就取消) or two answers (改到周日，不行就取消), a day or room asked with no cannot-come and no move
(周日有位吗？, 周日开门吗), someone else's cannot-come (我老婆周六来不了, 她那天来不了: a relative
is a reason only in a clause that refuses nothing; he or she anywhere stops it), news of a change
made (已经改到周日了), and anything the guard of the learned reader stops in a clause
(``reply_guard.refusal``: a condition, a no, a problem, a code).

Pure: the parser's clauses and word classes, the learned reader and its guard.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.offer_hints import when_as_then
from gateway.domain.replies import clauses_of, normalise, parse_reply
from gateway.domain.reply_guard import Guard, learned_intent, refusal, stops_a_change_with_when
from gateway.domain.reply_habit_words import KIN
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.reply_refusals import INSTRUCTION
from gateway.domain.reply_spans import WHEN
from gateway.domain.reply_yes_alone import a_yes_of_its_own

#: Regional words and their standard ones, in the order they are replaced (the longer first).
_REGIONAL: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # The tag asked first, the move after it (中不中改成礼拜天？): the tag to the move's end.
    (re.compile(r"^中不中[,\s]*([^?!.,\s]+)"), r"\1中不中"),
    (re.compile("中不中"), "行不行"),  # Henan: 行不行
    # Henan 中 ("fine") after a day or a time asked, ending its clause: 哪天中, 礼拜天中, 都中;
    # never 中午, 其中.
    (re.compile(r"(?<=[天点号都也])中(?=$|[\s,.!?~，。！？呗吧啊呀])"), "行"),
    (re.compile("(?<=[天点号])中不(?=$|[\\s,.!?~，。！？])"), "行不"),
    (re.compile("恁"), "您"),  # Henan, Shandong: you (polite)
    (re.compile("俺"), "我"),  # northern: I, we
    (re.compile("整不了|弄不成"), "不行"),  # Dongbei, northern: can't manage
    # 能…不, the northern yes-no question (能换个日子不): 能…吗.
    (re.compile(r"(?<![不没可])能([^\s,.!?不]{1,6})不(?=$|[\s,.!?])"), r"能\1吗"),
    (re.compile("往前提(?:一提|提)?"), "提前一点"),  # bring it forward
    # 得改 opening its clause: must change (not Cantonese 得, "fine").
    (re.compile(r"(?<![^\s,.!?])得改"), "要改"),
    # 看看…有空没, the salon asked to look (not 我看看: one's own calendar, undecided).
    (re.compile(r"(?<![我再先])看看([^\s,.!?]{1,10})有空(?:没有|没|吗)?"), r"\1有空吗"),
    # 有的话 after room asked (还有位置吗？有的话帮我挪过去): the room is the request itself.
    (re.compile(r"(?<=[位置空档号])([吗么嘛]?[?,.\s]*)有的话[,\s]?"), r"\1"),
    # Cantonese: busy (有啲嘢做), an hour later (迟一个钟), earlier (早啲), morning (朝早).
    (re.compile("有啲嘢做|有啲嘢"), "有事"),
    (re.compile("迟(?:一)?个钟"), "推迟一个小时"),
    (re.compile("早啲"), "早一点"),
    (re.compile("朝早"), "早上"),
    (re.compile("好唔好"), "好不好"),
    (re.compile(r"(?<![a-z])gotta(?![a-z])"), "need to"),  # English, spoken: have to
    # Singapore and Malaysia "if can" ending a request (change to sunday if can): politeness,
    # no condition; "if can't" and "if can make it, …" are not it.
    (re.compile(r" ?(?<![a-z])if can(?: ah| lah| la| leh)?(?=$|[,.!?])"), ""),
    (re.compile("串串|串一串"), "挪挪"),  # Henan, Shandong: move it along
    (re.compile("(?<=往后)串|串(?=[一两几]天)"), "挪"),
    (re.compile("要得不(?:嘛|啰|喃)?|要不要得"), "可以吗"),  # Sichuan: 可以吗
    (re.compile("(?<=有事)儿"), ""),  # the 儿 of northern speech: 有事儿
)


def in_standard_words(text: str) -> str:
    """``text`` (normalised) with the regional words of ``_REGIONAL`` in their standard ones."""
    for pattern, standard in _REGIONAL:
        text = pattern.sub(standard, text)
    return text


class _Kind(Enum):
    """What a clause is in the frame of a cannot-come beside another time."""

    REFUSED = "the booked day or time refused"
    MOVE = "a move asked"
    WANTED = "a time wanted, asked or left open"
    REASON = "a reason, or politeness"
    ASIDE = "politeness, or a when alone: no reason"


_ASKING_KINDS: Final = frozenset({_Kind.MOVE, _Kind.WANTED})


#: Words of a clause refusing the booked when: cannot-come (赶不过来) or a circumstance (不行).
_REFUSING: Final = frozenset({Word.ABSENCE, Word.CIRCUMSTANCE})
_WHEN_WORDS: Final = frozenset({Word.WHEN, Word.SHIFT})
_ASIDE: Final = frozenset({Word.PADDING, Word.TIME, Word.APPOINTMENT})
_REFUSED_WORDS: Final = _REFUSING | _WHEN_WORDS | _ASIDE | {Word.AFTER_ALL}
_MOVE_WORDS: Final = frozenset({Word.CHANGE, Word.CHANGE_VERB})
_ASKED: Final = frozenset({Word.MAY, Word.ASKING, Word.QUESTION})
_MOVE_CLAUSE: Final = _MOVE_WORDS | _WHEN_WORDS | _ASIDE | _ASKED
_WANTED_WORDS: Final = _WHEN_WORDS | _ASIDE | _ASKED | {Word.SOFT_CONFIRM}
#: What a reason may hold, of the words the rules know: why (补课, 有事), politeness, someone
#: close, the day it befalls; never an answer, asking, giving up or a no.
_REASON_WORDS: Final = frozenset(
    {None, Word.PADDING, Word.CIRCUMSTANCE, Word.KIN, Word.TIME, Word.APPOINTMENT, *_WHEN_WORDS}
)
#: In a reason's unknown words, a no, the old time kept or not knowing yet (照旧啦, 都系唔知, 再说):
#: the move taken back or left open, not its reason.
_UNSETTLED: Final = re.compile(
    "不|没|唔|冇|别|甭|未|无|照旧|照常|原来|算了|算啦|再说|再看|考虑|还是|或者"
    r"|(?<![a-z])(?:no|not|dont|never|maybe|idk|dunno|unless|or)(?![a-z])"
)
#: A relative wanting a visit of their own (我老公也想约个剪发): a booking, not a reason.
_KIN_BOOKING: Final = re.compile(
    r"想|也|约|剪|做头|烫|染|(?<![a-z])(?:also|too|book|booking|appointment|wants?)(?![a-z])"
)
#: Busy that day (那天有事, 周六有点急事), which the rules read as padding.
_BUSY: Final = re.compile("有(?:点|些)?急?事")
#: English cannot-come with the booked when: "i cant do 2 anymore", "can't make saturday",
#: "Saturday won't work after all".
_DAY_EN: Final = "(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|tmr|tmrw|that day"
_WHEN_EN: Final = f"(?:[0-9]{{1,2}}|{WHEN}|{_DAY_EN})"
_REFUSED_EN: Final = re.compile(
    f"(?:sorry )?(?:i |we )?(?:cant|cannot|can not|wont be able to) (?:do|make)(?: it)?"
    f"(?: on| at)? {_WHEN_EN}(?: anymore| any more| after all)?"
    f"|(?:sorry )?(?:{_WHEN_EN}) (?:wont|doesnt|does not|will not|isnt going to) work"
    "(?: for me| for us)?(?: anymore| any more| after all)?"
)
#: A time left open or asked which: 几点都行, 哪天都行, 工作日也行, 您看哪天行, "any time sunday
#: works", "any slots monday evening": set aside, what is left must be a when or asking.
_OPEN_WHEN: Final = re.compile(
    "^(?:您看|你看)|(?:几点|哪天|哪一天|什么时候|啥时候|哪个时间|工作日|周末)(?:都|也)?(?:行|可以)?"
    "|(?:都|也)(?:行|可以)$"
    r"|(?<![a-z])any ?(?:time|day|slots?|openings?)(?![a-z])|(?<![a-z])works?$"
)
_OPEN_WHEN_SAID: Final = re.compile(
    "几点|哪天|哪一天|什么时候|啥时候|哪个时间|都行|也行|都可以|也可以|any|works"
)
#: Something of one's own moved ("flight got moved", "meeting was rescheduled"): the move's
#: reason, not news of the booking moved ("appointment got moved" stays the guard's).
_OWN_MOVED: Final = re.compile(
    r"(?:my |our |the )?(?:work )?(?:flight|trip|meeting|shift|exam|class|schedule|roster)s?"
    r" (?:just )?(?:got|was|has been|have been|been) (?:moved|changed|rescheduled|delayed)"
)
#: A day alone in English (next sat?, "the following saturday"): beside a move, its when.
_DAY_ALONE_EN: Final = re.compile(
    r"(?:next |this |on |the following )?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?"
    r"\??"
)
#: One's own mistake about the day, the move's story (我记错了以为是周日, 我看错日子了): not the
#: salon's (你们记错了), which stays a person's to read.
_OWN_MISTAKE: Final = re.compile(
    "^(?:啊|哎呀|哎|唉|呀|不好意思)?我(?:记错|看错|搞错|弄错)(?:了|日子了|时间了|日期了)?"
    f"(?:以为是[^{WHEN}]{{0,6}})?$"
)
#: Still wanting the visit beside a cannot-come (但还是想剪): why it is a move, not a cancel.
_STILL_WANTED: Final = re.compile(
    "^(?:但|但是|不过|可)?(?:我)?(?:还是|还)(?:想|要)(?:剪|做|来|弄|烫|染|剪头|做头发|剪头发)$"
)
#: Someone close, as the reason's clause names them (娃那天要补课, 我孙子要回来, "my kid's swim
#: meet"): set aside before the guard reads the clause.
_KIN_WORDS: Final = sorted(
    {*KIN, "娃", "孙子", "孙女", "外孙", "外孙女", "亲戚", "grandson", "granddaughter"},
    key=len,
    reverse=True,
)
_KIN: Final = re.compile(
    "(?:我的?|我们)?(?:" + "|".join(w for w in _KIN_WORDS if not w.isascii()) + ")"
    r"|(?<![a-z])(?:my |our )?(?:"
    + "|".join(w for w in _KIN_WORDS if w.isascii())
    + r")s?(?![a-z])"
)
#: Someone else as the subject: he, she, they, a relative beside a cannot-come.
_SOMEONE: Final = re.compile(r"他|她|(?<![a-z])(?:he|she|they|hes|shes|theyre|his|her)(?![a-z])")
#: The customer naming themself by surname and title (我是李奶奶, 我是王阿姨): not another's name.
_SELF_NAMED: Final = re.compile(
    "我是[李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "武戴莫孔汤]"
    "(?:奶奶|阿姨|大爷|爷爷|叔叔|大姐|姐|哥|女士|先生|小姐|老师|太太|伯伯|大妈|婆婆)"
)
_SAYS: Final = re.compile(r"说|讲|叫|让|要我|(?<![a-z])(?:says|said|wants|told)(?![a-z])")
_KIN_CANNOT: Final = re.compile(
    "不行|不了|没空|没时间|走不开|有事|去不|来不|赶不|cant|cannot|wont|not"
)


def change_in_its_frame(body: str) -> bool:
    """``body``, which the rules and the learned reader left unclear, asks for a change in one
    of the two frames above."""
    normal = normalise(body)
    standard = in_standard_words(normal)
    regional = standard != normal
    # 俺周六走不开，换到下礼拜中不中; he or she named is for ``reply_behalf`` to judge
    if regional and _moved(standard) and not _SOMEONE.search(standard):
        if _read_as_a_change(standard):
            return True
    # In regional words, a move asked and the time wanted are the frame without a reason
    # (可以早啲嗎？改朝早十點好唔好): the rules would read them so in standard words.
    return _cannot_come_and_another_time(standard, reason_needed=not regional)


def _moved(text: str) -> bool:
    """``text`` says a move in words (换到, 挪挪): 中午来行不行 only asks a time, which may be
    the booked one."""
    clauses = clauses_of(text) or []
    return any(set(meanings(clause, text)) & _MOVE_WORDS for clause in clauses)


def _read_as_a_change(text: str) -> bool:
    """``text`` in standard words reads as a change, by the rules or the learned reader."""
    parsed = parse_reply(text)
    if parsed.intent is Intent.CHANGE:
        return True
    return parsed.intent is Intent.UNKNOWN and learned_intent(text, parsed) is Intent.CHANGE


def _cannot_come_and_another_time(text: str, *, reason_needed: bool = True) -> bool:
    """``text`` (normalised, in standard words) refuses the booked when, or gives a reason,
    beside a move asked or a time wanted; every clause of it one of the kinds, each passing the
    guard. Without ``reason_needed``, a move asked beside a time wanted is enough."""
    clauses = clauses_of(text)
    if not clauses or _SOMEONE.search(text) or INSTRUCTION.search(" ".join(clauses)):
        return False  # 回复"变更"变更时间: the request's own words quoted
    kinds: list[_Kind] = []
    for index, clause in enumerate(clauses):
        kind = _kind(clause, meanings(clause, text, last=index == len(clauses) - 1))
        if kind is None:
            return False
        kinds.append(kind)
    said = set(kinds)
    unprompted = not reason_needed and _Kind.MOVE in said
    if not unprompted and not (
        said & {_Kind.MOVE, _Kind.WANTED} and said & {_Kind.REFUSED, _Kind.REASON}
    ):
        return False  # 周六来不了 alone; 换到周日吧 alone: the rules' own
    if _Kind.MOVE not in said and (_Kind.REFUSED not in said or not _names_a_when(clauses, kinds)):
        # 在公交上，几点都行: a time left open, nothing moved or refused; 周六来不了，几点都行:
        # which day? the salon's to ask
        return False
    asked = "，".join(c for c, k in zip(clauses, kinds, strict=True) if k in _ASKING_KINDS)
    if stops_a_change_with_when(asked) not in (None, Guard.ROOM_ASKED):
        return False  # 改到周日还是周一呢: what the guard stops in the move itself
    return _another_when(clauses, kinds, text)


def _kind(clause: str, words: Sequence[Word | None]) -> _Kind | None:
    """What ``clause`` (read as ``words``) is in the frame; None for anything else."""
    found = set(words)
    if None not in found and found <= _WHEN_WORDS | _ASIDE:
        if _BUSY.search(clause):
            return _Kind.REFUSED  # 那天有事: the rules read 有事 as padding, it is why
        return _Kind.ASIDE  # 谢谢, 11号下午: beside a move, no frame of its own
    if _DAY_ALONE_EN.fullmatch(clause):
        return _Kind.ASIDE  # next sat?
    if _OWN_MOVED.fullmatch(clause):
        return _Kind.REASON  # flight got moved
    if _REFUSED_EN.fullmatch(clause) or (
        None not in found and found & _REFUSING and found <= _REFUSED_WORDS
    ):
        return _Kind.REFUSED if _passes(clause) else None
    if _a_move(clause, found):
        return _Kind.MOVE if _passes(clause) else None
    if _wanted(clause):
        return _Kind.WANTED if _passes(clause) else None
    if _OWN_MISTAKE.fullmatch(clause) or _STILL_WANTED.fullmatch(clause):
        return _Kind.REASON
    if a_yes_of_its_own(clause):
        return None  # 我周六来: a yes beside the move is two answers
    if not found <= _REASON_WORDS or _UNSETTLED.search(clause):
        return None  # 算啦, 照旧啦: not a reason
    if _KIN.search(clause) and (_KIN_CANNOT.search(clause) or _KIN_BOOKING.search(clause)):
        return None  # 孩子那天不行, 我老公也想约: whose visit?
    if clause.startswith("我是") and not _SELF_NAMED.fullmatch(clause):
        return None  # 我是小明妈妈: someone answering for another
    if _KIN.search(clause) and _SAYS.search(clause):
        return None  # 我老婆说: someone else's word
    return _Kind.REASON if _passes(_KIN.sub(" ", clause)) else None


def _names_a_when(clauses: Sequence[str], kinds: Sequence[_Kind]) -> bool:
    """A time wanted names its day or time (晚一点三点半, "any time sunday")."""
    return any(
        set(meanings(_OPEN_WHEN.sub(" ", clause))) & _WHEN_WORDS
        for clause, kind in zip(clauses, kinds, strict=True)
        if kind is _Kind.WANTED
    )


def _a_move(clause: str, found: set[Word | None]) -> bool:
    """``clause`` (read as ``found``) asks for a move, with a when or not, or leaving the when
    open (您看换到哪天行)."""
    if None in found:
        left = " ".join(_OPEN_WHEN.sub(" ", clause).split())
        found = set(meanings(left)) if left else set()
    if Word.CHANGE not in found and not found & (_WHEN_WORDS | {Word.TIME}):
        return False  # 换一个: the stylist? the service? ("push to 3:30" names what moves)
    return None not in found and bool(found & _MOVE_WORDS) and found <= _MOVE_CLAUSE


def _wanted(clause: str) -> bool:
    """``clause`` asks for a when, or leaves it open: 晚一点三点半可以吗, 几点都行, 您看哪天行,
    "any slots monday evening"."""
    left = " ".join(_OPEN_WHEN.sub(" ", clause).split())
    found = set(meanings(left)) if left else set()
    if None in found or not found <= _WANTED_WORDS:
        return False
    if _OPEN_WHEN_SAID.search(clause):
        return True
    # Asked, not said: 4点可以 beside 3点来不了 may be the booked time said back.
    return bool(found & _WHEN_WORDS and found & {Word.ASKING, Word.QUESTION})


def _passes(clause: str) -> bool:
    """Nothing in ``clause`` the learned reader's guard stops on (a condition, a no, a problem,
    a change made, someone else), read as a body of its own."""
    return refusal(clause) in (None, Guard.UNREAD)


def _another_when(clauses: Sequence[str], kinds: Sequence[_Kind], text: str) -> bool:
    """The clock time refused is not the one wanted (两点不行，两点可以吗 asks nothing new)."""
    cut = when_as_then(text)
    whens = cut[1].split(", ") if cut is not None else []
    if sum(clause.count(WHEN) for clause in clauses) != len(whens):
        return not any(WHEN in clause for clause in clauses)
    refused: set[str] = set()
    wanted: set[str] = set()
    at = 0
    for clause, kind in zip(clauses, kinds, strict=True):
        here = whens[at : at + clause.count(WHEN)]
        at += len(here)
        (refused if kind is _Kind.REFUSED else wanted).update(here)
    return not refused & wanted
