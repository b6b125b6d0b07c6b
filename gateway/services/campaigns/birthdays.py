"""The birthday automation: each salon day, the sweep makes that day's birthday campaign for
every salon that turned it on (``birthday_offers``) and starts it through the same path as any
campaign, so the marketing rules, results, cancelling and ``campaign.finished`` are the same.

Idempotent with any number of sweeps, at once or all day long: a salon's automatic campaign is
one per kind and salon day (a unique index, ``automation_day``), so a second sweep making the
same one fails to insert it and leaves the day alone. A customer is offered one gift a
birthday (``customers.birthday_offered_for``), however often the salon toggles the automation
or changes its days. Phone numbers never reach the log.
"""

from __future__ import annotations

import calendar
import logging
from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.domain.campaigns import (
    Audience,
    BirthdayOffers,
    CampaignKind,
    CampaignStatus,
    birthday_occurrence,
)
from gateway.models import Campaign, Customer, Message, Salon
from gateway.services.campaigns.lifecycle import CampaignDraft, create_campaign, start_campaign
from gateway.services.errors import ServiceError

log = logging.getLogger(__name__)

#: What staff see in the campaign list: the kind of offer and the salon day it went out.
_NAMES: Final = {
    "zh-CN": "生日优惠 {day}",
    "zh-TW": "生日優惠 {day}",
    "en": "Birthday offers {day}",
}


def campaign_name(locale: str, today: date) -> str:
    return _NAMES.get(locale, _NAMES["en"]).format(day=today.strftime("%m-%d"))


def _birthdays_on(day: date) -> list[tuple[int, int]]:
    """The (month, day) birthdays greeted on ``day``'s occurrence: 29 February on the 28th in
    years without it."""
    dates = [(day.month, day.day)]
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        dates.append((2, 29))
    return dates


def _anyone_to_greet(session: Session, salon: Salon, occurrence: date) -> bool:
    """Whether a reachable customer's birthday not yet offered for falls on ``occurrence``:
    one indexed look, so a day without birthdays costs no campaign and no dry run."""
    found = session.scalar(
        select(Customer.id)
        .where(
            Customer.salon_id == salon.id,
            Customer.marketing_consent_at.is_not(None),
            Customer.opted_out_at.is_(None),
            Customer.erased_at.is_(None),
            or_(
                *(
                    and_(Customer.birthday_month == month, Customer.birthday_day == day)
                    for month, day in _birthdays_on(occurrence)
                )
            ),
            or_(
                Customer.birthday_offered_for.is_(None),
                Customer.birthday_offered_for != occurrence.year,
            ),
        )
        .limit(1)
    )
    return found is not None


def _made_today(session: Session, salon: Salon, today: date) -> bool:
    return (
        session.scalar(
            select(Campaign.id).where(
                Campaign.salon_id == salon.id,
                Campaign.kind == CampaignKind.BIRTHDAY,
                Campaign.automation_day == today,
            )
        )
        is not None
    )


def send_birthday_offers(session: Session, *, now: datetime) -> int:
    """The sweep's part: today's birthday campaign for each salon with the automation on that
    has none yet and someone to greet. Returns how many campaigns it started."""
    started = 0
    for salon in session.scalars(
        select(Salon).where(Salon.birthday_offers.is_not(None)).order_by(Salon.id)
    ):
        offers = BirthdayOffers.stored(salon.birthday_offers)
        if not offers.enabled or offers.values is None:
            continue
        today = now.astimezone(ZoneInfo(salon.timezone)).date()
        occurrence = birthday_occurrence(today, offers.days_before)
        if _made_today(session, salon, today) or not _anyone_to_greet(session, salon, occurrence):
            continue
        if _start_the_day(session, salon, offers, today=today, now=now):
            started += 1
    return started


def _start_the_day(
    session: Session, salon: Salon, offers: BirthdayOffers, *, today: date, now: datetime
) -> bool:
    """Make and start the salon's birthday campaign of ``today``; False when another sweep
    made it first, or the start path refused (the day is then skipped, once)."""
    assert offers.values is not None
    draft = CampaignDraft(
        name=campaign_name(salon.locale, today),
        kind=CampaignKind.BIRTHDAY,
        audience=Audience(birthday_in_days=offers.days_before),
        values=offers.values,
        send_at=None,
    )
    try:
        with session.begin_nested():
            campaign = create_campaign(session, salon, draft, now=now, automation_day=today)
    except IntegrityError:
        return False  # another sweep made today's, and starts it
    try:
        with session.begin_nested():
            start_campaign(session, salon, campaign, now=now)
    except ServiceError as exc:
        # Kept, cancelled: staff see the day was skipped, and no later sweep tries it again.
        campaign.status, campaign.cancelled_at = CampaignStatus.CANCELLED, now
        log.warning("birthday offers of salon %s for %s skipped: %s", salon.id, today, exc.message)
        return False
    occurrence = birthday_occurrence(today, offers.days_before)
    session.execute(
        update(Customer)
        .where(
            Customer.id.in_(select(Message.customer_id).where(Message.campaign_id == campaign.id))
        )
        .values(birthday_offered_for=occurrence.year)
        .execution_options(synchronize_session=False)
    )
    return True
