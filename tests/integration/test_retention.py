"""Message bodies past retention are blanked by the sweep; counts and statuses stay."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.domain.events import CrmDeliveryStatus, EventType
from gateway.models import Message, WebhookDelivery, utcnow
from gateway.services import sweep
from tests.support import SalonHandle, book, reply


def test_old_bodies_are_blanked_and_nothing_else(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    reply(client, salon, "确认")
    with db.transaction() as session:
        old, *recent = session.scalars(select(Message).order_by(Message.id)).all()
        old.created_at = utcnow() - timedelta(days=181)
        old_id = old.id
    with db.transaction() as session:
        result = sweep(session, now=utcnow(), retention_days=180)
    assert result.bodies_blanked == 1
    with db.sessions() as session:
        messages = session.scalars(select(Message).order_by(Message.id)).all()
    blanked = [m for m in messages if m.id == old_id]
    assert blanked[0].body == "" and blanked[0].template == "confirmation_request"
    assert blanked[0].segments >= 1  # cost statistics still add up
    assert all(m.body for m in messages if m.id != old_id)
    with db.transaction() as session:
        assert sweep(session, now=utcnow(), retention_days=180).bodies_blanked == 0


def test_event_payloads_past_retention_are_blanked_once_the_crm_is_done_with_them(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    """An event's JSON quotes what the customer wrote and their number: once delivered or given
    up and past retention it is blanked like the message; one still being retried is kept,
    since the CRM has not had it yet, and a recent one is kept whatever its state."""
    now = utcnow()
    old = now - timedelta(days=181)
    kept_words = '{"body": "确认 我是王阿姨"}'
    rows = {
        "delivered_old": (CrmDeliveryStatus.DELIVERED, old),
        "failed_old": (CrmDeliveryStatus.FAILED, old),
        "pending_old": (CrmDeliveryStatus.PENDING, old),
        "delivered_recent": (CrmDeliveryStatus.DELIVERED, now - timedelta(days=3)),
    }
    with db.transaction() as session:
        for event_id, (status, created_at) in rows.items():
            session.add(
                WebhookDelivery(
                    salon_id=salon.id,
                    event_id=event_id,
                    event_type=EventType.APPOINTMENT_CONFIRMED,
                    payload=kept_words,
                    status=status,
                    created_at=created_at,
                )
            )

    with db.transaction() as session:
        sweep(session, now=now, retention_days=180)

    with db.sessions() as session:
        payloads = dict(
            session.execute(select(WebhookDelivery.event_id, WebhookDelivery.payload))
            .tuples()
            .all()
        )
    assert payloads == {
        "delivered_old": "",
        "failed_old": "",
        "pending_old": kept_words,
        "delivered_recent": kept_words,
    }
