"""The inbox: write an item when something needs a person, and mark it handled.

Replies are noted (``note``) in the transaction that acted on them, as their ``Decision``
says; texts that failed or stayed uncertain are collected by the sweep (their results arrive
on several paths: the send job, status callbacks, the relay). Handling an item records who
dealt with it and nothing else: it never changes an appointment. Items settle by themselves
(handled by ``system``): an uncertain text once it is found delivered, a change request once its
appointment is rescheduled, an unclear reply once the customer's next one is understood (the
reply's ``Decision.settles`` names them).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.domain.inbox import HANDLED_BY_SYSTEM, TEXT_PROBLEMS, InboxReason
from gateway.models import InboxItem, Message, MessageDirection
from gateway.models.messages import TEXT_PROBLEM_TO_COLLECT

#: Texts whose problem is older than this are not collected any more (the sweep's window).
COLLECT_WINDOW = timedelta(days=2)
COLLECT_BATCH = 500


def note(session: Session, message: Message, reason: InboxReason, *, now: datetime) -> None:
    """Put a reply the machine could not fully deal with in the salon's inbox, saying why
    (the reply's ``Decision`` says whether it needs a person)."""
    _add(session, message, reason, now)


def note_offer_expired(session: Session, message_id: int, *, now: datetime) -> None:
    """The offer made for the change asked in ``message_id`` expired unanswered: staff agree a
    new time, as for a change no offer was made for."""
    message = session.get_one(Message, message_id)
    if session.scalar(select(exists().where(InboxItem.message_id == message_id))):
        return
    try:
        with session.begin_nested():
            _add(session, message, InboxReason.CHANGE_REQUESTED, now)
    except IntegrityError:
        pass  # noted by a concurrent pass


def note_unusable_sender(session: Session, *, message_id: int, now: datetime) -> None:
    """A text from a number we cannot read (nobody to answer): a person may recognise it."""
    message = session.get_one(Message, message_id)
    _add(session, message, InboxReason.UNKNOWN_NUMBER, now)


def _add(session: Session, message: Message, reason: InboxReason, now: datetime) -> InboxItem:
    item = InboxItem(
        salon_id=message.salon_id,
        reason=reason.value,
        customer_id=message.customer_id,
        message_id=message.id,
        appointment_id=message.appointment_id,
        created_at=now,
    )
    session.add(item)
    return item


def collect_text_problems(session: Session, *, now: datetime) -> int:
    """Add texts that failed, were not delivered or stayed uncertain; returns how many.

    Each text is collected once (``Message.inbox_collected_at``): the search reads only the
    partial index of problems not yet collected, so its cost follows new failures and not the
    table (it read every failure of the last two days each sweep: 643 ms at 1,000,000
    appointments, bench/sweep.py). Set-wise: one read, one INSERT, one UPDATE.
    """
    candidates = session.execute(
        select(
            Message.id,
            Message.salon_id,
            Message.customer_id,
            Message.appointment_id,
            Message.status,
        )
        .where(
            Message.direction == MessageDirection.OUTBOUND,
            # As the index's own predicate, values written out, so the planner uses it.
            text(TEXT_PROBLEM_TO_COLLECT),
            Message.send_after >= now - COLLECT_WINDOW,
        )
        # Oldest first, in the index's own order.
        .order_by(Message.send_after, Message.id)
        .limit(COLLECT_BATCH)
        # Two sweeps at once take different texts; the unique message_id stays the last word.
        .with_for_update(skip_locked=True)
    ).all()
    if not candidates:
        return 0
    rows = [
        {
            "salon_id": salon_id,
            "reason": TEXT_PROBLEMS[status],
            "customer_id": customer_id,
            "message_id": message_id,
            "appointment_id": appointment_id,
            "created_at": now,
        }
        for message_id, salon_id, customer_id, appointment_id, status in candidates
    ]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    added = session.scalars(
        insert(InboxItem)
        .values(rows)
        .on_conflict_do_nothing(index_elements=[InboxItem.message_id])
        .returning(InboxItem.id)
    ).all()
    session.execute(
        update(Message)
        .where(Message.id.in_([row["message_id"] for row in rows]))
        .values(inbox_collected_at=now),
        # Nothing in the session reads the column: no need to test the objects it holds.
        execution_options={"synchronize_session": False},
    )
    return len(added)


def text_delivered(session: Session, message: Message, *, now: datetime) -> None:
    """A text that may not have gone was delivered after all: nobody needs to look any more."""
    _settle(session, InboxItem.message_id == message.id, InboxReason.TEXT_UNCERTAIN, now)


def rescheduled(session: Session, appointment_id: int, *, now: datetime) -> None:
    """The appointment got a new time: the change its customer asked for has been dealt with."""
    _settle(session, InboxItem.appointment_id == appointment_id, InboxReason.CHANGE_REQUESTED, now)


def settle(session: Session, item_ids: tuple[int, ...], *, now: datetime) -> None:
    """The customer sorted these items out by a later reply: nobody needs to look any more."""
    session.execute(
        update(InboxItem)
        .where(InboxItem.id.in_(item_ids), InboxItem.handled_at.is_(None))
        .values(handled_at=now, handled_by=HANDLED_BY_SYSTEM)
    )


def _settle(
    session: Session, which: ColumnElement[bool], reason: InboxReason, now: datetime
) -> None:
    session.execute(
        update(InboxItem)
        .where(which, InboxItem.reason == reason.value, InboxItem.handled_at.is_(None))
        .values(handled_at=now, handled_by=HANDLED_BY_SYSTEM)
    )


def handle(session: Session, item: InboxItem, *, by: str, now: datetime) -> InboxItem:
    """Mark ``item`` handled by ``by`` (a staff email, or "api"); a repeat keeps the first."""
    if item.handled_at is None:
        item.handled_at, item.handled_by = now, by[:254]
    return item
