"""A salon's settings: each field's rule and uniqueness check, written once for the command line
(``flask salon create/update``) and the API (``PATCH /api/v1/salon``).

A refused value raises ``ServiceError`` naming the field as the API spells it (``timezone``,
``reminder_offsets``, ``display_names.en``); the command line translates the name to its option.
The provider identity (provider, sign name, extension code) is ``salon_providers``'s; which URLs
may receive webhooks is ``webhook_urls``'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.domain import signing
from gateway.domain.bidi import BIDI_CONTROL_CLASS
from gateway.domain.phones import InvalidPhoneNumber, sender_to_e164
from gateway.domain.schedule import QuietHours, parse_offsets
from gateway.domain.segments import sms_encoding
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.models import Salon
from gateway.services.crm import webhook_urls
from gateway.services.crm.events import EVENT_TYPES
from gateway.services.crm.webhook_delivery import stop_pending_deliveries
from gateway.services.crm.webhook_urls import WebhookUrlRefused, check_webhook_url
from gateway.services.errors import Conflict, ServiceError
from gateway.services.salons.marketing import change_marketing
from gateway.services.salons.providers import configure_provider

NAME_MAX: Final = 100
#: An address longer than this would push the answer to 在哪里 past one text.
ADDRESS_MAX: Final = 60
#: What an address may not hold: control characters (a tab or a line break too: it is one line
#: of a text) and bidirectional controls. The API document's pattern is written from it, so a
#: value the document allows is one the service keeps.
_ADDRESS_REFUSED: Final = r"\x00-\x1f\x7f-\x9f\u2028\u2029" + BIDI_CONTROL_CLASS
ADDRESS_PATTERN: Final = f"^[^{_ADDRESS_REFUSED}]*[^\\s{_ADDRESS_REFUSED}][^{_ADDRESS_REFUSED}]*$"
_ADDRESS: Final = re.compile(ADDRESS_PATTERN)
DAILY_CAP_MAX: Final = 1_000_000
#: Numeric(10, 4): up to six digits before the point and four after.
PRICE_MAX: Final = Decimal("999999.9999")
PRICE_PLACES: Final = 4
#: The column holds 100 characters; ten reminders is more than any salon sends.
OFFSETS_MAX: Final = 10
#: After a rotation the previous secret keeps signing for this long, so a CRM can switch over.
SECRET_GRACE: Final = timedelta(hours=24)
#: Locales whose texts must stay GSM-7: one Chinese character would make every text UCS-2 and
#: cost about three times as much.
GSM_LOCALES: Final = frozenset({"en"})
#: The longest minimum notice before an offered slot: a week.
OFFER_NOTICE_MAX: Final = 7 * 24 * 60
#: The longest wait after a visit before its survey: two days.
SURVEY_DELAY_MAX: Final = 2 * 24 * 60
#: The longest minimum interval between two surveys to one customer: a year.
SURVEY_INTERVAL_MAX: Final = 365

ProviderProblem = Callable[[str | None], str | None]


@dataclass(frozen=True, slots=True)
class SalonChange:
    """What to change; None keeps a field. "" clears the optional ones (webhook URL, sign name,
    extension code: "" there allocates the next free code)."""

    name: str | None = None
    display_names: Mapping[str, str] | None = None
    #: Where the salon is, per locale, told to a customer who asks (replaces all; {} clears).
    address: Mapping[str, str] | None = None
    sender_number: str | None = None
    timezone: str | None = None
    locale: str | None = None
    reminder_offsets: str | Sequence[int] | None = None
    quiet_hours: str | None = None
    daily_sms_cap: int | None = None
    segment_price: str | Decimal | None = None
    currency: str | None = None
    provider: str | None = None
    sign_name: str | None = None
    extend_code: str | None = None
    #: Operator only: share the sign name of this salon id (0: of nobody); see salon_providers.
    share_sign_with: int | None = None
    webhook_url: str | None = None
    #: Event types to send; the full list (or None in storage) means every type, new ones too.
    webhook_events: Sequence[str] | None = None
    rotate_webhook_secret: bool = False
    #: Offer slots from published availability when a customer asks for a change.
    auto_offers: bool | None = None
    #: No slot is offered sooner than this many minutes ahead.
    offer_notice_minutes: int | None = None
    #: Text a one-reply satisfaction survey after each completed visit.
    survey_enabled: bool | None = None
    #: Minutes after the visit is marked completed before the survey goes.
    survey_delay_minutes: int | None = None
    #: At most one survey per customer in this many days.
    survey_min_days_between: int | None = None
    #: A secret the CRM chose (``whsec_`` + base64 of 24–64 bytes), rotated in like a new one.
    webhook_secret: str | None = None
    #: The marketing limits (``services.salons.marketing``).
    marketing_max_per_30_days: int | None = None
    marketing_daily_budget: int | None = None
    marketing_per_minute: int | None = None
    #: The birthday automation: the keys given replace, the others are kept.
    birthday_offers: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class SettingsResult:
    salon: Salon
    #: A secret created by this change (a first webhook URL, a rotation): shown this once.
    new_webhook_secret: str | None = None


# --- Each field's rule --------------------------------------------------------------------------


def clean_name(raw: str, *, field: str = "name") -> str:
    value = raw.strip()
    if not value or len(value) > NAME_MAX:
        raise ServiceError(f"{field} must be 1 to {NAME_MAX} characters", field=field)
    return value


def clean_address(raw: Mapping[str, str]) -> dict[str, str]:
    """The salon's address per locale, as the answer to 在哪里 writes it."""
    addresses: dict[str, str] = {}
    for locale, address in raw.items():
        field = f"address.{locale}"
        if locale not in SUPPORTED_LOCALES:
            raise ServiceError(
                f"{locale!r} is not a locale; use {', '.join(SUPPORTED_LOCALES)}", field=field
            )
        value = address.strip() if isinstance(address, str) else ""
        if not value or len(value) > ADDRESS_MAX or not _ADDRESS.fullmatch(value):
            raise ServiceError(
                f"{field} must be 1 to {ADDRESS_MAX} characters on one line", field=field
            )
        addresses[locale] = value
    return addresses


