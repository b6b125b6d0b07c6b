"""The rules kept as the guard of the learned reader: what in a reply must stop a change, whatever
a model reads in it — a negation, a question, a condition, someone else, two intents, news of a
change made.

The reply parser refuses these by never listing their words (an unknown word makes a reply
unclear), so a reply it left unclear may be unclear for one of them or only for a word nobody
listed. ``guard`` tells the two apart, from the parser's own pieces wherever it has them:
whether a word no class knows left it unclear (``ParsedReply.unread``; else the rules read every
word and decided), its clauses and word classes (``replies.clauses_of``,
``reply_lexicon.meanings``: two answers, news of a change, a reason beside a yes, a time beside a
soft yes), its refusals before reading words (``replies.hedges``: 会不会, 确认一下), and the
taught phrases' tests for a question and a no (``taught_phrases.asks``, ``negates``: a no outside
the phrases the parser reads as the intent, so 来不了 may cancel and 没问题 confirm). Conditions,
persons other than the customer, problems and codes have no list in the parser (their words are
simply never listed): those lists are the guard's own, with the parser's ``UNDECIDED`` (not
decided yet) and ``KIN``.

``learned_intent`` consults the model (``reply_learned``) only for a reply the rules left unclear
and asked nothing the machine answers, and only when the guard finds nothing.

Pure: the parser, its word lists and the loaded model.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import ParsedReply, clauses_of, hedges, parse_reply
from gateway.domain.reply_clause_words import UNDECIDED
from gateway.domain.reply_everyday_words import NOT_GOING_TO_DO, UNDOING_A_CANCEL
from gateway.domain.reply_guard_words import (
    ANOTHER_TIME,
    ARRIVING_EARLY_OR_ON_TIME,
    ARRIVING_EARLY_OR_ON_TIME_ENGLISH,
    ARRIVING_LATE,
    ARRIVING_LATER,
    BOOKED_FOR,
    BOOKED_FOR_ENGLISH,
    CANCEL_IN_THE_NEGATIVE,
    CANCEL_IN_THE_NEGATIVE_ENGLISH,
    CANCEL_READ_AS_ANOTHER,
    COMING_ALONG,
    CONFIRM_IN_THE_NEGATIVE,
    CONFIRM_IN_THE_NEGATIVE_ENGLISH,
    HEDGES,
    INTENSIFIERS,
    NOT_WORKING_OUT,
    WHAT_BEFELL,
)
from gateway.domain.reply_habit_words import ADDRESSED, KIN
from gateway.domain.reply_learned import MODEL, Model
from gateway.domain.reply_lexicon import Word, english_phrases, meanings
from gateway.domain.reply_meaning_words import NEGATING
from gateway.domain.taught_phrases import asks, negates, phrase_text


class Guard(StrEnum):
    """Why the learned reader may not speak for a reply."""

    UNREAD = "too long or empty: the parser does not read it"
    QUESTION = "asks a question"
    NEGATION = "says no"
    CONDITION = "a condition, or not decided yet"
    SOMEONE_ELSE = "about someone else"
    TWO_INTENTS = "two answers, or another answer than the one read"
    CHANGE_MADE = "news of a change already made"
    TROUBLE = "a problem, a mistake or a complaint named, or a past visit"
    CODE = "a code the rules cannot read: it may name another appointment"
    READ_ALREADY = "the rules know every word of it and found no one answer"
    RUNNING_LATE = "minutes named: running late, which the front desk should know"


def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Chinese anywhere, English as whole words (of a ``phrase_text``: words split by spaces)."""
    english = "|".join(re.escape(p.strip()) for p in phrases if p.isascii())
    chinese = "|".join(re.escape(p) for p in phrases if not p.isascii())
    return re.compile(f"(?<![a-z0-9])(?:{english or '(?!)'})(?![a-z0-9])|{chinese or '(?!)'}")


