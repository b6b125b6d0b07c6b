"""The document's ``paths``: each operation's parameters, body and answers. Bodies and query
parameters are the request models' (``gateway.api.schemas.requests``), answers refer to the
generated components; what is written here is what HTTP says around them.
"""

from __future__ import annotations

from typing import Any, Final

from gateway.api import idempotency
from gateway.api.schemas.fields import MAX_ID, PHONE_SCHEMA
from gateway.api.schemas.requests import (
    AppointmentQuery,
    DeliveryQuery,
    InboxQuery,
    Query,
    StatsQuery,
)

Schema = dict[str, Any]
REF: Final = "#/components/schemas/{model}"
#: A time that stays in the future for the examples' lifetime.
EXAMPLE_TIME: Final = "2036-11-23T14:00:00+08:00"


def _ref(name: str) -> Schema:
    return {"$ref": REF.format(model=name)}


def query_parameters(model: type[Query]) -> list[Schema]:
    """A query model's fields as OpenAPI parameters (optional, by their names in the URL)."""
    schema = model.model_json_schema(by_alias=True, ref_template=REF)
    parameters = []
    for name, field in schema["properties"].items():
        # A missing parameter has no value: pydantic's default of None is not one to describe.
        field = {
            key: value
            for key, value in field.items()
            if key != "title" and not (key == "default" and value is None)
        }
        parameter: Schema = {
            "name": name,
            "in": "query",
            "required": name in schema.get("required", ()),
            "description": field.pop("description", ""),
            "schema": field,
        }
        if name in model.repeatable:
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters


_ERRORS: Final = {
    400: "the body is not valid JSON, or nests too deep to read",
    401: "no API key, or a wrong one",
    403: "a field only the gateway's operator may change (error.field names it)",
    404: "no such resource in this salon",
    409: "the change does not fit the resource's state, or a request with the same "
    "Idempotency-Key is still running (idempotency_key_in_use: retry after Retry-After)",
    413: "the body is over 256 KiB",
    415: "the body is not application/json",
    422: "a field or parameter is wrong (error.field names it), or the Idempotency-Key was "
    "used for a different request (idempotency_key_reused)",
    429: "too many requests with this API key; see Retry-After",
}


def _error(status: int) -> Schema:
    response: Schema = {
        "description": _ERRORS[status],
        "content": {"application/json": {"schema": _ref("Error")}},
    }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    if status in (409, 429):
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer", "minimum": 1}, "required": False}
        }
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


#: What each inbox item action does (POST /inbox/{item_id}/…).
ITEM_ACTIONS: Final = {
    "treat-as": "Read an unclear reply as confirm, change (it becomes a change request) or cancel, "
    "as its clear words would be; the customer is answered, the item handled by api",
    "move": "Move the item's appointment as PATCH does (appointment.rescheduled by staff); the "
    "customer is texted the new time, the item handled by api",
}


def _item_action(path: str, operation_id: str, body: str, example: Schema) -> Schema:
    what, responses = ITEM_ACTIONS[path], {200: _ok("InboxItem", "the item, as it is now")}
    operation = _operation(operation_id, what, responses, [400, 404, 409, 415, 422],
                           parameters=[ITEM_ID], body=body, example=example)  # fmt: skip
    return {f"/inbox/{{item_id}}/{path}": {"post": operation}}


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
    {key: value for key, value in PHONE_SCHEMA.items() if key != "description"},
    f"{PHONE_SCHEMA['description']} (URL-encode + as %2B)",
)
DELIVERY_ID: Final = _path(
    "delivery_id", {"type": "integer", "minimum": 0}, f"the delivery's id (at most {MAX_ID})"
)
OFFER_ID: Final = _path(
    "offer_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "the offer's id"
)
ITEM_ID: Final = _path(
    "item_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "the inbox item's id"
)
IDEMPOTENCY_KEY: Final = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": idempotency.KEY_PATTERN},
    "description": "a repeat within 24 h gets the first successful answer back; a key is for "
    "one request: the same key with a different method, path or body is 422 "
    "idempotency_key_reused, and a repeat while the first is still running is 409 "
    "idempotency_key_in_use",
}


