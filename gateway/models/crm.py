"""What the salon's CRM sees: events for its webhook (an outbox, and each HTTP attempt), and the
answers replayed to its repeated API requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.domain.events import CrmDeliveryStatus, EventType
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow


class WebhookDelivery(Base):
    """One event for a salon's CRM, written in the transaction that caused it (the outbox)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_salon_id", "salon_id", "id"),
        Index(
            "ix_webhook_deliveries_pending_next",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        # Retention: the oldest payloads still to blank, without reading the whole table.
        Index(
            "ix_webhook_deliveries_unblanked_created_at",
            "created_at",
            postgresql_where=text("payload <> ''"),
            sqlite_where=text("payload <> ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    #: The event's id (evt_…), the same on every attempt: CRMs deduplicate by it.
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    event_type: Mapped[EventType] = mapped_column(StrEnumColumn(EventType, 40))
    #: The exact JSON body sent (and signed) on every attempt.
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[CrmDeliveryStatus] = mapped_column(
        StrEnumColumn(CrmDeliveryStatus, 20), default=CrmDeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt_log: Mapped[list[WebhookAttempt]] = relationship(
        order_by="WebhookAttempt.id", back_populates="delivery"
    )


class WebhookAttempt(Base):
    """One HTTP attempt at a delivery, as the CRM answered it."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="attempt_log")


class IdempotentRequest(Base):
    """The first answer to a POST/PATCH with an Idempotency-Key, replayed to its repeats."""

    __tablename__ = "idempotent_requests"
    __table_args__ = (UniqueConstraint("salon_id", "key", name="uq_idempotent_requests_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    key: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of method, path and body: the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
