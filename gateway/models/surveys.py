"""Satisfaction surveys after a visit, and the feedback customers reply with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.domain.survey_status import SurveyStatus
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow
from gateway.models.messages import Message
from gateway.models.salons import Appointment, Customer


class Survey(Base):
    """The one survey of a completed appointment: planned, then sent or skipped (why in
    ``decision``)."""

    __tablename__ = "surveys"
    __table_args__ = (
        # The sweep reads only the due ones.
        Index("ix_surveys_status_send_at", "status", "send_at"),
        # The minimum interval: this customer's surveys sent lately.
        Index("ix_surveys_customer_sent_at", "customer_id", "sent_at"),
        Index("ix_surveys_salon_sent_at", "salon_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    #: Unique: never two surveys about one visit, whatever marks it completed twice.
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    status: Mapped[SurveyStatus] = mapped_column(
        StrEnumColumn(SurveyStatus, 20), default=SurveyStatus.PENDING
    )
    #: Not before: the visit's end plus the salon's delay, past quiet hours.
    send_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Why it goes when it goes, or why not at all, for salon staff.
    decision: Mapped[str] = mapped_column(String(200), default="")
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    #: When its text was due to go (after quiet hours): replies are read as answers from then.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When a score came back: later replies are ordinary replies again.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    appointment: Mapped[Appointment] = relationship()
    customer: Mapped[Customer] = relationship()
    message: Mapped[Message | None] = relationship()


class Feedback(Base):
    """One reply to a survey: a score 1-5, a comment, or both."""

    __tablename__ = "feedback"
    __table_args__ = (
        # The API's list, newest first, a page at a time; the quarter's figures.
        Index("ix_feedback_salon_received", "salon_id", "received_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    #: The reply it was read from: one feedback per reply, however often it is processed.
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    score: Mapped[int | None] = mapped_column(Integer)
    #: The words around the score (or the whole reply); blanked when the customer is erased.
    comment: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)

    appointment: Mapped[Appointment] = relationship()
    survey: Mapped[Survey] = relationship()
