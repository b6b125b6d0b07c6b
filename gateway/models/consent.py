"""Customers' consent to marketing: every change, kept as a row, never overwritten.

The current state is on the customer (``Customer.marketing_consent_at``), so "who may get a
campaign now" is one indexed query over ``customers``; this table is the history behind it,
what a regulator asks to see.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.domain.marketing import ConsentMethod, RecordedBy
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow


class ConsentChange(Base):
    """One grant or withdrawal of a customer's consent to marketing, with its evidence."""

    __tablename__ = "consent_changes"
    __table_args__ = (
        # A customer's history, in the order it was recorded; the latest is the current state.
        Index("ix_consent_changes_customer", "customer_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    marketing: Mapped[bool] = mapped_column(Boolean)
    method: Mapped[ConsentMethod | None] = mapped_column(StrEnumColumn(ConsentMethod, 20))
    #: The form's number, the words the customer replied, what staff saw.
    evidence: Mapped[str | None] = mapped_column(Text)
    #: When the customer gave or withdrew it (may be before it was recorded: a paper form).
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by: Mapped[RecordedBy] = mapped_column(StrEnumColumn(RecordedBy, 20))
    #: The staff member, when staff recorded it from the console.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    #: Who, in words: the staff member's name, the API key's fingerprint, "customer".
    recorded_by_name: Mapped[str | None] = mapped_column(String(100))
