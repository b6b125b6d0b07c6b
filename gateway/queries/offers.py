"""How a salon's offers of new times did: made, accepted, expired, declined, and how many of its
customers' change requests ended in a new time by SMS, and how fast."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.domain.lifecycle import AppointmentStatus
from gateway.domain.offer_status import OfferStatus
from gateway.models import Appointment, Offer, StatusChange


@dataclass(frozen=True, slots=True)
class OfferFigures:
    #: Offers made in the window, and where those are now.
    made: int
    accepted: int
    expired: int
    declined: int
    #: Appointments whose customer asked for a change in the window.
    change_requests: int
    #: Of those, the ones moved to a time the customer picked from an offer.
    closed_by_sms: int
    #: Median from the first request for a change to the pick, over ``closed_by_sms``.
    median_seconds_to_new_time: float | None

    @property
    def closed_by_sms_rate(self) -> float | None:
        return round(self.closed_by_sms / self.change_requests, 4) if self.change_requests else None


def offer_figures(
    session: Session, *, salon_id: int, created_from: datetime, created_to: datetime
) -> OfferFigures:
    """Offers and change requests made in [created_from, created_to)."""
    by_status: dict[OfferStatus, int] = dict.fromkeys(OfferStatus, 0)
    for status, count in session.execute(
        select(Offer.status, func.count())
        .where(
            Offer.salon_id == salon_id,
            Offer.created_at >= created_from,
            Offer.created_at < created_to,
        )
        .group_by(Offer.status)
    ):
        by_status[status] = int(count)
    asked: dict[int, datetime] = {
        appointment_id: first
        for appointment_id, first in session.execute(
            select(StatusChange.appointment_id, func.min(StatusChange.created_at))
            .join(Appointment, Appointment.id == StatusChange.appointment_id)
            .where(
                Appointment.salon_id == salon_id,
                StatusChange.to_status == AppointmentStatus.CHANGE_REQUESTED.value,
                StatusChange.cause == "customer_reply",
                StatusChange.created_at >= created_from,
                StatusChange.created_at < created_to,
            )
            .group_by(StatusChange.appointment_id)
        ).tuples()
    }
    picked: dict[int, datetime] = {}
    if asked:
        for appointment_id, closed_at in session.execute(
            select(Offer.appointment_id, func.min(Offer.closed_at))
            .where(
                Offer.appointment_id.in_(list(asked)),
                Offer.status == OfferStatus.ACCEPTED,
            )
            .group_by(Offer.appointment_id)
        ).tuples():
            if closed_at is not None and closed_at >= asked[appointment_id]:
                picked[appointment_id] = closed_at
    waits = [(picked[a] - asked[a]).total_seconds() for a in picked]
    return OfferFigures(
        made=sum(by_status.values()),
        accepted=by_status[OfferStatus.ACCEPTED],
        expired=by_status[OfferStatus.EXPIRED],
        declined=by_status[OfferStatus.DECLINED],
        change_requests=len(asked),
        closed_by_sms=len(picked),
        median_seconds_to_new_time=statistics.median(waits) if waits else None,
    )