def clean_display_names(raw: Mapping[str, str]) -> dict[str, str]:
    """The salon's name per locale, as texts in that locale show it in 【】."""
    names: dict[str, str] = {}
    for locale, name in raw.items():
        field = f"display_names.{locale}"
        if locale not in SUPPORTED_LOCALES:
            raise ServiceError(
                f"{locale!r} is not a locale; use {', '.join(SUPPORTED_LOCALES)}", field=field
            )
        value = clean_name(name, field=field)
        if locale in GSM_LOCALES and sms_encoding(value) != "GSM-7":
            raise ServiceError(
                f"{field} has characters outside the GSM alphabet: every {locale} text would "
                "be sent as UCS-2 and cost about three times as much",
                field=field,
            )
        names[locale] = value
    return names


def clean_sender(raw: str) -> str:
    try:
        return sender_to_e164(raw)
    except InvalidPhoneNumber as exc:
        raise ServiceError(f"{raw!r}: {exc} (e.g. +8610123456789)", field="sender_number") from None


def clean_timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ServiceError(
            f"{raw!r} is not an IANA timezone (e.g. Asia/Shanghai)", field="timezone"
        ) from None
    return raw


def clean_locale(raw: str) -> str:
    if raw not in SUPPORTED_LOCALES:
        raise ServiceError(
            f"locale must be one of {', '.join(SUPPORTED_LOCALES)}, not {raw!r}", field="locale"
        )
    return raw


def clean_reminder_offsets(raw: str | Sequence[int]) -> str:
    """'1440,120' or [1440, 120] → '1440,120' (largest first, no repeats)."""
    text = raw if isinstance(raw, str) else ",".join(str(int(m)) for m in raw)
    try:
        offsets = parse_offsets(text)
    except ValueError as exc:
        raise ServiceError(str(exc), field="reminder_offsets") from None
    if len(offsets) > OFFSETS_MAX:
        raise ServiceError(f"at most {OFFSETS_MAX} reminder offsets", field="reminder_offsets")
    return ",".join(str(m) for m in offsets)


def clean_quiet_hours(raw: str) -> str:
    try:
        return str(QuietHours.parse(raw))
    except ValueError as exc:
        raise ServiceError(str(exc), field="quiet_hours") from None


def clean_daily_cap(raw: int) -> int:
    if isinstance(raw, bool) or not 1 <= raw <= DAILY_CAP_MAX:
        raise ServiceError(
            f"daily_sms_cap must be a whole number from 1 to {DAILY_CAP_MAX}",
            field="daily_sms_cap",
        )
    return raw


