"""What a customer's reply does, decided in one pure function: ``decide`` takes the reply as
read (``ReadReply``), what the salon knows of the customer when it is acted on
(``ReplyState``) and the time, and returns a ``Decision``: which appointment it is about, its new
status (only through the lifecycle table, ``reply_outcome``), what happens to an offer of new
times, what the CRM is told, the answers to text and whether the salon's inbox needs it. The
worker (``services.replies.processing``) loads the state, calls ``decide`` and applies the result.

The rules, in the order they are tried:

1. The provider's reading comes first: Twilio's STOP opts out (a STOP that reads as an answer
   about the appointment, CANCEL, does both), START opts in, HELP asks for help when the words
   alone are unclear. 变更 周五上午 (a change, then when) is a change.
2. While an offer of new times can be answered (open, or closed less than ``LATE_PICKS`` ago),
   a pick (A, 16:30) takes the slot, or tells the customer it is gone and offers afresh;
   "none of these" declines. A bare 确认 while an offer is open is unclear: it may mean A;
   不用了 alone (a cancel otherwise) too: it may decline the offer, not the visit.
3. Opt-out, opt-in and help act on the customer; a question (几点来着, 在哪里) is answered with
   the appointment it names or the next one upcoming — its time, stylist and the salon's
   address — and changes nothing (with none upcoming, or no approved answer, it is unclear);
   anything else acts on the one appointment the reply is about (the ref it names, the only one
   upcoming, for a confirm the only upcoming one still unconfirmed, or the one just cancelled),
   or the customer is asked which one, or told there is none. A yes or a no that names the
   day or time of exactly one open appointment (周六下午两点见, 明天下午的不来了) is that
   answer about it; naming another time, it stays unclear. A time of day asked alone about
   the only one (两点可以吗, 四点可以吗) is a yes if it is its time, else a change asking for it
   (``ReadReply.answered_by_its_time``).
4. A change, once the appointment waits for one, is answered with an automatic offer of new
   times when the salon makes them (``new_offer``); ``without_offer`` says what happens when
   there is nothing to offer.
5. A number with no appointment at the salon is answered once a salon day.
6. While a satisfaction survey after a visit is open, a reply that is not about an upcoming
   appointment answers it (``gateway.domain.survey_replies`` says which are which).
7. A reply understood and acted on about an appointment settles the customer's unclear,
   no-appointment and help items still waiting, of that appointment or of none
   (``Decision.settles``): 好的 then 确认 KVA9 leaves nothing for the front desk. A pick from
   an offer settles the change request of its appointment too.

Pure: plain values in, plain values out.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Final

from gateway.domain.events import EventType
from gateway.domain.inbox import SETTLED_BY_AN_ANSWER, InboxReason, reason_for_reply
from gateway.domain.lifecycle import (
    APPOINTMENT_INTENTS,
    AppointmentStatus,
    Intent,
    reply_outcome,
)
from gateway.domain.offer_picks import PickKind
from gateway.domain.offer_status import OfferStatus
from gateway.domain.reply_decision import (
    Answer,
    Booked,
    Decision,
    OfferMove,
    OfferState,
    ReplyState,
    WithoutOffer,
)
from gateway.domain.reply_questions import Question
from gateway.domain.reply_reading import ReadReply
from gateway.domain.survey_replies import answer_survey
from gateway.domain.texts import TemplateName
from gateway.domain.wording import appointment_values

#: What a question about the appointment is recorded as.
QUESTIONS_ASKED: Final = {
    Question.TIME: Intent.QUESTION_TIME,
    Question.PLACE: Intent.QUESTION_PLACE,
}
QUESTIONS: Final = frozenset(QUESTIONS_ASKED.values())
#: The answers a number without an appointment can draw.
STRANGER_ANSWERS: Final = (TemplateName.HELP, TemplateName.NO_APPOINTMENT)
#: What a reply must have been read as to settle earlier items: an answer about an appointment.
ACTED_ON: Final = APPOINTMENT_INTENTS | {Intent.OFFER_PICK}
ANSWERED_TODAY: Final = "not sent: this number, which has no appointment, was answered today"


def decide(read: ReadReply, state: ReplyState, *, now: datetime) -> Decision:
    """What the reply ``read`` does for a customer in ``state``, acted on at ``now``."""
    return _settling(_decide(read, state, now), state)


def _settling(decision: Decision, state: ReplyState) -> Decision:
    """``decision``, with the waiting items it sorts out (rule 6)."""
    if decision.appointment_id is None or decision.intent not in ACTED_ON:
        return decision
    settles = tuple(
        item.id
        for item in state.waiting_items
        if (
            item.reason in SETTLED_BY_AN_ANSWER
            and item.appointment_id in (None, decision.appointment_id)
        )
        # A pick from an offer is the new time the change request waited for.
        or (
            decision.intent is Intent.OFFER_PICK
            and item.reason is InboxReason.CHANGE_REQUESTED
            and item.appointment_id == decision.appointment_id
        )
    )
    return replace(decision, settles=settles) if settles else decision


def _decide(read: ReadReply, state: ReplyState, now: datetime) -> Decision:
    intent = _meaning(read)
    offer = state.offer
    if (
        not read.keyword
        and intent in APPOINTMENT_INTENTS | {Intent.UNKNOWN}
        and offer is not None
        and offer.answerable(read.received_at)
    ):
        pick = read.pick.against(offer.slots, tz=state.tz)
        if pick.kind is PickKind.DECLINED:
            return _declined(read, state, offer)
        if pick.kind is PickKind.SLOT:
            assert pick.index is not None
            return _picked(read, state, offer, pick.index, now)
        if offer.status is OfferStatus.OPEN and intent is Intent.CONFIRM:
            intent = Intent.UNKNOWN  # 1 or 确认 may mean option A
        if read.no_longer_wanted:
            intent = Intent.UNKNOWN  # 不用了: the offer declined, or the visit?
    # Twilio reads CANCEL as an opt-out too; the customer meant the appointment, but Twilio will
    # block our texts from now on, so both are recorded.
    also_opted_out = read.keyword == "STOP" and intent in APPOINTMENT_INTENTS
    if intent is Intent.OPT_OUT:
        answers = () if state.opted_out else (_to_customer(TemplateName.OPTED_OUT, state),)
        return _noted(Decision(intent, opt_out=not state.opted_out, answers=answers), state)
    if intent is Intent.OPT_IN:
        return _noted(
            Decision(
                intent,
                opt_in=state.opted_out,
                events=(EventType.CUSTOMER_OPTED_IN,) if state.opted_out else (),
                answers=(_to_customer(TemplateName.OPTED_IN, state),),
            ),
            state,
        )
    if intent is Intent.HELP:
        return _noted(Decision(intent, answers=(_to_customer(TemplateName.HELP, state),)), state)
    if intent in QUESTIONS:
        answered = _answered_question(read, state, intent)
        if answered is not None:
            return answered
        intent = Intent.UNKNOWN
    survey = state.survey
    if not read.keyword and survey is not None and survey.open_at(read.received_at):
        answered = answer_survey(read, state, intent, survey)
        if answered is not None:
            return answered
    said_back = read.answered_by_its_time(state.candidates) if intent is Intent.UNKNOWN else None
    if said_back is not None:
        decision = _about_appointment(read, state, *said_back)
    else:
        decision = _about_appointment(read, state, intent)
    if also_opted_out and not state.opted_out:
        decision = replace(decision, opt_out=True)
    return decision


def _answered_question(read: ReadReply, state: ReplyState, intent: Intent) -> Decision | None:
    """几点来着 / 在哪里 answered about the appointment the ref names, else the next one upcoming;
    None when there is none, or the salon cannot send the answer (then it is unclear)."""
    named = [a for a in state.candidates if a.ref == read.ref] if read.ref else []
    target = named[0] if named else (state.candidates[0] if state.candidates else None)
    wants_place = intent is Intent.QUESTION_PLACE and state.address is not None
    template = TemplateName.ANSWER_PLACE if wants_place else TemplateName.ANSWER_TIME
    if target is None or template not in state.question_answers:
        return None
    values = {**_values(target, state), "address": state.address or ""}
    return Decision(
        intent, appointment_id=target.id, answers=(Answer(template, values, target.id),)
    )


def _meaning(read: ReadReply) -> Intent:
    """The intent, with the provider's reading and a change-with-when taken in."""
    intent = read.intent
    if read.keyword == "STOP" and intent not in APPOINTMENT_INTENTS:
        return Intent.OPT_OUT
    if read.keyword == "START":
        return Intent.OPT_IN
    if read.keyword == "HELP" and intent is Intent.UNKNOWN:
        return Intent.HELP
    if not read.keyword and intent is Intent.UNKNOWN and read.asks_change_with_when():
        return Intent.CHANGE  # 变更 周五上午
    if intent is Intent.UNKNOWN and read.question is not None:
        return QUESTIONS_ASKED[read.question]
    return intent


