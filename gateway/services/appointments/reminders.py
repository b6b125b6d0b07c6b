"""Reminders: planned when an appointment is booked or moved, queued by the sweep when due."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.bulk import update_rows
from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.schedule import QuietHours, next_decent_time, parse_offsets, plan_reminder
from gateway.domain.texts import TemplateName
from gateway.models import Appointment, Customer, MessageStatus, Reminder, ReminderStatus, Salon
from gateway.services.sending.outbox import queued_row, store_texts
from gateway.services.sending.template_codes import TextForm, is_mainland, text_form
from gateway.services.sweep_counts import SweepResult

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


def queue_due_reminders(
    session: Session,
    *,
    now: datetime,
    limit: int = SWEEP_BATCH,
    result: SweepResult | None = None,
) -> SweepResult:
    """Turn every reminder due by ``now`` into a queued message, or record why not.

    Set-wise, so that its cost follows what is due and not one round trip per reminder: one
    read of the due reminders with their appointments and customers, as plain rows, one INSERT
    of the texts, one UPDATE of the reminders (bench/sweep.py). Each text is written from the
    row's values with the wording worked out once per salon, template and locale
    (``TextForm``), and filled in once per slot, service and stylist but for its ref
    (``TextForm.write_about``): the same text ``queue_about`` writes one at a time.
    """
    result = result if result is not None else SweepResult()
    # Plain columns need none of the ORM's loading: read through the connection, after the
    # flush the ORM would have done first (what this transaction changed is read as changed).
    session.flush()
    due = (
        session.connection()
        .execute(
            select(
                Reminder.id,
                Reminder.starts_at,
                Reminder.decision,
                Appointment.id,
                Appointment.salon_id,
                Appointment.status,
                Appointment.starts_at,
                Appointment.service,
                Appointment.stylist,
                Appointment.ref,
                Customer.id,
                Customer.salon_id,
                Customer.locale,
                Customer.phone,
                # Whether, not when: a time would be converted to UTC for every row, unread.
                Customer.opted_out_at.is_not(None),
                Customer.erased_at.is_not(None),
            )
            .join(Appointment, Appointment.id == Reminder.appointment_id)
            .join(Customer, Customer.id == Appointment.customer_id)
            .where(Reminder.status == ReminderStatus.PENDING, Reminder.send_at <= now)
            .order_by(Reminder.send_at)
            .limit(limit)
            # Two sweeps at once (two cron processes) share the work instead of doubling it.
            .with_for_update(of=Reminder, skip_locked=True)
        )
        .all()
    )
    if not due:
        return result
    salons = {
        salon.id: salon
        for salon in session.scalars(
            select(Salon).where(Salon.id.in_({row[4] for row in due} | {row[11] for row in due}))
        )
    }
    # Unprompted: a sweep that runs late (an outage) still never texts at night. The same
    # moment for every text of a salon.
    decent = {
        salon_id: next_decent_time(now, salon.timezone, QuietHours.parse(salon.quiet_hours))
        for salon_id, salon in salons.items()
    }
    # What each text reads of its salons, read off the ORM objects once per salon, not per text
    # (the salon's name comes with its form, ``text_form``).
    timezones = {salon_id: salon.timezone for salon_id, salon in salons.items()}
    locales = {salon_id: salon.locale for salon_id, salon in salons.items()}
    forms: dict[tuple[int, TemplateName, str, bool], TextForm] = {}
    texts: list[dict[str, Any]] = []
    #: Per due reminder: its new status and decision, and the index of its text in ``texts``.
    outcomes: list[tuple[int, ReminderStatus, str, int | None]] = []
    for (
        reminder_id,
        planned_for,
        decision,
        appointment_id,
        salon_id,
        status,
        starts_at,
        service,
        stylist,
        ref,
        customer_id,
        customer_salon_id,
        customer_locale,
        phone,
        opted_out,
        erased,
    ) in due:
        reason = _why_not(planned_for, status, starts_at, opted_out, erased, now)
        if reason:
            outcomes.append((reminder_id, ReminderStatus.SKIPPED, reason, None))
            result.reminders_skipped += 1
            continue
        template = (
            TemplateName.REMINDER
            if status == AppointmentStatus.CONFIRMED
            else TemplateName.REMINDER_UNCONFIRMED
        )
        locale = customer_locale or locales[customer_salon_id]
        key = (customer_salon_id, template, locale, not is_mainland(phone))
        form = forms.get(key)
        if form is None:
            form = forms[key] = text_form(
                session, salons[customer_salon_id], template, locale, international=key[3]
            )
        text = form.write_about(
            starts_at=starts_at,
            timezone=timezones[salon_id],
            locale=locale,
            service=service,
            stylist=stylist,
            ref=ref,
        )
        row = queued_row(customer_salon_id, customer_id, appointment_id, template, text, now)
        send_after = decent[salon_id]
        if send_after >= starts_at:
            # Kept in the thread, so staff can see the decision.
            row["status"] = MessageStatus.CANCELLED
            row["error_message"] = "quiet hours last until the appointment; not sent"
        else:
            row["send_after"] = send_after
            # Handed off at commit when due now; one waiting out quiet hours goes by the relay.
            row["enqueued_at"] = now if send_after <= now else None
        outcomes.append((reminder_id, ReminderStatus.QUEUED, decision, len(texts)))
        texts.append(row)
        result.reminders_queued += 1
    ids = store_texts(session, texts)
    update_rows(
        session,
        Reminder,
        [
            {
                "id": reminder_id,
                "status": status,
                "decision": decision,
                # The text it became, whether it goes now or waits out quiet hours.
                "message_id": None if index is None else ids[index],
                "updated_at": now,
            }
            for reminder_id, status, decision, index in outcomes
        ],
    )
    return result


def _why_not(
    planned_for: datetime,
    status: AppointmentStatus,
    starts_at: datetime,
    opted_out: bool,
    erased: bool,
    now: datetime,
) -> str | None:
    if planned_for != starts_at:
        return "the appointment moved"
    if status == AppointmentStatus.CHANGE_REQUESTED:
        return "the customer asked for another time"
    if status not in (AppointmentStatus.UNCONFIRMED, AppointmentStatus.CONFIRMED):
        return f"the appointment is {status.value}"
    if starts_at <= now:
        return "the appointment has begun"
    if erased:
        return "the customer was erased"
    if opted_out:
        return "the customer opted out"
    return None