def clean_price(raw: str | Decimal) -> Decimal:
    try:
        price = Decimal(raw.strip() if isinstance(raw, str) else raw)
    except InvalidOperation:
        price = Decimal("NaN")
    if (
        not price.is_finite()
        or not Decimal(0) <= price <= PRICE_MAX
        or -int(price.as_tuple().exponent) > PRICE_PLACES
    ):
        raise ServiceError(
            f"segment_price must be a price from 0 to {PRICE_MAX} with at most {PRICE_PLACES} "
            f"decimals, e.g. 0.045, not {str(raw)!r}",
            field="segment_price",
        )
    return price


def clean_currency(raw: str) -> str:
    value = raw.strip()
    if not (len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()):
        raise ServiceError(
            f"currency is an ISO 4217 code such as CNY or USD, not {raw!r}", field="currency"
        )
    return value


def clean_webhook_events(raw: Sequence[str]) -> list[str] | None:
    """The types to send in the documented order; None when that is every type."""
    unknown = [t for t in raw if t not in EVENT_TYPES]
    if unknown:
        raise ServiceError(
            f"{unknown[0]!r} is not an event type; use {', '.join(EVENT_TYPES)}",
            field="webhook_events",
        )
    chosen = [t.value for t in EVENT_TYPES if t in raw]
    return None if len(chosen) == len(EVENT_TYPES) else chosen


def clean_offer_notice(raw: int) -> int:
    if isinstance(raw, bool) or not 0 <= raw <= OFFER_NOTICE_MAX:
        raise ServiceError(
            f"offer_notice_minutes must be a whole number from 0 to {OFFER_NOTICE_MAX}",
            field="offer_notice_minutes",
        )
    return raw


