"""Customers' replies end to end: how many a second the service takes *and acts on*.

What it measures: signed Twilio webhooks (the load of ``bench/webhook.py``) reach the real app
(``wsgi:app``) under gunicorn while ``python worker.py`` processes run, as production runs them,
on PostgreSQL and a real Redis. A reply counts as acted on when its answer is committed: the
worker has read it, moved the appointment, written the event for the salon's CRM and queued our
answer in one transaction. Figures:

* **acted on/s**: replies acted on per second, from the first request to the last answer;
* **webhook/s**: replies the webhook took per second while the load ran (the offered rate);
* **p50/p99 ms**: from the moment the webhook took a reply (its ``created_at``) to the moment
  its answer was seen committed; the bench looks every ``--poll`` seconds (default 50 ms), so
  the figures carry up to that much more;
* the CPU each part used per reply (web, workers, PostgreSQL with Redis), and the peak memory of
  one web and one worker process.

By default (``--sends drop``) the bench takes the answers' send jobs and the CRM deliveries out
of Redis as they come (every ``--poll``), and the workers listen on the replies (and pushes)
queues alone (``bench/reply_worker.py``), so the workers' figures are acting on replies alone;
sending is ``bench/outbound.py``'s stage, and its cost would otherwise hide this one's. (Until
2026-12-06 they listened on every queue, and a job a worker took before the bench dropped it
ran: the summary says how many answers and CRM events the workers sent.) ``--sends keep``
leaves them to the workers, as production does; ``--sends events`` drops the answers' send jobs
alone, so the workers' figures are acting on replies and delivering their CRM events.

Checks, after every reply is acted on: each reply answered 200 is stored once and processed
once; each customer got exactly one answer per reply; each appointment's status changes follow
one another (each starts where the last ended) in the order the customer wrote. Exit 1 when one
fails, 2 when setup failed.

How: ``tests.servers`` starts PostgreSQL and Redis; ``flask db upgrade`` and ``salon create``
(with a webhook URL to a receiver in this process, so events are written and delivered as in
production) set up; the CRM API books one appointment per customer. The confirmation requests
those bookings queued are dropped from the queue, so the workers' work is the replies alone
(and, as in production, sending the answers and delivering the events after them). No cron runs.

Run from the repository root (``make bench`` runs it with its defaults)::

    .venv/bin/python bench/replies_e2e.py
    .venv/bin/python bench/replies_e2e.py --requests 20000 --customers 1000 --workers 2 3
    .venv/bin/python bench/replies_e2e.py --profile 2000   # then cProfile one worker's batch
    .venv/bin/python bench/replies_e2e.py --profile-small 300  # drain jobs of 6, RQ included
    .venv/bin/python bench/replies_e2e.py --profile-live   # the live run's workers profiled
    .venv/bin/python bench/replies_e2e.py --help
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, small_batches, webhook  # noqa: E402
from bench.common import HOST, BenchError, Column  # noqa: E402
from tests.servers import PostgresServer, RedisServer  # noqa: E402

#: The goal this bench reports against (issue 12, target 2).
GOAL_ACTED_ON_PER_SECOND = 500
GOAL_CORES = 2
GOAL_PEAK_MIB = 150
#: How far behind the newest answer seen the watcher looks for answers committed late (message
#: ids: replies stored and answers written meanwhile by the other workers' transactions).
WINDOW = 2000
#: The bench salon's daily cap of texts: above what any run sends, so no answer is held.
DAILY_CAP = 1_000_000


class _Crm(BaseHTTPRequestHandler):
    """The salons' CRM: takes every event and says so."""

    def do_POST(self) -> None:  # noqa: N802  (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def crm_receiver() -> Iterator[str]:
    server = ThreadingHTTPServer((HOST, 0), _Crm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/events"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- watching answers


@dataclass(slots=True)
class Watcher:
    """Polls the database for answers (outbound rows newer than ``after_id``) and notes the
    moment each was first seen."""

    database_url: str
    after_id: int
    poll: float
    seen: dict[int, float] = field(default_factory=dict)
    queries: int = 0
    #: Redis and the queues whose jobs are dropped as they come (``--sends drop``).
    redis_url: str | None = None
    drop: tuple[str, ...] = ()
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        from sqlalchemy import text

        query = text(
            "SELECT id FROM messages WHERE id > :after AND direction = 'outbound' ORDER BY id"
        )
        newest = self.after_id
        with common.database(self.database_url) as db, db.engine.connect() as connection:
            while not self._stop.is_set():
                # Ids are handed out before commit, so an answer may commit after one with a
                # larger id: look again over the last WINDOW ids, not only past the newest.
                after = max(self.after_id, newest - WINDOW)
                ids = connection.execute(query, {"after": after}).scalars().all()
                connection.rollback()
                self.queries += 1
                now = time.time()
                for answer_id in ids:
                    self.seen.setdefault(answer_id, now)
                newest = max(ids, default=newest)
                if self.drop:
                    self._drop_jobs()
                self._stop.wait(self.poll)

    def _drop_jobs(self) -> None:
        from redis import Redis

        Redis.from_url(self.redis_url or "").delete(*(f"rq:queue:{name}" for name in self.drop))


# --------------------------------------------------------------------------- one run


@dataclass(slots=True)
class Outcome:
    workers: int
    web_workers: int
    sent: int
    answered_200: int
    load_seconds: float
    #: Seconds from the first request to the last answer seen.
    total_seconds: float
    stored: int
    processed: int
    #: Replies stored but not yet acted on when the load ended.
    backlog_at_end_of_load: int
    latencies: list[float]
    web_cpu: float | None
    worker_cpu: float | None
    server_cpu: float | None
    machine_cpu: float | None
    web_peak: int | None
    worker_peak: int | None
    problems: list[str]
    load_before: tuple[float, float, float]
    #: Worker transactions that acted on the replies: when the workers keep up, a batch holds
    #: the few replies that came meanwhile, and what a batch costs whatever its size weighs.
    batches: int = 0
    #: ``handle_replies`` jobs the workers finished (RQ's registry of finished jobs).
    drain_jobs: int = 0
    #: Answers the workers sent and CRM events they delivered: jobs taken before the bench
    #: dropped them (``--sends drop``), whose CPU counts in the workers'.
    texts_sent: int = 0
    #: Answers held until the salon's next day (its daily cap): none, with the bench's cap.
    texts_held: int = 0
    events_delivered: int = 0

    @property
    def acted_per_second(self) -> float:
        return self.processed / self.total_seconds if self.total_seconds > 0 else 0.0

    @property
    def webhook_per_second(self) -> float:
        return self.answered_200 / self.load_seconds if self.load_seconds > 0 else 0.0

    def percentile_ms(self, pct: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[pct - 1] * 1000

    def ms_per_reply(self, cpu: float | None) -> str:
        if cpu is None or not self.processed:
            return "?"
        return f"{cpu / self.processed * 1000:.2f}"


def _counts(database_url: str) -> tuple[int, int, int]:
    """(inbound stored, inbound processed, the newest message id)."""
    from sqlalchemy import text

    with common.database(database_url) as db, db.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT count(*) FILTER (WHERE direction = 'inbound'), "
                "count(*) FILTER (WHERE direction = 'inbound' AND processed_at IS NOT NULL), "
                "coalesce(max(id), 0) FROM messages"
            )
        ).one()
    return int(row[0]), int(row[1]), int(row[2])


