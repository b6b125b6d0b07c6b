"""GET /healthz: can this process reach its database and Redis? For load balancers and probes."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from gateway.db import Database
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
    return jsonify({"status": "ok" if healthy else "degraded", **checks}), 200 if healthy else 503
