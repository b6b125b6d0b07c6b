"""``flask --app wsgi templates …``: templates as Alibaba Cloud and Tencent Cloud review them,
the codes their consoles give them, and replies no salon could be found for."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from gateway import clock
from gateway.china_models import TemplateCode, UnroutedReply
from gateway.db import Database
from gateway.domain.phones import mask
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.providers import TEMPLATE_PROVIDERS
from gateway.services import ServiceError
from gateway.services.templates import export, set_code
from gateway.sms_text import TEMPLATE_NAMES

templates_cli = AppGroup("templates", help="SMS templates and their codes at the providers.")

_PROVIDER = click.option("--provider", required=True, type=click.Choice(sorted(TEMPLATE_PROVIDERS)))
_LOCALE = click.option("--locale", required=True, type=click.Choice(SUPPORTED_LOCALES))


def register(app: Flask) -> None:
    app.cli.add_command(templates_cli)


@templates_cli.command("export")
@_PROVIDER
@_LOCALE
def templates_export(provider: str, locale: str) -> None:
    """Print every template in the provider's syntax, ready to paste into its console, after
    checking the provider's review rules (exit 1, naming each broken rule, if any fails)."""
    failed = False
    for exported in export(provider, locale):
        for problem in exported.problems:
            click.echo(f"{locale}/{exported.name}: {problem.message}", err=True)
            failed = True
        variables = ", ".join(exported.template.variables) or "none"
        click.echo(f"# {exported.name} ({locale}; variables: {variables})")
        click.echo(exported.template.text)
        click.echo()
    if failed:
        raise click.ClickException("fix the templates above before submitting them")


@templates_cli.command("set-code")
@_PROVIDER
@_LOCALE
@click.option("--name", required=True, type=click.Choice(TEMPLATE_NAMES))
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
