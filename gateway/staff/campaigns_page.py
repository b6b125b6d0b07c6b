"""Campaigns (营销) in the console: the salon's offers with their status and results, a new one
drafted from a form and shown with its dry run (who gets it, who not and why, what it costs,
the text exactly as customers read it) before anything is sent, then started after a
confirmation, or cancelled.

The same page carries the birthday automation's card (``birthday_card``), changed by owners
through the service behind ``PATCH /api/v1/salon``.

The form is read with the API's own request model (``NewCampaign``) and written by the same
services as ``POST /api/v1/campaigns``, ``…/start`` and ``…/cancel``: what staff do here is what
the CRM could do. Another salon's campaign id is not found (404); a refusal changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from gateway import clock
from gateway.api.errors import from_validation
from gateway.api.schemas.campaigns import NewCampaign
from gateway.api.schemas.fields import MAX_ID
from gateway.domain.campaigns import (
    MAX_BIRTHDAY_DAYS_BEFORE,
    MAX_OFFER_LENGTH,
    MAX_VALID_UNTIL_LENGTH,
    BirthdayOffers,
    CampaignKind,
    CampaignStatus,
    Exclusion,
)
from gateway.models import Campaign, Salon
from gateway.providers import sends_templates
from gateway.services import Conflict
from gateway.services.campaigns.lifecycle import (
    CampaignDraft,
    campaign_of,
    campaign_results,
    cancel_campaign,
    create_campaign,
    start_campaign,
)
from gateway.services.campaigns.planning import offer_text
from gateway.services.errors import ServiceError
from gateway.services.salons.providers import provider_of
from gateway.services.salons.settings import SalonChange, change_salon
from gateway.staff import KEPT_FORMS, bp, db, t
from gateway.staff.birthday_card import FIELDS, birthday_card, form_of, refusal, wanted_from
from gateway.staff.refusals import reason_words

#: The newest campaigns the page lists: a salon sends a few a month.
LIST_LIMIT = 50
#: The form's ways of choosing customers, each with the field holding its value.
AUDIENCES = ("birthday_within_days", "not_visited_days", "tags", "all_consenting")
#: The form's fields as typed, kept when a form is refused so nothing is typed twice.
_FIELDS = (
    "name",
    "kind",
    "audience",
    "birthday_within_days",
    "not_visited_days",
    "tags",
    "offer",
    "valid_until",
    "send_day",
    "send_time",
)
_TAG_SEPARATORS = re.compile(r"[,，、;；]+")


class SendAtError(Exception):
    """A send time without its date or its time, or not later than now."""


def _campaign(s: Session, campaign_id: int, *, lock: bool = False) -> Campaign:
    # Ids are 32-bit on PostgreSQL; a larger one in a URL is no campaign, not a database error.
    found = None if campaign_id > MAX_ID else campaign_of(s, g.salon, campaign_id, lock=lock)
    if found is None:
        abort(404)
    return found


def audience_words(audience: dict[str, Any]) -> str:
    """Who a campaign asked for, as staff say it."""
    if "birthday_within_days" in audience:
        return t("audience_birthday", n=audience["birthday_within_days"])
    if "not_visited_days" in audience:
        return t("audience_not_visited", n=audience["not_visited_days"])
    if "tags" in audience:
        return t("audience_tags", tags="、".join(audience["tags"]))
    return t("audience_all")


def _number(value: str) -> int | str:
    # A form sends text; the API's rule reads a whole number (and says so when it is not one).
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return int(value) if value.isdecimal() else value


def _audience_from(form: dict[str, str]) -> dict[str, Any] | None:
    chosen = form.get("audience", "")
    if chosen == "birthday_within_days" or chosen == "not_visited_days":
        return {chosen: _number(form.get(chosen, ""))}
    if chosen == "tags":
        # "VIP, 烫发," is two tags; none at all is refused by the API's rule.
        words = _TAG_SEPARATORS.split(form.get("tags", ""))
        return {"tags": [word.strip() for word in words if word.strip()]}
    if chosen == "all_consenting":
        return {"all_consenting": True}
    return None


def _send_at_from(form: dict[str, str], salon: Salon, now: datetime) -> datetime | None:
    day, at = form.get("send_day", ""), form.get("send_time", "")
    if not day and not at:
        return None
    try:
        when = datetime.combine(
            date.fromisoformat(day), time.fromisoformat(at), ZoneInfo(salon.timezone)
        )
    except ValueError:
        raise SendAtError from None
    if when <= now:
        raise SendAtError
    return when


def _form_page(form: dict[str, str], errors: dict[str, str], status: int = 200) -> Any:
    return (
        render_template(
            "staff/campaign_new.html",
            # What she typed goes with a change of language (``_kept_form``), its tab lit there.
            page_endpoint="staff.new_campaign",
            language_kept="campaign-form",
            language_next=url_for("staff.new_campaign"),
            form=form,
            errors=errors,
            kinds=list(CampaignKind),
            audiences=AUDIENCES,
        ),
        status,
    )


def _kept_form(page: str, typed: Mapping[str, str]) -> tuple[str, int]:
    """The new campaign's form after a change of language, as she left it, nothing refused."""
    kept: tuple[str, int] = _form_page({name: typed.get(name, "") for name in _FIELDS}, {})
    return kept


