"""The CRM API (/api/v1): salons drive appointments over HTTP with a Bearer API key.

Parses and validates JSON, calls a service, serialises the result. Every error a client can
cause is a JSON ``{"error": {"code", "message", "field"?}}`` with a 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, g, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.db import Database
from gateway.domain.phones import InvalidPhoneNumber, region_of, to_e164
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import Appointment, Message, Salon, utcnow
from gateway.queueing import SmsQueue
from gateway.services import Booking, Conflict, ServiceError, book, salon_for_api_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")


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


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.field)


@bp.errorhandler(Conflict)
def _conflict(exc: Conflict) -> Response:
    return error_response(409, exc.code, exc.message, exc.field)


@bp.errorhandler(ServiceError)
def _service_error(exc: ServiceError) -> Response:
    return error_response(422, exc.code, exc.message, exc.field)


def _db() -> Database:
    db: Database = current_app.extensions["db"]
    return db


@bp.before_request
def _authenticate() -> Response | None:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        response = error_response(401, "unauthorized", "send 'Authorization: Bearer <api_key>'")
    else:
        with _db().sessions() as session:
            salon = salon_for_api_key(session, key.strip())
        if salon is not None:
            g.salon = salon
            return None
        response = error_response(401, "unauthorized", "the API key is not valid")
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# ---------------------------------------------------------------------------------------------
# Input


def _json_object() -> dict[str, Any]:
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


def _reject_unknown(obj: Mapping[str, Any], allowed: set[str], prefix: str = "") -> None:
    for name in obj:
        if name not in allowed:
            raise ApiError(
                422, "unknown_field", f"{prefix}{name} is not a field you can set", prefix + name
            )


def _text(
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


def _starts_at(obj: Mapping[str, Any]) -> datetime:
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


def _int(obj: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = obj.get(name, default)
    # bool is an int in Python; true is not a duration.
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ApiError(
            422, "invalid_field", f"{name} must be a whole number from {low} to {high}", name
        )
    return value


def _bool(obj: Mapping[str, Any], name: str, default: bool) -> bool:
    value = obj.get(name, default)
    if not isinstance(value, bool):
        raise ApiError(422, "invalid_field", f"{name} must be true or false", name)
    return value


def _locale(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    if value not in SUPPORTED_LOCALES:
        raise ApiError(
            422, "invalid_field", f"{field} must be one of {', '.join(SUPPORTED_LOCALES)}", field
        )
    return value


APPOINTMENT_FIELDS = {
    "external_id",
    "customer",
    "service",
    "stylist",
    "starts_at",
    "duration_minutes",
    "send_confirmation",
}
CUSTOMER_FIELDS = {"phone", "name", "locale"}


def _booking(body: Mapping[str, Any], salon: Salon) -> Booking:
    _reject_unknown(body, APPOINTMENT_FIELDS)
    external_id = _text(body, "external_id", required=True)
    customer = body.get("customer")
    if customer is None:
        raise ApiError(422, "missing_field", "customer is required", "customer")
    if not isinstance(customer, dict):
        raise ApiError(422, "invalid_field", "customer must be an object", "customer")
    _reject_unknown(customer, CUSTOMER_FIELDS, "customer.")
    raw_phone = _text(customer, "phone", required=True, max_length=40, prefix="customer.")
    assert raw_phone is not None and external_id is not None
    try:
        phone = to_e164(raw_phone, default_region=region_of(salon.sender_number))
    except InvalidPhoneNumber as exc:
        raise ApiError(
            422, "invalid_phone", f"customer.phone: {exc} ({raw_phone!r})", "customer.phone"
        ) from None
    return Booking(
        external_id=external_id,
        phone=phone,
        customer_name=_text(customer, "name", prefix="customer."),
        customer_locale=_locale(
            _text(customer, "locale", max_length=10, prefix="customer."), "customer.locale"
        ),
        service=_text(body, "service"),
        stylist=_text(body, "stylist"),
        starts_at=_starts_at(body),
        duration_minutes=_int(body, "duration_minutes", 60, 5, 24 * 60),
        send_confirmation=_bool(body, "send_confirmation", True),
    )


# ---------------------------------------------------------------------------------------------
# Output


def _time(value: datetime | None, salon: Salon) -> str | None:
    """ISO 8601 in the salon's own timezone, so a CRM sees the hour its staff booked."""
    return None if value is None else value.astimezone(ZoneInfo(salon.timezone)).isoformat()


def appointment_json(appointment: Appointment, salon: Salon) -> dict[str, Any]:
    customer = appointment.customer
    return {
        "id": appointment.id,
        "external_id": appointment.external_id,
        "status": appointment.status.value,
        "ref": appointment.ref,
        "customer": {
            "phone": customer.phone,
            "name": customer.name,
            "locale": customer.locale or salon.locale,
            "opted_out": customer.opted_out,
        },
        "service": appointment.service,
        "stylist": appointment.stylist,
        "starts_at": _time(appointment.starts_at, salon),
        "duration_minutes": appointment.duration_minutes,
        "created_at": _time(appointment.created_at, salon),
        "updated_at": _time(appointment.updated_at, salon),
    }


def message_json(message: Message, salon: Salon) -> dict[str, Any]:
    return {
        "id": message.id,
        "direction": message.direction,
        "body": message.body,
        "template": message.template,
        "intent": message.intent,
        "status": message.status,
        "segments": message.segments,
        "provider_sid": message.provider_sid,
        "error_code": message.error_code,
        "error_message": message.error_message,
        "created_at": _time(message.created_at, salon),
        "sent_at": _time(message.sent_at, salon),
    }


# ---------------------------------------------------------------------------------------------
# Routes


def _appointment(session: Session, salon: Salon, external_id: str) -> Appointment:
    """The salon's own appointment; another salon's id is simply not found."""
    appointment = session.scalar(
        select(Appointment).where(
            Appointment.salon_id == salon.id, Appointment.external_id == external_id
        )
    )
    if appointment is None:
        raise ApiError(404, "not_found", f"no appointment with external_id {external_id!r}")
    return appointment


@bp.post("/appointments")
def upsert_appointment() -> tuple[Response, int, dict[str, str]]:
    salon: Salon = g.salon
    booking = _booking(_json_object(), salon)
    with _db().transaction() as session:
        salon = session.get_one(Salon, salon.id)
        result = book(session, salon=salon, booking=booking, now=utcnow())
        body = appointment_json(result.appointment, salon)
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    sms_queue.enqueue_sends(result.queued_message_ids)
    location = f"{bp.url_prefix}/appointments/{booking.external_id}"
    return jsonify(body), (201 if result.created else 200), {"Location": location}


def _read(view: Callable[[Session, Salon], Any]) -> Response:
    with _db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        return jsonify(view(session, salon))


@bp.get("/appointments/<external_id>")
def get_appointment(external_id: str) -> Response:
    return _read(
        lambda session, salon: appointment_json(_appointment(session, salon, external_id), salon)
    )


@bp.get("/appointments/<external_id>/messages")
def list_messages(external_id: str) -> Response:
    def view(session: Session, salon: Salon) -> dict[str, Any]:
        appointment = _appointment(session, salon, external_id)
        messages = session.scalars(
            select(Message)
            .where(Message.salon_id == salon.id, Message.appointment_id == appointment.id)
            .order_by(Message.created_at, Message.id)
        )
        return {"data": [message_json(m, salon) for m in messages]}

    return _read(view)
