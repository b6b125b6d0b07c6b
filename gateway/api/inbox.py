"""What needs a person (GET /inbox, POST /inbox/<id>/handle, and the actions: treat-as, move),
a customer's whole thread
(GET and POST /customers/<phone>/messages) and what staff may answer with (GET
/answer-templates): the console's inbox, for the salon's CRM."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, g, jsonify
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api import bp, db
from gateway.api.customers import _e164
from gateway.api.errors import ApiError
from gateway.api.schemas.requests import (
    Answer,
    InboxQuery,
    MoveTo,
    TreatAs,
    parse_body,
    parse_query,
)
from gateway.api.schemas.responses import AnswerTemplatesJson, InboxItemJson, ThreadMessageJson
from gateway.domain.answers import example_values
from gateway.domain.lifecycle import Intent
from gateway.models import InboxItem, Message, Salon
from gateway.queries.inbox import inbox_item, inbox_page
from gateway.queries.threads import customer_by_phone, customer_thread
from gateway.resources import customer_json, local_time, message_json
from gateway.services.desk.answers import answer_customer, answer_options, answer_with_template
from gateway.services.desk.inbox import handle
from gateway.services.desk.inbox_actions import move_for_item, treat_as

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
        "treated_as": item.treated_as,
        "treated_by": item.treated_by,
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


def _act(item_id: int, act: Callable[[Session, InboxItem], object]) -> Response:
    """Do ``act`` to the salon's own item; another salon's is simply not found."""
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        item = inbox_item(session, salon_id=salon.id, item_id=item_id)
        if item is None:
            raise ApiError(404, "not_found", f"no inbox item {item_id}")
        act(session, item)
        return jsonify(inbox_item_json(item, salon))


@bp.post("/inbox/<int:item_id>/treat-as")
def treat_inbox_item(item_id: int) -> Response:
    """Read an unclear reply as confirm, change or cancel, as if its words had been clear;
    ``remember``: and read the same words so from now on."""
    asked = parse_body(TreatAs)
    intent = Intent(asked.intent)
    return _act(
        item_id,
        lambda session, item: treat_as(
            session, item, intent, by=HANDLED_BY_API, now=clock.now(), remember=asked.remember
        ),
    )


@bp.post("/inbox/<int:item_id>/move")
def move_inbox_item(item_id: int) -> Response:
    """Move the item's appointment to a new time; the customer is texted it to confirm."""
    asked = parse_body(MoveTo)
    return _act(
        item_id,
        lambda session, item: move_for_item(
            session,
            item,
            starts_at=asked.starts_at,
            stylist=asked.stylist,
            by=HANDLED_BY_API,
            now=clock.now(),
        ),
    )


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
    """Staff answer in their own words, or with an answer template where the provider sends
    only approved ones: queued at once like every text (quiet hours do not apply to an answer;
    opt-out, erasure and the daily cap do)."""
    wanted = parse_body(Answer)
    wanted.check_kind()
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id)
        customer = customer_by_phone(session, salon_id=salon.id, phone=_e164(phone, salon))
        if customer is None:
            raise ApiError(404, "not_found", "no customer with this phone number")
        if wanted.body is not None:
            message = answer_customer(session, customer=customer, body=wanted.body, now=clock.now())
        else:
            assert wanted.template is not None
            message = answer_with_template(
                session,
                customer=customer,
                template=wanted.template,
                values=wanted.values or {},
                now=clock.now(),
            )
        body = thread_message_json(message, salon)
    return jsonify(body), 201


@bp.get("/answer-templates")
def answer_templates() -> Response:
    """How this salon's staff answer: in words, or with which answer templates and fields."""
    now = clock.now()
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        options = answer_options(session, salon, now=now)
        examples = {
            choice.name: example_values(choice.name, timezone=salon.timezone, now=now)
            for choice in options.templates
        }
    body: AnswerTemplatesJson = {
        "answers_with": options.mode,
        "provider": options.provider,
        "data": [
            {
                "name": choice.name,
                "fields": [
                    {
                        "name": field.name,
                        "type": field.kind,
                        "description": field.description,
                        "example": examples[choice.name][field.name],
                    }
                    for field in choice.fields
                ],
                "preview": choice.preview,
            }
            for choice in options.templates
        ],
        "problem": options.problem,
    }
    return jsonify(body)
