"""How many signed customer replies per second the service takes, beside bare Flask.

What it measures: ``POST /sms/twilio/inbound`` of the real app (``wsgi:app``) under gunicorn,
with SQLite (or PostgreSQL: ``--database postgresql``) and a real Redis, fed signed Twilio
webhooks of customers replying to their appointments
(确认, 1, 改时间, …). Each request checks the signature, stores the reply once and hands it to the
reply workers. Beside it, under the same gunicorn settings in the same run, three yardsticks get
the same requests: ``bench/floor_app.py`` (the minimal-I/O floors: the same signature check, one
``INSERT … ON CONFLICT DO NOTHING`` into the same database, one id pushed to Redis; ``floor``
through SQLAlchemy's engine, ``driver`` through the database driver alone) and
``bench/bare_app.py`` (parses the form, answers the same empty TwiML, nothing else). app/floor is
the share of the least such a webhook can cost that the service keeps; app/bare the share of the
machine's plain HTTP capacity. With ``--baseline DIR`` (an export of an earlier commit), that
commit's app runs too (``before``), so a change is measured beside what it changes.

How: a temporary directory holds the SQLite file; ``flask --app wsgi db upgrade`` and
``salon create`` set it up; the CRM API (``POST /api/v1/appointments``, in-process) books an
appointment for each of ``--customers`` customers. Client processes, started before the clock
runs, pre-sign every request (signing is not measured), then drive keep-alive connections on
loopback (a sync gunicorn worker closes each one after its answer, so they reconnect;
connecting is inside the latency). A warm-up comes first, then a run bounded by time and by
count. Every answer must be 200, and afterwards the database must hold one inbound message per
200 the app gave (one floor row per 200 the floor gave).

The load generator shares the CPUs with gunicorn; the client's own CPU use is printed so you can
tell whether it was the bottleneck. No RQ worker runs, so no answer is sent (SMS_PROVIDER is
console anyway): what is measured ends where Twilio gets its TwiML.

Run from the repository root (``make bench`` runs the first, with the other benches)::

    .venv/bin/python bench/webhook.py
    .venv/bin/python bench/webhook.py --workers 2 4 --worker-class gthread --threads 4
    .venv/bin/python bench/webhook.py --targets app --profile 2000   # then cProfile, in-process
    git archive abf6475 | tar -x -C /tmp/base
    .venv/bin/python bench/webhook.py --database postgresql --baseline /tmp/base
    .venv/bin/python bench/webhook.py --help

It prints figures and is never part of the test run's pass/fail; it exits 1 when a request
failed or the stored count does not match, 2 when it could not set up.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import io
import json
import math
import os
import pstats
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import HOST, REPO_ROOT, BenchError, Column  # noqa: E402
from tests.servers import PostgresServer, RedisServer, _free_port  # noqa: E402

PATH = "/sms/twilio/inbound"
AUTH_TOKEN = "bench-token"
#: What customers text back, cycled over the requests.
REPLIES = ("确认", "1", "改时间", "好的 谢谢", "取消吧", "不确定?")
#: gunicorn app of each target.
TARGETS = {
    "app": "wsgi:app",
    "floor": "bench.floor_app:create_app()",
    "driver": 'bench.floor_app:create_app("driver")',
    "bare": "bench.bare_app:app",
}
#: The app as an earlier commit has it (``--baseline DIR``): gunicorn runs it from DIR.
BASELINE = "before"
#: Targets that store replies as the service does (counted in its messages table).
APPS = ("app", BASELINE)
#: The goals this benchmark reports against (issue 12: the webhook near the floor; issue 19:
#: near the floor that uses the database driver directly).
GOAL_REPLIES_PER_SECOND = 1300
GOAL_CORES = 2
GOAL_SHARE_OF_FLOOR = 0.60
#: The floors whose share is reported against GOAL_SHARE_OF_FLOOR.
FLOORS = ("floor", "driver")
FLOOR_NAMES = {"floor": "through SQLAlchemy's engine", "driver": "the database driver alone"}
GOAL_P99_MS = 20.0


class ServerClosed(Exception):
    """The server closed a connection before answering anything on it."""


# --------------------------------------------------------------------------- the load generator


@dataclass(frozen=True, slots=True)
class LoadPlan:
    """What every client process needs to build and send its share of the requests."""

    port: int
    sender: str
    phones: tuple[str, ...]
    connections: int
    warmup_requests: int
    requests: int
    timeout: float

    def share(self, total: int, connection: int) -> int:
        """How many of ``total`` requests connection number ``connection`` sends at most."""
        return total // self.connections + (1 if connection < total % self.connections else 0)


@dataclass(slots=True)
class ConnectionResult:
    warmup_sent: int = 0
    warmup_ok: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    #: Requests that got no HTTP answer (refused, reset, timed out), by exception name.
    failures: Counter[str] = field(default_factory=Counter)
    #: Requests sent again on a fresh connection because the server had closed the idle one.
    resent: int = 0
    latencies: list[float] = field(default_factory=list)
    last_done: float = 0.0


@dataclass(slots=True)
class ClientResult:
    connections: list[ConnectionResult]
    #: CPU seconds this client process used during the measured phase.
    cpu_seconds: float


class HttpConnection:
    """One HTTP/1.1 connection sending prepared requests and reading just enough of each answer.

    Lighter than http.client, so that the client costs little CPU beside the server it measures.
    """

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.resent = 0
        self._sock: socket.socket | None = None
        self._buffer = b""

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._buffer = b""

    def exchange(self, raw_request: bytes) -> int:
        """Send one request, read its answer, return the HTTP status."""
        reused = self._sock is not None
        try:
            return self._exchange(raw_request)
        except (ServerClosed, BrokenPipeError, ConnectionResetError):
            self.close()
            if not reused:
                raise
        # The server closed the idle keep-alive connection before reading this request, so it
        # never saw it; send it once more on a new connection.
        self.resent += 1
        return self._exchange(raw_request)

    def _exchange(self, raw_request: bytes) -> int:
        if self._sock is None:
            self._sock = socket.create_connection((HOST, self.port), timeout=self.timeout)
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.sendall(raw_request)
        return self._read_response(self._sock)

    def _recv(self, sock: socket.socket) -> bytes:
        chunk = sock.recv(65536)
        if not chunk:
            if not self._buffer:
                raise ServerClosed()
            raise ConnectionError("the server closed the connection in the middle of an answer")
        return chunk

    def _read_response(self, sock: socket.socket) -> int:
        while (head_end := self._buffer.find(b"\r\n\r\n")) < 0:
            self._buffer += self._recv(sock)
        head, rest = self._buffer[:head_end], self._buffer[head_end + 4 :]
        status_line, *header_lines = head.split(b"\r\n")
        status = int(status_line[9:12])
        keep_alive = status_line.startswith(b"HTTP/1.1")
        length: int | None = None
        for line in header_lines:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection":
                keep_alive = value.strip().lower() != b"close"
        if length is None:  # no length: the answer runs until the server closes
            keep_alive = False
            while chunk := sock.recv(65536):
                rest += chunk
            length = len(rest)
        self._buffer = rest
        while len(self._buffer) < length:
            self._buffer += self._recv(sock)
        self._buffer = self._buffer[length:]
        if not keep_alive:
            self.close()
        return status


def signed_requests(plan: LoadPlan, connection: int, count: int) -> list[bytes]:
    """``count`` complete HTTP requests as Twilio would send them, each a new MessageSid."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(AUTH_TOKEN)
    url = f"http://{HOST}:{plan.port}{PATH}"
    account = "AC" + "b" * 32
    requests = []
    for i in range(count):
        n = i * plan.connections + connection  # spreads customers and replies over connections
        sid = "SM" + uuid.uuid4().hex
        params = {
            "ToCountry": "CN",
            "ToState": "",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "ToCity": "",
            "FromZip": "",
            "SmsSid": sid,
            "FromState": "",
            "SmsStatus": "received",
            "FromCity": "",
            "Body": REPLIES[n % len(REPLIES)],
            "FromCountry": "CN",
            "To": plan.sender,
            "ToZip": "",
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": account,
            "From": plan.phones[n % len(plan.phones)],
            "ApiVersion": "2010-04-01",
        }
        body = urlencode(params).encode()
        head = (
            f"POST {PATH} HTTP/1.1\r\n"
            f"Host: {HOST}:{plan.port}\r\n"
            "User-Agent: TwilioProxy/1.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n"
            f"X-Twilio-Signature: {validator.compute_signature(url, params)}\r\n"
            "\r\n"
        )
        requests.append(head.encode() + body)
    return requests


