"""Handing a queued text to the provider, and what the provider tells us about it afterwards.

The send job (``batch.send_batch``) claims its batch (``claim_batch``, its own transaction), marks
each wave of provider calls as started (``start_provider_calls``), calls the provider, then records
the wave (``record_sent_many``, or ``record_send_failure`` for a refusal) in the transaction that
starts the next: a row is claimed before any byte leaves, so a second run of the same job finds it
taken and sends nothing; and the moment the provider call starts is on the row before the call, so
a worker that died in between leaves a row that is known not to have gone (the sweep queues it
again) rather than one that may have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ARRAY, Integer, String, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from gateway.domain.events import EventType
from gateway.domain.lifecycle import OPEN_STATUSES
from gateway.domain.texts import TemplateName
from gateway.models import Message, MessageStatus, Salon
from gateway.providers.base import SendResult
from gateway.services.appointments.changes import opt_out
from gateway.services.crm.events import emit
from gateway.services.desk.inbox import text_delivered
from gateway.services.sending.daily_cap import DailyCaps
from gateway.services.sending.marketing import marketing_hold
from gateway.services.sending.outbox import SENT_DESPITE_OPT_OUT
from gateway.services.sending.provider_state import Route, held_for_provider, route_for

#: Templates about an appointment that are pointless once it is closed or has begun.
_ABOUT_UPCOMING = frozenset(
    {TemplateName.CONFIRMATION_REQUEST, TemplateName.REMINDER, TemplateName.REMINDER_UNCONFIRMED}
)
#: How far along a text is; a status callback never moves a message backwards.
_RANK = {
    MessageStatus.QUEUED: 1,
    MessageStatus.SENDING: 2,
    MessageStatus.UNCERTAIN: 2,
    MessageStatus.SENT: 3,
    MessageStatus.DELIVERED: 4,
    MessageStatus.UNDELIVERED: 4,
    MessageStatus.FAILED: 4,
}
#: Statuses a text the provider took keeps (a receipt got there first); any other becomes sent.
_SENT_OR_LATER = tuple(s for s, rank in _RANK.items() if rank >= _RANK[MessageStatus.SENT])


@dataclass(frozen=True, slots=True)
class SendOrder:
    """What the job needs to call the provider, read inside the claiming transaction."""

    message_id: int
    to: str
    sender: str
    body: str
    #: The claim's time: ``start_provider_call`` goes ahead only if the row is still this claim's.
    claimed_at: datetime
    #: How it goes to the salon's provider (its body, or a template's code and values).
    route: Route | None = None
    #: The template it was rendered from (None for staff's own words), for the metrics.
    template: str | None = None


class TextSkip(StrEnum):
    """Why a send job found nothing to send; the value is what its job record says."""

    NOT_QUEUED = "not queued"
    NOT_DUE = "not due yet"
    NO_RECIPIENT = "no recipient"
    OPTED_OUT = "opted out"
    NO_LONGER_UPCOMING = "appointment no longer upcoming"
    PROVIDER_REFUSES = "held: the salon's provider refuses its texts"
    OVER_DAILY_CAP = "over the daily cap"
    MARKETING = "held by the marketing rules"


@dataclass(frozen=True, slots=True)
class TextNotClaimed:
    """``claim_for_sending``'s answer when there is nothing to send."""

    reason: TextSkip

    def __str__(self) -> str:
        return self.reason.value


def claim_for_sending(
    session: Session, *, message_id: int, now: datetime
) -> SendOrder | TextNotClaimed:
    """Take a queued, due row (queued → sending); otherwise say why there is nothing to send."""
    return claim_batch(session, message_ids=[message_id], now=now)[message_id]


