"""A customer's reply read once, into one value: what its words mean (``parse_reply``), the ref
it names, when the customer would rather come (a ``Wish``), what it says as an answer to an
offer of new times (``PickWords``) and to a satisfaction survey (``SurveyAnswer``), with the
provider's own reading of it (Twilio's STOP, START, HELP), and what the salon taught for words
the parser cannot read (``gateway.domain.taught_phrases``), then what the learned reader reads
where neither said anything and the rules' guard finds nothing against it
(``gateway.domain.reply_guard``). ``gateway.domain.decide`` takes it from there; nothing reads
the text again.

Pure: the reply parser, the salon's taught phrases, the learned reader (its weights loaded once,
at import) and the hint, pick and score readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gateway.domain.lifecycle import Intent
from gateway.domain.offer_hints import Hint, Wish, read_wish
from gateway.domain.offer_picks import PickWords, read_pick_words
from gateway.domain.replies import ParsedReply, parse_reply
from gateway.domain.reply_behalf import read_for_the_client
from gateway.domain.reply_change_frame import change_in_its_frame
from gateway.domain.reply_decision import Booked
from gateway.domain.reply_guard import guard, learned_intent, stops_a_change_with_when
from gateway.domain.reply_no_longer_wanted import said_as_a_cancel
from gateway.domain.reply_questions import Question
from gateway.domain.reply_time_asked import time_asked_alone
from gateway.domain.reply_when import change_wish, names_its_time, said_back
from gateway.domain.survey_scores import SurveyAnswer, bare_digit, read_survey_answer
from gateway.domain.taught_phrases import TaughtPhrases, taught_intent


@dataclass(frozen=True, slots=True)
class ReadReply:
    """Everything a reply says, read at ``received_at`` in the salon's timezone."""

    #: What the reply parser reads in its words alone, or the salon taught for them (``taught``).
    intent: Intent
    #: The ref it names (upper-cased), if exactly one.
    ref: str | None
    #: The provider's reading of it (Twilio's OptOutType: STOP, START, HELP), "" when none.
    keyword: str
    received_at: datetime
    #: 变更 周五上午: a change request followed by when (``change_wish``).
    change_then_when: Wish | None
    #: When the customer would rather come, anywhere in the text (both only read when the
    #: words alone are unclear or a change).
    wish: Wish | None
    #: What it says as an answer to an offer, before the offer's slots are looked at.
    pick: PickWords
    #: What it says as an answer to a satisfaction survey (only used while one is open).
    survey: SurveyAnswer
    #: The reply is one digit and nothing else (1, ３): a score, or an answer about an
    #: appointment, depending on which asked last.
    digit: int | None
    #: What an otherwise unclear reply asks about the appointment: when, or where.
    question: Question | None = None
    #: ``intent`` is a phrase the salon taught, for words the parser left unclear.
    taught: bool = False
    #: ``intent`` is the learned reader's, for words the parser left unclear and no phrase taught.
    learned: bool = False
    #: What an unclear reply says if the day or time it names is its appointment's own, and
    #: that when (周六下午两点见): see ``said_back_about``.
    said_back: tuple[Intent, Wish] | None = None
    #: ``intent`` is a cancel read from 不用了 or 退掉 alone (``reply_no_longer_wanted``): while an
    #: offer of new times can be answered it may decline the offer, not the visit.
    no_longer_wanted: bool = False
    #: A time of day asked alone (四点可以吗, "4pm ok?"): see ``answered_by_its_time``.
    time_asked: Wish | None = None

    def said_back_about(self, starts_at: datetime) -> Intent | None:
        """The confirm or cancel the reply says about an appointment starting at ``starts_at``
        by naming its own day or time (周六下午两点见, 明天下午的不来了); None otherwise."""
        if self.said_back is None:
            return None
        intent, when = self.said_back
        return intent if names_its_time(when, starts_at) else None

    def answered_by_its_time(self, candidates: Sequence[Booked]) -> tuple[Intent, Booked] | None:
        """What an unclear reply answers about exactly one of ``candidates`` (the one its ref
        names, if it names one) by its time: a yes or a no naming that appointment's day or
        time (周六下午两点见, 明天下午的不来了: ``said_back_about``); a time of day asked alone
        (``time_asked``) about the only one, a yes if it is its time (两点可以吗) and a change
        asking for it if not (四点可以吗)."""
        named = [a for a in candidates if self.ref in (None, a.ref)]
        if self.said_back is not None:
            said = [a for a in named if self.said_back_about(a.starts_at)]
            return (self.said_back[0], said[0]) if len(said) == 1 else None
        if self.time_asked is None or len(named) != 1:
            return None
        own = names_its_time(self.time_asked, named[0].starts_at)
        return (Intent.CONFIRM if own else Intent.CHANGE), named[0]

    def asks_change_with_when(self) -> bool:
        """变更 周五上午: a change and when, which the parser alone leaves unclear."""
        return (
            self.change_then_when is not None
            and self.change_then_when.at(self.received_at) is not None
        )

    def hint_for(self, original: datetime) -> Hint | None:
        """When the customer would rather come than ``original``: what follows a change request
        first, else the whole reply's wish."""
        hint = self.change_then_when.at(original) if self.change_then_when else None
        return hint or (self.wish.at(original) if self.wish else None)