def _target(read: ReadReply, state: ReplyState, intent: Intent) -> Booked | None:
    """The appointment a reply is about, or None when it cannot be told for sure.

    Without a ref, a confirm among several upcoming appointments is about the only one still
    waiting for a confirmation; a cancel or change asks which (a wrong cancel is worse than a
    question)."""
    if read.ref is not None:
        for appointment in state.candidates:
            if appointment.ref == read.ref:
                return appointment
        # A ref of an appointment that is no longer open (cancelled): answer about that one.
        return state.named
    if len(state.candidates) == 1:
        return state.candidates[0]
    if not state.candidates:
        # Replying to an appointment that was cancelled already is answered about that one.
        return state.recently_cancelled
    if intent is Intent.CONFIRM:
        unconfirmed = [a for a in state.candidates if a.status is AppointmentStatus.UNCONFIRMED]
        if len(unconfirmed) == 1:
            return unconfirmed[0]
    return None


def _about_appointment(
    read: ReadReply, state: ReplyState, intent: Intent, named: Booked | None = None
) -> Decision:
    if (
        not state.candidates
        and state.campaign_texted_at is not None
        and intent not in APPOINTMENT_INTENTS
    ):
        # No open appointment, an offer lately: they answer the offer, and a person replies
        # (the machine's HELP text would not). Appointment words still go the usual way.
        return Decision(intent, inbox=InboxReason.CAMPAIGN_REPLY)
    target = named or _target(read, state, intent)
    if target is None:
        if state.candidates and intent in APPOINTMENT_INTENTS:
            answer = _ambiguous(state)
        elif intent in APPOINTMENT_INTENTS:
            answer = _to_customer(TemplateName.NO_APPOINTMENT, state)
        else:
            answer = _to_customer(TemplateName.HELP, state)
        unclear = (EventType.APPOINTMENT_REPLY_UNCLEAR,) if intent is Intent.UNKNOWN else ()
        return _noted(Decision(intent, events=unclear, answers=(answer,)), state)
    if intent not in APPOINTMENT_INTENTS:
        # Unclear: nothing changes, staff can read it, the customer is told how to reply.
        return _noted(
            Decision(
                intent,
                appointment_id=target.id,
                events=(EventType.APPOINTMENT_REPLY_UNCLEAR,),
                answers=(_to_customer(TemplateName.HELP, state, about=target),),
            ),
            state,
            status_after=target.status,
        )
    outcome = reply_outcome(target.status, intent)
    decision = Decision(
        intent,
        appointment_id=target.id,
        answered_requests=True,
        drop_waiting=outcome.new_status is AppointmentStatus.CANCELLED,
        new_status=outcome.new_status,
        answers=(_about(outcome.answer_template, target, state),),
    )
    status_after = outcome.new_status or target.status
    if intent is Intent.CHANGE and status_after is AppointmentStatus.CHANGE_REQUESTED:
        return _offering(decision, read, state, target, moves_without=False)
    return _noted(decision, state, status_after=status_after)


