"""Salons from the command line: ``flask --app wsgi salon create|update|list|show|…``.

Thin: every value goes through the salon-settings service the API's ``PATCH /salon`` uses, and
its refusals come back as the option at fault.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import clock
from gateway.api.salon import salon_json
from gateway.config import Settings
from gateway.db import Database
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import Salon
from gateway.providers import PROVIDER_KINDS, Providers
from gateway.services import ServiceError, create_salon
from gateway.services.salons.accounts import rotate_api_key
from gateway.services.salons.settings import SalonChange, change_salon, rotate_webhook_secret

salon_cli = AppGroup("salon", help="Salons (tenants).")

#: The service's field names → this command's options.
OPTIONS: Final = {
    "sender_number": "--sender",
    "reminder_offsets": "--reminders",
    "quiet_hours": "--quiet-hours",
    "webhook_url": "--webhook-url",
    "sign_name": "--sign-name",
    "extend_code": "--extend-code",
    "share_sign_with": "--share-sign-with",
    "daily_sms_cap": "--daily-cap",
    "segment_price": "--price",
    "offer_notice_minutes": "--offer-notice",
    "survey_enabled": "--surveys",
    "survey_delay_minutes": "--survey-delay",
    "survey_min_days_between": "--survey-interval",
    "marketing_max_per_30_days": "--marketing-max-per-30-days",
    "marketing_daily_budget": "--marketing-budget",
    "marketing_per_minute": "--marketing-per-minute",
    "birthday_offers.enabled": "--birthday-offers",
    "birthday_offers.days_before": "--birthday-days-before",
    "birthday_offers.values": "--birthday-offer",
    "birthday_offers.values.offer": "--birthday-offer",
    "birthday_offers.values.valid_until": "--birthday-valid-until",
}


def register(app: Flask) -> None:
    app.cli.add_command(salon_cli)


def _settings() -> Settings:
    settings: Settings = current_app.extensions["settings"]
    return settings


@contextmanager
def _salon_transaction() -> Iterator[Session]:
    """A transaction whose refusals read as the option at fault (nothing is kept)."""
    db: Database = current_app.extensions["db"]
    try:
        with db.transaction() as session:
            yield session
    except ServiceError as exc:
        field = exc.field or "name"
        hint = (
            OPTIONS.get(field) or OPTIONS.get(field.split(".")[0]) or "--" + field.replace("_", "-")
        )
        raise click.BadParameter(exc.message, param_hint=hint) from None


def _apply(session: Session, salon: Salon, change: SalonChange) -> str | None:
    providers: Providers = current_app.extensions["sms_providers"]
    result = change_salon(
        session,
        salon,
        change,
        now=clock.now(),
        allow_private_webhooks=_settings().allow_private_webhooks,
        provider_problem=providers.problem,
    )
    session.flush()
    return result.new_webhook_secret


def _echo(out: Any) -> None:
    click.echo(json.dumps(out, ensure_ascii=False))


def _salon(session: Session, salon_id: int) -> Salon:
    salon = session.get(Salon, salon_id)
    if salon is None:
        raise click.BadParameter(f"no salon with id {salon_id}", param_hint="SALON_ID")
    return salon


def _secret(value: str | None) -> str | None:
    if value == "-":
        return sys.stdin.readline().strip()
    return value


def _addresses(values: tuple[str, ...]) -> dict[str, str] | None:
    if not values:
        return None
    if values == ("",):
        return {}
    addresses = {}
    for value in values:
        locale, sep, address = value.partition("=")
        if not sep:
            raise click.BadParameter(
                "give LOCALE=ADDRESS, e.g. zh-CN=文三路100号2楼", param_hint="--address"
            )
        addresses[locale.strip()] = address
    return addresses


def _display_names(values: tuple[str, ...]) -> dict[str, str] | None:
    if not values:
        return None
    names = {}
    for value in values:
        locale, sep, name = value.partition("=")
        if not sep:
            raise click.BadParameter(
                "give LOCALE=NAME, e.g. en=Lotus Nails", param_hint="--display-name"
            )
        names[locale.strip()] = name
    return names


def _birthday_offers(options: dict[str, Any]) -> dict[str, Any] | None:
    """The birthday automation's options as the keys they change (the others are kept)."""
    offers: dict[str, Any] = {}
    if options["birthday_offers"] is not None:
        offers["enabled"] = options["birthday_offers"]
    if options["birthday_days_before"] is not None:
        offers["days_before"] = options["birthday_days_before"]
    if options["birthday_offer"] is not None:
        # The service refuses an offer without its date: the template has a place for both.
        offers["values"] = {
            "offer": options["birthday_offer"],
            "valid_until": options["birthday_valid_until"],
        }
    elif options["birthday_valid_until"] is not None:
        raise click.BadParameter(
            "give --birthday-offer with it (the offer and its date go together)",
            param_hint="--birthday-valid-until",
        )
    return offers or None


