"""The API's OpenAPI 3.1 description, served at /api/v1/openapi.json without a key.

Generated, not re-described: request bodies and query parameters come from the request models
that validate them (``gateway.api.schemas.requests``), answers from the serialisers' types
(``gateway.resources``, ``gateway.api.schemas.responses``), and the events a salon's CRM
receives (``webhooks``) from ``gateway.services.crm.events``. Written here is only what HTTP
says around them: which operation answers what, and why. ``tests/integration/test_openapi.py``
runs schemathesis against the served document to prove the server does what it says.
"""

from __future__ import annotations

from typing import Any, Final

from flask import Response, jsonify
from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode

from gateway.api import bp
from gateway.api.openapi_campaigns import campaign_paths
from gateway.api.openapi_customers import customer_paths
from gateway.api.openapi_feedback import feedback_paths
from gateway.api.openapi_paths import REF, paths
from gateway.api.openapi_phrases import phrase_paths
from gateway.api.schemas import (
    campaigns,
    customer_requests,
    feedback,
    offer_requests,
    requests,
    responses,
)
from gateway.domain import signing
from gateway.domain.events import EventType
from gateway.queries.customer_export import CustomerExportJson
from gateway.queries.feedback_report import FeedbackFiguresJson, ReportJson
from gateway.resources import OfferJson
from gateway.services.crm.events import EVENT_DATA, EVENT_TYPES, EventJson

Schema = dict[str, Any]

#: The types the components are generated from, and whether each is read (a request) or written.
COMPONENTS: Final[list[tuple[Any, JsonSchemaMode]]] = [
    (requests.NewAppointment, "validation"),
    (requests.AppointmentChange, "validation"),
    (responses.ErrorJson, "serialization"),
    (responses.AppointmentPageJson, "serialization"),
    (responses.MessageListJson, "serialization"),
    (responses.CustomerSummaryJson, "serialization"),
    (responses.StatsJson, "serialization"),
    (responses.DeliveryPageJson, "serialization"),
    (requests.Answer, "validation"),
    (responses.AnswerTemplatesJson, "serialization"),
    (responses.ThreadJson, "serialization"),
    (responses.ThreadMessageJson, "serialization"),
    (responses.InboxItemJson, "serialization"),
    (responses.InboxPageJson, "serialization"),
    (requests.TreatAs, "validation"),
    (requests.MoveTo, "validation"),
    (responses.PhraseListJson, "serialization"),
    (requests.SalonSettings, "validation"),
    (responses.SalonJson, "serialization"),
    (responses.SalonChangedJson, "serialization"),
    (EventJson, "serialization"),
    (offer_requests.NewAvailability, "validation"),
    (responses.AvailabilityJson, "serialization"),
    (offer_requests.NewOffer, "validation"),
    (OfferJson, "serialization"),
    (feedback.FeedbackPageJson, "serialization"),
    (FeedbackFiguresJson, "serialization"),
    (ReportJson, "serialization"),
    (customer_requests.CustomerFacts, "validation"),
    (customer_requests.ConsentRequest, "validation"),
    (CustomerExportJson, "serialization"),
    (campaigns.NewCampaign, "validation"),
    (campaigns.CampaignJson, "serialization"),
    (campaigns.CampaignListJson, "serialization"),
]


class _Names(GenerateJsonSchema):
    """Components named as the document's readers know them: ``Appointment``, not
    ``AppointmentJson``."""

    def normalize_name(self, name: str) -> str:
        return super().normalize_name(name).removesuffix("Json")


def components() -> dict[str, Schema]:
    """Every schema the document refers to, generated from the types above."""
    adapters: list[tuple[int, JsonSchemaMode, TypeAdapter[Any]]] = [
        (number, mode, TypeAdapter(kind)) for number, (kind, mode) in enumerate(COMPONENTS)
    ]
    _refs, defs = TypeAdapter.json_schemas(adapters, ref_template=REF, schema_generator=_Names)
    schemas: dict[str, Schema] = dict(defs["$defs"])
    for name, event_type in _event_names().items():
        schemas[name] = _event_schema(event_type, schemas)
    return schemas


def _event_names() -> dict[str, EventType]:
    """``appointment.confirmed`` → ``AppointmentConfirmedEvent``."""
    return {
        "".join(part.capitalize() for part in event_type.replace(".", "_").split("_")) + "Event": (
            event_type
        )
        for event_type in EVENT_TYPES
    }


def _event_schema(event_type: EventType, schemas: dict[str, Schema]) -> Schema:
    """The generated ``Event`` narrowed to one type: its ``type``, and the ``data`` it carries."""
    event = schemas["Event"]
    data = schemas["EventData"]
    always, sometimes = EVENT_DATA[event_type]
    keys = [key for key in data["properties"] if key in always | sometimes]
    return {
        **event,
        "title": event_type,
        "properties": {
            **event["properties"],
            "type": {"const": event_type},
            "data": {
                "type": "object",
                "properties": {key: data["properties"][key] for key in keys},
                "required": [key for key in keys if key in always],
                "additionalProperties": False,
            },
        },
    }


def webhooks() -> dict[str, Schema]:
    """One entry per event type: what the salon's CRM receives, signed (docs/webhooks.md)."""
    headers = [
        (signing.ID_HEADER, "the event's id; the same on every attempt: deduplicate by it"),
        (signing.TIMESTAMP_HEADER, "Unix seconds when this attempt was signed"),
        (signing.SIGNATURE_HEADER, "v1,<base64 HMAC-SHA256> per secret in use (Standard Webhooks)"),
    ]
    return {
        event_type: {
            "post": {
                "operationId": name[0].lower() + name[1:],
                "summary": f"{event_type}, sent to the salon's webhook URL",
                "parameters": [
                    {
                        "name": header,
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": description,
                    }
                    for header, description in headers
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": REF.format(model=name)}}},
                },
                "responses": {
                    "2XX": {"description": "received: never sent again"},
                    "410": {"description": "gone: the endpoint is disabled"},
                    "default": {"description": "anything else is retried later (docs/webhooks.md)"},
                },
            }
        }
        for name, event_type in _event_names().items()
    }


def document() -> Schema:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Salon SMS confirmation gateway: CRM API",
            "version": "1",
            "description": "See docs/api.md for the behaviour behind each call, and "
            "docs/webhooks.md for the events under webhooks.",
        },
        "servers": [{"url": bp.url_prefix}],
        "security": [{"bearerAuth": []}],
        "paths": {
            **paths(),
            **customer_paths(),
            **campaign_paths(),
            **feedback_paths(),
            **phrase_paths(),
        },
        "webhooks": webhooks(),
        "components": {
            "schemas": components(),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "sk_…"}
            },
        },
    }


@bp.get("/openapi.json")
def openapi_document() -> Response:
    return jsonify(document())
