"""Message bodies past retention are blanked by the sweep; counts and statuses stay."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from gateway.db import Database
from gateway.models import Message, utcnow
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
