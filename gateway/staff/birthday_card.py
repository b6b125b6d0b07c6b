"""The birthday automation's card (生日自动优惠) on the console's 营销 page: whether it is on,
how many days before the birthday it goes, the offer, and the text exactly as customers read it;
and the owner's form that changes it.

The form is turned into the API's own ``birthday_offers`` object and checked by the service
behind ``PATCH /api/v1/salon`` (``services.salons.marketing``), with the same check of the
deployment's provider: there is no second set of rules here, only the service's refusal put
into staff's words beside the field it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gateway.domain.campaigns import (
    MAX_BIRTHDAY_DAYS_BEFORE,
    MAX_OFFER_LENGTH,
    MAX_VALID_UNTIL_LENGTH,
    BirthdayOffers,
)
from gateway.models import Salon
from gateway.services.campaigns.planning import CAMPAIGN_OFFER, offer_text
from gateway.services.errors import ServiceError
from gateway.services.salons.providers import provider_of
from gateway.services.sending.template_codes import missing_templates
from gateway.staff import t
from gateway.staff.refusals import refusal_text

#: The form's fields as typed, kept when the service refuses them so nothing is typed twice.
FIELDS = ("enabled", "days_before", "offer", "valid_until")
#: The service's field names (as the API spells them) and the form field each belongs beside.
_BESIDE = {
    "birthday_offers.enabled": "enabled",
    "birthday_offers.days_before": "days_before",
    # Turning it on without an offer: the offer is what is missing.
    "birthday_offers.values": "offer",
    "birthday_offers.values.offer": "offer",
    "birthday_offers.values.valid_until": "valid_until",
}


@dataclass(frozen=True, slots=True)
class BirthdayCard:
    """The automation as stored, with the text it sends (None until it has an offer)."""

    offers: BirthdayOffers
    text: str | None
    #: Alibaba Cloud and Tencent Cloud without the marketing template's code in the salon's
    #: language: each day's birthday campaign is skipped (cancelled), so staff are told.
    needs_template: bool


def birthday_card(s: Session, salon: Salon) -> BirthdayCard:
    offers = BirthdayOffers.stored(salon.birthday_offers)
    text = None
    if offers.values is not None:
        # The campaign page's own preview: the salon's language, its sender, the opt-out line.
        text = offer_text(s, salon, offers.values, locale=salon.locale, international=False).body
    missing = missing_templates(
        s, provider=provider_of(s, salon), locale=salon.locale, names=(CAMPAIGN_OFFER,)
    )
    return BirthdayCard(offers, text, needs_template=bool(missing))


def form_of(offers: BirthdayOffers) -> dict[str, str]:
    """The stored automation as the form shows it."""
    values = offers.values or {}
    return {
        "enabled": "on" if offers.enabled else "",
        "days_before": str(offers.days_before),
        "offer": values.get("offer", ""),
        "valid_until": values.get("valid_until", ""),
    }


def _whole_number(value: str) -> int | str:
    # Text from a form; only plain digits are a number (int() refuses "²", which isdigit()
    # allows). Anything else goes to the service as it is, which says what it needs.
    return int(value) if value.isascii() and value.isdecimal() else value


def wanted_from(form: dict[str, str], current: BirthdayOffers) -> dict[str, Any]:
    """The form as the API's ``birthday_offers`` object. A box left unticked sends nothing, so
    absent is off; any other value than the box's own goes on to be refused. The offer goes as
    typed, except both fields left empty while none was ever written: then it is left out, and
    the service refuses turning on without one (an emptied offer is refused as empty)."""
    wanted: dict[str, Any] = {
        "enabled": {"on": True, "": False}.get(form["enabled"], form["enabled"]),
        "days_before": _whole_number(form["days_before"]),
    }
    if form["offer"] or form["valid_until"] or current.values is not None:
        wanted["values"] = {"offer": form["offer"], "valid_until": form["valid_until"]}
    return wanted


def refusal(exc: ServiceError) -> tuple[str, str]:
    """The form field a refusal belongs beside and why, in staff's words; a refusal of
    anything else (the salon's provider settings, checked with every change) as the service
    said it, above the form."""
    field = _BESIDE.get(exc.field or "", "")
    if field == "days_before":
        return field, t("error_birthday_days_before", high=MAX_BIRTHDAY_DAYS_BEFORE)
    if field == "offer":
        if exc.field == "birthday_offers.values":
            return field, t("error_birthday_needs_offer")
        return field, t("error_birthday_offer", n=MAX_OFFER_LENGTH)
    if field == "valid_until":
        return field, t("error_birthday_valid_until", n=MAX_VALID_UNTIL_LENGTH)
    if field == "enabled":
        return field, t("error_birthday_enabled")
    if exc.field == "provider":
        # The deployment cannot send through the salon's provider (its keys are not set):
        # nothing the owner can correct on the form, so who can is named, with the reason.
        return "general", t("error_provider_cannot_send", reason=exc.message)
    return "general", refusal_text(exc)
