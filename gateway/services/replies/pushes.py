"""Providers' pushes (Alibaba Cloud's, Tencent Cloud's), kept as they came and acted on by the
workers.

The webhook only checks a push's shape and keeps it (``keep_push``: one row, the raw body and
when it came), so the provider has its answer in milliseconds and nothing it sent can be lost
to a fault of ours. A worker then reads it record by record (``process_push``): each reply is
stored for its salon (or kept unrouted with the reason), each receipt applied, and a record that
cannot be read or stored is kept aside with its reason (``PushProblem``) — it never takes the
others down, on SQLite or PostgreSQL. A push no worker took (Redis lost the job) is handed off
again by the sweep. Raw pushes and their kept records expire with the retention period and are
scrubbed of a customer who is erased.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from gateway.models import ProviderPush, PushProblem, UnroutedReply
from gateway.providers import kind_of
from gateway.providers.base import DeliveryReport, InboundSms, MalformedPush, Parsed, PushUrl
from gateway.providers.china import RECORD_COPY_MAX, phone_from_push, record_copy
from gateway.services.handoff import Work, hand_off
from gateway.services.replies.push_records import PushResult, receive_pushed_reply, record_receipt

log = logging.getLogger(__name__)


#: A push no worker has taken this long after it came is handed off again (Redis lost its job).
PUSH_RELAY_AFTER: Final = timedelta(minutes=3)
_RELAY_BATCH: Final = 500
#: What a record's copy says about a customer who was erased.
_PHONE_FIELDS: Final = ("phone_number", "mobile")
_TEXT_FIELDS: Final = ("content", "text")


def shape_problem(url: PushUrl, payload: object) -> str | None:
    """Why ``payload`` is not what this URL receives at all (then it is refused, not kept)."""
    if isinstance(payload, list) or (isinstance(payload, dict) and not url.array_only):
        return None
    return "not JSON" if payload is None else "not the JSON shape the provider documents"


def keep_push(session: Session, *, provider: str, kind: str, body: str, now: datetime) -> int:
    """Keep a push as it came and hand it to the workers; its id."""
    push = ProviderPush(provider=provider, kind=kind, body=body, received_at=now, records_done=0)
    session.add(push)
    session.flush()
    hand_off(session, Work.PUSH, push.id)
    return push.id


@dataclass(frozen=True, slots=True)
class PushStep:
    """What one transaction of ``process_push`` did, and whether the push is done."""

    result: PushResult
    finished: bool


def process_push(
    session: Session,
    *,
    push_id: int,
    now: datetime,
    limit: int,
    so_far: PushResult | None = None,
) -> PushStep | None:
    """Act on the next ``limit`` records of one kept push, each on its own (the unreadable
    ones are kept aside in the first step); None when it was done before. ``so_far`` counts
    the earlier steps: the last one writes the push's outcome."""
    push = session.scalar(select(ProviderPush).where(ProviderPush.id == push_id).with_for_update())
    if push is None or push.processed_at is not None:
        return None
    pushes = kind_of(push.provider).pushes
    assert pushes is not None, "only a provider that pushes has its pushes kept"
    kind = pushes.urls[push.kind]
    result = so_far or PushResult()
    payload: object = None
    try:
        payload = json.loads(push.body)
        parsed = kind.parse(payload)
    except (ValueError, MalformedPush) as exc:  # only a push kept before a rule changed
        if not push.records_done:
            whole = push.body[:RECORD_COPY_MAX]
            _keep_aside(session, push, -1, f"the push as a whole: {exc}", whole, result)
        parsed = Parsed(())
    records: list[object] = payload if isinstance(payload, list) else [payload]
    if not push.records_done:
        for problem in parsed.problems:
            _keep_aside(session, push, problem.position, problem.reason, problem.record, result)
    positioned = list(zip(parsed.positions, parsed.items, strict=True))
    if kind.replies:
        # Oldest first, as the customer wrote them: the last word counts.
        positioned.sort(key=lambda item: item[1].received_at or push.received_at)
    step = positioned[push.records_done : push.records_done + limit]
    for position, item in step:
        try:
            with session.begin_nested():
                _act(session, push, item, result)
        except Exception as exc:  # this record alone; the others go on
            log.warning(
                "%s %s push %d: record %d could not be stored (%s)",
                push.provider,
                push.kind,
                push.id,
                position,
                type(exc).__name__,
            )
            reason = f"could not be stored: {type(exc).__name__}"
            _keep_aside(session, push, position, reason, record_copy(records[position]), result)
            continue
        if item.note:
            _keep_aside(
                session, push, position, item.note, record_copy(records[position]), result, True
            )
    push.records_done += len(step)
    finished = push.records_done >= len(positioned)
    if finished:
        push.processed_at = now
        push.outcome = result.summary()
    return PushStep(result, finished)


