"""The calling salon's own settings (GET and PATCH /salon), through the same service as
``flask salon update``."""

from __future__ import annotations

from flask import Response, current_app, g, jsonify

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import INVALID, ApiError
from gateway.api.schemas.requests import SalonSettings, parse_body
from gateway.api.schemas.responses import SalonChangedJson, SalonJson
from gateway.config import Settings
from gateway.domain.campaigns import BirthdayOffers
from gateway.models import Salon
from gateway.providers import Providers
from gateway.resources import local_time
from gateway.services.crm.events import EVENT_TYPES
from gateway.services.errors import ServiceError
from gateway.services.salons.settings import change_salon


def salon_json(salon: Salon) -> SalonJson:
    """The settings as the API and ``flask salon show`` print them (never a secret)."""
    return {
        "id": salon.id,
        "name": salon.name,
        "display_names": dict(salon.display_names or {}),
        "address": dict(salon.addresses or {}),
        "sender_number": salon.sender_number,
        "timezone": salon.timezone,
        "locale": salon.locale,
        "reminder_offsets": [int(m) for m in salon.reminder_offsets.split(",") if m.strip()],
        "quiet_hours": salon.quiet_hours,
        "daily_sms_cap": salon.daily_sms_cap,
        "segment_price": str(salon.segment_price.normalize()),
        "currency": salon.currency,
        "provider": salon.provider,
        "sign_name": salon.sign_name,
        "extend_code": salon.extend_code,
        "webhook_url": salon.webhook_url,
        "webhook_events": list(
            salon.webhook_events if salon.webhook_events is not None else EVENT_TYPES
        ),
        "webhook_disabled_at": local_time(salon.webhook_disabled_at, salon),
        "webhook_previous_secret_until": local_time(salon.webhook_secret_previous_until, salon),
        "auto_offers": salon.auto_offers,
        "offer_notice_minutes": salon.offer_notice_minutes,
        "survey_enabled": salon.survey_enabled,
        "survey_delay_minutes": salon.survey_delay_minutes,
        "survey_min_days_between": salon.survey_min_days_between,
        "marketing_max_per_30_days": salon.marketing_max_per_30_days,
        "marketing_daily_budget": salon.marketing_daily_budget,
        "marketing_per_minute": salon.marketing_per_minute,
        "birthday_offers": BirthdayOffers.stored(salon.birthday_offers).as_json(),
    }


@bp.get("/salon")
def get_salon() -> Response:
    with db().sessions() as session:
        return jsonify(salon_json(session.get_one(Salon, g.salon.id)))


#: What decides which salon a customer's pushed reply reaches (Alibaba Cloud, Tencent Cloud):
#: set by the deployment's operator (``flask salon update``), never by a salon's API key, which
#: could otherwise take another salon's signature and read its customers' replies.
OPERATOR_FIELDS = ("provider", "sign_name", "extend_code")


def _refuse_operator_fields(wanted: SalonSettings, salon: Salon) -> None:
    """403 naming the first routing field the request would change. Sending the current value
    back is no change: a CRM that PATCHes what it read keeps working."""
    for field in OPERATOR_FIELDS:
        value = getattr(wanted, field)
        if value is not None and value != getattr(salon, field):
            raise ApiError(
                403,
                "forbidden",
                f"{field} is set by the gateway's operator (flask salon update "
                f"--{field.replace('_', '-')}), not through the API",
                field,
            )


def _as_bad_field(exc: ServiceError) -> Exception:
    """The birthday automation is checked by the service alone (its schema takes any object):
    a refusal there is answered as every malformed field of the API is, ``invalid_field``,
    naming the part at fault (``birthday_offers.values.offer``)."""
    if exc.field is not None and exc.field.split(".")[0] == "birthday_offers":
        return ApiError(422, INVALID, exc.message, exc.field)
    return exc


@bp.patch("/salon")
def change_settings() -> Response:
    """Change what is sent; every value is checked first, and a refusal changes nothing."""
    wanted = parse_body(SalonSettings)
    settings: Settings = current_app.extensions["settings"]
    providers: Providers = current_app.extensions["sms_providers"]
    with db().transaction() as session:
        salon = session.get_one(Salon, g.salon.id, with_for_update=True)
        _refuse_operator_fields(wanted, salon)
        try:
            result = change_salon(
                session,
                salon,
                wanted.change(),
                now=clock.now(),
                allow_private_webhooks=settings.allow_private_webhooks,
                provider_problem=providers.problem,
            )
        except ServiceError as exc:
            raise _as_bad_field(exc) from None
        session.flush()
        body: SalonChangedJson = {**salon_json(salon)}  # type: ignore[typeddict-item]
        if result.new_webhook_secret is not None:
            body["webhook_secret"] = result.new_webhook_secret
    return jsonify(body)