def read_reply(
    body: str,
    *,
    keyword: str | None,
    received_at: datetime,
    tz: str,
    taught: TaughtPhrases | None = None,
) -> ReadReply:
    """Read ``body`` once, received at ``received_at`` by a salon in timezone ``tz``;
    ``keyword`` is the provider's own reading of it (Twilio's OptOutType), if any; ``taught``
    the salon's phrases."""
    parsed = parse_reply(body)
    taught_as = taught_intent(body, parsed, taught or {})
    if taught_as is not None:
        parsed = ParsedReply(taught_as, parsed.ref)
    learned = None if taught_as is not None else learned_intent(body, parsed)
    if learned is None and taught_as is None:  # 幫我媽確認，她會準時到: read whole, refused
        learned = read_for_the_client(body, parsed, learned_intent, guard)
    if learned is not None:
        parsed = ParsedReply(learned, parsed.ref)
    elif parsed.intent is Intent.UNKNOWN and taught_as is None and change_in_its_frame(body):
        parsed = ParsedReply(Intent.CHANGE, parsed.ref)  # 俺周六走不开，换到下礼拜中不中
    # When only matters for a change: one asked for, or one a pick of a slot that is gone turns
    # into. Neither reads as anything but a change or unclear (a letter or a time is no word of
    # the parser's), so other replies are not read for it.
    about_when = parsed.intent in (Intent.UNKNOWN, Intent.CHANGE)
    wish = read_wish(body, now=received_at, tz=tz) if about_when else None
    # An unclear reply is a change followed by when only if nothing in it stops that reading.
    then_when = parsed.intent is Intent.CHANGE or (
        about_when and stops_a_change_with_when(body) is None
    )
    return ReadReply(
        taught=taught_as is not None,
        learned=learned is not None,
        no_longer_wanted=learned is Intent.CANCEL and said_as_a_cancel(body) is not None,
        intent=parsed.intent,
        ref=parsed.ref,
        keyword=(keyword or "").upper(),
        received_at=received_at,
        change_then_when=change_wish(body, now=received_at, tz=tz) if then_when else None,
        wish=wish,
        said_back=said_back(body, parsed, now=received_at, tz=tz) if about_when else None,
        time_asked=time_asked_alone(body, parsed, now=received_at, tz=tz) if about_when else None,
        pick=read_pick_words(body),
        question=parsed.question,
        survey=read_survey_answer(body),
        digit=bare_digit(body),
    )
