"""The OpenAPI description of the inbox and customer-thread endpoints, merged into the
document that ``gateway.api.openapi`` serves. Request bodies come from the same pydantic
models the handlers validate with."""

from __future__ import annotations

from typing import Any, Final

from gateway.api import inbox
from gateway.domain.inbox import InboxReason

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Schema]) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


STRING: Final[Schema] = {"type": "string"}
NULLABLE_STRING: Final[Schema] = {"type": ["string", "null"]}
TIME: Final[Schema] = {"type": "string", "format": "date-time"}


def schemas(base: dict[str, Schema]) -> dict[str, Schema]:
    """These endpoints' schemas; ``base`` is the document's own (a thread's Message extends
    the appointment thread's)."""
    message = base["Message"]
    return {
        "ThreadMessage": {
            **message,
            "properties": {
                **message["properties"],
                "appointment": {**NULLABLE_STRING, "description": "its external_id, if any"},
            },
            "required": [*message["required"], "appointment"],
        },
        **SCHEMAS,
    }


SCHEMAS: Final[dict[str, Schema]] = {
    "Thread": _object({"data": {"type": "array", "items": _ref("ThreadMessage")}}),
    "Answer": inbox.Answer.model_json_schema(),
    "InboxItem": _object(
        {
            "id": {"type": "integer"},
            "reason": {"type": "string", "enum": [r.value for r in InboxReason]},
            "customer": {"oneOf": [_ref("Customer"), {"type": "null"}]},
            "message": {
                "oneOf": [
                    _object(
                        {
                            "id": {"type": "integer"},
                            "direction": STRING,
                            "body": STRING,
                            "status": STRING,
                            "created_at": TIME,
                        }
                    ),
                    {"type": "null"},
                ]
            },
            "appointment": {**NULLABLE_STRING, "description": "its external_id"},
            "created_at": TIME,
            "handled_at": {"type": ["string", "null"], "format": "date-time"},
            "handled_by": {**NULLABLE_STRING, "description": "a staff email, or api"},
        }
    ),
    "InboxPage": _object(
        {
            "data": {"type": "array", "items": _ref("InboxItem")},
            "next_cursor": NULLABLE_STRING,
        }
    ),
}


def paths(
    operation: Any, ok: Any, query: Any, path: Any, phone: Schema, cursor: Schema
) -> dict[str, Schema]:
    """The paths, built with openapi.py's own helpers so they read like the rest."""
    item_id = path("item_id", {"type": "integer", "minimum": 0}, "the inbox item's id")
    return {
        "/inbox": {
            "get": operation(
                "listInbox",
                "What needs a person, newest first, a page at a time",
                {200: ok("InboxPage", "a page of inbox items")},
                [422],
                parameters=[
                    query(
                        "limit",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": inbox.MAX_PAGE_SIZE,
                            "default": 50,
                        },
                        "page size",
                    ),
                    cursor,
                    query(
                        "waiting", {"type": "string", "enum": ["true", "false"]}, "only unhandled"
                    ),
                ],
            )
        },
        "/inbox/{item_id}/handle": {
            "post": operation(
                "handleInboxItem",
                "Mark an item handled (again: no change); never changes an appointment",
                {200: ok("InboxItem", "the item")},
                [404],
                parameters=[item_id],
            )
        },
        "/customers/{phone}/messages": {
            "get": operation(
                "listCustomerMessages",
                "The customer's whole thread at this salon, oldest first",
                {200: ok("Thread", "the messages")},
                [404, 422],
                parameters=[phone],
            ),
            "post": operation(
                "answerCustomer",
                "Answer the customer in your own words; queued like every text",
                {201: ok("ThreadMessage", "the queued answer")},
                [400, 404, 409, 415, 422],
                parameters=[phone],
                body="Answer",
                example={"body": "好的，周六下午三点见。"},
            ),
        },
    }
