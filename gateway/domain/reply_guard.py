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
from gateway.domain.reply_cancel_frame import read_in_its_frame
from gateway.domain.reply_filler import said_with_a_filler
from gateway.domain.reply_guard_arrival import (
    arrives_early,
    arriving_early_set_aside,
    beside_a_hedged_arrival,
)
from gateway.domain.reply_guard_asking import not_asking_set_aside
from gateway.domain.reply_guard_cancel import a_no_agreeing_set_aside, a_reasons_no_set_aside
from gateway.domain.reply_guard_change import asks_for_a_change
from gateway.domain.reply_guard_condition import hedging_nothing_set_aside
from gateway.domain.reply_guard_negation import negation_said
from gateway.domain.reply_guard_patterns import (
    A_NOT_A,
    ANOTHER_STYLIST,
    ANOTHER_TIME_SAID,
    ANY_TIME_WILL_DO,
    ASKING_NOT,
    AUTO_REPLY,
    BARE_NO,
    CHANGE_WORDS,
    CLOCK_OR_DATE,
    CODE,
    COMING_ANYWAY,
    CONDITIONS,
    COST_OR_RULE,
    DECIDED,
    DECIDED_CHANGE,
    DECIDED_YES,
    DONE,
    EARLY_OR_ON_TIME,
    GONE_OR_CUT_ELSEWHERE,
    HEDGE,
    IN_THE_NEGATIVE,
    LATE,
    MINUTES,
    NOT_A_DENIAL,
    NOT_GOING_TO_DO_SAID,
    NOT_WORKING_OUT_SAID,
    OTHER_THING,
    PAST_VISIT,
    POLITE_CONDITION,
    SAYS,
    STYLIST_AS_HE_OR_SHE,
    TAKEN_BACK_SAID,
    THE_APPOINTMENT_AS_IT,
    THIS_VISIT,
    TROUBLE,
    UNABLE,
    WISHES,
    WORDS_OF_AN_ANSWER,
    with_spaces,
)
from gateway.domain.reply_guard_someone import names_someone_answering, someone_else_answers
from gateway.domain.reply_habit_words import ADDRESSED
from gateway.domain.reply_learned import COVERAGE, INTENTS, MODEL, Model
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.reply_no_longer_wanted import no_longer_wanted
from gateway.domain.reply_room import asks_room_alone
from gateway.domain.reply_said_alone import JEST, said_alone
from gateway.domain.reply_set_aside import read_beside_the_answer
from gateway.domain.reply_yes_alone import a_yes_of_its_own
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
    ANOTHER_STYLIST = "another stylist asked for: who changes, not when"
    AUTO_REPLY = "an automatic reply: nobody answered"
    REASON_ONLY = "a reason and nothing the rules know as asking or answering: why, not what"
    OTHER_THING = "about something other than the visit: a membership, a card, a parcel"
    TAKEN_BACK = "an answer taken back in the next breath: 改到周日吧，不对; move it, no wait"
    ROOM_ASKED = "asks whether there is room, and says nothing of this visit not suiting"
    LEFT_TO_THE_SALON = "any time will do, the salon to choose: no change of the customer's own"
    KINDNESS = "a wish for the salon's people and no answer: 注意身体, take care"


_DIGITS: Final = re.compile("[0-9]+")
#: A change or a cancel said in so many words (改期, 取消, "cancel").
_SAID_IN_WORDS: Final = {
    Intent.CANCEL: frozenset({Word.CANCEL, Word.CANCEL_VERB}),
    Intent.CHANGE: frozenset({Word.CHANGE, Word.CHANGE_VERB}),
}
#: A yes, or the soft words that are one beside nothing else (收到, 好嘅, 可以的).
_A_YES: Final = frozenset(
    {word for word, says in SAYS.items() if says == "confirm"} | {Word.SOFT_CONFIRM, Word.MAY}
)
#: An answer said in more than a soft yes (好, 很好, 👍: beside praise, the praise's own words).
_MORE_THAN_SOFT: Final = WORDS_OF_AN_ANSWER - {Word.SOFT_CONFIRM}
_CHANGE_OR_CANCEL: Final = frozenset({Word.CHANGE, Word.CHANGE_VERB, Word.CANCEL, Word.CANCEL_VERB})
#: What a reply that only gives a reason is made of, as the parser reads it: the reason, padding,
#: someone close, the time it is about, and 好 inside 好多 ("a lot").
_A_REASON_ALONE: Final = frozenset(
    {Word.CIRCUMSTANCE, Word.PADDING, Word.KIN, Word.REASON_OBJECT, Word.TIME, Word.SOFT_CONFIRM}
)