KEPT_FORMS["campaign-form"] = _kept_form


def _birthday_kept(page: str, typed: Mapping[str, str]) -> Any:
    """The campaigns page after a change of language, the owner's birthday form open as she
    left it, nothing saved; anyone else (no such form) gets the page at its address."""
    if not g.staff.is_owner or page != url_for("staff.campaigns"):
        return None
    return _campaigns_page({name: typed.get(name, "").strip() for name in FIELDS}, kept=True)


KEPT_FORMS["birthday-form"] = _birthday_kept


def _campaigns_page(
    birthday_form: dict[str, str] | None = None,
    birthday_errors: dict[str, str] | None = None,
    status: int = 200,
    *,
    kept: bool = False,
) -> Any:
    """The list and the birthday card; a refused birthday form shows as typed, with the reason
    beside each field at fault, under the card's facts still showing what is stored."""
    with db().sessions() as s:
        salon = s.get_one(Salon, g.salon.id)
        listed = s.scalars(
            select(Campaign)
            .where(Campaign.salon_id == g.salon.id)
            .order_by(Campaign.id.desc())
            .limit(LIST_LIMIT)
        ).all()
        card = birthday_card(s, salon)
        return (
            render_template(
                "staff/campaigns.html",
                campaigns=[(c, campaign_results(s, c)) for c in listed],
                audience_words=audience_words,
                limits=salon.marketing_limits,
                birthday=card,
                birthday_form=birthday_form or form_of(card.offers),
                birthday_errors=birthday_errors or {},
                birthday_kept=kept,
                # The owner's birthday form goes with a change of language (``_birthday_kept``).
                language_kept="birthday-form" if g.staff.is_owner else None,
                language_next=url_for("staff.campaigns"),
                max_days_before=MAX_BIRTHDAY_DAYS_BEFORE,
                max_offer=MAX_OFFER_LENGTH,
                max_valid_until=MAX_VALID_UNTIL_LENGTH,
            ),
            status,
        )


@bp.get("/campaigns")
def campaigns() -> Any:
    return _campaigns_page()


@bp.get("/campaigns/birthday-offers")
def birthday_offers() -> Response:
    # Where a refused form was shown: choosing a language there reloads it with a GET.
    return redirect(url_for("staff.campaigns") + "#birthday-offers")


@bp.post("/campaigns/birthday-offers")
def change_birthday_offers() -> Any:
    """Owners only: the form as the API's ``birthday_offers``, through the same service as
    ``PATCH /api/v1/salon``; a refusal stores nothing and comes back beside its field."""
    if not g.staff.is_owner:
        abort(403, t("birthday_owner_changes"))
    form = {name: request.form.get(name, "").strip() for name in FIELDS}
    try:
        with db().transaction() as s:
            salon = s.get_one(Salon, g.salon.id, with_for_update=True)
            change_salon(
                s,
                salon,
                SalonChange(
                    birthday_offers=wanted_from(form, BirthdayOffers.stored(salon.birthday_offers))
                ),
                now=clock.now(),
                allow_private_webhooks=current_app.extensions["settings"].allow_private_webhooks,
                # The API's check of the deployment: an owner is refused here as the CRM is.
                provider_problem=current_app.extensions["sms_providers"].problem,
            )
            enabled = bool(salon.birthday_offers and salon.birthday_offers.get("enabled"))
    except ServiceError as exc:
        field, words = refusal(exc)
        return _campaigns_page(form, {field: words}, 422)
    flash(t("birthday_saved_on" if enabled else "birthday_saved_off"), "ok")
    # The page's top: the card is the first thing under the intro, and the flash is above it.
    return redirect(url_for("staff.campaigns"))


