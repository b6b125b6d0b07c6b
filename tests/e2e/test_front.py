"""The shipped production front, for real: Debian's nginx with deploy/nginx.conf in front of
gunicorn with deploy/gunicorn.conf.py. Fifty clients that send their headers one byte a second
for 20 seconds cannot keep /healthz from answering within a second, while two such clients
straight at gunicorn's sync workers are enough to silence it.

``make test`` installs nginx when it is missing and it can (as root with apt, as CI runs);
elsewhere, without nginx, the test is skipped — never in CI.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from string import Template

import pytest

from tests.e2e.test_service import BIN, REPO, _free_port, _listening, _wait_for
from tests.servers import _die_with_parent, in_ci

NGINX_CONF = REPO / "deploy" / "nginx.conf"
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
SLOW_CLIENTS = 50
ATTACK_SECONDS = 20.0
#: A functional bound: a load balancer's health check that waits longer calls the service
#: down. Typical answers take milliseconds.
HEALTHZ_WITHIN = 1.0


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found:
        return found
    message = "needs Debian's nginx (apt-get install -y nginx; make test does it as root)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def render(run_dir: Path, listen: int, upstream: int) -> Path:
    """deploy/nginx.conf with its variables filled in, as the unit's envsubst does."""
    tls = run_dir / "tls.conf"
    tls.write_text("# plain http in the test\n")
    text = Template(NGINX_CONF.read_text()).safe_substitute(
        GATEWAY_LISTEN=f"127.0.0.1:{listen}",
        GATEWAY_TLS_CONF=str(tls),
        GATEWAY_UPSTREAM=f"127.0.0.1:{upstream}",
        GATEWAY_RUN_DIR=str(run_dir),
    )
    assert "${GATEWAY_" not in text
    conf = run_dir / "nginx.conf"
    conf.write_text(text)
    return conf


@contextlib.contextmanager
def running(command: list[str], log: Path, env: dict[str, str] | None = None) -> Iterator[None]:
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent(signal.SIGTERM),  # noqa: PLW1509 - no threads yet
        )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class SlowClients:
    """``count`` connections sending a request's headers one byte a second; one the server
    drops is opened again at once, as an attacker would."""

    def __init__(self, port: int, count: int) -> None:
        self.port, self.count = port, count
        self.sockets: list[socket.socket | None] = [None] * count
        self.reopened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=2)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: sms.example.com\r\nX-Slow: ")
        except OSError:
            return None
        return sock

    def _run(self) -> None:
        while not self._stop.is_set():
            for i, sock in enumerate(self.sockets):
                if sock is not None:
                    try:
                        sock.sendall(b"a")
                        continue
                    except OSError:
                        sock.close()
                        self.reopened += 1
                self.sockets[i] = self._open()
            self._stop.wait(1.0)

    def __enter__(self) -> SlowClients:
        for i in range(self.count):
            self.sockets[i] = self._open()
        self._thread.start()
        time.sleep(1.5)  # every one of them has started its headers
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for sock in self.sockets:
            if sock is not None:
                sock.close()


def healthz(port: int, timeout: float) -> tuple[int | None, float]:
    """(status or None when no answer came in ``timeout``, seconds it took)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz", headers={"Host": "sms.example.com"})
        status: int | None = connection.getresponse().status
    except OSError:
        status = None
    finally:
        connection.close()
    return status, time.monotonic() - started


@pytest.fixture
def front(tmp_path: Path, redis_url: str) -> Iterator[tuple[int, int]]:
    """(nginx's port, gunicorn's port): two sync workers (the fewest the units run) behind the
    shipped front."""
    nginx = nginx_binary()
    web, listen = _free_port(), _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.sqlite3'}",
        "REDIS_URL": redis_url,
        "QUEUE_NAME": f"e2e-front-{web}",
        "TRUSTED_PROXIES": "1",
        "SECRET_KEY": "e2e-front",
    }
    migrate = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert migrate.returncode == 0, migrate.stderr
    # Outside pytest's private tmp folder: as root, nginx's workers run as nobody and need to
    # reach their buffer folders.
    run_dir = Path(tempfile.mkdtemp(prefix="gateway-front-"))
    run_dir.chmod(0o755)
    conf = render(run_dir, listen, web)
    gunicorn = [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONF)]
    gunicorn += ["--bind", f"127.0.0.1:{web}", "--workers", "2", "wsgi:app"]
    try:
        with (
            running(gunicorn, tmp_path / "gunicorn.log", env),
            running([nginx, "-c", str(conf), "-g", "daemon off;"], tmp_path / "nginx.log"),
        ):
            _wait_for(lambda: _listening(web) and _listening(listen), "gunicorn and nginx")
            _wait_for(lambda: healthz(listen, 5)[0] == 200, "/healthz through nginx")
            yield listen, web
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def test_fifty_slow_clients_cannot_silence_healthz_behind_the_front(
    front: tuple[int, int],
) -> None:
    listen, web = front

    # Without the front, two slow clients hold both sync workers: /healthz goes silent.
    with SlowClients(web, 2):
        status, _ = healthz(web, HEALTHZ_WITHIN)
        assert status is None, "the attack should bite a bare gunicorn"
    _wait_for(lambda: healthz(web, 5)[0] == 200, "gunicorn to recover")

    # Behind the front, fifty of them change nothing a health check notices.
    answers: list[tuple[int | None, float]] = []
    with SlowClients(listen, SLOW_CLIENTS) as attack:
        deadline = time.monotonic() + ATTACK_SECONDS
        while time.monotonic() < deadline:
            answers.append(healthz(listen, 5.0))
            time.sleep(0.25)
        held = sum(sock is not None for sock in attack.sockets)
    assert held == SLOW_CLIENTS  # the attack was on throughout
    assert len(answers) >= ATTACK_SECONDS * 2
    slowest = max(seconds for _, seconds in answers)
    assert [status for status, _ in answers] == [200] * len(answers)
    assert slowest < HEALTHZ_WITHIN, f"/healthz took {slowest:.2f} s under attack"


def test_the_front_says_what_scheme_the_browser_used(front: tuple[int, int]) -> None:
    """nginx overwrites the X-Forwarded-Proto a client sent: a browser on plain http that
    claims https gets no HSTS, whose max-age would lock its users out for two years."""
    listen, _ = front
    connection = http.client.HTTPConnection("127.0.0.1", listen, timeout=5)
    connection.request("GET", "/staff/login", headers={"X-Forwarded-Proto": "https"})
    answer = connection.getresponse()
    assert answer.status == 200
    assert answer.getheader("Strict-Transport-Security") is None
    assert answer.getheader("X-Frame-Options") == "DENY"  # the app's headers come through
    connection.close()