def _found(body: str, clauses: list[str]) -> set[Word]:
    """Every class of word the parser knows in ``clauses`` (of ``body``), unknown words passed."""
    found: set[Word] = set()
    for index, clause in enumerate(clauses):
        if clause not in ADDRESSED:  # 姐，…: the one written to, as the parser reads it
            found.update(w for w in meanings(clause, body, last=index == len(clauses) - 1) if w)
    return found


def _decided(text: str, body: str, yes: bool) -> bool:
    """The only conditions of ``text`` (of ``body``) look undecided and are not (``DECIDED``:
    想了想还是取消吧, 回来再说, 估计赶不上), beside a change or a cancel said in words; for a
    ``yes``, also ``DECIDED_YES`` (还是找Lily, 应该没问题, 就算下雨), beside any words; beside a
    change said in words, also ``DECIDED_CHANGE`` (还是这个点, "if possible")."""
    decided = DECIDED_YES.sub(" ", DECIDED.sub(" ", text)) if yes else DECIDED.sub(" ", text)
    if not CONDITIONS.search(text):
        return False
    found = _found(body, clauses_of(body) or [])
    if found & CHANGE_WORDS:  # 改到后天，还是这个点; "reschedule to sat if possible"
        decided = DECIDED_CHANGE.sub(" ", decided)
    if CONDITIONS.search(decided):
        return False
    return yes or bool(found & _CHANGE_OR_CANCEL)


def _said(text: str, body: str, *, strict: bool = False, yes: bool = False) -> Guard | None:
    """What the words of ``text`` (the ``phrase_text`` of ``body``) name that stops any learned
    reading: a condition, someone else, news of a change, a problem, a code. A few patterns.
    ``strict``: for a change read with its when, where 还是 may leave the day open. ``yes``: for
    a yes, or before the reading is known, where a past visit is the visit's story."""
    if AUTO_REPLY.search(text):
        return Guard.AUTO_REPLY  # "…automatic reply, I will get back to you": nobody answered
    if JEST.search(text):
        return Guard.TAKEN_BACK  # 取消……开玩笑的: the answer said, and taken back
    conditional = hedging_nothing_set_aside(text)  # "can change to 4pm or not": asking
    if CONDITIONS.search(conditional) and not (
        strict is False and _decided(conditional, body, yes)
    ):
        return Guard.CONDITION
    named = THE_APPOINTMENT_AS_IT.sub(" ", STYLIST_AS_HE_OR_SHE.sub(" ", text) if yes else text)
    if names_someone_answering(named, body) and someone_else_answers(body):
        return Guard.SOMEONE_ELSE
    if negation_said(conditional) or any(
        NOT_GOING_TO_DO_SAID.search(clause) for clause in clauses_of(body) or ()
    ):
        return Guard.NEGATION
    if DONE.search(text) and DONE.search(_gone_set_aside(text, body)):
        return Guard.CHANGE_MADE
    if TROUBLE.search(text) or (not yes and PAST_VISIT.search(text)):
        return Guard.TROUBLE
    if OTHER_THING.search(text):
        return Guard.OTHER_THING
    codes = (code for code in CODE.findall(body) if not CLOCK_OR_DATE.fullmatch(code))
    if any(None in meanings(code.casefold()) for code in codes):
        return Guard.CODE
    return None


def _gone_set_aside(text: str, body: str) -> str:
    """``text`` without moving away or a cut had elsewhere (``GONE_OR_CUT_ELSEWHERE``) beside a
    cancel said in words and no change word ("cancel, I've moved away"): why, not news."""
    found = _found(body, clauses_of(body) or [])
    if found & _SAID_IN_WORDS[Intent.CANCEL] and not found & CHANGE_WORDS:
        return GONE_OR_CUT_ELSEWHERE.sub(" ", text)
    return text


def refusal(body: str, intent: Intent | None = None) -> Guard | None:
    """What in ``body`` stops any learned reading, whatever intent it reads; with ``intent``,
    what stops that one (a past visit stops no yes)."""
    text = phrase_text(body)
    clauses = clauses_of(body)
    if not text or clauses is None:
        return Guard.UNREAD
    if hedges(body, clauses):
        return Guard.QUESTION
    return _said(text, body, yes=intent is Intent.CONFIRM)


