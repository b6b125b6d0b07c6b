"""How long one sweep takes with 1,000 reminders due, in a small and in a large PostgreSQL.

What it measures: ``gateway.services.sweep(session, now=...)`` — the due-reminders query, a
message for each due reminder, the outbox relay's query and its stale-``sending`` update, the
search for event webhooks due again — timed from the call to the end of the flush that follows
it, against a throwaway PostgreSQL holding N appointments of one salon (default N = 100,000 and
1,000,000, in one run). In both, exactly ``--due`` reminders (1,000) fell due in the last 30
seconds, for open appointments 24 hours ahead; every other reminder is either pending for later
or settled long ago. The sweep's work is the same at both sizes, so the two timings should be
about equal: the goal is a sweep of at most 100 ms for 1,000 due whatever N is.

The data, per appointment ``i`` (deterministic, no randomness): 30 % in the past (completed,
no-show, cancelled), 1 % later today, the rest spread over the next 59 days (unconfirmed,
confirmed, a few change_requested or cancelled); 4 appointments per customer, 1 % of customers
opted out. One reminder per appointment (the salon's default, 24 h before): ``pending`` when it
is still to come (≈ 69 % of rows), ``queued`` or ``skipped`` when it came and went. Messages:
a confirmation request for every appointment (2 % of them failed, each in the salon's inbox and
marked collected, as the sweep that first saw it left it), a sent reminder for every queued
reminder, and a few texts still ``queued`` for later (quiet hours), so the relay searches a
large table too; an event webhook for each confirmed, moved or cancelled appointment
(delivered, a few failed or waiting for a retry later, none due).

How: ``tests.servers.PostgresServer`` (fsync off, like the test suite's) is migrated with
Alembic; ``create_salon`` makes the salon; every other row is written by ``INSERT … SELECT
generate_series`` inside the server (foreign-key triggers off while loading, the data being
consistent by construction; secondary indexes dropped and built again afterwards, from their
own definitions), then ``VACUUM ANALYZE``. Each size has a database of its own in the same
server; the due reminders are the same rows (same ids, same appointments) in each. The timed
sweeps take turns between the databases (small, large, small, large …), so that the machine's
other load, which varies, falls on both sizes alike. Each timed sweep runs in its own
transaction, which is rolled back, so every repetition does the same work (autovacuum is off:
the few thousand dead rows the rollbacks leave are skipped cheaply); a warm-up sweep comes first.
The session's SQL is counted and timed on the connection, and this process's CPU time is taken,
so the table splits the sweep into database round trips and Python (SQLAlchemy, psycopg, the
service); CPU time is the figure the machine's other load inflates least. At the largest size the
plans are printed with ``EXPLAIN (ANALYZE, BUFFERS)``, run on the very statements and parameters
the sweep sent (each locking search, and each UPDATE not by primary key); for every size, their
execution time and the buffers they touched, which should not grow with N.

``now`` is fixed at 12:00 Asia/Shanghai (the salon's timezone), outside quiet hours, so every
reminder text is due at once; a sweep in quiet hours would store the texts for later instead.

Run from the repository root (``make bench`` runs the second, with the other benches)::

    .venv/bin/python bench/sweep.py
    .venv/bin/python bench/sweep.py --sizes 20000,100000
    .venv/bin/python bench/sweep.py --sizes 10000,100000,1000000 --repeat 9
    .venv/bin/python bench/sweep.py --sizes 100000 --against ../before --rounds 6
    .venv/bin/python bench/sweep.py --help

``--against DIR`` compares with another commit's tree (``git worktree add ../before <commit>``,
or ``git archive <commit> | tar -x -C ../before``): that code loads and migrates databases of
its own on the same server, and the two codes' sweeps take turns, round by round, each code in
a fresh process of its own, so that a before/after ratio is measured back to back under the
same load.

It prints figures and is never part of the test run's pass/fail; it exits 1 when a sweep did not
queue exactly the due reminders, 2 when it could not set up.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import BenchError, Column  # noqa: E402
from tests.servers import PostgresServer  # noqa: E402

#: The goal this benchmark reports against.
GOAL_MS = 100.0
GOAL_DUE = 1000
#: Set for loading a million rows quickly; printed with the results.
SERVER_SETTINGS = {
    "shared_buffers": "256MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "30min",
    "autovacuum": "off",  # the bench vacuums and analyzes itself, at known moments
}
#: A confirmation request or reminder as the salon's customers read it (the body's size matters
#: to the table's size, not its words).
BODY = (
    "【Bench 发廊】温馨提醒：您预约了 11月23日 14:00 剪发，由Lily为您服务（预约号 {ref}）。"
    "如需改期请回复“2”，取消请回复“3”。"
)


# --------------------------------------------------------------------------- loading


def bench_now() -> datetime:
    """Today's 12:00 in Shanghai (04:00 UTC): a decent hour, so reminders go out at once."""
    return datetime.now(UTC).replace(hour=4, minute=0, second=0, microsecond=0)