#: A condition (…的话, 如果, "if"): the answer holds only if something else does.
_CONDITIONS: Final = _any_of(
    (
        "如果", "的话", "要是", "假如", "假设", "万一", "除非", "只要", "看情况", "视情况", "再定",
        "睇情况", "可能", "也许", "或许", "大概", "说不准", "应该", "估计", "尽量", "争取", "if",
        "unless", "in case", "depending", "depends", "provided", "assuming", "might", "probably",
        "possibly", "hopefully", "should be", "try to", "ill try",
    )
    + UNDECIDED
    # The decision put off till later (到时候看吧, "we'll see"): 到时候 beside it is not 到时候见.
    + (
        "到时候看", "到时看", "到时再", "看吧", "睇吓", "睇睇", "well see", "we will see",
        "see how", "let you know", "tbd",
    )
)  # fmt: skip
#: Someone other than the customer: whose appointment, whose answer? (其他 is "other", not "he".)
_SOMEONE_ELSE: Final = _any_of(
    (
        "朋友", "同事", "同学", "室友", "闺蜜", "男友", "女友", "别人", "其他人", "她", "他们",
        "佢", "someone", "somebody", "friend", "friends", "colleague", "boss", "roommate",
        "girlfriend", "boyfriend", "he", "she", "him", "her", "his", "they", "them", "their",
        # Family the parser's KIN leaves out (阿妈 is Cantonese for mum, 娃 a child).
        "妈", "爸", "娃", "阿嬷", "阿公", "阿婆", "嫲嫲", "太太", "闺女", "姐姐", "哥哥", "亲戚",
        "侄", "外甥", "岳母", "家婆", "老细", "上司", "hubby", "bf", "gf", "nephew", "niece",
        "cousin", "aunt", "uncle", "in-law",
    )
    + KIN
)  # fmt: skip
_HE: Final = re.compile("(?<!其)他")
#: A problem or a mistake named (有问题, 发错了, "wrong number"), a complaint (难看, 核突,
#: "ruined"), or a past visit (上次, "last time"): a person reads what went wrong, or what the
#: reply is about if not this appointment. 问题 beside 没, 冇 or 无 is the parser's 没问题, a yes.
_TROUBLE: Final = re.compile(
    "(?<![没冇无])问题|错|难看|丑|核突|投诉|上次|上回"
    "|(?<![a-z])(?:problem|problems|issue|issues|wrong|mistake|ruined|terrible|awful|complain"
    "|complaint|last time|last visit)(?![a-z])"
)
#: A code as written (K7P2 with a digit not of the ref alphabet, 2024, NEXT): the ref of another
#: appointment mistyped, a year, a booking number? Only a word the parser does not know counts.
_CODE: Final = re.compile(
    r"(?<![A-Za-z0-9])(?:(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]{3,}|[0-9]{3,}|[A-Z]{3,})"
    r"(?![A-Za-z0-9])"
)
#: The parser's own negations ("not going to", its ``NEGATING``), which a shorter phrase holding
#: them hides from the taught phrases' test ("not going to cancel" holds the cancel "not going"):
#: said outside every longer phrase of the parser that holds one ("not going to make it").
_NEGATING: Final = _any_of(NEGATING)
_HOLDING_A_NEGATION: Final = _any_of(
    tuple(
        phrase
        for phrase in english_phrases()
        if phrase not in NEGATING and any(no in phrase for no in NEGATING)
    )
)
#: Not going to do what an answer word says (不去取消, 我不会来取消的), or undoing a cancel
#: (撤销取消): the parser's own, in one of its clauses (唔嚟，取消 is not coming, and a cancel).
_NOT_GOING_TO_DO: Final = _any_of(NOT_GOING_TO_DO + UNDOING_A_CANCEL)
#: Minutes named (推迟10分钟, 晚到十分钟, "push it 10 mins"): the customer is running late, coming
#: or asking to move; the parser's tables leave that to a person, and so does the reader, so the
#: front desk knows.
_MINUTES: Final = re.compile(r"分钟|(?<![a-z])(?:min|mins|minute|minutes)(?![a-z])")
#: News of a change made, in English (the parser's Chinese ones are its ``CHANGE_DONE`` class).
_DONE: Final = _any_of(("already", "rescheduled", "changed", "moved", "postponed", "换好", "调好"))

#: A yes/no question's "or not" (能不能, 可唔可以, 行不行, 可以不): asking, even without 吗 or ?.
_A_NOT_A: Final = re.compile(r"(\S)[不唔]\1|可以不|行不|好不|ok不")