def paths() -> dict[str, Schema]:
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
                parameters=query_parameters(AppointmentQuery),
            ),
            "post": _operation(
                "upsertAppointment",
                "Create (201) or update (200) the appointment with this external_id",
                {
                    200: _ok("Appointment", "updated", _REPLAYED),
                    201: {
                        **_ok(
                            "Appointment",
                            "created",
                            {
                                "Location": {"schema": {"type": "string"}, "required": False},
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
        "/appointments/{external_id}/offers": {
            "post": _operation(
                "makeOffer",
                "Text the customer up to three new times to pick from by replying A, B or C "
                "(a newer offer replaces an open one)",
                {201: _ok("Offer", "the offer, its text queued", _REPLAYED)},
                [400, 404, 409, 413, 415, 422],
                parameters=[EXTERNAL_ID, IDEMPOTENCY_KEY],
                body="NewOffer",
                example={
                    "slots": [
                        {"starts_at": EXAMPLE_TIME, "stylist": "Lily", "duration_minutes": 60},
                        {"starts_at": "2036-11-23T16:30:00+08:00"},
                    ],
                    "expires_in_minutes": 120,
                },
            )
        },
        "/appointments/{external_id}/offers/{offer_id}": {
            "delete": _operation(
                "withdrawOffer",
                "Take an open offer back: a pick of it is answered as gone",
                {200: _ok("Offer", "the offer, withdrawn")},
                [404, 409],
                parameters=[EXTERNAL_ID, OFFER_ID],
            )
        },
        "/availability": {
            "put": _operation(
                "publishAvailability",
                "Replace, for each stylist named, their free time from one day to another "
                "(the salon's days, both included; at most 14 days ahead)",
                {200: _ok("Availability", "what is stored now")},
                [400, 413, 415, 422],
                body="NewAvailability",
                example={
                    "from": "2036-11-23",
                    "to": "2036-11-24",
                    "stylists": [
                        {
                            "stylist": "Lily",
                            "free": [
                                {
                                    "start": "2036-11-23T10:00:00+08:00",
                                    "end": "2036-11-23T12:30:00+08:00",
                                }
                            ],
                        }
                    ],
                },
            )
        },
        "/customers/{phone}/messages": {
            "get": _operation(
                "listCustomerMessages",
                "The customer's whole thread at this salon, oldest first",
                {200: _ok("Thread", "the messages")},
                [404, 422],
                parameters=[PHONE],
            ),
            "post": _operation(
                "answerCustomer",
                "Answer the customer: in your own words (body) on Twilio and the console, with "
                "one of the salon's answer templates (template, values) on Alibaba Cloud and "
                "Tencent Cloud; the other kind is 422 saying which to send. Queued at once like "
                "every text (quiet hours do not apply to an answer; opt-out, erasure and the "
                "daily cap do)",
                {201: _ok("ThreadMessage", "the queued answer")},
                [400, 404, 409, 413, 415, 422],
                parameters=[PHONE],
                body="Answer",
                example={"body": "好的，周六下午三点见。"},
            ),
        },
        "/answer-templates": {
            "get": _operation(
                "listAnswerTemplates",
                "How staff answer a customer at this salon: in their own words, or with which "
                "answer templates (each with its fields and a preview in the salon's locale)",
                {200: _ok("AnswerTemplates", "the salon's way of answering")},
                [],
            )
        },
        "/inbox": {
            "get": _operation(
                "listInbox",
                "What needs a person, newest first, a page at a time",
                {200: _ok("InboxPage", "a page of inbox items")},
                [422],
                parameters=query_parameters(InboxQuery),
            )
        },
        "/inbox/{item_id}/handle": {
            "post": _operation(
                "handleInboxItem",
                "Mark an item handled (again: no change); never changes an appointment",
                {200: _ok("InboxItem", "the item")},
                [404],
                parameters=[ITEM_ID],
            )
        },
        **_item_action("treat-as", "treatInboxItem", "TreatAs", {"intent": "confirm"}),
        **_item_action(
            "move", "moveInboxItem", "MoveTo", {"starts_at": "2026-12-08T11:00:00+08:00"}
        ),
        "/salon": {
            "get": _operation(
                "getSalon",
                "The calling salon's settings (never its webhook secret)",
                {200: _ok("Salon", "the settings")},
                [],
            ),
            "patch": _operation(
                "changeSalon",
                "Change the salon's settings: only what is sent changes, and one bad value "
                "changes nothing",
                {200: _ok("SalonChanged", "the settings; webhook_secret when one was made")},
                [400, 403, 409, 413, 415, 422],
                parameters=[IDEMPOTENCY_KEY],
                body="SalonSettings",
                example={
                    "display_names": {"en": "Lotus Nails"},
                    "reminder_offsets": [1440, 120],
                    "quiet_hours": "21:00-09:00",
                },
            ),
        },
        "/stats": {
            "get": _operation(
                "getStats",
                "Figures for appointments starting, and messages created, in a window",
                {200: _ok("Stats", "the figures")},
                [422],
                parameters=query_parameters(StatsQuery),
            )
        },
        "/webhook-deliveries": {
            "get": _operation(
                "listWebhookDeliveries",
                "Events sent to the CRM, newest first",
                {200: _ok("DeliveryPage", "a page of deliveries")},
                [422],
                parameters=query_parameters(DeliveryQuery),
            )
        },
        "/webhook-deliveries/{delivery_id}": {
            "get": _operation(
                "getWebhookDelivery",
                "A delivery and every attempt at it",
                {200: _ok("Delivery", "the delivery")},
                [404],
                parameters=[DELIVERY_ID],
            )
        },
        "/webhook-deliveries/{delivery_id}/retry": {
            "post": _operation(
                "retryWebhookDelivery",
                "Send an event again now",
                {202: _ok("Delivery", "queued for delivery", _REPLAYED)},
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
