"""Staff answer a customer in their own words: a text queued like every other.

An answer goes at once, whatever the quiet hours (the customer wrote first); an opted-out or
erased customer gets nothing, and the salon's daily cap holds it like any text.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from gateway.domain.texts import TemplateName
from gateway.models import Customer, Message
from gateway.providers import TEMPLATE_PROVIDERS
from gateway.services.errors import Conflict, ServiceError
from gateway.services.outbox import locale_for, queue_text

ANSWER_TEMPLATE = TemplateName.STAFF_ANSWER
#: Long enough for a real answer; a few SMS segments at most.
MAX_ANSWER_LENGTH = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def answer_customer(
    session: Session,
    *,
    customer: Customer,
    body: str,
    now: datetime,
    appointment_id: int | None = None,
) -> Message:
    """Queue ``body`` to ``customer``, handed off to be sent at commit; returns the row."""
    body = body.strip()
    if not body:
        raise ServiceError("body is empty", field="body")
    if len(body) > MAX_ANSWER_LENGTH:
        raise ServiceError(f"body is longer than {MAX_ANSWER_LENGTH} characters", field="body")
    if _CONTROL.search(body):
        raise ServiceError("body contains control characters", field="body")
    if customer.erased_at is not None:
        raise Conflict("the customer was erased", field="phone")
    if customer.opted_out:
        raise Conflict("the customer opted out of texts", field="phone")
    if customer.salon.provider in TEMPLATE_PROVIDERS:
        # Free text is not allowed there: only templates the provider approved go out.
        raise ServiceError(
            f"{customer.salon.provider} sends only approved templates, not staff's own words; "
            "call the customer instead",
            field="body",
        )
    message = queue_text(
        session,
        customer=customer,
        appointment_id=appointment_id,
        template=ANSWER_TEMPLATE,
        locale=locale_for(customer),
        context={"salon_name": customer.salon.name, "body": body},
        now=now,
    )
    assert message is not None  # opted-out and erased customers were refused above
    return message