def batches_of(database_url: str, after_id: int) -> int:
    """How many worker transactions acted on the replies after ``after_id``: a batch marks its
    replies acted on at one instant (``processed_at``)."""
    from sqlalchemy import text

    with common.database(database_url) as db, db.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT count(DISTINCT processed_at) FROM messages "
                    "WHERE direction = 'inbound' AND id > :after"
                ),
                {"after": after_id},
            ).scalar_one()
        )


def check(
    database_url: str, after_id: int, seen: dict[int, float]
) -> tuple[list[float], list[str]]:
    """Latencies (seconds, reply taken → answer seen), and what is wrong, if anything."""
    from sqlalchemy import text

    problems: list[str] = []
    with common.database(database_url) as db, db.engine.connect() as connection:
        replies: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
        for message_id, customer_id, created_at, processed_at in connection.execute(
            text(
                "SELECT id, customer_id, created_at, processed_at FROM messages "
                "WHERE direction = 'inbound' AND id > :after"
            ),
            {"after": after_id},
        ):
            if processed_at is None:
                problems.append(f"reply {message_id} was never acted on")
            replies[customer_id].append((created_at, message_id))
        answers: dict[int, list[int]] = defaultdict(list)
        for answer_id, customer_id in connection.execute(
            text(
                "SELECT id, customer_id FROM messages "
                "WHERE direction = 'outbound' AND id > :after ORDER BY id"
            ),
            {"after": after_id},
        ):
            answers[customer_id].append(answer_id)
        changes = connection.execute(
            text(
                "SELECT c.appointment_id, c.from_status, c.to_status, m.created_at, m.id "
                "FROM status_changes c JOIN messages m ON m.id = c.message_id "
                "WHERE m.id > :after ORDER BY c.appointment_id, c.id"
            ),
            {"after": after_id},
        ).all()
    latencies: list[float] = []
    doubled = missing = 0
    for customer_id, theirs in replies.items():
        theirs.sort()
        given = answers.get(customer_id, [])
        doubled += max(0, len(given) - len(theirs))
        missing += max(0, len(theirs) - len(given))
        for (created_at, _), answer_id in zip(theirs, given, strict=False):
            if answer_id in seen:
                latencies.append(seen[answer_id] - created_at.timestamp())
    if doubled:
        problems.append(f"{doubled} answers more than replies (something acted on twice)")
    if missing:
        problems.append(f"{missing} replies without an answer")
    out_of_order = broken_chain = 0
    for earlier, later in zip(changes, changes[1:], strict=False):
        if earlier[0] != later[0]:
            continue
        if (later[3], later[4]) < (earlier[3], earlier[4]):
            out_of_order += 1
        if later[1] != earlier[2]:
            broken_chain += 1
    if out_of_order:
        problems.append(f"{out_of_order} status changes applied out of the customer's order")
    if broken_chain:
        problems.append(f"{broken_chain} status changes that do not start where the last ended")
    return latencies, problems