def claim_batch(
    session: Session, *, message_ids: Sequence[int], now: datetime
) -> dict[int, SendOrder | TextNotClaimed]:
    """Take every queued, due row of ``message_ids`` (queued → sending) in this transaction;
    for each id, its order or why there is nothing to send.

    The rows are read with their customers and appointments in one query and locked in id
    order, then their salons (two workers never wait on each other crosswise); the daily caps
    are counted on one row per salon and day (``services.daily_cap``).
    """
    ids = sorted(set(message_ids))
    messages = session.scalars(
        select(Message)
        .where(Message.id.in_(ids))
        .order_by(Message.id)
        .options(joinedload(Message.customer), joinedload(Message.appointment))
        .with_for_update(of=Message)
    ).all()
    outcomes: dict[int, SendOrder | TextNotClaimed] = {
        i: TextNotClaimed(TextSkip.NOT_QUEUED) for i in ids
    }
    waiting = [m for m in messages if m.status == MessageStatus.QUEUED]
    if not waiting:
        return outcomes
    salons = {
        salon.id: salon
        for salon in session.scalars(
            select(Salon)
            .where(Salon.id.in_({m.salon_id for m in waiting}))
            .order_by(Salon.id)
            .with_for_update()
        )
    }
    caps = DailyCaps(session, now, salons.values())
    for message in waiting:
        outcomes[message.id] = _claim(session, message, salons[message.salon_id], caps, now)
    claimed = [i for i, outcome in outcomes.items() if isinstance(outcome, SendOrder)]
    if claimed:
        # One UPDATE for the batch's claimed rows (queued → sending), not the ORM's flush of an
        # UPDATE a row: the flush's bookkeeping over the loaded rows cost as much a text as
        # the rest of the claim. ``_claim`` set the same values on the objects as loaded.
        session.connection().execute(
            update(Message)
            .where(Message.id.in_(claimed))
            .values(status=MessageStatus.SENDING, claimed_at=now, provider_call_at=None)
        )
    return outcomes


def _claim(
    session: Session, message: Message, salon: Salon, caps: DailyCaps, now: datetime
) -> SendOrder | TextNotClaimed:
    if message.send_after > now:
        return TextNotClaimed(TextSkip.NOT_DUE)  # quiet hours: the relay enqueues it when they end
    customer = message.customer
    if customer is None or customer.erased_at is not None:
        message.status, message.error_message = MessageStatus.FAILED, "no recipient"
        return TextNotClaimed(TextSkip.NO_RECIPIENT)
    if customer.opted_out and message.template not in SENT_DESPITE_OPT_OUT:
        message.status, message.error_message = MessageStatus.CANCELLED, "the customer opted out"
        return TextNotClaimed(TextSkip.OPTED_OUT)
    if message.campaign_id is not None and marketing_hold(session, message, customer, salon, now):
        return TextNotClaimed(TextSkip.MARKETING)
    appointment = message.appointment
    if message.template in _ABOUT_UPCOMING and appointment is not None:
        if appointment.status not in OPEN_STATUSES or appointment.starts_at <= now:
            message.status = MessageStatus.CANCELLED
            message.error_message = f"the appointment is {appointment.status.value} or has begun"
            return TextNotClaimed(TextSkip.NO_LONGER_UPCOMING)
    if held_for_provider(session, message, now, salon=salon):
        return TextNotClaimed(TextSkip.PROVIDER_REFUSES)
    if not caps.admit(message, salon):
        return TextNotClaimed(TextSkip.OVER_DAILY_CAP)
    # Written by ``claim_batch``'s one UPDATE; the object says the same, with nothing to flush.
    set_committed_value(message, "status", MessageStatus.SENDING)
    set_committed_value(message, "claimed_at", now)
    set_committed_value(message, "provider_call_at", None)
    return SendOrder(
        message.id,
        customer.phone,
        salon.sender_number or "",
        message.body,
        now,
        route_for(session, message),
        template=message.template.value if message.template is not None else None,
    )