#: Appointment ``i`` of the segment ``lo < i <= hi``. ``due`` marks the reminders due now: every
#: ``stride``-th appointment among the first ``due_upto``. ``u`` spreads the others over kinds.
LOAD_APPOINTMENTS = """
INSERT INTO appointments (id, salon_id, customer_id, external_id, ref, status, service, stylist,
                          starts_at, duration_minutes, created_at, updated_at)
SELECT i, %(salon)s, (i - 1) / 4 + 1, 'CRM-' || i, upper(to_hex(i)), kind.status,
       (ARRAY['剪发', '染发', '烫发', '护理'])[1 + i %% 4],
       (ARRAY['Lily', 'Amy', 'Tom'])[1 + i %% 3],
       kind.starts_at, 60,
       least(kind.starts_at - interval '7 days', %(now)s - interval '1 hour'),
       least(kind.starts_at - interval '7 days', %(now)s - interval '1 hour')
FROM generate_series(%(lo)s::int + 1, %(hi)s::int) AS i,
     LATERAL (SELECT i <= %(due_upto)s AND i %% %(stride)s = 0 AS due,
                     (i::bigint * 7919) %% 1000 AS u) f,
     LATERAL (
       SELECT CASE
                WHEN f.due
                  THEN %(now)s + interval '1 day' - ((i / %(stride)s) %% 30) * interval '1 s'
                WHEN f.u < 300 THEN %(now)s - (1 + (i * 31) %% 2160) * interval '1 hour'
                WHEN f.u < 310 THEN %(now)s + (1 + i %% 23) * interval '1 hour'
                ELSE %(now)s + interval '25 hours' + ((i * 17) %% 84960) * interval '1 minute'
              END AS starts_at,
              CASE
                WHEN f.due THEN (ARRAY['confirmed', 'unconfirmed'])[1 + (i / %(stride)s) %% 2]
                WHEN f.u < 240 THEN 'completed'
                WHEN f.u < 255 THEN 'no_show'
                WHEN f.u < 300 THEN 'cancelled'
                WHEN f.u < 310 THEN 'confirmed'
                WHEN f.u < 330 THEN 'cancelled'
                WHEN f.u < 345 THEN 'change_requested'
                WHEN f.u < 650 THEN 'unconfirmed'
                ELSE 'confirmed'
              END AS status
     ) kind
"""

LOAD_CUSTOMERS = """
INSERT INTO customers (id, salon_id, phone, name, locale, opted_out_at, created_at)
SELECT c, %(salon)s, '+86139' || lpad(c::text, 8, '0'),
       CASE WHEN c %% 3 = 0 THEN NULL ELSE '顾客' || c END, NULL,
       CASE WHEN c %% 100 = 37 THEN %(now)s - interval '10 days' END,
       %(now)s - interval '100 days'
FROM generate_series(%(lo)s::int / 4 + 1, (%(hi)s::int - 1) / 4 + 1) AS c
ON CONFLICT (id) DO NOTHING
"""

#: One reminder per appointment, 24 h before; message 2i is the reminder text when it went.
LOAD_REMINDERS = """
INSERT INTO reminders (id, appointment_id, offset_minutes, starts_at, due_at, send_at, status,
                       decision, message_id, created_at, updated_at)
SELECT a.id, a.id, 1440, a.starts_at,
       a.starts_at - interval '1 day', a.starts_at - interval '1 day', r.status,
       CASE r.status WHEN 'skipped' THEN 'the appointment is cancelled' ELSE 'sent when due' END,
       CASE r.status WHEN 'queued' THEN 2 * a.id END,
       a.created_at, a.created_at
FROM appointments a,
     LATERAL (
       SELECT CASE
                WHEN a.id <= %(due_upto)s AND a.id %% %(stride)s = 0 THEN 'pending'
                WHEN a.starts_at - interval '1 day' > %(now)s THEN 'pending'
                WHEN a.status = 'cancelled' OR a.id %% 10 = 0 THEN 'skipped'
                ELSE 'queued'
              END AS status
     ) r
WHERE a.id > %(lo)s AND a.id <= %(hi)s
"""