@bp.get("/campaigns/new")
def new_campaign() -> Any:
    return _form_page({"audience": "birthday_within_days", "birthday_within_days": "7"}, {})


@bp.post("/campaigns")
def draft_campaign() -> Any:
    """A draft with its dry run, shown on its page; a refused form comes back with the reason
    beside each field at fault, and nothing is stored."""
    form = {name: request.form.get(name, "").strip() for name in _FIELDS}
    now = clock.now()
    errors: dict[str, str] = {}
    send_at = None
    try:
        send_at = _send_at_from(form, g.salon, now)
    except SendAtError:
        errors["send_at"] = t("error_campaign_send_at")
    try:
        wanted = NewCampaign.model_validate(
            {
                "name": form["name"] or None,
                "kind": form["kind"] or None,
                "audience": _audience_from(form),
                "values": {"offer": form["offer"], "valid_until": form["valid_until"]},
            }
        )
    except ValidationError as exc:
        # The model reports its first fault; each field is named in staff's words.
        field = (from_validation(exc).field or "").split(".")[0]
        errors.setdefault(field, t(f"error_campaign_{field}"))
    if errors:
        return _form_page(form, errors, 422)
    try:
        with db().transaction() as s:
            salon = s.get_one(Salon, g.salon.id)
            campaign = create_campaign(
                s,
                salon,
                CampaignDraft(
                    name=wanted.name,
                    kind=wanted.kind,
                    audience=wanted.audience,
                    values=wanted.values,
                    send_at=send_at,
                ),
                now=now,
            )
            campaign_id = campaign.id
    except ServiceError as exc:
        # An offer longer than the salon's template provider takes in one value: said beside
        # the offer's fields, in staff's words, and nothing is stored.
        return _form_page(form, {"values": reason_words(exc.reason, exc.values, exc.message)}, 422)
    flash(t("campaign_drafted"), "ok")
    return redirect(url_for("staff.campaign", campaign_id=campaign_id))


@bp.get("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int) -> str:
    with db().sessions() as s:
        found = _campaign(s, campaign_id)
        salon = s.get_one(Salon, g.salon.id)
        return render_template(
            "staff/campaign.html",
            campaign=found,
            results=campaign_results(s, found),
            # What a draft would send now, in the salon's language; what a started one sent
            # (the sender as it is now). Customers who gave their own language read it in that.
            text=offer_text(s, salon, found.values, locale=salon.locale, international=False).body,
            excluded=[
                (reason, found.excluded.get(reason.value, 0))
                for reason in Exclusion
                if found.excluded.get(reason.value, 0)
            ],
            audience=audience_words(found.audience),
        )


def _refused(s: Session, found: Campaign) -> None:
    """Why the service refused: a draft is refused only where campaign texts need a marketing
    template; anything else was refused for the state the campaign is in."""
    if found.status is CampaignStatus.DRAFT and sends_templates(provider_of(s, g.salon)):
        flash(t("campaign_needs_template"), "error")
    else:
        status = t(f"campaign_status_{found.status.value}")
        flash(t("campaign_not_now", status=status), "error")


@bp.post("/campaigns/<int:campaign_id>/start")
def start_sending(campaign_id: int) -> Response:
    """Queue its texts (the dry run counted again now); owners only, after the confirmation."""
    back = url_for("staff.campaign", campaign_id=campaign_id)
    with db().transaction() as s:
        found = _campaign(s, campaign_id, lock=True)
        if not g.staff.is_owner:
            abort(403, t("campaign_owner_starts"))
        try:
            start_campaign(s, s.get_one(Salon, g.salon.id), found, now=clock.now())
        except Conflict:
            _refused(s, found)
            return redirect(back)
    flash(t("campaign_started"), "ok")
    return redirect(back)


@bp.post("/campaigns/<int:campaign_id>/cancel")
def cancel_sending(campaign_id: int) -> Response:
    """Stop what has not gone; what was sent stays sent."""
    back = url_for("staff.campaign", campaign_id=campaign_id)
    with db().transaction() as s:
        found = _campaign(s, campaign_id, lock=True)
        try:
            cancel_campaign(s, found, now=clock.now())
        except Conflict:
            _refused(s, found)
            return redirect(back)
    flash(t("campaign_cancelled"), "ok")
    return redirect(back)
