"""A salon's figures: how its appointments ended, how fast and how clearly customers answered,
and what the texts cost.

Appointment figures count appointments whose ``starts_at`` falls in the window; message figures
count messages created in it, and offer figures the offers and change requests made in it.
Counting happens in SQL (the same queries on SQLite and PostgreSQL); only the medians are taken
in Python, over one number per appointment.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from gateway.domain.lifecycle import AppointmentStatus, Intent
from gateway.domain.texts import TemplateName
from gateway.models import (
    Appointment,
    Message,
    MessageDirection,
    MessageStatus,
    Salon,
    StatusChange,
)
from gateway.queries.offers import OfferFigures, offer_figures
from gateway.services.replies.strangers import is_stranger_answer

#: How a salon's staff name each status (the product's seed documents), per salon locale.
STATUS_LABELS: Final[dict[str, dict[AppointmentStatus, str]]] = {
    "zh-CN": {
        AppointmentStatus.UNCONFIRMED: "未确认",
        AppointmentStatus.CONFIRMED: "已确认",
        AppointmentStatus.CHANGE_REQUESTED: "变更",
        AppointmentStatus.CANCELLED: "取消",
        AppointmentStatus.COMPLETED: "已完成",
        AppointmentStatus.NO_SHOW: "未到店",
    },
    "zh-TW": {
        AppointmentStatus.UNCONFIRMED: "未確認",
        AppointmentStatus.CONFIRMED: "已確認",
        AppointmentStatus.CHANGE_REQUESTED: "變更",
        AppointmentStatus.CANCELLED: "取消",
        AppointmentStatus.COMPLETED: "已完成",
        AppointmentStatus.NO_SHOW: "未到店",
    },
    "en": {
        AppointmentStatus.UNCONFIRMED: "Unconfirmed",
        AppointmentStatus.CONFIRMED: "Confirmed",
        AppointmentStatus.CHANGE_REQUESTED: "Change requested",
        AppointmentStatus.CANCELLED: "Cancelled",
        AppointmentStatus.COMPLETED: "Completed",
        AppointmentStatus.NO_SHOW: "No-show",
    },
}
#: Outbound texts the provider took (and so billed), whatever the handset did with them after.
SENT_STATUSES: Final = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED)


@dataclass(frozen=True, slots=True)
class StatusCount:
    count: int
    label: str


@dataclass(frozen=True, slots=True)
class SalonStats:
    appointments: dict[AppointmentStatus, StatusCount]
    #: Confirmed (now, or before it completed or was missed) among appointments not cancelled.
    confirmation_rate: float | None
    median_reply_seconds: float | None
    #: Inbound texts we could not understand, among those read so far.
    unclear_reply_rate: float | None
    #: Missed among those that ended (completed or no-show), split by whether ever confirmed.
    no_show_rate_confirmed: float | None
    no_show_rate_unconfirmed: float | None
    #: Missed among all that ended, as the console shows it.
    no_show_rate: float | None
    messages_inbound: int
    messages_sent: int
    #: Of the texts sent: the handset confirmed them; they failed or were not delivered.
    messages_delivered: int
    messages_failed: int
    segments_sent: int
    #: Answers to numbers with no appointment: sent, and not sent (once a day; the reserve).
    stranger_answers_sent: int
    stranger_answers_suppressed: int
    estimated_cost: Decimal
    currency: str
    #: Offers of new times made in the window, and change requests closed by a pick.
    offers: OfferFigures


def salon_stats(
    session: Session, *, salon: Salon, starts_from: datetime, starts_to: datetime
) -> SalonStats:
    """Figures for appointments starting in [starts_from, starts_to) and messages created then."""
    in_window = and_(
        Appointment.salon_id == salon.id,
        Appointment.starts_at >= starts_from,
        Appointment.starts_at < starts_to,
    )
    ever_confirmed = exists().where(
        StatusChange.appointment_id == Appointment.id,
        StatusChange.to_status == AppointmentStatus.CONFIRMED.value,
    )
    counts: dict[AppointmentStatus, int] = dict.fromkeys(AppointmentStatus, 0)
    confirmed_once: dict[AppointmentStatus, int] = dict.fromkeys(AppointmentStatus, 0)
    for status, count, was_confirmed in session.execute(
        select(
            Appointment.status,
            func.count(),
            func.coalesce(func.sum(case((ever_confirmed, 1), else_=0)), 0),
        )
        .where(in_window)
        .group_by(Appointment.status)
    ):
        counts[status], confirmed_once[status] = int(count), int(was_confirmed)

    done, missed = AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW
    confirmed = counts[AppointmentStatus.CONFIRMED] + confirmed_once[done] + confirmed_once[missed]
    not_cancelled = sum(counts.values()) - counts[AppointmentStatus.CANCELLED]

    labels = STATUS_LABELS.get(salon.locale, STATUS_LABELS["zh-CN"])
    messages = _message_counts(session, salon, starts_from, starts_to)
    return SalonStats(
        appointments={s: StatusCount(counts[s], labels[s]) for s in AppointmentStatus},
        confirmation_rate=_rate(confirmed, not_cancelled),
        median_reply_seconds=_median_reply_seconds(session, in_window),
        unclear_reply_rate=_rate(messages.unclear, messages.understood),
        no_show_rate_confirmed=_rate(
            confirmed_once[missed], confirmed_once[missed] + confirmed_once[done]
        ),
        no_show_rate_unconfirmed=_rate(
            counts[missed] - confirmed_once[missed],
            counts[missed] - confirmed_once[missed] + counts[done] - confirmed_once[done],
        ),
        no_show_rate=_rate(counts[missed], counts[missed] + counts[done]),
        messages_inbound=messages.inbound,
        messages_sent=messages.sent,
        messages_delivered=messages.delivered,
        messages_failed=messages.failed,
        segments_sent=messages.segments,
        stranger_answers_sent=messages.stranger_sent,
        stranger_answers_suppressed=messages.stranger_suppressed,
        estimated_cost=(messages.segments * salon.segment_price).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        ),
        currency=salon.currency,
        offers=offer_figures(
            session, salon_id=salon.id, created_from=starts_from, created_to=starts_to
        ),
    )


@dataclass(frozen=True, slots=True)
class _MessageCounts:
    inbound: int
    #: Inbound texts a worker has read (an intent is set); the rest are moments old.
    understood: int
    unclear: int
    sent: int
    delivered: int
    failed: int
    segments: int
    stranger_sent: int
    stranger_suppressed: int


def _message_counts(
    session: Session, salon: Salon, created_from: datetime, created_to: datetime
) -> _MessageCounts:
    inbound = Message.direction == MessageDirection.INBOUND
    outbound = Message.direction == MessageDirection.OUTBOUND
    sent = and_(outbound, Message.status.in_(SENT_STATUSES))
    failed = and_(outbound, Message.status.in_((MessageStatus.FAILED, MessageStatus.UNDELIVERED)))
    stranger = is_stranger_answer()

    def total(condition: ColumnElement[bool], value: Any = 1) -> Any:
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    row = session.execute(
        select(
            total(inbound),
            total(and_(inbound, Message.intent.is_not(None))),
            total(and_(inbound, Message.intent == Intent.UNKNOWN.value)),
            total(sent),
            total(and_(outbound, Message.status == MessageStatus.DELIVERED)),
            total(failed),
            total(sent, Message.segments),
            total(and_(sent, stranger)),
            total(and_(stranger, Message.status == MessageStatus.CANCELLED)),
        ).where(
            Message.salon_id == salon.id,
            Message.created_at >= created_from,
            Message.created_at < created_to,
        )
    ).one()
    return _MessageCounts(*(int(value) for value in row))


def _median_reply_seconds(session: Session, in_window: ColumnElement[bool]) -> float | None:
    """Median time from an appointment's first confirmation request leaving to the customer's
    first text about it after that; appointments without both are left out."""
    request = (
        select(
            Message.appointment_id.label("appointment_id"),
            func.min(Message.sent_at).label("sent_at"),
        )
        .join(Appointment, Appointment.id == Message.appointment_id)
        .where(
            in_window,
            Message.template == TemplateName.CONFIRMATION_REQUEST,
            Message.sent_at.is_not(None),
        )
        .group_by(Message.appointment_id)
        .subquery()
    )
    reply = aliased(Message)
    first_reply = (
        select(func.min(reply.created_at))
        .where(
            reply.appointment_id == request.c.appointment_id,
            reply.direction == MessageDirection.INBOUND,
            reply.created_at >= request.c.sent_at,
        )
        .scalar_subquery()
    )
    waits = [
        (replied - sent).total_seconds()
        for sent, replied in session.execute(select(request.c.sent_at, first_reply))
        if sent is not None and replied is not None
    ]
    return statistics.median(waits) if waits else None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