#: A fee or a rule asked about (改期要扣钱吗, 要提前多久说, "is there a fee?").
_COST_OR_RULE_WORDS: Final = (
    "钱", "费", "扣", "定金", "押金", "多久", "规定", "政策", "fee", "fees", "charge", "charged",
    "cost", "deposit", "penalty", "policy", "how long",
)  # fmt: skip
_COST_OR_RULE: Final = _any_of(_COST_OR_RULE_WORDS)
#: What a question may ask beside leave to change, which a person answers: a fee or a rule, as
#: above, whether a late arrival is served (还能做吗), which times there are (能改到几点).
_OTHER_MATTER: Final = _any_of(
    _COST_OR_RULE_WORDS
    + (
        "多少", "怎么", "怎样", "为什么", "还能", "几", "哪", "什么", "啥", "pay", "how", "why",
        "what", "which", "when", "where",
    )
)  # fmt: skip
#: Conditions that are only politeness beside a request (如果可以的话, "if possible").
_POLITE_CONDITION: Final = _any_of(
    ("如果可以的话", "如果可以", "可以的话", "方便的话", "如果方便", "if possible", "if you can")
)
_CHANGE_WORDS: Final = frozenset({Word.CHANGE, Word.CHANGE_VERB})
#: A clock time or a date written with letters (2pm, 11AM, 23rd): when, not a code.
_CLOCK_OR_DATE: Final = re.compile(r"[0-9]{1,2}(?:am|pm|st|nd|rd|th)", re.IGNORECASE)
#: Words that deny nothing though they hold a 不 or 唔: politeness, asking, reassurance.
_NOT_A_DENIAL: Final = _any_of(
    (
        "不好意思", "唔好意思", "能不能", "可不可以", "行不行", "好不好", "中不中", "要得不",
        "可唔可以", "得唔得", "得不得", "唔该", "唔使担心", "不用担心", "别担心", "不然", "差点",
        "差啲", "不客气", "不用谢",
    )
    + INTENSIFIERS
)  # fmt: skip
#: Cannot come (去不了, 赶不到, 嚟唔到, 没空, 身体不适): beside a change or a cancel, its reason.
_UNABLE: Final = re.compile(
    "[去来到走赶出过做剪整嚟返][不唔](?:了|成|到|切|及|上|过来|过去|开|去|来|嚟)"
    "|没办法|没法|无法|没空|没时间|不得空|冇时间|冇空|唔得闲|不方便|不舒服|不适|身体不好|不在家"
)
#: The time that does not work, or a reason with a no of its own (周六不行, 钱不够, "saturday
#: doesn't work"): beside a change or a cancel, its reason, as cannot-come is.
_NOT_WORKING_OUT: Final = _any_of(NOT_WORKING_OUT)
#: An answer said in the negative, beside that answer: a cancel (先不做了, 不用留了, 我唔會嚟,
#: "will not be attending"), a yes (不会迟到, 没变, "won't miss it").
_IN_THE_NEGATIVE: Final = {
    Intent.CANCEL: re.compile(
        f"{CANCEL_READ_AS_ANOTHER}|{CANCEL_IN_THE_NEGATIVE}"
        f"|{_any_of(CANCEL_IN_THE_NEGATIVE_ENGLISH).pattern}"
    ),
    Intent.CONFIRM: re.compile(
        f"{CONFIRM_IN_THE_NEGATIVE}|{_any_of(CONFIRM_IN_THE_NEGATIVE_ENGLISH).pattern}"
    ),
}
#: A hedge about arriving early or on time, never late (可能会提前五分钟到, 应该两点前到).
_HEDGE: Final = _any_of(HEDGES)
_EARLY_OR_ON_TIME: Final = re.compile(
    f"{ARRIVING_EARLY_OR_ON_TIME}|{_any_of(ARRIVING_EARLY_OR_ON_TIME_ENGLISH).pattern}"
)
_LATE: Final = _any_of(ARRIVING_LATE)
#: Another time asked for (早点来 12点行吗, "can we do thurs instead"), not a later arrival.
_ANOTHER_TIME: Final = _any_of(ANOTHER_TIME)
_ARRIVING_LATER: Final = re.compile(ARRIVING_LATER)
#: Someone named as coming along (我带孩子一起来, 我老公开车送我过去, "my son will drop me off").
_COMING_ALONG: Final = _any_of(COMING_ALONG)
#: The booking made for someone else (我是帮女儿约的, "I booked it for her"): they are its client.
_BOOKED_FOR: Final = re.compile(f"{BOOKED_FOR}|{_any_of(BOOKED_FOR_ENGLISH).pattern}")
_BEFELL: Final = _any_of(WHAT_BEFELL)  # 孩子发高烧: the customer's reason, in its own clause
#: Saying or wanting, of someone else (我老婆说, 叫我, "my wife says"): their answer.
_SAYING: Final = _any_of(("说", "讲", "叫", "让", "要我", "says", "said", "told", "wants", "asked"))
#: What the parser reads as an answer, or part of one.
_ANSWERING: Final = frozenset(
    {
        None, Word.CONFIRM, Word.SEE, Word.KEEP, Word.CHANGE, Word.CHANGE_VERB, Word.CANCEL,
        Word.CANCEL_VERB, Word.ABSENCE, Word.SOFT_CONFIRM, Word.MAY,
    }
)  # fmt: skip
_WORDS_OF_AN_ANSWER: Final = _ANSWERING - {None}
_ASKING_WORDS: Final = frozenset({Word.ASKING, Word.MAY})


