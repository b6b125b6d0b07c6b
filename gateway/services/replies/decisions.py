"""A reply's ``Decision`` (``gateway.domain.decide``) applied to the rows it concerns, in the
order it lists: a survey's answer kept, the customer's opt-out or opt-in, the offer answered,
texts made moot, the new time, what the CRM is told, the new status, the answers, an automatic
offer of new times (or what happens without one), and the inbox item. Nothing is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from gateway import metrics
from gateway.domain.events import EventType
from gateway.domain.lifecycle import Intent
from gateway.domain.offer_status import OfferSource, OfferStatus
from gateway.domain.offers import LETTERS
from gateway.domain.reply_decision import Answer, Decision, OfferMove
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Message, Offer
from gateway.services.appointments.changes import move_appointment, opt_out
from gateway.services.appointments.reminders import plan_reminders
from gateway.services.crm.events import emit
from gateway.services.desk import inbox
from gateway.services.offers.new_times import close_offer, offer_from_availability
from gateway.services.sending.outbox import cancel_queued, locale_for, queue_text
from gateway.services.surveys.feedback import keep_feedback


@dataclass(slots=True)
class Rows:
    """The rows a decision names by id, as loaded (and locked) for deciding."""

    appointments: dict[int, Appointment] = field(default_factory=dict)
    offer: Offer | None = None
    #: The appointments with texts still waiting to go, when known: dropping texts about any
    #: other costs no statement (the usual case: a reply comes after the request went).
    texts_waiting: set[int] | None = None


#: The offer status each move closes it with.
_CLOSED_AS = {
    OfferMove.ACCEPT: OfferStatus.ACCEPTED,
    OfferMove.DECLINE: OfferStatus.DECLINED,
    OfferMove.EXPIRE: OfferStatus.EXPIRED,
}


def apply_decision(
    session: Session,
    customer: Customer,
    message: Message,
    decision: Decision,
    rows: Rows,
    *,
    now: datetime,
) -> None:
    """Write what ``decision`` says about the reply ``message`` from ``customer``."""
    message.intent = decision.intent
    metrics.reply_read(decision.intent.value)
    if decision.feedback is not None:
        keep_feedback(session, customer, message, decision.feedback, now=now)
    appointment = None
    if decision.appointment_id is not None:
        message.appointment_id = decision.appointment_id
        appointment = rows.appointments[decision.appointment_id]
    # An opt-out word from a customer opted out already still withdraws consent to marketing
    # given since (the customer said stop again); opt_out does nothing else the second time.
    if decision.opt_out or decision.intent is Intent.OPT_OUT:
        opt_out(session, customer, now=now, answer=False)
    if decision.opt_in:
        customer.opted_out_at = None
    if decision.answered_requests:
        assert appointment is not None
        # A request for an answer still waiting (quiet hours, the daily cap) would only ask again.
        _drop_waiting(
            session,
            rows,
            appointment,
            templates=(TemplateName.CONFIRMATION_REQUEST,),
            reason="the customer answered before it went",
        )
    offer = rows.offer
    if decision.offer_move is not None:
        assert offer is not None
        closed_by = None if decision.offer_move is OfferMove.EXPIRE else message
        close_offer(offer, _CLOSED_AS[decision.offer_move], closed_by, now)
        if decision.picked is not None:
            offer.picked = decision.picked
            message.picked = LETTERS[decision.picked]
    if decision.drop_waiting:
        assert appointment is not None
        _drop_waiting(session, rows, appointment)
    if decision.slot is not None:
        assert appointment is not None
        appointment.starts_at = decision.slot.starts_at.astimezone(UTC)
        appointment.stylist = decision.slot.stylist
        appointment.duration_minutes = int(decision.slot.duration.total_seconds() // 60)
        appointment.updated_at = now
        plan_reminders(session, appointment, now=now)
    for event in decision.events:
        _tell(session, event, customer, message, appointment, offer, now)
    if decision.new_status is not None:
        assert appointment is not None
        move_appointment(
            session,
            appointment,
            decision.new_status,
            cause=decision.cause,
            now=now,
            message=message,
        )
    _answer(session, customer, decision.answers, now)
    reason = decision.inbox
    if decision.new_offer:
        assert appointment is not None
        made = offer_from_availability(
            session,
            appointment,
            source=OfferSource.AUTOMATIC,
            now=now,
            asked_by=message,
            hint=decision.hint,
        )
        without = decision.without_offer
        if made is None and without is not None:
            if without.new_status is not None:
                move_appointment(
                    session,
                    appointment,
                    without.new_status,
                    cause=decision.cause,
                    now=now,
                    message=message,
                )
            _answer(session, customer, without.answers, now)
            reason = without.inbox
    if reason is not None:
        inbox.note(session, message, reason, now=now)
    if decision.settles:
        inbox.settle(session, decision.settles, now=now)


def without_an_offer(decision: Decision) -> Decision | None:
    """``decision`` as ``apply_decision`` writes it when no automatic offer can be made (the
    salon has published nothing to offer): ``without_offer``'s move, answers and inbox item in
    the place ``apply_decision`` gives them. None when it would make two moves (written by
    ``apply_decision``, one after the other)."""
    without = decision.without_offer
    if without is None:
        return replace(decision, new_offer=False, hint=None)
    if decision.new_status is not None and without.new_status is not None:
        return None
    return replace(
        decision,
        new_offer=False,
        hint=None,
        without_offer=None,
        new_status=decision.new_status or without.new_status,
        answers=decision.answers + without.answers,
        inbox=without.inbox,
    )


def _drop_waiting(
    session: Session,
    rows: Rows,
    appointment: Appointment,
    *,
    templates: tuple[TemplateName, ...] | None = None,
    reason: str = "the appointment changed",
) -> None:
    """``cancel_queued``, skipped (no statement, no flush) when the batch knows no text about
    ``appointment`` is waiting."""
    if rows.texts_waiting is None or appointment.id in rows.texts_waiting:
        cancel_queued(session, appointment_id=appointment.id, templates=templates, reason=reason)


def _tell(
    session: Session,
    event: EventType,
    customer: Customer,
    message: Message,
    appointment: Appointment | None,
    offer: Offer | None,
    now: datetime,
) -> None:
    """Emit ``event`` with what it is about (``EVENT_DATA`` says which subjects each carries)."""
    salon = customer.salon
    if event in (EventType.APPOINTMENT_REPLY_UNCLEAR, EventType.CUSTOMER_OPTED_IN):
        emit(
            session,
            salon,
            event,
            now=now,
            appointment=appointment,
            customer=customer,
            message=message,
        )
        return
    assert appointment is not None and offer is not None
    emit(
        session,
        salon,
        event,
        now=now,
        appointment=appointment,
        offer=offer,
        message=None if event is EventType.OFFER_EXPIRED else message,
        by="customer" if event is EventType.APPOINTMENT_RESCHEDULED else None,
    )


def _answer(
    session: Session, customer: Customer, answers: tuple[Answer, ...], now: datetime
) -> None:
    for answer in answers:
        queue_text(
            session,
            customer=customer,
            appointment_id=answer.appointment_id,
            template=answer.template,
            locale=locale_for(customer),
            context=dict(answer.values),
            now=now,
            not_sent_because=answer.not_sent_because,
        )
