"""How many messages per second the RQ workers send through the Twilio provider to a local stub.

What it measures: ``worker.py`` processes (``SimpleWorker``, SMS_PROVIDER=twilio, the real Twilio
SDK pointed at a stub with TWILIO_API_URL) working through ``--messages`` queued confirmation
requests: per message, the job claims its row, the SDK posts the form to ``Messages.json``, and
the job records the answer. The clock runs from starting the worker processes until every row is
``sent`` (so it includes their start-up); the steady rate is taken from the rows' own ``sent_at``
(first to last). With 1 and 2 workers, on PostgreSQL (production) and SQLite, with a real Redis.

Beside it, in the same run and against the same stub, two yardsticks send the same forms:
``http``, a plain loop posting them with ``requests.Session`` (keep-alive; the stub's ceiling for
one client), and ``provider``, ``TwilioProvider.send`` in a loop in one process (no database, no
queue: what the SDK alone costs). Each runs in 1 and in 2 processes at once. worker/provider is
the share the database and the queue leave; provider/http what the SDK costs over plain HTTP.

The stubs: ``threaded`` is ``tests.twilio_stub.TwilioStub`` (stdlib http.server, a thread per
connection), ``fast`` a small asyncio server answering the same JSON (``message_json``). Each runs
in a process of its own; its CPU use in each phase is printed, so you can tell whether the stub
limited the figure. The threaded stub writes an answer's head and body in two TCP segments with
Nagle's algorithm on, so each answer waits for the client's delayed ACK (about 40 ms on Linux):
it manages about 20 answers a second per connection, whatever the CPUs, so the workers run
against the fast stub only, and the threaded one gets ``--threaded-messages`` to show its
ceiling. The load shares the machine's CPUs with the stub, Redis and PostgreSQL.

How: ``tests.servers`` starts PostgreSQL and Redis; each database is migrated with Alembic; a
salon is created and ``--appointments`` appointments booked with ``gateway.services.book``; for
each run ``queue_about`` stores the confirmation requests (cycling over the appointments) and
``SmsQueue.enqueue_sends`` queues them on a queue of their own, before the clock starts.
``--profile`` runs one ``SimpleWorker`` in this process under cProfile over one more batch and
prints where a job's time goes (``--profile-provider tencent``: a worker sending through the
Tencent Cloud SDK to its stand-in).

Run from the repository root (``make bench`` runs the second, with the other benches)::

    .venv/bin/python bench/outbound.py
    .venv/bin/python bench/outbound.py --messages 500
    .venv/bin/python bench/outbound.py --messages 5000 --workers 1 2 4 --databases postgresql
    .venv/bin/python bench/outbound.py --profile
    .venv/bin/python bench/outbound.py --help

It prints figures and is never part of the test run's pass/fail; it exits 1 when a message was
not sent exactly once, 2 when it could not set up.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import json
import os
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import HOST, BenchError, Column  # noqa: E402
from tests.servers import PostgresServer, RedisServer  # noqa: E402

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "x"
#: Salon k sends from this number plus k.
FIRST_SENDER = 8610690000100
#: Set so that every send carries a StatusCallback, as in production.
PUBLIC_BASE_URL = "https://sms.example.com"
#: The goals this benchmark reports against: two workers on PostgreSQL send at least this many
#: texts a second once running, and at least this share of what a plain loop of the same
#: provider calls does in the same run.
GOAL_PER_SECOND = 400
GOAL_SHARE = 0.5
GOAL_WORKERS = 2
GOAL_CORES = 2


# --------------------------------------------------------------------------- the stubs


class FastStub(asyncio.Protocol):
    """Answers every POST like Twilio's Messages create, on keep-alive HTTP/1.1 connections."""

    received = 0

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        from tests.twilio_stub import message_json

        self.buffer += data
        while (head_end := self.buffer.find(b"\r\n\r\n")) >= 0:
            length = 0
            for line in self.buffer[:head_end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            end = head_end + 4 + length
            if len(self.buffer) < end:
                return
            raw, self.buffer = self.buffer[head_end + 4 : end], self.buffer[end:]
            FastStub.received += 1
            form = {key: values[-1] for key, values in parse_qs(raw.decode()).items()}
            payload = json.dumps(message_json(f"SM{FastStub.received:032x}", form)).encode()
            assert self.transport is not None
            self.transport.write(
                b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload)
            )


def start_fast_stub() -> tuple[str, Callable[[], int]]:
    """The asyncio stub on a free port, in a thread; its URL and a request counter."""
    loop = asyncio.new_event_loop()
    started: list[str] = []
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(loop.create_server(FastStub, HOST, 0))
        started.append(f"http://{HOST}:{server.sockets[0].getsockname()[1]}")
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    if not ready.wait(10):
        raise BenchError("the fast stub did not start")
    return started[0], lambda: FastStub.received


#: The China providers' stand-ins (gateway/providers/standins/) and what they need.
CHINA = ("aliyun", "tencent")
SIGN = "丽丽美发"
CHINA_CODES = {"aliyun": "SMS_460700001", "tencent": "1860001"}
CHINA_KEYS = {
    "aliyun": {"ALIYUN_ACCESS_KEY_ID": "LTAI-stub-key", "ALIYUN_ACCESS_KEY_SECRET": "stub-secret"},
    "tencent": {
        "TENCENT_SECRET_ID": "AKID-stub",
        "TENCENT_SECRET_KEY": "stub-key",
        "TENCENT_SMS_APP_ID": "1400000001",
    },
}