def _in_its_own_words(text: str, intent: Intent) -> str:
    """``text`` (a ``phrase_text`` or a clause) without ``intent`` said in the negative (先不做了
    beside a cancel, 不会迟到 beside a yes): the answer itself, neither a no to it nor another."""
    own = IN_THE_NEGATIVE.get(intent)
    return own.sub(" ", text) if own is not None else text


def _without_false_denials(text: str, intent: Intent) -> str:
    """``text`` without the words holding a 不 or 唔 that deny nothing (不好意思, 能不能, 唔使担心),
    and, beside a change or a cancel, without those that say the customer cannot come (去不了,
    没空): the reason for either, not a no to it."""
    text = NOT_A_DENIAL.sub(" ", _in_its_own_words(text, intent))
    if intent in (Intent.CHANGE, Intent.CANCEL):
        text = NOT_WORKING_OUT_SAID.sub(" ", UNABLE.sub(" ", text))
    return text


def _answers_only(body: str, intent: Intent) -> str | None:
    """The clauses of ``body`` that hold an answer word, when one of them says a change or a
    cancel in so many words (不想出门，取消吧; "please cancel, don't want to pass it on"): a no of
    will or ability in a clause with no answer word (不想, 不敢, 唔出街, "no way", "not risking")
    is the reason's, not a no to the answer. A bare no (取消，不是) or any other no stays. None
    for a yes, or when no clause says the answer or none is left out."""
    own = _SAID_IN_WORDS.get(intent)
    clauses = clauses_of(body) or []
    if own is None or len(clauses) < 2:
        return None
    kept, said = [], False
    for index, clause in enumerate(clauses):
        read = {w for w in meanings(clause, body, last=index == len(clauses) - 1) if w}
        said = said or bool(own & read)
        words = phrase_text(clause)
        if (
            read & WORDS_OF_AN_ANSWER
            or BARE_NO.fullmatch(words)
            or negates(with_spaces(a_reasons_no_set_aside(words)), intent)
        ):
            kept.append(clause)  # an answer, a bare no (取消，不是), a no of another kind
    return phrase_text("，".join(kept)) if said and len(kept) < len(clauses) else None


def _only_a_reason(body: str) -> bool:
    """``body`` gives a reason and, of what the parser knows, nothing else but padding (我搬家了
    离你们远了好多): read as the parser reads it, before a cancel's own words are set aside."""
    found = _found(body, clauses_of(body) or [])
    return Word.CIRCUMSTANCE in found and found <= _A_REASON_ALONE


def _another_time_wanted(body: str, text: str) -> bool:
    """A change word, cannot-come, a time that does not work, or another time said (instead,
    早点): a reply asking whether there is room asks it for a move."""
    found = _found(body, clauses_of(body) or [])
    reason = found & {Word.ABSENCE, Word.CIRCUMSTANCE} or UNABLE.search(text)
    return bool(
        found & CHANGE_WORDS
        or reason
        or NOT_WORKING_OUT_SAID.search(text)
        or ANOTHER_TIME_SAID.search(text)
    )


def stops_a_change_with_when(body: str) -> Guard | None:
    """What stops reading ``body``, which the rules left unclear, as a change request followed by
    when (变更 周五上午): a condition other than politeness (如果可以, "if possible"), a no, news of
    a change made, a problem, or a question about a fee or a rule (变更的话要提前多久说 asks how
    early to say so). A question about times (能晚点吗，三点左右, 哪天有空位) is the request itself,
    a clock time (4pm) is when, not a code, and a child to fetch is a reason (要接孩子): a change
    request's worst outcome is a call from the salon. Another stylist asked for (换成Tony老师) or
    another answer beside it (改到周日，取消吧: the time hides the cancel from the parser) stop it
    too; cannot-come beside it is its reason (来不了，改到周六)."""
    text = POLITE_CONDITION.sub(" ", phrase_text(body))
    stop = _said(text, body, strict=True)
    if stop is not None and stop not in (Guard.CODE, Guard.SOMEONE_ELSE):
        return stop
    if ANOTHER_STYLIST.search(text):
        return Guard.ANOTHER_STYLIST
    clauses = clauses_of(body) or []
    if any(
        BARE_NO.fullmatch(phrase_text(clause)) or TAKEN_BACK_SAID.search(clause)
        for clause in clauses[1:]
    ):
        return Guard.TAKEN_BACK  # 改到周日吧，不对; 其实不改也行; "move it to sun, no wait"
    if asks_room_alone(text) and not _another_time_wanted(body, text):
        return Guard.ROOM_ASKED
    worded = [_DIGITS.sub(" ", clause) for clause in clauses]  # 3 is a time here
    if "cancel" in {SAYS[word] for word in _found(body, worded) if word in SAYS}:
        return Guard.TWO_INTENTS
    if COST_OR_RULE.search(text) and (asks(with_spaces(body)) or A_NOT_A.search(text)):
        return Guard.QUESTION
    return None