def drive(
    plan: LoadPlan,
    warmup: Sequence[bytes],
    measured: Sequence[bytes],
    clock: tuple[float, float, float],
    result: ConnectionResult,
) -> None:
    """Send ``warmup`` until the warm-up ends, then ``measured`` until time or requests run out."""
    start, warmup_end, end = clock
    http = HttpConnection(plan.port, plan.timeout)
    time.sleep(max(0.0, start - time.monotonic()))
    try:
        for raw in warmup:
            if time.monotonic() >= warmup_end:
                break
            result.warmup_sent += 1
            with contextlib.suppress(OSError, ServerClosed, ValueError):
                result.warmup_ok += http.exchange(raw) == 200
        time.sleep(max(0.0, warmup_end - time.monotonic()))
        for raw in measured:
            began = time.perf_counter()
            if began >= end:
                break
            try:
                result.statuses[http.exchange(raw)] += 1
            except (OSError, ServerClosed, ValueError) as exc:
                result.failures[type(exc).__name__] += 1
                http.close()
            done = time.perf_counter()
            result.latencies.append(done - began)
            result.last_done = done
    finally:
        result.resent = http.resent
        http.close()


def client_process(plan: LoadPlan, first: int, count: int, pipe: Connection) -> None:
    """One load-generating process: ``count`` connections numbered from ``first``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us; Ctrl-C is its business
    work = [
        (
            signed_requests(plan, c, plan.share(plan.warmup_requests, c)),
            signed_requests(plan, c, plan.share(plan.requests, c)),
        )
        for c in range(first, first + count)
    ]
    pipe.send("ready")
    clock: tuple[float, float, float] = pipe.recv()
    results = [ConnectionResult() for _ in work]
    threads = [
        threading.Thread(target=drive, args=(plan, warm, measured, clock, result), daemon=True)
        for (warm, measured), result in zip(work, results, strict=True)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, clock[1] - time.monotonic()))
    cpu_before = time.process_time()
    for thread in threads:
        thread.join()
    pipe.send(ClientResult(results, time.process_time() - cpu_before))


# --------------------------------------------------------------------------- processes


@dataclass(frozen=True, slots=True)
class ServerSettings:
    workers: int
    worker_class: str
    threads: int

    def argv(self) -> list[str]:
        argv = ["--workers", str(self.workers), "--worker-class", self.worker_class]
        if self.worker_class == "gthread":
            argv += ["--threads", str(self.threads)]
        return argv

    def label(self) -> str:
        return f"{self.worker_class}×{self.threads}" if self.worker_class == "gthread" else "sync"


def answers_http(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            return sock.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


@contextlib.contextmanager
def gunicorn(
    target: str,
    settings: ServerSettings,
    env: dict[str, str],
    log_path: Path,
    baseline: Path | None = None,
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """gunicorn serving ``target`` on a free port of 127.0.0.1; stopped on the way out.
    ``before`` is the app as the checkout in ``baseline`` has it."""
    port = _free_port()
    if target == BASELINE:
        if baseline is None:
            raise BenchError("the 'before' target needs --baseline DIR")
        where = ["--chdir", str(baseline), TARGETS["app"]]
    else:
        where = [TARGETS[target]]
    argv = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind",
        f"{HOST}:{port}",
        *settings.argv(),
        "--log-level",
        "warning",
        *where,
    ]
    proc = common.start_process(argv, env, log_path)
    try:
        deadline = time.monotonic() + 60
        while not answers_http(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
                raise BenchError(f"gunicorn for {target} did not start:\n{tail}")
            time.sleep(0.05)
        yield port, proc
    finally:
        common.stop_processes([proc])


# --------------------------------------------------------------------------- one run


@dataclass(slots=True)
class RunResult:
    target: str
    settings: ServerSettings
    connections: int
    warmup_sent: int
    warmup_ok: int
    statuses: Counter[int]
    failures: Counter[str]
    resent: int
    latencies: list[float]
    seconds: float
    client_cpu: float
    server_cpu: float | None
    machine_cpu: float | None
    #: The most memory one gunicorn process (a worker, as a rule) held at any time.
    peak_rss: int | None = None
    #: CPU seconds the database server (PostgreSQL; SQLite runs inside gunicorn) and Redis used.
    backend_cpu: float | None = None
    stored_inbound: int | None = None
    #: Which pass over the targets this was (``--rounds``), from 1.
    round: int = 1
    #: The machine's load average (1, 5, 15 minutes) as this target's run began.
    load_before: tuple[float, float, float] | None = None

    def cpu_share(self, seconds: float | None) -> str:
        """CPU seconds as a share of one core over the measured phase."""
        return "?" if seconds is None or self.seconds <= 0 else f"{seconds / self.seconds:.0%}"

    def server_ms_per_reply(self) -> str:
        """gunicorn's CPU time per answered request: what a reply costs, whatever else runs."""
        if self.server_cpu is None or not self.requests:
            return "?"
        return f"{self.server_cpu / self.requests * 1000:.2f}"

    def client_ms_per_reply(self) -> str:
        """The load generator's CPU time per answered request (it shares the CPUs)."""
        if not self.requests:
            return "?"
        return f"{self.client_cpu / self.requests * 1000:.2f}"

    def all_ms_per_reply(self) -> float | None:
        """Load generator, gunicorn, database server and Redis: the machine's CPU per reply."""
        if self.server_cpu is None or self.backend_cpu is None or not self.requests:
            return None
        return (self.client_cpu + self.server_cpu + self.backend_cpu) / self.requests * 1000

    def backend_ms_per_reply(self) -> str:
        """What the database server and Redis spent on each answered request."""
        if self.backend_cpu is None or not self.requests:
            return "?"
        return f"{self.backend_cpu / self.requests * 1000:.2f}"

    @property
    def other_cpu(self) -> float | None:
        """CPU the rest of the machine used meanwhile (other processes, the kernel)."""
        if self.machine_cpu is None or self.server_cpu is None:
            return None
        mine = self.server_cpu + self.client_cpu + (self.backend_cpu or 0.0)
        return max(0.0, self.machine_cpu - mine)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def ok(self) -> int:
        return self.statuses[200]

    @property
    def errors(self) -> int:
        return self.requests - self.ok

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds > 0 else 0.0

    def percentile_ms(self, pct: int) -> float:
        if len(self.latencies) < 2:
            return math.nan
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[pct - 1] * 1000


