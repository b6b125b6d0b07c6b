"""Command-line tools: ``flask --app wsgi <command>`` (db upgrade, salon create, serve, …)."""

from __future__ import annotations

import contextlib
import json
import os
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

from gateway import cli_salon, cli_staff, metrics
from gateway.config import INSTANCE_DIR, REPO_ROOT, Settings
from gateway.db import Database
from gateway.instance_files import write_private
from gateway.queueing import embedded_redis
from gateway.services import create_salon

db_cli = AppGroup("db", help="Database schema.")

DEMO_FILE = INSTANCE_DIR / "demo_salon.json"


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
    """Create the demo salon on first run; print its API key and a curl example every run."""
    problem = current_app.extensions["sms_providers"].default_problem()
    if problem is not None:
        raise click.ClickException(f"{problem} (see README and docs/china.md)")
    if DEMO_FILE.exists():
        salon = json.loads(DEMO_FILE.read_text())
    else:
        db: Database = current_app.extensions["db"]
        with db.transaction() as session:
            created, api_key = create_salon(
                session,
                name="丝绒发型",
                sender_number="+8610690000001",
                timezone="Asia/Shanghai",
                locale="zh-CN",
            )
            # So that trying the service at any hour shows a text at once; real salons keep
            # their quiet hours (21:00-09:00 by default).
            created.quiet_hours = "off"
            salon = {"id": created.id, "sender_number": created.sender_number, "api_key": api_key}
        write_private(DEMO_FILE, json.dumps(salon))
    if "staff_email" not in salon:  # the console's demo login, once (older demo files too)
        salon["staff_email"], salon["staff_password"] = cli_staff.demo_login(salon["id"])
        write_private(DEMO_FILE, json.dumps(salon))
    base = f"http://127.0.0.1:{port or _settings().port}"
    tomorrow = time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400))
    click.echo(
        f"""
Demo salon 丝绒发型 (id {salon["id"]}, sender {salon["sender_number"]}), API key: {salon["api_key"]}
Its quiet hours are off, so texts go at any hour; a new salon's are 21:00-09:00 Shanghai time
(.venv/bin/flask --app wsgi salon update {salon["id"]} --quiet-hours 21:00-09:00).

Book an appointment (the confirmation request appears in the worker's log):
  curl -s {base}/api/v1/appointments -H 'Authorization: Bearer {salon["api_key"]}' \\
    -H 'Content-Type: application/json' -d '{{"external_id": "A-1001",
    "customer": {{"phone": "13800138000", "name": "王女士"}}, "service": "剪发",
    "stylist": "Lily", "starts_at": "{tomorrow}T14:00:00+08:00"}}'

Reply as the customer would (a signed Twilio webhook):
  make reply FROM=+8613800138000 BODY=确认

Staff console: {base}/staff/  (sign in as {salon["staff_email"]} / {salon["staff_password"]})
"""
    )


@click.command("simulate-reply")
@click.option("--from", "from_number", required=True, help="The customer's number, E.164.")
@click.option("--body", required=True, help="The SMS text, e.g. 确认")
@click.option("--to", "to_number", default=None, help="The salon's sender number (demo salon).")
@click.option("--url", default=None, help="Base URL of the running service.")
def simulate_reply(from_number: str, body: str, to_number: str | None, url: str | None) -> None:
    """Post a customer's SMS to the running service, signed as Twilio signs it."""
    from gateway.providers.twilio import signature_for

    settings = _settings()
    if not settings.twilio_auth_token:
        raise click.UsageError("set TWILIO_AUTH_TOKEN to the value the service runs with")
    if to_number is None:
        if not DEMO_FILE.exists():
            raise click.UsageError("no demo salon yet: pass --to SENDER_NUMBER")
        to_number = json.loads(DEMO_FILE.read_text())["sender_number"]
    base = (url or settings.public_base_url or f"http://127.0.0.1:{settings.port}").rstrip("/")
    endpoint = f"{base}/sms/twilio/inbound"
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
