"""A salon's marketing settings, checked for the command line and the API alike: the limits
the marketing rules apply (frequency cap, daily budget, pace a minute) and the birthday
automation (``birthday_offers``). A refused value raises ``ServiceError`` naming the field as
the API spells it (``marketing_daily_budget``, ``birthday_offers.values.offer``).

The birthday automation's rule is here only: the API (``PATCH /salon``), the command line and the
console hand over what they were given, and each says this refusal in its own way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gateway.domain.campaigns import (
    MARKETING_DAILY_BUDGET_LIMIT,
    MARKETING_PER_MINUTE_LIMIT,
    MAX_BIRTHDAY_DAYS_BEFORE,
    MAX_OFFER_LENGTH,
    MAX_PER_30_DAYS_LIMIT,
    MAX_VALID_UNTIL_LENGTH,
    BirthdayOffers,
)
from gateway.models import Salon
from gateway.services.errors import ServiceError

#: Each limit's bounds: at least one, at most what any salon could mean.
LIMITS: dict[str, int] = {
    "marketing_max_per_30_days": MAX_PER_30_DAYS_LIMIT,
    "marketing_daily_budget": MARKETING_DAILY_BUDGET_LIMIT,
    "marketing_per_minute": MARKETING_PER_MINUTE_LIMIT,
}
_BIRTHDAY_KEYS = ("enabled", "days_before", "values")
#: What ``birthday_offers`` must be; the API's schema refuses a JSON null with these words.
BIRTHDAY_OFFERS_SHAPE = "an object with enabled, days_before, values"


def clean_limit(raw: Any, field: str) -> int:
    high = LIMITS[field]
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= high:
        raise ServiceError(f"{field} must be a whole number from 1 to {high}", field=field)
    number: int = raw
    return number


def _text(raw: Any, field: str, max_length: int) -> str:
    value = raw.strip() if isinstance(raw, str) else ""
    if not value or len(value) > max_length or not value.isprintable():
        raise ServiceError(f"{field} must be 1 to {max_length} characters on one line", field=field)
    return value


def clean_offer_values(raw: Any) -> dict[str, str]:
    """The offer's values as a campaign's: ``offer`` and ``valid_until``, the two places of the
    marketing template ``campaign_offer``."""
    field = "birthday_offers.values"
    if not isinstance(raw, Mapping):
        raise ServiceError(f"{field} must be an object with offer and valid_until", field=field)
    unknown = sorted(set(raw) - {"offer", "valid_until"})
    if unknown:
        raise ServiceError(
            f"{field} has {unknown[0]}: only offer and valid_until", field=f"{field}.{unknown[0]}"
        )
    return {
        "offer": _text(raw.get("offer"), f"{field}.offer", MAX_OFFER_LENGTH),
        "valid_until": _text(
            raw.get("valid_until"), f"{field}.valid_until", MAX_VALID_UNTIL_LENGTH
        ),
    }


def clean_birthday_offers(raw: Mapping[str, Any], current: BirthdayOffers) -> dict[str, Any]:
    """The automation after the change: what is given replaces, what is not is kept (turning
    it off and on again keeps its offer). On, it needs an offer."""
    if not isinstance(raw, Mapping):
        raise ServiceError(
            f"birthday_offers must be {BIRTHDAY_OFFERS_SHAPE}", field="birthday_offers"
        )
    unknown = sorted(set(raw) - set(_BIRTHDAY_KEYS))
    if unknown:
        raise ServiceError(
            f"birthday_offers has {unknown[0]}: only {', '.join(_BIRTHDAY_KEYS)}",
            field=f"birthday_offers.{unknown[0]}",
        )
    enabled, days_before, values = current.enabled, current.days_before, current.values
    if "enabled" in raw:
        if not isinstance(raw["enabled"], bool):
            raise ServiceError(
                "birthday_offers.enabled must be true or false", field="birthday_offers.enabled"
            )
        enabled = raw["enabled"]
    if "days_before" in raw:
        days = raw["days_before"]
        # JSON may write a whole number as 7.0, as every number the API takes may be.
        if isinstance(days, float) and days.is_integer():
            days = int(days)
        if (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not 0 <= days <= MAX_BIRTHDAY_DAYS_BEFORE
        ):
            raise ServiceError(
                f"birthday_offers.days_before must be a whole number from 0 to "
                f"{MAX_BIRTHDAY_DAYS_BEFORE}",
                field="birthday_offers.days_before",
            )
        days_before = days
    if "values" in raw:
        values = clean_offer_values(raw["values"])
    if enabled and values is None:
        raise ServiceError(
            "birthday_offers.values is required to turn the automation on: the offer to send",
            field="birthday_offers.values",
        )
    return BirthdayOffers(enabled, days_before, values).as_json()


def change_marketing(
    salon: Salon,
    *,
    limits: Mapping[str, int | None],
    birthday_offers: Mapping[str, Any] | None,
) -> None:
    """Check every given marketing setting, then set it (the caller's transaction rolls back
    on a refusal)."""
    cleaned = {
        field: clean_limit(value, field) for field, value in limits.items() if value is not None
    }
    offers = (
        clean_birthday_offers(birthday_offers, BirthdayOffers.stored(salon.birthday_offers))
        if birthday_offers is not None
        else None
    )
    for field, value in cleaned.items():
        setattr(salon, field, value)
    if offers is not None:
        salon.birthday_offers = offers