def start_provider_call(session: Session, *, order: SendOrder, now: datetime) -> bool:
    """Record that the provider is about to be called for ``order``; False if the claim is no
    longer ours (the sweep took the row back after the claim expired): then send nothing."""
    return bool(start_provider_calls(session, orders=[order], now=now))


def start_provider_calls(
    session: Session, *, orders: Sequence[SendOrder], now: datetime
) -> set[int]:
    """Record that the provider is about to be called for each of ``orders``; the ids whose
    claim is still ours (the sweep takes back a claim that expired): send only those."""
    started: set[int] = set()
    # Core, not the ORM's bulk UPDATE: no object of the session is touched, and the ORM's
    # bookkeeping around the statement (synchronising the identity map) is not needed.
    connection = session.connection()
    for claimed_at in {order.claimed_at for order in orders}:
        ids = [o.message_id for o in orders if o.claimed_at == claimed_at]
        result = connection.execute(
            _START_CALLS, {"b_ids": ids, "b_claimed_at": claimed_at, "b_now": now}
        )
        started.update(result.scalars())
    return started


#: ``start_provider_calls``'s statement, built once (not again for every wave).
_START_CALLS = (
    update(Message)
    .where(
        Message.id.in_(bindparam("b_ids", expanding=True)),
        Message.status == MessageStatus.SENDING,
        Message.claimed_at == bindparam("b_claimed_at"),
        Message.provider_call_at.is_(None),
    )
    .values(provider_call_at=bindparam("b_now"))
    .returning(Message.id)
)


def record_sent(
    session: Session, *, message_id: int, provider: str, sid: str, now: datetime
) -> None:
    message = session.get_one(Message, message_id)
    message.provider, message.provider_sid = provider, sid
    if _RANK.get(message.status, 0) < _RANK[MessageStatus.SENT]:
        message.status = MessageStatus.SENT
    message.sent_at = now
    message.error_code = message.error_message = None


_SENT_VALUES: dict[str, Any] = {
    "status": case(
        (or_(*(Message.status == s for s in _SENT_OR_LATER)), Message.status),
        else_=MessageStatus.SENT.value,
    ),
    "sent_at": bindparam("b_now"),
    "error_code": None,
    "error_message": None,
}
#: ``record_sent`` for a wave on PostgreSQL: one UPDATE from the wave's arrays (``unnest``: one
#: statement whatever the wave's size, compiled once), returning each text's salon and whether
#: its provider was refusing it. No ORM object is loaded or flushed for the texts.
_WAVE = (
    func.unnest(
        bindparam("b_ids", type_=ARRAY(Integer)),
        bindparam("b_providers", type_=ARRAY(String)),
        bindparam("b_sids", type_=ARRAY(String)),
        bindparam("b_fees", type_=ARRAY(Integer)),
    )
    .table_valued("id", "provider", "sid", "fee")
    .render_derived(name="accepted")
)
_RECORD_WAVE = (
    update(Message)
    .where(Message.id == _WAVE.c.id, Salon.id == Message.salon_id)
    .values(
        provider=_WAVE.c.provider,
        provider_sid=_WAVE.c.sid,
        fee=func.coalesce(_WAVE.c.fee, Message.fee),
        **_SENT_VALUES,
    )
    .returning(Salon.id, Salon.provider_blocked_at.is_not(None))
)
#: The same elsewhere (SQLite): one executemany (``or_``, not ``in_``: an executemany takes no
#: expanding parameter), then the wave's salons are read.
_RECORD_SENT = (
    update(Message)
    .where(Message.id == bindparam("b_id"))
    .values(
        provider=bindparam("b_provider"),
        provider_sid=bindparam("b_sid"),
        fee=func.coalesce(bindparam("b_fee", type_=Integer), Message.fee),
        **_SENT_VALUES,
    )
)