def run_once(
    args: argparse.Namespace, setup: webhook.Setup, workers: int, pg_pid: int, redis_pid: int
) -> Outcome:
    from redis import Redis
    from rq import Worker

    stored_before, _, after_id = _counts(setup.database_url)
    drains_before = _drain_jobs(setup.redis_url)
    log_path = setup.directory / f"workers-{workers}.log"
    connection = Redis.from_url(setup.redis_url)
    # --sends drop: workers that take replies alone (bench/reply_worker.py); events: replies
    # and CRM deliveries.
    env = {**setup.env, "BENCH_REPLIES_ONLY": args.sends} if args.sends != "keep" else setup.env
    script = "bench/reply_worker.py" if args.sends != "keep" else "worker.py"
    if args.profile_live:
        profiles = setup.directory / f"profiles-{workers}"
        profiles.mkdir(exist_ok=True)
        env = {**env, "BENCH_PROFILE_DIR": str(profiles)}
        script = "bench/profiled_worker.py"
    processes = common.start_workers(workers, env, log_path, script)
    watcher = Watcher(setup.database_url, after_id, args.poll)
    if args.sends != "keep":
        dropped = ("sms", "sms-webhooks") if args.sends == "drop" else ("sms",)
        watcher.redis_url, watcher.drop = setup.redis_url, dropped
    try:
        deadline = time.monotonic() + 60
        while Worker.count(connection=connection) < workers:
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                raise BenchError(f"the workers did not start; see {log_path}")
            time.sleep(0.1)
        settings = webhook.ServerSettings(args.web_workers, "sync", 1)
        web_log = setup.directory / f"gunicorn-{workers}.log"
        with webhook.gunicorn("app", settings, setup.env, web_log) as (port, web):
            plan = webhook.LoadPlan(
                port=port,
                sender=setup.sender,
                phones=setup.phones,
                connections=args.connections or 2 * args.web_workers,
                warmup_requests=0,
                requests=args.requests,
                timeout=10.0,
            )
            worker_pids = [p.pid for p in processes]
            servers = [pg_pid, redis_pid]
            load_before = os.getloadavg()
            before = (
                common.tree_cpu([web.pid]),
                common.tree_cpu(worker_pids),
                common.tree_cpu(servers),
                common.machine_busy_cpu(),
            )
            watcher.start()
            began = time.time()
            clients, load_seconds, _, _ = webhook.run_load(
                plan, args.clients, 0.0, args.duration, web.pid
            )
            load_ended = time.time()
            stored, processed, _ = _counts(setup.database_url)
            backlog = stored - processed
            wait_until = time.monotonic() + args.drain_timeout
            while processed < stored and time.monotonic() < wait_until:
                time.sleep(0.1)
                stored, processed, _ = _counts(setup.database_url)
            time.sleep(3 * args.poll)
            after = (
                common.tree_cpu([web.pid]),
                common.tree_cpu(worker_pids),
                common.tree_cpu(servers),
                common.machine_busy_cpu(),
            )
            web_peak = common.peak_rss([web.pid])
            worker_peak = common.peak_rss(worker_pids)
        watcher.stop()
        latencies, problems = check(setup.database_url, after_id, watcher.seen)
        batches = batches_of(setup.database_url, after_id)
        drain_jobs = _drain_jobs(setup.redis_url) - drains_before
        texts_sent, texts_held, events_delivered = other_work(setup.database_url, after_id, began)
    finally:
        watcher.stop()
        common.stop_processes(processes)
    conns = [c for client in clients for c in client.connections]
    sent = sum(len(c.latencies) for c in conns)
    answered = sum(c.statuses[200] for c in conns)
    stored -= stored_before
    processed_now = processed - (stored_before)
    if answered != stored:
        problems.append(f"{stored} replies stored for {answered} answered 200")
    if sent != answered:
        problems.append(f"{sent - answered} requests not answered 200")
    last_answer = max(watcher.seen.values(), default=load_ended)
    cpu = [common.cpu_between(a, b) for a, b in zip(before, after, strict=True)]
    return Outcome(
        workers=workers,
        web_workers=args.web_workers,
        sent=sent,
        answered_200=answered,
        load_seconds=load_seconds or (load_ended - began),
        total_seconds=last_answer - began,
        stored=stored,
        processed=processed_now,
        backlog_at_end_of_load=backlog,
        latencies=latencies,
        web_cpu=cpu[0],
        worker_cpu=cpu[1],
        server_cpu=cpu[2],
        machine_cpu=cpu[3],
        web_peak=web_peak,
        worker_peak=worker_peak,
        problems=problems,
        load_before=load_before,
        batches=batches,
        drain_jobs=drain_jobs,
        texts_sent=texts_sent,
        texts_held=texts_held,
        events_delivered=events_delivered,
    )


