"""Appointments: create or update (upsert by external_id), list, change as staff, read, and
read the SMS thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, g, jsonify
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.fields import encode_appointment_cursor
from gateway.api.schemas.requests import (
    AppointmentChange,
    AppointmentQuery,
    NewAppointment,
    parse_body,
    parse_query,
)
from gateway.models import Appointment, Salon
from gateway.queries.appointments import appointment_by_external_id, appointments_page
from gateway.queries.threads import appointment_thread
from gateway.resources import appointment_json, message_json
from gateway.services import book, edit_appointment
from gateway.services.salons.providers import home_region


def _appointment(
    session: Session, salon: Salon, external_id: str, *, for_update: bool = False
) -> Appointment:
    """The salon's own appointment; another salon's id is simply not found."""
    appointment = appointment_by_external_id(
        session, salon_id=salon.id, external_id=external_id, for_update=for_update
    )
    if appointment is None:
        raise ApiError(404, "not_found", f"no appointment with external_id {external_id!r}")
    return appointment


@bp.post("/appointments")
def upsert_appointment() -> tuple[Response, int, dict[str, str]]:
    salon: Salon = g.salon
    booking = parse_body(NewAppointment, region=home_region(salon)).booking()
    with db().transaction() as session:
        salon = session.get_one(Salon, salon.id)
        result = book(session, salon=salon, booking=booking, now=clock.now())
        body = appointment_json(result.appointment, salon)
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
        messages = appointment_thread(session, salon_id=salon.id, appointment_id=appointment.id)
        return {"data": [message_json(m, salon) for m in messages]}

    return _read(view)


@bp.patch("/appointments/<external_id>")
def change_appointment(external_id: str) -> Response:
    """Staff change an appointment: a new time reschedules it, a status records what happened."""
    edit = parse_body(AppointmentChange).staff_edit()
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        appointment = _appointment(session, salon, external_id, for_update=True)
        result = edit_appointment(session, appointment=appointment, edit=edit, now=clock.now())
        body = appointment_json(result.appointment, salon)
    return jsonify(body)


@bp.get("/appointments")
def list_appointments() -> Response:
    """The salon's appointments by starts_at (then id), a page at a time.

    Keyset pagination: the cursor is the last row's (starts_at, id), so rows inserted or removed
    between pages never shift a page; every appointment that matches throughout is seen once.
    """
    asked = parse_query(AppointmentQuery)
    limit = asked.limit

    def view(session: Session, salon: Salon) -> dict[str, Any]:
        found = appointments_page(
            session,
            salon_id=salon.id,
            limit=limit,
            statuses=asked.status,
            starts_from=asked.starts_from,
            starts_to=asked.starts_to,
            updated_since=asked.updated_since,
            after=asked.cursor,
        )
        page = found[:limit]
        return {
            "data": [appointment_json(a, salon) for a in page],
            "next_cursor": (
                encode_appointment_cursor(page[-1].starts_at, page[-1].id)
                if len(found) > limit
                else None
            ),
        }

    return _read(view)
