"""Outbound SMS as rows: queue them (respecting quiet hours), or take back those still waiting.

A message is a row first, committed with whatever caused it; the job queue only carries its id.
What the queue lost is found again by ``services.relay``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from gateway.bulk import insert_rows
from gateway.domain.phones import mask
from gateway.domain.schedule import QuietHours, next_decent_time
from gateway.domain.segments import count_segments
from gateway.domain.texts import TemplateName
from gateway.domain.wording import appointment_values
from gateway.models import Appointment, Customer, Message, MessageDirection, MessageStatus
from gateway.services.handoff import Work, hand_off, hand_off_all
from gateway.services.sending.template_codes import Text, compose_for

log = logging.getLogger(__name__)

#: Templates that may still go to a customer who has opted out: the confirmation of that choice.
SENT_DESPITE_OPT_OUT = frozenset({TemplateName.OPTED_OUT})


def locale_for(customer: Customer) -> str:
    return customer.locale or customer.salon.locale


def appointment_context(appointment: Appointment, locale: str) -> dict[str, object]:
    salon = appointment.salon
    return appointment_values(
        salon_name=salon.name,
        starts_at=appointment.starts_at,
        timezone=salon.timezone,
        locale=locale,
        service=appointment.service,
        stylist=appointment.stylist,
        ref=appointment.ref,
    )


def queue_text(
    session: Session,
    *,
    customer: Customer,
    appointment_id: int | None,
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    now: datetime,
    send_after: datetime | None = None,
    not_sent_because: str | None = None,
) -> Message | None:
    """Store ``template`` for ``customer`` as a queued row, handed off to be sent once the
    transaction commits unless it waits for ``send_after`` (the relay hands it off then).

    Returns the row; None when the customer has opted out or was erased (no row at all). With
    ``not_sent_because``, the row is kept in the thread as cancelled, saying why, and not sent.
    """
    if not may_text(customer, template):
        return None
    message = _message(session, customer, appointment_id, template, locale, context, now)
    if not_sent_because is not None:
        message.status, message.error_message = MessageStatus.CANCELLED, not_sent_because
        session.add(message)
        return message
    due_now = send_after is None or send_after <= now
    message.send_after = send_after or now
    # Handed off right after commit; if that fails, the relay tries again after RELAY_AFTER.
    message.enqueued_at = now if due_now else None
    # Not flushed here: the row gets its id with the transaction's next flush (a caller that
    # needs it at once flushes), so a batch's texts are written in one INSERT.
    session.add(message)
    if due_now:
        hand_off(session, Work.SEND, message)
    return message


def may_text(customer: Customer, template: TemplateName) -> bool:
    """Whether ``template`` may be stored for ``customer`` at all (``queue_text``'s rule)."""
    if customer.erased_at is not None:
        return False  # erased: there is no number any more, and no one to write to
    if customer.opted_out and template not in SENT_DESPITE_OPT_OUT:
        log.info("not sending %s to %s: opted out", template, mask(customer.phone))
        return False
    return True


def queue_about(
    session: Session,
    appointment: Appointment,
    template: TemplateName,
    *,
    now: datetime,
    unprompted: bool = False,
) -> Message | None:
    """Queue ``template`` about ``appointment`` to its customer (see ``queue_text``).

    ``unprompted`` texts (requests, reminders, the salon's own news) wait out quiet hours; an
    answer to the customer's own message goes at once.
    """
    customer = appointment.customer
    locale = locale_for(customer)
    context = appointment_context(appointment, locale)
    send_after = None
    if unprompted:
        salon = appointment.salon
        send_after = next_decent_time(now, salon.timezone, QuietHours.parse(salon.quiet_hours))
        if send_after >= appointment.starts_at:
            _record_not_sent(
                session,
                appointment,
                template,
                locale,
                context,
                now,
                "quiet hours last until the appointment; not sent",
            )
            return None
    return queue_text(
        session,
        customer=customer,
        appointment_id=appointment.id,
        template=template,
        locale=locale,
        context=context,
        now=now,
        send_after=send_after,
    )


def _record_not_sent(
    session: Session,
    appointment: Appointment,
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    now: datetime,
    reason: str,
) -> None:
    """Keep a text we decided not to send in the thread, so staff can see the decision."""
    message = _message(
        session, appointment.customer, appointment.id, template, locale, context, now
    )
    message.status, message.error_message = MessageStatus.CANCELLED, reason
    session.add(message)


def _message(
    session: Session,
    customer: Customer,
    appointment_id: int | None,
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    now: datetime,
) -> Message:
    """A queued outbound row for ``template`` (see ``text_row``)."""
    return Message(**text_row(session, customer, appointment_id, template, locale, context, now))


def text_row(
    session: Session,
    customer: Customer,
    appointment_id: int | None,
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    now: datetime,
) -> dict[str, Any]:
    """The columns of a queued outbound text for ``template``, written as the salon's provider
    delivers it (the customer's locale where that provider has the template, else the salon's)
    and measured; due now, not yet handed off."""
    text = compose_for(session, customer, template, locale, context)
    return queued_row(customer.salon_id, customer.id, appointment_id, template, text, now)


def queued_row(
    salon_id: int,
    customer_id: int,
    appointment_id: int | None,
    template: TemplateName,
    text: Text,
    now: datetime,
) -> dict[str, Any]:
    """``text_row`` for a text already written (``TextForm.write``): a batch builds each from
    plain values, without the customer's ORM object."""
    body = text.body
    return {
        "salon_id": salon_id,
        "customer_id": customer_id,
        "appointment_id": appointment_id,
        "direction": MessageDirection.OUTBOUND,
        "body": body,
        "template": template,
        "locale": text.locale,
        "status": MessageStatus.QUEUED,
        "segments": count_segments(body),
        "template_params": text.params,
        "created_at": now,
        "send_after": now,
        "enqueued_at": None,
        "error_message": None,
    }


def store_texts(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many texts built by ``text_row`` in one statement; hand off those due now
    (``enqueued_at`` set) once the transaction commits. Their ids, in the order of ``rows``."""
    ids = insert_rows(session, Message, rows)
    hand_off_all(
        session,
        Work.SEND,
        (
            message_id
            for row, message_id in zip(rows, ids, strict=True)
            if row["status"] == MessageStatus.QUEUED and row["enqueued_at"] is not None
        ),
    )
    return ids


#: Texts not yet handed to the provider: queued, or held over a daily cap until tomorrow. A
#: held text is as much about the old state as a queued one, so both are dropped together.
WAITING = (MessageStatus.QUEUED, MessageStatus.HELD)


def cancel_queued(
    session: Session,
    *,
    appointment_id: int,
    templates: tuple[TemplateName, ...] | None = None,
    reason: str = "the appointment changed",
) -> None:
    """Drop texts still waiting about this appointment (it moved, or was cancelled), or only
    those made from ``templates``."""
    waiting = [Message.appointment_id == appointment_id, Message.status.in_(WAITING)]
    if templates is not None:
        waiting.append(Message.template.in_(templates))
    session.execute(
        update(Message)
        .where(*waiting)
        .values(status=MessageStatus.CANCELLED, error_message=reason),
        # Refresh only the rows the UPDATE matched (RETURNING). The default tests every object
        # the session holds against the criteria: a worker's batch of replies holds hundreds,
        # and that test cost more than the rest of acting on a reply.
        execution_options={"synchronize_session": "fetch"},
    )


def cancel_queued_to(
    session: Session, *, customer_id: int, reason: str = "the customer opted out"
) -> int:
    """Drop every text still waiting for this customer; returns how many."""
    result = session.execute(
        update(Message)
        .where(
            Message.customer_id == customer_id,
            Message.direction == MessageDirection.OUTBOUND,
            Message.status.in_(WAITING),
        )
        .values(status=MessageStatus.CANCELLED, error_message=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)
