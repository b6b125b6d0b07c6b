"""What staff do about an inbox item, beyond answering: treat an unclear reply as the confirm,
change or cancel it was (one tap, applied as the customer's reply would have been, recorded
with who did it), and move a customer who asked for another time (the same move as Today's and
the CRM's PATCH). The console and the API call these.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy.orm import Session

from gateway.domain.inbox import InboxReason
from gateway.domain.lifecycle import APPOINTMENT_INTENTS, OPEN_STATUSES, Intent, reply_outcome
from gateway.domain.taught_phrases import Unteachable
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, InboxItem
from gateway.services.appointments.changes import move_appointment
from gateway.services.desk.bookings import move_at_desk
from gateway.services.desk.inbox import handle
from gateway.services.desk.phrases import NotTeachable, remember_phrase
from gateway.services.errors import Conflict
from gateway.services.sending.outbox import cancel_queued, queue_about

#: Items whose reply staff may read for the customer: the machine could not.
TREATABLE: Final = frozenset({InboxReason.UNCLEAR_REPLY, InboxReason.HELP_REQUESTED})
#: Items about an appointment that staff may move to another time from the inbox.
MOVABLE: Final = frozenset(
    {InboxReason.CHANGE_REQUESTED, InboxReason.UNCLEAR_REPLY, InboxReason.HELP_REQUESTED}
)


def treat_as(
    session: Session,
    item: InboxItem,
    intent: Intent,
    *,
    by: str,
    now: datetime,
    remember: bool = False,
) -> InboxItem:
    """Apply the item's reply as ``intent`` (confirm, change, cancel), as if the words had been
    clear: the status moves through the lifecycle table, the CRM hears it, the customer gets the
    answer. A change stays in the inbox as a change request (offer times, or move it).

    ``remember``: the reply's words become a phrase of the salon for ``intent``
    (``services.desk.phrases``); one that cannot be taught is refused before anything changes."""
    if intent not in APPOINTMENT_INTENTS:
        raise Conflict(
            "treat a reply as confirm, change or cancel", field="intent", reason="treat_how"
        )
    if item.reason not in TREATABLE or item.handled_at is not None:
        raise Conflict(
            "only an unclear reply still waiting can be treated as an answer",
            reason="treat_not_waiting",
        )
    appointment = _open_appointment(item)
    outcome = reply_outcome(appointment.status, intent)
    message = item.message
    if remember:
        if message is None:
            raise NotTeachable(Unteachable.NO_WORDS)
        remember_phrase(
            session,
            salon_id=item.salon_id,
            body=message.body,
            intent=intent,
            by=by,
            now=now,
            customer_id=message.customer_id,
        )
    if message is not None:
        message.intent = intent
    # A request still waiting would only ask again; a cancel makes every text moot.
    cancel_queued(
        session,
        appointment_id=appointment.id,
        templates=None if intent is Intent.CANCEL else (TemplateName.CONFIRMATION_REQUEST,),
        reason="staff read the customer's answer",
    )
    if outcome.new_status is not None:
        move_appointment(
            session, appointment, outcome.new_status, cause="staff", now=now, message=message
        )
    queue_about(session, appointment, outcome.answer_template, now=now)
    item.treated_as, item.treated_by = intent.value, by[:254]
    if intent is Intent.CHANGE:
        item.reason = InboxReason.CHANGE_REQUESTED
        return item
    return handle(session, item, by=by, now=now)


def move_for_item(
    session: Session,
    item: InboxItem,
    *,
    starts_at: datetime,
    stylist: str | None,
    by: str,
    now: datetime,
) -> Appointment:
    """Move the item's appointment to ``starts_at`` (and ``stylist``): the customer is texted
    the new time, reminders follow it, the CRM hears ``appointment.rescheduled`` by staff."""
    if item.reason not in MOVABLE:
        raise Conflict("this item is not about an appointment's time", reason="item_not_a_time")
    appointment = _open_appointment(item)
    handle(session, item, by=by, now=now)
    return move_at_desk(
        session, appointment=appointment, starts_at=starts_at, stylist=stylist, now=now
    )


def _open_appointment(item: InboxItem) -> Appointment:
    appointment = item.appointment
    if appointment is None:
        raise Conflict(
            "the item is about no appointment; answer or call the customer",
            reason="item_no_appointment",
        )
    if appointment.status not in OPEN_STATUSES:
        raise Conflict(
            f"the appointment is {appointment.status.value}",
            reason="appointment_closed",
            values={"status": appointment.status.value},
        )
    return appointment
