"""GET /healthz: can this process reach its database and Redis? For load balancers and probes."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from gateway.db import Database
from gateway.providers import PROVIDER_KINDS, Providers
from gateway.queueing import SmsQueue

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    db: Database = current_app.extensions["db"]
    sms_queue: SmsQueue = current_app.extensions["sms_queue"]
    checks: dict[str, str] = {}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as exc:
        log.warning("health: database unreachable: %s", exc)
        checks["database"] = "unreachable"
    try:
        sms_queue.connection.ping()
        checks["redis"] = "ok"
    except RedisError as exc:
        log.warning("health: redis unreachable: %s", exc)
        checks["redis"] = "unreachable"
    healthy = all(state == "ok" for state in checks.values())
    sending = _sending() if checks["database"] == "ok" else {}
    # Held salons and missing template codes are reported, not failed: this process is fine,
    # and taking it out of the load balancer would only stop replies arriving.
    body = {"status": "ok" if healthy else "degraded", **checks, **sending}
    return jsonify(body), 200 if healthy else 503


def _sending() -> dict[str, object]:
    from gateway.services.sending.provider_state import provider_health

    db: Database = current_app.extensions["db"]
    providers: Providers = current_app.extensions["sms_providers"]
    try:
        with db.transaction() as session:
            problems = {kind: providers.problem(kind) for kind in PROVIDER_KINDS}
            problems[""] = providers.default_problem()
            return provider_health(session, problems)
    except SQLAlchemyError as exc:
        log.warning("health: could not read the salons' sending state: %s", exc)
        return {}
