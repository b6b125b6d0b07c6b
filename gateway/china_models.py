"""Stored records that only template providers (Alibaba Cloud, Tencent Cloud) need: the codes
their consoles gave our approved templates, and replies no salon could be found for.

Kept beside ``gateway.models`` (same declarative base, same migrations).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models import Base, UTCDateTime, utcnow


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
