"""What a salon's CRM says is free, and the offers of new times made from it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.domain.offer_status import OfferSource, OfferStatus
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow
from gateway.models.salons import Appointment


class FreeInterval(Base):
    """One stretch of a stylist's day the CRM published as free: ``[starts_at, ends_at)``.

    ``PUT /availability`` replaces a stylist's intervals of a day range as a whole.
    """

    __tablename__ = "availability"
    __table_args__ = (
        Index("ix_availability_salon_stylist_starts", "salon_id", "stylist", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    stylist: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Offer(Base):
    """Up to three new times offered for one appointment, answered with A, B or C."""

    __tablename__ = "offers"
    __table_args__ = (
        Index("ix_offers_appointment", "appointment_id", "id"),
        # The sweep's expiry and the stats.
        Index("ix_offers_status_expires", "status", "expires_at"),
        Index("ix_offers_salon_created", "salon_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"))
    status: Mapped[OfferStatus] = mapped_column(StrEnumColumn(OfferStatus, 20))
    source: Mapped[OfferSource] = mapped_column(StrEnumColumn(OfferSource, 20))
    #: In letter order: [{"starts_at": UTC ISO, "stylist": "Lily", "duration_minutes": 60}, …].
    slots: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The customer's reply that asked for the change, when it caused this offer.
    asked_by_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    #: The text that carried the offer (None when it could not be sent: opted out, erased).
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    #: The reply that closed it (a pick, a decline), if one did.
    closed_by_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    #: 0 for A: the slot taken, once accepted.
    picked: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    appointment: Mapped[Appointment] = relationship()