def _act(session: Session, push: ProviderPush, item: object, result: PushResult) -> None:
    # A reply's time in our rows is when its push came: the customer's own is the record's.
    if isinstance(item, InboundSms):
        receive_pushed_reply(
            session, provider=push.provider, reply=item, now=push.received_at, result=result
        )
    elif isinstance(item, DeliveryReport):
        record_receipt(
            session, provider=push.provider, report=item, now=push.received_at, result=result
        )


def _keep_aside(
    session: Session,
    push: ProviderPush,
    position: int,
    reason: str,
    record: str,
    result: PushResult,
    acted_on: bool = False,
) -> None:
    session.add(
        PushProblem(
            push_id=push.id,
            position=position,
            reason=reason[:200],
            record=record,
            acted_on=acted_on,
            created_at=push.received_at,
        )
    )
    if not acted_on:
        result.problems += 1


def hand_off_waiting_pushes(session: Session, *, now: datetime) -> int:
    """Hand off again the pushes no worker has taken since PUSH_RELAY_AFTER (acting on one
    twice is a no-op: the first marks it processed)."""
    waiting = session.scalars(
        select(ProviderPush.id)
        .where(
            ProviderPush.processed_at.is_(None),
            ProviderPush.received_at < now - PUSH_RELAY_AFTER,
        )
        .order_by(ProviderPush.received_at)
        .limit(_RELAY_BATCH)
    ).all()
    for push_id in waiting:
        hand_off(session, Work.PUSH, push_id)
    return len(waiting)


def expire_pushes(session: Session, *, now: datetime, retention_days: int) -> int:
    """Delete raw pushes, their kept records and unrouted replies older than the retention
    period (processed pushes only: a waiting one is still to be acted on). How many pushes."""
    cutoff = now - timedelta(days=retention_days)
    expired = select(ProviderPush.id).where(
        ProviderPush.received_at < cutoff, ProviderPush.processed_at.is_not(None)
    )
    session.execute(delete(PushProblem).where(PushProblem.push_id.in_(expired)))
    gone = session.execute(delete(ProviderPush).where(ProviderPush.id.in_(expired)))
    session.execute(delete(UnroutedReply).where(UnroutedReply.created_at < cutoff))
    return int(getattr(gone, "rowcount", 0) or 0)


def forget_number(session: Session, *, phone: str, national: str, stone: str) -> int:
    """Erase a customer from every push copy: unrouted replies from the number are deleted, and
    in raw pushes and kept records each record from the number loses its number (the tombstone
    stands in) and its text. Such copies belong to no salon, so any salon's erasure of the
    number clears them. ``national`` (13800138000) finds the copies in any spelling."""
    session.execute(delete(UnroutedReply).where(UnroutedReply.phone == phone))
    changed = 0
    for model, column in ((ProviderPush, ProviderPush.body), (PushProblem, PushProblem.record)):
        rows = session.execute(
            select(model.id, column).where(column.contains(national, autoescape=True))
        ).all()
        for row_id, text in rows:
            scrubbed = _without_number(text, phone, stone)
            if scrubbed != text:
                changed += 1
                session.execute(
                    update(model)
                    .where(model.id == row_id)
                    .values({column.key: scrubbed})
                    .execution_options(synchronize_session=False)
                )
    return changed


def _without_number(text: str, phone: str, stone: str) -> str:
    try:
        document = json.loads(text)
    except ValueError:
        return text
    records = document if isinstance(document, list) else [document]
    found = False
    for record in records:
        if not isinstance(record, dict):
            continue
        for field in _PHONE_FIELDS:
            try:
                number = phone_from_push(record.get(field), nationcode=record.get("nationcode"))
            except ValueError:
                continue
            if number == phone:
                found = True
                record[field] = stone
                for text_field in _TEXT_FIELDS:
                    if text_field in record:
                        record[text_field] = ""
    return json.dumps(document, ensure_ascii=False) if found else text
