"""What providers that send approved templates and push their replies need stored: the codes
their consoles gave our templates, their pushes as they came, the records of a push that could
not be used, and replies no salon could be found for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models.base import Base, UTCDateTime, utcnow


class TemplateCode(Base):
    """The code a provider gave one of our templates once approved (SMS_123456789, 1860001)."""

    __tablename__ = "template_codes"
    __table_args__ = (
        UniqueConstraint(
            "provider", "locale", "name", "international", name="uq_template_codes_template"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(8))
    #: The message name: templates_sms/<locale>/<name>.txt.
    name: Mapped[str] = mapped_column(String(40))
    #: Approved for numbers outside the mainland (the providers review those apart).
    international: Mapped[bool] = mapped_column(Boolean, default=False)
    code: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnroutedReply(Base):
    """A pushed reply whose sign name and extension code match no salon: kept for the operator
    (``flask --app wsgi templates unrouted``), never lost, never acted on by itself."""

    __tablename__ = "unrouted_replies"
    __table_args__ = (
        UniqueConstraint("provider", "dedupe_id", name="uq_unrouted_replies_dedupe_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    #: The provider's id of the reply (the same on every retry of the push).
    dedupe_id: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    sign_name: Mapped[str | None] = mapped_column(String(40))
    extend_code: Mapped[str | None] = mapped_column(String(20))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Why no salon could be chosen (an unknown sign name, a shared one nobody texted …).
    reason: Mapped[str | None] = mapped_column(String(200))


class ProviderPush(Base):
    """A push exactly as it came (one row per HTTP request), kept before it is answered; a
    worker turns it into replies and receipts (``services.replies.pushes``)."""

    __tablename__ = "provider_pushes"
    __table_args__ = (
        # The sweep looks for pushes no worker has taken yet.
        Index(
            "ix_provider_pushes_unprocessed",
            "received_at",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
        Index("ix_provider_pushes_received_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    #: The last part of the URL it came to: up, report (Alibaba Cloud), reply, report (Tencent).
    kind: Mapped[str] = mapped_column(String(10))
    #: The request body as it came (JSON text; one that is not JSON is refused, not kept).
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How many of its readable records (oldest first) the workers have acted on: a long batch
    #: is read a few records per transaction, so the webhook never waits long for SQLite's lock.
    records_done: Mapped[int] = mapped_column(Integer, default=0)
    #: What the worker made of it: "3 replies stored, 1 unrouted, 1 record kept aside".
    outcome: Mapped[str | None] = mapped_column(String(300))


class PushProblem(Base):
    """A record of a push that could not be used as it was, and why: unreadable (a field
    missing, too long, a NUL character …), refused by the database, or read leniently (a time
    in no documented form: then it was used anyway, ``acted_on``)."""

    __tablename__ = "push_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    push_id: Mapped[int] = mapped_column(ForeignKey("provider_pushes.id"), index=True)
    #: Where the record was in the batch, from 0.
    position: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    #: The record as JSON text, control characters escaped (``providers.china.record_copy``).
    record: Mapped[str] = mapped_column(Text)
    acted_on: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
