"""The API's OpenAPI 3.1 description, served at /api/v1/openapi.json without a key.

Built from the same constants the handlers validate with (fields, limits, statuses, locales), so
the two cannot drift apart silently; ``tests/integration/test_openapi.py`` runs schemathesis
against the served document to prove the server does what it says.
"""

from __future__ import annotations

from typing import Any, Final

from flask import Response, jsonify

from gateway.api import appointments, bp, desk_openapi, idempotency, stats
from gateway.domain.lifecycle import STAFF_MOVES, AppointmentStatus
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import DeliveryStatus, MessageDirection
from gateway.services.events import EVENT_TYPES

Schema = dict[str, Any]

STATUSES: Final = [s.value for s in AppointmentStatus]
DELIVERY_STATUSES: Final = [DeliveryStatus.PENDING, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED]
#: A time that stays in the future for the examples' lifetime.
EXAMPLE_TIME: Final = "2036-11-23T14:00:00+08:00"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: Schema) -> Schema:
    return {**schema, "type": [schema["type"], "null"]}


def _object(properties: dict[str, Schema], required: list[str] | None = None) -> Schema:
    """An object with exactly these properties; ``required`` defaults to all of them."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


STRING: Final[Schema] = {"type": "string"}
INTEGER: Final[Schema] = {"type": "integer"}
COUNT: Final[Schema] = {"type": "integer", "minimum": 0}
TIME: Final[Schema] = {"type": "string", "format": "date-time"}
RATE: Final[Schema] = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
#: Free text a CRM sets (service, stylist, names): at most 100 characters.
TEXT: Final[Schema] = {"type": ["string", "null"], "maxLength": 100}
DURATION: Final[Schema] = {"type": "integer", "minimum": 5, "maximum": 24 * 60}

_CUSTOMER: Final[dict[str, Schema]] = {
    "phone": {**STRING, "description": "E.164 (+8613800138000); erased:<id> once erased"},
    "name": _nullable(STRING),
    "locale": {"type": "string", "enum": list(SUPPORTED_LOCALES)},
    "opted_out": {"type": "boolean"},
}

SCHEMAS: Final[dict[str, Schema]] = {
    "Error": _object(
        {
            "error": _object(
                {"code": STRING, "message": STRING, "field": STRING}, required=["code", "message"]
            )
        }
    ),
    "Customer": _object(_CUSTOMER),
    "Appointment": _object(
        {
            "id": INTEGER,
            "external_id": STRING,
            "status": {"type": "string", "enum": STATUSES},
            "ref": STRING,
            "customer": _ref("Customer"),
            "service": _nullable(STRING),
            "stylist": _nullable(STRING),
            "starts_at": TIME,
            "duration_minutes": INTEGER,
            "created_at": TIME,
            "updated_at": TIME,
        }
    ),
    "AppointmentPage": _object(
        {
            "data": {"type": "array", "items": _ref("Appointment")},
            "next_cursor": {
                "type": ["string", "null"],
                "description": "pass as cursor for the next page; null on the last page",
            },
        }
    ),
    "NewAppointment": _object(
        {
            "external_id": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "pattern": "^[^/]*$",
                "description": "your CRM's id; unique in the salon (no '/': it goes in URLs)",
            },
            "customer": _object(
                {
                    "phone": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 40,
                        "description": "any common spelling; read in the salon's country",
                    },
                    "name": TEXT,
                    "locale": {"type": ["string", "null"], "enum": [*SUPPORTED_LOCALES, None]},
                },
                required=["phone"],
            ),
            "service": TEXT,
            "stylist": TEXT,
            "starts_at": {**TIME, "description": "with a UTC offset; in the future"},
            "duration_minutes": DURATION,
            "send_confirmation": {"type": "boolean", "default": True},
        },
        required=["external_id", "customer", "starts_at"],
    ),
    "AppointmentChange": {
        **_object(
            {
                "starts_at": {**TIME, "description": "a new time reschedules the appointment"},
                "service": TEXT,
                "stylist": TEXT,
                "duration_minutes": DURATION,
                "status": {"type": "string", "enum": [s.value for s in STAFF_MOVES]},
                "notify": {
                    "type": "boolean",
                    "default": True,
                    "description": "text the customer: a new request after a new time, "
                    "the salon's cancellation after status cancelled",
                },
            },
            required=[],
        ),
        # A new time starts the appointment over as unconfirmed; a status says what happened.
        "not": {"required": ["starts_at", "status"]},
    },
    "Message": _object(
        {
            "id": INTEGER,
            "direction": {
                "type": "string",
                "enum": [MessageDirection.INBOUND, MessageDirection.OUTBOUND],
            },
            "body": {**STRING, "description": "empty once past retention or erased"},
            "template": _nullable(STRING),
            "intent": _nullable(STRING),
            "status": STRING,
            "segments": INTEGER,
            "provider_sid": _nullable(STRING),
            "error_code": _nullable(STRING),
            "error_message": _nullable(STRING),
            "created_at": TIME,
            "sent_at": _nullable(TIME),
        }
    ),
    "MessageList": _object({"data": {"type": "array", "items": _ref("Message")}}),
    "CustomerSummary": _object(
        {
            **_CUSTOMER,
            "appointments": _object({status: COUNT for status in STATUSES}),
            "messages": _object({"inbound": COUNT, "outbound": COUNT}),
        }
    ),
    "Stats": _object(
        {
            "from": TIME,
            "to": TIME,
            "appointments": _object(
                {status: _object({"count": COUNT, "label": STRING}) for status in STATUSES}
            ),
            "confirmation_rate": RATE,
            "median_reply_seconds": {"type": ["number", "null"], "minimum": 0},
            "unclear_reply_rate": RATE,
            "no_show_rate": _object({"confirmed": RATE, "unconfirmed": RATE}),
            "messages": _object({"inbound": COUNT, "sent": COUNT, "segments": COUNT}),
            "estimated_cost": _object(
                {
                    "amount": {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$"},
                    "currency": {"type": "string", "minLength": 3, "maxLength": 3},
                }
            ),
        }
    ),
    "WebhookDelivery": _object(
        {
            "id": INTEGER,
            "event_id": STRING,
            "event_type": {"type": "string", "enum": list(EVENT_TYPES)},
            "status": {"type": "string", "enum": DELIVERY_STATUSES},
            "attempts": COUNT,
            "next_attempt_at": _nullable(TIME),
            "last_status_code": _nullable(INTEGER),
            "last_error": _nullable(STRING),
            "created_at": TIME,
            "delivered_at": _nullable(TIME),
            "attempt_log": {
                "type": "array",
                "items": _object(
                    {
                        "attempted_at": TIME,
                        "status_code": _nullable(INTEGER),
                        "error": _nullable(STRING),
                        "duration_ms": COUNT,
                    }
                ),
            },
        }
    ),
    "WebhookDeliveryPage": _object(
        {
            "data": {"type": "array", "items": _ref("WebhookDelivery")},
            "next_cursor": {"type": ["string", "null"]},
        }
    ),
}

_ERRORS: Final = {
    400: "the body is not valid JSON",
    401: "no API key, or a wrong one",
    404: "no such resource in this salon",
    409: "the change does not fit the resource's state, or a request with the same "
    "Idempotency-Key is still running",
    413: "the body is over 256 KiB",
    415: "the body is not application/json",
    422: "a field or parameter is wrong; error.field names it",
    429: "too many requests with this API key; see Retry-After",
}
_RETRY_AFTER: Final = {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}}


def _error(status: int) -> Schema:
    response: Schema = {
        "description": _ERRORS[status],
        "content": {"application/json": {"schema": _ref("Error")}},
    }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": STRING}}
    if status in (409, 429):
        response["headers"] = {"Retry-After": {**_RETRY_AFTER["Retry-After"], "required": False}}
    return response


def _ok(schema: str, description: str, headers: dict[str, Schema] | None = None) -> Schema:
    response: Schema = {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema)}},
    }
    if headers:
        response["headers"] = headers
    return response


_REPLAYED: Final[Schema] = {
    idempotency.REPLAYED_HEADER: {
        "description": "true when this is the stored answer to an earlier request with the key",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def _operation(
    operation_id: str,
    summary: str,
    responses: dict[int, Schema],
    errors: list[int],
    *,
    parameters: list[Schema] | None = None,
    body: str | None = None,
    example: Schema | None = None,
) -> Schema:
    operation: Schema = {
        "operationId": operation_id,
        "summary": summary,
        "responses": {
            **{str(status): response for status, response in responses.items()},
            **{str(status): _error(status) for status in [*errors, 401, 429]},
        },
    }
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        media: Schema = {"schema": _ref(body)}
        if example is not None:
            media["example"] = example
        operation["requestBody"] = {"required": True, "content": {"application/json": media}}
    return operation


def _query(name: str, schema: Schema, description: str) -> Schema:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _path(name: str, schema: Schema, description: str) -> Schema:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


EXTERNAL_ID: Final = _path(
    "external_id", {"type": "string", "pattern": "^[^/]+$"}, "your CRM's id of the appointment"
)
PHONE: Final = _path(
    "phone",
    {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "^[^/]+$"},
    "any common spelling: 13800138000, +86 138-0013-8000 (URL-encode + as %2B)",
)
DELIVERY_ID: Final = _path("delivery_id", {"type": "integer", "minimum": 0}, "the delivery's id")
IDEMPOTENCY_KEY: Final = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
    "description": "repeats within 24 h get the first successful answer back",
}
LIMIT: Final = _query(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": appointments.MAX_PAGE_SIZE, "default": 50},
    "page size",
)
CURSOR: Final = _query("cursor", STRING, "next_cursor of the previous page")


def _paths() -> dict[str, Schema]:
    appointment_link = {
        "operationId": "getAppointment",
        "parameters": {"external_id": "$response.body#/external_id"},
    }
    return {
        "/appointments": {
            "get": _operation(
                "listAppointments",
                "List appointments by starts_at, a page at a time",
                {200: _ok("AppointmentPage", "a page of appointments")},
                [422],
                parameters=[
                    {
                        **_query(
                            "status",
                            {"type": "array", "items": {"type": "string", "enum": STATUSES}},
                            "only these statuses (repeat the parameter for several)",
                        ),
                        "style": "form",
                        "explode": True,
                    },
                    _query("from", TIME, "starts_at at or after this time"),
                    _query("to", TIME, "starts_at before this time"),
                    _query("updated_since", TIME, "changed at or after this time"),
                    LIMIT,
                    CURSOR,
                ],
            ),
            "post": {
                **_operation(
                    "upsertAppointment",
                    "Create (201) or update (200) the appointment with this external_id",
                    {
                        200: _ok("Appointment", "updated", _REPLAYED),
                        201: {
                            **_ok(
                                "Appointment",
                                "created",
                                {
                                    "Location": {"schema": STRING, "required": False},
                                    **_REPLAYED,
                                },
                            ),
                            "links": {"GetAppointment": appointment_link},
                        },
                    },
                    [400, 409, 413, 415, 422],
                    parameters=[IDEMPOTENCY_KEY],
                    body="NewAppointment",
                    example={
                        "external_id": "A-1001",
                        "customer": {"phone": "13800138000", "name": "王女士", "locale": "zh-CN"},
                        "service": "剪发",
                        "stylist": "Lily",
                        "starts_at": EXAMPLE_TIME,
                        "duration_minutes": 45,
                    },
                ),
            },
        },
        "/appointments/{external_id}": {
            "get": _operation(
                "getAppointment",
                "Read an appointment",
                {200: _ok("Appointment", "the appointment")},
                [404],
                parameters=[EXTERNAL_ID],
            ),
            "patch": _operation(
                "changeAppointment",
                "Staff change an appointment: a new time reschedules it, a status records "
                "what happened",
                {200: _ok("Appointment", "changed", _REPLAYED)},
                [400, 404, 409, 413, 415, 422],
                parameters=[EXTERNAL_ID, IDEMPOTENCY_KEY],
                body="AppointmentChange",
                example={"status": "cancelled", "notify": True},
            ),
        },
        "/appointments/{external_id}/messages": {
            "get": _operation(
                "listAppointmentMessages",
                "The appointment's SMS thread, oldest first",
                {200: _ok("MessageList", "the messages")},
                [404],
                parameters=[EXTERNAL_ID],
            )
        },
        "/customers/{phone}": {
            "get": _operation(
                "getCustomer",
                "A customer and counts of their appointments and messages",
                {200: _ok("CustomerSummary", "the customer")},
                [404, 422],
                parameters=[PHONE],
            ),
            "delete": _operation(
                "eraseCustomer",
                "Erase a customer: number, name and message bodies; counts stay",
                {204: {"description": "erased, or there was no such customer"}},
                [422],
                parameters=[PHONE],
            ),
        },
        "/stats": {
            "get": _operation(
                "getStats",
                "Figures for appointments starting, and messages created, in a window",
                {200: _ok("Stats", "the figures")},
                [422],
                parameters=[
                    _query("from", TIME, f"default: {stats.DEFAULT_REACH.days} days ago"),
                    _query("to", TIME, f"default: {stats.DEFAULT_REACH.days} days from now"),
                ],
            )
        },
        "/webhook-deliveries": {
            "get": _operation(
                "listWebhookDeliveries",
                "Events sent to the CRM, newest first",
                {200: _ok("WebhookDeliveryPage", "a page of deliveries")},
                [422],
                parameters=[
                    {
                        **_query(
                            "status",
                            {
                                "type": "array",
                                "items": {"type": "string", "enum": DELIVERY_STATUSES},
                            },
                            "only these statuses",
                        ),
                        "style": "form",
                        "explode": True,
                    },
                    {
                        **_query(
                            "event_type",
                            {
                                "type": "array",
                                "items": {"type": "string", "enum": list(EVENT_TYPES)},
                            },
                            "only these event types",
                        ),
                        "style": "form",
                        "explode": True,
                    },
                    LIMIT,
                    CURSOR,
                ],
            )
        },
        "/webhook-deliveries/{delivery_id}": {
            "get": _operation(
                "getWebhookDelivery",
                "A delivery and every attempt at it",
                {200: _ok("WebhookDelivery", "the delivery")},
                [404],
                parameters=[DELIVERY_ID],
            )
        },
        "/webhook-deliveries/{delivery_id}/retry": {
            "post": _operation(
                "retryWebhookDelivery",
                "Send an event again now",
                {202: _ok("WebhookDelivery", "queued for delivery", _REPLAYED)},
                [404, 409, 422],
                parameters=[DELIVERY_ID, IDEMPOTENCY_KEY],
            )
        },
        "/openapi.json": {
            "get": {
                "operationId": "getOpenApiDocument",
                "summary": "This document",
                "security": [],
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    }


def document() -> Schema:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Salon SMS confirmation gateway: CRM API",
            "version": "1",
            "description": "See docs/api.md for the behaviour behind each call.",
        },
        "servers": [{"url": bp.url_prefix}],
        "security": [{"bearerAuth": []}],
        "paths": {
            **_paths(),
            **desk_openapi.paths(_operation, _ok, _query, _path, PHONE, CURSOR),
        },
        "components": {
            "schemas": {**SCHEMAS, **desk_openapi.schemas(SCHEMAS)},
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "sk_…"}
            },
        },
    }


@bp.get("/openapi.json")
def openapi_document() -> Response:
    return jsonify(document())
