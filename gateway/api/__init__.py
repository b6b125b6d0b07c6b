"""The CRM API (/api/v1): salons drive the service over HTTP with a Bearer API key.

One module per resource; each reads its request with a pydantic model (``gateway.api.schemas``),
calls a service, serialises with ``gateway.resources``. The OpenAPI document is generated from
the same models (``gateway.api.openapi``). Every error a client can cause is a JSON
``{"error": {"code", "message", "field"?}}`` with a 4xx status.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, request

from gateway.api import idempotency
from gateway.api.errors import ApiError, error_response
from gateway.api.ratelimit import RateLimiter
from gateway.db import Database
from gateway.models import Salon
from gateway.services import Conflict, ServiceError, salon_for_api_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.field)


@bp.errorhandler(Conflict)
def _conflict(exc: Conflict) -> Response:
    return error_response(409, exc.code, exc.message, exc.field)


@bp.errorhandler(ServiceError)
def _service_error(exc: ServiceError) -> Response:
    return error_response(422, exc.code, exc.message, exc.field)


def db() -> Database:
    db: Database = current_app.extensions["db"]
    return db


#: Endpoints anyone may read: the API's own description.
PUBLIC_ENDPOINTS = frozenset({"api.openapi_document"})


@bp.before_request
def _authenticate() -> Response | None:
    """Who is calling (the Bearer key's salon), whether they may now, and whether they asked
    this before (Idempotency-Key)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        response = error_response(401, "unauthorized", "send 'Authorization: Bearer <api_key>'")
    else:
        with db().sessions() as session:
            salon = salon_for_api_key(session, key.strip())
        if salon is not None:
            g.salon = salon
            return _rate_limited(salon) or idempotency.begin(salon.id)
        response = error_response(401, "unauthorized", "the API key is not valid")
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _rate_limited(salon: Salon) -> Response | None:
    limiter = RateLimiter.for_app(current_app)
    # Counted per key (its hash: the key itself is never stored, not even in Redis).
    verdict = limiter.check(salon.api_key_hash)
    if verdict.allowed:
        return None
    response = error_response(
        429,
        "rate_limited",
        f"more than {limiter.limit} requests a minute with this API key; "
        f"retry after {verdict.retry_after} s",
    )
    response.headers["Retry-After"] = str(verdict.retry_after)
    return response


@bp.after_request
def _remember_answer(response: Response) -> Response:
    return idempotency.finish(response)


# Route modules register themselves on ``bp`` when imported.
from gateway.api import (  # noqa: E402,F401
    appointments,
    campaigns,
    customers,
    deliveries,
    feedback,
    inbox,  # noqa: E402,F401
    offers,
    openapi,
    phrases,
    stats,
)
from gateway.api import salon as salon_routes  # noqa: E402,F401  (``salon`` is a parameter)
