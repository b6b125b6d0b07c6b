"""A campaign's life: drafted with its dry run, started (scheduled), cancelled (what has not
gone is stopped), and what became of its texts.

Every function takes the salon: a campaign is found only among the salon's own, so another
salon's id is simply not there (the API answers 404 and nothing changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gateway.domain.campaigns import (
    CANCELLABLE,
    Audience,
    CampaignKind,
    CampaignResults,
    CampaignStatus,
    next_marketing_time,
    parse_audience,
    value_too_long,
)
from gateway.domain.events import EventType
from gateway.domain.segments import count_segments
from gateway.domain.texts import MessageDirection, MessageStatus, TemplateName
from gateway.models import Campaign, Customer, Message, Salon
from gateway.resources import local_time
from gateway.services.campaigns.planning import Plan, plan
from gateway.services.crm.events import emit
from gateway.services.errors import Conflict, ServiceError
from gateway.services.sending.outbox import store_texts
from gateway.services.sending.template_codes import missing_templates, value_limit

#: Texts not yet handed to the provider: cancelling stops them.
_NOT_GONE = (MessageStatus.QUEUED, MessageStatus.HELD)
_SENT = (
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.UNDELIVERED,
    MessageStatus.UNCERTAIN,
)


@dataclass(frozen=True, slots=True)
class CampaignDraft:
    name: str
    kind: CampaignKind
    audience: Audience
    values: dict[str, str]
    send_at: datetime | None


def _count(campaign: Campaign, counted: Plan) -> None:
    campaign.audience_count = counted.dry_run.audience_count
    campaign.excluded = counted.dry_run.excluded_json()
    campaign.segments = counted.segments
    campaign.estimated_cost = counted.estimated_cost


def create_campaign(
    session: Session,
    salon: Salon,
    draft: CampaignDraft,
    *,
    now: datetime,
    automation_day: date | None = None,
) -> Campaign:
    """A draft with its dry run counted: nothing is sent until it is started. An automatic
    campaign carries the salon day it was made for (one of a kind a day). On a template
    provider an offer's value longer than it takes in one variable is refused, naming it."""
    too_long = value_too_long(draft.values, value_limit(session, salon.provider))
    if too_long is not None:
        raise ServiceError(
            _too_long(session, salon, too_long),
            field=f"values.{too_long}",
            reason="campaign_value_too_long",
            values={"n": value_limit(session, salon.provider)},
        )
    campaign = Campaign(
        salon_id=salon.id,
        name=draft.name,
        kind=draft.kind,
        audience=draft.audience.as_json(),
        values=dict(draft.values),
        send_at=draft.send_at,
        status=CampaignStatus.DRAFT,
        created_at=now,
        automation_day=automation_day,
    )
    _count(campaign, plan(session, salon, draft.audience, draft.values, now=now))
    session.add(campaign)
    session.flush()
    return campaign


