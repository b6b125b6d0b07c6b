"""Customers, by phone number: what the salon holds about one, and erasing it on request."""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.requests import phone_in_path
from gateway.domain.lifecycle import AppointmentStatus
from gateway.models import Appointment, Customer, Message, MessageDirection, Salon
from gateway.resources import customer_json
from gateway.services import erase_customer
from gateway.services.salon_providers import home_region


def _e164(raw: str, salon: Salon) -> str:
    """Any common spelling of the number, read in the salon sender's country when it has none."""
    return phone_in_path(raw, region=home_region(salon))


def _summary(session: Session, salon: Salon, customer: Customer) -> dict[str, Any]:
    appointments: dict[str, int] = dict.fromkeys((s.value for s in AppointmentStatus), 0)
    for status, count in session.execute(
        select(Appointment.status, func.count())
        .where(Appointment.salon_id == salon.id, Appointment.customer_id == customer.id)
        .group_by(Appointment.status)
    ):
        appointments[status.value] = int(count)
    messages = {MessageDirection.INBOUND: 0, MessageDirection.OUTBOUND: 0}
    for direction, count in session.execute(
        select(Message.direction, func.count())
        .where(Message.salon_id == salon.id, Message.customer_id == customer.id)
        .group_by(Message.direction)
    ):
        messages[direction] = int(count)
    return {**customer_json(customer, salon), "appointments": appointments, "messages": messages}


@bp.get("/customers/<phone>")
def get_customer(phone: str) -> Response:
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        e164 = _e164(phone, salon)
        customer = session.scalar(
            select(Customer).where(Customer.salon_id == salon.id, Customer.phone == e164)
        )
        if customer is None:
            raise ApiError(404, "not_found", "no customer with this phone number")
        return jsonify(_summary(session, salon, customer))


@bp.delete("/customers/<phone>")
def erase(phone: str) -> tuple[str, int]:
    """Erase the customer: 204 whether or not the salon had them, so a repeat is harmless."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        erase_customer(session, salon=salon, phone=_e164(phone, salon), now=clock.now())
    return "", 204