def other_work(database_url: str, after_id: int, since: float) -> tuple[int, int, int]:
    """(answers sent, answers held for the salon's next day, CRM events delivered) by the
    workers since the run began."""
    from sqlalchemy import text

    with common.database(database_url) as db, db.engine.connect() as connection:
        sent = connection.execute(
            text(
                "SELECT count(*) FROM messages "
                "WHERE direction = 'outbound' AND id > :after AND sent_at IS NOT NULL"
            ),
            {"after": after_id},
        ).scalar_one()
        held = connection.execute(
            text(
                "SELECT count(*) FROM messages "
                "WHERE direction = 'outbound' AND id > :after AND status = 'held'"
            ),
            {"after": after_id},
        ).scalar_one()
        delivered = connection.execute(
            text("SELECT count(*) FROM webhook_deliveries WHERE attempts > 0 AND created_at >= :t"),
            {"t": datetime.fromtimestamp(since, UTC)},
        ).scalar_one()
    return int(sent), int(held), int(delivered)


def _drain_jobs(redis_url: str) -> int:
    """``handle_replies`` jobs finished so far (kept in RQ's registry for 500 s)."""
    from redis import Redis
    from rq.registry import FinishedJobRegistry

    connection = Redis.from_url(redis_url)
    return FinishedJobRegistry("sms-replies", connection=connection).count


# --------------------------------------------------------------------------- profile

