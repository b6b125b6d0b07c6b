"""Customers, by phone number: what the salon holds about one (marketing facts and consent
included), changing it, exporting all of it, and erasing it on request."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, g, jsonify
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.customer_requests import ConsentRequest, CustomerFacts
from gateway.api.schemas.requests import parse_body, phone_in_path
from gateway.domain.marketing import birthday_not_after
from gateway.models import Customer, Salon
from gateway.queries.customer_export import customer_export
from gateway.queries.customers import appointments_by_status, texts_by_direction
from gateway.queries.threads import customer_by_phone
from gateway.resources import consent_json, customer_json
from gateway.services import erase_customer
from gateway.services.customers.consent import Recorder, current_consent, record_consent
from gateway.services.customers.facts import change_facts
from gateway.services.salons.providers import home_region


def _e164(raw: str, salon: Salon) -> str:
    """Any common spelling of the number, read in the salon sender's country when it has none."""
    return phone_in_path(raw, region=home_region(salon))


def _summary(session: Session, salon: Salon, customer: Customer) -> dict[str, Any]:
    appointments = appointments_by_status(session, salon_id=salon.id, customer_id=customer.id)
    messages = texts_by_direction(session, salon_id=salon.id, customer_id=customer.id)
    return {
        **customer_json(customer, salon),
        "birthday": customer.birthday,
        "tags": list(customer.tags or []),
        "consent": consent_json(current_consent(session, customer.id), salon),
        "marketing_reachable": customer.marketing_reachable,
        "appointments": appointments,
        "messages": messages,
    }


def _customer(session: Session, salon: Salon, phone: str, *, lock: bool = False) -> Customer:
    """The salon's customer with this number, or 404 (another salon's is not there to find)."""
    customer = customer_by_phone(session, salon_id=salon.id, phone=_e164(phone, salon))
    if customer is None:
        raise ApiError(404, "not_found", "no customer with this phone number")
    if lock:
        session.refresh(customer, with_for_update=True)
    return customer


@bp.get("/customers/<phone>")
def get_customer(phone: str) -> Response:
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        return jsonify(_summary(session, salon, _customer(session, salon, phone)))


@bp.patch("/customers/<phone>")
def change_customer(phone: str) -> Response:
    """Name, birthday and tags: only what is sent changes; a refusal changes nothing."""
    wanted = parse_body(CustomerFacts)
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        customer = _customer(session, salon, phone, lock=True)
        if wanted.birthday is not None and not birthday_not_after(
            wanted.birthday, clock.now().astimezone(ZoneInfo(salon.timezone)).date()
        ):
            raise ApiError(422, "invalid_field", "birthday is in the future", "birthday")
        change_facts(customer, wanted.change())
        session.flush()
        return jsonify(_summary(session, salon, customer))


@bp.put("/customers/<phone>/consent")
def change_consent(phone: str) -> Response:
    """Give or withdraw consent to marketing: a new row of the history each time."""
    wanted = parse_body(ConsentRequest)
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        customer = _customer(session, salon, phone, lock=True)
        record_consent(
            session,
            customer,
            wanted.statement(),
            by=Recorder.api_key(salon.api_key_hash),
            now=clock.now(),
        )
        return jsonify(_summary(session, salon, customer))


@bp.get("/customers/<phone>/export")
def export_customer(phone: str) -> Response:
    """Everything held about the customer, in one answer."""
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        customer = _customer(session, salon, phone)
        return jsonify(customer_export(session, salon, customer, now=clock.now()))


@bp.delete("/customers/<phone>")
def erase(phone: str) -> tuple[str, int]:
    """Erase the customer: 204 whether or not the salon had them, so a repeat is harmless."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        erase_customer(session, salon=salon, phone=_e164(phone, salon), now=clock.now())
    return "", 204
