"""Appointments: create or update (upsert by external_id), list, change as staff, read, and
read the SMS thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, g, jsonify
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

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
from gateway.models import Appointment, Message, Salon
from gateway.resources import appointment_json, message_json
from gateway.services import book, edit_appointment
from gateway.services.salon_providers import home_region


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
        messages = session.scalars(
            select(Message)
            .where(Message.salon_id == salon.id, Message.appointment_id == appointment.id)
            .order_by(Message.created_at, Message.id)
        )
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
        # Each row shows its customer: one query for the page's customers, not one per row.
        query = (
            select(Appointment)
            .where(Appointment.salon_id == salon.id)
            .options(selectinload(Appointment.customer))
        )
        if asked.status:
            query = query.where(Appointment.status.in_(asked.status))
        if asked.starts_from is not None:
            query = query.where(Appointment.starts_at >= asked.starts_from)
        if asked.starts_to is not None:
            query = query.where(Appointment.starts_at < asked.starts_to)
        if asked.updated_since is not None:
            query = query.where(Appointment.updated_at >= asked.updated_since)
        if asked.cursor is not None:
            starts_at, appointment_id = asked.cursor
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
            "next_cursor": (
                encode_appointment_cursor(page[-1].starts_at, page[-1].id)
                if len(found) > limit
                else None
            ),
        }

    return _read(view)
