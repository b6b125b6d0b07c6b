"""Template codes: what Alibaba Cloud and Tencent Cloud call each of our approved templates.

Recorded in the database (``flask --app wsgi templates set-code``) so every web and worker
process sees them. A salon on a template provider needs a code for every template of its locale
before it may send (checked at ``salon create/update`` and reported by /healthz, so that nothing
fails at send time); a customer in another locale gets that locale's template where it has a
code, else the salon's. Numbers outside the mainland take the provider's international templates,
recorded apart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import sms_text
from gateway.deployment import deployment_of
from gateway.domain.provider_templates import (
    ConsoleTemplate,
    Problem,
    Provider,
    check,
    fill,
    for_console,
)
from gateway.domain.provider_templates import value_limit as provider_value_limit
from gateway.domain.template_forms import (
    Attribute,
    TemplateType,
    attribute,
    example_values,
    template_type,
    use_case,
)
from gateway.domain.texts import TemplateName
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import Customer, Salon, TemplateCode
from gateway.providers import TEMPLATE_PROVIDERS, sends_templates
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

    def write(self, context: dict[str, object]) -> Text:
        """The text from an appointment's values (``appointment_values``)."""
        ctx, sign = {**context, "salon_name": self.salon_name}, self.sign_name
        composed = self.wording.compose(
            ctx, sign_name=sign, value_limit=self.value_limit, memo=self.values
        )
        params = None if sign is None else json.dumps(composed.params, ensure_ascii=False)
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


@dataclass(frozen=True, slots=True)
class ExportedVariable:
    """One variable as the application form asks for it."""

    name: str
    #: Tencent Cloud's {n}: the variable's place in the template, values sent in that order.
    position: int
    attribute: Attribute
    #: Characters allowed per value at this provider (None: the provider's form says).
    max_length: int | None
    example: str


@dataclass(frozen=True, slots=True)
class Exported:
    """One template as submitted for approval, with what the provider's form asks for it."""

    provider: str
    locale: str
    name: str
    template: ConsoleTemplate
    problems: tuple[Problem, ...]
    #: Needed before a salon on this provider can send at all (else optional: offers, answers).
    required: bool
    #: Submitted as: a notification, or the provider's marketing type (campaign_offer).
    template_type: TemplateType
    variables: tuple[ExportedVariable, ...]
    #: The 申请说明: when it is sent, to whom, and a complete example.
    use_case: str


def export(
    provider: str | None = None, locale: str | None = None, *, personal_account: bool = False
) -> list[Exported]:
    """Every template of ``locale`` (None: every locale) in ``provider``'s syntax (None: each
    template provider's), with the review rules it breaks and what the provider's form asks."""
    providers = [provider] if provider else sorted(TEMPLATE_PROVIDERS)
    locales = [locale] if locale else list(SUPPORTED_LOCALES)
    return [
        _exported(kind, lc, name, personal_account=personal_account)
        for kind in providers
        for lc in locales
        for name in sms_text.SUBMITTED_TEMPLATE_NAMES
    ]


def _exported(
    provider: str, locale: str, name: TemplateName, *, personal_account: bool
) -> Exported:
    text = sms_text.submitted_text(name, locale)
    kind = Provider(provider)
    console = for_console(text, kind)
    limit = provider_value_limit(kind, personal_account=personal_account)
    examples = example_values(locale, console.variables, limit)
    return Exported(
        provider=provider,
        locale=locale,
        name=name,
        template=console,
        problems=check(text, name=name),
        required=name in sms_text.REQUIRED_TEMPLATE_NAMES,
        template_type=template_type(provider, name),
        variables=tuple(
            ExportedVariable(v, place, attribute(provider, v), limit, examples[v])
            for place, v in enumerate(console.variables, start=1)
        ),
        use_case=use_case(name, fill(text, examples)),
    )


@dataclass(frozen=True, slots=True)
class CodeRow:
    """One line of a file of codes: where it was, and what it records."""

    line: int
    provider: str
    locale: str
    name: str
    code: str
    international: bool


#: Columns a file of codes must have (``templates export --format csv`` writes them all).
CODE_COLUMNS: Final = ("provider", "locale", "name", "code")
_YES: Final = frozenset({"1", "true", "yes", "y", "international"})
_NO: Final = frozenset({"", "0", "false", "no", "n", "mainland"})


def read_code_rows(text: str) -> list[CodeRow]:
    """The codes in a CSV file (a header naming at least provider, locale, name and code; an
    ``international`` column is optional). Lines without a code are skipped, so the export's
    CSV can be filled in as the approvals arrive. Raises ServiceError naming the line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [column.strip().lower() for column in reader.fieldnames or []]
    missing = [column for column in CODE_COLUMNS if column not in header]
    if missing:
        raise ServiceError(
            f"the file's first line must name the columns {', '.join(CODE_COLUMNS)} "
            f"(missing: {', '.join(missing)})",
            field="file",
        )
    rows = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not row.get("code"):
            continue
        scope = row.get("international", "").lower()
        if scope not in _YES | _NO:
            raise ServiceError(
                f"line {number}: international is 1 or 0, not {row['international']!r}",
                field="file",
            )
        rows.append(
            CodeRow(number, row["provider"], row["locale"], row["name"], row["code"], scope in _YES)
        )
    return rows


def import_codes(session: Session, rows: Sequence[CodeRow], *, now: datetime) -> int:
    """Record every row's code, or none (a ServiceError names the first bad line)."""
    for row in rows:
        if row.name not in sms_text.SUBMITTED_TEMPLATE_NAMES:
            raise ServiceError(
                f"line {row.line}: no template named {row.name!r} is submitted to providers",
                field="file",
            )
        try:
            set_code(
                session,
                provider=row.provider,
                locale=row.locale,
                name=row.name,
                code=row.code,
                international=row.international,
                now=now,
            )
        except (ServiceError, LookupError, ValueError) as exc:
            message = exc.message if isinstance(exc, ServiceError) else str(exc)
            raise ServiceError(f"line {row.line}: {message}", field="file") from None
    return len(rows)
