"""Template codes: what Alibaba Cloud and Tencent Cloud call each of our approved templates.

Recorded in the database (``flask --app wsgi templates set-code``) so every web and worker
process sees them. A salon on a template provider needs a code for every template of its locale
before it may send (checked at ``salon create/update`` and reported by /healthz, so that nothing
fails at send time); a customer in another locale gets that locale's template where it has a
code, else the salon's. Numbers outside the mainland take the provider's international templates,
recorded apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import sms_text
from gateway.deployment import deployment_of
from gateway.domain.provider_templates import (
    Provider,
)
from gateway.domain.provider_templates import value_limit as provider_value_limit
from gateway.domain.texts import TemplateName
from gateway.domain.wording import appointment_values
from gateway.models import Customer, Salon, TemplateCode
from gateway.providers import sends_templates
from gateway.services.errors import ServiceError

_CODES = "template_codes_by_provider"


def is_mainland(phone: str) -> bool:
    return phone.startswith("+86")


def set_code(
    session: Session,
    *,
    provider: str,
    locale: str,
    name: str,
    code: str,
    international: bool = False,
    now: datetime,
) -> TemplateCode:
    """Record (or replace) the code of template ``locale/name`` at ``provider``."""
    if not sends_templates(provider):
        raise ServiceError(f"{provider} does not use template codes", field="provider")
    sms_text.template_text(name, locale)  # raises for an unknown template or locale
    code = code.strip()
    if not code or len(code) > 40 or any(c.isspace() for c in code):
        raise ServiceError("the code is 1 to 40 characters without spaces", field="code")
    row = session.scalar(
        select(TemplateCode).where(
            TemplateCode.provider == provider,
            TemplateCode.locale == locale,
            TemplateCode.name == name,
            TemplateCode.international == international,
        )
    )
    if row is None:
        row = TemplateCode(provider=provider, locale=locale, name=name, international=international)
        session.add(row)
    row.code, row.updated_at = code, now
    session.flush()
    session.info.pop(_CODES, None)
    return row


def _codes(session: Session, provider: str) -> dict[tuple[str, str, bool], str]:
    """Every code of ``provider``, read once per transaction."""
    cache: dict[str, dict[tuple[str, str, bool], str]] = session.info.setdefault(_CODES, {})
    if provider not in cache:
        rows = session.execute(
            select(
                TemplateCode.locale,
                TemplateCode.name,
                TemplateCode.international,
                TemplateCode.code,
            ).where(TemplateCode.provider == provider)
        )
        cache[provider] = {(r.locale, r.name, r.international): r.code for r in rows}
    return cache[provider]


def recorded_codes(session: Session, provider: str) -> dict[tuple[str, str, bool], str]:
    """Every code recorded for ``provider``: (locale, name, international) → code."""
    return dict(_codes(session, provider))


def code_for(
    session: Session, *, provider: str, locale: str, name: str, international: bool
) -> str | None:
    return _codes(session, provider).get((locale, name, international))


def missing_templates(
    session: Session,
    *,
    provider: str | None,
    locale: str,
    international: bool = False,
    names: Sequence[str] = sms_text.REQUIRED_TEMPLATE_NAMES,
) -> list[str]:
    """``locale/name`` of every template of ``names`` (by default, those a salon needs before it
    can send) without a code at ``provider`` (none for providers that take text)."""
    if not sends_templates(provider):
        return []
    codes = _codes(session, provider)
    return [f"{locale}/{name}" for name in names if (locale, name, international) not in codes]


def require_codes(session: Session, salon: Salon) -> None:
    """Refuse a salon that could not send a text for lack of a template code."""
    missing = missing_templates(session, provider=salon.provider, locale=salon.locale)
    if missing:
        raise ServiceError(
            f"{salon.provider} has no template code for {', '.join(missing)}; record each with "
            "`flask --app wsgi templates set-code` once approved (docs/china.md)",
            field="provider",
        )


def require_reachable(session: Session, salon: Salon, *, phone: str, locale: str | None) -> None:
    """A number outside the mainland at a template-provider salon needs international codes."""
    if not sends_templates(salon.provider) or is_mainland(phone):
        return
    wanted = {locale or salon.locale, salon.locale}
    if any(
        not missing_templates(session, provider=salon.provider, locale=lc, international=True)
        for lc in wanted
    ):
        return
    raise ServiceError(
        f"customer.phone is outside mainland China and {salon.provider} has no international "
        f"template codes for {salon.locale}; record them or book a mainland number",
        field="customer.phone",
        reason="phone_not_mainland",
    )


def value_limit(session: Session, provider: str | None) -> int | None:
    """Characters allowed per template value at ``provider`` for this deployment."""
    if not sends_templates(provider):
        return None
    personal = deployment_of(session).tencent_personal_account
    return provider_value_limit(Provider(provider), personal_account=personal)


@dataclass(frozen=True, slots=True)
class Text:
    """A message as its salon's provider will deliver it."""

    body: str
    locale: str
    #: The template's values as a JSON list of [name, value], for template providers.
    params: str | None


def missing_code(
    session: Session, customer: Customer, names: Iterable[TemplateName], *, locale: str
) -> str | None:
    """Why one of ``names`` cannot be texted to ``customer`` (written in ``locale``): the first
    without an approved code at the salon's template provider; None when all can."""
    salon = customer.salon
    if not sends_templates(salon.provider):
        return None
    for name in names:
        delivered = delivered_locale(session, customer, name, locale)
        if (
            code_for(
                session,
                provider=salon.provider,
                locale=delivered,
                name=name,
                international=not is_mainland(customer.phone),
            )
            is None
        ):
            return (
                f"{salon.provider} has no approved template code for {delivered}/{name}; "
                "record it with `flask --app wsgi templates set-code` (docs/china.md)"
            )
    return None


