"""The whole service as a salon runs it: gunicorn, an RQ worker process, the console provider.

Follows the README's path: create a salon with the CLI, book over HTTP, see the request in the
worker's log, reply with the CLI's signed simulator, and read ``confirmed`` back.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import in_days, quiet_hours_away_from_now

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(check: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Service:
    def __init__(self, env: dict[str, str], port: int, log_dir: Path) -> None:
        self.env, self.port, self.log_dir = env, port, log_dir
        self.base = f"http://127.0.0.1:{port}"
        self.processes: list[subprocess.Popen[bytes]] = []

    def flask(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr + self.log_tails()
        return done.stdout

    def log_tails(self, lines: int = 40) -> str:
        """The last lines of every process's log: what the service said when a command failed
        (a 500 from the webhook names its cause there, not in the command's answer)."""
        return "".join(
            f"\n--- {path.name} ---\n"
            + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            for path in sorted(self.log_dir.glob("*.log"))
        )

    def start(self, name: str, *command: str) -> None:
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.processes.append(
            subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log, stderr=log)
        )

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")

    def call(self, method: str, path: str, key: str, body: Any = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def service(tmp_path: Path, redis_url: str) -> Iterator[Service]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.sqlite3'}",
        "REDIS_URL": redis_url,
        "SMS_PROVIDER": "console",
        "TWILIO_AUTH_TOKEN": "e2e-token",
        "PUBLIC_BASE_URL": "",
        "PORT": str(port),
        "QUEUE_NAME": f"e2e-{port}",
    }
    running = Service(env, port, tmp_path)
    running.flask("db", "upgrade")
    running.start(
        "web",
        str(BIN / "gunicorn"),
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:app",
    )
    running.start("worker", sys.executable, str(REPO / "worker.py"))
    try:
        _wait_for(lambda: _listening(port), "gunicorn to listen")
        yield running
    finally:
        running.stop()


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_book_request_reply_confirmed_across_processes(service: Service) -> None:
    create = ["salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"]
    quiet = ["--quiet-hours", quiet_hours_away_from_now()]  # so the request goes at once
    salon = json.loads(service.flask(*create, *quiet))
    key = salon["api_key"]
    assert salon["api_key"].startswith("sk_") and salon["id"] >= 1

    status, created = service.call(
        "POST",
        "/api/v1/appointments",
        key,
        {
            "external_id": "A-1001",
            "customer": {"phone": "13800138000", "name": "王女士"},
            "service": "剪发",
            "stylist": "Lily",
            # Three days on, at any hour: "tomorrow" could put the day-before reminder in the
            # thread first when this runs after 14:00 in Shanghai.
            "starts_at": in_days(3),
        },
    )
    assert status == 201, created

    def request_sent() -> bool:
        _, thread = service.call("GET", "/api/v1/appointments/A-1001/messages", key)
        return bool(thread["data"]) and thread["data"][0]["status"] == "sent"

    _wait_for(request_sent, "the worker to send the confirmation request")
    assert f"预约号 {created['ref']}" in service.log("worker")

    out = service.flask(
        "simulate-reply",
        "--from",
        "+8613800138000",
        "--to",
        salon["sender_number"],
        "--body",
        "确认",
        "--url",
        service.base,
    )
    assert out.startswith("200")

    def answered() -> list[dict[str, Any]] | None:
        _, thread = service.call("GET", "/api/v1/appointments/A-1001/messages", key)
        data: list[dict[str, Any]] = thread["data"]
        return data if len(data) == 3 and data[2]["status"] == "sent" else None

    thread = _wait_for(answered, "the answer to be sent")
    assert [m["intent"] or m["template"] for m in thread] == [
        "confirmation_request",
        "confirm",
        "confirmed",
    ]
    _, appointment = service.call("GET", "/api/v1/appointments/A-1001", key)
    assert appointment["status"] == "confirmed"
    # Phone numbers are masked in the web and worker logs, except the console provider's own
    # printout of the SMS, which stands in for the customer's phone.
    assert "+86138****8000" in service.log("worker")


def test_unsigned_reply_is_refused_by_the_running_service(service: Service) -> None:
    request = urllib.request.Request(
        f"{service.base}/sms/twilio/inbound",
        data=b"MessageSid=SM1&From=%2B8613800138000&To=%2B8610690000001&Body=1",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