def _asks_for_a_change(found: set[Word], text: str) -> bool:
    """A change word, or another time than the booked one (早点, 晚一点, "instead", "earlier"),
    beside the parser's words for asking (能, 可以吗, 可唔可以, "any chance"), and nothing asked
    about another matter: the polite request the rules read as a change. A later arrival
    (晚点到可以吗) is no request for another time: the customer is running late."""
    if not found & _ASKING_WORDS or _OTHER_MATTER.search(text):
        return False
    if found & _CHANGE_WORDS:
        return True
    another = Word.SHIFT in found and _ANOTHER_TIME.search(text)
    return bool(another) and not _ARRIVING_LATER.search(text)


# What each class of the parser's says, when it says an answer.
_SAYS: Final[dict[Word, str]] = {
    Word.CONFIRM: "confirm",
    Word.SEE: "confirm",
    Word.KEEP: "confirm",
    Word.CHANGE: "change",
    Word.CHANGE_VERB: "change",
    Word.CANCEL: "cancel",
    Word.CANCEL_VERB: "cancel",
    Word.OPT_OUT: "opt out",
}


# Where English meets Chinese ("not确认", "what时间"): the taught phrases' tests split English by
# spaces, and a phrase_text closes the spaces beside Chinese.
_SCRIPT_CHANGE: Final = re.compile(r"(?<=[a-z0-9])(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])(?=[a-z0-9])")


def _spaced(text: str) -> str:
    """``text`` with a space wherever English meets another script."""
    return _SCRIPT_CHANGE.sub(" ", text.casefold())


def _found(body: str, clauses: list[str]) -> set[Word]:
    """Every class of word the parser knows in ``clauses`` (of ``body``), unknown words passed
    over."""
    found: set[Word] = set()
    for index, clause in enumerate(clauses):
        if clause not in ADDRESSED:  # 姐，…: the one written to, as the parser reads it
            found.update(w for w in meanings(clause, body, last=index == len(clauses) - 1) if w)
    return found


def _names_someone(text: str) -> bool:
    return bool(_SOMEONE_ELSE.search(text) or _HE.search(text))