def china_stub(kind: str) -> Any:
    """The test suite's stub of ``kind``, knowing the confirmation request's template."""
    from gateway.sms_text import variables

    names = variables("confirmation_request", "zh-CN")
    if kind == "aliyun":
        from gateway.providers.standins.aliyun import AliyunStub

        return AliyunStub(
            templates={CHINA_CODES[kind]: names},
            sign_names={SIGN},
            send_date=datetime.now(UTC).date(),
        )
    from gateway.providers.standins.tencent import TencentStub

    return TencentStub(
        templates={CHINA_CODES[kind]: len(names)},
        sign_names={SIGN},
        value_limit=None,
        now=datetime.now(UTC),
    )


def stub_process(kind: str, pipe: Connection) -> None:
    """Serve one stub until told to stop; answer "stats" with (requests so far, CPU seconds)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us; Ctrl-C is its business
    if kind in CHINA:
        stub = china_stub(kind)
        url = stub.start()

        def count() -> int:
            return len(stub.received)
    elif kind == "threaded":
        from tests.twilio_stub import TwilioStub

        stub = TwilioStub()
        url = stub.start()

        def count() -> int:
            return len(stub.received)
    else:
        url, count = start_fast_stub()
    pipe.send(url)
    with contextlib.suppress(EOFError):
        while pipe.recv() == "stats":
            pipe.send((count(), time.process_time()))


@dataclass(frozen=True, slots=True)
class StubStats:
    requests: int
    cpu_seconds: float


class StubServer:
    """A stub in its own process: its URL, and what it did between two looks."""

    def __init__(self, kind: str, url: str, pipe: Connection) -> None:
        self.kind, self.url, self._pipe = kind, url, pipe

    def stats(self) -> StubStats:
        self._pipe.send("stats")
        requests, cpu = self._pipe.recv()
        return StubStats(requests, cpu)


@contextlib.contextmanager
def stub_server(kind: str) -> Iterator[StubServer]:
    with common.spawned(stub_process, [(kind,)]) as [(_, pipe)]:
        url = common.receive(pipe, 30, f"the {kind} stub did not start")
        yield StubServer(kind, url, pipe)


# --------------------------------------------------------------------------- the yardsticks


@dataclass(frozen=True, slots=True)
class Form:
    """One SMS as the provider is asked to send it."""

    sender: str
    to: str
    body: str
    callback: str


def messages_url(stub_url: str) -> str:
    return f"{stub_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


def send_plain(stub_url: str, forms: Sequence[Form]) -> None:
    """Post each form with requests.Session, as plainly as Python can."""
    import requests

    url = messages_url(stub_url)
    with requests.Session() as session:
        for form in forms:
            data = {
                "To": form.to,
                "From": form.sender,
                "Body": form.body,
                "StatusCallback": form.callback,
            }
            response = session.post(url, data=data, auth=(ACCOUNT_SID, AUTH_TOKEN), timeout=10)
            if response.status_code != 201 or not response.json().get("sid"):
                raise BenchError(f"the stub answered {response.status_code}")


def send_with_provider(stub_url: str, forms: Sequence[Form]) -> None:
    """Send each form through the service's TwilioProvider (the real SDK), in a loop."""
    from gateway.providers.twilio.client import TwilioProvider

    provider = TwilioProvider(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, api_url=stub_url)
    for form in forms:
        provider.send(to=form.to, sender=form.sender, body=form.body, callback=form.callback)


def send_with_china_provider(endpoint: str, orders: Sequence[Any]) -> None:
    """Send each claimed order through the service's AliyunSms or TencentSms (the real SDK),
    in a loop: the calls the workers make, without the database and the queue."""
    kind = orders[0].route.provider
    keys = {k.split("_", 1)[1].lower(): v for k, v in CHINA_KEYS[kind].items()}
    provider: Any
    if kind == "aliyun":
        from gateway.providers.aliyun.client import AliyunSms

        provider = AliyunSms(
            access_key_id=keys["access_key_id"],
            access_key_secret=keys["access_key_secret"],
            endpoint=endpoint,
        )
    else:
        from gateway.providers.tencent.client import TencentSms

        provider = TencentSms(
            secret_id=keys["secret_id"],
            secret_key=keys["secret_key"],
            app_id=keys["sms_app_id"],
            endpoint=endpoint,
        )
    for order in orders:
        route = order.route
        provider.send_template(
            to=order.to,
            sign_name=route.sign_name,
            template_code=route.template_code,
            params=route.params,
            extend_code=route.extend_code,
            reference=str(order.message_id),
        )


YARDSTICKS: dict[str, Callable[[str, Sequence[Any]], None]] = {
    "http": send_plain,
    "provider": send_with_provider,
    "sdk": send_with_china_provider,
}