def _events(value: str | None) -> list[str] | None:
    return None if value is None else [t.strip() for t in value.split(",") if t.strip()]


@salon_cli.command("create")
@click.option("--name", required=True, help="The salon's name, shown in 【】 on every SMS.")
@click.option("--sender", help="Twilio: the E.164 number texts are sent from.")
@click.option("--provider", type=click.Choice(PROVIDER_KINDS), help="Default: SMS_PROVIDER.")
@click.option("--sign-name", help="Alibaba/Tencent Cloud: the registered 签名, without 【】.")
@click.option("--extend-code", help="Alibaba/Tencent Cloud: 扩展码 (default: the next free one).")
@click.option("--timezone", default="Asia/Shanghai", show_default=True)
@click.option("--locale", type=click.Choice(SUPPORTED_LOCALES), default="zh-CN", show_default=True)
@click.option(
    "--reminders", default="1440", show_default=True, help="Minutes before, e.g. 1440,120."
)
@click.option(
    "--quiet-hours",
    default="21:00-09:00",
    show_default=True,
    help="Local, e.g. 21:00-09:00, or off.",
)
def salon_create(
    name: str,
    sender: str | None,
    provider: str | None,
    sign_name: str | None,
    extend_code: str | None,
    timezone: str,
    locale: str,
    reminders: str,
    quiet_hours: str,
) -> None:
    """Create a salon; prints it as JSON with its API key (shown this once)."""
    with _salon_transaction() as session:
        salon, api_key = create_salon(
            session,
            name=name.strip() or "-",
            sender_number=None,
            timezone="UTC",
            locale=locale,
            provider=provider or _settings().sms_provider,
        )
        _apply(
            session,
            salon,
            SalonChange(
                name=name,
                sender_number=sender,
                timezone=timezone,
                reminder_offsets=reminders,
                quiet_hours=quiet_hours,
                sign_name=sign_name,
                extend_code=extend_code,
            ),
        )
        out = {**salon_json(salon), "api_key": api_key}
    _echo(out)


