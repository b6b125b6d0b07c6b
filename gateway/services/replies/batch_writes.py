"""A worker's batch of replies written set-wise: what each reply's ``Decision`` changes is kept
as rows, one list per kind of change, and ``BatchWrites.execute`` writes each kind in one Core
statement (an executemany UPDATE, a multi-row INSERT) instead of ORM objects and their flush.

The rows deciding reads (the reply, its appointments, the customer's offer) are changed in
memory as each reply is written, without making them dirty (``set_committed_value``), so a
customer's next reply in the batch is decided against the state this one left, and the ORM has
nothing to flush. ``write_decision`` takes the decisions most replies make (a status move
through the lifecycle table, answers, texts made moot, an unclear reply's event and inbox
item); the rest (a survey's answer, opting out or in, an offer answered or made, a new time)
go through ``decisions.apply_decision`` as before, after the pending rows are written.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, Update, bindparam, insert, or_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from typing_extensions import Unpack

from gateway import metrics
from gateway.bulk import update_rows
from gateway.domain.events import EventType
from gateway.domain.inbox import HANDLED_BY_SYSTEM, InboxReason
from gateway.domain.lifecycle import STATUS_EVENTS, AppointmentStatus, Intent
from gateway.domain.offer_status import OfferStatus
from gateway.domain.reply_decision import Decision
from gateway.domain.texts import TemplateName
from gateway.models import (
    Appointment,
    Customer,
    InboxItem,
    Message,
    MessageStatus,
    Offer,
    Salon,
    StatusChange,
    WebhookDelivery,
)
from gateway.models.base import UTCDateTime
from gateway.services.crm.events import EventFacts, event_row
from gateway.services.handoff import Work, hand_off
from gateway.services.replies.decisions import Rows
from gateway.services.sending.outbox import WAITING, locale_for, may_text, store_texts, text_row

_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_APPOINTMENTS: Table = Appointment.__table__  # type: ignore[assignment]
_OFFERS: Table = Offer.__table__  # type: ignore[assignment]
_INBOX: Table = InboxItem.__table__  # type: ignore[assignment]
_STATUS_CHANGES: Table = StatusChange.__table__  # type: ignore[assignment]
_DELIVERIES: Table = WebhookDelivery.__table__  # type: ignore[assignment]

# The batch's writes, built once (``execute`` binds each batch's values): built anew, each
# cost building it and computing its cache key every batch.
_INSERT_STATUS_CHANGES = insert(_STATUS_CHANGES)
_INSERT_DELIVERIES = insert(_DELIVERIES).returning(_DELIVERIES.c.id, sort_by_parameter_order=True)
_INSERT_INBOX = insert(_INBOX)
_WITHDRAW_OFFERS = (
    update(_OFFERS)
    .where(
        _OFFERS.c.appointment_id.in_(bindparam("b_appointment_ids", expanding=True)),
        _OFFERS.c.status == OfferStatus.OPEN,
    )
    .values(status=OfferStatus.WITHDRAWN, closed_at=bindparam("b_now", type_=UTCDateTime()))
)
_SETTLE = (
    update(_INBOX)
    .where(_INBOX.c.id.in_(bindparam("b_item_ids", expanding=True)), _INBOX.c.handled_at.is_(None))
    .values(handled_at=bindparam("b_now", type_=UTCDateTime()), handled_by=HANDLED_BY_SYSTEM)
)


@cache
def _drop_waiting(templates: tuple[TemplateName, ...] | None) -> Update:
    """Texts waiting about an appointment (of ``templates``; None: any) dropped, a reason each:
    an executemany, each value its own parameter (executemany takes no expanding IN)."""
    waiting = [
        _MESSAGES.c.appointment_id == bindparam("b_appointment_id"),
        or_(*(_MESSAGES.c.status == status for status in WAITING)),
    ]
    if templates is not None:
        waiting.append(or_(*(_MESSAGES.c.template == t for t in templates)))
    return (
        update(_MESSAGES)
        .where(*waiting)
        .values(status=MessageStatus.CANCELLED, error_message=bindparam("b_reason"))
    )


#: Requests for an answer, dropped when the customer answered before they went.
_REQUESTS = (TemplateName.CONFIRMATION_REQUEST,)
#: What ``write_decision`` tells the CRM of itself (status events come with the move).
_EVENTS_WRITTEN = frozenset({EventType.APPOINTMENT_REPLY_UNCLEAR})


def writes_set_wise(decision: Decision, appointment: Appointment | None) -> bool:
    """Whether ``write_decision`` writes all of ``decision`` (else ``apply_decision`` does)."""
    if decision.new_status is not None:
        assert appointment is not None
        # A survey is planned or dropped with a move to or from completed.
        if AppointmentStatus.COMPLETED in (decision.new_status, appointment.status):
            return False
    return (
        decision.feedback is None
        and not decision.opt_out
        and not decision.opt_in
        and decision.intent is not Intent.OPT_OUT
        and decision.offer_move is None
        and decision.slot is None
        and decision.picked is None
        and not decision.new_offer
        and _EVENTS_WRITTEN.issuperset(decision.events)
    )


def write_decision(
    writes: BatchWrites,
    customer: Customer,
    message: Message,
    decision: Decision,
    rows: Rows,
) -> None:
    """``apply_decision``'s steps, in its order, for a decision ``writes_set_wise`` takes."""
    metrics.reply_read(decision.intent.value)
    appointment = None
    if decision.appointment_id is not None:
        appointment = rows.appointments[decision.appointment_id]
    writes.reply(message, decision.intent, decision.appointment_id)
    in_database = rows.texts_waiting
    if decision.answered_requests:
        assert appointment is not None
        writes.drop_waiting(
            appointment.id,
            in_database=in_database,
            templates=_REQUESTS,
            reason="the customer answered before it went",
        )
    if decision.drop_waiting:
        assert appointment is not None
        writes.drop_waiting(appointment.id, in_database=in_database)
    for event in decision.events:
        writes.event(
            customer.salon,
            event,
            appointment=appointment,
            customer=customer,
            message=message,
        )
    if decision.new_status is not None:
        assert appointment is not None
        writes.move(appointment, decision.new_status, decision.cause, message, rows.offer)
    for answer in decision.answers:
        writes.text(
            customer,
            answer.appointment_id,
            answer.template,
            dict(answer.values),
            not_sent_because=answer.not_sent_because,
        )
    if decision.inbox is not None:
        writes.note(message, decision.inbox)
    if decision.settles:
        writes.settle(decision.settles)