#: CPU seconds the database and Redis used during a measured phase, by the server's pid.
BACKEND_CPU: dict[int, float | None] = {}


def run_load(
    plan: LoadPlan,
    clients: int,
    warmup_seconds: float,
    seconds: float,
    server_pid: int,
    backends: Sequence[int] = (),
) -> tuple[list[ClientResult], float, float | None, float | None]:
    """Drive the server from ``clients`` processes.

    Returns their results, the measured phase's wall seconds, and the CPU seconds the server
    and the whole machine used in it. With ``backends`` (the database's and Redis's pids), the
    CPU they used in it is added to ``BACKEND_CPU`` under ``server_pid``.
    """
    clients = max(1, min(clients, plan.connections))
    shares = [
        plan.connections // clients + (1 if index < plan.connections % clients else 0)
        for index in range(clients)
    ]
    firsts = [sum(shares[:index]) for index in range(clients)]
    with common.spawned(
        client_process, [(plan, first, count) for first, count in zip(firsts, shares, strict=True)]
    ) as processes:
        common.wait_ready(processes, 120, "client process")
        start = time.monotonic() + 0.05
        clock = (start, start + warmup_seconds, start + warmup_seconds + seconds)
        for _, pipe in processes:
            pipe.send(clock)
        time.sleep(max(0.0, clock[1] - time.monotonic()))
        before = (common.tree_cpu([server_pid]), common.machine_busy_cpu())
        backends_before = common.tree_cpu(backends) if backends else None
        waiting = seconds + 10 * plan.timeout + 60
        results: list[ClientResult] = [
            common.receive(pipe, waiting, f"client process {process.pid} did not finish")
            for process, pipe in processes
        ]
        after = (common.tree_cpu([server_pid]), common.machine_busy_cpu())
        if backends:
            BACKEND_CPU[server_pid] = common.cpu_between(backends_before, common.tree_cpu(backends))
    last_done = max(
        (c.last_done for r in results for c in r.connections if c.latencies), default=clock[1]
    )
    server_cpu, machine_cpu = (common.cpu_between(a, b) for a, b in zip(before, after, strict=True))
    return results, last_done - clock[1], server_cpu, machine_cpu


