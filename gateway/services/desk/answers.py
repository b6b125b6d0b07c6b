"""Staff answer a customer: a text queued like every other.

On Twilio and the console staff write their own words (``answer_customer``); on Alibaba Cloud
and Tencent Cloud, which send approved templates only, they choose one of the salon's answer
templates and fill its fields (``answer_with_template``; ``answer_options`` lists them). Each
refuses the other's kind of answer with a 422 that says what to send instead, deciding the
provider as the sender will — a salon without its own provider sends through SMS_PROVIDER.

An answer goes at once, whatever the quiet hours (the customer wrote first); an opted-out or
erased customer gets nothing, and the salon's daily cap holds it like any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from gateway import sms_text
from gateway.domain.answers import (
    ANSWER_FIELDS,
    AnswerField,
    AnswerRefused,
    example_values,
    facts_from,
)
from gateway.domain.texts import TemplateName
from gateway.models import Customer, Message, Salon
from gateway.providers import sends_templates
from gateway.services.errors import Conflict, ServiceError
from gateway.services.salons.providers import provider_of
from gateway.services.sending.outbox import locale_for, queue_text
from gateway.services.sending.template_codes import code_for, is_mainland, value_limit

ANSWER_TEMPLATE = TemplateName.STAFF_ANSWER
#: Long enough for a real answer; a few SMS segments at most.
MAX_ANSWER_LENGTH = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

AnswerMode = Literal["body", "template"]


@dataclass(frozen=True, slots=True)
class AnswerChoice:
    """An answer template the salon can send, its fields, and how it reads with example values."""

    name: TemplateName
    fields: tuple[AnswerField, ...]
    preview: str


@dataclass(frozen=True, slots=True)
class AnswerOptions:
    """How the salon's staff answer: in words (``body``) or with one of ``templates``."""

    mode: AnswerMode
    provider: str
    templates: tuple[AnswerChoice, ...] = ()
    #: Why template answers cannot go yet, when they cannot (no provider of its own, no codes).
    problem: str | None = None


def answer_options(session: Session, salon: Salon, *, now: datetime) -> AnswerOptions:
    """What the salon's staff may answer with: the answer templates with a code in the salon's
    locale, previewed in it."""
    provider = provider_of(session, salon)
    if not sends_templates(provider):
        return AnswerOptions("body", provider)
    if salon.provider is None:
        return AnswerOptions("template", provider, problem=_no_own_provider(provider))
    choices = tuple(
        AnswerChoice(name, fields, _preview(session, salon, name, now=now))
        for name, fields in ANSWER_FIELDS.items()
        if _code_locale(session, salon, name, locale=salon.locale, phone="+86") is not None
    )
    problem = None
    if not choices:
        problem = (
            f"no answer template has a code at {provider} for {salon.locale} yet: submit them "
            "(flask --app wsgi templates export) and record their codes (docs/china.md)"
        )
    return AnswerOptions("template", provider, choices, problem)


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
        raise ServiceError("body is empty", field="body", reason="answer_empty")
    if len(body) > MAX_ANSWER_LENGTH:
        raise ServiceError(
            f"body is longer than {MAX_ANSWER_LENGTH} characters",
            field="body",
            reason="answer_too_long",
            values={"n": MAX_ANSWER_LENGTH},
        )
    if _CONTROL.search(body):
        raise ServiceError(
            "body contains control characters", field="body", reason="answer_control"
        )
    _reachable(customer)
    provider = provider_of(session, customer.salon)
    if sends_templates(provider):
        # Free text is not allowed there: only templates the provider approved go out.
        raise ServiceError(
            f"{provider} sends only approved templates, not staff's own words: send "
            '{"template": …, "values": {…}} with one of GET /answer-templates, or call the '
            "customer",
            field="body",
            reason="answer_templates_only",
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
    session.flush()  # the answer's id, for the thread the staff see
    return message


def answer_with_template(
    session: Session,
    *,
    customer: Customer,
    template: str,
    values: dict[str, str],
    now: datetime,
    appointment_id: int | None = None,
) -> Message:
    """Queue the answer template ``template`` with the fields staff filled; returns the row."""
    salon = customer.salon
    provider = provider_of(session, salon)
    if not sends_templates(provider):
        raise ServiceError(
            f'{provider} sends staff\'s own words: send {{"body": …}}, not a template',
            field="template",
            reason="answer_words_only",
        )
    if template not in ANSWER_FIELDS:
        raise ServiceError(
            f"{template!r} is not an answer template; use one of {', '.join(ANSWER_FIELDS)}",
            field="template",
        )
    name = TemplateName(template)
    if salon.provider is None:
        raise ServiceError(_no_own_provider(provider), field="template")
    _reachable(customer)
    locale = _code_locale(session, salon, name, locale=locale_for(customer), phone=customer.phone)
    if locale is None:
        scope = "" if is_mainland(customer.phone) else " international"
        raise ServiceError(
            f"{provider} has no{scope} template code for {salon.locale}/{name}; record it with "
            "`flask --app wsgi templates set-code` once approved",
            field="template",
            reason="template_missing",
        )
    try:
        facts = facts_from(
            name,
            values,
            variables=sms_text.variables(name, locale),
            locale=locale,
            timezone=salon.timezone,
            limit=value_limit(session, provider),
            now=now,
        )
    except AnswerRefused as exc:
        raise ServiceError(
            exc.message, field=exc.field, reason=exc.reason, values=exc.values
        ) from None
    message = queue_text(
        session,
        customer=customer,
        appointment_id=appointment_id,
        template=name,
        locale=locale,
        context={"salon_name": salon.name, **facts},
        now=now,
    )
    assert message is not None  # opted-out and erased customers were refused above
    session.flush()  # the answer's id, for the thread the staff see
    return message


def _reachable(customer: Customer) -> None:
    if customer.erased_at is not None:
        raise Conflict("the customer was erased", field="phone", reason="customer_erased")
    if customer.opted_out:
        raise Conflict(
            "the customer opted out of texts", field="phone", reason="customer_opted_out"
        )


def _no_own_provider(provider: str) -> str:
    return (
        f"the salon sends through the service's default provider ({provider}), which takes "
        "approved templates only: give the salon its own provider and sign name (PATCH /salon "
        "provider, sign_name) before answering"
    )


def _code_locale(
    session: Session, salon: Salon, name: TemplateName, *, locale: str, phone: str
) -> str | None:
    """The locale the answer goes out in (the customer's where it has a code, else the salon's,
    as ``compose_for`` picks), or None when neither has one."""
    assert salon.provider is not None
    for candidate in dict.fromkeys((locale, salon.locale)):
        found = code_for(
            session,
            provider=salon.provider,
            locale=candidate,
            name=name,
            international=not is_mainland(phone),
        )
        if found is not None:
            return candidate
    return None


def _preview(session: Session, salon: Salon, name: TemplateName, *, now: datetime) -> str:
    """The answer as a customer in the salon's locale would read it, with example values."""
    locale = salon.locale
    facts = facts_from(
        name,
        example_values(name, timezone=salon.timezone, now=now),
        variables=sms_text.variables(name, locale),
        locale=locale,
        timezone=salon.timezone,
        limit=None,
        now=now,
    )
    return sms_text.compose(
        name,
        locale,
        {"salon_name": salon.name_for(locale), **facts},
        sign_name=salon.sign_name or salon.name,
    ).body