class BatchWrites:
    """The batch's changes not yet written, as rows per kind of change."""

    def __init__(self, session: Session, *, now: datetime) -> None:
        self._session = session
        self._now = now
        self._replies: list[dict[str, Any]] = []
        #: Each appointment's newest status, by id.
        self._appointments: dict[int, dict[str, Any]] = {}
        self._status_changes: list[dict[str, Any]] = []
        #: Appointments whose open offers are withdrawn.
        self._withdrawn: set[int] = set()
        #: Texts written before this batch dropped, by which templates (None: all): reasons by
        #: appointment id, in the order dropped.
        self._dropped: dict[tuple[TemplateName, ...] | None, dict[int, str]] = {}
        self._texts: list[dict[str, Any]] = []
        self._events: list[dict[str, Any]] = []
        self._notes: list[dict[str, Any]] = []
        self._settled: set[int] = set()
        #: Appointments this batch wrote waiting texts about (a later reply may drop them).
        self._written_waiting: set[int] = set()

    def waiting_about(self) -> set[int]:
        """Appointments with texts of this batch waiting to go, written or not."""
        pending = {
            row["appointment_id"]
            for row in self._texts
            if row["status"] in WAITING and row["appointment_id"] is not None
        }
        return pending | self._written_waiting

    def reply(self, message: Message, intent: Intent, appointment_id: int | None) -> None:
        """The reply acted on: when, what it meant, which appointment it concerned."""
        if appointment_id is None:
            appointment_id = message.appointment_id
        set_committed_value(message, "processed_at", self._now)
        set_committed_value(message, "intent", intent)
        set_committed_value(message, "appointment_id", appointment_id)
        self._replies.append(
            {
                "id": message.id,
                "processed_at": self._now,
                "intent": intent,
                "appointment_id": appointment_id,
            }
        )

    def drop_waiting(
        self,
        appointment_id: int,
        *,
        in_database: set[int] | None,
        templates: tuple[TemplateName, ...] | None = None,
        reason: str = "the appointment changed",
    ) -> None:
        """``outbox.cancel_queued``: this batch's own texts are dropped here, those written
        before (when ``in_database`` or this batch's written texts name the appointment) by
        one UPDATE per kind of drop, before this batch's texts are inserted."""
        for row in self._texts:
            if (
                row["appointment_id"] == appointment_id
                and row["status"] in WAITING
                and (templates is None or row["template"] in templates)
            ):
                row["status"], row["error_message"] = MessageStatus.CANCELLED, reason
        if (
            in_database is not None
            and appointment_id not in in_database
            and appointment_id not in self._written_waiting
        ):
            return
        if appointment_id in self._dropped.get(None, {}):
            return  # all dropped already: a narrower drop finds nothing
        self._dropped.setdefault(templates, {}).setdefault(appointment_id, reason)

    def move(
        self,
        appointment: Appointment,
        to: AppointmentStatus,
        cause: str,
        message: Message,
        offer: Offer | None,
    ) -> None:
        """``changes.move_appointment`` for a move neither to nor from completed: the audit
        row, the status, the open offers withdrawn (unless a change is asked), the event."""
        if appointment.status == to:
            return
        self._status_changes.append(
            {
                "appointment_id": appointment.id,
                "from_status": appointment.status,
                "to_status": to,
                "cause": cause,
                "message_id": message.id,
                "created_at": self._now,
            }
        )
        set_committed_value(appointment, "status", to)
        set_committed_value(appointment, "updated_at", self._now)
        self._appointments[appointment.id] = {
            "id": appointment.id,
            "status": to,
            "updated_at": self._now,
        }
        if to != AppointmentStatus.CHANGE_REQUESTED:
            self._withdrawn.add(appointment.id)
            if offer is not None and offer.appointment_id == appointment.id:
                _withdraw(offer, self._now)
        event = STATUS_EVENTS.get(to)
        if event is not None:
            self.event(appointment.salon, event, appointment=appointment, message=message)

    def event(self, salon: Salon, event_type: EventType, **facts: Unpack[EventFacts]) -> None:
        """``crm.events.emit``'s delivery row."""
        row = event_row(salon, event_type, now=self._now, **facts)
        if row is not None:
            self._events.append(row)

    def text(
        self,
        customer: Customer,
        appointment_id: int | None,
        template: TemplateName,
        context: dict[str, object],
        *,
        not_sent_because: str | None,
    ) -> None:
        """``outbox.queue_text`` for an answer, due now."""
        if not may_text(customer, template):
            return
        locale = locale_for(customer)
        row = text_row(
            self._session, customer, appointment_id, template, locale, context, self._now
        )
        if not_sent_because is not None:
            row["status"], row["error_message"] = MessageStatus.CANCELLED, not_sent_because
        else:
            row["enqueued_at"] = self._now  # handed off right after commit
        self._texts.append(row)

    def note(self, message: Message, reason: InboxReason) -> None:
        """``inbox.note``'s item."""
        self._notes.append(
            {
                "salon_id": message.salon_id,
                "reason": reason.value,
                "customer_id": message.customer_id,
                "message_id": message.id,
                "appointment_id": message.appointment_id,
                "created_at": self._now,
            }
        )

    def settle(self, item_ids: tuple[int, ...]) -> None:
        """``inbox.settle``."""
        self._settled.update(item_ids)

    def execute(self) -> None:
        """Write every pending change, one statement per kind (texts written before this
        batch are dropped before its own are inserted), then start afresh."""
        connection = self._session.connection()
        # One statement a kind, whatever the batch's size (``bulk``: from one JSON parameter on
        # PostgreSQL, its time of acting sent once; an executemany elsewhere).
        update_rows(self._session, Message, self._replies)
        # Narrower drops first: a drop of all the appointment's texts that came after one of
        # its requests alone then finds the requests already dropped, with their own reason.
        for templates, dropped in sorted(self._dropped.items(), key=lambda kv: kv[0] is None):
            connection.execute(
                _drop_waiting(templates),
                [{"b_appointment_id": a, "b_reason": r} for a, r in dropped.items()],
            )
        update_rows(self._session, Appointment, list(self._appointments.values()))
        if self._status_changes:
            connection.execute(_INSERT_STATUS_CHANGES, self._status_changes)
        if self._withdrawn:
            connection.execute(
                _WITHDRAW_OFFERS, {"b_appointment_ids": list(self._withdrawn), "b_now": self._now}
            )
            self._withdraw_in_memory()
        if self._texts:
            store_texts(self._session, self._texts)
            self._written_waiting |= {
                row["appointment_id"]
                for row in self._texts
                if row["status"] in WAITING and row["appointment_id"] is not None
            }
        if self._events:
            ids = connection.execute(_INSERT_DELIVERIES, self._events).scalars()
            for delivery_id in ids:
                hand_off(self._session, Work.CRM_EVENT, delivery_id)
        if self._notes:
            connection.execute(_INSERT_INBOX, self._notes)
        if self._settled:
            connection.execute(_SETTLE, {"b_item_ids": list(self._settled), "b_now": self._now})
        self._clear()

    def _withdraw_in_memory(self) -> None:
        """Offers the session holds of withdrawn appointments' show it (as the ORM's own
        UPDATE would have synchronised them)."""
        for held in list(self._session.identity_map.values()):
            if isinstance(held, Offer) and held.appointment_id in self._withdrawn:
                _withdraw(held, self._now)

    def _clear(self) -> None:
        self._replies, self._appointments, self._status_changes = [], {}, []
        self._withdrawn, self._dropped, self._texts = set(), {}, []
        self._events, self._notes, self._settled = [], [], set()


def _withdraw(offer: Offer, now: datetime) -> None:
    if offer.status == OfferStatus.OPEN:
        set_committed_value(offer, "status", OfferStatus.WITHDRAWN)
        set_committed_value(offer, "closed_at", now)
