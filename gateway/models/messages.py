"""The SMS thread: every text in and out, and the reminders planned for each appointment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.domain.lifecycle import Intent
from gateway.domain.texts import MessageDirection, MessageStatus, ReminderStatus, TemplateName
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow
from gateway.models.salons import Appointment, Customer, Salon

#: A text with a problem (failed, undelivered, uncertain) that the sweep has not yet put in the
#: salon's inbox: the predicate of ``ix_messages_text_problems_to_collect``, written out with
#: its values so that PostgreSQL and SQLite see a search's condition imply it.
TEXT_PROBLEM_TO_COLLECT = (
    "status IN ('failed', 'undelivered', 'uncertain') AND inbox_collected_at IS NULL"
)


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
        # A campaign's texts: its results, and cancelling what has not gone.
        Index("ix_messages_campaign", "campaign_id"),
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
        # The inbox's search for failed texts: only those not collected yet, so its cost
        # follows new failures, not every failure of the last days (bench/sweep.py).
        Index(
            "ix_messages_text_problems_to_collect",
            "send_after",
            "id",
            postgresql_where=text(TEXT_PROBLEM_TO_COLLECT),
            sqlite_where=text(TEXT_PROBLEM_TO_COLLECT),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    #: Outbound marketing: the campaign the text belongs to (gateway/models/campaigns.py).
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    direction: Mapped[MessageDirection] = mapped_column(StrEnumColumn(MessageDirection, 10))
    body: Mapped[str] = mapped_column(Text)
    #: Outbound: the template it was rendered from.
    template: Mapped[TemplateName | None] = mapped_column(StrEnumColumn(TemplateName, 40))
    locale: Mapped[str | None] = mapped_column(String(8))
    #: Inbound: what we understood (set when a worker processed it).
    intent: Mapped[Intent | None] = mapped_column(StrEnumColumn(Intent, 20))
    #: Inbound, intent ``offer_pick``: the letter of the slot it took (A, B or C).
    picked: Mapped[str | None] = mapped_column(String(1))
    #: Inbound: the provider's own reading of the text (Twilio's OptOutType: STOP, START, HELP).
    opt_out_type: Mapped[str | None] = mapped_column(String(10))
    #: Inbound: when a worker acted on it. The webhook only stores a reply and answers Twilio.
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[MessageStatus] = mapped_column(StrEnumColumn(MessageStatus, 20))
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
    #: When the sweep put this text's problem (failed, undelivered, uncertain) in the salon's
    #: inbox: a text is collected once, whatever its status does afterwards.
    inbox_collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer: Mapped[Customer | None] = relationship()
    salon: Mapped[Salon] = relationship()
    appointment: Mapped[Appointment | None] = relationship()


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
    status: Mapped[ReminderStatus] = mapped_column(
        StrEnumColumn(ReminderStatus, 20), default=ReminderStatus.PENDING
    )
    #: Why it goes when it goes, or why not at all, for salon staff.
    decision: Mapped[str] = mapped_column(String(200))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    appointment: Mapped[Appointment] = relationship()