#: Where a reply's time goes in a worker: (label, file fragment, function name).
PROFILE_PARTS = (
    ("taking a batch (handle_replies)", "gateway/jobs.py", "handle_replies"),
    (
        "  process_replies (the batch's reads, acting)",
        "gateway/services/replies/processing.py",
        "process_replies",
    ),
    ("    acting on one reply (_act_on)", "gateway/services/replies/processing.py", "_act_on"),
    ("      reading it once (read_reply)", "gateway/domain/reply_reading.py", "read_reply"),
    ("      deciding (decide)", "gateway/domain/decide.py", "decide"),
    (
        "      writing it set-wise (write_decision)",
        "gateway/services/replies/batch_writes.py",
        "write_decision",
    ),
    ("        an answer's row (text_row)", "gateway/services/sending/outbox.py", "text_row"),
    ("        a CRM event's row (event_row)", "gateway/services/crm/events.py", "event_row"),
    (
        "      the rest through the ORM (apply_decision)",
        "gateway/services/replies/decisions.py",
        "apply_decision",
    ),
    (
        "      drop waiting texts (cancel_queued)",
        "gateway/services/sending/outbox.py",
        "cancel_queued",
    ),
    ("      move the appointment", "gateway/services/appointments/changes.py", "move_appointment"),
    ("      write the CRM event (emit)", "gateway/services/crm/events.py", "emit"),
    ("      queue the answer (queue_text)", "gateway/services/sending/outbox.py", "queue_text"),
    (
        "    the batch's replies, customers locked, salons (lock_customers)",
        "gateway/services/replies/batch_reads.py",
        "lock_customers",
    ),
    (
        "    the customers' waiting replies (waiting_replies)",
        "gateway/services/replies/batch_reads.py",
        "waiting_replies",
    ),
    ("    what deciding reads (Known.load)", "gateway/services/replies/batch_reads.py", "load"),
    (
        "    the batch's writes (BatchWrites.execute)",
        "gateway/services/replies/batch_writes.py",
        "execute",
    ),
    ("  commit, then the hand-off to Redis", "gateway/services/handoff.py", "route"),
    ("all ORM flushes", "sqlalchemy/orm/session.py", "_flush"),
    ("all SQL statements", "sqlalchemy/engine/base.py", "_execute_context"),
    ("all Redis round trips", "redis/client.py", "execute"),
)


def profile_worker(setup: webhook.Setup, count: int) -> None:
    """Store ``count`` replies through the webhook (Flask's test client) and let one
    ``handle_replies`` job act on them in this process, timed, not profiled (a backlog: full
    batches); then as many again, acted on under cProfile."""
    import cProfile
    from unittest import mock

    import gateway.jobs
    from gateway import create_app

    with mock.patch.dict(os.environ, {**setup.env, "LOG_LEVEL": "WARNING"}):
        app = create_app()
    _store_replies(app, setup, count)
    with (
        app.app_context(),
        mock.patch.object(gateway.jobs, "REPLY_DRAIN_SECONDS", float("inf")),
    ):
        cpu, wall = time.process_time(), time.perf_counter()
        outcome = gateway.jobs.handle_replies()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print()
    print(
        f"drain: one handle_replies job in this process (PostgreSQL), not profiled: {outcome}; "
        f"{cpu / count * 1000:.2f} ms CPU a reply in batches of up to {gateway.jobs.REPLY_BATCH}, "
        f"{count / wall:.0f} replies a second for one worker"
    )
    _store_replies(app, setup, count)
    profiler = cProfile.Profile(time.process_time)
    with (
        app.app_context(),
        mock.patch.object(gateway.jobs, "REPLY_DRAIN_SECONDS", float("inf")),
    ):
        cpu = time.process_time()
        profiler.enable()
        outcome = gateway.jobs.handle_replies()
        profiler.disable()
        cpu = time.process_time() - cpu
    app.extensions["db"].engine.dispose()
    print(
        f"profile: one handle_replies job in this process (PostgreSQL): {outcome}; "
        f"{cpu / count * 1000:.2f} ms CPU a reply under cProfile, which slows every Python "
        "call: read the shares."
    )
    webhook.print_profile(profiler, PROFILE_PARTS, count, cpu)


