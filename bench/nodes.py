"""Two (or more) complete sets of the service's processes against one PostgreSQL and one Redis:
nothing lost, nothing done twice.

Each node is what one machine of a deployment runs: gunicorn serving ``wsgi:app`` and
``python worker.py`` processes, with the same settings. Customers' replies (signed Twilio
webhooks, ``bench/webhook.py``'s load) go to every node at once, as a front spreading requests
would: one customer's replies reach both nodes, so two workers on two nodes race for one
customer. By default the workers also send the answers (``SMS_PROVIDER=console``, which logs
each text it sends) and deliver the CRM's events to a receiver in this process, as production
does.

Checks, when every reply is acted on and every queue is empty:

* every request answered 200 is stored once, and acted on once (``replies_e2e.check``): one
  answer per reply, status changes in the order each customer wrote, each starting where the
  last ended;
* every answer was handed to the provider exactly once (the console provider's log lines across
  all nodes' workers, against the answers stored) and is marked sent;
* every CRM event was delivered, each ``webhook-id`` exactly once.

Exit 1 when a check fails, 2 when setup failed. The figures printed (replies/s) are for the
record only: every process shares one machine here, so two nodes cannot be faster than one.

    .venv/bin/python bench/nodes.py                       # 2 nodes × (1 web + 1 worker)
    .venv/bin/python bench/nodes.py --nodes 3 --workers 2 --requests 6000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, replies_e2e, webhook  # noqa: E402
from bench.common import HOST, BenchError  # noqa: E402
from tests.servers import PostgresServer, RedisServer  # noqa: E402

#: The queues the workers take jobs from (gateway/queueing.py's names).
QUEUES = ("sms", "sms-pushes", "sms-replies", "sms-webhooks")
#: The console provider logs each text it sends under this logger.
SENT_LINE = " gateway.sms.console: SMS "


class _CountingCrm(BaseHTTPRequestHandler):
    """The salon's CRM: counts each event by its ``webhook-id`` and says it took it."""

    seen: Counter[str]
    lock: threading.Lock

    def do_POST(self) -> None:  # noqa: N802  (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.lock:
            self.seen[self.headers.get("webhook-id") or "?"] += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def counting_crm() -> Iterator[tuple[str, Counter[str]]]:
    seen: Counter[str] = Counter()
    handler = type("Crm", (_CountingCrm,), {"seen": seen, "lock": threading.Lock()})
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/events", seen
    finally:
        server.shutdown()
        server.server_close()


def _scalar(database_url: str, sql: str, **params: Any) -> int:
    from sqlalchemy import text

    with common.database(database_url) as db, db.engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar_one())


#: The bench's own statements (its polling and counting), left out of the service's costs.
_BENCH_SQL = (
    "SELECT count(*)",
    "SELECT id, customer_id",
    "SELECT c.appointment_id",
    "SELECT status",
)


def _reset_costs(setup: webhook.Setup) -> None:
    from redis import Redis
    from sqlalchemy import text

    with common.database(setup.database_url) as db, db.engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
        connection.execute(text("SELECT pg_stat_statements_reset()"))
        connection.execute(text("SELECT pg_stat_reset()"))
    Redis.from_url(setup.redis_url).config_resetstat()


@dataclass(slots=True)
class Costs:
    statements: int
    statement_ms: float
    commits: int
    rows_written: int
    redis_commands: Counter[str]
    top: list[tuple[int, str]]


