"""The CRM API (/api/v1): salons drive the service over HTTP with a Bearer API key.

One module per resource; each parses and validates, calls a service, serialises with
``gateway.resources``. Every error a client can cause is a JSON
``{"error": {"code", "message", "field"?}}`` with a 4xx status.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, request

from gateway.api.inputs import ApiError, error_response
from gateway.db import Database
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


@bp.before_request
def _authenticate() -> Response | None:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        response = error_response(401, "unauthorized", "send 'Authorization: Bearer <api_key>'")
    else:
        with db().sessions() as session:
            salon = salon_for_api_key(session, key.strip())
        if salon is not None:
            g.salon = salon
            return None
        response = error_response(401, "unauthorized", "the API key is not valid")
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# Route modules register themselves on ``bp`` when imported.
from gateway.api import appointments  # noqa: E402,F401