#: Where a live worker's CPU goes, a batch at a time (``--profile-live``): RQ's job around the
#: batches, Redis, the reads, the writes, the commit.
LIVE_PROFILE_PARTS = (
    (
        "RQ: waiting for a job (dequeue_job_and_maintain_ttl)",
        "rq/worker/base.py",
        "dequeue_job_and_maintain_ttl",
    ),
    ("RQ: a job, all of it (execute_job)", "rq/worker/worker_classes.py", "execute_job"),
    (
        "  RQ: marking it started (prepare_job_execution)",
        "rq/worker/base.py",
        "prepare_job_execution",
    ),
    ("  RQ: marking it done (handle_job_success)", "rq/worker/base.py", "handle_job_success"),
    ("  the job's function (handle_replies)", "gateway/jobs.py", "handle_replies"),
    ("    taking ids from Redis (take_replies)", "gateway/queueing.py", "take_replies"),
    ("    waking a drain (wake_reply_drain)", "gateway/queueing.py", "wake_reply_drain"),
    (
        "    a batch's transaction (_act_in_one_transaction)",
        "gateway/jobs.py",
        "_act_in_one_transaction",
    ),
    ("      process_replies", "gateway/services/replies/processing.py", "process_replies"),
    (
        "        acting on the replies (_act_on)",
        "gateway/services/replies/processing.py",
        "_act_on",
    ),
    (
        "        the batch's replies, customers locked, salons (lock_customers)",
        "gateway/services/replies/batch_reads.py",
        "lock_customers",
    ),
    (
        "        the customers' waiting replies (waiting_replies)",
        "gateway/services/replies/batch_reads.py",
        "waiting_replies",
    ),
    ("        what deciding reads (Known.load)", "gateway/services/replies/batch_reads.py", "load"),
    (
        "        the writes (BatchWrites.execute)",
        "gateway/services/replies/batch_writes.py",
        "execute",
    ),
    ("      commit (Session.commit)", "sqlalchemy/orm/session.py", "commit"),
    ("      the hand-off to Redis (route)", "gateway/services/handoff.py", "route"),
    ("      a pooled connection's ping (do_ping)", "sqlalchemy/engine/default.py", "do_ping"),
    ("RQ: between jobs (check_for_suspension)", "rq/worker/base.py", "check_for_suspension"),
    ("RQ: maintenance (run_maintenance_tasks)", "rq/worker/base.py", "run_maintenance_tasks"),
    ("all SQL statements", "sqlalchemy/engine/base.py", "_execute_context"),
    ("all Redis commands", "redis/client.py", "execute_command"),
    ("all Redis pipelines", "redis/client.py", "execute"),
)


def print_live_profile(directory: Path, outcome: Outcome) -> None:
    """The workers' profiles of a ``--profile-live`` run, merged: CPU a batch of the live run
    (the profiler's own cost included, so read the shares)."""
    import pstats

    files = sorted(str(path) for path in directory.glob("worker-*.prof"))
    if not files:
        print(f"profile-live: no profiles in {directory}")
        return
    stats = pstats.Stats(*files)
    cpu: float = stats.total_tt  # type: ignore[attr-defined]
    batches = max(outcome.batches, 1)
    print()
    print(
        f"profile-live: {len(files)} workers under cProfile, {outcome.processed} replies in "
        f"{outcome.batches} batches ({outcome.processed / batches:.1f} each); "
        f"{cpu / batches * 1000:.2f} ms CPU a batch, {cpu / max(outcome.processed, 1) * 1000:.2f} "
        "ms a reply, profiler included. 'each' below: a batch."
    )
    webhook.print_profile(stats, LIVE_PROFILE_PARTS, batches, cpu)


def _store_replies(app: Any, setup: webhook.Setup, count: int, first: int = 0) -> None:
    """``count`` of the bench's replies, signed, through the webhook (Flask's test client),
    from the customers after the ``first`` (in turn)."""
    from twilio.request_validator import RequestValidator

    client = app.test_client()
    validator = RequestValidator(webhook.AUTH_TOKEN)
    url = f"http://localhost{webhook.PATH}"
    for i in range(first, first + count):
        form = {
            "MessageSid": "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "b" * 32,
            "From": setup.phones[i % len(setup.phones)],
            "To": setup.sender,
            "Body": webhook.REPLIES[i % len(webhook.REPLIES)],
            "NumMedia": "0",
        }
        signature = validator.compute_signature(url, form)
        response = client.post(webhook.PATH, data=form, headers={"X-Twilio-Signature": signature})
        if response.status_code != 200:
            raise BenchError(f"profile: the webhook answered {response.status_code}")


# --------------------------------------------------------------------------- setup and report