def yardstick_process(kind: str, stub_url: str, forms: Sequence[Form], pipe: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import requests  # noqa: F401  (imported before the clock runs)

    from gateway.providers.aliyun import client as _aliyun  # noqa: F401
    from gateway.providers.tencent import client as _tencent  # noqa: F401
    from gateway.providers.twilio import client as _twilio  # noqa: F401

    pipe.send("ready")
    pipe.recv()
    began = time.monotonic()
    YARDSTICKS[kind](stub_url, forms)
    pipe.send(time.monotonic() - began)


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Run:
    """One measured phase: who sent, how many, how long, and what the CPUs did meanwhile."""

    what: str
    stub: str
    database: str
    processes: int
    messages: int
    seconds: float
    stub_stats: StubStats
    #: Seconds from the first to the last ``sent_at`` (workers only).
    steady_seconds: float | None = None
    #: Seconds from starting the workers to the first message sent.
    startup_seconds: float | None = None
    sender_cpu: float | None = None
    #: Workers: their CPU ms per text once sending, without their start-up.
    steady_cpu_ms: float | None = None
    #: The most memory one worker process held at any time (workers only).
    peak_rss: int | None = None
    #: CPU of PostgreSQL (all its processes) and Redis in the phase.
    servers_cpu: float | None = None
    machine_cpu: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0

    @property
    def steady_per_second(self) -> float | None:
        if not self.steady_seconds or self.messages < 2:
            return None
        return (self.messages - 1) / self.steady_seconds

    def share(self, cpu: float | None) -> str:
        return "?" if cpu is None or self.seconds <= 0 else f"{cpu / self.seconds:.0%}"

    def per_message_ms(self, cpu: float | None) -> str:
        return "?" if cpu is None else f"{cpu / self.messages * 1000:.1f}"


def run_yardstick(kind: str, stub: StubServer, forms: Sequence[Any], processes: int) -> Run:
    shares = [(kind, stub.url, forms[index::processes]) for index in range(processes)]
    with common.spawned(yardstick_process, shares) as children:
        common.wait_ready(children, 60, f"{kind} process")
        pids = [child.pid or 0 for child, _ in children]
        stub_before, machine_before = stub.stats(), common.machine_busy_cpu()
        cpu_before = [common.tree_cpu([pid]) for pid in pids]
        began = time.monotonic()
        for _, pipe in children:
            pipe.send("go")
        for child, pipe in children:
            common.receive(pipe, 600, f"{kind} process {child.pid} did not finish")
        seconds = time.monotonic() - began
        cpu_after = [common.tree_cpu([pid]) for pid in pids]
        stub_after, machine_after = stub.stats(), common.machine_busy_cpu()
    run = Run(
        what=kind,
        stub=stub.kind,
        database="-",
        processes=processes,
        messages=len(forms),
        seconds=seconds,
        stub_stats=diff(stub_before, stub_after),
        sender_cpu=sum_cpu(cpu_before, cpu_after),
        machine_cpu=common.cpu_between(machine_before, machine_after),
    )
    if run.stub_stats.requests != len(forms):
        run.problems.append(f"the stub got {run.stub_stats.requests} requests for {len(forms)}")
    return run


def diff(before: StubStats, after: StubStats) -> StubStats:
    return StubStats(after.requests - before.requests, after.cpu_seconds - before.cpu_seconds)


def sum_cpu(before: Sequence[float | None], after: Sequence[float | None]) -> float | None:
    total = 0.0
    for b, a in zip(before, after, strict=True):
        if a is None or b is None:
            return None
        total += a - b
    return total


# --------------------------------------------------------------------------- the databases


@dataclass(frozen=True, slots=True)
class Prepared:
    """A migrated database with salons and their booked appointments."""

    name: str
    url: str
    appointment_ids: tuple[int, ...]
    #: The database server's process (PostgreSQL), for CPU accounting; None for SQLite.
    server_pid: int | None = None


def prepare_database(
    name: str,
    url: str,
    *,
    salons: int,
    appointments: int,
    claims_per_salon: int,
    server_pid: int | None = None,
) -> Prepared:
    """Migrate, create ``salons`` salons, and book ``appointments`` upcoming appointments spread
    over them (no texts). A salon's daily SMS cap is raised when the bench will claim more of its
    texts today than the cap allows (said so on the way)."""
    from gateway.models import utcnow
    from gateway.services import Booking, book, create_salon

    common.migrate(url)
    with common.database(url) as db:
        now = utcnow()
        # 10:00 in Shanghai three days ahead, then every 15 minutes: upcoming for the whole run.
        first = (now + timedelta(days=3)).replace(hour=2, minute=0, second=0, microsecond=0)
        ids = []
        with db.transaction() as session:
            created = [
                create_salon(
                    session,
                    name=f"Bench 发廊 {k}",
                    sender_number=f"+{FIRST_SENDER + k}",
                    timezone="Asia/Shanghai",
                    locale="zh-CN",
                )[0]
                for k in range(salons)
            ]
            for salon in created:
                cap = getattr(salon, "daily_sms_cap", None) or 2000
                if claims_per_salon > cap:
                    salon.daily_sms_cap = claims_per_salon
            if claims_per_salon > cap:
                print(
                    f"  note: daily SMS cap raised from {cap} to {claims_per_salon} per salon, "
                    "so that no text of the bench is held for tomorrow"
                )
            for i in range(appointments):
                salon = created[i % salons]
                booking = Booking(
                    external_id=f"OUT-{i:05d}",
                    phone=f"+86138{i:08d}",
                    customer_name=None,
                    customer_locale=None,
                    service="剪发",
                    stylist="Lily",
                    starts_at=first + timedelta(minutes=15 * i),
                    duration_minutes=60,
                    send_confirmation=False,
                )
                ids.append(book(session, salon=salon, booking=booking, now=now).appointment.id)
        return Prepared(name, url, tuple(ids), server_pid)


def prepare_china(base: Prepared, kind: str, *, appointments: int, claims: int) -> Prepared:
    """A salon on ``kind`` (Alibaba Cloud or Tencent Cloud) in the database of ``base``, its
    signature and the confirmation request's template code recorded, with ``appointments``
    upcoming appointments."""
    from gateway.models import utcnow
    from gateway.services import Booking, book, create_salon
    from gateway.services.sending.template_codes import set_code

    with common.database(base.url) as db, db.transaction() as session:
        now = utcnow()
        set_code(
            session,
            provider=kind,
            locale="zh-CN",
            name="confirmation_request",
            code=CHINA_CODES[kind],
            now=now,
        )
        salon = create_salon(
            session,
            name=f"Bench 美发 {kind}",
            sender_number=None,
            timezone="Asia/Shanghai",
            locale="zh-CN",
            provider=kind,
        )[0]
        salon.sign_name = SIGN
        salon.daily_sms_cap = max(salon.daily_sms_cap, claims)
        first = (now + timedelta(days=3)).replace(hour=2, minute=0, second=0, microsecond=0)
        ids = []
        for i in range(appointments):
            booking = Booking(
                external_id=f"{kind}-{i:05d}",
                phone=f"+86139{i:08d}",
                customer_name=None,
                customer_locale=None,
                service="剪发",
                stylist="Lily",
                starts_at=first + timedelta(minutes=15 * i),
                duration_minutes=60,
                send_confirmation=False,
            )
            ids.append(book(session, salon=salon, booking=booking, now=now).appointment.id)
    return Prepared(base.name, base.url, tuple(ids), base.server_pid)


def orders_for(prepared: Prepared, ids: Sequence[int]) -> list[Any]:
    """The orders the workers will hand the provider for these messages (claimed in a
    transaction that is rolled back), for the SDK yardstick."""
    from gateway.models import utcnow
    from gateway.services.sending.claim import SendOrder, claim_batch

    with common.database(prepared.url) as db, db.sessions() as session:
        session.begin()
        claims = claim_batch(session, message_ids=ids, now=utcnow())
        session.rollback()
    orders = [c for c in claims.values() if isinstance(c, SendOrder)]
    if len(orders) != len(ids):
        raise BenchError(f"only {len(orders)} of {len(ids)} texts could be claimed")
    return orders


def queue_batch(prepared: Prepared, count: int) -> list[int]:
    """Store ``count`` confirmation requests, due now, as the service does; their ids."""
    from sqlalchemy import select

    from gateway.models import Appointment, utcnow
    from gateway.services.handoff import Work, handed_off
    from gateway.services.sending.outbox import queue_about

    with common.database(prepared.url) as db:
        with db.transaction() as session:
            appointments = session.scalars(
                select(Appointment)
                .where(Appointment.id.in_(prepared.appointment_ids))
                .order_by(Appointment.id)
            ).all()
            now = utcnow()
            for i in range(count):
                appointment = appointments[i % len(appointments)]
                queue_about(session, appointment, "confirmation_request", now=now)
            # This database has no after-commit hook: the bench queues them on its own queue.
            ids = handed_off(session, Work.SEND)
        if len(ids) != count:
            raise BenchError(f"queued {len(ids)} messages, not {count}")
        return ids


def queue_again(db: Any, ids: Sequence[int]) -> None:
    """Put texts a round sent back in the queue, unclaimed and unsent, for the next round."""
    from sqlalchemy import update

    from gateway.models import Message, MessageStatus

    with db.transaction() as session:
        session.execute(
            update(Message)
            .where(Message.id.in_(ids))
            .values(
                status=MessageStatus.QUEUED,
                claimed_at=None,
                provider_call_at=None,
                provider_sid=None,
                sent_at=None,
            )
        )


def forms_for(prepared: Prepared, ids: Sequence[int]) -> list[Form]:
    """The forms the workers will send for these messages, for the yardsticks."""
    from sqlalchemy import select

    from gateway.models import Customer, Message, Salon

    with common.database(prepared.url) as db, db.sessions() as session:
        rows = session.execute(
            select(Message.id, Salon.sender_number, Customer.phone, Message.body)
            .join(Customer, Customer.id == Message.customer_id)
            .join(Salon, Salon.id == Message.salon_id)
            .where(Message.id.in_(ids))
            .order_by(Message.id)
        ).all()
    return [
        Form(sender, phone, body, callback_for(message_id))
        for message_id, sender, phone, body in rows
    ]


def callback_for(message_id: int) -> str:
    return f"{PUBLIC_BASE_URL}/sms/twilio/status?message={message_id}"


def enqueue(redis_url: str, queue_name: str, ids: Sequence[int]) -> None:
    from redis import Redis

    from gateway.queueing import SmsQueue

    connection = Redis.from_url(redis_url)
    try:
        SmsQueue(connection, queue_name).enqueue_sends(ids)
    finally:
        connection.close()


# --------------------------------------------------------------------------- the workers


def worker_env(
    prepared: Prepared,
    stub: StubServer,
    redis_url: str,
    queue_name: str,
    log_level: str,
    metrics_dir: Path,
) -> dict[str, str]:
    """The workers' settings: the stub stands in for the salons' provider, and the metrics are
    kept as in production (prometheus_client's multiprocess files, here in a directory of the
    run's own)."""
    china: dict[str, str] = {}
    if stub.kind in CHINA:
        china = {**CHINA_KEYS[stub.kind], f"{stub.kind.upper()}_SMS_ENDPOINT": stub.url}
    metrics_dir.mkdir(parents=True, exist_ok=True)
    return common.app_env(
        SMS_PROVIDER="twilio",
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_API_URL=stub.url,
        PUBLIC_BASE_URL=PUBLIC_BASE_URL,
        DATABASE_URL=prepared.url,
        REDIS_URL=redis_url,
        QUEUE_NAME=queue_name,
        LOG_LEVEL=log_level,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        **china,
    )


def status_counts(db: Any, ids: Sequence[int]) -> dict[str, int]:
    from sqlalchemy import func, select

    from gateway.models import Message

    with db.sessions() as session:
        rows = session.execute(
            select(Message.status, func.count())
            .where(Message.id.between(min(ids), max(ids)))
            .group_by(Message.status)
        ).all()
    return {status: count for status, count in rows}


def sent_span(db: Any, ids: Sequence[int]) -> tuple[datetime | None, datetime | None]:
    from sqlalchemy import func, select

    from gateway.models import Message

    with db.sessions() as session:
        first, last = session.execute(
            select(func.min(Message.sent_at), func.max(Message.sent_at)).where(
                Message.id.between(min(ids), max(ids))
            )
        ).one()
    return first, last


def run_workers(
    prepared: Prepared,
    stub: StubServer,
    workers: int,
    count: int,
    redis_url: str,
    redis_pid: int | None,
    log_dir: Path,
    log_level: str,
) -> Run:
    ids = queue_batch(prepared, count)
    queue_name = f"bench-{prepared.name}-{stub.kind}-{workers}-{ids[0]}"
    enqueue(redis_url, queue_name, ids)
    env = worker_env(prepared, stub, redis_url, queue_name, log_level, log_dir / "metrics")
    problems: list[str] = []
    processes: list[subprocess.Popen[bytes]] = []
    log_path = log_dir / f"{queue_name}.log"
    servers = [pid for pid in (prepared.server_pid, redis_pid) if pid is not None]
    with common.database(prepared.url) as db:
        try:
            stub_before, machine_before = stub.stats(), common.machine_busy_cpu()
            servers_before = common.tree_cpu(servers)
            started_at = datetime.now(UTC)
            began = time.monotonic()
            processes = common.start_workers(workers, env, log_path)
            deadline = began + max(120.0, count / 20)
            #: (texts sent, the workers' CPU) when the first sent text was seen: the start-up
            #: (imports, the app, RQ's registration) is not spread over the texts.
            first_seen: tuple[int, float | None] | None = None
            # A text that ends otherwise than sent does not end the run: the workers go on
            # with the others, and the run ends once every text has an outcome, so the stub's
            # count and the outcomes cover the whole run.
            while True:
                counts = status_counts(db, ids)
                if first_seen is None and counts.get("sent", 0):
                    first_seen = (counts["sent"], common.tree_cpu([p.pid for p in processes]))
                if not counts.get("queued", 0) and not counts.get("sending", 0):
                    break
                if any(p.poll() is not None for p in processes):
                    problems.append("a worker exited early")
                    break
                if time.monotonic() > deadline:
                    problems.append(f"not all sent in time: {counts}")
                    break
                time.sleep(0.05)
            seconds = time.monotonic() - began
            pids = [p.pid for p in processes]
            worker_cpu, peak_rss = common.tree_cpu(pids), common.peak_rss(pids)
            stub_after, machine_after = stub.stats(), common.machine_busy_cpu()
            servers_after = common.tree_cpu(servers)
        finally:
            common.stop_processes(processes, timeout=15)
        first, last = sent_span(db, ids)
        calls = provider_calls(db, ids)
        problems.extend(not_sent(db, ids))
    if problems:
        problems.append(f"the workers' log: {keep_log(log_path)}")
    run = Run(
        what="worker",
        stub=stub.kind,
        database=prepared.name,
        processes=workers,
        messages=count,
        seconds=seconds,
        stub_stats=diff(stub_before, stub_after),
        steady_seconds=(last - first).total_seconds() if first and last else None,
        startup_seconds=(first - started_at).total_seconds() if first else None,
        sender_cpu=worker_cpu,
        steady_cpu_ms=(
            (worker_cpu - first_seen[1]) / (count - first_seen[0]) * 1000
            if worker_cpu is not None
            and first_seen is not None
            and first_seen[1] is not None
            and count > first_seen[0]
            else None
        ),
        peak_rss=peak_rss,
        servers_cpu=common.cpu_between(servers_before, servers_after),
        machine_cpu=common.cpu_between(machine_before, machine_after),
        problems=problems,
    )
    if run.stub_stats.requests != calls:
        # Each started provider call is one request; fewer means requests lost on the way.
        run.problems.append(
            f"the stub got {run.stub_stats.requests} requests for {calls} provider calls started"
        )
    if calls != count:
        run.problems.append(f"{calls} provider calls started for {count} texts")
    return run


def provider_calls(db: Any, ids: Sequence[int]) -> int:
    """How many of the texts the workers started a provider call for."""
    from sqlalchemy import func, select

    from gateway.models import Message

    with db.sessions() as session:
        return session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.id.between(min(ids), max(ids)), Message.provider_call_at.is_not(None))
        )