def campaign_of(
    session: Session, salon: Salon, campaign_id: int, *, lock: bool = False
) -> Campaign | None:
    """The salon's campaign with this id, or None (another salon's is not there to find)."""
    query = select(Campaign).where(Campaign.id == campaign_id, Campaign.salon_id == salon.id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def start_campaign(session: Session, salon: Salon, campaign: Campaign, *, now: datetime) -> None:
    """Queue a text to each customer the dry run, counted again now, reaches: not before
    ``send_at`` and inside marketing hours. The sending path asks the marketing rules again
    when each goes (``services.sending.marketing``)."""
    if campaign.status is not CampaignStatus.DRAFT:
        raise Conflict(f"the campaign is {campaign.status.value}: only a draft can be started")
    _require_offer_template(session, salon, campaign)
    audience = parse_audience(campaign.audience, automatic=campaign.automation_day is not None)
    counted = plan(session, salon, audience, campaign.values, now=now)
    _count(campaign, counted)
    first = next_marketing_time(max(campaign.send_at or now, now), salon.timezone)
    due_now = first <= now
    store_texts(
        session,
        [
            {
                "salon_id": salon.id,
                "customer_id": customer_id,
                "appointment_id": None,
                "campaign_id": campaign.id,
                "direction": MessageDirection.OUTBOUND,
                "body": text.body,
                "template": TemplateName.CAMPAIGN_OFFER,
                "locale": text.locale,
                "status": MessageStatus.QUEUED,
                "segments": count_segments(text.body),
                # On a template provider: the approved template's values, sent with its code.
                "template_params": text.params,
                "created_at": now,
                "send_after": first,
                # The sweep hands them to the marketing queue, the salon's allowance a minute.
                "enqueued_at": None,
                "error_message": None,
            }
            for customer_id, text in counted.texts.items()
        ],
    )
    campaign.status = CampaignStatus.SENDING if due_now else CampaignStatus.SCHEDULED
    campaign.started_at = now


def _too_long(session: Session, salon: Salon, name: str) -> str:
    limit = value_limit(session, salon.provider)
    return (
        f"values.{name} is longer than {salon.provider} takes in one template value "
        f"({limit} characters): write a shorter one"
    )


def _require_offer_template(session: Session, salon: Salon, campaign: Campaign) -> None:
    """On a template provider a campaign needs campaign_offer's code in the salon's language
    (customers in another language without one get the salon's), and values that fit."""
    missing = missing_templates(
        session, provider=salon.provider, locale=salon.locale, names=(TemplateName.CAMPAIGN_OFFER,)
    )
    if missing:
        raise Conflict(
            f"{salon.provider} sends only approved templates: campaign texts need the marketing "
            f"template {missing[0]} (campaign_offer) approved and its code recorded with "
            "`flask --app wsgi templates set-code` (docs/campaigns.md)"
        )
    too_long = value_too_long(campaign.values, value_limit(session, salon.provider))
    if too_long is not None:
        raise Conflict(_too_long(session, salon, too_long))


def cancel_campaign(session: Session, campaign: Campaign, *, now: datetime) -> int:
    """Stop what has not gone: its queued and held texts are cancelled. Returns how many."""
    if campaign.status not in CANCELLABLE:
        raise Conflict(f"the campaign is {campaign.status.value}: nothing is left to cancel")
    stopped = session.execute(
        update(Message)
        .where(Message.campaign_id == campaign.id, Message.status.in_(_NOT_GONE))
        .values(status=MessageStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    campaign.status = CampaignStatus.CANCELLED
    campaign.cancelled_at = now
    return int(getattr(stopped, "rowcount", 0) or 0)


def campaign_results(session: Session, campaign: Campaign) -> CampaignResults:
    """What became of its texts: sent (delivered ones included), delivered, failed, cancelled,
    still to go; customers who opted out after a text of it; replies from its customers since."""
    by_status: dict[MessageStatus, int] = {
        status: int(count)
        for status, count in session.execute(
            select(Message.status, func.count())
            .where(Message.campaign_id == campaign.id)
            .group_by(Message.status)
        )
    }
    recipients = (
        select(Message.customer_id, func.min(Message.sent_at).label("first_sent"))
        .where(Message.campaign_id == campaign.id, Message.sent_at.is_not(None))
        .group_by(Message.customer_id)
        .subquery()
    )
    opted_out_after = session.scalar(
        select(func.count())
        .select_from(recipients)
        .join(Customer, Customer.id == recipients.c.customer_id)
        .where(Customer.opted_out_at >= recipients.c.first_sent)
    )
    replies = session.scalar(
        select(func.count())
        .select_from(Message)
        .join(recipients, recipients.c.customer_id == Message.customer_id)
        .where(
            Message.salon_id == campaign.salon_id,
            Message.direction == MessageDirection.INBOUND,
            Message.created_at >= recipients.c.first_sent,
        )
    )
    return {
        "sent": sum(by_status.get(status, 0) for status in _SENT),
        "delivered": by_status.get(MessageStatus.DELIVERED, 0),
        "failed": by_status.get(MessageStatus.FAILED, 0)
        + by_status.get(MessageStatus.UNDELIVERED, 0),
        "cancelled": by_status.get(MessageStatus.CANCELLED, 0),
        "waiting": sum(by_status.get(status, 0) for status in (*_NOT_GONE, MessageStatus.SENDING)),
        "opted_out_after": int(opted_out_after or 0),
        "replies": int(replies or 0),
    }


def settle_campaigns(session: Session, *, now: datetime) -> int:
    """The sweep's part: a scheduled campaign whose first text is due is ``sending``; a started
    campaign with no text left to go is ``finished``, and the salon's CRM hears its results
    (``campaign.finished``). Returns how many finished."""
    started = session.scalars(
        select(Campaign)
        .where(Campaign.status.in_((CampaignStatus.SCHEDULED, CampaignStatus.SENDING)))
        .order_by(Campaign.id)
        .with_for_update(skip_locked=True)
    ).all()
    finished = 0
    for campaign in started:
        left, first_due = session.execute(
            select(func.count(), func.min(Message.send_after)).where(
                Message.campaign_id == campaign.id,
                Message.status.in_((*_NOT_GONE, MessageStatus.SENDING)),
            )
        ).one()
        if left:
            if campaign.status is CampaignStatus.SCHEDULED and first_due <= now:
                campaign.status = CampaignStatus.SENDING
            continue
        campaign.status, campaign.finished_at = CampaignStatus.FINISHED, now
        salon = session.get_one(Salon, campaign.salon_id)
        emit(
            session,
            salon,
            EventType.CAMPAIGN_FINISHED,
            now=now,
            campaign={
                "id": campaign.id,
                "name": campaign.name,
                "kind": campaign.kind.value,
                "audience_count": campaign.audience_count,
                "finished_at": local_time(now, salon),
                "results": campaign_results(session, campaign),
            },
        )
        finished += 1
    return finished