def _costs(setup: webhook.Setup) -> Costs:
    """What the service asked of PostgreSQL and Redis since ``_reset_costs``."""
    from redis import Redis
    from sqlalchemy import text

    time.sleep(1.0)  # PostgreSQL publishes its counters at the end of each second at most
    with common.database(setup.database_url) as db, db.engine.connect() as connection:
        rows = [
            (int(calls), float(ms), query)
            for calls, ms, query in connection.execute(
                text(
                    "SELECT calls, total_exec_time, query FROM pg_stat_statements "
                    "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            )
            if not query.startswith(_BENCH_SQL) and "pg_stat" not in query
        ]
        commits, written = connection.execute(
            text(
                "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted "
                "FROM pg_stat_database WHERE datname = current_database()"
            )
        ).one()
    info = Redis.from_url(setup.redis_url).info("commandstats")
    commands: Counter[str] = Counter(
        {name.removeprefix("cmdstat_"): int(stat["calls"]) for name, stat in info.items()}
    )
    for ours in ("info", "config|resetstat", "config", "del", "llen", "zcard", "ping"):
        commands.pop(ours, None)  # the bench's own looks (and ``del``: its queue drops)
    top = sorted(((calls, " ".join(query.split())[:90]) for calls, _, query in rows), reverse=True)
    return Costs(
        statements=sum(calls for calls, _, _ in rows),
        statement_ms=sum(ms for _, ms, _ in rows),
        commits=int(commits),
        rows_written=int(written),
        redis_commands=commands,
        top=top[:12],
    )


def _print_costs(costs: Costs, replies: int) -> None:
    redis_total = sum(costs.redis_commands.values())
    print(
        f"per reply acted on (its answer sent, its CRM events delivered): "
        f"{costs.statements / replies:.1f} SQL statements ({costs.statement_ms / replies:.2f} ms "
        f"of PostgreSQL's execution), {costs.commits / replies:.1f} commits (all processes, "
        f"the bench's own looks included), {costs.rows_written / replies:.1f} rows written; "
        f"{redis_total / replies:.1f} Redis commands"
    )
    print(
        "  Redis: "
        + ", ".join(
            f"{name} {calls / replies:.1f}" for name, calls in costs.redis_commands.most_common(10)
        )
    )
    print("  busiest statements (calls per reply):")
    for calls, query in costs.top:
        print(f"    {calls / replies:5.2f}  {query}")


def _statuses(database_url: str, after_id: int) -> str:
    from sqlalchemy import text

    with common.database(database_url) as db, db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT status, count(*) FROM messages WHERE direction = 'outbound' "
                "AND id > :after GROUP BY status ORDER BY status"
            ),
            {"after": after_id},
        ).all()
    return ", ".join(f"{status} {count}" for status, count in rows)


def _queues_empty(redis_url: str) -> bool:
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(redis_url)
    for name in QUEUES:
        queue = Queue(name, connection=connection)
        if queue.count or queue.started_job_registry.count:
            return False
    return True


