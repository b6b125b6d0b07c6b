"""Handing a queued text to the provider, and what the provider tells us about it afterwards.

The send job (``batch.send_batch``) claims its batch (``claim.claim_batch``, its own
transaction), marks each wave of provider calls as started (``start_provider_calls``), calls the
provider, then records the wave (``record_sent_many``, or ``record_send_failure`` for a refusal)
in the transaction that starts the next (on PostgreSQL the record and the start one statement,
``record_sent_and_start``): a row is claimed before any byte leaves, so a second
run of the same job finds it taken and sends nothing; and the moment the provider call starts is
on the row before the call, so a worker that died in between leaves a row that is known not to
have gone (the sweep queues it again) rather than one that may have.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    any_,
    bindparam,
    case,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.models import Message, MessageStatus, Salon
from gateway.providers.base import SendResult
from gateway.services.appointments.changes import opt_out
from gateway.services.crm.events import emit
from gateway.services.desk.inbox import text_delivered
from gateway.services.sending.claim import SendOrder

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


def record_sent_and_start(
    session: Session,
    accepted: Sequence[tuple[int, SendResult]],
    orders: Sequence[SendOrder],
    *,
    now: datetime,
) -> tuple[set[int], set[int]]:
    """``record_sent_many`` for ``accepted`` (the wave the provider answered) and then
    ``start_provider_calls`` for ``orders`` (the next wave), in this transaction; the salons
    ``record_sent_many`` returns and the ids of ``orders`` started.

    On PostgreSQL, when the next wave has one claim (a batch's waves always do), both are one
    statement (``_RECORD_AND_START``: two UPDATEs in a WITH, on rows that are never the same):
    a round trip and a statement a wave fewer. Elsewhere, the two in turn."""
    claims = {order.claimed_at for order in orders}
    connection = session.connection()
    if not accepted or len(claims) != 1 or connection.dialect.name != "postgresql":
        held = record_sent_many(session, accepted, now=now)
        return held, start_provider_calls(session, orders=orders, now=now)
    session.flush()  # as ``record_sent_many``: a refusal of the same wave is written first
    rows = connection.execute(
        _RECORD_AND_START,
        {
            **_wave_arrays(accepted),
            "b_now": now,
            "b_start": [order.message_id for order in orders],
            "b_claimed_at": claims.pop(),
        },
    )
    salons: set[int] = set()
    started: set[int] = set()
    for is_start, row_id in rows:
        (started if is_start else salons).add(row_id)
    return salons, started


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
    .returning(Salon.id, Salon.provider_blocked_at.is_not(None).label("held"))
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


#: ``_START_CALLS`` for the next wave inside ``_RECORD_AND_START`` (its ids as an array).
_STARTED = (
    update(Message)
    .where(
        Message.id == any_(bindparam("b_start", type_=ARRAY(Integer))),
        Message.status == MessageStatus.SENDING,
        Message.claimed_at == bindparam("b_claimed_at"),
        Message.provider_call_at.is_(None),
    )
    .values(provider_call_at=bindparam("b_now"))
    .returning(Message.id)
    .cte("started")
)
_RECORDED = _RECORD_WAVE.cte("recorded")
#: A wave's record and the next wave's start on PostgreSQL, one statement: its rows are
#: (True, a message id started) and (False, a salon of the recorded texts that was held). Both
#: UPDATEs run whatever the SELECT reads of them (PostgreSQL runs a WITH's data-modifying
#: statements once, to the end); they never touch the same row (the wave recorded was started
#: before, the next one only claimed), so neither sees nor waits on the other.
_RECORD_AND_START = select(true(), _STARTED.c.id).union_all(
    select(false(), _RECORDED.c.id).where(_RECORDED.c.held)
)


def _wave_arrays(accepted: Sequence[tuple[int, SendResult]]) -> dict[str, list[Any]]:
    """``_WAVE``'s arrays: each text's id, its provider, the provider's id for it, its fee."""
    return {
        "b_ids": [message_id for message_id, _ in accepted],
        "b_providers": [sent.provider for _, sent in accepted],
        "b_sids": [sent.sid for _, sent in accepted],
        "b_fees": [sent.fee for _, sent in accepted],
    }


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
            {**_wave_arrays(accepted), "b_now": now},
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