def guard(body: str, intent: Intent, parsed: ParsedReply | None = None) -> Guard | None:
    """Why ``body`` may not be read as ``intent`` by anything but the rules; None when nothing
    in it stops that. ``parsed``: the rules' reading of it, when the caller has it."""
    if not (parsed or parse_reply(body)).unread:
        return Guard.READ_ALREADY  # 谢谢提醒, 好的，3点: the rules read it all, and decided
    stop = refusal(body, intent)
    if stop is not None:
        return stop
    text = phrase_text(body)
    own = [_in_its_own_words(clause, intent) for clause in clauses_of(body) or []]
    found = _found(body, own)
    if intent is Intent.CONFIRM and found & {Word.CHANGE_VERB, Word.SHIFT, Word.CIRCUMSTANCE}:
        # 我提前十分钟到 beside a yes: how the customer comes; alone (我可能会提前五分钟到) no yes
        rest = _found(body, [arriving_early_set_aside(clause, text) for clause in own])
        found = rest if rest & _A_YES else found
    # Any question stops a learned reading but a request for a change in the rules' own words
    # for asking (能改到明天吗, 可唔可以幫我改期, "any chance I can change…?"), about nothing
    # else: 晚到半小时还能做吗 asks whether a late arrival is still served, not for a new time.
    # A change said in words asks which days are free as its own question (``reply_guard_change``).
    if (asks(not_asking_set_aside(with_spaces(body), intent)) or A_NOT_A.search(text)) and not (
        intent is Intent.CHANGE and asks_for_a_change(found, body, text)
    ):
        return Guard.QUESTION
    if (
        intent is Intent.CONFIRM
        and PAST_VISIT.search(text)
        and not found & _MORE_THAN_SOFT
        and not (found & WORDS_OF_AN_ANSWER and THIS_VISIT.search(text))
    ):
        # "thanks for last time!": the visit past, and no answer to this one; a soft yes beside
        # praise of it (头发很好整理👍) is the praise's, unless the coming visit is named too
        # (上回剪得挺精神，这回还找他，明天准去)
        return Guard.TROUBLE
    if WISHES.search(text) and not found & WORDS_OF_AN_ANSWER:
        return Guard.KINDNESS  # 天冷了，你们也注意身体哦: kindness, and nothing answered
    asked = ASKING_NOT.sub("吗", body) if intent is Intent.CHANGE else body
    kept = a_no_agreeing_set_aside(
        _answers_only(asked, intent) or phrase_text(asked), found, intent
    )
    if intent is Intent.CHANGE:
        kept = hedging_nothing_set_aside(kept)  # "can change to 4pm or not": asking, not a no
    if negates(with_spaces(_without_false_denials(kept, intent)), intent):
        return Guard.NEGATION
    early = intent is Intent.CONFIRM and EARLY_OR_ON_TIME.search(text) and not LATE.search(text)
    if intent is not Intent.CANCEL and MINUTES.search(text) and not early:
        return Guard.RUNNING_LATE  # 我提前十分钟到 beside a yes: how the customer comes
    if intent is Intent.CHANGE and ANOTHER_STYLIST.search(text):
        return Guard.ANOTHER_STYLIST
    if intent is Intent.CHANGE and asks_room_alone(text) and not _another_time_wanted(body, text):
        return Guard.ROOM_ASKED  # 下周六还有空档不: for a move, or a second visit? (``reply_room``)
    if (
        intent is Intent.CHANGE
        and ANY_TIME_WILL_DO.search(text)
        and not found & _SAID_IN_WORDS[intent]
    ):
        return Guard.LEFT_TO_THE_SALON  # 三点也行两点也行，你们看着安排吧: no time of her own
    if intent is not Intent.CONFIRM and _only_a_reason(body):
        return Guard.REASON_ONLY  # 我搬家了 离你们远了好多: why, but not what to do
    if Word.CHANGE_DONE in found or (Word.ALREADY in found and not _already_why(found, intent)):
        return Guard.CHANGE_MADE
    said = {SAYS[word] for word in found if word in SAYS}
    if Word.ABSENCE in found and intent is not Intent.CHANGE:
        said.add("cancel")  # 来不了 cancels, or is the reason of a change
    if any(a_yes_of_its_own(clause) for clause in clauses_of(body) or ()):
        said.add("confirm")  # 我周六来 or 下午去正好, beside 想改成周日
    if len(said) > 1 or said - {intent.value}:
        return Guard.TWO_INTENTS
    if intent is Intent.CONFIRM and (
        found & {Word.WHEN, Word.SHIFT}
        or (Word.CIRCUMSTANCE in found and not COMING_ANYWAY.search(text))
    ):
        # 好的，3点 may propose 3 o'clock; 生病了，好的 gives a reason to stay away; 出差刚回来
        # 正好去剪，确认 tells the visit's story
        return Guard.TWO_INTENTS
    return None


