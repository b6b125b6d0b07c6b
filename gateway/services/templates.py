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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import sms_text
from gateway.china_models import TemplateCode
from gateway.domain.provider_templates import ConsoleTemplate, Problem, Provider, check, for_console
from gateway.domain.provider_templates import value_limit as provider_value_limit
from gateway.domain.texts import TemplateName
from gateway.models import Customer, Salon
from gateway.providers import TEMPLATE_PROVIDERS
from gateway.services.errors import ServiceError

#: session.info key: True when the deployment's Tencent Cloud account is a personal one
#: (12 characters per value). Set by the app for every session (see create_app).
TENCENT_PERSONAL_ACCOUNT = "tencent_personal_account"
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
    if provider not in TEMPLATE_PROVIDERS:
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
    if provider is None or provider not in TEMPLATE_PROVIDERS:
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
    if salon.provider not in TEMPLATE_PROVIDERS or is_mainland(phone):
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
    )


def value_limit(session: Session, provider: str) -> int | None:
    """Characters allowed per template value at ``provider`` for this deployment."""
    if provider not in TEMPLATE_PROVIDERS:
        return None
    personal = bool(session.info.get(TENCENT_PERSONAL_ACCOUNT, False))
    return provider_value_limit(Provider(provider), personal_account=personal)


@dataclass(frozen=True, slots=True)
class Text:
    """A message as its salon's provider will deliver it."""

    body: str
    locale: str
    #: The template's values as a JSON list of [name, value], for template providers.
    params: str | None


def delivered_locale(session: Session, customer: Customer, template: str, locale: str) -> str:
    """The locale ``template`` reaches ``customer`` in: ``locale`` unless the salon's template
    provider has no code for it there, then the salon's own."""
    salon = customer.salon
    if salon.provider not in TEMPLATE_PROVIDERS:
        return locale
    code = code_for(
        session,
        provider=salon.provider,
        locale=locale,
        name=template,
        international=not is_mainland(customer.phone),
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
    salon = customer.salon
    if salon.provider not in TEMPLATE_PROVIDERS:
        # The salon's name as this locale shows it: an English text keeps to GSM-7.
        context = {**context, "salon_name": salon.name_for(locale)}
        return Text(sms_text.compose(template, locale, context).body, locale, None)
    locale = delivered_locale(session, customer, template, locale)
    composed = sms_text.compose(
        template,
        locale,
        {**context, "salon_name": salon.name_for(locale)},
        sign_name=salon.sign_name or salon.name,
        value_limit=value_limit(session, salon.provider),
    )
    return Text(composed.body, locale, json.dumps(composed.params, ensure_ascii=False))


@dataclass(frozen=True, slots=True)
class Exported:
    name: str
    template: ConsoleTemplate
    problems: tuple[Problem, ...]


def export(provider: str, locale: str) -> list[Exported]:
    """Every template of ``locale`` in ``provider``'s syntax, with the review rules it breaks."""
    kind = Provider(provider)
    return [
        Exported(
            name,
            for_console(sms_text.template_text(name, locale), kind),
            check(sms_text.template_text(name, locale), name=name),
        )
        for name in sms_text.SUBMITTED_TEMPLATE_NAMES
    ]
