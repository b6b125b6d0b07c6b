"""The minimal-I/O floor for ``bench/webhook.py``: the least any webhook that keeps a reply can do.

Its one endpoint, ``POST /sms/twilio/inbound``, under the same gunicorn settings as the service,
checks the Twilio signature (the service's own ``signature_is_valid``), inserts one row with
``INSERT … ON CONFLICT DO NOTHING`` into the same database (the service's engine, so the same
SQLite pragmas or PostgreSQL pool), commits, pushes the new id to Redis with one command and
answers the same empty TwiML. No salon, no customer, no ORM, no queue library: app/floor is the
share of this floor the service keeps, and what lies between them is the service's own work.

Settings come from the environment, as the service's do: DATABASE_URL, REDIS_URL,
TWILIO_AUTH_TOKEN. Its table, ``bench_floor``, is created when the app is built::

    gunicorn --workers 2 --bind 127.0.0.1:8002 'bench.floor_app:create_app()'
"""

from __future__ import annotations

import os

from flask import Flask, Response, request
from redis import Redis
from sqlalchemy import text

from gateway.db import make_engine
from gateway.providers.twilio.client import signature_is_valid
from gateway.providers.twilio.webhooks import EMPTY_TWIML

TABLE = "bench_floor"
#: Where the floor pushes each new id (the service keeps its own keys elsewhere).
REDIS_KEY = "bench-floor:ids"

_CREATE = text(
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, "
    "provider_sid VARCHAR(64) NOT NULL UNIQUE, from_number VARCHAR(32) NOT NULL, "
    "to_number VARCHAR(32) NOT NULL, body TEXT NOT NULL)"
)
_CREATE_POSTGRESQL = text(
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id BIGSERIAL PRIMARY KEY, "
    "provider_sid VARCHAR(64) NOT NULL UNIQUE, from_number VARCHAR(32) NOT NULL, "
    "to_number VARCHAR(32) NOT NULL, body TEXT NOT NULL)"
)
_INSERT = text(
    f"INSERT INTO {TABLE} (provider_sid, from_number, to_number, body) "
    "VALUES (:sid, :from_number, :to_number, :body) "
    "ON CONFLICT (provider_sid) DO NOTHING RETURNING id"
)


def create_app() -> Flask:
    engine = make_engine(os.environ["DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(_CREATE_POSTGRESQL if engine.dialect.name == "postgresql" else _CREATE)
    redis = Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=1, socket_timeout=2)
    auth_token = os.environ["TWILIO_AUTH_TOKEN"]
    app = Flask(__name__)

    @app.post("/sms/twilio/inbound")
    def inbound() -> Response:
        form = request.form
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature_is_valid(auth_token, request.url, form, signature):
            return Response("invalid Twilio signature", status=403)
        sid, from_number, to_number = form.get("MessageSid"), form.get("From"), form.get("To")
        if not sid or not from_number or not to_number:
            return Response("MessageSid, From and To are required", status=400)
        values = {"sid": sid, "from_number": from_number, "to_number": to_number}
        with engine.begin() as connection:
            row_id = connection.scalar(_INSERT, {**values, "body": form.get("Body", "")})
        if row_id is not None:
            redis.rpush(REDIS_KEY, row_id)
        return Response(EMPTY_TWIML, status=200, mimetype="text/xml")

    return app
