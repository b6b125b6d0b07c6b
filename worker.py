"""The RQ worker: builds the app once, then runs its jobs without forking a process per job.

Salons send in bursts; a fork per job would cost more than the send itself. Run several of these
processes for more throughput. A worker takes providers' pushes first, then customers' replies,
then outbound texts, then webhook deliveries to salons' CRMs, then campaigns' texts last
(``python worker.py`` takes every queue, in that order: an appointment text always goes before an
offer) — except that after a drain of replies, which may have lasted seconds, each other queue
has a turn first, so steady replies never hold back a worker's texts.

``python worker.py --cron`` runs RQ's CronScheduler instead: it queues the sweep (due reminders,
the outbox relay, webhook retries) every SWEEP_SECONDS. One is enough; a second one is harmless,
because the sweep takes its rows with SKIP LOCKED and every send claims its row.

Both outlive a Redis outage. RQ's CronScheduler stops for good when Redis goes away, and RQ's
worker either quits (Redis lost around a job) or retries with a backoff growing to a minute,
logging every try; so here each leaves its loop, the process logs the outage once, asks Redis
again every REDIS_RETRY_SECONDS, and builds a new worker or scheduler as soon as it answers.
A new scheduler queues the sweep at once, and the sweep re-enqueues every row whose job Redis
lost.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing import get_context
from types import FrameType
from typing import Any

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, SimpleWorker
from rq.cron import CronScheduler
from rq.exceptions import StopRequested
from rq.scheduler import RQScheduler

from gateway import create_app, freeze_start_up
from gateway.jobs import run_sweep

log = logging.getLogger("gateway.worker")

#: How often a process waiting for Redis asks again: well within a sweep interval, and slow
#: enough to cost nothing while Redis is away.
REDIS_RETRY_SECONDS = 1.0


class RedisLost(StopRequested):
    """Redis went away under a worker. RQ's loop treats it as a stop request (it leaves the
    loop without a traceback); ``supervise`` builds a new worker once Redis answers."""


def _lost(exc: RedisError) -> RedisLost:
    return RedisLost(f"{type(exc).__name__}: {exc}")


class _LosingQueue(Queue):
    """RQ's Queue, except that losing Redis while waiting for a job ends the worker's loop
    instead of being retried inside it."""

    @classmethod
    def dequeue_any(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().dequeue_any(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise _lost(exc) from exc


class _QuietScheduler(RQScheduler):
    """RQ's scheduler process (it queues the jobs RQ's Retry put off), ending without a
    traceback when Redis goes away: the worker notices, says so once, and starts a new one."""

    def start(self) -> Any:
        self._status = self.Status.STARTED
        self._connection = None  # a Redis connection cannot cross the fork
        fork = get_context("fork").Process
        self._process = fork(target=_schedule_quietly, args=(self,), name="Scheduler")
        self._process.start()
        return self._process


def _schedule_quietly(scheduler: RQScheduler) -> None:
    with contextlib.suppress(RedisError):
        scheduler.work()


class GatewayWorker(SimpleWorker):
    """RQ's SimpleWorker (jobs run in this process), leaving its loop when Redis goes away, and
    letting every other queue have a turn after a job from ``replies_queue``."""

    queue_class = _LosingQueue

    def __init__(self, *args: Any, replies_queue: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Why the loop ended, when it ended because Redis went away.
        self.redis_lost: RedisLost | None = None
        self.replies_queue = replies_queue
        #: The queues still to have their turn since the last job from the replies queue.
        self._owed: list[Queue] = []

    def reorder_queues(self, reference_queue: Queue) -> None:
        """The queues in their order of priority, except after a job from the replies queue:
        then every other queue has a turn first, one job each, in that order.

        A drain job stays while replies trickle in and hands on to a fresh one after
        ``REPLY_DRAIN_SECONDS``; taken first every time, that fresh job would give a worker
        alone on a node no turn for texts, CRM events or campaigns for as long as replies kept
        coming. A turn for each costs a reply at most those jobs' time; the replies wait in
        Redis meanwhile, and a second worker would take them.
        """
        if reference_queue.name == self.replies_queue:
            owed = [q for q in self.queues if q.name != reference_queue.name]
        elif reference_queue in self._owed:
            # The queues owed before it were empty when looked at: their turn has passed.
            owed = self._owed[self._owed.index(reference_queue) + 1 :]
        else:
            owed = []
        self._owed = owed
        self._ordered_queues = [*owed, *(q for q in self.queues if q not in owed)]

    # Every Redis call of RQ's loop outside the part of its wait it retries itself: Redis going
    # away during any of them would otherwise be RQ's "unhandled exception", with a traceback.

    def heartbeat(self, *args: Any, **kwargs: Any) -> None:
        with self._losing_redis():
            super().heartbeat(*args, **kwargs)

    def execute_job(self, *args: Any, **kwargs: Any) -> None:
        # RQ's own bookkeeping around a job (status, registries) needs Redis too; the job's
        # rows are already the truth, and the sweep picks up whatever the job did not finish.
        with self._losing_redis():
            super().execute_job(*args, **kwargs)

    def check_for_suspension(self, *args: Any, **kwargs: Any) -> Any:
        with self._losing_redis():
            return super().check_for_suspension(*args, **kwargs)

    def run_maintenance_tasks(self, *args: Any, **kwargs: Any) -> Any:
        with self._losing_redis():
            return super().run_maintenance_tasks(*args, **kwargs)

    def dequeue_job_and_maintain_ttl(self, *args: Any, **kwargs: Any) -> Any:
        # Also the worker's state set to idle, its wait's first Redis call.
        with self._losing_redis():
            return super().dequeue_job_and_maintain_ttl(*args, **kwargs)

    @contextlib.contextmanager
    def _losing_redis(self) -> Iterator[None]:
        """Turn Redis going away into RedisLost, which ends RQ's loop quietly, and keep it."""
        try:
            yield
        except RedisLost as exc:  # from the queue's wait for a job
            self.redis_lost = exc
            raise
        except (RedisConnectionError, RedisTimeoutError) as exc:
            self.redis_lost = _lost(exc)
            raise self.redis_lost from exc

    def _start_scheduler(self, burst: bool = False, logging_level: Any = None, *_: Any) -> None:
        # As RQ's, with the quiet scheduler class (RQ's names its own class here).
        self.scheduler = _QuietScheduler(
            self.queues,
            connection=self.connection,
            logging_level=logging_level if logging_level is not None else self.log.level,
            serializer=self.serializer,
        )
        self.scheduler.acquire_locks()
        if self.scheduler.acquired_locks and not burst:
            self.scheduler.start()

    def _pubsub_exception_handler(self, exc: Exception, pubsub: Any, pubsub_thread: Any) -> None:
        if isinstance(exc, RedisConnectionError):
            # RQ would log this every 2 s; the worker's own loop notices the outage and says so.
            time.sleep(REDIS_RETRY_SECONDS)
            return
        super()._pubsub_exception_handler(exc, pubsub, pubsub_thread)

    def run(self, **work: Any) -> None:
        """``work(**work)``; raises RedisLost if the loop ended because Redis went away."""
        try:
            self.work(**work)
        except RedisError:
            self._let_go()
            raise
        if self.redis_lost is not None:
            self._let_go()
            raise self.redis_lost

    def _let_go(self) -> None:
        """RQ's teardown stops at its first failed Redis call, before it unsubscribes: stop the
        thread listening for commands, or it would outlive this worker."""
        thread = getattr(self, "pubsub_thread", None)
        if thread is not None:
            thread.stop()


