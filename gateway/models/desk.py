"""The front desk: salon staff who sign in to the console, the inbox of what needs a person, and
the phrases staff taught the gateway from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.domain.inbox import InboxReason
from gateway.domain.lifecycle import Intent
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow
from gateway.models.messages import Message
from gateway.models.salons import Appointment, Customer


class Staff(Base):
    """A person at the salon who signs in to the console with an email (or a phone number) and
    a password."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"), index=True)
    #: Lower-case; one account per address across salons, so sign-in needs nothing else.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: E.164; signs in as the email does (staff in China expect to). One account per number.
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    #: werkzeug.security's hash (scrypt), salt and parameters included.
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Owners add, disable and reset the passwords of the salon's staff.
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Set when an owner disabled the account: it can no longer sign in, nor act on a session.
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changed with the password: sessions signed before a reset stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InboxItem(Base):
    """One thing a person should look at: a reply the machine could not act on, a text that
    failed, an opt-out. Written with what caused it; ``handled_*`` when someone dealt with it."""

    __tablename__ = "inbox_items"
    __table_args__ = (
        # A message is in the inbox at most once, however often the sweep looks at it.
        UniqueConstraint("message_id", name="uq_inbox_items_message"),
        # The inbox, newest first, a page at a time.
        Index("ix_inbox_items_salon_id", "salon_id", "id"),
        # How many wait (the tab title, polled).
        Index(
            "ix_inbox_items_waiting",
            "salon_id",
            postgresql_where=text("handled_at IS NULL"),
            sqlite_where=text("handled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    reason: Mapped[InboxReason] = mapped_column(StrEnumColumn(InboxReason, 30))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The staff member's email, or "api" when the CRM marked it handled.
    handled_by: Mapped[str | None] = mapped_column(String(254))
    #: An unclear reply staff read for the customer: as what (confirm, change, cancel), and who.
    treated_as: Mapped[str | None] = mapped_column(String(20))
    treated_by: Mapped[str | None] = mapped_column(String(254))

    customer: Mapped[Customer | None] = relationship()
    message: Mapped[Message | None] = relationship()
    appointment: Mapped[Appointment | None] = relationship()


class TaughtPhrase(Base):
    """A reply staff read for a customer and asked the gateway to remember: the next reply of
    the salon with exactly this text (``gateway.domain.taught_phrases.phrase_text``) is read as
    ``intent`` when the parser alone cannot read it."""

    __tablename__ = "taught_phrases"
    __table_args__ = (
        # One meaning per text and salon: teaching it again with another intent replaces it.
        UniqueConstraint("salon_id", "text", name="uq_taught_phrases_salon_text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    #: Normalised (``phrase_text``): at most the parser's 60 characters.
    text: Mapped[str] = mapped_column(String(60))
    intent: Mapped[Intent] = mapped_column(StrEnumColumn(Intent, 20))
    #: The staff member's email, or "api".
    taught_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The customer whose reply it was last taught from: the words may name them, so erasing
    #: them forgets it (``services.privacy.erasure``). None for phrases taught before this was
    #: kept.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
