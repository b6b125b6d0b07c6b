"""Customers, by phone number: what the salon holds about one, and erasing it on request."""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.requests import phone_in_path
from gateway.models import Customer, Salon
from gateway.queries.customers import appointments_by_status, texts_by_direction
from gateway.queries.threads import customer_by_phone
from gateway.resources import customer_json
from gateway.services import erase_customer
from gateway.services.salons.providers import home_region


def _e164(raw: str, salon: Salon) -> str:
    """Any common spelling of the number, read in the salon sender's country when it has none."""
    return phone_in_path(raw, region=home_region(salon))


def _summary(session: Session, salon: Salon, customer: Customer) -> dict[str, Any]:
    appointments = appointments_by_status(session, salon_id=salon.id, customer_id=customer.id)
    messages = texts_by_direction(session, salon_id=salon.id, customer_id=customer.id)
    return {**customer_json(customer, salon), "appointments": appointments, "messages": messages}


@bp.get("/customers/<phone>")
def get_customer(phone: str) -> Response:
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        customer = customer_by_phone(session, salon_id=salon.id, phone=_e164(phone, salon))
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
