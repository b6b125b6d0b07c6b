"""Command-line tools: ``flask --app wsgi <command>`` (db upgrade, salon create, serve, …)."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from gateway import cli_salon, cli_staff, local_run, metrics
from gateway.config import REPO_ROOT, Settings
from gateway.db import Database
from gateway.embedded_redis import embedded_redis
from gateway.instance_files import write_private
from gateway.local_run import DEMO_FILE
from gateway.models import Salon
from gateway.providers import TEMPLATE_PROVIDERS
from gateway.providers.standins import local as standin
from gateway.services import create_salon

db_cli = AppGroup("db", help="Database schema.")


def register(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(demo)
    app.cli.add_command(serve)
    app.cli.add_command(simulate_reply)
    app.cli.add_command(sweep_now)
    cli_salon.register(app)
    cli_staff.register(app)


def _settings() -> Settings:
    settings: Settings = current_app.extensions["settings"]
    return settings


def alembic_config(database_url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to REVISION (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(_settings().database_url), revision)
    click.echo(f"database at {revision}", err=True)


@click.command("sweep")
def sweep_now() -> None:
    """Run one sweep now: queue due reminders, re-queue texts the job queue lost."""
    from gateway.jobs import run_sweep

    click.echo(run_sweep())


@click.command("demo")
@click.option("--port", type=int, default=None, help="Port shown in the curl example.")
def demo(port: int | None) -> None:
    """Create the demo salon on first run; print its API key and a curl example every run.

    With SMS_PROVIDER=aliyun or tencent and no account there, the salon is put on that
    provider, its templates approved by the local stand-in that `flask serve` starts."""
    settings = _settings()
    stand_in = standin.needed(settings)
    problem = current_app.extensions["sms_providers"].default_problem()
    if problem is not None and stand_in is None:
        raise click.ClickException(f"{problem} (see README and docs/china.md)")
    db: Database = current_app.extensions["db"]
    salon = local_run.demo_salon()
    with db.transaction() as session:
        if salon is None or session.get(Salon, salon["id"]) is None:
            created, api_key = create_salon(
                session,
                name=standin.DEMO_SIGN_NAME,
                sender_number=None if stand_in else "+8610690000001",
                timezone="Asia/Shanghai",
                locale="zh-CN",
            )
            # So that trying the service at any hour shows a text at once; real salons keep
            # their quiet hours (21:00-09:00 by default).
            created.quiet_hours = "off"
            salon = {"id": created.id, "api_key": api_key}
        row = session.get_one(Salon, salon["id"])
        if stand_in is not None:
            standin.prepare_demo(session, row, stand_in)
        pushed_by = row.provider if row.provider in TEMPLATE_PROVIDERS else None
    write_private(DEMO_FILE, json.dumps(salon))
    if "staff_email" not in salon:  # the console's demo login, once (older demo files too)
        salon["staff_email"], salon["staff_password"] = cli_staff.demo_login(salon["id"])
        write_private(DEMO_FILE, json.dumps(salon))
    click.echo(_demo_text(salon, port or settings.port, pushed_by, stand_in is not None))


def _demo_text(salon: dict[str, Any], port: int, pushed_by: str | None, stand_in: bool) -> str:
    base = f"http://127.0.0.1:{port}"
    tomorrow = time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400))
    if pushed_by is None:
        reply = "Reply as the customer would (a signed Twilio webhook):\n  make reply"
        sent = "the worker's log"
    else:
        reply = (
            f"Reply as the customer would (pushed as {pushed_by} pushes replies):\n"
            f"  make reply PROVIDER={pushed_by}"
        )
        sent = (
            f"the log, as the SDK request to the local {pushed_by} stand-in"
            if stand_in
            else f"the worker's log once {pushed_by} takes it"
        )
    return f"""
Demo salon {standin.DEMO_SIGN_NAME} (id {salon["id"]}), API key: {salon["api_key"]}
Its quiet hours are off, so texts go at any hour; a new salon's are 21:00-09:00 Shanghai time:
  GATEWAY_ENV=development .venv/bin/flask --app wsgi salon update {salon["id"]} \\
    --quiet-hours 21:00-09:00

Book an appointment (the confirmation request appears in {sent}):
  curl -s {base}/api/v1/appointments -H 'Authorization: Bearer {salon["api_key"]}' \\
    -H 'Content-Type: application/json' -d '{{"external_id": "A-1001",
    "customer": {{"phone": "13800138000", "name": "王女士"}}, "service": "剪发",
    "stylist": "Lily", "starts_at": "{tomorrow}T14:00:00+08:00"}}'

{reply} FROM=+8613800138000 BODY=确认