def _someone_else_answers(body: str) -> bool:
    """Someone other than the customer named where an answer may be theirs: in the only clause,
    beside an answer word or a word no class knows that may be one (我老婆整不了了), an inability
    (她去不了) or a word of saying (我老婆说, "my wife says"). In a clause of its own beside the
    customer's answer, a person is the reason's (孩子发烧了，改到下周)."""
    clauses = clauses_of(body)
    if clauses is None or len(clauses) < 2:
        return True
    if _BOOKED_FOR.search(phrase_text(body)):
        return False  # 我是帮女儿约的: she is the appointment's client
    for index, clause in enumerate(clauses):
        spaced = _spaced(clause)
        if not _names_someone(spaced):
            continue
        unable_or_saying = _UNABLE.search(clause) or _SAYING.search(spaced)
        if _COMING_ALONG.search(spaced) and not unable_or_saying:
            continue  # 我带孩子一起来: the customer comes, and someone with them
        read = meanings(clause, body, last=index == len(clauses) - 1)
        if _BEFELL.search(spaced) and not unable_or_saying and not _WORDS_OF_AN_ANSWER & {*read}:
            continue  # 孩子突然发高烧: what befell them, the customer's reason
        if _ANSWERING.intersection(read) or unable_or_saying:
            return True
    return False


def _said(text: str, body: str) -> Guard | None:
    """What the words of ``text`` (the ``phrase_text`` of ``body``) name that stops any learned
    reading: a condition, someone else, news of a change, a problem, a code. A few patterns."""
    if _CONDITIONS.search(text):
        return Guard.CONDITION
    if _names_someone(text) and _someone_else_answers(body):
        return Guard.SOMEONE_ELSE
    if _NEGATING.search(_HOLDING_A_NEGATION.sub(" ", text)) or any(
        _NOT_GOING_TO_DO.search(clause) for clause in clauses_of(body) or ()
    ):
        return Guard.NEGATION
    if _DONE.search(text):
        return Guard.CHANGE_MADE
    if _TROUBLE.search(text):
        return Guard.TROUBLE
    codes = (code for code in _CODE.findall(body) if not _CLOCK_OR_DATE.fullmatch(code))
    if any(None in meanings(code.casefold()) for code in codes):
        return Guard.CODE
    return None


def refusal(body: str) -> Guard | None:
    """What in ``body`` stops any learned reading, whatever intent it reads."""
    text = phrase_text(body)
    clauses = clauses_of(body)
    if not text or clauses is None:
        return Guard.UNREAD
    if hedges(body, clauses):
        return Guard.QUESTION
    return _said(text, body)


def _in_its_own_words(text: str, intent: Intent) -> str:
    """``text`` (a ``phrase_text`` or a clause) without ``intent`` said in the negative (先不做了
    beside a cancel, 不会迟到 beside a yes): the answer itself, neither a no to it nor another."""
    own = _IN_THE_NEGATIVE.get(intent)
    return own.sub(" ", text) if own is not None else text


def _without_false_denials(text: str, intent: Intent) -> str:
    """``text`` without the words holding a 不 or 唔 that deny nothing (不好意思, 能不能, 唔使担心),
    and, beside a change or a cancel, without those that say the customer cannot come (去不了,
    没空): the reason for either, not a no to it."""
    text = _NOT_A_DENIAL.sub(" ", _in_its_own_words(text, intent))
    if intent in (Intent.CHANGE, Intent.CANCEL):
        text = _NOT_WORKING_OUT.sub(" ", _UNABLE.sub(" ", text))
    return text


def stops_a_change_with_when(body: str) -> Guard | None:
    """What stops reading ``body``, which the rules left unclear, as a change request followed by
    when (变更 周五上午): a condition other than politeness (如果可以, "if possible"), a no, news of
    a change made, a problem, or a question about a fee or a rule (变更的话要提前多久说 asks how
    early to say so). A question about times (能晚点吗，三点左右, 哪天有空位) is the request itself,
    a clock time (4pm) is when, not a code, and a child to fetch is a reason (要接孩子): a change
    request's worst outcome is a call from the salon."""
    text = _POLITE_CONDITION.sub(" ", phrase_text(body))
    stop = _said(text, body)
    if stop is not None and stop not in (Guard.CODE, Guard.SOMEONE_ELSE):
        return stop
    if _COST_OR_RULE.search(text) and (asks(_spaced(body)) or _A_NOT_A.search(text)):
        return Guard.QUESTION
    return None


