"""Appointments: create or update (upsert by external_id), list, change as staff, read, and
read the SMS thread.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flask import Response, current_app, g, jsonify
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from gateway import clock
from gateway.api import bp, db
from gateway.api.inputs import (
    ApiError,
    bool_field,
    int_field,
    iso_datetime,
    json_object,
    locale_field,
    query_args,
    query_choices,
    query_datetime,
    query_int,
    query_text,
    reject_unknown,
    starts_at_field,
    text_field,
)
from gateway.domain.lifecycle import STAFF_MOVES, AppointmentStatus
from gateway.domain.phones import InvalidPhoneNumber, to_e164
from gateway.models import Appointment, Message, Salon
from gateway.queueing import SmsQueue
from gateway.resources import appointment_json, message_json
from gateway.services import Booking, StaffEdit, book, edit_appointment
from gateway.services.salon_providers import home_region
from gateway.services.staff import KEEP

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
#: What staff may change with PATCH; everything else (id, external_id, ref, customer, …) is
#: read-only there and refused like an unknown field.
PATCH_FIELDS = {"starts_at", "service", "stylist", "duration_minutes", "status", "notify"}
LIST_PARAMETERS = {"status", "from", "to", "updated_since", "limit", "cursor"}
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
#: Ids are 32-bit integers in the schema.
MAX_ID = 2**31 - 1


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
    if "/" in external_id:
        # It names the appointment in URLs (/appointments/<external_id>), where / cannot be.
        raise ApiError(422, "invalid_field", "external_id must not contain '/'", "external_id")
    try:
        phone = to_e164(raw_phone, default_region=home_region(salon))
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


def _appointment(
    session: Session, salon: Salon, external_id: str, *, for_update: bool = False
) -> Appointment:
    """The salon's own appointment; another salon's id is simply not found."""
    query = select(Appointment).where(
        Appointment.salon_id == salon.id, Appointment.external_id == external_id
    )
    # An id no appointment can have (a NUL byte, which PostgreSQL refuses) is not found either.
    appointment = (
        None
        if "\x00" in external_id
        else session.scalar(query.with_for_update() if for_update else query)
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
        result = book(session, salon=salon, booking=booking, now=clock.now())
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


def _staff_edit(body: Mapping[str, Any]) -> StaffEdit:
    reject_unknown(body, PATCH_FIELDS)
    status = body.get("status")
    if "status" in body and status not in [s.value for s in STAFF_MOVES]:
        allowed = ", ".join(s.value for s in STAFF_MOVES)
        raise ApiError(422, "invalid_field", f"status must be one of {allowed}", "status")
    return StaffEdit(
        starts_at=starts_at_field(body) if "starts_at" in body else KEEP,
        service=text_field(body, "service") if "service" in body else KEEP,
        stylist=text_field(body, "stylist") if "stylist" in body else KEEP,
        duration_minutes=(
            int_field(body, "duration_minutes", 60, 5, 24 * 60)
            if "duration_minutes" in body
            else KEEP
        ),
        status=AppointmentStatus(status) if status is not None else None,
        notify=bool_field(body, "notify", True),
    )


@bp.patch("/appointments/<external_id>")
def change_appointment(external_id: str) -> Response:
    """Staff change an appointment: a new time reschedules it, a status records what happened."""
    edit = _staff_edit(json_object())
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        appointment = _appointment(session, salon, external_id, for_update=True)
        result = edit_appointment(session, appointment=appointment, edit=edit, now=clock.now())
        body = appointment_json(result.appointment, salon)
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    sms_queue.enqueue_sends(result.queued_message_ids)
    return jsonify(body)


def _encode_cursor(appointment: Appointment) -> str:
    raw = json.dumps([appointment.starts_at.isoformat(), appointment.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (starts_at, id) after which the next page begins."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        starts_at, appointment_id = json.loads(raw)
        if not isinstance(starts_at, str) or type(appointment_id) is not int:
            raise ValueError(cursor)
        if not 0 <= appointment_id <= MAX_ID:  # SQLite cannot even compare a larger one
            raise ValueError(cursor)
        return iso_datetime(starts_at, "cursor"), appointment_id
    except (ValueError, TypeError, binascii.Error, ApiError):
        raise ApiError(
            422, "invalid_parameter", "cursor must be a next_cursor this endpoint gave", "cursor"
        ) from None


@bp.get("/appointments")
def list_appointments() -> Response:
    """The salon's appointments by starts_at (then id), a page at a time.

    Keyset pagination: the cursor is the last row's (starts_at, id), so rows inserted or removed
    between pages never shift a page; every appointment that matches throughout is seen once.
    """
    query_args(LIST_PARAMETERS)
    statuses = query_choices("status", [s.value for s in AppointmentStatus])
    starts_from, starts_to = query_datetime("from"), query_datetime("to")
    updated_since = query_datetime("updated_since")
    limit = query_int("limit", default=PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    raw_cursor = query_text("cursor")
    after = _decode_cursor(raw_cursor) if raw_cursor is not None else None

    def view(session: Session, salon: Salon) -> dict[str, Any]:
        # Each row shows its customer: one query for the page's customers, not one per row.
        query = (
            select(Appointment)
            .where(Appointment.salon_id == salon.id)
            .options(selectinload(Appointment.customer))
        )
        if statuses:
            query = query.where(Appointment.status.in_(statuses))
        if starts_from is not None:
            query = query.where(Appointment.starts_at >= starts_from)
        if starts_to is not None:
            query = query.where(Appointment.starts_at < starts_to)
        if updated_since is not None:
            query = query.where(Appointment.updated_at >= updated_since)
        if after is not None:
            starts_at, appointment_id = after
            query = query.where(
                or_(
                    Appointment.starts_at > starts_at,
                    and_(Appointment.starts_at == starts_at, Appointment.id > appointment_id),
                )
            )
        found = list(
            session.scalars(query.order_by(Appointment.starts_at, Appointment.id).limit(limit + 1))
        )
        page = found[:limit]
        return {
            "data": [appointment_json(a, salon) for a in page],
            "next_cursor": _encode_cursor(page[-1]) if len(found) > limit else None,
        }

    return _read(view)