def _already_why(found: set[Word], intent: Intent) -> bool:
    """已经 beside a yes is what the customer did to come (已经请好假, 已收到, 已阅); beside a
    cancel said in words, with no change word, why (已经在别家剪了，取消吧). A change made beside
    either is a change word: two answers."""
    if intent is Intent.CANCEL:
        return bool(found & _SAID_IN_WORDS[Intent.CANCEL]) and not found & CHANGE_WORDS
    return intent is Intent.CONFIRM


def learned_intent(body: str, parsed: ParsedReply, model: Model = MODEL) -> Intent | None:
    """The intent the learned reader reads in ``body``, which the rules read as ``parsed``: only
    where they said nothing (unclear, no question the machine answers), only when the model is
    sure beyond its threshold and the guard finds nothing against it. An early arrival in a
    clause of its own (``beside_a_hedged_arrival``: 收到，我會早少少到), an answer set aside and a
    yes's story (``reply_set_aside``) are read without it, only as the answer left."""
    if parsed.intent is not Intent.UNKNOWN or parsed.question is not None:
        return None  # read, or asking what the machine answers
    hedged = HEDGE.search(phrase_text(body)) is not None
    rest = beside_a_hedged_arrival(body) if hedged or arrives_early(body) else None
    if rest is not None:
        reread = parse_reply(rest)
        read: Intent | None = reread.intent if reread.intent is not Intent.UNKNOWN else None
        if read is None and reread.question is None and reread.unread:
            read = _learned(rest, reread, model)
        if read is Intent.CONFIRM or hedged:
            return Intent.CONFIRM if read is Intent.CONFIRM else None
        # arriving early said plainly (已阅，准时到): the whole reply is read as before
    beside = read_beside_the_answer(body, lambda rest, read: learned_intent(rest, read, model))
    if beside is not None:
        return beside  # 不用改期，直接取消; 好的，还是上次那样剪短点: the rest, read alone
    if no_longer_wanted(body, lambda said, read: guard(said, Intent.CANCEL, read) is not None):
        return Intent.CANCEL  # 不用了，谢谢: read whole or not
    # 帮我取消嘛, 取笑 *取消 (``reply_cancel_frame``); else as written, unless read whole
    framed = read_in_its_frame(body, lambda said, read: _learned(said, read, model))
    return framed if framed is not None or not parsed.unread else _learned(body, parsed, model)


def _learned(body: str, parsed: ParsedReply, model: Model) -> Intent | None:
    # The cheap refusals first, then the model: most unclear replies stop at one or the other,
    # and only a reply the model reads is cut into clauses and read by the whole guard.
    text = phrase_text(body)
    if not text or _said(text, body, yes=True) is not None:  # the guard reads the rest
        return None
    intent = model.intent(text)
    if intent is None:
        intent = _said_alone_and_likeliest(body, text, model)
    if intent is None or guard(body, intent, parsed) is not None:
        return None
    return intent


def _said_alone_and_likeliest(body: str, text: str, model: Model) -> Intent | None:
    """An answer said in words in a clause of its own (``reply_said_alone``) that the model,
    unsure, still reads as the likeliest: the words said, which the guard reads next."""
    said = said_alone(body) or said_with_a_filler(body)  # or beside a short tag: cancel ya
    if said is None:
        return None
    reading = model.reading(text)
    return said if reading.seen >= COVERAGE and INTENTS.get(reading.label) is said else None