def _declined(read: ReadReply, state: ReplyState, offer: OfferState) -> Decision:
    """都不行: the change the customer asked for waits for staff."""
    appointment = offer.appointment
    outcome = reply_outcome(appointment.status, Intent.CHANGE)
    still_open = offer.status is OfferStatus.OPEN
    return _noted(
        Decision(
            Intent.CHANGE,
            appointment_id=appointment.id,
            answered_requests=True,
            offer_move=OfferMove.DECLINE if still_open else None,
            events=(EventType.OFFER_DECLINED,) if still_open else (),
            new_status=outcome.new_status,
            answers=(_about(outcome.answer_template, appointment, state),),
        ),
        state,
        status_after=AppointmentStatus.CHANGE_REQUESTED,
    )


def _picked(
    read: ReadReply, state: ReplyState, offer: OfferState, index: int, now: datetime
) -> Decision:
    """A pick: the slot when it is still to be had, else the customer is told it is gone."""
    appointment = offer.appointment
    slot = offer.slots[index]
    expired = offer.status is OfferStatus.OPEN and offer.expires_at <= read.received_at
    if (
        expired
        or offer.status is not OfferStatus.OPEN
        or slot.starts_at <= now
        or offer.picked_slot_taken
    ):
        return _gone(read, state, offer, expired)
    outcome = reply_outcome(appointment.status, Intent.CONFIRM)
    moved = replace(appointment, starts_at=slot.starts_at, stylist=slot.stylist)
    return _noted(
        Decision(
            Intent.OFFER_PICK,
            appointment_id=appointment.id,
            answered_requests=True,
            offer_move=OfferMove.ACCEPT,
            slot=slot,
            picked=index,
            # Texts about the old time (a reminder held for quiet hours) must not go.
            drop_waiting=True,
            events=(EventType.APPOINTMENT_RESCHEDULED, EventType.OFFER_ACCEPTED),
            new_status=outcome.new_status,
            cause="offer_pick",
            answers=(_about(outcome.answer_template, moved, state),),
        ),
        state,
        status_after=AppointmentStatus.CONFIRMED,
    )


