"""Reminders: planned when an appointment is booked or moved, queued by the sweep when due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.schedule import QuietHours, parse_offsets, plan_reminder
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, Reminder, ReminderStatus
from gateway.services.outbox import queue_about

#: The most reminders one sweep queues; the next sweep takes the rest.
SWEEP_BATCH = 1000


def plan_reminders(session: Session, appointment: Appointment, *, now: datetime) -> None:
    """(Re)plan the reminders for the appointment's current time, replacing any for another."""
    session.execute(
        update(Reminder)
        .where(
            Reminder.appointment_id == appointment.id,
            Reminder.status == ReminderStatus.PENDING,
            Reminder.starts_at != appointment.starts_at,
        )
        .values(status=ReminderStatus.CANCELLED, decision="the appointment moved", updated_at=now)
    )
    salon = appointment.salon
    quiet = QuietHours.parse(salon.quiet_hours)
    planned = {
        r.offset_minutes: r
        for r in session.scalars(
            select(Reminder).where(
                Reminder.appointment_id == appointment.id,
                Reminder.starts_at == appointment.starts_at,
            )
        )
    }
    for offset in parse_offsets(salon.reminder_offsets):
        plan = plan_reminder(
            starts_at=appointment.starts_at,
            offset_minutes=offset,
            now=now,
            tz=salon.timezone,
            quiet=quiet,
        )
        existing = planned.get(offset)
        if existing is not None and existing.status in (
            ReminderStatus.QUEUED,
            ReminderStatus.PENDING,
        ):
            continue  # already sent (or still due) for this very time: once is enough
        reminder = existing or Reminder(
            appointment_id=appointment.id,
            offset_minutes=offset,
            starts_at=appointment.starts_at,
            created_at=now,
        )
        reminder.due_at = plan.due_at
        reminder.send_at = plan.send_at
        reminder.status = ReminderStatus.PENDING if plan.send_at else ReminderStatus.SKIPPED
        reminder.decision = plan.decision
        reminder.updated_at = now
        session.add(reminder)


@dataclass(slots=True)
class ReminderSweep:
    queued: int = 0
    skipped: int = 0


def queue_due_reminders(
    session: Session, *, now: datetime, limit: int = SWEEP_BATCH
) -> ReminderSweep:
    """Turn every reminder due by ``now`` into a queued message, or record why not."""
    result = ReminderSweep()
    due = session.scalars(
        select(Reminder)
        .where(Reminder.status == ReminderStatus.PENDING, Reminder.send_at <= now)
        .order_by(Reminder.send_at)
        .limit(limit)
        # Two sweeps at once (two cron processes) share the work instead of doubling it.
        .with_for_update(skip_locked=True)
        # What every reminder needs, read in a few queries for the batch instead of a few per
        # reminder (bench/sweep.py: lazy loads were most of the sweep's time).
        .options(
            selectinload(Reminder.appointment).options(
                selectinload(Appointment.salon),
                selectinload(Appointment.customer).selectinload(Customer.salon),
            )
        )
    ).all()
    for reminder in due:
        appointment = reminder.appointment
        reason = _why_not(reminder, appointment, now)
        reminder.updated_at = now
        if reason:
            reminder.status, reminder.decision = ReminderStatus.SKIPPED, reason
            result.skipped += 1
            continue
        template = (
            TemplateName.REMINDER
            if appointment.status == AppointmentStatus.CONFIRMED
            else TemplateName.REMINDER_UNCONFIRMED
        )
        # Unprompted: a sweep that runs late (an outage) still never texts at night.
        message = queue_about(session, appointment, template, now=now, unprompted=True)
        reminder.status = ReminderStatus.QUEUED
        # Linked to the text it became when that goes now (one waiting out quiet hours is not).
        reminder.message_id = (
            message.id if message is not None and message.enqueued_at is not None else None
        )
        result.queued += 1
    return result


def _why_not(reminder: Reminder, appointment: Appointment, now: datetime) -> str | None:
    if reminder.starts_at != appointment.starts_at:
        return "the appointment moved"
    if appointment.status == AppointmentStatus.CHANGE_REQUESTED:
        return "the customer asked for another time"
    if appointment.status not in (AppointmentStatus.UNCONFIRMED, AppointmentStatus.CONFIRMED):
        return f"the appointment is {appointment.status.value}"
    if appointment.starts_at <= now:
        return "the appointment has begun"
    if appointment.customer.opted_out:
        return "the customer opted out"
    return None
