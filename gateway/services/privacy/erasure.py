"""Erasing a customer at the salon's request (PIPL, GDPR): who they were goes, the counts stay.

The phone number and name are replaced by a tombstone, every message body to or from them is
blanked, nothing more is sent to them, their marketing facts (birthday, tags), the history
of their consent to marketing with its evidence and the phrases the salon taught from their
replies are deleted, and copies of their number kept
for delivery or replay (event payloads, idempotent responses) are scrubbed. Appointments,
statuses, intents and segment counts stay, so a salon's statistics still add up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from gateway.domain.events import EventType
from gateway.models import (
    Appointment,
    ConsentChange,
    Customer,
    Feedback,
    IdempotentRequest,
    Message,
    MessageDirection,
    Reminder,
    ReminderStatus,
    Salon,
    WebhookAttempt,
    WebhookDelivery,
)
from gateway.services.desk.phrases import forget_customers_phrases
from gateway.services.replies.pushes import forget_number
from gateway.services.sending.outbox import cancel_queued_to

#: Why texts and reminders stopped, for staff reading the thread.
ERASED = "the customer was erased"


def tombstone(customer_id: int) -> str:
    """What stands in for an erased customer's number: unique, and never a dialable number."""
    return f"erased:{customer_id}"


@dataclass(frozen=True, slots=True)
class ErasureResult:
    """What an erasure did; ``erased`` is False when the salon had no customer with the number."""

    erased: bool
    messages_blanked: int = 0
    texts_cancelled: int = 0
    reminders_cancelled: int = 0
    copies_scrubbed: int = 0
    phrases_forgotten: int = 0


def erase_customer(session: Session, *, salon: Salon, phone: str, now: datetime) -> ErasureResult:
    """Erase the salon's customer with the E.164 ``phone``; erasing an unknown number does nothing.

    Other salons' customers with the same number are separate people to us and stay untouched.
    """
    customer = session.scalar(
        select(Customer)
        .where(Customer.salon_id == salon.id, Customer.phone == phone)
        .with_for_update()
    )
    if customer is None:
        return ErasureResult(erased=False)
    stone = tombstone(customer.id)
    spellings = _spellings(phone)

    texts_cancelled = cancel_queued_to(session, customer_id=customer.id, reason=ERASED)
    # Replies a worker has not read yet are settled unread: nobody is left to answer.
    session.execute(
        update(Message)
        .where(
            Message.customer_id == customer.id,
            Message.direction == MessageDirection.INBOUND,
            Message.processed_at.is_(None),
        )
        .values(processed_at=now)
    )
    # Before their words are blanked: a phrase taught before phrases kept their writer is found
    # by its text.
    phrases_forgotten = forget_customers_phrases(
        session,
        salon_id=salon.id,
        customer_id=customer.id,
        replies=session.scalars(
            select(Message.body).where(
                Message.customer_id == customer.id,
                Message.direction == MessageDirection.INBOUND,
                Message.body != "",
            )
        ),
    )
    messages_blanked = _count(
        session.execute(
            update(Message)
            .where(Message.customer_id == customer.id)
            .values(body="", template_params=None)
        )
    )
    reminders_cancelled = _count(
        session.execute(
            update(Reminder)
            .where(
                Reminder.status == ReminderStatus.PENDING,
                Reminder.appointment_id.in_(
                    select(Appointment.id).where(Appointment.customer_id == customer.id)
                ),
            )
            .values(status=ReminderStatus.CANCELLED, decision=ERASED, updated_at=now)
        )
    )

    their_messages = set(
        session.scalars(select(Message.id).where(Message.customer_id == customer.id))
    )
    # Their answers to surveys keep their scores (the salon's figures) but lose their words.
    their_feedback = set(
        session.scalars(select(Feedback.id).where(Feedback.customer_id == customer.id))
    )
    session.execute(
        update(Feedback).where(Feedback.customer_id == customer.id).values(comment=None)
    )
    scrub = _Scrub(
        spellings=spellings,
        stone=stone,
        message_ids=their_messages,
        feedback_ids=their_feedback,
    )
    copies = scrub.json_column(
        session,
        WebhookDelivery.payload,
        WebhookDelivery.salon_id == salon.id,
        # The daily-cap event carries a message without its customer.
        also=WebhookDelivery.event_type == EventType.SALON_SMS_CAP_REACHED,
    )
    copies += scrub.json_column(
        session, IdempotentRequest.response_body, IdempotentRequest.salon_id == salon.id
    )
    salon_deliveries = select(WebhookDelivery.id).where(WebhookDelivery.salon_id == salon.id)
    # Free text that may quote the number: a provider's refusal ("The 'To' number +86… is not
    # valid"), a CRM's error page echoing the payload it refused.
    scrub.text_column(session, Message.error_message, Message.customer_id == customer.id)
    scrub.text_column(session, WebhookDelivery.last_error, WebhookDelivery.salon_id == salon.id)
    scrub.text_column(
        session, WebhookAttempt.error, WebhookAttempt.delivery_id.in_(salon_deliveries)
    )

    # Copies of pushes from the number belong to no salon yet: they go with any salon's erasure.
    copies += forget_number(session, phone=phone, national=spellings[-1], stone=stone)

    # The privacy notice keeps no proof of consent past erasure (docs/privacy.md): it all goes.
    session.execute(delete(ConsentChange).where(ConsentChange.customer_id == customer.id))
    customer.birthday_month = customer.birthday_day = customer.birthday_year = None
    customer.tags, customer.marketing_consent_at = None, None
    customer.phone, customer.name, customer.erased_at = stone, None, now
    return ErasureResult(
        erased=True,
        messages_blanked=messages_blanked,
        texts_cancelled=texts_cancelled,
        reminders_cancelled=reminders_cancelled,
        copies_scrubbed=copies,
        phrases_forgotten=phrases_forgotten,
    )


