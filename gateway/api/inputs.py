"""Reading CRM requests: JSON bodies, query parameters, typed fields, and errors that name the
field (or parameter) at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, jsonify, request

from gateway.domain.wording import SUPPORTED_LOCALES

#: Control characters other than tab and newlines: PostgreSQL refuses NUL in text, and none of
#: them belongs in a name, a service or an id.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIGITS = re.compile(r"[0-9]+")
ISO_EXAMPLE = "2026-11-23T14:00:00+08:00"
_EDGE = timedelta(days=2)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error_response(status: int, code: str, message: str, field: str | None = None) -> Response:
    error: dict[str, str] = {"code": code, "message": message}
    if field:
        error["field"] = field
    response = jsonify({"error": error})
    response.status_code = status
    return response


def json_object() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(
            415, "unsupported_media_type", "send JSON with Content-Type: application/json"
        )
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "invalid_json", "the request body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_field", "the request body must be a JSON object")
    return body


def reject_unknown(obj: Mapping[str, Any], allowed: set[str], prefix: str = "") -> None:
    for name in obj:
        if name not in allowed:
            raise ApiError(
                422, "unknown_field", f"{prefix}{name} is not a field you can set", prefix + name
            )


def text_field(
    obj: Mapping[str, Any],
    name: str,
    *,
    required: bool = False,
    max_length: int = 100,
    prefix: str = "",
) -> str | None:
    value = obj.get(name)
    if value is None:
        if required:
            raise ApiError(422, "missing_field", f"{prefix}{name} is required", prefix + name)
        return None
    if not isinstance(value, str):
        raise ApiError(422, "invalid_field", f"{prefix}{name} must be a string", prefix + name)
    # Measured as sent, so that the limit a client reads in the schema is the one applied.
    if len(value) > max_length:
        raise ApiError(
            422,
            "invalid_field",
            f"{prefix}{name} is longer than {max_length} characters",
            prefix + name,
        )
    value = value.strip()
    if _CONTROL.search(value) or not _encodable(value):
        raise ApiError(
            422,
            "invalid_field",
            f"{prefix}{name} contains characters that are not text",
            prefix + name,
        )
    if required and not value:
        raise ApiError(422, "missing_field", f"{prefix}{name} must not be empty", prefix + name)
    return value or None


def _encodable(value: str) -> bool:
    # A JSON body may carry a lone surrogate ("\ud800"), which no database can store.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def starts_at_field(obj: Mapping[str, Any]) -> datetime:
    raw = obj.get("starts_at")
    if raw is None:
        raise ApiError(422, "missing_field", "starts_at is required", "starts_at")
    if not isinstance(raw, str):
        raise ApiError(422, "invalid_field", "starts_at must be an ISO 8601 string", "starts_at")
    return iso_datetime(raw, "starts_at")


def iso_datetime(raw: str, name: str, code: str = "invalid_field") -> datetime:
    """An aware datetime from ISO 8601 with a UTC offset (``Z`` or ``+08:00``)."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ApiError(422, code, f"{name} must be ISO 8601, e.g. {ISO_EXAMPLE}", name) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ApiError(422, code, f"{name} needs a UTC offset, e.g. +08:00 or Z", name)
    try:
        # Stored in UTC and shown in the salon's timezone: the calendar's first and last days
        # cannot be moved there.
        value.astimezone(UTC) + _EDGE
        value.astimezone(UTC) - _EDGE
    except OverflowError:
        raise ApiError(422, code, f"{name} is out of range", name) from None
    return value


def int_field(obj: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = obj.get(name, default)
    # bool is an int in Python; true is not a duration.
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ApiError(
            422, "invalid_field", f"{name} must be a whole number from {low} to {high}", name
        )
    return value


def bool_field(obj: Mapping[str, Any], name: str, default: bool) -> bool:
    value = obj.get(name, default)
    if not isinstance(value, bool):
        raise ApiError(422, "invalid_field", f"{name} must be true or false", name)
    return value


def locale_field(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    if value not in SUPPORTED_LOCALES:
        raise ApiError(
            422, "invalid_field", f"{field} must be one of {', '.join(SUPPORTED_LOCALES)}", field
        )
    return value


def query_args(allowed: Iterable[str]) -> None:
    """Refuse query parameters the endpoint does not know: a typo must not widen a filter."""
    allowed = set(allowed)
    for name in request.args:
        if name not in allowed:
            raise ApiError(
                422, "unknown_parameter", f"{name} is not a parameter of this endpoint", name
            )


def query_text(name: str) -> str | None:
    """The parameter's single value, or None when absent; given twice is an error."""
    values = request.args.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ApiError(422, "invalid_parameter", f"give {name} once", name)
    return values[0]


def query_datetime(name: str) -> datetime | None:
    raw = query_text(name)
    return None if raw is None else iso_datetime(raw, name, "invalid_parameter")


def query_int(name: str, *, default: int, low: int, high: int) -> int:
    raw = query_text(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise ApiError(
            422, "invalid_parameter", f"{name} must be a whole number from {low} to {high}", name
        )
    return int(raw)


def query_choices(name: str, choices: Iterable[str]) -> list[str]:
    """Every value of a repeatable parameter (``?status=a&status=b``), each one of ``choices``."""
    choices = list(choices)
    values = request.args.getlist(name)
    for value in values:
        if value not in choices:
            raise ApiError(
                422,
                "invalid_parameter",
                f"{name} must be one of {', '.join(choices)} (not {value!r})",
                name,
            )
    return values