def not_sent(db: Any, ids: Sequence[int]) -> list[str]:
    """The texts that did not end ``sent``: how many, by status and the provider's error."""
    from sqlalchemy import func, select

    from gateway.models import Message

    with db.sessions() as session:
        rows = session.execute(
            select(Message.status, Message.error_code, func.count())
            .where(Message.id.between(min(ids), max(ids)), Message.status != "sent")
            .group_by(Message.status, Message.error_code)
            .order_by(Message.status, Message.error_code)
        ).all()
    return [
        f"{n} {status}"
        + (f" ({code})" if code else "")
        + (" — an outcome never recorded" if status == "sending" else "")
        for status, code, n in rows
    ]


def keep_log(log_path: Path) -> Path:
    """A copy of the workers' log outside the run's temporary directory, to read afterwards."""
    kept = Path(tempfile.gettempdir()) / "outbound-bench-logs" / log_path.name
    kept.parent.mkdir(exist_ok=True)
    shutil.copyfile(log_path, kept)
    return kept


# --------------------------------------------------------------------------- profiling


#: Where a job's time goes: (label, file fragment, function name) looked up in the profile.
PROFILE_PARTS = (
    (
        "the send jobs (gateway.jobs.send_messages)",
        "gateway/services/sending/batch.py",
        "send_batch",
    ),
    (
        "  claim_batch (one transaction a batch)",
        "gateway/services/sending/claim.py",
        "claim_batch",
    ),
    ("    of which the daily cap (as it is)", "sending/daily_cap.py", "admit_plain"),
    ("    of which the daily cap (by the rules)", "gateway/services/sending/daily_cap.py", "admit"),
    ("    of which texts read by the rules", "gateway/services/sending/claim.py", "_by_rules"),
    ("    of which route_for", "gateway/services/sending/provider_state.py", "route_for"),
    (
        "  start_provider_calls (a start alone)",
        "gateway/services/sending/delivery.py",
        "start_provider_calls",
    ),
    ("  provider.send (SDK + HTTP)", "gateway/services/sending/provider_calls.py", "send_through"),
    ("    requests Session.send", "requests/sessions.py", "send"),
    ("    requests env/proxy settings", "requests/sessions.py", "merge_environment_settings"),
    (
        "  record_accepted (a wave, the next start)",
        "gateway/services/sending/provider_calls.py",
        "record_accepted",
    ),
    (
        "    of which record_sent_and_start",
        "gateway/services/sending/delivery.py",
        "record_sent_and_start",
    ),
    (
        "    of which record_sent_many (one UPDATE)",
        "gateway/services/sending/delivery.py",
        "record_sent_many",
    ),
    ("  the outcomes' log line and metrics", "gateway/services/sending/batch.py", "_report_all"),
    ("  SQLAlchemy lazy loads", "sqlalchemy/orm/strategies.py", "_emit_lazyload"),
    ("  commits", "sqlalchemy/orm/session.py", "commit"),
    ("RQ: dequeue", "rq/worker/base.py", "dequeue_job_and_maintain_ttl"),
    ("RQ: prepare_execution", "rq/worker/base.py", "prepare_execution"),
    ("RQ: handle_job_success", "rq/worker/base.py", "handle_job_success"),
    ("all logging calls", "logging/__init__.py", "_log"),
    ("all PostgreSQL/SQLite statements", "sqlalchemy/engine/base.py", "_execute_context"),
    ("all Redis pipelines", "redis/client.py", "_execute_transaction"),
    ("all other Redis commands", "redis/client.py", "_execute_command"),
)


