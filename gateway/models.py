"""The stored world: salons, their customers, appointments, the SMS thread and the audit trail.

Constraints that keep data true live here, in the schema, so that several web and worker
processes cannot break them between a check and a write.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from gateway.domain.lifecycle import OPEN_STATUSES, AppointmentStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite stores no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Salon(Base):
    __tablename__ = "salons"
    __table_args__ = (
        # A reply pushed to extension code 01 belongs to one salon of that provider.
        UniqueConstraint("provider", "extend_code", name="uq_salons_provider_extend_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    #: The name texts show in 【】 per locale ({"en": "Lotus Nails"}); a locale without one
    #: shows ``name``. An English text with a Chinese name would be UCS-2 and cost three times.
    display_names: Mapped[dict[str, str] | None] = mapped_column(JSON)
    #: Twilio: the E.164 number customers receive our texts from and reply to; it picks the
    #: salon. China providers send from shared numbers: none.
    sender_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    #: Who sends its texts: twilio, aliyun, tencent or console (see gateway/providers); none
    #: means the deployment's SMS_PROVIDER, as for every salon made before there was a choice.
    provider: Mapped[str | None] = mapped_column(String(20))
    #: Alibaba Cloud / Tencent Cloud: the registered signature (签名, without 【】) and the
    #: extension code (扩展码) replies come back on; see gateway/services/china_salons.py.
    sign_name: Mapped[str | None] = mapped_column(String(40))
    extend_code: Mapped[str | None] = mapped_column(String(12))
    #: Set while the provider refuses this salon's texts (balance, approval): they are held,
    #: and the sweep probes with one now and then; ``provider_blocked_reason`` says why.
    provider_blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_blocked_reason: Mapped[str | None] = mapped_column(String(300))
    provider_probe_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    locale: Mapped[str] = mapped_column(String(8), default="zh-CN")
    #: SHA-256 of the API key; the key itself is shown once and never stored.
    api_key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Minutes before an appointment at which reminders go out, e.g. "1440,120".
    reminder_offsets: Mapped[str] = mapped_column(String(100), default="1440")
    #: Local hours in which nothing is sent unprompted, e.g. "21:00-09:00".
    quiet_hours: Mapped[str] = mapped_column(String(11), default="21:00-09:00")
    #: The salon CRM's endpoint for signed event webhooks, and the secret that signs them.
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_secret: Mapped[str | None] = mapped_column(String(100))
    #: After a rotation, the secret before it: events are signed with both until ``…_until``.
    webhook_secret_previous: Mapped[str | None] = mapped_column(String(100))
    webhook_secret_previous_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when the endpoint answered 410 Gone: nothing more is delivered until it is set again.
    webhook_disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The event types the salon's CRM wants; None: every type, including ones added later.
    webhook_events: Mapped[list[str] | None] = mapped_column(JSON)
    #: Price of one SMS segment, for the cost estimate in stats (CNY by default).
    segment_price: Mapped[Decimal] = mapped_column(Numeric(10, 4), default=Decimal("0.1"))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    #: Most outbound texts a day (salon's timezone); more wait for the next day, none is lost.
    daily_sms_cap: Mapped[int] = mapped_column(Integer, default=2000)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name_for(self, locale: str) -> str:
        """The salon's name as a text in ``locale`` shows it."""
        return (self.display_names or {}).get(locale) or self.name


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("salon_id", "phone", name="uq_customers_salon_phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(100))
    locale: Mapped[str | None] = mapped_column(String(8))
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when the salon erased this customer: phone and name are a tombstone from then on.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    salon: Mapped[Salon] = relationship()

    @property
    def opted_out(self) -> bool:
        return self.opted_out_at is not None


_OPEN = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATUSES))


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("salon_id", "external_id", name="uq_appointments_salon_external_id"),
        # A ref identifies one open appointment of a salon; closed ones free theirs for reuse.
        Index(
            "uq_appointments_salon_open_ref",
            "salon_id",
            "ref",
            unique=True,
            postgresql_where=text(f"status IN ({_OPEN})"),
            sqlite_where=text(f"status IN ({_OPEN})"),
        ),
        # Matching a reply: this customer's upcoming appointments.
        Index("ix_appointments_customer_starts_at", "customer_id", "starts_at"),
        # The API's list (ordered by starts_at, id) and stats, and sync by updated_since.
        Index("ix_appointments_salon_starts_at", "salon_id", "starts_at", "id"),
        Index("ix_appointments_salon_updated_at", "salon_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    external_id: Mapped[str] = mapped_column(String(100))
    ref: Mapped[str] = mapped_column(String(8))
    status: Mapped[AppointmentStatus] = mapped_column(
        Enum(
            AppointmentStatus,
            native_enum=False,
            length=20,
            values_callable=lambda statuses: [s.value for s in statuses],
        ),
        default=AppointmentStatus.UNCONFIRMED,
    )
    service: Mapped[str | None] = mapped_column(String(100))
    stylist: Mapped[str | None] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    salon: Mapped[Salon] = relationship()
    customer: Mapped[Customer] = relationship()


class MessageDirection:
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageStatus:
    """Where an SMS is: outbound queued → sending → sent (→ delivered/failed); inbound received."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    #: Not sent on purpose (the customer opted out, the appointment moved on).
    CANCELLED = "cancelled"
    #: Handed to the provider, but no answer came: it may or may not have gone, so it is not
    #: sent again blindly. A status callback for it settles the question; if none comes within
    #: an hour, the salon's CRM hears of it (``message.uncertain``).
    UNCERTAIN = "uncertain"
    UNDELIVERED = "undelivered"
    #: Over the salon's daily cap: waits (send_after) for the next day, then goes as queued.
    HELD = "held"
    RECEIVED = "received"


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # Twilio retries webhooks: one row per provider message, whatever arrives twice.
        UniqueConstraint("provider", "provider_sid", name="uq_messages_provider_sid"),
        Index("ix_messages_appointment", "appointment_id", "id"),
        # The outbox relay's look-up: queued rows whose time has come.
        Index("ix_messages_status_send_after", "status", "send_after"),
        # The daily cap's count and stats.
        Index("ix_messages_salon_created_at", "salon_id", "created_at"),
        # A customer's texts: opt-out and erasure cancel or blank them all.
        Index("ix_messages_customer", "customer_id"),
        # Replies stored but not yet understood: what the relay hands to the workers again.
        Index(
            "ix_messages_unprocessed_replies",
            "created_at",
            postgresql_where=text("direction = 'inbound' AND processed_at IS NULL"),
            sqlite_where=text("direction = 'inbound' AND processed_at IS NULL"),
        ),
        # Retention: the oldest bodies still to blank, without reading the whole table.
        Index(
            "ix_messages_unblanked_created_at",
            "created_at",
            postgresql_where=text("body <> ''"),
            sqlite_where=text("body <> ''"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    direction: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    #: Outbound: the template it was rendered from.
    template: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str | None] = mapped_column(String(8))
    #: Inbound: what we understood (set when a worker processed it).
    intent: Mapped[str | None] = mapped_column(String(20))
    #: Inbound: the provider's own reading of the text (Twilio's OptOutType: STOP, START, HELP).
    opt_out_type: Mapped[str | None] = mapped_column(String(10))
    #: Inbound: when a worker acted on it. The webhook only stores a reply and answers Twilio.
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))
    segments: Mapped[int] = mapped_column(Integer, default=1)
    #: "twilio", "console", …: set when received, or when the worker hands the SMS over.
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    #: Outbound through a template provider: the template's values in order (a JSON list of
    #: [name, value]), exactly those the body was rendered from.
    template_params: Mapped[str | None] = mapped_column(Text)
    #: Parts the provider billed, where it says so (Tencent Cloud's Fee).
    fee: Mapped[int | None] = mapped_column(Integer)
    #: Twilio's 21610, Alibaba Cloud's isv.BUSINESS_LIMIT_CONTROL, Tencent Cloud's
    #: FailedOperation.PhoneNumberInBlacklist …
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Not before this time (quiet hours); the relay enqueues rows whose time has come.
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Last handed to the job queue; a row still queued long after this is enqueued again.
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When a worker took it (queued → sending).
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the worker started handing it to the provider. A row left ``sending`` without it
    #: never reached the provider and is queued again; with it, the text may have gone.
    provider_call_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the salon's CRM was told (``message.uncertain``) that nothing settled this text.
    uncertain_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer: Mapped[Customer | None] = relationship()
    salon: Mapped[Salon] = relationship()
    appointment: Mapped[Appointment | None] = relationship()


class StatusChange(Base):
    """The audit trail: every move of an appointment's status, why, and which SMS caused it."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    #: customer_reply, reschedule, staff.
    cause: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderStatus:
    PENDING = "pending"
    #: Its message was created (and went through the outbox like any other).
    QUEUED = "queued"
    #: Not sent, on purpose; ``decision`` says why.
    SKIPPED = "skipped"
    #: The appointment moved: a reminder for the new time replaces it.
    CANCELLED = "cancelled"


class Reminder(Base):
    """One planned reminder: an offset before one appointment time, and what became of it."""

    __tablename__ = "reminders"
    __table_args__ = (
        # One reminder per offset per appointment time, whatever plans or sweeps run twice.
        UniqueConstraint("appointment_id", "offset_minutes", "starts_at", name="uq_reminders_once"),
        # The sweep reads only due rows: its cost follows what is due, not the table.
        Index(
            "ix_reminders_pending_send_at",
            "send_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"))
    offset_minutes: Mapped[int] = mapped_column(Integer)
    #: The appointment time this reminder was planned for.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=ReminderStatus.PENDING)
    #: Why it goes when it goes, or why not at all, for salon staff.
    decision: Mapped[str] = mapped_column(String(200))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    appointment: Mapped[Appointment] = relationship()


class DeliveryStatus:
    PENDING = "pending"
    DELIVERED = "delivered"
    #: Retries exhausted (about 24 h), or the endpoint is gone (410) or refused by policy.
    FAILED = "failed"


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
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    #: The event's id (evt_…), the same on every attempt: CRMs deduplicate by it.
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    event_type: Mapped[str] = mapped_column(String(40))
    #: The exact JSON body sent (and signed) on every attempt.
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.PENDING)
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
