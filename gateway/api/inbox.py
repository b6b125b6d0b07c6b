"""What needs a person (GET /inbox, POST /inbox/<id>/handle) and a customer's whole thread
(GET and POST /customers/<phone>/messages): the console's inbox, for the salon's CRM."""

from __future__ import annotations

from flask import Response, g, jsonify

from gateway import clock
from gateway.api import bp, db
from gateway.api.customers import _e164
from gateway.api.errors import ApiError
from gateway.api.schemas.requests import Answer, InboxQuery, parse_body, parse_query
from gateway.api.schemas.responses import InboxItemJson, ThreadMessageJson
from gateway.models import InboxItem, Message, Salon
from gateway.queries.inbox import inbox_item, inbox_page
from gateway.queries.threads import customer_by_phone, customer_thread
from gateway.resources import customer_json, local_time, message_json
from gateway.services.answers import answer_customer
from gateway.services.inbox import handle

#: Who handled an item through the API, as the console shows it.
HANDLED_BY_API = "api"


def thread_message_json(message: Message, salon: Salon) -> ThreadMessageJson:
    appointment = message.appointment
    return {
        **message_json(message, salon),
        "appointment": appointment.external_id if appointment else None,
    }


def inbox_item_json(item: InboxItem, salon: Salon) -> InboxItemJson:
    message, customer, appointment = item.message, item.customer, item.appointment
    return {
        "id": item.id,
        "reason": item.reason,
        "customer": customer_json(customer, salon) if customer else None,
        "message": (
            {
                "id": message.id,
                "direction": message.direction,
                "body": message.body,
                "status": message.status,
                "created_at": local_time(message.created_at, salon),
            }
            if message
            else None
        ),
        "appointment": appointment.external_id if appointment else None,
        "created_at": local_time(item.created_at, salon),
        "handled_at": local_time(item.handled_at, salon),
        "handled_by": item.handled_by,
    }


@bp.get("/inbox")
def list_inbox() -> Response:
    """Newest first; ``waiting=true`` leaves out what was handled; cursor-paged."""
    asked = parse_query(InboxQuery)
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        page = inbox_page(
            session,
            salon_id=salon.id,
            waiting_only=asked.waiting == "true",
            before_id=asked.cursor,
            limit=asked.limit,
        )
        return jsonify(
            {
                "data": [inbox_item_json(item, salon) for item in page.items],
                "next_cursor": page.next_cursor,
            }
        )


@bp.post("/inbox/<int:item_id>/handle")
def handle_inbox_item(item_id: int) -> Response:
    """Mark handled (a repeat keeps the first); never changes an appointment."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        item = inbox_item(session, salon_id=salon.id, item_id=item_id)
        if item is None:
            raise ApiError(404, "not_found", f"no inbox item {item_id}")
        handle(session, item, by=HANDLED_BY_API, now=clock.now())
        return jsonify(inbox_item_json(item, salon))


@bp.get("/customers/<phone>/messages")
def customer_messages(phone: str) -> Response:
    """Every text to and from the customer, oldest first, with its appointment if any."""
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        customer = customer_by_phone(session, salon_id=salon.id, phone=_e164(phone, salon))
        if customer is None:
            raise ApiError(404, "not_found", "no customer with this phone number")
        thread = customer_thread(session, salon_id=salon.id, customer_id=customer.id)
        return jsonify({"data": [thread_message_json(m, salon) for m in thread]})


@bp.post("/customers/<phone>/messages")
def answer(phone: str) -> tuple[Response, int]:
    """Staff answer in their own words: queued at once like every text (quiet hours do not
    apply to an answer; opt-out, erasure and the daily cap do)."""
    wanted = parse_body(Answer)
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        customer = customer_by_phone(session, salon_id=salon.id, phone=_e164(phone, salon))
        if customer is None:
            raise ApiError(404, "not_found", "no customer with this phone number")
        message = answer_customer(session, customer=customer, body=wanted.body, now=clock.now())
        body = thread_message_json(message, salon)
    return jsonify(body), 201
