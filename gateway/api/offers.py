"""Availability and offers of new times: the CRM publishes when its stylists are free
(``PUT /availability``) and offers an appointment's customer up to three slots
(``POST /appointments/{external_id}/offers``), or takes an offer back (``DELETE``)."""

from __future__ import annotations

from flask import Response, g, jsonify
from sqlalchemy import select

from gateway import clock
from gateway.api import bp, db
from gateway.api.appointments import _appointment
from gateway.api.errors import ApiError
from gateway.api.schemas.fields import MAX_ID
from gateway.api.schemas.offer_requests import NewAvailability, NewOffer
from gateway.api.schemas.requests import parse_body
from gateway.api.schemas.responses import AvailabilityJson
from gateway.domain.offer_status import OfferSource
from gateway.models import Offer, Salon
from gateway.resources import offer_json
from gateway.services.offers.availability import publish_availability
from gateway.services.offers.new_times import make_offer, withdraw


@bp.put("/availability")
def put_availability() -> Response:
    """Replace, per stylist named, what is free in the day range; the same body twice is one."""
    wanted = parse_body(NewAvailability)
    stylists = wanted.published()
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        stored = publish_availability(
            session,
            salon,
            first_day=wanted.first_day,
            last_day=wanted.last_day,
            stylists=stylists,
            now=clock.now(),
        )
    body: AvailabilityJson = {
        "from": wanted.first_day.isoformat(),
        "to": wanted.last_day.isoformat(),
        "stylists": [entry.stylist for entry in stylists],
        "intervals": stored,
    }
    return jsonify(body)


@bp.post("/appointments/<external_id>/offers")
def post_offer(external_id: str) -> tuple[Response, int]:
    """Text the customer up to three slots to pick from by letter."""
    wanted = parse_body(NewOffer)
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        appointment = _appointment(session, salon, external_id, for_update=True)
        slots = wanted.offered(
            stylist=appointment.stylist, duration_minutes=appointment.duration_minutes
        )
        offer = make_offer(
            session,
            appointment,
            slots,
            source=OfferSource.CRM,
            now=clock.now(),
            expires_in=wanted.expires_in,
        )
        body = offer_json(offer, salon)
    return jsonify(body), 201


@bp.delete("/appointments/<external_id>/offers/<int:offer_id>")
def delete_offer(external_id: str, offer_id: int) -> Response:
    """Take an open offer back: a pick of it is then answered as gone."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        appointment = _appointment(session, salon, external_id, for_update=True)
        offer = (
            None
            if offer_id > MAX_ID
            else session.scalar(
                select(Offer).where(Offer.id == offer_id, Offer.appointment_id == appointment.id)
            )
        )
        if offer is None:
            raise ApiError(404, "not_found", f"no offer {offer_id} for {external_id!r}")
        withdraw(session, offer, now=clock.now())
        body = offer_json(offer, salon)
    return jsonify(body)