def run(args: argparse.Namespace) -> bool:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gateway-nodes-")))
        # pg_stat_statements: what each reply costs PostgreSQL, by statement.
        pg = stack.enter_context(
            PostgresServer(settings={"shared_preload_libraries": "pg_stat_statements"})
        )
        redis = stack.enter_context(RedisServer())
        crm_url, crm_seen = stack.enter_context(counting_crm())
        setup = replies_e2e.set_up(tmp, pg.url, redis.url, crm_url, args)
        # Every answer goes: the salon's daily cap (which would hold some) is not under test.
        salon_id = _scalar(setup.database_url, "SELECT min(id) FROM salons")
        webhook.flask(setup.env, "salon", "update", str(salon_id), "--daily-cap", "1000000")
        events_before = _scalar(setup.database_url, "SELECT count(*) FROM webhook_deliveries")
        crm_before = sum(crm_seen.values())
        stored_before, _, after_id = replies_e2e._counts(setup.database_url)
        print(
            f"setup: one PostgreSQL, one Redis, {len(setup.phones)} customers booked; "
            f"{args.nodes} nodes, each gunicorn ({args.web_workers} sync workers) and "
            f"{args.workers} worker.py",
            flush=True,
        )
        worker_logs = [tmp / f"node-{n}-workers.log" for n in range(args.nodes)]
        workers = []
        for log in worker_logs:
            workers += common.start_workers(args.workers, setup.env, log)
        stack.callback(common.stop_processes, workers)
        webs = []
        for node in range(args.nodes):
            settings = webhook.ServerSettings(args.web_workers, "sync", 1)
            webs.append(
                stack.enter_context(
                    webhook.gunicorn("app", settings, setup.env, tmp / f"node-{node}-web.log")
                )
            )
        _wait_for_workers(setup.redis_url, args.nodes * args.workers, worker_logs, workers)

        results: list[list[webhook.ClientResult]] = [[] for _ in webs]

        def load(index: int, port: int, web_pid: int) -> None:
            plan = webhook.LoadPlan(
                port=port,
                sender=setup.sender,
                phones=setup.phones,
                connections=args.connections,
                warmup_requests=0,
                requests=args.requests // args.nodes,
                timeout=10.0,
            )
            results[index] = webhook.run_load(plan, 1, 0.0, args.duration, web_pid)[0]

        _reset_costs(setup)
        began = time.monotonic()
        threads = [
            threading.Thread(target=load, args=(i, port, web.pid))
            for i, (port, web) in enumerate(webs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        taken = time.monotonic() - began
        done = _drain(setup, args.drain_timeout)
        acted = time.monotonic() - began
        # Let the last CRM deliveries land before counting them.
        time.sleep(1.0)

        conns = [c for client in results for result in client for c in result.connections]
        sent = sum(len(c.latencies) for c in conns)
        answered = sum(c.statuses[200] for c in conns)
        stored, processed, _ = replies_e2e._counts(setup.database_url)
        stored -= stored_before
        _, problems = replies_e2e.check(setup.database_url, after_id, {})
        if not done:
            problems.append(f"work still queued after {args.drain_timeout:.0f}s")
        if sent != answered:
            problems.append(f"{sent - answered} requests not answered 200")
        if answered != stored:
            problems.append(f"{stored} replies stored for {answered} answered 200")
        stored_answers = _scalar(
            setup.database_url,
            "SELECT count(*) FROM messages WHERE direction = 'outbound' AND id > :after",
            after=after_id,
        )
        # Sent once, or not at all on purpose (held by the daily cap, cancelled): never left
        # queued, never handed over twice.
        unsent = _scalar(
            setup.database_url,
            "SELECT count(*) FROM messages WHERE direction = 'outbound' AND id > :after "
            "AND status IN ('queued', 'sending')",
            after=after_id,
        )
        answers = _scalar(
            setup.database_url,
            "SELECT count(*) FROM messages WHERE direction = 'outbound' AND id > :after "
            "AND provider_sid IS NOT NULL",
            after=after_id,
        )
        handed = sum(
            line.count(SENT_LINE)
            for log in worker_logs
            for line in log.read_text(errors="replace").splitlines()
        )
        if unsent:
            problems.append(f"{unsent} answers left queued")
        if handed != answers:
            problems.append(f"{handed} texts handed to the provider for {answers} answers sent")
        events = _scalar(setup.database_url, "SELECT count(*) FROM webhook_deliveries")
        events -= events_before
        delivered = sum(crm_seen.values()) - crm_before
        twice = sum(1 for count in crm_seen.values() if count > 1)
        if twice:
            problems.append(f"{twice} CRM events delivered more than once")
        if delivered != events:
            problems.append(f"{delivered} CRM deliveries for {events} events")
        acted_on = processed - stored_before
        costs = _costs(setup)
        statuses = _statuses(setup.database_url, after_id)
        print(
            f"{args.nodes} nodes: {sent} replies sent, {answered} answered 200 "
            f"({answered / taken:.0f}/s taken), {stored} stored, {acted_on} acted on "
            f"(all in {acted:.1f}s);\n  {stored_answers} answers, {answers} sent, {handed} "
            f"handed to the provider (answers by status: {statuses});\n"
            f"  {events} CRM events, {delivered} delivered\n"
            f"  — {'; '.join(problems) or 'all checks hold'}"
        )
        if acted_on:
            _print_costs(costs, acted_on)
        return not problems


def _wait_for_workers(
    redis_url: str, count: int, logs: Sequence[Path], processes: Sequence[Any]
) -> None:
    from redis import Redis
    from rq import Worker

    connection = Redis.from_url(redis_url)
    deadline = time.monotonic() + 60
    while Worker.count(connection=connection) < count:
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            raise BenchError(f"the workers did not start; see {', '.join(map(str, logs))}")
        time.sleep(0.1)


def _drain(setup: webhook.Setup, timeout: float) -> bool:
    """Wait until every stored reply is acted on and every queue is empty."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stored, processed, _ = replies_e2e._counts(setup.database_url)
        if processed >= stored and _queues_empty(setup.redis_url):
            return True
        time.sleep(0.2)
    return False


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="N complete nodes against one PostgreSQL and one Redis: nothing lost or "
        "done twice.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--nodes", type=int, default=2, help="complete sets of processes")
    parser.add_argument("--workers", type=int, default=1, help="worker.py processes per node")
    parser.add_argument("--web-workers", type=int, default=1, help="gunicorn workers per node")
    parser.add_argument("--connections", type=int, default=4, help="connections per node")
    parser.add_argument("--requests", type=int, default=3000, help="replies sent in all")
    parser.add_argument("--duration", type=float, default=20.0, help="load seconds at most")
    parser.add_argument("--customers", type=int, default=300, help="customers with an appointment")
    parser.add_argument("--drain-timeout", type=float, default=180.0, help="seconds to wait")
    parser.add_argument("--log-level", default="INFO", help="the app's LOG_LEVEL (INFO: sends)")
    parser.add_argument("--sender", default="+8610690000099", help="the salon's sender number")
    args = parser.parse_args(argv)
    if args.nodes < 1 or args.workers < 1 or args.web_workers < 1:
        parser.error("--nodes, --workers and --web-workers must be at least 1")
    if args.log_level.upper() != "INFO":
        parser.error("--log-level must be INFO: the sends are counted from the workers' logs")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return common.run(run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
