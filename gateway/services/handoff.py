"""Work for the job queue, handed off by the transaction that justifies it.

Where a row that needs a worker is written or queued again — a text to send, a customer's reply
to act on, an event for the salon's CRM — the service calls ``hand_off(session, Work.SEND, id)``.
Nothing reaches the queue then: the app installs one after-commit hook (``route_after_commit``)
that takes what the transaction handed off and gives each kind to its queue. A transaction (or a
savepoint) that rolls back hands off nothing of what it registered; a hand-off that Redis refuses
is logged by the queue, and the sweep's relay finds the rows again. A write of one statement on
a driver cursor (``Database.one_statement``: the webhook storing a reply) hands off the
same way, through the same hook.

Services never enqueue, and neither do their callers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from gateway.db import Committed, Statement


class Work(StrEnum):
    """What a worker does with a handed-off row id."""

    #: Send an outbound text (``jobs.send_message``).
    SEND = "send"
    #: Act on a customer's stored reply (``jobs.handle_reply``).
    REPLY = "reply"
    #: POST an event to the salon's CRM (``jobs.deliver_webhooks``, a few events a job).
    CRM_EVENT = "crm_event"
    #: Read a kept Alibaba/Tencent Cloud push into replies and receipts (``jobs.handle_push``).
    PUSH = "push"
    #: Send a campaign's text, on the marketing queue, taken after every other.
    MARKETING_SEND = "marketing_send"


#: session.info key: (work, row id, the transaction or savepoint that registered it), in order.
_PENDING = "handed_off"


class Row(Protocol):
    """A row handed off before its INSERT was flushed: its id is read after commit."""

    @property
    def id(self) -> int: ...


_Entry = tuple[Work, "int | Row", SessionTransaction | None]


class WorkQueue(Protocol):
    """Where each kind of work goes (``queueing.SmsQueue``)."""

    def enqueue_sends(self, message_ids: list[int]) -> None: ...
    def enqueue_replies(self, message_ids: list[int]) -> None: ...
    def enqueue_deliveries(self, delivery_ids: list[int]) -> None: ...
    def enqueue_pushes(self, push_ids: list[int]) -> None: ...
    def enqueue_marketing_sends(self, message_ids: list[int]) -> None: ...
    def together(self) -> AbstractContextManager[WorkQueue]: ...


def hand_off(session: Session | Statement, work: Work, row: int | Row) -> None:
    """Queue ``work`` on ``row`` (its id, or the row itself) once this session's transaction
    (or this statement) commits.

    A row just added may be given before it has an id: it gets one when the transaction
    flushes, at the latest at commit, so adding texts and events need not flush one by one
    (the ORM then writes a batch's rows of one table in one statement).
    """
    transaction = (
        session.get_nested_transaction() or session.get_transaction()
        if isinstance(session, Session)
        else None
    )
    session.info.setdefault(_PENDING, []).append((work, row, transaction))


def hand_off_all(session: Session, work: Work, row_ids: Iterable[int]) -> None:
    """``hand_off`` for many rows at once (a batch's texts): the transaction is looked up once,
    not once per row."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).extend((work, i, transaction) for i in row_ids)


def _id(row: int | Row) -> int:
    return row if isinstance(row, int) else row.id


def handed_off(session: Session, work: Work) -> list[int]:
    """The row ids this transaction has handed off so far for ``work``, each once, in order."""
    entries: list[_Entry] = session.info.get(_PENDING, [])
    if any(not isinstance(row, int) for _, row, _ in entries):
        session.flush()  # the rows handed off before they had ids get them
    return list(dict.fromkeys(_id(row) for kind, row, _ in entries if kind is work))


#: The order the after-commit hook gives work to the queue: a customer waits on pushes and
#: replies, then texts go, then CRM events, then campaigns' texts.
_ROUTE_ORDER = (Work.PUSH, Work.REPLY, Work.SEND, Work.CRM_EVENT, Work.MARKETING_SEND)


def route_after_commit(queue: WorkQueue) -> Callable[[Committed], None]:
    """The after-commit hook: give everything the committed transaction handed off to
    ``queue``, pushes and replies first (a customer waits on them), then texts, then CRM
    events, then campaigns' texts. Only the kinds handed off reach the queue: the webhook's
    one reply costs one call, not five. Of two or more kinds of jobs (a reply batch's answers
    and CRM events), the jobs go in one round trip (``together``)."""

    def route(session: Committed) -> None:
        entries: list[_Entry] = session.info.pop(_PENDING, [])
        if not entries:
            return
        ids: dict[Work, dict[int, None]] = {}
        for work, row, _ in entries:
            ids.setdefault(work, {})[_id(row)] = None  # each id once, in order
        if len(ids) == 1:
            [(work, these)] = ids.items()
            _enqueue(queue, work)(list(these))
            return
        with queue.together() as together:
            for work in _ROUTE_ORDER:
                if work in ids:
                    _enqueue(together, work)(list(ids[work]))

    return route


def _enqueue(queue: WorkQueue, work: Work) -> Callable[[list[int]], None]:
    """The queue's method for ``work``."""
    if work is Work.REPLY:
        return queue.enqueue_replies
    if work is Work.SEND:
        return queue.enqueue_sends
    if work is Work.CRM_EVENT:
        return queue.enqueue_deliveries
    if work is Work.PUSH:
        return queue.enqueue_pushes
    return queue.enqueue_marketing_sends


def forget_on_rollback(sessions: sessionmaker[Any]) -> None:
    """Drop what a transaction or savepoint handed off when it rolls back: its rows are gone."""

    @event.listens_for(sessions, "after_soft_rollback")
    def _forget(session: Session, previous_transaction: SessionTransaction) -> None:
        entries: list[_Entry] | None = session.info.get(_PENDING)
        if not entries:
            return
        if previous_transaction.parent is None:
            session.info.pop(_PENDING, None)
            return
        session.info[_PENDING] = [
            entry for entry in entries if not _within(entry[2], previous_transaction)
        ]


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False
