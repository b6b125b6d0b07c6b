"""Appointments: create or update (upsert by external_id), read, and read the SMS thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, current_app, g, jsonify
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.api import bp, db
from gateway.api.inputs import (
    ApiError,
    bool_field,
    int_field,
    json_object,
    locale_field,
    reject_unknown,
    starts_at_field,
    text_field,
)
from gateway.domain.phones import InvalidPhoneNumber, region_of, to_e164
from gateway.models import Appointment, Message, Salon, utcnow
from gateway.queueing import SmsQueue
from gateway.resources import appointment_json, message_json
from gateway.services import Booking, book

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
    reject_unknown(body, APPOINTMENT_FIELDS)
    external_id = text_field(body, "external_id", required=True)
    customer = body.get("customer")
    if customer is None:
        raise ApiError(422, "missing_field", "customer is required", "customer")
    if not isinstance(customer, dict):
        raise ApiError(422, "invalid_field", "customer must be an object", "customer")
    reject_unknown(customer, CUSTOMER_FIELDS, "customer.")
    raw_phone = text_field(customer, "phone", required=True, max_length=40, prefix="customer.")
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
        customer_name=text_field(customer, "name", prefix="customer."),
        customer_locale=locale_field(
            text_field(customer, "locale", max_length=10, prefix="customer."), "customer.locale"
        ),
        service=text_field(body, "service"),
        stylist=text_field(body, "stylist"),
        starts_at=starts_at_field(body),
        duration_minutes=int_field(body, "duration_minutes", 60, 5, 24 * 60),
        send_confirmation=bool_field(body, "send_confirmation", True),
    )


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
    booking = _booking(json_object(), salon)
    with db().transaction() as session:
        salon = session.get_one(Salon, salon.id)
        result = book(session, salon=salon, booking=booking, now=utcnow())
        body = appointment_json(result.appointment, salon)
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    sms_queue.enqueue_sends(result.queued_message_ids)
    location = f"{bp.url_prefix}/appointments/{booking.external_id}"
    return jsonify(body), (201 if result.created else 200), {"Location": location}


def _read(view: Callable[[Session, Salon], Any]) -> Response:
    with db().sessions() as session:
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