#: Message 2i-1: the confirmation request; message 2i: the reminder text (sent), or for a few
#: upcoming appointments a text still waiting for the morning (queued, not yet enqueued).
LOAD_MESSAGES = """
INSERT INTO messages (id, salon_id, customer_id, appointment_id, direction, body, template,
                      locale, status, segments, provider, provider_sid, created_at, send_after,
                      enqueued_at, claimed_at, sent_at, inbox_collected_at)
SELECT m.id, a.salon_id, a.customer_id, a.id, 'outbound', replace(%(body)s, '{ref}', a.ref),
       m.template, 'zh-CN', m.status, 2,
       CASE WHEN m.status <> 'queued' THEN 'twilio' END,
       CASE WHEN m.status <> 'queued' THEN 'SM' || lpad(to_hex(m.id), 32, '0') END,
       m.at, m.at, CASE WHEN m.status <> 'queued' THEN m.at END,
       CASE WHEN m.status <> 'queued' THEN m.at END,
       CASE WHEN m.status <> 'queued' THEN m.at + interval '1 s' END,
       CASE WHEN m.status = 'failed' THEN m.at + interval '1 minute' END
FROM appointments a
JOIN reminders r ON r.appointment_id = a.id
CROSS JOIN LATERAL (
  VALUES (2 * a.id - 1, 'confirmation_request', a.created_at,
          CASE WHEN a.id %% 50 = 0 THEN 'failed'
               WHEN a.starts_at < %(now)s THEN 'delivered' ELSE 'sent' END),
         (2 * a.id, 'reminder', r.due_at,
          CASE WHEN r.status = 'queued' THEN 'delivered' END),
         (2 * a.id, 'confirmation_request', %(now)s + interval '9 hours',
          CASE WHEN r.status = 'pending' AND a.id %% 997 = 0 AND a.id %% %(stride)s <> 0
               THEN 'queued' END)
) AS m(id, template, at, status)
WHERE a.id > %(lo)s AND a.id <= %(hi)s AND m.status IS NOT NULL
"""

#: The CRM's event webhooks (confirmed, change requested, cancelled): delivered long ago, a few
#: given up, and a few waiting for a retry later; none due, so the sweep only looks.
LOAD_DELIVERIES = """
INSERT INTO webhook_deliveries (id, salon_id, event_id, event_type, payload, status, attempts,
                                next_attempt_at, enqueued_at, last_status_code, created_at,
                                delivered_at)
SELECT a.id, a.salon_id, 'evt_' || lpad(to_hex(a.id), 24, '0'), 'appointment.' || a.status,
       '{"type": "appointment.' || a.status || '", "appointment": {"external_id": "'
         || a.external_id || '"}}',
       d.status, CASE d.status WHEN 'delivered' THEN 1 ELSE 5 END,
       CASE d.status WHEN 'pending' THEN %(now)s + interval '20 minutes' END,
       a.created_at, CASE d.status WHEN 'delivered' THEN 200 ELSE 503 END, a.created_at,
       CASE d.status WHEN 'delivered' THEN a.created_at + interval '1 s' END
FROM appointments a,
     LATERAL (SELECT CASE WHEN a.id %% 200 = 7 THEN 'pending'
                          WHEN a.id %% 100 = 3 THEN 'failed'
                          ELSE 'delivered' END AS status) d
WHERE a.id > %(lo)s AND a.id <= %(hi)s
  AND a.status IN ('confirmed', 'change_requested', 'cancelled')
"""

#: A failed text was put in the salon's inbox by the sweep that first saw it, which marked it
#: collected (``inbox_collected_at``, set with the messages), so a steady sweep finds none to add.
LOAD_INBOX = """
INSERT INTO inbox_items (salon_id, reason, customer_id, message_id, appointment_id, created_at)
SELECT salon_id, 'text_failed', customer_id, id, appointment_id, send_after + interval '1 minute'
FROM messages
WHERE status = 'failed' AND appointment_id > %(lo)s AND appointment_id <= %(hi)s
"""

#: Customers of the due appointments take texts, so the sweep writes one message per due row.
KEEP_DUE_CUSTOMERS = """
UPDATE customers SET opted_out_at = NULL
WHERE id IN (SELECT customer_id FROM appointments
             WHERE id <= %(due_upto)s AND id %% %(stride)s = 0)
"""


#: The tables this bench fills.
TABLES = (
    "customers",
    "appointments",
    "reminders",
    "messages",
    "webhook_deliveries",
    "inbox_items",
)

#: Indexes of the given tables that no constraint owns, with their CREATE INDEX statements.
SECONDARY_INDEXES = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname = ANY(%s)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
"""


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the due reminders are: every ``stride``-th of the first ``due_upto`` appointments."""

    salon: int
    now: datetime
    due: int
    due_upto: int

    @property
    def stride(self) -> int:
        return self.due_upto // self.due


def conninfo(pg: PostgresServer, database: str) -> str:
    return f"host=127.0.0.1 port={pg.port} user={pg.user} dbname={database}"