def guard(body: str, intent: Intent, parsed: ParsedReply | None = None) -> Guard | None:
    """Why ``body`` may not be read as ``intent`` by anything but the rules; None when nothing
    in it stops that. ``parsed``: the rules' reading of it, when the caller has it."""
    if not (parsed or parse_reply(body)).unread:
        return Guard.READ_ALREADY  # 谢谢提醒, 好的，3点: the rules read it all, and decided
    stop = refusal(body)
    if stop is not None:
        return stop
    text = phrase_text(body)
    found = _found(body, [_in_its_own_words(clause, intent) for clause in clauses_of(body) or []])
    # Any question stops a learned reading but a request for a change in the rules' own words
    # for asking (能改到明天吗, 可唔可以幫我改期, "any chance I can change…?"), about nothing
    # else: 晚到半小时还能做吗 asks whether a late arrival is still served, not for a new time.
    if (asks(_spaced(body)) or _A_NOT_A.search(text)) and not (
        intent is Intent.CHANGE and _asks_for_a_change(found, text)
    ):
        return Guard.QUESTION
    if negates(_spaced(_without_false_denials(text, intent)), intent):
        return Guard.NEGATION
    if intent is not Intent.CANCEL and _MINUTES.search(text):
        return Guard.RUNNING_LATE
    if Word.CHANGE_DONE in found or Word.ALREADY in found:
        return Guard.CHANGE_MADE
    said = {_SAYS[word] for word in found if word in _SAYS}
    if Word.ABSENCE in found and intent is not Intent.CHANGE:
        said.add("cancel")  # 来不了 cancels, or is the reason of a change
    if len(said) > 1 or said - {intent.value}:
        return Guard.TWO_INTENTS
    if intent is Intent.CONFIRM and found & {Word.WHEN, Word.SHIFT, Word.CIRCUMSTANCE}:
        # 好的，3点 may propose 3 o'clock; 生病了，好的 gives a reason to stay away
        return Guard.TWO_INTENTS
    return None


def beside_a_hedged_arrival(body: str) -> str | None:
    """``body`` without its clauses that only hedge about arriving early or on time (确认。我可能
    会提前五分钟到: the second clause), when another clause is left; None when it has none. A
    clause that also names arriving late, a no, someone else or a question is not one."""
    clauses = clauses_of(body)
    if clauses is None or len(clauses) < 2 or "?" in body or "？" in body:
        return None
    kept = [clause for clause in clauses if not _hedges_an_arrival(clause)]
    return "，".join(kept) if kept and len(kept) < len(clauses) else None


def _hedges_an_arrival(clause: str) -> bool:
    text = phrase_text(clause)
    if not (_HEDGE.search(text) and _EARLY_OR_ON_TIME.search(text)) or _LATE.search(text):
        return False
    asking = asks(_HEDGE.sub(" ", clause.casefold()))  # "might be early" asks nothing
    return not (negates(_spaced(text), Intent.CONFIRM) or asking or _names_someone(text))


def learned_intent(body: str, parsed: ParsedReply, model: Model = MODEL) -> Intent | None:
    """The intent the learned reader reads in ``body``, which the rules read as ``parsed``: only
    where they said nothing (unclear, and no question the machine answers), only when the model
    is sure beyond its threshold, and only when the guard finds nothing against it. A hedge
    about arriving early or on time in a clause of its own beside a yes is read without that
    clause (``beside_a_hedged_arrival``), and only as that yes."""
    if parsed.intent is not Intent.UNKNOWN or parsed.question is not None:
        return None  # read, or asking what the machine answers
    rest = beside_a_hedged_arrival(body) if _HEDGE.search(phrase_text(body)) else None
    if rest is not None:
        reread = parse_reply(rest)
        read: Intent | None = reread.intent if reread.intent is not Intent.UNKNOWN else None
        if read is None and reread.question is None and reread.unread:
            read = _learned(rest, reread, model)
        return Intent.CONFIRM if read is Intent.CONFIRM else None
    if not parsed.unread:
        return None  # read whole and refused
    return _learned(body, parsed, model)


def _learned(body: str, parsed: ParsedReply, model: Model) -> Intent | None:
    # The cheap refusals first, then the model: most unclear replies stop at one or the other,
    # and only a reply the model reads is cut into clauses and read by the whole guard.
    text = phrase_text(body)
    if not text or _said(text, body) is not None:
        return None
    intent = model.intent(text)
    if intent is None or guard(body, intent, parsed) is not None:
        return None
    return intent
