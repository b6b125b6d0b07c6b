"""A salon's campaigns: an offer to a chosen audience, its dry run's figures, and its status.

A campaign's texts are ``messages`` rows carrying its ``campaign_id``, so what became of them
(sent, delivered, failed) is counted from the thread itself, never kept twice.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.domain.campaigns import CampaignKind, CampaignStatus
from gateway.models.base import Base, StrEnumColumn, UTCDateTime, utcnow


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        # A salon's campaigns, newest first.
        Index("ix_campaigns_salon", "salon_id", "id"),
        # One automatic campaign of a kind a salon day, however many sweeps run at once.
        Index(
            "uq_campaigns_salon_kind_automation_day",
            "salon_id",
            "kind",
            "automation_day",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id"))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[CampaignKind] = mapped_column(StrEnumColumn(CampaignKind, 20))
    #: Exactly one way of choosing customers, as the salon sent it (``Audience.as_json``).
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The offer's values: ``offer``, ``valid_until``.
    values: Mapped[dict[str, str]] = mapped_column(JSON)
    #: Not before this time; None: as soon as it is started.
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[CampaignStatus] = mapped_column(
        StrEnumColumn(CampaignStatus, 20), default=CampaignStatus.DRAFT
    )
    #: The dry run's figures when it was last counted (on creation, again on start).
    audience_count: Mapped[int] = mapped_column(Integer, default=0)
    excluded: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    segments: Mapped[int] = mapped_column(Integer, default=1)
    estimated_cost: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: An automatic campaign (the birthday automation): the salon day it was made for; None
    #: for a campaign staff or the CRM made.
    automation_day: Mapped[date | None] = mapped_column(Date)
