"""Reading CRM requests: JSON bodies, typed fields, and errors that name the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import Response, jsonify, request

from gateway.domain.wording import SUPPORTED_LOCALES


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
    value = value.strip()
    if required and not value:
        raise ApiError(422, "missing_field", f"{prefix}{name} must not be empty", prefix + name)
    if len(value) > max_length:
        raise ApiError(
            422,
            "invalid_field",
            f"{prefix}{name} is longer than {max_length} characters",
            prefix + name,
        )
    return value or None


def starts_at_field(obj: Mapping[str, Any]) -> datetime:
    raw = obj.get("starts_at")
    if raw is None:
        raise ApiError(422, "missing_field", "starts_at is required", "starts_at")
    if not isinstance(raw, str):
        raise ApiError(422, "invalid_field", "starts_at must be an ISO 8601 string", "starts_at")
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ApiError(
            422,
            "invalid_field",
            "starts_at must be ISO 8601, e.g. 2026-11-23T14:00:00+08:00",
            "starts_at",
        ) from None
    if value.tzinfo is None:
        raise ApiError(
            422, "invalid_field", "starts_at needs a UTC offset, e.g. +08:00 or Z", "starts_at"
        )
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
