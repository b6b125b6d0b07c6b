"""Satisfaction surveys after a visit: planned when an appointment is marked completed (by the
CRM or staff), sent by the sweep through the outbox once the salon's delay has passed and quiet
hours are over, and dropped when the visit stops being completed before it goes.

A survey is sent at most once per appointment (one row each, unique), never to a customer who
opted out or was erased, and not when the customer had one within the salon's minimum interval.
What the customer replies is read by ``gateway.domain.decide`` and stored by
``services.feedback``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.schedule import QuietHours, next_decent_time
from gateway.domain.survey_status import SurveyStatus
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Survey
from gateway.services.sending.outbox import (
    appointment_context,
    cancel_queued,
    locale_for,
    queue_text,
)
from gateway.services.sending.template_codes import missing_code
from gateway.services.sweep_counts import SweepResult

#: The most surveys one sweep sends; the next sweep takes the rest.
SWEEP_BATCH: Final = 500


def plan_survey(session: Session, appointment: Appointment, *, now: datetime) -> None:
    """The appointment was just marked completed: its survey is due after the salon's delay,
    past quiet hours. Nothing when the salon does not survey, or one is planned or sent."""
    salon = appointment.salon
    if not salon.survey_enabled:
        return
    survey = session.scalar(select(Survey).where(Survey.appointment_id == appointment.id))
    if survey is not None and survey.status is not SurveyStatus.CANCELLED:
        return  # once per visit, however often it is marked completed
    due = now + timedelta(minutes=salon.survey_delay_minutes)
    send_at = next_decent_time(due, salon.timezone, QuietHours.parse(salon.quiet_hours))
    if survey is None:
        survey = Survey(
            salon_id=salon.id,
            appointment_id=appointment.id,
            customer_id=appointment.customer_id,
            created_at=now,
        )
        session.add(survey)
    survey.status = SurveyStatus.PENDING
    survey.send_at = send_at
    survey.decision = (
        "due after the visit" if send_at == due else "due after the visit, once quiet hours end"
    )
    survey.updated_at = now


def drop_survey(session: Session, appointment: Appointment, *, now: datetime) -> None:
    """The appointment is no longer completed: a survey not yet gone is not sent."""
    survey = session.scalar(select(Survey).where(Survey.appointment_id == appointment.id))
    if survey is None:
        return
    if survey.status is SurveyStatus.PENDING:
        survey.status = SurveyStatus.CANCELLED
        survey.decision = f"the appointment was marked {appointment.status.value}"
        survey.updated_at = now
    cancel_queued(
        session,
        appointment_id=appointment.id,
        templates=(TemplateName.SURVEY,),
        reason="the appointment is no longer completed",
    )


def queue_due_surveys(
    session: Session, *, now: datetime, result: SweepResult, limit: int = SWEEP_BATCH
) -> None:
    """Send every survey due by ``now``, or record why not."""
    due = session.scalars(
        select(Survey)
        .where(Survey.status == SurveyStatus.PENDING, Survey.send_at <= now)
        .order_by(Survey.send_at, Survey.id)
        .limit(limit)
        # Two sweeps at once share the work instead of doubling it.
        .with_for_update(skip_locked=True)
    ).all()
    for survey in due:
        appointment = survey.appointment
        customer = appointment.customer
        reason = _why_not(session, survey, appointment, customer, now)
        survey.updated_at = now
        if reason is not None:
            survey.status = (
                SurveyStatus.CANCELLED
                if appointment.status != AppointmentStatus.COMPLETED
                else SurveyStatus.SKIPPED
            )
            survey.decision = reason
            result.surveys_skipped += 1
            continue
        salon = appointment.salon
        # A sweep that runs late (an outage) still never texts at night.
        send_after = next_decent_time(now, salon.timezone, QuietHours.parse(salon.quiet_hours))
        locale = locale_for(customer)
        message = queue_text(
            session,
            customer=customer,
            appointment_id=appointment.id,
            template=TemplateName.SURVEY,
            locale=locale,
            context=appointment_context(appointment, locale),
            now=now,
            send_after=send_after,
        )
        assert message is not None  # opted out and erased are refused above
        session.flush()  # the survey keeps its text's id
        survey.status = SurveyStatus.SENT
        survey.message_id = message.id
        survey.sent_at = send_after
        result.surveys_sent += 1


def _why_not(
    session: Session, survey: Survey, appointment: Appointment, customer: Customer, now: datetime
) -> str | None:
    salon = appointment.salon
    if appointment.status != AppointmentStatus.COMPLETED:
        return f"the appointment is {appointment.status.value}"
    if not salon.survey_enabled:
        return "the salon switched surveys off"
    if customer.erased_at is not None:
        return "the customer was erased"
    if customer.opted_out:
        return "the customer opted out"
    since = now - timedelta(days=salon.survey_min_days_between)
    if salon.survey_min_days_between and session.scalar(
        select(
            exists().where(
                Survey.customer_id == customer.id,
                Survey.status == SurveyStatus.SENT,
                Survey.sent_at > since,
                Survey.id != survey.id,
            )
        )
    ):
        return f"the customer had a survey in the last {salon.survey_min_days_between} days"
    # Where only approved templates go, both texts need their codes.
    names = (TemplateName.SURVEY, TemplateName.SURVEY_THANKS)
    return missing_code(session, customer, names, locale=locale_for(customer))
