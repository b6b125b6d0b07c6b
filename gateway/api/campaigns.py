"""A salon's campaigns: drafting one (its dry run in the answer), listing them, one with its
results, starting and cancelling it. Another salon's id is not found: 404, nothing changes."""

from __future__ import annotations

from flask import Response, g, jsonify
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.campaigns import (
    CampaignJson,
    CampaignResultsJson,
    NewCampaign,
)
from gateway.api.schemas.fields import MAX_ID
from gateway.api.schemas.requests import parse_body
from gateway.models import Campaign, Salon
from gateway.resources import local_time
from gateway.services.campaigns.lifecycle import (
    CampaignDraft,
    campaign_of,
    campaign_results,
    cancel_campaign,
    create_campaign,
    start_campaign,
)

#: The newest campaigns a list shows: a salon sends a few a month.
LIST_LIMIT = 100


def campaign_json(
    campaign: Campaign, salon: Salon, *, results: CampaignResultsJson | None = None
) -> CampaignJson:
    """A campaign, with its dry run's figures at the top level (as the salon saw them)."""
    body: CampaignJson = {
        "id": campaign.id,
        "name": campaign.name,
        "kind": campaign.kind.value,
        "audience": campaign.audience,
        "values": campaign.values,
        "send_at": local_time(campaign.send_at, salon),
        "status": campaign.status.value,
        "audience_count": campaign.audience_count,
        "excluded": campaign.excluded,
        "segments": campaign.segments,
        "estimated_cost": str(campaign.estimated_cost),
        "currency": salon.currency,
        "created_at": local_time(campaign.created_at, salon),
        "started_at": local_time(campaign.started_at, salon),
        "cancelled_at": local_time(campaign.cancelled_at, salon),
        "finished_at": local_time(campaign.finished_at, salon),
    }
    if results is not None:
        body["results"] = results
    return body


def _campaign(session: Session, salon: Salon, campaign_id: int, *, lock: bool = False) -> Campaign:
    # Ids are 32-bit on PostgreSQL; a larger one in a URL is no campaign, not a database error.
    campaign = None if campaign_id > MAX_ID else campaign_of(session, salon, campaign_id, lock=lock)
    if campaign is None:
        raise ApiError(404, "not_found", "no campaign with this id")
    return campaign


@bp.post("/campaigns")
def new_campaign() -> tuple[Response, int]:
    """A draft: counted now (who gets it, who not and why, what it costs), sent when started."""
    wanted = parse_body(NewCampaign)
    now = clock.now()
    if wanted.send_at is not None and wanted.send_at <= now:
        raise ApiError(422, "invalid_request", "send_at is in the past", "send_at")
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        campaign = create_campaign(
            session,
            salon,
            CampaignDraft(
                name=wanted.name,
                kind=wanted.kind,
                audience=wanted.audience,
                values=wanted.values,
                send_at=wanted.send_at,
            ),
            now=now,
        )
        return jsonify(campaign_json(campaign, salon)), 201


@bp.get("/campaigns")
def list_campaigns() -> Response:
    """The salon's campaigns, newest first, with their results."""
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        campaigns = session.scalars(
            select(Campaign)
            .where(Campaign.salon_id == salon.id)
            .order_by(Campaign.id.desc())
            .limit(LIST_LIMIT)
        )
        return jsonify(
            {
                "data": [
                    campaign_json(c, salon, results=campaign_results(session, c)) for c in campaigns
                ]
            }
        )


@bp.get("/campaigns/<int:campaign_id>")
def get_campaign(campaign_id: int) -> Response:
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        campaign = _campaign(session, salon, campaign_id)
        return jsonify(campaign_json(campaign, salon, results=campaign_results(session, campaign)))


@bp.post("/campaigns/<int:campaign_id>/start")
def start(campaign_id: int) -> Response:
    """Schedule a draft (its dry run counted again); 409 when it is not a draft."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        campaign = _campaign(session, salon, campaign_id, lock=True)
        start_campaign(session, salon, campaign, now=clock.now())
        session.flush()
        return jsonify(campaign_json(campaign, salon, results=campaign_results(session, campaign)))


@bp.post("/campaigns/<int:campaign_id>/cancel")
def cancel(campaign_id: int) -> Response:
    """Stop what has not gone; 409 when it finished or was cancelled already."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        campaign = _campaign(session, salon, campaign_id, lock=True)
        cancel_campaign(session, campaign, now=clock.now())
        session.flush()
        return jsonify(campaign_json(campaign, salon, results=campaign_results(session, campaign)))