def _spellings(e164: str) -> list[str]:
    """The number as stored (+8613800138000) and as written at home (13800138000): a copy in
    either form identifies the customer. Longest first, so replacing one leaves no part of it.
    """
    number = phonenumbers.parse(e164)
    national = str(phonenumbers.national_significant_number(number))
    return [e164, national] if national != e164 else [e164]


@dataclass(frozen=True, slots=True)
class _Scrub:
    """Removes one customer from stored copies: free text and JSON documents."""

    spellings: list[str]
    stone: str
    message_ids: set[int]
    feedback_ids: set[int]

    def text_column(
        self,
        session: Session,
        column: InstrumentedAttribute[str | None],
        where: ColumnElement[bool],
    ) -> None:
        for spelling in self.spellings:
            session.execute(
                update(column.class_)
                .where(where, column.contains(spelling, autoescape=True))
                .values({column.key: func.replace(column, spelling, self.stone)})
                .execution_options(synchronize_session=False)
            )

    def json_column(
        self,
        session: Session,
        column: InstrumentedAttribute[str],
        where: ColumnElement[bool],
        also: ColumnElement[bool] | None = None,
    ) -> int:
        """Rewrite the documents that mention the customer; returns how many."""
        model = column.class_
        # The shortest spelling is part of every longer one: one LIKE finds them all.
        mentions = column.contains(self.spellings[-1], autoescape=True)
        rows = session.execute(
            select(model.id, column).where(where, mentions if also is None else or_(mentions, also))
        ).all()
        changed = 0
        for row_id, text in rows:
            scrubbed = self.document(text)
            if scrubbed == text:
                continue
            changed += 1
            session.execute(
                update(model)
                .where(model.id == row_id)
                .values({column.key: scrubbed})
                .execution_options(synchronize_session=False)
            )
        return changed

    def document(self, text: str) -> str:
        try:
            document = json.loads(text)
        except ValueError:
            pass
        else:
            self._forget(document)
            text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        for spelling in self.spellings:
            text = text.replace(spelling, self.stone)
        return text

    def _forget(self, node: Any) -> None:
        """The customer (an object with their phone) loses number, name and marketing facts;
        their consent (beside them in an event, or in an answer about them) its evidence; their
        messages (objects with their ids and a direction) lose their words."""
        if isinstance(node, dict):
            about = node.get("customer")
            if isinstance(about, dict) and about.get("phone") == self.spellings[0]:
                self._forget_consent(node)
            if node.get("phone") == self.spellings[0]:
                node["phone"] = self.stone
                if "name" in node:
                    node["name"] = None
                self._forget_consent(node)
                if "birthday" in node:
                    node["birthday"] = None
                if "tags" in node:
                    node["tags"] = []
            if "direction" in node and node.get("id") in self.message_ids and "body" in node:
                node["body"] = ""
            if "score" in node and node.get("id") in self.feedback_ids and "comment" in node:
                node["comment"] = None
            for value in node.values():
                self._forget(value)
        elif isinstance(node, list):
            for value in node:
                self._forget(value)

    @staticmethod
    def _forget_consent(node: dict[str, Any]) -> None:
        consent = node.get("consent")
        if isinstance(consent, dict) and "evidence" in consent:
            consent["evidence"] = None


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
