"""Salons, their customers and appointments, and the audit trail of each appointment's moves."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.domain.campaigns import (
    DEFAULT_MARKETING_DAILY_BUDGET,
    DEFAULT_MARKETING_PER_MINUTE,
    DEFAULT_MAX_PER_30_DAYS,
    MarketingLimits,
)
from gateway.domain.lifecycle import OPEN_STATUSES, AppointmentStatus
from gateway.domain.marketing import Birthday, marketing_reachable
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow


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
    #: Where the salon is, per locale ({"zh-CN": "文三路100号2楼"}): told to a customer who asks
    #: where (在哪里); none set, the answer gives the time only.
    addresses: Mapped[dict[str, str] | None] = mapped_column(JSON)
    #: Twilio: the E.164 number customers receive our texts from and reply to; it picks the
    #: salon. China providers send from shared numbers: none.
    sender_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    #: Who sends its texts: twilio, aliyun, tencent or console (see gateway/providers); none
    #: means the deployment's SMS_PROVIDER, as for every salon made before there was a choice.
    provider: Mapped[str | None] = mapped_column(String(20))
    #: Alibaba Cloud / Tencent Cloud: the registered signature (签名, without 【】) and the
    #: extension code (扩展码) replies come back on; see gateway/services/salons/providers.py.
    sign_name: Mapped[str | None] = mapped_column(String(40))
    extend_code: Mapped[str | None] = mapped_column(String(12))
    #: Salons of one provider that share a sign name (a chain with one brand signature) carry
    #: the same group, the lowest id among them; a sign name is otherwise one salon's alone.
    #: Set by the operator only (``flask salon update ID --share-sign-with OTHER``).
    sign_group: Mapped[int | None] = mapped_column(Integer)
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
    #: When a customer asks for a change, offer slots from published availability by SMS.
    auto_offers: Mapped[bool] = mapped_column(Boolean, default=True)
    #: No slot is offered sooner than this many minutes from now.
    offer_notice_minutes: Mapped[int] = mapped_column(Integer, default=120)
    #: After a completed visit, text the customer a one-reply satisfaction survey.
    survey_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Minutes after the visit is marked completed (then past quiet hours).
    survey_delay_minutes: Mapped[int] = mapped_column(Integer, default=120)
    #: At most one survey per customer in this many days.
    survey_min_days_between: Mapped[int] = mapped_column(Integer, default=30)
    #: The marketing rules' limits (``marketing_limits``): marketing texts a customer gets in
    #: 30 days at most, campaign texts a salon day, campaign texts handed over in a minute.
    marketing_max_per_30_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_PER_30_DAYS)
    marketing_daily_budget: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_MARKETING_DAILY_BUDGET
    )
    marketing_per_minute: Mapped[int] = mapped_column(Integer, default=DEFAULT_MARKETING_PER_MINUTE)
    #: The birthday automation: {"enabled", "days_before", "values"}; None: never set (off).
    birthday_offers: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name_for(self, locale: str) -> str:
        """The salon's name as a text in ``locale`` shows it."""
        return (self.display_names or {}).get(locale) or self.name

    def address_for(self, locale: str) -> str | None:
        """The salon's address as a text in ``locale`` writes it, else in the salon's own
        locale; None when the salon has set none."""
        addresses = self.addresses or {}
        return addresses.get(locale) or addresses.get(self.locale) or None

    @property
    def marketing_limits(self) -> MarketingLimits:
        """The salon's marketing limits: the one place the sending path, the dry run, the
        budget and the relay read them."""
        return MarketingLimits(
            max_per_30_days=self.marketing_max_per_30_days,
            daily_budget=self.marketing_daily_budget,
            per_minute=self.marketing_per_minute,
        )


class DailyTextCount(Base):
    """How many texts a salon's workers took to send on one of the salon's days: what its daily
    cap counts. Updated in the transaction that claims the texts, under the salon's row lock,
    so the count stays exact with any number of workers and costs the same however many texts
    the salon sent before."""

    __tablename__ = "daily_text_counts"

    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"), primary_key=True)
    #: The salon's own date (its timezone), as the cap's day is.
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    texts: Mapped[int] = mapped_column(Integer, default=0)
    #: Campaigns' texts, counted apart against the marketing budget: they never take the
    #: daily cap appointment texts need.
    marketing_texts: Mapped[int] = mapped_column(Integer, default=0)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("salon_id", "phone", name="uq_customers_salon_phone"),
        # Who may get marketing now: a salon's consenting customers, without reading the rest.
        Index(
            "ix_customers_salon_marketing_consent",
            "salon_id",
            postgresql_where=text("marketing_consent_at IS NOT NULL"),
            sqlite_where=text("marketing_consent_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(100))
    locale: Mapped[str | None] = mapped_column(String(8))
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when the salon erased this customer: phone and name are a tombstone from then on.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The birthday the salon holds (``MM-DD`` or ``YYYY-MM-DD``): month and day, year if known.
    birthday_month: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_day: Mapped[int | None] = mapped_column(SmallInteger)
    birthday_year: Mapped[int | None] = mapped_column(SmallInteger)
    #: The salon's labels for the customer (["VIP", "烫发"]).
    tags: Mapped[list[str] | None] = mapped_column(JSON)
    #: Since when the customer's consent to marketing stands; None: never given, or withdrawn.
    #: The history is ``consent_changes``. An opt-out outranks it (``marketing_reachable``).
    marketing_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The year of the birthday the birthday automation last offered them something for: one
    #: offer a birthday, however the salon toggles the automation.
    birthday_offered_for: Mapped[int | None] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    salon: Mapped[Salon] = relationship()

    @property
    def opted_out(self) -> bool:
        return self.opted_out_at is not None

    @property
    def birthday(self) -> str | None:
        if self.birthday_month is None or self.birthday_day is None:
            return None
        return str(Birthday(self.birthday_month, self.birthday_day, self.birthday_year))

    @property
    def marketing_reachable(self) -> bool:
        return marketing_reachable(
            consent_since=self.marketing_consent_at,
            opted_out_at=self.opted_out_at,
            erased_at=self.erased_at,
        )


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


class StatusChange(Base):
    """The audit trail: every move of an appointment's status, why, and which SMS caused it."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), index=True)
    from_status: Mapped[AppointmentStatus] = mapped_column(StrEnumColumn(AppointmentStatus, 20))
    to_status: Mapped[AppointmentStatus] = mapped_column(StrEnumColumn(AppointmentStatus, 20))
    #: customer_reply, reschedule, staff.
    cause: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
