"""What a worker spends on a small batch of replies, the RQ job around it included: the live
run's case when the workers keep up (a batch holds the few replies that came meanwhile), which
a profile of a backlog (``replies_e2e.py --profile``: full batches) does not show.

Each round stores ``size`` replies through the webhook (Flask's test client, whose hand-off
enqueues a drain job in Redis as gunicorn's does), then one in-process ``GatewayWorker`` takes
that job from Redis and runs it as ``worker.py`` does (dequeue, ``execute_job``, heartbeat):
timed first, then profiled. Only the worker's part is measured.
"""

from __future__ import annotations

import cProfile
import logging
import os
import time
from collections.abc import Callable
from typing import Any
from unittest import mock

from bench import webhook
from bench.common import BenchError

#: Where a small batch's CPU goes: (label, file fragment, function name).
PARTS = (
    (
        "RQ: taking the job (dequeue_job_and_maintain_ttl)",
        "rq/worker/base.py",
        "dequeue_job_and_maintain_ttl",
    ),
    ("RQ: the job, all of it (execute_job)", "rq/worker/worker_classes.py", "execute_job"),
    (
        "  RQ: marking it started (prepare_job_execution)",
        "rq/worker/base.py",
        "prepare_job_execution",
    ),
    ("  RQ: marking it done (handle_job_success)", "rq/worker/base.py", "handle_job_success"),
    ("  the job's function (handle_replies)", "gateway/jobs.py", "handle_replies"),
    ("    taking ids from Redis (take_replies)", "gateway/queueing.py", "take_replies"),
    (
        "    a batch's transaction (_act_in_one_transaction)",
        "gateway/jobs.py",
        "_act_in_one_transaction",
    ),
    ("      process_replies", "gateway/services/replies/processing.py", "process_replies"),
    ("        acting on each reply (_act_on)", "gateway/services/replies/processing.py", "_act_on"),
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
    ("      the hand-off after commit (route)", "gateway/services/handoff.py", "route"),
    ("        answers' send jobs (enqueue_sends)", "gateway/queueing.py", "enqueue_sends"),
    (
        "        CRM deliveries' jobs (enqueue_deliveries)",
        "gateway/queueing.py",
        "enqueue_deliveries",
    ),
    ("      a pooled connection's ping (do_ping)", "sqlalchemy/engine/default.py", "do_ping"),
    ("RQ: heartbeat after the job", "worker.py", "heartbeat"),
    ("all SQL statements", "sqlalchemy/engine/base.py", "_execute_context"),
    ("all Redis commands", "redis/client.py", "execute_command"),
    ("all Redis pipelines", "redis/client.py", "execute"),
)


def profile_small_batches(
    setup: webhook.Setup,
    rounds: int,
    size: int,
    store: Callable[[Any, webhook.Setup, int, int], None],
) -> None:
    """``rounds`` drain jobs of ``size`` replies each: CPU a batch, then the profile's split."""
    from gateway import create_app
    from worker import GatewayWorker

    with mock.patch.dict(os.environ, {**setup.env, "LOG_LEVEL": "WARNING"}):
        app = create_app()
    for name in ("rq.worker", "rq.job", "rq.queue"):  # as worker.py: RQ's lines per job
        logging.getLogger(name).setLevel(logging.WARNING)
    sms_queue = app.extensions["sms_queue"]
    with app.app_context():
        worker = GatewayWorker([q.name for q in sms_queue.queues], connection=sms_queue.connection)
        worker.register_birth()
        try:
            _rounds(worker, app, setup, 10, size, store, None)  # warm-up: connections, caches
            cpu, jobs = _rounds(worker, app, setup, rounds, size, store, None)
            print()
            print(
                f"small batches: {rounds} drain jobs of {size} replies through an in-process "
                f"worker, not profiled: {cpu / rounds * 1000:.2f} ms CPU a job "
                f"({cpu / rounds / size * 1000:.2f} ms a reply; {jobs} jobs run)"
            )
            profiler = cProfile.Profile(time.process_time)
            cpu, _ = _rounds(worker, app, setup, rounds, size, store, profiler)
        finally:
            worker.register_death()
    app.extensions["db"].engine.dispose()
    print(
        f"small batches under cProfile: {cpu / rounds * 1000:.2f} ms CPU a job of {size} "
        "replies ('each' below: a job)"
    )
    webhook.print_profile(profiler, PARTS, rounds, cpu)
    if os.environ.get("BENCH_PROFILE_OUT"):  # the whole profile, for pstats
        profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])


def _rounds(
    worker: Any,
    app: Any,
    setup: webhook.Setup,
    rounds: int,
    size: int,
    store: Callable[[Any, webhook.Setup, int, int], None],
    profiler: cProfile.Profile | None,
) -> tuple[float, int]:
    """(CPU the worker spent, jobs it ran) over ``rounds`` rounds."""
    cpu = 0.0
    jobs = 0
    for n in range(rounds):
        # Each round from the next customers: as in the live run, a customer's replies spread
        # over the run, not hundreds from a few.
        store(app, setup, size, (n * size) % len(setup.phones))
        # The answers' send jobs and the CRM deliveries are not this measure's (as the bench's
        # ``--sends drop``).
        queues = app.extensions["sms_queue"]
        worker.connection.delete(queues.queue.key, queues.webhooks.key)
        began = time.process_time()
        if profiler is not None:
            profiler.enable()
        while (taken := worker.dequeue_job_and_maintain_ttl(timeout=1)) is not None:
            worker.execute_job(*taken)
            worker.heartbeat()
            jobs += 1
            if not worker.connection.llen(taken[1].key):
                break
        if profiler is not None:
            profiler.disable()
        cpu += time.process_time() - began
    if jobs < rounds:
        raise BenchError(f"small batches: {jobs} jobs ran for {rounds} rounds")
    return cpu, jobs