def clean_whole_number(raw: int, field: str, low: int, high: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise ServiceError(
            f"{field} must be a whole number from {low} to {high}",
            field=field,
            reason="whole_number",
            values={"low": low, "high": high},
        )
    return raw


def clean_webhook_secret(raw: str) -> str:
    try:
        return signing.check_secret(raw.strip())
    except signing.InvalidSecret as exc:
        raise ServiceError(str(exc), field="webhook_secret") from None


def sender_is_free(session: Session, sender_number: str, salon_id: int | None) -> None:
    with session.no_autoflush:
        other = session.scalar(select(Salon.id).where(Salon.sender_number == sender_number))
    if other is not None and other != salon_id:
        raise Conflict(f"another salon already sends from {sender_number}", field="sender_number")


# --- Applying a change --------------------------------------------------------------------------


def change_salon(
    session: Session,
    salon: Salon,
    change: SalonChange,
    *,
    now: datetime,
    allow_private_webhooks: bool,
    provider_problem: ProviderProblem,
) -> SettingsResult:
    """Check every given field, then apply them; the first refusal raises and changes nothing
    the caller commits (its transaction rolls back). Reminders already planned keep their times."""
    if change.name is not None:
        salon.name = clean_name(change.name)
    if change.display_names is not None:
        salon.display_names = clean_display_names(change.display_names) or None
    if change.address is not None:
        salon.addresses = clean_address(change.address) or None
    if change.sender_number is not None:
        sender = clean_sender(change.sender_number)
        sender_is_free(session, sender, salon.id)
        salon.sender_number = sender
    if change.timezone is not None:
        salon.timezone = clean_timezone(change.timezone)
    if change.locale is not None:
        salon.locale = clean_locale(change.locale)
    if change.reminder_offsets is not None:
        salon.reminder_offsets = clean_reminder_offsets(change.reminder_offsets)
    if change.quiet_hours is not None:
        salon.quiet_hours = clean_quiet_hours(change.quiet_hours)
    if change.daily_sms_cap is not None:
        salon.daily_sms_cap = clean_daily_cap(change.daily_sms_cap)
    if change.segment_price is not None:
        salon.segment_price = clean_price(change.segment_price)
    if change.currency is not None:
        salon.currency = clean_currency(change.currency)
    if change.webhook_events is not None:
        salon.webhook_events = clean_webhook_events(change.webhook_events)
    if change.auto_offers is not None:
        salon.auto_offers = change.auto_offers
    if change.offer_notice_minutes is not None:
        salon.offer_notice_minutes = clean_offer_notice(change.offer_notice_minutes)
    if change.survey_enabled is not None:
        salon.survey_enabled = change.survey_enabled
    if change.survey_delay_minutes is not None:
        salon.survey_delay_minutes = clean_whole_number(
            change.survey_delay_minutes, "survey_delay_minutes", 0, SURVEY_DELAY_MAX
        )
    if change.survey_min_days_between is not None:
        salon.survey_min_days_between = clean_whole_number(
            change.survey_min_days_between, "survey_min_days_between", 0, SURVEY_INTERVAL_MAX
        )
    change_marketing(
        salon,
        limits={
            "marketing_max_per_30_days": change.marketing_max_per_30_days,
            "marketing_daily_budget": change.marketing_daily_budget,
            "marketing_per_minute": change.marketing_per_minute,
        },
        birthday_offers=change.birthday_offers,
    )
    chosen_secret = None
    if change.webhook_secret is not None:
        chosen_secret = clean_webhook_secret(change.webhook_secret)
        if change.rotate_webhook_secret:
            raise ServiceError(
                "send webhook_secret (yours) or rotate_webhook_secret (ours), not both",
                field="webhook_secret",
            )
    # Every caller passes the deployment's check (API, CLI, console): a salon whose provider
    # this server cannot send through is refused whichever door the change came by.
    problem = provider_problem(change.provider or salon.provider)
    if problem is not None:
        raise ServiceError(problem, field="provider")
    configure_provider(
        session,
        salon,
        provider=change.provider,
        sign_name=change.sign_name,
        extend_code=change.extend_code,
        share_sign_with=change.share_sign_with,
    )
    new_secret = None
    if change.webhook_url is not None:
        new_secret = set_webhook_url(
            session, salon, change.webhook_url, allow_private=allow_private_webhooks
        )
    if change.rotate_webhook_secret:
        if not salon.webhook_url:
            raise ServiceError(
                "set a webhook URL before rotating its secret", field="rotate_webhook_secret"
            )
        if new_secret is None:
            new_secret = rotate_webhook_secret(salon, now=now)
    if chosen_secret is not None:
        if not salon.webhook_url:
            raise ServiceError("set a webhook URL before its secret", field="webhook_secret")
        if new_secret is not None:
            # The URL is new: nothing was signed with the secret it just made.
            salon.webhook_secret = chosen_secret
        elif chosen_secret != salon.webhook_secret:
            rotate_webhook_secret(salon, now=now, secret=chosen_secret)
        # The CRM knows its own secret: it is not sent back.
        new_secret = None
    return SettingsResult(salon=salon, new_webhook_secret=new_secret)


def set_webhook_url(
    session: Session, salon: Salon, url: str | None, *, allow_private: bool
) -> str | None:
    """Point the salon's events at ``url`` (None or "" removes it). Returns the new secret when
    one was created (shown once), else None."""
    url = (url or "").strip() or None
    if url is None:
        salon.webhook_url = None
        stop_pending_deliveries(
            session, salon_id=salon.id, reason="not sent: the salon removed its webhook URL"
        )
        return None
    try:
        check_webhook_url(
            url,
            allow_private=allow_private,
            resolve=webhook_urls.resolver_within(webhook_urls.SET_LOOKUP_SECONDS),
        )
    except WebhookUrlRefused as exc:
        raise ServiceError(str(exc), field="webhook_url") from None
    salon.webhook_url = url
    # Setting the URL again is how a salon turns its endpoint back on after a 410.
    salon.webhook_disabled_at = None
    if salon.webhook_secret:
        return None
    salon.webhook_secret = signing.new_secret()
    return salon.webhook_secret


def rotate_webhook_secret(salon: Salon, *, now: datetime, secret: str | None = None) -> str:
    """A new signing secret (``secret``, checked by the caller, or a generated one), used from
    the next attempt on (retries of older events too). The one it replaces keeps signing beside
    it for ``SECRET_GRACE``, as Standard Webhooks allows, so the CRM can switch without refusing
    a request; an older one stops at once."""
    if salon.webhook_secret:
        salon.webhook_secret_previous = salon.webhook_secret
        salon.webhook_secret_previous_until = now + SECRET_GRACE
    salon.webhook_secret = secret or signing.new_secret()
    return salon.webhook_secret
