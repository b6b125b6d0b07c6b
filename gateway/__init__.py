"""The SMS confirmation gateway for salons: ``create_app`` builds the whole service."""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

# First: it sets PROMETHEUS_MULTIPROC_DIR before prometheus_client is imported anywhere.
from gateway import metrics
from gateway.clock import Clock, system_clock
from gateway.config import INSTANCE_DIR, Settings
from gateway.db import Database
from gateway.deployment import Deployment
from gateway.log_redaction import redact_in_logs
from gateway.providers import Providers
from gateway.queueing import SmsQueue, connect_redis
from gateway.services.handoff import forget_on_rollback, route_after_commit

#: Largest request body accepted; Twilio's webhooks and the API's JSON stay far below it.
MAX_REQUEST_BYTES = 256 * 1024


class RowId(IntegerConverter):
    """``<int:…>`` in every route: an id the database can hold, else the route does not match
    (404). A longer number typed into the address bar would overflow the driver: a 500."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        from gateway.api.schemas.fields import MAX_ID  # the largest id the schema holds

        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from the environment; ``overrides`` (field → value) win, for tests.

    ``overrides`` may also carry ready-made ``sms_provider_instance`` (standing in for Twilio and
    the console) or ``redis_connection`` objects, and a ``clock`` (a callable returning aware UTC
    datetimes) that every job, request handler and command takes ``now`` from.
    """
    overrides = dict(overrides or {})
    provider = overrides.pop("sms_provider_instance", None)
    clock: Clock = overrides.pop("clock", None) or system_clock
    redis = overrides.pop("redis_connection", None)
    settings = Settings.from_env(overrides=overrides)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # The Twilio SDK logs every request and its headers at INFO: a cost on every send
    # (bench/outbound.py) and noise that repeats what the send job logs, masked.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    # The push URLs carry the callback token, and request paths reach log lines.
    redact_in_logs(settings.sms_callback_token)

    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.url_map.converters["int"] = RowId  # before any route is added
    if settings.trusted_proxies:
        # Each proxy we run sets these four (deploy/nginx.conf does), so the last
        # ``trusted_proxies`` values are theirs; X-Forwarded-Prefix is not ours to believe.
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=0
        )
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # 确认 stays readable
    app.extensions["settings"] = settings
    app.extensions["clock"] = clock
    db = app.extensions["db"] = Database(settings.database_url, Deployment.from_settings(settings))
    app.extensions["sms_providers"] = Providers(settings, clock=clock, text_provider=provider)
    sms_queue = SmsQueue(redis or connect_redis(settings), settings.queue_name)
    app.extensions["sms_queue"] = sms_queue

    # The one way work reaches the queue: what a committed transaction handed off.
    db.after_commit.append(route_after_commit(sms_queue))
    forget_on_rollback(db.sessions)

    from gateway import api, cli, cli_providers, headers, health, providers, staff

    headers.init_app(app)
    app.register_blueprint(health.bp)
    providers.init_app(app)
    app.register_blueprint(api.bp)
    staff.init_app(app)
    metrics.init_app(app)
    cli.register(app)
    cli_providers.register(app)
    _register_error_pages(app)
    return app


def freeze_start_up() -> None:
    """Called by a process's entry point once its app is built (``wsgi.py``, ``worker.py``).

    What start-up made (Flask, SQLAlchemy's mappers, the providers' SDKs, the reply reader's
    weights: about 140,000 objects) lives as long as the process, and Python walked all of it in
    every full collection, which falls in the middle of a request or a job: 81–90 ms each
    (``bench/gc_pause.py``). Frozen (``gc.freeze``, which Python documents for such state), a
    full collection walks only what came after. Start-up's own garbage is collected first.
    """
    gc.collect()
    gc.freeze()


def _register_error_pages(app: Flask) -> None:
    """API clients get the API's JSON error shape for routing and protocol errors too."""
    from gateway.api.errors import error_response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response | HTTPException:
        if not request.path.startswith("/api/"):
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        response = error_response(exc.code or 500, code, exc.description or exc.name)
        valid_methods = getattr(exc, "valid_methods", None)
        if valid_methods:
            response.headers["Allow"] = ", ".join(valid_methods)
        return response
