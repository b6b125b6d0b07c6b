"""Our templates as submitted to Alibaba Cloud and Tencent Cloud for approval
(``flask --app wsgi templates export``), and the codes the approvals come back with, read from a
file (``templates import-codes``) and recorded through ``template_codes.set_code``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy.orm import Session

from gateway import sms_text
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
from gateway.providers import TEMPLATE_PROVIDERS
from gateway.services.errors import ServiceError
from gateway.services.sending.template_codes import set_code


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
