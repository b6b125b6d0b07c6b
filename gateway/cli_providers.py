"""The operator's commands for providers that send approved templates and push replies
(Alibaba Cloud, Tencent Cloud): ``flask --app wsgi templates …`` (templates as the providers
review them, the codes their consoles give them, replies no salon could be found for) and
``simulate-push`` (a customer's reply, pushed as the provider does).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import TextIO

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from gateway import clock, local_run, template_export
from gateway.config import Settings
from gateway.db import Database
from gateway.domain.phones import mask
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import Salon, TemplateCode, UnroutedReply
from gateway.providers import KINDS, TEMPLATE_PROVIDERS, kind_of
from gateway.services import ServiceError
from gateway.services.sending.template_codes import set_code
from gateway.services.sending.template_submission import export, import_codes, read_code_rows
from gateway.sms_text import SUBMITTED_TEMPLATE_NAMES

templates_cli = AppGroup("templates", help="SMS templates and their codes at the providers.")

_PROVIDER = click.option("--provider", required=True, type=click.Choice(sorted(TEMPLATE_PROVIDERS)))
_PUSHING = click.option(
    "--provider", required=True, type=click.Choice(sorted(n for n, k in KINDS.items() if k.pushes))
)
_LOCALE = click.option("--locale", required=True, type=click.Choice(SUPPORTED_LOCALES))


def register(app: Flask) -> None:
    app.cli.add_command(templates_cli)
    app.cli.add_command(simulate_push)


@templates_cli.command("export")
@click.option(
    "--provider",
    type=click.Choice(sorted(TEMPLATE_PROVIDERS)),
    help="Only this provider's syntax (default: each of them).",
)
@click.option(
    "--locale", type=click.Choice(SUPPORTED_LOCALES), help="Only this locale (default: all)."
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="csv and json carry the same fields, one template a row or object.",
)
def templates_export(provider: str | None, locale: str | None, output: str) -> None:
    """Print every template as the provider's application form asks for it: the text in its
    syntax, required or optional, each variable's attribute (Alibaba Cloud 变量属性, Tencent
    Cloud variable type) and the use-case sentence (申请说明), after checking the providers'
    review rules (exit 1, naming each broken rule, if any fails)."""
    settings: Settings = current_app.extensions["settings"]
    exported = export(provider, locale, personal_account=settings.tencent_sms_personal_account)
    failed = False
    for template in exported:
        for problem in template.problems:
            click.echo(
                f"{template.provider} {template.locale}/{template.name}: {problem.message}",
                err=True,
            )
            failed = True
    click.echo(template_export.render(exported, output), nl=False)
    if failed:
        raise click.ClickException("fix the templates above before submitting them")


@templates_cli.command("import-codes")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def templates_import_codes(file: TextIO) -> None:
    """Record many codes at once from a CSV FILE with the columns provider, locale, name, code
    (and optionally international): the CSV `templates export --format csv` writes, its code
    column filled in. All or nothing: a bad line is named and nothing is recorded."""
    db: Database = current_app.extensions["db"]
    try:
        rows = read_code_rows(file.read())
        with db.transaction() as session:
            count = import_codes(session, rows, now=clock.now())
    except ServiceError as exc:
        raise click.BadParameter(exc.message, param_hint="FILE") from None
    click.echo(f"recorded {count} template code{'s' if count != 1 else ''}")


@templates_cli.command("set-code")
@_PROVIDER
@_LOCALE
@click.option(
    "--name", required=True, type=click.Choice([name.value for name in SUBMITTED_TEMPLATE_NAMES])
)
@click.option("--code", required=True, help="The approved template's code (SMS_123456789).")
@click.option("--international", is_flag=True, help="Approved for numbers outside the mainland.")
def templates_set_code(
    provider: str, locale: str, name: str, code: str, international: bool
) -> None:
    """Record the code the provider gave an approved template."""
    db: Database = current_app.extensions["db"]
    try:
        with db.transaction() as session:
            set_code(
                session,
                provider=provider,
                locale=locale,
                name=name,
                code=code,
                international=international,
                now=clock.now(),
            )
    except ServiceError as exc:
        raise click.BadParameter(exc.message, param_hint=f"--{exc.field or 'code'}") from None
    scope = " (international)" if international else ""
    click.echo(f"{provider} {locale}/{name}{scope}: {code.strip()}")


@templates_cli.command("codes")
def templates_codes() -> None:
    """List the recorded codes."""
    db: Database = current_app.extensions["db"]
    with db.transaction() as session:
        rows = session.scalars(
            select(TemplateCode).order_by(
                TemplateCode.provider, TemplateCode.locale, TemplateCode.name
            )
        ).all()
        if not rows:
            click.echo(
                "no template codes recorded yet: record them with `templates set-code` or "
                "`templates import-codes FILE` once the provider approves the templates"
            )
        for row in rows:
            scope = " international" if row.international else ""
            click.echo(f"{row.provider} {row.locale}/{row.name}{scope}: {row.code}")


@templates_cli.command("unrouted")
@click.option("--limit", type=int, default=50, show_default=True)
def templates_unrouted(limit: int) -> None:
    """Replies pushed by a provider whose sign name and extend code match no salon."""
    db: Database = current_app.extensions["db"]
    with db.transaction() as session:
        rows = session.scalars(
            select(UnroutedReply).order_by(UnroutedReply.id.desc()).limit(limit)
        ).all()
        for row in rows:
            click.echo(
                f"{row.created_at:%Y-%m-%d %H:%M} {row.provider} from {mask(row.phone)} "
                f"sign={row.sign_name or '-'} extend={row.extend_code or '-'}: {row.body}"
            )


@click.command("simulate-push")
@_PUSHING
@click.option("--from", "from_number", required=True, help="The customer's number, E.164.")
@click.option("--body", required=True, help="The SMS text, e.g. 确认")
@click.option("--sign-name", default="", help="The sign name the customer replied to.")
@click.option("--extend-code", default="", help="The extension code the customer replied to.")
@click.option("--url", default=None, help="Base URL of the running service.")
def simulate_push(
    provider: str, from_number: str, body: str, sign_name: str, extend_code: str, url: str | None
) -> None:
    """Push a customer's reply to the running service as Alibaba Cloud or Tencent Cloud does
    (to the demo salon's sign name and extend code unless given)."""
    settings: Settings = current_app.extensions["settings"]
    token = local_run.callback_token(settings)
    if not token:
        raise click.UsageError("set SMS_CALLBACK_TOKEN to the value the service runs with")
    if not sign_name and not extend_code:
        sign_name, extend_code = _demo_identity(provider)
    pushes = kind_of(provider).pushes
    assert pushes is not None  # the option's choices are the providers that push
    national = from_number.removeprefix("+86")
    sample = pushes.sample_reply(national, body, sign_name, extend_code, clock.now())
    kind, payload = sample.url, sample.payload
    base = local_run.base_url(settings, url)
    request = urllib.request.Request(
        f"{base}/sms/{provider}/{token}/{kind}",
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            click.echo(f"{response.status} {response.read().decode()}")
    except urllib.error.HTTPError as exc:
        raise click.ClickException(f"{exc.code} {exc.read().decode()}") from None
    except urllib.error.URLError as exc:
        raise click.ClickException(
            f"no service at {base} ({exc.reason}): is `make run` going?"
        ) from None


def _demo_identity(provider: str) -> tuple[str, str]:
    """The demo salon's sign name and extend code, when it is on ``provider``."""
    demo = local_run.demo_salon()
    db: Database = current_app.extensions["db"]
    with db.transaction() as session:
        salon = session.get(Salon, demo["id"]) if demo else None
        if salon is None or salon.provider != provider:
            raise click.UsageError(
                f"no demo salon on {provider}: give --sign-name (SIGN=) and --extend-code (EXTEND=)"
            )
        return salon.sign_name or "", salon.extend_code or ""
