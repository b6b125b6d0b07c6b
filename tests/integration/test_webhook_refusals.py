"""Twilio's status callback refuses what Twilio never sends, and an unexpected database error
is logged without the customer's number or words."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from gateway.db import Database
from gateway.models import Message
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, book, post_signed, run_worker, twilio_form


@pytest.fixture
def provider() -> RecordingProvider:
    """Stands in for Twilio here: status callbacks arrive on Twilio's route for its sids."""
    return RecordingProvider(name="twilio")


def _sent_request(app: Flask, client: FlaskClient, salon: SalonHandle, db: Database) -> Message:
    book(client, salon)
    run_worker(app)
    with db.sessions() as session:
        message = session.scalars(select(Message)).one()
    assert message.status == "sent" and message.provider_sid
    return message


def _callback(client: FlaskClient, **form: str) -> Any:
    return post_signed(client, {"AccountSid": "AC" + "1" * 32, **form}, path="/sms/twilio/status")


@pytest.mark.parametrize(
    ("form", "complaint"),
    [
        ({"ErrorCode": "3" * 21}, "ErrorCode: longer than 20 characters"),
        ({"ErrorCode": "30\x00003"}, "ErrorCode: NUL characters are not allowed"),
        ({"MessageStatus": "fai\x00led"}, "MessageStatus: NUL characters are not allowed"),
        ({"SmsSid": "SM" + "f" * 32}, "MessageSid and SmsSid name different messages"),
    ],
)
def test_a_status_callback_twilio_would_never_send_is_refused(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    form: dict[str, str],
    complaint: str,
) -> None:
    sent = _sent_request(app, client, salon, db)
    assert sent.provider_sid is not None
    response = _callback(
        client, **{"MessageSid": sent.provider_sid, "MessageStatus": "failed", **form}
    )
    assert response.status_code == 400
    assert response.get_data(as_text=True) == complaint
    with db.sessions() as session:
        message = session.get_one(Message, sent.id)
    assert (message.status, message.error_code) == ("sent", None)


@pytest.mark.parametrize("sid", ["SM1", "SM" + "0" * 40, "REC" + "0" * 32, "SM" + "z" * 32])
def test_a_status_callback_for_a_sid_not_in_twilios_form_is_refused(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, sid: str
) -> None:
    sent = _sent_request(app, client, salon, db)
    response = post_signed(
        client,
        {"MessageSid": sid, "MessageStatus": "delivered"},
        path=f"/sms/twilio/status?message={sent.id}",
    )
    assert response.status_code == 400
    assert b"MessageSid: not a Twilio message sid" in response.data


# --- What an unexpected error leaves in the log ---------------------------------------------------

_REFUSE_MESSAGES = {
    "sqlite": [
        "CREATE TRIGGER refuse_messages BEFORE INSERT ON messages "
        "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_messages() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'the disk is full'; END $$",
        "CREATE TRIGGER refuse_messages BEFORE INSERT ON messages "
        "FOR EACH ROW EXECUTE FUNCTION refuse_messages()",
    ],
}
_ALLOW_MESSAGES = {
    "sqlite": ["DROP TRIGGER refuse_messages"],
    "postgresql": [
        "DROP TRIGGER refuse_messages ON messages",
        "DROP FUNCTION refuse_messages()",
    ],
}


@pytest.fixture
def failing_database(db: Database) -> Iterator[None]:
    """The database refuses every new message, as a full disk or a broken replica would."""
    dialect = db.engine.dialect.name
    with db.engine.begin() as connection:
        for statement in _REFUSE_MESSAGES[dialect]:
            connection.execute(text(statement))
    yield
    with db.engine.begin() as connection:
        for statement in _ALLOW_MESSAGES[dialect]:
            connection.execute(text(statement))


def test_an_unexpected_database_error_logs_neither_number_nor_words(
    client: FlaskClient,
    salon: SalonHandle,
    failing_database: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    words = "我下周二改到三点可以吗"
    caplog.set_level(logging.INFO)
    response = post_signed(client, twilio_form(words, to=salon.sender, sender="+8613912345678"))
    assert response.status_code == 500
    logged = caplog.text
    assert "the disk is full" in logged  # the error itself is there, to be fixed …
    assert "INSERT INTO messages" in logged
    assert words not in logged  # … but not what the customer wrote,
    assert "13912345678" not in logged  # nor their number