def _gone(read: ReadReply, state: ReplyState, offer: OfferState, expired: bool) -> Decision:
    """The slot picked is no longer to be had: the appointment keeps its time, the customer is
    told, and offered afresh when there is availability; otherwise the customer still wants
    another time, and that waits for staff (``change_requested``, the inbox)."""
    appointment = offer.appointment
    decision = Decision(
        Intent.CHANGE,
        appointment_id=appointment.id,
        answered_requests=True,
        offer_move=OfferMove.EXPIRE if expired else None,
        events=(EventType.OFFER_EXPIRED,) if expired else (),
        answers=(_about(TemplateName.OFFER_GONE, appointment, state),),
    )
    return _offering(decision, read, state, appointment, moves_without=True)


def _offering(
    decision: Decision, read: ReadReply, state: ReplyState, target: Booked, *, moves_without: bool
) -> Decision:
    """``decision``, answered with an automatic offer of new times when the salon makes them.

    Without one the customer is told the change was received; ``moves_without``: only then
    does the appointment wait for a change (a pick of a slot that is gone)."""
    outcome = reply_outcome(target.status, Intent.CHANGE)
    without = WithoutOffer(
        new_status=outcome.new_status if moves_without else None,
        answers=(_about(TemplateName.CHANGE_RECEIVED, target, state),),
        inbox=_reason(decision, state, AppointmentStatus.CHANGE_REQUESTED, offer_sent=False),
    )
    if moves_without:
        kept = decision.answers
    else:
        kept = ()  # the offer of new times is the answer
    if not state.auto_offers:
        return replace(
            decision,
            new_status=decision.new_status or without.new_status,
            answers=kept + without.answers,
            inbox=without.inbox,
        )
    status_after = decision.new_status or target.status
    return replace(
        decision,
        answers=kept,
        new_offer=True,
        hint=read.hint_for(target.starts_at),
        without_offer=without,
        inbox=_reason(decision, state, status_after, offer_sent=True),
    )


def _noted(
    decision: Decision, state: ReplyState, *, status_after: AppointmentStatus | None = None
) -> Decision:
    return replace(decision, inbox=_reason(decision, state, status_after, offer_sent=False))


def _reason(
    decision: Decision,
    state: ReplyState,
    status_after: AppointmentStatus | None,
    *,
    offer_sent: bool,
) -> InboxReason | None:
    return reason_for_reply(
        decision.intent,
        matched_appointment=decision.appointment_id is not None,
        customer_has_appointments=state.has_appointments,
        status_after=status_after,
        offer_sent=offer_sent,
    )


def _to_customer(template: TemplateName, state: ReplyState, about: Booked | None = None) -> Answer:
    """An answer about the customer rather than an appointment (``about``: filed with it)."""
    # A number with no appointment here is answered once a salon day: more would let anyone
    # spend the salon's daily cap. The answer stays in the thread, not sent, saying why.
    once_a_day = (
        template in STRANGER_ANSWERS
        and about is None
        and not state.has_appointments
        and state.answered_today
    )
    return Answer(
        template,
        {"salon_name": state.salon_name},
        appointment_id=about.id if about is not None else None,
        not_sent_because=ANSWERED_TODAY if once_a_day else None,
    )


def _about(template: TemplateName, appointment: Booked, state: ReplyState) -> Answer:
    return Answer(template, _values(appointment, state), appointment_id=appointment.id)


def _ambiguous(state: ReplyState) -> Answer:
    """Which appointment? Each upcoming one listed."""
    listed = [_values(appointment, state) for appointment in state.candidates]
    return Answer(TemplateName.AMBIGUOUS, {"salon_name": state.salon_name, "appointments": listed})


def _values(appointment: Booked, state: ReplyState) -> dict[str, object]:
    return appointment_values(
        salon_name=state.salon_name,
        starts_at=appointment.starts_at,
        timezone=state.tz,
        locale=state.locale,
        service=appointment.service,
        stylist=appointment.stylist,
        ref=appointment.ref,
    )