def set_up(
    directory: Path, database_url: str, redis_url: str, crm_url: str, args: argparse.Namespace
) -> webhook.Setup:
    from redis import Redis

    env = common.app_env(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SMS_PROVIDER="console",
        TWILIO_AUTH_TOKEN=webhook.AUTH_TOKEN,
        ALLOW_PRIVATE_WEBHOOKS="1",
        LOG_LEVEL=args.log_level,
    )
    webhook.flask(env, "db", "upgrade")
    out = webhook.flask(env, "salon", "create", "--name", "Bench", "--sender", args.sender)
    salon = json.loads(out.strip().splitlines()[-1])
    # The salon's daily cap (2,000 texts by default) would hold every answer after the 2,000th
    # until tomorrow: with ``--sends keep`` every run "sent 2000 answers", the rest held.
    webhook.flask(
        env,
        "salon",
        "update",
        str(salon["id"]),
        "--webhook-url",
        crm_url,
        "--daily-cap",
        str(DAILY_CAP),
    )
    webhook.book_appointments(env, salon["api_key"], args.customers)
    # The confirmation requests of the bookings are not this bench's work.
    Redis.from_url(redis_url).delete("rq:queue:sms")
    if getattr(args, "requests_were", "sent") == "sent":
        _mark_requests_sent(database_url)
    phones = tuple(f"+86{webhook.local_phone(i)}" for i in range(args.customers))
    return webhook.Setup(directory, database_url, redis_url, env, salon["sender_number"], phones)


def _mark_requests_sent(database_url: str) -> None:
    """The confirmation requests went, as they have when customers answer them (left queued,
    every reply would also drop a request still waiting: this bench's setup until 2026-12-06)."""
    from sqlalchemy import text

    with common.database(database_url) as db, db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE messages SET status = 'sent', provider = 'console', "
                "provider_sid = 'BENCH' || id, sent_at = created_at "
                "WHERE direction = 'outbound' AND status = 'queued'"
            )
        )


COLUMNS = (
    Column("workers", 7),
    Column("web", 3),
    Column("replies", 7),
    Column("webhook/s", 9, ".0f"),
    Column("acted on/s", 10, ".0f"),
    Column("backlog", 7),
    Column("p50 ms", 7, ".0f"),
    Column("p99 ms", 7, ".0f"),
    Column("web ms", 6),
    Column("worker ms", 9),
    Column("db+redis ms", 11),
    Column("other", 5),
    Column("web MiB", 7),
    Column("worker MiB", 10),
)