def count_stored(target: str, database_url: str) -> int | None:
    """Rows ``target`` stored so far: the app's inbound messages, the floor's rows; None for
    bare, which stores nothing."""
    from sqlalchemy import func, inspect, select, text

    from bench.floor_app import TABLE
    from gateway.models import Message, MessageDirection

    if target == "bare":
        return None
    with common.database(database_url) as db, db.sessions() as session:
        if target not in APPS:
            if not inspect(db.engine).has_table(TABLE):
                return 0
            return int(session.scalar(text(f"SELECT count(*) FROM {TABLE}")) or 0)
        stored = session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.direction == MessageDirection.INBOUND)
        )
    return int(stored or 0)


def run_target(
    target: str, settings: ServerSettings, args: argparse.Namespace, setup: Setup, round_: int = 1
) -> RunResult:
    load_before = os.getloadavg()
    connections = args.connections or 2 * settings.workers
    log_path = setup.directory / f"gunicorn-{target}-{settings.workers}-{settings.label()}.log"
    before = count_stored(target, setup.database_url)
    with gunicorn(target, settings, setup.env, log_path, args.baseline) as (port, proc):
        plan = LoadPlan(
            port=port,
            sender=setup.sender,
            phones=setup.phones,
            connections=connections,
            warmup_requests=args.warmup_requests,
            requests=args.requests,
            timeout=args.timeout,
        )
        clients, seconds, server_cpu, machine_cpu = run_load(
            plan, args.clients, args.warmup, args.duration, proc.pid, setup.backends
        )
        peak_rss = common.peak_rss([proc.pid])
    conns = [c for client in clients for c in client.connections]
    result = RunResult(
        target=target,
        settings=settings,
        connections=connections,
        warmup_sent=sum(c.warmup_sent for c in conns),
        warmup_ok=sum(c.warmup_ok for c in conns),
        statuses=sum((c.statuses for c in conns), Counter()),
        failures=sum((c.failures for c in conns), Counter()),
        resent=sum(c.resent for c in conns),
        latencies=[latency for c in conns for latency in c.latencies],
        seconds=seconds,
        client_cpu=sum(client.cpu_seconds for client in clients),
        server_cpu=server_cpu,
        machine_cpu=machine_cpu,
        peak_rss=peak_rss,
        backend_cpu=BACKEND_CPU.pop(proc.pid, None),
        round=round_,
        load_before=load_before,
    )
    if target != "bare":
        result.stored_inbound = (count_stored(target, setup.database_url) or 0) - (before or 0)
    return result


# --------------------------------------------------------------------------- setup


@dataclass(frozen=True, slots=True)
class Setup:
    directory: Path
    database_url: str
    redis_url: str
    env: dict[str, str]
    sender: str
    phones: tuple[str, ...]
    #: The pids of the database server (when not SQLite) and Redis, whose CPU is measured too.
    backends: tuple[int, ...] = ()