@salon_cli.command("update")
@click.argument("salon_id", type=int)
@click.option("--name")
@click.option(
    "--display-name",
    multiple=True,
    help='The name texts in LOCALE show, as LOCALE=NAME (en="Lotus Nails"); replaces all.',
)
@click.option(
    "--address",
    multiple=True,
    help="Where the salon is, told to a customer who asks, as LOCALE=ADDRESS "
    '(zh-CN="文三路100号2楼"); replaces all; "" alone removes them.',
)
@click.option("--sender", help="Twilio: the E.164 number texts are sent from.")
@click.option("--provider", type=click.Choice(PROVIDER_KINDS))
@click.option("--sign-name", help="Alibaba/Tencent Cloud: the registered 签名, without 【】.")
@click.option("--extend-code", help='Alibaba/Tencent Cloud: 扩展码; "" allocates the next free.')
@click.option(
    "--share-sign-with",
    type=int,
    metavar="OTHER",
    help="Alibaba/Tencent Cloud: share salon OTHER's sign name (a chain with one brand "
    "signature): its provider and sign name unless given; replies go to the salon of the group "
    "that last texted the number. 0 shares with nobody.",
)
@click.option("--timezone")
@click.option("--locale", type=click.Choice(SUPPORTED_LOCALES))
@click.option("--reminders", help="Minutes before the appointment, e.g. 1440,120.")
@click.option("--quiet-hours", help="Local, e.g. 21:00-09:00, or off.")
@click.option("--daily-cap", type=int, help="Most outbound texts a salon day.")
@click.option("--price", help="Price of one SMS part, e.g. 0.045.")
@click.option("--currency", help="ISO 4217, e.g. CNY.")
@click.option(
    "--webhook-url",
    help='Where signed event webhooks go (https://crm.example.com/hooks); "" removes it.',
)
@click.option("--webhook-events", help="Event types to send, comma-separated (default: all).")
@click.option(
    "--auto-offers/--no-auto-offers",
    default=None,
    help="Offer slots from published availability when a customer asks to change.",
)
@click.option("--offer-notice", type=int, help="Minutes ahead before which no slot is offered.")
@click.option(
    "--surveys/--no-surveys",
    default=None,
    help="Text a one-reply satisfaction survey after each completed visit.",
)
@click.option("--survey-delay", type=int, help="Minutes after a completed visit (0-2880).")
@click.option(
    "--survey-interval", type=int, help="At most one survey per customer in this many days."
)
@click.option(
    "--marketing-max-per-30-days", type=int, help="Marketing texts a customer gets in 30 days."
)
@click.option("--marketing-budget", type=int, help="Campaign texts a salon day (default 500).")
@click.option(
    "--marketing-per-minute", type=int, help="Campaign texts handed over a minute (default 60)."
)
@click.option(
    "--birthday-offers/--no-birthday-offers",
    default=None,
    help="Each day, text the birthday offer to consenting customers whose birthday is near.",
)
@click.option("--birthday-days-before", type=int, help="Days before the birthday (0-30).")
@click.option("--birthday-offer", help="The birthday offer's words, e.g. 生日当月烫染8折.")
@click.option("--birthday-valid-until", help="Until when it holds, as customers read it.")
@click.option(
    "--webhook-secret",
    help="A signing secret of your own (whsec_ + base64 of 24-64 bytes), replacing the current "
    'one after a 24 h grace; "-" reads it from standard input, out of the shell\'s history.',
)
def salon_update(
    salon_id: int, display_name: tuple[str, ...], address: tuple[str, ...], **options: Any
) -> None:
    """Change a salon's settings; prints the salon as JSON. Reminders already planned keep
    their times; appointments booked or moved from now on use the new ones. The first
    --webhook-url prints the webhook signing secret, this once."""
    change = SalonChange(
        name=options["name"],
        display_names=_display_names(display_name),
        address=_addresses(address),
        sender_number=options["sender"],
        timezone=options["timezone"],
        locale=options["locale"],
        reminder_offsets=options["reminders"],
        quiet_hours=options["quiet_hours"],
        daily_sms_cap=options["daily_cap"],
        segment_price=options["price"],
        currency=options["currency"],
        provider=options["provider"],
        sign_name=options["sign_name"],
        extend_code=options["extend_code"],
        share_sign_with=options["share_sign_with"],
        webhook_url=options["webhook_url"],
        webhook_events=_events(options["webhook_events"]),
        auto_offers=options["auto_offers"],
        offer_notice_minutes=options["offer_notice"],
        survey_enabled=options["surveys"],
        survey_delay_minutes=options["survey_delay"],
        survey_min_days_between=options["survey_interval"],
        webhook_secret=_secret(options["webhook_secret"]),
        marketing_max_per_30_days=options["marketing_max_per_30_days"],
        marketing_daily_budget=options["marketing_budget"],
        marketing_per_minute=options["marketing_per_minute"],
        birthday_offers=_birthday_offers(options),
    )
    with _salon_transaction() as session:
        salon = _salon(session, salon_id)
        new_secret = _apply(session, salon, change)
        out: dict[str, Any] = {**salon_json(salon)}
    if new_secret is not None:
        out["webhook_secret"] = new_secret
    _echo(out)


@salon_cli.command("list")
def salon_list() -> None:
    """Every salon, one JSON object a line (id, name, provider, sender, timezone)."""
    db: Database = current_app.extensions["db"]
    with db.sessions() as session:
        for salon in session.scalars(select(Salon).order_by(Salon.id)):
            keys = ("id", "name", "provider", "sender_number", "sign_name", "timezone", "locale")
            shown = salon_json(salon)
            _echo({key: shown[key] for key in keys})  # type: ignore[literal-required]


@salon_cli.command("show")
@click.argument("salon_id", type=int)
def salon_show(salon_id: int) -> None:
    """A salon's settings as JSON, as GET /api/v1/salon shows them (no secrets)."""
    db: Database = current_app.extensions["db"]
    with db.sessions() as session:
        _echo(salon_json(_salon(session, salon_id)))


@salon_cli.command("rotate-webhook-secret")
@click.argument("salon_id", type=int)
def salon_rotate_webhook_secret(salon_id: int) -> None:
    """Replace the secret that signs event webhooks; prints the new one, this once. For 24 hours
    requests are signed with the old and the new one, so the CRM can switch over."""
    with _salon_transaction() as session:
        salon = _salon(session, salon_id)
        out = {"id": salon.id, "webhook_secret": rotate_webhook_secret(salon, now=clock.now())}
    _echo(out)


@salon_cli.command("rotate-key")
@click.argument("salon_id", type=int)
def salon_rotate_key(salon_id: int) -> None:
    """Replace the salon's API key; prints the new one, this once. The old key stops working
    at once."""
    with _salon_transaction() as session:
        salon = _salon(session, salon_id)
        out = {"id": salon.id, "api_key": rotate_api_key(salon)}
    _echo(out)