def supervise(what: str, run: Callable[[], None], connection: Redis) -> int:
    """Run ``run`` (a worker's or the scheduler's loop) until it stops on request; whenever it
    ends because Redis went away, wait for Redis and run it again. Logs each outage once."""
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    while True:
        try:
            run()
            return 0  # a stop request (SIGTERM, SIGINT): RQ's loop ended on its own
        except RedisLost as exc:
            reason: Exception = exc
        except (StopRequested, KeyboardInterrupt):
            return 0  # a second stop signal while RQ was shutting down
        except RedisError as exc:
            reason = exc
        lost_at = time.monotonic()
        log.warning(
            "%s: Redis unreachable (%s); waiting for it, asking every %g s",
            what,
            reason,
            REDIS_RETRY_SECONDS,
        )
        # RQ's own signal handlers talk to Redis; while it is away, a stop is just a stop.
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not _answers(connection):
            if stopping.wait(REDIS_RETRY_SECONDS):
                log.info("%s: stopped while waiting for Redis", what)
                return 0
        log.warning(
            "%s: Redis answers again after %.1f s; resuming", what, time.monotonic() - lost_at
        )


def _answers(connection: Redis) -> bool:
    try:
        return bool(connection.ping())
    except RedisError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cron", action="store_true", help="queue the periodic sweep instead")
    args = parser.parse_args(argv)

    app = create_app()
    freeze_start_up()
    settings = app.extensions["settings"]
    sms_queue = app.extensions["sms_queue"]
    connection: Redis = sms_queue.connection
    # RQ logs a few lines for every job at INFO (an idle sweep alone made five every 30 s); the
    # jobs log what matters themselves, so RQ speaks only of warnings and errors.
    rq_level = logging.getLevelName(max(logging.getLevelName(settings.log_level), logging.WARNING))
    for name in ("rq.worker", "rq.cron", "rq.job", "rq.queue", "rq.scheduler"):
        logging.getLogger(name).setLevel(rq_level)

    if args.cron:

        def run_cron() -> None:
            cron = CronScheduler(connection=connection, logging_level=rq_level)
            cron.register(
                run_sweep, queue_name=sms_queue.queue.name, interval=settings.sweep_seconds
            )
            cron.start()  # queues the sweep at once, then every interval

        log.info("cron: queueing the sweep every %s s", settings.sweep_seconds)
        return supervise("cron", run_cron, connection)

    def run_worker() -> None:
        # By name: RQ builds them with the worker's own queue class.
        worker = GatewayWorker(
            [q.name for q in sms_queue.queues],
            connection=connection,
            replies_queue=sms_queue.replies.name,
        )
        worker.run(with_scheduler=True, logging_level=rq_level)

    log.info("worker: taking jobs from %s", ", ".join(q.name for q in sms_queue.queues))
    with app.app_context():
        return supervise("worker", run_worker, connection)


if __name__ == "__main__":
    sys.exit(main())