def record_sent_many(
    session: Session, accepted: Sequence[tuple[int, SendResult]], *, now: datetime
) -> set[int]:
    """``record_sent`` for each of ``accepted`` (a text's id, what its provider said) in one
    statement, keeping the parts billed
    where the provider said (``fee``; left as it was where it did not). Returns the salons of
    these texts whose provider was refusing them when read (not locked: ``record_accepted``
    locks and reads them again)."""
    if not accepted:
        return set()
    # What this transaction already changed (a refusal in the same wave holding the salon)
    # is written first, as the ORM's autoflush did when these rows were loaded.
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            _RECORD_WAVE,
            {
                "b_ids": [message_id for message_id, _ in accepted],
                "b_providers": [sent.provider for _, sent in accepted],
                "b_sids": [sent.sid for _, sent in accepted],
                "b_fees": [sent.fee for _, sent in accepted],
                "b_now": now,
            },
        )
        return {salon_id for salon_id, held in rows if held}
    connection.execute(
        _RECORD_SENT,
        [
            {
                "b_id": message_id,
                "b_provider": sent.provider,
                "b_sid": sent.sid,
                "b_fee": sent.fee,
                "b_now": now,
            }
            for message_id, sent in accepted
        ],
    )
    ids = [message_id for message_id, _ in accepted]
    return set(
        connection.scalars(
            select(Salon.id).where(
                Salon.id.in_(select(Message.salon_id).where(Message.id.in_(ids))),
                Salon.provider_blocked_at.is_not(None),
            )
        )
    )


def record_send_failure(
    session: Session,
    *,
    message_id: int,
    provider: str,
    code: str | None,
    error: str,
    retryable: bool,
    now: datetime,
) -> None:
    """Record that the provider did not take a text: queued again for the job's retry when
    trying again can help (nothing went), else failed (the CRM is told)."""
    message = session.get_one(Message, message_id)
    message.provider, message.error_code, message.error_message = provider, code, error
    if retryable:
        message.status, message.enqueued_at = MessageStatus.QUEUED, now
        message.provider_call_at = None
    else:
        message.status = MessageStatus.FAILED
        report_failed(session, message, now)


def report_failed(session: Session, message: Message, now: datetime) -> None:
    """Tell the salon's CRM that ``message`` failed (``message.failed``)."""
    emit(
        session,
        message.salon,
        EventType.MESSAGE_FAILED,
        now=now,
        appointment=message.appointment,
        customer=message.customer,
        message=message,
    )


def record_delivery_receipt(
    session: Session,
    *,
    provider: str,
    provider_sid: str,
    status: MessageStatus | None,
    error_code: str | None,
    message_id: int | None,
    now: datetime,
    opted_out: bool = False,
) -> bool:
    """Apply an SMS delivery receipt (a status callback or a push), its status already in our
    words (None: one we do not track). Receipts come late, twice and out of order: a status
    never moves a message back (delivered stays delivered). ``opted_out``: the provider says
    the customer opted out of the salon's texts. Returns False for an unknown message.
    """
    message = session.scalar(
        select(Message)
        .where(Message.provider == provider, Message.provider_sid == provider_sid)
        .with_for_update()
    )
    if message is None and message_id is not None:
        # The send timed out before we learnt the sid: the callback settles the uncertainty.
        message = session.scalar(
            select(Message)
            .where(Message.id == message_id, Message.provider_sid.is_(None))
            .with_for_update()
        )
        if message is not None:
            message.provider, message.provider_sid = provider, provider_sid
    if message is None:
        return False
    new = status
    if error_code and error_code != "0":
        message.error_code = error_code
    if new is not None and _RANK[new] > _RANK.get(message.status, 0):
        message.status = new
        if new == MessageStatus.SENT and message.sent_at is None:
            message.sent_at = now
        if new in (MessageStatus.FAILED, MessageStatus.UNDELIVERED):
            report_failed(session, message, now)
        if new == MessageStatus.DELIVERED:
            text_delivered(session, message, now=now)
    if opted_out and message.customer is not None:
        opt_out(session, message.customer, now=now, answer=False)
    return True
