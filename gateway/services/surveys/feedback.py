"""Answers to the satisfaction survey after a visit: what deciding a reply needs to know of the
customer's surveys (``appointment_asked_at``; the surveys that went are read with the rest of a
worker's batch, ``replies.batch_reads``), and keeping an answer as
feedback, told to the salon's CRM (``feedback.received``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.domain.reply_decision import FeedbackNote
from gateway.domain.texts import MessageDirection, MessageStatus, TemplateName
from gateway.models import Customer, Feedback, Message, Survey
from gateway.services.crm.events import emit

#: Texts that ask the customer to answer about an upcoming appointment by a digit.
ASKING_ABOUT_APPOINTMENTS = (
    TemplateName.CONFIRMATION_REQUEST,
    TemplateName.REMINDER,
    TemplateName.REMINDER_UNCONFIRMED,
    TemplateName.OFFER_1,
    TemplateName.OFFER_2,
    TemplateName.OFFER_3,
)
#: A text in these states did not reach the customer: it asked nothing.
_NOT_GONE = (MessageStatus.CANCELLED, MessageStatus.FAILED, MessageStatus.UNDELIVERED)


def appointment_asked_at(
    session: Session, customer: Customer, *, before: datetime
) -> datetime | None:
    """When a text last asked the customer about an upcoming appointment (due by ``before``)."""
    asked: datetime | None = session.scalar(
        select(func.max(Message.send_after)).where(
            Message.customer_id == customer.id,
            Message.direction == MessageDirection.OUTBOUND,
            Message.template.in_(ASKING_ABOUT_APPOINTMENTS),
            Message.status.not_in(_NOT_GONE),
            Message.send_after <= before,
        )
    )
    return asked


def keep_feedback(
    session: Session, customer: Customer, message: Message, note: FeedbackNote, *, now: datetime
) -> Feedback:
    """Store the reply ``message`` as an answer to its survey; a score closes the survey."""
    message.appointment_id = note.appointment_id
    feedback = Feedback(
        salon_id=customer.salon_id,
        survey_id=note.survey_id,
        appointment_id=note.appointment_id,
        customer_id=customer.id,
        message_id=message.id,
        score=note.score,
        comment=note.comment,
        received_at=message.created_at,
    )
    session.add(feedback)
    if note.score is not None:
        survey = session.get_one(Survey, note.survey_id)
        survey.answered_at = message.created_at
        survey.updated_at = now
    session.flush()
    emit(
        session,
        customer.salon,
        EventType.FEEDBACK_RECEIVED,
        now=now,
        appointment=feedback.appointment,
        customer=customer,
        message=message,
        feedback=feedback,
    )
    return feedback
