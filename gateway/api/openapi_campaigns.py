"""The document's paths of campaigns (``gateway.api.campaigns``): drafting one with its dry run,
listing them, reading one with its results, starting and cancelling it; kept beside
``openapi_paths`` so that neither grows past what one reader holds."""

from __future__ import annotations

from typing import Final

from gateway.api import idempotency
from gateway.api.openapi_paths import IDEMPOTENCY_KEY, Schema, _ok, _operation, _path
from gateway.api.schemas.fields import MAX_ID

CAMPAIGN_ID: Final = _path(
    "campaign_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "the campaign's id"
)
_REPLAYED: Final[Schema] = {
    idempotency.REPLAYED_HEADER: {
        "description": "true when this is the stored answer to an earlier request with the key",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def campaign_paths() -> dict[str, Schema]:
    return {
        "/campaigns": {
            "post": _operation(
                "createCampaign",
                "Draft a campaign: nothing is sent; the answer carries its dry run (who it "
                "reaches, who is left out and why, SMS parts per text, estimated cost)",
                {201: _ok("Campaign", "the draft, counted", _REPLAYED)},
                [400, 409, 413, 415, 422],
                parameters=[IDEMPOTENCY_KEY],
                body="NewCampaign",
                example={
                    "name": "三月生日",
                    "kind": "birthday",
                    "audience": {"birthday_within_days": 7},
                    "values": {"offer": "生日当月烫染8折", "valid_until": "3月31日"},
                    "send_at": "2026-03-12T10:00:00+08:00",
                },
            ),
            "get": _operation(
                "listCampaigns",
                "The salon's latest 100 campaigns, newest first, with their results",
                {200: _ok("CampaignList", "the campaigns")},
                [],
            ),
        },
        "/campaigns/{campaign_id}": {
            "get": _operation(
                "getCampaign",
                "A campaign: its status, its dry run's figures and its results (sent, "
                "delivered, failed, opted out after it, replies)",
                {200: _ok("Campaign", "the campaign")},
                [404],
                parameters=[CAMPAIGN_ID],
            )
        },
        "/campaigns/{campaign_id}/start": {
            "post": _operation(
                "startCampaign",
                "Queue a text to each customer the dry run, counted again now, reaches, in the "
                "customer's language when known (the marketing rules are asked again as each "
                "goes); 409 when it is not a draft, or the salon's provider sends only approved "
                "templates and campaign_offer has no code in the salon's language",
                {200: _ok("Campaign", "the campaign, sending or scheduled", _REPLAYED)},
                [404, 409, 422],
                parameters=[CAMPAIGN_ID, IDEMPOTENCY_KEY],
            )
        },
        "/campaigns/{campaign_id}/cancel": {
            "post": _operation(
                "cancelCampaign",
                "Stop what has not gone: its queued and held texts are cancelled; 409 when it "
                "finished or was cancelled already",
                {200: _ok("Campaign", "the campaign, cancelled", _REPLAYED)},
                [404, 409, 422],
                parameters=[CAMPAIGN_ID, IDEMPOTENCY_KEY],
            )
        },
    }
