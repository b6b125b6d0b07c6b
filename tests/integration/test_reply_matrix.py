"""Every appointment status × every intent, through the webhook: the status and the answer."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from gateway.db import Database
from gateway.domain.lifecycle import AppointmentStatus, Intent
from gateway.models import Appointment, Message
from tests.support import SalonHandle, book, reply

S = AppointmentStatus

#: A reply a customer would send for each intent.
WORDS = {
    Intent.CONFIRM: "确认",
    Intent.CHANGE: "变更",
    Intent.CANCEL: "取消",
    Intent.OPT_OUT: "退订",
    Intent.OPT_IN: "START",
    Intent.HELP: "帮助",
    Intent.QUESTION_TIME: "几点来着",
    Intent.QUESTION_PLACE: "在哪里",
    Intent.UNKNOWN: "看情况",
}

#: Our answer to a customer-level intent, whatever the appointment's status.
CUSTOMER_ANSWERS = {
    Intent.OPT_OUT: "opted_out",
    Intent.OPT_IN: "opted_in",
    Intent.HELP: "help",
    Intent.UNKNOWN: "help",
}
#: A question about an open appointment is answered and changes nothing; with none open, the
#: reply is unclear (``Intent.UNKNOWN``). The salon has no address: where is answered with when.
QUESTIONS = {Intent.QUESTION_TIME, Intent.QUESTION_PLACE}
#: What an appointment intent does to an open appointment.
OPEN_MOVES = {
    Intent.CONFIRM: (S.CONFIRMED, "confirmed"),
    Intent.CHANGE: (S.CHANGE_REQUESTED, "change_received"),
    Intent.CANCEL: (S.CANCELLED, "cancelled"),
}


def expected(status: AppointmentStatus, intent: Intent) -> tuple[AppointmentStatus, str]:
    """(status after, template of our answer), written out from the product rules."""
    if intent in CUSTOMER_ANSWERS:
        return status, CUSTOMER_ANSWERS[intent]
    if intent in QUESTIONS:
        open_now = status in (S.UNCONFIRMED, S.CONFIRMED, S.CHANGE_REQUESTED)
        return status, "answer_time" if open_now else "help"
    if status == S.CANCELLED:
        return status, "already_cancelled"
    if status in (S.COMPLETED, S.NO_SHOW):
        # Not open: the reply finds no upcoming appointment.
        return status, "no_appointment"
    return OPEN_MOVES[intent]


#: Every intent words alone can carry: a pick is read only against an offer (test_offers.py),
#: feedback only while a survey is open (test_survey_replies.py).
READ_INTENTS = [intent for intent in Intent if intent not in (Intent.OFFER_PICK, Intent.FEEDBACK)]
MATRIX = {(status, intent): expected(status, intent) for status in S for intent in READ_INTENTS}


@pytest.mark.parametrize(("status", "intent"), list(MATRIX), ids=lambda v: str(v))
def test_status_intent(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    db: Database,
    status: AppointmentStatus,
    intent: Intent,
) -> None:
    book(client, salon)
    with db.transaction() as session:
        session.execute(update(Appointment).values(status=status))

    reply(client, salon, WORDS[intent])

    expected_status, expected_answer = MATRIX[(status, intent)]
    with db.sessions() as session:
        appointment = session.scalars(select(Appointment)).one()
        assert appointment.status == expected_status
        inbound = session.scalars(select(Message).where(Message.direction == "inbound")).one()
        answered = intent not in QUESTIONS or expected_answer == "answer_time"
        assert inbound.intent == (intent.value if answered else Intent.UNKNOWN.value)
        answers = session.scalars(
            select(Message.template).where(
                Message.direction == "outbound", Message.template != "confirmation_request"
            )
        ).all()
    assert answers == [expected_answer]