def flask(env: dict[str, str], *args: str) -> str:
    """Run ``flask --app wsgi ARGS`` as an operator would; its stdout."""
    argv = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    done = subprocess.run(argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"flask {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout


def book_appointments(setup_env: dict[str, str], api_key: str, count: int) -> None:
    """One upcoming appointment for each of ``count`` customers, booked through the CRM API.

    The app runs in this process (Flask's test client) against the same SQLite and Redis, so
    the bookings go through the same validation and services a salon's CRM uses.
    """
    from unittest import mock

    from gateway import create_app

    # Settings come from the environment. API_RATE_LIMIT=0 lifts the CRM API's per-key limit
    # (300 a minute) for this bulk booking only; gunicorn runs with the defaults.
    env = {**setup_env, "API_RATE_LIMIT": "0", "LOG_LEVEL": "WARNING"}
    with mock.patch.dict(os.environ, env):
        app = create_app()
    shanghai = timezone(timedelta(hours=8))
    day = (datetime.now(shanghai) + timedelta(days=3)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    client = app.test_client()
    headers = {"Authorization": f"Bearer {api_key}"}
    for i in range(count):
        payload = {
            "external_id": f"BENCH-{i:05d}",
            "customer": {"phone": local_phone(i)},
            "service": "剪发",
            "stylist": "Lily",
            "starts_at": (day + timedelta(minutes=15 * (i % 40))).isoformat(),
        }
        response = client.post("/api/v1/appointments", json=payload, headers=headers)
        if response.status_code not in (200, 201):
            raise BenchError(f"booking {payload} failed: {response.status_code} {response.text}")
    app.extensions["db"].engine.dispose()


def local_phone(i: int) -> str:
    """Customer number ``i`` as a salon's CRM writes it: 1380000xxxx."""
    return f"1380000{i:04d}"


def database_name(setup: Setup) -> str:
    return "PostgreSQL" if setup.database_url.startswith("postgresql") else "SQLite"


def set_up(
    directory: Path, redis_url: str, customers: int, sender: str, database_url: str | None = None
) -> Setup:
    """Migrations, a salon and ``customers`` bookings in ``database_url`` (by default a SQLite
    file in ``directory``)."""
    database_url = database_url or f"sqlite:///{directory / 'bench.sqlite3'}"
    env = common.app_env(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SMS_PROVIDER="console",
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
    )
    flask(env, "db", "upgrade")
    out = flask(env, "salon", "create", "--name", "Bench", "--sender", sender)
    salon = json.loads(out.strip().splitlines()[-1])
    book_appointments(env, salon["api_key"], customers)
    phones = tuple(f"+86{local_phone(i)}" for i in range(customers))
    return Setup(directory, database_url, redis_url, env, salon["sender_number"], phones)


# --------------------------------------------------------------------------- profile

#: Where a reply's time goes in the web process: (label, file fragment, function name).
PROFILE_PARTS = (
    ("Flask's handling of the request", "flask/app.py", "wsgi_app"),
    (
        "  signature check (form parsed)",
        "gateway/providers/twilio/webhooks.py",
        "_signed_by_twilio",
    ),
    (
        "    of which the Twilio SDK's check",
        "gateway/providers/twilio/client.py",
        "signature_is_valid",
    ),
    (
        "  the webhook (gateway.providers.twilio.webhooks.inbound)",
        "gateway/providers/twilio/webhooks.py",
        "inbound",
    ),
    ("    one statement (connection, hand-off)", "gateway/db.py", "one_statement"),
    ("      the driver's cursor", "gateway/db.py", "_on_driver_cursor"),
    ("      store_known_reply", "gateway/services/replies/inbound.py", "store_known_reply"),
    ("      hand-off to Redis", "gateway/queueing.py", "enqueue_replies"),
    ("    the long way, in a session", "gateway/services/replies/inbound.py", "receive_reply"),
    ("      phone parsing", "gateway/domain/phones.py", "to_e164"),
    ("  after-request hooks (headers, metrics)", "flask/app.py", "process_response"),
    ("SQL through SQLAlchemy", "sqlalchemy/engine/base.py", "_execute_context"),
    ("SQL on psycopg's cursor (PostgreSQL)", "psycopg/cursor.py", "execute"),
    ("Redis commands, one at a time", "redis/client.py", "_execute_command"),
    ("Redis pipelines", "redis/client.py", "execute"),
)


def print_profile(
    profiler: cProfile.Profile | pstats.Stats,
    parts: Sequence[tuple[str, str, str]],
    count: int,
    cpu: float,
) -> None:
    """Each part's cumulative CPU per item and share, and how many times it ran per item (a
    figure a busy machine does not change: SQL statements, flushes, Redis round trips), then
    the top functions by own time. ``profiler``: a profile, or stats read from files."""
    stats = profiler if isinstance(profiler, pstats.Stats) else pstats.Stats(profiler)
    print(f"{'where (CPU, cumulative)':<44} {'ms each':>7} {'share':>6} {'calls each':>10}")
    for label, path, name in parts:
        rows = [
            row
            for (file, _line, func), row in stats.stats.items()  # type: ignore[attr-defined]
            if func == name and path in file
        ]
        cumulative = sum(row[3] for row in rows)
        calls = sum(row[1] for row in rows)  # primitive calls: a recursion counts once
        print(
            f"{label:<44} {cumulative / count * 1000:>7.2f} {cumulative / cpu:>6.0%} "
            f"{calls / count:>10.2f}"
        )
    print(f"{'all CPU of the profiled loop':<44} {cpu / count * 1000:>7.2f} {1:>6.0%}")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(12)
    print("top 12 functions by own CPU time:")
    for line in out.getvalue().splitlines():
        if line.strip() and not line.startswith(("   Ordered", "   List reduced")):
            print(f"  {line[:150]}")


def profile_requests(setup: Setup, count: int) -> None:
    """Call the app's WSGI entry with ``count`` replies in this process under cProfile.

    The requests are werkzeug environs built beforehand (a test client would build each inside
    the measured loop): what is profiled is the app, from gunicorn's call on.
    """
    from unittest import mock

    from twilio.request_validator import RequestValidator
    from werkzeug.test import EnvironBuilder

    from gateway import create_app

    with mock.patch.dict(os.environ, {**setup.env, "LOG_LEVEL": "WARNING"}):
        app = create_app()
    validator = RequestValidator(AUTH_TOKEN)
    url = f"http://localhost{PATH}"
    environs = []
    for i in range(count + 100):
        sid = "SM" + uuid.uuid4().hex
        form = {
            "MessageSid": sid,
            "SmsSid": sid,
            "AccountSid": "AC" + "b" * 32,
            "From": setup.phones[i % len(setup.phones)],
            "To": setup.sender,
            "Body": REPLIES[i % len(REPLIES)],
            "NumMedia": "0",
        }
        headers = {"X-Twilio-Signature": validator.compute_signature(url, form)}
        builder = EnvironBuilder(path=PATH, method="POST", data=form, headers=headers)
        environs.append(builder.get_environ())
        builder.close()
    statuses: Counter[str] = Counter()

    def start_response(status: str, _headers: object, _exc_info: object = None) -> None:
        statuses[status] += 1

    def call(environ: dict[str, object]) -> None:
        answer = app(environ, start_response)
        for _ in answer:
            pass
        getattr(answer, "close", lambda: None)()

    for environ in environs[:100]:  # warm-up: first connections, caches
        call(environ)
    profiler = cProfile.Profile(time.process_time)  # CPU: other processes do not count
    cpu = time.process_time()
    profiler.enable()
    for environ in environs[100:]:
        call(environ)
    profiler.disable()
    cpu = time.process_time() - cpu
    app.extensions["db"].engine.dispose()
    print()
    print(
        f"profile: {count} replies through the app's WSGI entry in this process "
        f"({database_name(setup)}; answers {dict(statuses)}), "
        f"{cpu / count * 1000:.2f} ms CPU each under cProfile, which slows every Python call: "
        "read the shares."
    )
    print_profile(profiler, PROFILE_PARTS, count, cpu)


# --------------------------------------------------------------------------- report


#: The table's columns, in the order of ``row``.
COLUMNS = (
    Column("target", 6, left=True),
    Column("round", 5),
    Column("load", 5, ".2f"),
    Column("workers", 7),
    Column("class", 10, left=True),
    Column("conns", 5),
    Column("requests", 8),
    Column("errors", 6),
    Column("replies/s", 9, ".0f"),
    Column("p50 ms", 7, ".2f"),
    Column("p99 ms", 7, ".2f"),
    Column("server", 6),
    Column("client", 6),
    Column("other", 6),
    Column("CPU ms/reply", 12),
    Column("db+redis ms", 11),
    Column("client ms", 9),
    Column("peak MiB", 8),
)


def row(r: RunResult) -> tuple[object, ...]:
    return (
        r.target,
        r.round,
        r.load_before[0] if r.load_before else None,
        r.settings.workers,
        r.settings.label(),
        r.connections,
        r.requests,
        r.errors,
        r.per_second,
        r.percentile_ms(50),
        r.percentile_ms(99),
        r.cpu_share(r.server_cpu),
        r.cpu_share(r.client_cpu),
        r.cpu_share(r.other_cpu),
        r.server_ms_per_reply(),
        r.backend_ms_per_reply(),
        r.client_ms_per_reply(),
        common.mib(r.peak_rss),
    )


def round_label(r: RunResult, results: Sequence[RunResult]) -> str:
    return f" (round {r.round})" if any(other.round > 1 for other in results) else ""


def print_ceilings(results: Sequence[RunResult]) -> None:
    """What each target's CPU per reply allows on this machine's cores: with the load
    generator beside it (as in this bench and bench/replies_e2e.py), and without it."""
    cores = common.usable_cpus()
    for r in results:
        total = r.all_ms_per_reply()
        if total is None or r.server_cpu is None or r.backend_cpu is None:
            continue
        served = (r.server_cpu + r.backend_cpu) / r.requests * 1000
        print(
            f"ceiling {r.target}{round_label(r, results)}: CPU a reply "
            f"{r.client_ms_per_reply()} (load generator) + {r.server_ms_per_reply()} (gunicorn) "
            f"+ {r.backend_ms_per_reply()} (database and Redis) = {total:.2f} ms; {cores} cores "
            f"carry at most {cores * 1000 / total:.0f} replies/s with the load generator beside, "
            f"{cores * 1000 / served:.0f} without it"
        )


def report(results: Sequence[RunResult], setup: Setup) -> bool:
    """Print the table, the ratios, the checks and the verdict; False when a check failed."""
    print()
    common.print_table(COLUMNS, [row(r) for r in results])
    print(
        "server, client, other: CPU used in the measured phase, 100% = one core of "
        f"{common.usable_cpus()}; the load generator runs on the same CPUs as gunicorn.\n"
        "CPU ms/reply: gunicorn's (master and workers) CPU time per measured request; "
        "db+redis ms: the database server's (PostgreSQL) and Redis's; client ms: the load "
        "generator's.\n"
        "load: the machine's 1-minute load average as the target's run began.\n"
        "peak MiB: the peak resident memory of the largest gunicorn process (a web process)."
    )
    print()
    sound = True
    for r in results:
        if r.errors or r.failures:
            sound = False
            what = ", ".join(
                [f"{n}× HTTP {s}" for s, n in sorted(r.statuses.items()) if s != 200]
                + [f"{n}× {name}" for name, n in r.failures.items()]
            )
            print(f"ERRORS {r.target} {r.settings.workers} workers: {what}")
        if r.warmup_ok != r.warmup_sent:
            sound = False
            failed = r.warmup_sent - r.warmup_ok
            print(
                f"ERRORS {r.target} {r.settings.workers} workers: {failed} of {r.warmup_sent} "
                "warm-up requests not answered 200"
            )
        if r.resent:
            print(f"note: {r.target} resent {r.resent} requests after idle connections closed")
        if r.stored_inbound is not None:
            sent_ok = r.warmup_ok + r.ok
            match = r.stored_inbound == sent_ok
            sound = sound and match
            what = "inbound messages" if r.target in APPS else "floor rows"
            print(
                f"{r.target}, {r.settings.workers} workers {r.settings.label()}: "
                f"{r.stored_inbound} {what} stored for {sent_ok} replies answered 200 "
                f"({r.warmup_sent} warm-up + {r.requests} measured sent) — "
                f"{'match' if match else 'MISMATCH'}"
            )
    busy = [r for r in results if r.other_cpu is not None and r.other_cpu > 0.25 * r.seconds]
    if busy:
        worst = max((r.other_cpu or 0.0) / r.seconds for r in busy)
        print(
            f"warning: other processes used up to {worst:.0%} of a core during {len(busy)} of "
            f"{len(results)} runs (column 'other'); those figures understate this machine"
        )
    apps = [r for r in results if r.target == "app"]
    #: Each floor's best share kept by the app, by throughput.
    floor_ratios: dict[str, list[float]] = {floor: [] for floor in FLOORS}
    for app in [r for r in results if r.target in APPS]:
        yardsticks = (*FLOORS, "bare") + ((BASELINE,) if app.target == "app" else ())
        for yardstick in yardsticks:
            same = [r for r in results if r.target == yardstick and r.settings == app.settings]
            # With --rounds, each app beside the yardstick of its own pass.
            other = next((r for r in same if r.round == app.round), same[0] if same else None)
            if other is None or other.per_second <= 0:
                continue
            ratio = app.per_second / other.per_second
            if yardstick in floor_ratios and app.target == "app":
                floor_ratios[yardstick].append(ratio)
            cpu = ""
            if app.server_cpu and other.server_cpu and app.requests and other.requests:
                per_app = app.server_cpu / app.requests
                per_other = other.server_cpu / other.requests
                cpu = (
                    f"; CPU per reply {per_app * 1000:.2f} / {per_other * 1000:.2f} ms "
                    f"(by CPU {per_other / per_app:.1%})"
                )
                if app.backend_cpu is not None and other.backend_cpu is not None:
                    all_app = per_app + app.backend_cpu / app.requests
                    all_other = per_other + other.backend_cpu / other.requests
                    cpu += (
                        f"; with the database and Redis {all_app * 1000:.2f} / "
                        f"{all_other * 1000:.2f} ms ({all_other / all_app:.1%})"
                    )
            print(
                f"ratio {app.target}/{yardstick}{round_label(app, results)}, "
                f"{app.settings.workers} workers "
                f"{app.settings.label()}: {app.per_second:.0f} / {other.per_second:.0f} = "
                f"{ratio:.1%}{cpu}"
            )
    print_ceilings(results)
    with contextlib.suppress(Exception):
        from redis import Redis

        waiting = Redis.from_url(setup.redis_url).zcard("sms-replies:waiting")
        print(
            f"{waiting} replies wait in Redis ('sms-replies:waiting'): no worker ran during "
            "this bench; bench/replies_e2e.py measures acting on them."
        )
    if apps:
        best = max(apps, key=lambda app: app.per_second)
        print()
        print(
            f"goal ≥ {GOAL_REPLIES_PER_SECOND:,} replies/s with {database_name(setup)}: best "
            f"{best.per_second:.0f} {common.on_cpus(GOAL_CORES)} — "
            f"{'met' if best.per_second >= GOAL_REPLIES_PER_SECOND else 'NOT met'}"
        )
        p99 = best.percentile_ms(99)
        print(
            f"goal p99 ≤ {GOAL_P99_MS:.0f} ms at {best.connections} connections: {p99:.1f} ms — "
            f"{'met' if p99 <= GOAL_P99_MS else 'NOT met'}"
        )
        for floor, ratios in floor_ratios.items():
            if not ratios:
                continue
            print(
                f"goal ≥ {GOAL_SHARE_OF_FLOOR:.0%} of the minimal-I/O floor "
                f"({FLOOR_NAMES[floor]}): best {max(ratios):.1%} — "
                f"{'met' if max(ratios) >= GOAL_SHARE_OF_FLOOR else 'NOT met'}"
            )
    return sound


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(
        description="Signed Twilio replies/s of the app under gunicorn, beside its yardsticks.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[2 * cores], help="gunicorn worker counts to try"
    )
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument(
        "--connections", type=int, default=0, help="concurrent client connections (0: 2×workers)"
    )
    parser.add_argument("--clients", type=int, default=2, help="load-generating processes")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds")
    parser.add_argument("--warmup-requests", type=int, default=5000, help="warm-up request cap")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds at most")
    parser.add_argument("--requests", type=int, default=20000, help="measured requests at most")
    parser.add_argument("--customers", type=int, default=500, help="customers with an appointment")
    parser.add_argument("--timeout", type=float, default=10.0, help="per-request socket timeout")
    parser.add_argument(
        "--targets",
        nargs="+",
        choices=[*TARGETS, BASELINE],
        default=None,
        help=f"default: {' '.join(TARGETS)}, and {BASELINE} with --baseline",
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"also run the app of an earlier commit (target '{BASELINE}') from DIR, a copy of "
        "it (git archive COMMIT | tar -x -C DIR) with the same migrations, beside this one",
    )
    parser.add_argument("--sender", default="+8610690000099", help="the salon's sender number")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="passes over the targets, back to back (app then floor, app then floor, …): each "
        "app is compared with the yardsticks of its own pass",
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="then profile N replies in-process"
    )
    args = parser.parse_args(argv)
    if args.targets is None:
        args.targets = [*TARGETS] + ([BASELINE] if args.baseline else [])
    if BASELINE in args.targets and args.baseline is None:
        parser.error(f"target {BASELINE} needs --baseline DIR")
    if args.baseline is not None and not (args.baseline / "wsgi.py").is_file():
        parser.error(f"--baseline {args.baseline}: no wsgi.py there")
    if not 1 <= args.customers <= 10000:
        parser.error("--customers must be 1 to 10000 (phones are 1380000xxxx)")
    if min(args.workers) < 1 or args.threads < 1 or args.clients < 1 or args.requests < 1:
        parser.error("--workers, --threads, --clients and --requests must be positive")
    if args.rounds < 1:
        parser.error("--rounds must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return common.run(run_bench, parse_args(argv))


def run_bench(args: argparse.Namespace) -> bool:
    results: list[RunResult] = []
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="gateway-bench-webhook-"))
        redis = stack.enter_context(RedisServer())
        database_url = None
        backends = [redis.pid or 0]
        if args.database == "postgresql":
            postgres = stack.enter_context(PostgresServer())
            database_url, backends = postgres.url, [*backends, postgres.pid or 0]
        began = time.monotonic()
        setup = set_up(Path(tmp), redis.url, args.customers, args.sender, database_url)
        setup = dataclasses.replace(setup, backends=tuple(backends))
        print(
            f"setup: {database_name(setup)} ({database_url or tmp}), Redis at {redis.url}, "
            f"salon {setup.sender}, "
            f"{len(setup.phones)} customers booked ({time.monotonic() - began:.1f}s)"
        )
        for workers in args.workers:
            settings = ServerSettings(workers, args.worker_class, args.threads)
            for round_, target in [(n, t) for n in range(1, args.rounds + 1) for t in args.targets]:
                result = run_target(target, settings, args, setup, round_)
                results.append(result)
                load = result.load_before[0] if result.load_before else math.nan
                print(
                    f"  {target:<4} round {round_}, load {load:.2f}, "
                    f"{workers} workers {settings.label()}: "
                    f"{result.per_second:.0f} replies/s, {result.errors} errors",
                    flush=True,
                )
        sound = report(results, setup)
        if args.profile:
            profile_requests(setup, args.profile)
        return sound


if __name__ == "__main__":
    sys.exit(main())
