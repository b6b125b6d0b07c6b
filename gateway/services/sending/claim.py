"""Claiming a send job's batch: the queued, due texts taken (queued → sending) in one transaction.

A row is claimed before any byte leaves, so a second run of the same job finds it taken and
sends nothing. The claim checks, in id order, every rule a text must pass when it is about to go:
due (quiet hours), a recipient who may be sent it, the marketing rules for a campaign's text, its
appointment still upcoming, its salon not held by its provider, the salon's daily cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from gateway.domain.lifecycle import OPEN_STATUSES
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Message, MessageStatus, Salon
from gateway.services.sending.daily_cap import DailyCaps
from gateway.services.sending.marketing import marketing_hold
from gateway.services.sending.outbox import SENT_DESPITE_OPT_OUT
from gateway.services.sending.provider_state import Route, held_for_provider, route_for

#: Templates about an appointment that are pointless once it is closed or has begun.
_ABOUT_UPCOMING = frozenset(
    {TemplateName.CONFIRMATION_REQUEST, TemplateName.REMINDER, TemplateName.REMINDER_UNCONFIRMED}
)


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
    are counted on one row per salon and day (``services.daily_cap``). A text that goes as it
    is (the usual one) is claimed from that plain row; one a rule may change (a campaign's, one
    whose customer or appointment stops it, a held salon's, one at its cap's edge) is read as an
    ORM object and goes through every rule (``_claim``), in the same id order.
    """
    ids = sorted(set(message_ids))
    connection = session.connection()
    rows = connection.execute(_CLAIM_ROWS, {"b_ids": ids}).all()
    outcomes: dict[int, SendOrder | TextNotClaimed] = {
        i: TextNotClaimed(TextSkip.NOT_QUEUED) for i in ids
    }
    waiting = [row for row in rows if row.status == MessageStatus.QUEUED]
    if not waiting:
        return outcomes
    salons = {
        salon.id: salon
        for salon in session.scalars(
            select(Salon)
            .where(Salon.id.in_({row.salon_id for row in waiting}))
            .order_by(Salon.id)
            .with_for_update()
        )
    }
    caps = DailyCaps(session, now, salons.values())
    by_rules = _by_rules(session, [row.id for row in waiting if not _goes_as_is(row, now)])
    for row in waiting:
        salon = salons[row.salon_id]
        message = by_rules.get(row.id)
        if message is not None:
            outcomes[row.id] = _claim(session, message, salon, caps, now)
        elif row.send_after > now:
            outcomes[row.id] = TextNotClaimed(TextSkip.NOT_DUE)
        elif salon.provider_blocked_at is None and caps.admit_plain(
            salon,
            claimed_at=row.claimed_at,
            template=row.template,
            appointment_id=row.appointment_id,
        ):
            outcomes[row.id] = _order(session, row, row.phone, salon, now)
        else:  # its salon is held, or its cap is reached: the rules decide
            message = _by_rules(session, [row.id])[row.id]
            outcomes[row.id] = _claim(session, message, salon, caps, now)
    claimed = [i for i, outcome in outcomes.items() if isinstance(outcome, SendOrder)]
    if claimed:
        # One UPDATE for the batch's claimed rows (queued → sending), not the ORM's flush of an
        # UPDATE a row: the flush's bookkeeping over the loaded rows cost as much a text as
        # the rest of the claim. A claimed row the session holds as an object says the same.
        connection.execute(_CLAIM, {"b_ids": claimed, "b_now": now})
        for message_id in claimed:
            key = session.identity_key(Message, message_id)
            if (message := session.identity_map.get(key)) is not None:
                _claimed(message, now)
    return outcomes


#: The batch's rows as ``claim_batch`` reads them: what the checks and the order need, locked.
_CLAIM_ROWS = (
    select(
        Message.id,
        Message.status,
        Message.salon_id,
        Message.send_after,
        Message.claimed_at,
        Message.campaign_id,
        Message.template,
        Message.template_params,
        Message.locale,
        Message.body,
        Message.appointment_id,
        Customer.id.label("customer_id"),
        Customer.phone,
        Customer.erased_at,
        Customer.opted_out_at,
        Appointment.status.label("appointment_status"),
        Appointment.starts_at,
    )
    .outerjoin(Customer, Customer.id == Message.customer_id)
    .outerjoin(Appointment, Appointment.id == Message.appointment_id)
    .where(Message.id.in_(bindparam("b_ids", expanding=True)))
    .order_by(Message.id)
    .with_for_update(of=Message)
)
#: The claimed rows' one UPDATE (the values ``_claimed`` gives an object).
_CLAIM = (
    update(Message)
    .where(Message.id.in_(bindparam("b_ids", expanding=True)))
    .values(status=MessageStatus.SENDING, claimed_at=bindparam("b_now"), provider_call_at=None)
)


def _goes_as_is(row: Row[Any], now: datetime) -> bool:
    """Whether no rule but the salon's hold and the daily cap could stop ``row`` or change it:
    due or not yet, to a customer who may be sent it, no campaign's, its appointment (if the
    text is about one) still upcoming. The rest go through ``_claim``, as ORM objects."""
    if row.send_after > now:
        return True  # not due: nothing is read or written (``_claim``'s first check)
    if row.customer_id is None or row.erased_at is not None or row.campaign_id is not None:
        return False
    if row.opted_out_at is not None and row.template not in SENT_DESPITE_OPT_OUT:
        return False
    if row.template in _ABOUT_UPCOMING and row.appointment_id is not None:
        return bool(row.appointment_status in OPEN_STATUSES and row.starts_at > now)
    return True


def _by_rules(session: Session, ids: list[int]) -> dict[int, Message]:
    """The rows of ``ids`` as ORM objects with their customers and appointments (already
    locked by the claim's read), for the rules that read and change them."""
    if not ids:
        return {}
    messages = session.scalars(
        select(Message)
        .where(Message.id.in_(ids))
        .options(joinedload(Message.customer), joinedload(Message.appointment))
        .with_for_update(of=Message)
    )
    return {message.id: message for message in messages}


def _order(
    session: Session, text: Row[Any] | Message, phone: str, salon: Salon, now: datetime
) -> SendOrder:
    """The order of a text claimed: a row claimed as it is, or an object every rule passed."""
    return SendOrder(
        text.id,
        phone,
        salon.sender_number or "",
        text.body,
        now,
        route_for(
            session,
            salon,
            template=text.template,
            template_params=text.template_params,
            locale=text.locale,
            phone=phone,
        ),
        template=text.template.value if text.template is not None else None,
    )


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
    _claimed(message, now)
    return _order(session, message, customer.phone, salon, now)


def _claimed(message: Message, now: datetime) -> None:
    """Give an object the values ``claim_batch``'s one UPDATE wrote, as loaded (nothing to
    flush)."""
    set_committed_value(message, "status", MessageStatus.SENDING)
    set_committed_value(message, "claimed_at", now)
    set_committed_value(message, "provider_call_at", None)