def report(outcomes: Sequence[Outcome]) -> bool:
    print()
    rows = []
    for o in outcomes:
        other = None
        if o.machine_cpu is not None and None not in (o.web_cpu, o.worker_cpu, o.server_cpu):
            mine = (o.web_cpu or 0) + (o.worker_cpu or 0) + (o.server_cpu or 0)
            other = f"{max(0.0, o.machine_cpu - mine) / o.total_seconds:.0%}"
        rows.append(
            (
                o.workers,
                o.web_workers,
                o.processed,
                o.webhook_per_second,
                o.acted_per_second,
                o.backlog_at_end_of_load,
                o.percentile_ms(50),
                o.percentile_ms(99),
                o.ms_per_reply(o.web_cpu),
                o.ms_per_reply(o.worker_cpu),
                o.ms_per_reply(o.server_cpu),
                other,
                common.mib(o.web_peak),
                common.mib(o.worker_peak),
            )
        )
    common.print_table(COLUMNS, rows)
    print(
        "workers: python worker.py processes; web: gunicorn sync workers. webhook/s: replies the "
        "webhook took a second while the load ran; acted on/s: replies acted on a second, first "
        "request to last answer; backlog: replies stored but not acted on when the load ended.\n"
        "p50/p99: reply taken → its answer seen committed. web/worker/db+redis ms: CPU per reply "
        "of gunicorn, of the workers, of PostgreSQL and Redis; other: the rest of the machine "
        "(100% = one core), which includes the load generator and this bench's polling.\n"
        "MiB: peak resident memory of the largest one web process and one worker process."
    )
    sound = True
    for o in outcomes:
        print(
            f"{o.workers} workers: load average before {o.load_before[0]:.2f}; "
            f"{o.sent} sent, {o.answered_200} answered 200, {o.stored} stored, "
            f"{o.processed} acted on in {o.batches} worker batches "
            f"({o.processed / max(o.batches, 1):.1f} replies each) by {o.drain_jobs} drain "
            f"jobs; they also sent {o.texts_sent} answers"
            + (f" ({o.texts_held} held by the daily cap)" if o.texts_held else "")
            + f" and delivered {o.events_delivered} "
            "CRM events (jobs taken before the bench dropped them) — "
            f"{'; '.join(o.problems) or 'all checks hold'}"
        )
        sound = sound and not o.problems
    if outcomes:
        best = max(outcomes, key=lambda o: o.acted_per_second)
        print()
        print(
            f"goal ≥ {GOAL_ACTED_ON_PER_SECOND} replies acted on a second with PostgreSQL: best "
            f"{best.acted_per_second:.0f} {common.on_cpus(GOAL_CORES)} — "
            f"{'met' if best.acted_per_second >= GOAL_ACTED_ON_PER_SECOND else 'NOT met'}"
        )
        peak = max((max(o.web_peak or 0, o.worker_peak or 0) for o in outcomes), default=0)
        print(
            f"goal < {GOAL_PEAK_MIB} MiB per web or worker process: peak {common.mib(peak)} MiB — "
            f"{'met' if peak < GOAL_PEAK_MIB * 2**20 else 'NOT met'}"
        )
    return sound


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Replies taken and acted on per second, webhook to answer, on PostgreSQL.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="worker.py processes")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=0, help="0: 2 × web workers")
    parser.add_argument("--clients", type=int, default=1, help="load-generating processes")
    parser.add_argument("--requests", type=int, default=6000, help="replies sent per run")
    parser.add_argument("--duration", type=float, default=20.0, help="load seconds at most")
    parser.add_argument("--customers", type=int, default=500, help="customers with an appointment")
    parser.add_argument("--drain-timeout", type=float, default=120.0, help="seconds to wait")
    parser.add_argument("--poll", type=float, default=0.05, help="seconds between looks")
    parser.add_argument("--log-level", default="INFO", help="the app's LOG_LEVEL")
    parser.add_argument(
        "--sends",
        choices=["drop", "keep", "events"],
        default="drop",
        help="drop: the answers' send jobs and the CRM deliveries are taken out of Redis as they "
        "come and the workers take replies alone, so they measure acting on replies (sending is "
        "bench/outbound.py's); keep: "
        "the workers send and deliver them too, as in production; events: the answers' sends "
        "dropped, the CRM deliveries left to the workers",
    )
    parser.add_argument("--sender", default="+8610690000099", help="the salon's sender number")
    parser.add_argument(
        "--requests-were",
        choices=["sent", "queued"],
        default="sent",
        help="the bookings' confirmation requests: sent, as when customers answer them; "
        "queued: left waiting, as this bench set them up until 2026-12-06 (to compare with runs "
        "of earlier commits)",
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="then profile a worker on N replies"
    )
    parser.add_argument(
        "--profile-small",
        type=int,
        default=0,
        metavar="K",
        help="then time and profile K drain jobs of 6 replies each (the live run's small "
        "batches), RQ's machinery included",
    )
    parser.add_argument(
        "--profile-live",
        action="store_true",
        help="run the workers under cProfile and say where their CPU went a batch (the "
        "profiler slows them: read the shares, not the run's figures)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.customers <= 10000:
        parser.error("--customers must be 1 to 10000")
    return args


def run_bench(args: argparse.Namespace) -> bool:
    outcomes = []
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gateway-bench-e2e-")))
        pg = stack.enter_context(PostgresServer())
        redis = stack.enter_context(RedisServer())
        crm = stack.enter_context(crm_receiver())
        began = time.monotonic()
        setup = set_up(tmp, pg.url, redis.url, crm, args)
        print(
            f"setup: PostgreSQL and Redis, salon {setup.sender}, {len(setup.phones)} customers "
            f"booked ({time.monotonic() - began:.1f}s); answers' sends and CRM deliveries: "
            f"{args.sends}",
            flush=True,
        )
        for workers in args.workers:
            outcome = run_once(args, setup, workers, pg.pid or 0, redis.pid or 0)
            outcomes.append(outcome)
            print(
                f"  {workers} workers: {outcome.acted_per_second:.0f} replies acted on/s "
                f"({outcome.webhook_per_second:.0f}/s taken)",
                flush=True,
            )
        sound = report(outcomes)
        if args.profile_live:
            for outcome in outcomes:
                print_live_profile(tmp / f"profiles-{outcome.workers}", outcome)
        if args.profile:
            profile_worker(setup, args.profile)
        if args.profile_small:
            small_batches.profile_small_batches(setup, args.profile_small, 6, _store_replies)
    return sound


def main(argv: Sequence[str] | None = None) -> int:
    return common.run(run_bench, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