def sendable(
    session: Session, customer: Customer, names: Iterable[TemplateName], *, locale: str
) -> frozenset[TemplateName]:
    """Which of ``names`` the salon can text ``customer`` (written in ``locale``): all of them
    on a provider that takes text; on one that sends approved templates, those with a code."""
    salon = customer.salon
    if not sends_templates(salon.provider):
        return frozenset(names)
    return frozenset(
        name
        for name in names
        if code_for(
            session,
            provider=salon.provider,
            locale=delivered_locale(session, customer, name, locale),
            name=name,
            international=not is_mainland(customer.phone),
        )
        is not None
    )


def delivered_locale(session: Session, customer: Customer, template: str, locale: str) -> str:
    """The locale ``template`` reaches ``customer`` in: ``locale`` unless the salon's template
    provider has no code for it there, then the salon's own."""
    return delivered_locale_at(
        session, customer.salon, template, locale, international=not is_mainland(customer.phone)
    )


def delivered_locale_at(
    session: Session, salon: Salon, template: str, locale: str, *, international: bool
) -> str:
    """``delivered_locale`` for a number of the salon inside the mainland or outside it."""
    if not sends_templates(salon.provider):
        return locale
    code = code_for(
        session, provider=salon.provider, locale=locale, name=template, international=international
    )
    return locale if code is not None else salon.locale


def compose_for(
    session: Session,
    customer: Customer,
    template: TemplateName,
    locale: str,
    context: dict[str, object],
) -> Text:
    """The text ``template`` for ``customer``, written as the salon's provider delivers it."""
    outside = not is_mainland(customer.phone)
    return compose_at(session, customer.salon, template, locale, context, international=outside)


def compose_at(
    session: Session,
    salon: Salon,
    template: TemplateName,
    locale: str,
    context: dict[str, object],
    *,
    international: bool,
) -> Text:
    """``compose_for`` for any number of the salon inside the mainland or outside it (a
    campaign's offer reaches every customer alike); ``text_form`` for many texts at once."""
    return text_form(session, salon, template, locale, international=international).write(context)


@dataclass(frozen=True, slots=True)
class TextForm:
    """How a template in one locale reaches a salon's customers inside (or outside) the
    mainland, worked out once (the wording in the delivered locale, the sender, the limit per
    value): a batch of texts (the sweep's) writes each from its appointment's values alone."""

    wording: sms_text.Wording
    salon_name: str
    #: 【sign name】 for a template provider; None where the gateway writes the salon's name.
    sign_name: str | None
    value_limit: int | None
    #: The values already worked out, by the facts they are built from: the texts of one
    #: form share slots, services and stylists.
    values: dict[tuple[object, ...], str] = field(default_factory=dict, compare=False)

    #: The texts already shaped (``Wording.shape``), by the appointment facts they are
    #: written from but the ref: a sweep's thousand reminders share a few slots.
    shapes: dict[tuple[object, ...], sms_text.Shape] = field(default_factory=dict, compare=False)

    def write(self, context: dict[str, object]) -> Text:
        """The text from an appointment's values (``appointment_values``)."""
        ctx, sign = {**context, "salon_name": self.salon_name}, self.sign_name
        composed = self.wording.compose(
            ctx, sign_name=sign, value_limit=self.value_limit, memo=self.values
        )
        return self._text(composed)

    def write_about(
        self,
        *,
        starts_at: datetime,
        timezone: str,
        locale: str,
        service: str | None,
        stylist: str | None,
        ref: str,
    ) -> Text:
        """``write(appointment_values(...))`` with these facts (``locale`` the customer's, in
        which the date and time are written), the words and values but the ref filled in once
        for every text about the same slot, service and stylist."""
        key = (starts_at, timezone, locale, service, stylist)
        shape = self.shapes.get(key)
        if shape is None:
            ctx = appointment_values(
                salon_name=self.salon_name,
                starts_at=starts_at,
                timezone=timezone,
                locale=locale,
                service=service,
                stylist=stylist,
                ref=ref,
            )
            shape = self.shapes[key] = self.wording.shape(
                ctx, sign_name=self.sign_name, value_limit=self.value_limit, memo=self.values
            )
        return self._text(shape.write({"ref": ref}))

    def _text(self, composed: sms_text.Composed) -> Text:
        params = None if self.sign_name is None else json.dumps(composed.params, ensure_ascii=False)
        return Text(composed.body, self.wording.locale, params)


def text_form(
    session: Session, salon: Salon, template: TemplateName, locale: str, *, international: bool
) -> TextForm:
    """``template`` in ``locale`` (the salon's, where its template provider has no code for
    ``locale``) for numbers inside the mainland or outside. The salon's name as the delivered
    locale shows it: an English text keeps to GSM-7."""
    if not sends_templates(salon.provider):
        return TextForm(sms_text.wording(template, locale), salon.name_for(locale), None, None)
    locale = delivered_locale_at(session, salon, template, locale, international=international)
    return TextForm(
        sms_text.wording(template, locale),
        salon.name_for(locale),
        salon.sign_name or salon.name,
        value_limit(session, salon.provider),
    )