def database_for(pg: PostgresServer, size: int) -> tuple[str, str]:
    """A new, empty database for ``size`` appointments: its name and SQLAlchemy URL."""
    import psycopg

    name = f"sweep_{size}"
    with psycopg.connect(conninfo(pg, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://{pg.user}@127.0.0.1:{pg.port}/{name}"


def load(pg: PostgresServer, database: str, layout: Layout, size: int) -> dict[str, float]:
    """Load ``size`` appointments with their customers, reminders, messages and webhooks."""
    import psycopg

    params = {
        "salon": layout.salon,
        "now": layout.now,
        "lo": 0,
        "hi": size,
        "due_upto": layout.due_upto,
        "stride": layout.stride,
        "body": BODY,
    }
    seconds: dict[str, float] = {}
    with psycopg.connect(conninfo(pg, database)) as conn:
        # Foreign keys are not checked while loading (the rows refer only to rows loaded before
        # them): a trigger per row would double the load time.
        conn.execute("SET session_replication_role = replica")
        # Secondary indexes are built once after the rows are in, which is several times faster
        # than growing them row by row; those behind constraints (keys, unique) stay.
        indexes = conn.execute(SECONDARY_INDEXES, [list(TABLES)]).fetchall()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table, sql in (
            ("customers", LOAD_CUSTOMERS),
            ("appointments", LOAD_APPOINTMENTS),
            ("reminders", LOAD_REMINDERS),
            ("messages", LOAD_MESSAGES),
            ("webhook_deliveries", LOAD_DELIVERIES),
            ("inbox_items", LOAD_INBOX),
        ):
            began = time.monotonic()
            conn.execute(sql, params)
            seconds[table] = time.monotonic() - began
        conn.execute(KEEP_DUE_CUSTOMERS, params)
        began = time.monotonic()
        for _name, definition in indexes:
            conn.execute(definition)
        seconds["indexes"] = time.monotonic() - began
        for table in TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        conn.commit()
    began = time.monotonic()
    with psycopg.connect(conninfo(pg, database), autocommit=True) as conn:
        conn.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    seconds["vacuum analyze"] = time.monotonic() - began
    return seconds


def table_counts(pg: PostgresServer, database: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(conninfo(pg, database)) as conn:
        counts: dict[str, Any] = {}
        for table in TABLES:
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
        counts["reminders by status"] = dict(
            conn.execute("SELECT status, count(*) FROM reminders GROUP BY 1 ORDER BY 1").fetchall()
        )
        counts["messages by status"] = dict(
            conn.execute("SELECT status, count(*) FROM messages GROUP BY 1 ORDER BY 1").fetchall()
        )
        counts["size"] = conn.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()[0]  # type: ignore[index]
    return counts


def migrate_and_create_salon(url: str) -> int:
    from gateway.services import create_salon

    common.migrate(url)
    with common.database(url) as db, db.transaction() as session:
        salon, _ = create_salon(
            session,
            name="Bench 发廊",
            sender_number="+8610690000099",
            timezone="Asia/Shanghai",
            locale="zh-CN",
        )
        return salon.id


# --------------------------------------------------------------------------- measuring


#: A statement that reads or writes many rows: a locking search, or an UPDATE not by id.
SET_STATEMENT = re.compile(
    r"^SELECT .*?\bFROM (?P<search>\w+)\b.*FOR UPDATE(?: OF [\w, ]+)? SKIP LOCKED"
    r"|^UPDATE (?P<update>\w+) SET .* WHERE (?!(?P=update)\.id = (?:%\(|new\.id))",
    re.DOTALL,
)


@dataclass(slots=True)
class SqlLog:
    """Counts and times every statement the engine sends; keeps the set-wise ones, by name."""

    statements: int = 0
    seconds: float = 0.0
    #: "search reminders", "update messages" … → the first such statement and its parameters.
    kept: dict[str, tuple[str, Any]] = field(default_factory=dict)
    #: How many statements of each kind (its first words) the last sweep sent.
    kinds: Counter[str] = field(default_factory=Counter)
    #: The time spent in each kind of statement (the driver's execute), in seconds.
    kind_seconds: Counter[str] = field(default_factory=Counter)
    _began: float = 0.0

    def reset(self) -> None:
        self.statements, self.seconds = 0, 0.0
        self.kinds, self.kind_seconds = Counter(), Counter()

    def before(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        self._began = time.perf_counter()
        found = SET_STATEMENT.match(statement)
        if found:
            name = f"search {found['search']}" if found["search"] else f"update {found['update']}"
            if "inbox_collected_at IS NULL" in statement:
                name += " (inbox)"  # the inbox's search for failed texts, not the relay's
            self.kept.setdefault(name, (statement, parameters))

    def after(
        self, _conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, many: bool
    ) -> None:
        took = time.perf_counter() - self._began
        self.seconds += took
        self.statements += 1
        kind = re.sub(r"sa_savepoint_\d+", "sa_savepoint_N", " ".join(statement.split()[:6]))
        kind += " (executemany)" if many else ""
        self.kinds[kind] += 1
        self.kind_seconds[kind] += took


@dataclass(slots=True)
class SizeResult:
    appointments: int
    load_seconds: dict[str, float]
    timings: list[float]
    sql_seconds: list[float]
    cpu_seconds: list[float]
    statements: int
    kinds: Counter[str]
    queued: int
    to_enqueue: int
    relayed: int
    counts: dict[str, Any]
    plans: dict[str, list[str]] = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.timings) * 1000


@contextlib.contextmanager
def engine_for(url: str) -> Iterator[tuple[Any, SqlLog]]:
    from sqlalchemy import event

    with common.database(url) as db:
        log = SqlLog()
        event.listen(db.engine, "before_cursor_execute", log.before)
        event.listen(db.engine, "after_cursor_execute", log.after)
        yield db, log


@dataclass(slots=True)
class Measured:
    timings: list[float] = field(default_factory=list)
    sql_seconds: list[float] = field(default_factory=list)
    #: CPU seconds this process (Python, SQLAlchemy, psycopg) used per sweep.
    cpu_seconds: list[float] = field(default_factory=list)
    statements: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    result: Any = None
    #: Texts the sweep handed off to be sent (they would reach the queue at commit).
    sends: int = 0
    plans: dict[str, list[str]] = field(default_factory=dict)


def measure(
    urls: dict[int, str], layout: Layout, repeat: int, warmup: int, explain: bool
) -> dict[int, Measured]:
    """Time ``repeat`` sweeps per database after ``warmup`` untimed ones, each rolled back.

    The databases take turns, run by run, so that a change in the machine's load meanwhile
    touches every size alike.
    """
    from gateway.services import sweep
    from gateway.services.handoff import Work, handed_off

    measured = {size: Measured() for size in urls}
    with contextlib.ExitStack() as stack:
        engines = {size: stack.enter_context(engine_for(url)) for size, url in urls.items()}
        for run in range(warmup + repeat):
            for size, (db, log) in engines.items():
                m = measured[size]
                with db.sessions() as session:
                    session.begin()
                    log.reset()
                    began, cpu = time.perf_counter(), time.process_time()
                    m.result = sweep(session, now=layout.now)
                    session.flush()  # what the commit would send; the commit is not timed
                    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
                    m.sends = len(handed_off(session, Work.SEND))
                    if run >= warmup:
                        m.timings.append(elapsed)
                        m.sql_seconds.append(log.seconds)
                        m.cpu_seconds.append(cpu)
                        m.statements = log.statements
                        m.kinds = Counter(
                            {
                                f"{kind} [{log.kind_seconds[kind] * 1000:.1f} ms]": n
                                for kind, n in log.kinds.items()
                            }
                        )
                    session.rollback()
        for size, (db, log) in engines.items():
            if explain:
                explain_sweep(db, log, layout, measured[size].plans)
    return measured


def explain_sweep(db: Any, log: SqlLog, layout: Layout, plans: dict[str, list[str]]) -> None:
    """Explain each set-wise statement as the sweep sent it: the due-reminders search on the
    untouched rows, the others after the sweep's work (its 1,000 new queued texts)."""
    from gateway.services import sweep

    first = "search reminders"
    if first not in log.kept:
        raise BenchError("the sweep sent no locking search of reminders to explain")
    with db.sessions() as session:
        session.begin()
        plans[first] = explain_analyze(session, *log.kept[first])
        sweep(session, now=layout.now)
        session.flush()
        for name, (statement, parameters) in log.kept.items():
            if name != first:
                plans[name] = explain_analyze(session, statement, parameters)
        session.rollback()


def profile_sweep(url: str, layout: Layout, top: int) -> None:
    """Where one sweep's CPU goes, by function (cProfile, which roughly doubles the time of
    the many small calls it counts: compare shares, not milliseconds, with the table)."""
    import cProfile
    import io
    import pstats

    from gateway.services import sweep

    profiler = cProfile.Profile()
    with engine_for(url) as (db, _log):
        for profiled in (False, True):  # first a warm-up: statements compiled, as when timed
            with db.sessions() as session:
                session.begin()
                if profiled:
                    profiler.enable()
                sweep(session, now=layout.now)
                session.flush()
                profiler.disable()
                session.rollback()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        print()
        print(f"profile of one sweep, by {order}:")
        print(out.getvalue().strip("\n"))


def explain_analyze(session: Any, statement: str, parameters: Any) -> list[str]:
    connection = session.connection()
    rows = connection.exec_driver_sql(
        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters
    ).all()
    return [row[0] for row in rows]


# --------------------------------------------------------------------------- report


def postgres_version(pg: PostgresServer) -> str:
    import psycopg

    with psycopg.connect(conninfo(pg, "postgres")) as conn:
        return str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]


#: The table's columns, in the order ``report`` gives them.
COLUMNS = (
    Column("appointments", 12, ","),
    Column("reminders", 9, ","),
    Column("pending", 8, ","),
    Column("messages", 9, ","),
    Column("due", 5),
    Column("queued", 6),
    Column("runs", 4),
    Column("min ms", 7, ".1f"),
    Column("median ms", 9, ".1f"),
    Column("SQL ms", 7, ".1f"),
    Column("CPU ms", 7, ".1f"),
    Column("stmts", 6),
)


def report(results: Sequence[SizeResult], layout: Layout) -> bool:
    print()
    common.print_table(
        COLUMNS,
        [
            (
                r.appointments,
                r.counts["reminders"],
                r.counts["reminders by status"].get("pending", 0),
                r.counts["messages"],
                layout.due,
                r.queued,
                len(r.timings),
                r.min_ms,
                r.median_ms,
                statistics.median(r.sql_seconds) * 1000,
                statistics.median(r.cpu_seconds) * 1000,
                r.statements,
            )
            for r in results
        ],
    )
    sound = True
    for r in results:
        if r.queued != layout.due or r.to_enqueue != layout.due or r.relayed:
            sound = False
            print(
                f"UNEXPECTED at {r.appointments:,}: queued {r.queued}, to enqueue {r.to_enqueue}, "
                f"relayed {r.relayed} (expected {layout.due}, {layout.due}, 0)"
            )
    print(
        "min/median: wall time of sweep() plus its flush, rolled back; SQL ms: median time spent "
        "in the database driver's execute (round trips and the server's work included); CPU ms: "
        "median CPU time of this process in the sweep; stmts: statements per sweep"
    )
    print(
        f"peak memory of this process, which ran every sweep as a worker would: "
        f"{common.mib(common.own_peak_rss())} MiB resident"
    )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        print()
        print(
            f"ratio {large.appointments:,} / {small.appointments:,} appointments: median wall "
            f"{large.median_ms:.1f} / {small.median_ms:.1f} ms = "
            f"{large.median_ms / small.median_ms:.2f}; median CPU "
            f"{statistics.median(large.cpu_seconds) * 1000:.1f} / "
            f"{statistics.median(small.cpu_seconds) * 1000:.1f} ms = "
            f"{statistics.median(large.cpu_seconds) / statistics.median(small.cpu_seconds):.2f}"
        )
    print()
    print("statements of one sweep, by kind (their first words):")
    for r in results:
        print(f"  {r.appointments:>12,}: " + "; ".join(f"{n}× {k}" for k, n in r.kinds.items()))
    print()
    print("each run, ms (the sizes took turns):")
    for r in results:
        print(f"  {r.appointments:>12,}: " + ", ".join(f"{t * 1000:.0f}" for t in r.timings))
    if results[-1].plans:
        print()
        print("the set-wise statements at each size (EXPLAIN ANALYZE): execution ms, buffers")
        for name in results[-1].plans:
            for r in results:
                lines = r.plans.get(name, [])
                took = next((line for line in lines if line.startswith("Execution Time")), "")
                buffers = next((line.strip() for line in lines if "Buffers:" in line), "")
                print(f"  {name:<26} {r.appointments:>12,}: {took}; {buffers}")
    for name, lines in results[-1].plans.items():
        print()
        print(f"plan at {results[-1].appointments:,} appointments — {name}:")
        for line in lines:
            print(f"  {line}")
    worst = max(r.median_ms for r in results)
    scale = f" (goal is for {GOAL_DUE:,} due)" if layout.due != GOAL_DUE else ""
    print()
    print(
        f"goal: sweep ≤ {GOAL_MS:.0f} ms for {GOAL_DUE:,} due: worst median {worst:.1f} ms{scale} "
        f"— {'met' if worst <= GOAL_MS else 'NOT met'}"
    )
    return sound


# --------------------------------------------------------------------------- against other code


#: Run with ``python -c`` in a checkout (``--against DIR``'s, and this one), so that its own
#: ``gateway``, migrations and ``bench/sweep.py`` load a database and time sweeps in it: ``load``
#: creates, migrates and fills one database; ``time`` times sweeps in it as ``measure`` does.
#: It uses only what ``bench/sweep.py`` has had since d6634ce (``conninfo``, ``Layout``,
#: ``migrate_and_create_salon``, ``load``, ``engine_for``). It answers in JSON on its last line.
OTHER_CODE = r"""
import json, os, sys, time
from datetime import datetime
from types import SimpleNamespace

job = json.loads(sys.argv[1])
sys.path.insert(0, job["dir"])
os.chdir(job["dir"])
import bench.sweep as bs

def layout(salon):
    now = datetime.fromisoformat(job["now"])
    return bs.Layout(salon=salon, now=now, due=job["due"], due_upto=job["due_upto"])

if job["do"] == "load":
    import psycopg
    pg = SimpleNamespace(port=job["port"], user=job["user"])
    with psycopg.connect(bs.conninfo(pg, "postgres"), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "%s"' % job["database"])
    url = "postgresql+psycopg://%s@127.0.0.1:%s/%s" % (job["user"], job["port"], job["database"])
    salon = bs.migrate_and_create_salon(url)
    bs.load(pg, job["database"], layout(salon), job["size"])
    print(json.dumps({"url": url, "salon": salon}))
else:
    from gateway.services import sweep
    now = layout(job["salon"]).now
    out = {"wall": [], "cpu": [], "sql": [], "queued": []}
    with bs.engine_for(job["url"]) as (db, log):
        for run in range(job["warmup"] + job["repeat"]):
            with db.sessions() as session:
                session.begin()
                log.reset()
                began, cpu = time.perf_counter(), time.process_time()
                result = sweep(session, now=now)
                session.flush()
                wall, cpu = time.perf_counter() - began, time.process_time() - cpu
                if run >= job["warmup"]:
                    out["wall"].append(wall)
                    out["cpu"].append(cpu)
                    out["sql"].append(log.seconds)
                    out["queued"].append(result.reminders_queued)
                session.rollback()
    print(json.dumps(out))
"""


def other_code(job: dict[str, Any]) -> dict[str, Any]:
    """Run ``OTHER_CODE`` for ``job`` in the checkout ``job["dir"]``; its answer."""
    import json
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", OTHER_CODE, json.dumps(job)],
        cwd=job["dir"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"the code in {job['dir']} failed to {job['do']}:\n{done.stderr[-3000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def against(
    args: argparse.Namespace, pg: PostgresServer, urls: dict[int, str], layout: Layout
) -> bool:
    """Time this code's sweep and ``args.against``'s, each in databases it loaded and migrated
    itself, in ``args.rounds`` rounds that take turns (one code at every size, then the other,
    each in a fresh process of its own, the two going first in turn), so that the machine's
    load, which varies, falls on both alike."""
    here = str(Path(__file__).resolve().parent.parent)
    job = {
        "dir": str(Path(args.against).resolve()),
        "now": layout.now.isoformat(),
        "due": layout.due,
        "due_upto": layout.due_upto,
    }
    if job["dir"] == here:
        raise BenchError("--against names this very checkout")
    theirs: dict[int, dict[str, Any]] = {}
    for size in urls:
        began = time.monotonic()
        theirs[size] = other_code(
            {
                **job,
                "do": "load",
                "port": pg.port,
                "user": pg.user,
                "database": f"against_{size}",
                "size": size,
            }
        )
        print(
            f"loaded {size:,} appointments with {args.against} in {time.monotonic() - began:.1f}s"
        )
    figures: dict[tuple[str, int], dict[str, list[float]]] = {
        (who, size): {"wall": [], "cpu": [], "sql": []} for who in ("this", "that") for size in urls
    }
    sound = True
    ours = {size: {"url": url, "salon": layout.salon} for size, url in urls.items()}
    for round_ in range(args.rounds):
        # Each code sweeps in a fresh process of its own (the same kind for both: this process,
        # which loaded the data, holds far more objects for the collector to walk), one size at
        # a time (taking turns sweep by sweep would find the server's cache holding the other
        # database), and the two go first in turn.
        turns = [("this", here, ours), ("that", job["dir"], theirs)]
        for who, checkout, databases in turns if round_ % 2 == 0 else turns[::-1]:
            for size in urls:
                answer = other_code(
                    {
                        **job,
                        **databases[size],
                        "dir": checkout,
                        "do": "time",
                        "repeat": args.repeat,
                        "warmup": args.warmup,
                    }
                )
                for key in ("wall", "cpu", "sql"):
                    figures[who, size][key] += answer[key]
                sound &= all(queued == layout.due for queued in answer["queued"])
                # Each round's own medians, so that a reader sees the spread between rounds
                # (the machine's load moves) and not only the run's overall median.
                print(
                    f"round {round_ + 1}, {who}, {size:,}: wall median "
                    f"{statistics.median(answer['wall']) * 1000:.1f} ms, CPU "
                    f"{statistics.median(answer['cpu']) * 1000:.1f} ms; load average "
                    "{:.2f}".format(os.getloadavg()[0]),
                    flush=True,
                )
        print(f"round {round_ + 1} of {args.rounds} done", flush=True)

    def median_ms(who: str, size: int, key: str) -> float:
        return statistics.median(figures[who, size][key]) * 1000

    print()
    print(f"this code: {common.revision()}; against: {args.against}")
    common.print_table(
        AGAINST_COLUMNS,
        [
            (
                size,
                len(figures["this", size]["cpu"]),
                median_ms("this", size, "cpu"),
                median_ms("that", size, "cpu"),
                median_ms("this", size, "cpu") / median_ms("that", size, "cpu"),
                median_ms("this", size, "wall"),
                median_ms("that", size, "wall"),
                median_ms("this", size, "sql"),
                median_ms("that", size, "sql"),
            )
            for size in urls
        ],
    )
    print(
        "medians over every timed sweep of every round; CPU: this process's (or the other "
        "code's process's) CPU time in the sweep; wall: sweep() and its flush; SQL: time in the "
        "driver's execute. Each code swept databases it loaded itself, the rounds taking turns."
    )
    print("load average after the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if not sound:
        print(f"UNEXPECTED: a sweep did not queue exactly the {layout.due} due reminders")
    return sound


#: The table ``against`` prints.
AGAINST_COLUMNS = (
    Column("appointments", 12, ","),
    Column("sweeps", 6),
    Column("CPU this", 9, ".1f"),
    Column("CPU that", 9, ".1f"),
    Column("ratio", 6, ".3f"),
    Column("wall this", 9, ".1f"),
    Column("wall that", 9, ".1f"),
    Column("SQL this", 9, ".1f"),
    Column("SQL that", 9, ".1f"),
)


# --------------------------------------------------------------------------- main


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes must be numbers like 100000,1000000: {text!r}"
        ) from None
    if not sizes:
        raise argparse.ArgumentTypeError("give at least one size")
    return sizes


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="One sweep's time with 1,000 reminders due, at 100k and 1M appointments.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("100000,1000000"),
        help="appointment counts, comma-separated; loaded one after the other",
    )
    parser.add_argument("--due", type=int, default=GOAL_DUE, help="reminders due at each size")
    parser.add_argument("--repeat", type=int, default=5, help="timed sweeps per size")
    parser.add_argument("--warmup", type=int, default=1, help="untimed sweeps first, per size")
    parser.add_argument("--no-explain", action="store_true", help="skip the query plans")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="after timing, profile one more sweep at the largest size and print its N most "
        "costly functions (by own time and by time including callees)",
    )
    parser.add_argument(
        "--against",
        metavar="DIR",
        help="instead of the report, compare with the code in DIR (another commit's tree: "
        "`git worktree add` or `git archive | tar -x`, from d6634ce on), each code sweeping "
        "databases it loaded and migrated itself, taking turns round by round",
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="with --against: rounds of --repeat sweeps each"
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be positive")
    if args.due < 1 or args.repeat < 1 or args.warmup < 0:
        parser.error("--due and --repeat must be positive, --warmup not negative")
    if args.sizes[0] < args.due:
        parser.error("the smallest size must hold at least --due appointments")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return common.run(run_bench, parse_args(argv))


def run_bench(args: argparse.Namespace) -> bool:
    results: list[SizeResult] = []
    with PostgresServer(settings=SERVER_SETTINGS) as pg:
        print(
            f"PostgreSQL {postgres_version(pg)} at {pg.url} (fsync off; "
            + ", ".join(f"{k}={v}" for k, v in SERVER_SETTINGS.items())
            + ")"
        )
        now = bench_now()
        print(f"now = {now.isoformat()} (12:00 in the salon's Asia/Shanghai)")
        urls: dict[int, str] = {}
        loads: dict[int, tuple[dict[str, float], dict[str, Any]]] = {}
        layout = None
        for size in args.sizes:
            began = time.monotonic()
            database, urls[size] = database_for(pg, size)
            salon = migrate_and_create_salon(urls[size])
            layout = Layout(salon=salon, now=now, due=args.due, due_upto=args.sizes[0])
            seconds = load(pg, database, layout, size)
            counts = table_counts(pg, database)
            loads[size] = seconds, counts
            print(
                f"loaded {size:,} appointments into {database} in "
                f"{time.monotonic() - began:.1f}s ("
                + ", ".join(f"{k} {v:.1f}s" for k, v in seconds.items())
                + f"); database {counts['size']}; reminders {counts['reminders by status']}; "
                f"messages {counts['messages by status']}",
                flush=True,
            )
        assert layout is not None
        if args.against:
            return against(args, pg, urls, layout)
        print(
            f"timing {args.warmup} warm-up + {args.repeat} sweeps per size, the sizes "
            "taking turns …",
            flush=True,
        )
        measured = measure(urls, layout, args.repeat, args.warmup, not args.no_explain)
        if args.profile:
            profile_sweep(urls[args.sizes[-1]], layout, args.profile)
        for size, m in measured.items():
            seconds, counts = loads[size]
            results.append(
                SizeResult(
                    appointments=size,
                    load_seconds=seconds,
                    timings=m.timings,
                    sql_seconds=m.sql_seconds,
                    cpu_seconds=m.cpu_seconds,
                    statements=m.statements,
                    kinds=m.kinds,
                    queued=m.result.reminders_queued,
                    to_enqueue=m.sends,
                    relayed=m.result.relayed,
                    counts=counts,
                    plans=m.plans,
                )
            )
        return report(results, layout)


if __name__ == "__main__":
    sys.exit(main())