class _InThisThread:
    """A stand-in for the worker's thread pool that runs each call in the calling thread."""

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        return map(function, items)


def profile_worker(
    prepared: Prepared, stub: StubServer, count: int, redis_url: str, log_dir: Path, log_level: str
) -> None:
    """Run one SimpleWorker in this process under cProfile over ``count`` messages of
    ``prepared`` (a salon on Twilio, or on the China provider ``stub`` stands in for); print."""
    import logging

    from rq import SimpleWorker

    from gateway import create_app

    ids = queue_batch(prepared, count)
    queue_name = f"bench-profile-{ids[0]}"
    enqueue(redis_url, queue_name, ids)
    log_path = log_dir / "profile.log"
    # The worker's log goes to a file, as a worker's stderr would; create_app keeps this handler.
    logging.basicConfig(
        filename=log_path,
        level=log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    logging.getLogger("rq.worker").addHandler(logging.FileHandler(log_path))
    china: dict[str, str] = {}
    if stub.kind in CHINA:
        china = {k.lower(): v for k, v in CHINA_KEYS[stub.kind].items()}
        china[f"{stub.kind}_sms_endpoint"] = stub.url
    app = create_app(
        {
            **china,
            "database_url": prepared.url,
            "redis_url": redis_url,
            "sms_provider": "twilio",
            "twilio_account_sid": ACCOUNT_SID,
            "twilio_auth_token": AUTH_TOKEN,
            "twilio_api_url": stub.url,
            "public_base_url": PUBLIC_BASE_URL,
            "queue_name": queue_name,
            "log_level": log_level,
            "send_threads": 8,
        }
    )
    sms_queue = app.extensions["sms_queue"]
    # cProfile sees only this thread: the provider calls of each wave run in it, one by one.
    from gateway.services.sending import batch

    batch._pools[8] = _InThisThread()  # type: ignore[assignment]
    # CPU time, not wall time: other processes on the machine do not inflate the figures.
    profiler = cProfile.Profile(time.process_time)
    with app.app_context():
        worker = SimpleWorker([sms_queue.queue], connection=sms_queue.connection)
        began, cpu = time.monotonic(), time.process_time()
        profiler.enable()
        worker.work(burst=True, logging_level=log_level)
        profiler.disable()
        seconds, cpu = time.monotonic() - began, time.process_time() - cpu
    app.extensions["db"].engine.dispose()
    logging.basicConfig(level=logging.WARNING, force=True)
    print()
    print(
        f"profile: one SimpleWorker in this process, {prepared.name}, {stub.kind} stub, "
        f"LOG_LEVEL={log_level}: {count} texts in {seconds:.2f}s = {count / seconds:.0f}/s, "
        f"{cpu / count * 1000:.1f} ms CPU per text (under cProfile, which slows every Python "
        "call: read the shares, not the absolute figures)"
    )
    if dump := os.environ.get("OUTBOUND_PROFILE_DUMP"):
        profiler.dump_stats(dump)
    stats = pstats.Stats(profiler)
    print(f"{'where (CPU, cumulative)':<44} {'ms/text':>7} {'share':>6}")
    for label, path, name in PROFILE_PARTS:
        cumulative = sum(
            row[3]
            for (file, _line, func), row in stats.stats.items()  # type: ignore[attr-defined]
            if func == name and path in file
        )
        print(f"{label:<44} {cumulative / count * 1000:>7.2f} {cumulative / cpu:>6.0%}")
    print(f"{'all CPU of the worker loop':<44} {cpu / count * 1000:>7.2f} {1:>6.0%}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print()
    print("top 15 functions by own CPU time:")
    for line in out.getvalue().splitlines():
        if line.strip() and not line.startswith(("   Ordered", "   List reduced")):
            print(f"  {line}")


# --------------------------------------------------------------------------- report


#: The table's columns, in the order of ``row``.
COLUMNS = (
    Column("what", 8, left=True),
    Column("stub", 8, left=True),
    Column("database", 10, left=True),
    Column("procs", 5),
    Column("msgs", 5),
    Column("seconds", 7, ".2f"),
    Column("msg/s", 6, ".0f"),
    Column("steady/s", 8, ".0f"),
    Column("start s", 7, ".2f"),
    Column("sender", 6),
    Column("stub", 5),
    Column("servers", 7),
    Column("machine", 7),
    Column("ms/msg", 6),
    Column("steady ms", 9, ".1f"),
    Column("srv ms", 6),
    Column("peak MiB", 8),
)


def row(r: Run) -> tuple[object, ...]:
    return (
        r.what,
        r.stub,
        r.database,
        r.processes,
        r.messages,
        r.seconds,
        r.per_second,
        r.steady_per_second,
        r.startup_seconds,
        r.share(r.sender_cpu),
        r.share(r.stub_stats.cpu_seconds),
        r.share(r.servers_cpu),
        r.share(r.machine_cpu),
        r.per_message_ms(r.sender_cpu),
        r.steady_cpu_ms,
        r.per_message_ms(r.servers_cpu),
        common.mib(r.peak_rss) if r.what == "worker" else None,
    )


def report(runs: Sequence[Run]) -> bool:
    print()
    common.print_table(COLUMNS, [row(r) for r in runs])
    print(
        "msg/s: messages / seconds from start (workers: from starting the processes, start-up "
        "included); steady/s: from the first to the last sent_at; start s: until the first was "
        f"sent. sender (the workers or loops), stub, servers (PostgreSQL and Redis), machine (all "
        "of it, other users' processes too): CPU in the phase, 100% = one core of "
        f"{common.usable_cpus()}. "
        "ms/msg: CPU milliseconds the senders spent per message (workers: start-up included); "
        "steady ms: the workers' CPU per message once the first was sent; srv ms: the same for "
        "PostgreSQL and Redis (figures that other load on the machine does not inflate much). "
        "peak MiB: the peak resident memory of the largest worker process."
    )
    sound = True
    for r in runs:
        for problem in r.problems:
            sound = False
            print(f"PROBLEM {r.what} {r.stub} {r.database} ×{r.processes}: {problem}")
    print()
    for stub in dict.fromkeys(r.stub for r in runs):
        by = {(r.what, r.database, r.processes): r for r in runs if r.stub == stub}
        for processes in sorted({r.processes for r in runs}):
            http = by.get(("http", "-", processes))
            provider = by.get(("provider", "-", processes)) or by.get(("sdk", "-", processes))
            if http and provider:
                print(
                    f"{stub} stub, {processes} proc: provider/http "
                    f"{provider.per_second:.0f} / {http.per_second:.0f} = "
                    f"{provider.per_second / http.per_second:.0%}"
                )
            for (what, database, procs), r in by.items():
                if what != "worker" or procs != processes:
                    continue
                base = provider or http
                if base:
                    rate = r.steady_per_second or r.per_second
                    cpu = ""
                    if r.steady_cpu_ms and base.sender_cpu:
                        base_ms = base.sender_cpu / base.messages * 1000
                        cpu = (
                            f"; CPU per text {r.steady_cpu_ms:.1f} / {base_ms:.1f} ms = "
                            f"{r.steady_cpu_ms / base_ms:.1f}×"
                        )
                    print(
                        f"{stub} stub, {processes} proc: worker ({database}, steady)/"
                        f"{base.what} {rate:.0f} / {base.per_second:.0f} = "
                        f"{rate / base.per_second:.0%}{cpu}"
                    )
    goals = [
        r
        for r in runs
        if r.what == "worker"
        and not r.problems
        and r.database == "postgresql"
        and r.processes == GOAL_WORKERS
    ]
    if goals:
        print()
    for r in goals:
        loops = [
            b
            for b in runs
            if b.stub == r.stub and b.what in ("provider", "sdk") and b.processes == r.processes
        ]
        if not loops:
            continue
        loop = loops[0]
        rate = r.steady_per_second or r.per_second
        share = rate / loop.per_second
        met = rate >= GOAL_PER_SECOND and share >= GOAL_SHARE
        print(
            f"goal ≥ {GOAL_PER_SECOND} texts/s and ≥ {GOAL_SHARE:.0%} of the {loop.what} loop, "
            f"{r.stub} stub, {GOAL_WORKERS} workers, postgresql: {rate:.0f}/s steady "
            f"({r.per_second:.0f}/s from start, worker start-up included), {share:.0%} of "
            f"{loop.per_second:.0f}/s, {common.on_cpus(GOAL_CORES)} — "
            f"{'met' if met else 'NOT met'}"
        )
    return sound


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Messages/s the workers send through the Twilio provider to a local stub.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--messages", type=int, default=2000, help="messages per run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument(
        "--databases", nargs="+", choices=["postgresql", "sqlite"], default=["postgresql", "sqlite"]
    )
    parser.add_argument(
        "--stubs",
        nargs="+",
        choices=["threaded", "fast"],
        default=["fast", "threaded"],
        help="stubs to measure against; the workers run against the first",
    )
    parser.add_argument(
        "--threaded-messages",
        type=int,
        default=200,
        help="messages per yardstick run against the (slow) threaded stub",
    )
    parser.add_argument(
        "--appointments", type=int, default=500, help="appointments the messages are about"
    )
    parser.add_argument(
        "--salons", type=int, default=10, help="salons the appointments are spread over"
    )
    parser.add_argument(
        "--china",
        nargs="*",
        choices=list(CHINA),
        default=list(CHINA),
        help="then the same through these providers' SDKs, against the test suite's stubs",
    )
    parser.add_argument(
        "--china-messages", type=int, default=500, help="messages per run through a China provider"
    )
    parser.add_argument("--log-level", default="INFO", help="LOG_LEVEL of the workers")
    parser.add_argument(
        "--profile", action="store_true", help="then profile one worker in-process (cProfile)"
    )
    parser.add_argument(
        "--profile-messages", type=int, default=300, help="messages for the profiled worker"
    )
    parser.add_argument(
        "--profile-provider",
        choices=["twilio", *CHINA],
        default="twilio",
        help="the provider whose worker --profile profiles (a China one needs it in --china)",
    )
    args = parser.parse_args(argv)
    if args.messages < 2 or min(args.appointments, args.salons, *args.workers) < 1:
        parser.error("--messages must be at least 2; --appointments, --salons, --workers positive")
    if args.appointments < args.salons:
        parser.error("--appointments must be at least --salons")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return common.run(run_bench, parse_args(argv))


def run_bench(args: argparse.Namespace) -> bool:
    runs: list[Run] = []
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gateway-bench-")))
        redis = stack.enter_context(RedisServer())
        prepared: list[Prepared] = []
        for name in args.databases:
            began = time.monotonic()
            pid = None
            if name == "postgresql":
                pg = stack.enter_context(PostgresServer())
                url, pid = pg.url, pg.pid
            else:
                url = f"sqlite:///{tmp / 'outbound.sqlite3'}"
            claims = args.messages * len(args.workers)
            claims += args.profile_messages if args.profile else 0
            prepared.append(
                prepare_database(
                    name,
                    url,
                    salons=args.salons,
                    appointments=args.appointments,
                    claims_per_salon=-(-claims // args.salons),
                    server_pid=pid,
                )
            )
            print(
                f"setup: {name} migrated, {args.salons} salons, "
                f"{args.appointments} appointments booked "
                f"({time.monotonic() - began:.1f}s)",
                flush=True,
            )
        sample = queue_batch(prepared[0], args.messages)
        forms = forms_for(prepared[0], sample)
        for kind in args.stubs:
            stub = stack.enter_context(stub_server(kind))
            # The threaded stub answers a connection about 20 times a second (see the
            # docstring), so it gets fewer messages, to keep the run short.
            some = forms if kind == "fast" else forms[: args.threaded_messages]
            for processes in sorted(set(args.workers)):
                for what in ("http", "provider"):
                    runs.append(run_yardstick(what, stub, some, processes))
                    print(
                        f"  {what:<8} {kind} stub ×{processes}: {runs[-1].per_second:.0f} msg/s",
                        flush=True,
                    )
            if kind != args.stubs[0]:
                continue
            for database in prepared:
                for workers in args.workers:
                    runs.append(
                        run_workers(
                            database,
                            stub,
                            workers,
                            args.messages,
                            redis.url,
                            redis.pid,
                            tmp,
                            args.log_level,
                        )
                    )
                    r = runs[-1]
                    print(
                        f"  worker   {kind} stub, {database.name}, ×{workers}: "
                        f"{r.per_second:.0f} msg/s from start, "
                        f"{r.steady_per_second or 0:.0f} msg/s steady"
                        + (f" — {'; '.join(r.problems)}" if r.problems else ""),
                        flush=True,
                    )
            if args.profile and args.profile_provider == "twilio":
                profile_worker(
                    prepared[0], stub, args.profile_messages, redis.url, tmp, args.log_level
                )
        base = next((p for p in prepared if p.name == "postgresql"), prepared[0])
        for kind in args.china:
            began = time.monotonic()
            china = prepare_china(
                base,
                kind,
                appointments=args.appointments,
                claims=args.china_messages * (len(args.workers) + 1)
                + (args.profile_messages if args.profile else 0),
            )
            stub = stack.enter_context(stub_server(kind))
            print(
                f"setup: a salon on {kind} in {base.name}, {args.appointments} appointments "
                f"({time.monotonic() - began:.1f}s)",
                flush=True,
            )
            orders = orders_for(china, queue_batch(china, args.china_messages))
            for processes in sorted(set(args.workers)):
                runs.append(run_yardstick("sdk", stub, orders, processes))
                print(f"  sdk      {kind} stub ×{processes}: {runs[-1].per_second:.0f} msg/s")
            for workers in args.workers:
                runs.append(
                    run_workers(
                        china,
                        stub,
                        workers,
                        args.china_messages,
                        redis.url,
                        redis.pid,
                        tmp,
                        args.log_level,
                    )
                )
                r = runs[-1]
                print(
                    f"  worker   {kind} stub, {base.name}, ×{workers}: "
                    f"{r.per_second:.0f} msg/s from start, "
                    f"{r.steady_per_second or 0:.0f} msg/s steady"
                    + (f" — {'; '.join(r.problems)}" if r.problems else ""),
                    flush=True,
                )
            if args.profile and args.profile_provider == kind:
                profile_worker(china, stub, args.profile_messages, redis.url, tmp, args.log_level)
        return report(runs)


if __name__ == "__main__":
    sys.exit(main())