Staff console: {base}/staff/  (sign in as {salon["staff_email"]} / {salon["staff_password"]})
"""


@click.command("simulate-reply")
@click.option("--from", "from_number", required=True, help="The customer's number, E.164.")
@click.option("--body", required=True, help="The SMS text, e.g. 确认")
@click.option("--to", "to_number", default=None, help="The salon's sender number (demo salon).")
@click.option("--url", default=None, help="Base URL of the running service.")
def simulate_reply(from_number: str, body: str, to_number: str | None, url: str | None) -> None:
    """Post a customer's SMS to the running service, signed as Twilio signs it."""
    from gateway.providers.twilio.client import signature_for

    settings = _settings()
    if not settings.twilio_auth_token:
        raise click.UsageError("set TWILIO_AUTH_TOKEN to the value the service runs with")
    if to_number is None:
        to_number = _demo_sender()
    endpoint = f"{local_run.base_url(settings, url)}/sms/twilio/inbound"
    params = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": settings.twilio_account_sid or "AC" + "0" * 32,
        "From": from_number,
        "To": to_number,
        "Body": body,
        "NumMedia": "0",
    }
    signature = signature_for(settings.twilio_auth_token, endpoint, params)
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            click.echo(f"{response.status} {response.read().decode()}")
    except urllib.error.HTTPError as exc:
        raise click.ClickException(f"{exc.code} {exc.read().decode()}") from None
    except urllib.error.URLError as exc:
        raise click.ClickException(
            f"no service at {endpoint} ({exc.reason}): is `make run` going?"
        ) from None


def _demo_sender() -> str:
    """The demo salon's sender number (from the database: its provider may have changed)."""
    salon = local_run.demo_salon()
    db: Database = current_app.extensions["db"]
    with db.transaction() as session:
        row = session.get(Salon, salon["id"]) if salon else None
        if row is None or not row.sender_number:
            raise click.UsageError(
                "the demo salon has no sender number (it is on Alibaba/Tencent Cloud: "
                "add PROVIDER=aliyun|tencent); else pass --to SENDER_NUMBER"
            )
        return row.sender_number


@click.command("serve")
@click.option("--workers", type=int, default=2, show_default=True, help="Web processes.")
def serve(workers: int) -> None:
    """Run the whole service: web (gunicorn), an RQ worker, the cron process that queues the
    sweep, and an embedded Redis if REDIS_URL is unset."""
    settings = _settings()
    # Every process below writes its counts under PROMETHEUS_MULTIPROC_DIR (set by importing
    # gateway.metrics, passed on in env); counts from an earlier run start again at zero.
    metrics.forget_previous_runs()
    with contextlib.ExitStack() as stack:
        env = dict(os.environ)
        if not settings.redis_url:
            # One embedded redis-server for every process below, on a socket in instance/.
            env["REDIS_URL"] = stack.enter_context(embedded_redis(settings))
            click.echo(f"embedded Redis on {env['REDIS_URL']}")
        stand_in = standin.needed(settings)
        if stand_in is not None:
            db: Database = current_app.extensions["db"]
            env.update(stack.enter_context(standin.running(stand_in, db, settings)))
            click.echo(f"no {stand_in} account: texts go to its local stand-in")
        made_up = None
        if not settings.sms_callback_token:
            # Pushes (make reply PROVIDER=…) need a token; this run's is kept for make reply.
            env["SMS_CALLBACK_TOKEN"] = made_up = secrets.token_urlsafe(24)
        local_run.record(port=settings.port, callback_token=made_up)
        stack.callback(local_run.forget)
        _run_children(settings, env, workers)


def _run_children(settings: Settings, env: dict[str, str], workers: int) -> None:
    bin_dir = Path(sys.executable).parent
    children = [
        subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "--bind",
                f"127.0.0.1:{settings.port}",
                "--workers",
                str(workers),
                # No access log (gunicorn writes none unless asked): /api/v1/customers/<phone>
                # paths would write whole numbers.
                # Forwarded headers are the app's to believe (TRUSTED_PROXIES), not gunicorn's,
                # which by default takes X-Forwarded-Proto from any local process.
                "--forwarded-allow-ips=",
                "wsgi:app",
            ],
            env=env,
            cwd=REPO_ROOT,
        ),
        subprocess.Popen([sys.executable, str(REPO_ROOT / "worker.py")], env=env, cwd=REPO_ROOT),
        subprocess.Popen(
            [sys.executable, str(REPO_ROOT / "worker.py"), "--cron"], env=env, cwd=REPO_ROOT
        ),
    ]
    click.echo(f"web on http://127.0.0.1:{settings.port}, worker and cron running; Ctrl-C stops")

    def stop(*_: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        # The terminal's Ctrl-C reached every child too: a second signal would make RQ's
        # worker abandon its job (a cold shutdown), so give them time to stop on their own.
        with contextlib.suppress(subprocess.TimeoutExpired):
            for child in children:
                child.wait(timeout=10)
    finally:
        stop()
        for child in children:
            child.wait(timeout=15)
    names = ("web", "worker", "cron")
    failed = [n for n, c in zip(names, children, strict=True) if c.returncode not in (0, -15)]
    if failed:
        raise click.ClickException(f"{' and '.join(failed)} stopped unexpectedly")
