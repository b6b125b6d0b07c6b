"""The job queue: connecting to Redis (or to the embedded one), enqueuing jobs, and telling the
relay which of its rows Redis still holds a job for.

Customers' replies are not a job each. Their ids wait in a sorted set in Redis (one script
from the webhook adds them and says whether a job waits to drain them), and a
``handle_replies`` job drains it in batches; the webhook enqueues that job only when none is
waiting in the replies queue and no drain job is running (its claim, ``claim_drain``, holds).
Building, pickling and storing an RQ job per reply cost the webhook more than storing the
reply, and the worker more than acting on it; an RQ job per few replies, when they trickle in,
cost the worker more than acting on them (docs/performance.md). So a drain job stays while
replies keep coming, and ends only after waiting a moment for one in vain.

The claim can never strand a reply: a drain job leaving drops its claim and counts what waits
in one command (``leave_drain``), taking on whatever was handed off while it held the claim;
a drain job killed while holding it holds it ``REPLY_DRAINER_SECONDS`` at most, after which the
next hand-off, or the sweep's relay (``wake_reply_drain``), enqueues a job.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from redis import Redis
from redis.client import Pipeline
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.job import Job, JobStatus

from gateway.config import Settings
from gateway.embedded_redis import embedded_socket

log = logging.getLogger(__name__)

#: Transient provider failures are retried after these many seconds.
SEND_RETRY_INTERVALS = [10, 30, 60, 120, 300]
#: How many waiting replies a worker takes from Redis at once (one transaction acts on them).
REPLY_BATCH = 100
#: The same on SQLite, where a transaction holds the one write lock from its start: a short
#: batch keeps the webhook's wait for it short.
SQLITE_REPLY_BATCH = 10
#: A ``handle_replies`` job that has drained for this long hands on to a fresh job, so no job
#: nears RQ's timeout. (The fresh job waits in the replies queue, which workers take before
#: texts: with one worker, texts go when the replies pause; docs/performance.md.)
REPLY_DRAIN_SECONDS = 2.0
#: How long a drain job's claim lasts unless renewed (it is, before each batch): while it holds,
#: the webhook enqueues no drain job. Longer than a batch takes; a drain job killed mid-way
#: holds back the waiting replies' job this long at most.
REPLY_DRAINER_SECONDS = 5.0
#: Texts per send job: one job, one claiming transaction and a few recording ones for this
#: many texts, instead of all of that per text (bench/outbound.py). A burst of reminders
#: still spreads over every worker, a job each.
SEND_BATCH = 50
#: CRM events per delivery job, each still claimed, posted and recorded alone, in order: an RQ
#: job each cost a worker more than acting on a reply (docs/performance.md). Once one CRM takes
#: over 2 s the rest go back a job each (``jobs.deliver_webhooks``), so a job's worst case stays
#: under RQ's 180 s job timeout (``tests/unit/test_delivery_job_time.py``).
DELIVERY_BATCH = 10
#: A job in one of these states will still run (or is running): the relay leaves its row alone.
_IN_HAND = frozenset({JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED})

#: The webhook's hand-off as one command (EVALSHA): the ids join the waiting set, each keeping
#: the score it was first handed off with (ZADD NX), and the answer is 1 when no drain job
#: will take them: none is running (its claim) and none waits in the replies queue. One
#: command, where a pipeline of ZADD and LLEN cost the webhook two commands' parsing and
#: replies on both sides (docs/performance.md).
#: KEYS: the waiting set, the replies queue's list, the drain job's claim; ARGV: the score, then
#: the ids. One ZADD per id: a relay's hand-off of thousands would overflow Lua's stack as one
#: call's arguments.
_HAND_OFF_REPLIES = """
for i = 2, #ARGV do
    redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[i])
end
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('LLEN', KEYS[2]) == 0 then
    return 1
end
return 0
"""
#: A drain job claiming the draining, or renewing its claim (``claim_drain``): 1, unless another
#: job holds it (0). KEYS: the claim; ARGV: the job's token, the claim's life in ms.
_CLAIM_DRAIN = """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
    return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
"""
#: A drain job leaving (``leave_drain``): its claim dropped and the replies waiting counted in
#: one command, so no hand-off falls between them: one before saw the claim and enqueued
#: nothing (the count says so), one after sees no claim and enqueues a job.
#: KEYS: the waiting set, the claim; ARGV: the job's token (another job's claim stays).
_LEAVE_DRAIN = """
if redis.call('GET', KEYS[2]) == ARGV[1] then
    redis.call('DEL', KEYS[2])
end
return redis.call('ZCARD', KEYS[1])
"""


def connect_redis(settings: Settings) -> Redis:
    """A client for Redis at REDIS_URL, or for the embedded one (``flask serve``) when unset.

    The client connects on first use: a command that never queues anything (``db upgrade``,
    ``salon create``) never touches Redis.
    """
    # A hung Redis (a stalled network, a paused server) must not hold a webhook's or an API
    # request's answer: the rows are already committed and the relay enqueues them later.
    # RQ's worker raises the timeout itself around its blocking dequeue.
    if settings.redis_url:
        return Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=2)
    return Redis(unix_socket_path=embedded_socket(settings), socket_timeout=2)


class SmsQueue:
    """Hands ids to the workers; lives in ``app.extensions["sms_queue"]``.

    A push job has the id of the row it acts on (``handle_push-42``), and a send job names its
    rows in its arguments, so the relay can ask Redis whether a row's job is still waiting,
    instead of guessing from the time it was enqueued. (A CRM delivery job names its rows too;
    the relay goes by each row's ``enqueued_at``.)
    """

    def __init__(self, connection: Redis, name: str) -> None:
        self.connection = connection
        self.queue = Queue(name, connection=connection)
        #: Alibaba/Tencent Cloud pushes kept as they came, a job each, taken first: they carry
        #: customers' replies. A queue of their own, because a job waiting in the replies
        #: queue is taken to be the one that drains the waiting replies.
        self.pushes = Queue(f"{name}-pushes", connection=connection)
        #: Customers' replies, taken before outbound texts: a reply waits on a person, a burst
        #: of reminders does not.
        self.replies = Queue(f"{name}-replies", connection=connection)
        #: Stored replies no worker has taken yet: message ids, each scored by when it was
        #: first handed off (workers take the oldest first; an id handed off twice waits once).
        self.replies_waiting = f"{name}-replies:waiting"
        #: Set (with an expiry) while a drain job runs: the webhook then enqueues none.
        self.replies_drainer = f"{name}-replies:draining"
        self._hand_off_replies = connection.register_script(_HAND_OFF_REPLIES)
        self._claim_drain = connection.register_script(_CLAIM_DRAIN)
        self._leave_drain = connection.register_script(_LEAVE_DRAIN)
        #: Event webhooks to salons' CRMs, taken last: one salon's slow CRM must not hold
        #: another salon's texts.
        self.webhooks = Queue(f"{name}-webhooks", connection=connection)
        #: Campaigns' texts, taken after everything else: an offer can wait, a reminder not.
        #: The sweep releases them a salon's ``marketing_per_minute`` at a time.
        self.marketing = Queue(f"{name}-marketing", connection=connection)
        #: Inside ``together``: where the send and delivery jobs wait, and what they are.
        self._pipe: Pipeline | None = None
        self._pending: list[tuple[str, list[int]]] = []

    @property
    def queues(self) -> list[Queue]:
        """What a worker listens on, first queue first."""
        return [self.pushes, self.replies, self.queue, self.webhooks, self.marketing]

    def enqueue_replies(self, message_ids: Iterable[int]) -> None:
        """Hand stored inbound messages to the reply workers. Call only after commit.

        One command as a rule (``_HAND_OFF_REPLIES``): the ids join the waiting set, and a
        ``handle_replies`` job is enqueued only when none is running (``claim_drain``) and the
        replies queue holds none (one that has not started yet will take these ids too). Two
        webhooks may both enqueue one; a job with nothing to do ends. (A Redis that restarted
        has forgotten the script: redis-py loads it again and retries, once.)
        """
        ids = list(message_ids)
        if not ids:
            return
        try:
            drain_needed = self._hand_off_replies(
                keys=[self.replies_waiting, self.replies.key, self.replies_drainer],
                args=[time.time(), *ids],
            )
            if drain_needed:
                self._enqueue_drain()
        except RedisError as exc:
            # The rows are the truth: the sweep's relay hands them off again once Redis answers.
            log.error("could not enqueue replies %s (%s); the sweep will retry", ids, _said(exc))

    def take_replies(self, count: int = REPLY_BATCH) -> list[int]:
        """Take up to ``count`` waiting reply ids, oldest first. A worker that dies before it
        commits loses them from Redis only: the sweep finds their rows unprocessed and hands
        them off again."""
        popped: list[tuple[bytes, float]]
        popped = self.connection.zpopmin(self.replies_waiting, count)  # type: ignore[assignment]
        return [int(member) for member, _ in popped]

    def wait_for_replies(self, count: int, seconds: float) -> list[int]:
        """Wait up to ``seconds`` for a reply to be handed off, then take it and up to
        ``count - 1`` more (``take_replies``); none when none came. Keep ``seconds`` under the
        client's socket timeout (``connect_redis``: 2 s)."""
        popped: tuple[bytes, bytes, float] | None
        popped = self.connection.bzpopmin(self.replies_waiting, timeout=seconds)  # type: ignore[assignment]
        if popped is None:
            return []
        _, member, _ = popped
        return [int(member), *(self.take_replies(count - 1) if count > 1 else [])]

    def claim_drain(self, token: str) -> bool:
        """Claim the draining for the drain job ``token``, or renew its claim, for
        ``REPLY_DRAINER_SECONDS``: the webhook then hands off without enqueuing a job (the
        running one takes the replies). False when another job holds it: two jobs enqueued at
        once (two webhooks before either started) would otherwise both stay, each in the
        other's way, taking batches half the size."""
        ttl = int(REPLY_DRAINER_SECONDS * 1000)
        return bool(self._claim_drain(keys=[self.replies_drainer], args=[token, ttl]))

    def leave_drain(self, token: str) -> int:
        """Drop the drain job ``token``'s claim; how many replies wait. More than none: they
        may have been handed off while the claim held, so no job was enqueued for them, and
        the caller takes them (or ``wake_reply_drain``)."""
        keys = [self.replies_waiting, self.replies_drainer]
        return int(self._leave_drain(keys=keys, args=[token]))

    def help_with_backlog(self) -> None:
        """Enqueue a drain job beside the running one, unless one waits already: a full batch
        was taken, so more may wait than one job acts on quickly; the helper takes batches
        until one is short of full (``jobs._help_drain``), on another worker."""
        if not self.connection.llen(self.replies.key):
            self._enqueue_drain()

    def waiting_replies(self) -> tuple[int, float | None]:
        """How many replies wait for a worker, and when the oldest was handed off (Unix time)."""
        pipe = self.connection.pipeline(transaction=False)
        pipe.zcard(self.replies_waiting)
        pipe.zrange(self.replies_waiting, 0, 0, withscores=True)
        count, oldest = pipe.execute()
        return int(count), (float(oldest[0][1]) if oldest else None)

    def wake_reply_drain(self) -> None:
        """Enqueue a ``handle_replies`` job if replies wait, no such job does and none is
        running (a claim left by a job killed mid-way expires: the next wake enqueues)."""
        pipe = self.connection.pipeline(transaction=False)
        pipe.zcard(self.replies_waiting)
        pipe.llen(self.replies.key)
        pipe.exists(self.replies_drainer)
        replies_waiting, jobs_waiting, draining = pipe.execute()
        if replies_waiting and not jobs_waiting and not draining:
            self._enqueue_drain()

    def _enqueue_drain(self) -> None:
        self.replies.enqueue_many(
            [Queue.prepare_data("gateway.jobs.handle_replies", description="handle replies")]
        )

    @contextmanager
    def together(self) -> Iterator[SmsQueue]:
        """This queue, except that its send and CRM delivery jobs (``_enqueue_batches``) go to
        Redis in one round trip (one MULTI/EXEC) when the block ends, in the order given: the
        after-commit hand-off of a batch that queued answers and wrote events, two round trips
        before. The replies' and pushes' hand-offs still go at once. A copy of its own, so
        threads never share the buffer; a refused round trip is logged as each enqueue's."""
        view = copy.copy(self)
        view._pipe, view._pending = self.connection.pipeline(), []
        yield view
        if view._pending:
            try:
                view._pipe.execute()
            except RedisError as exc:  # the rows are the truth: the sweep's relay retries
                for what, ids in view._pending:
                    log.error(
                        "could not enqueue %s %s (%s); the sweep will retry", what, ids, _said(exc)
                    )

    def enqueue_marketing_sends(self, message_ids: Iterable[int]) -> None:
        """Queue ``send_messages`` for campaigns' texts on the marketing queue (as
        ``enqueue_sends``)."""
        self.enqueue_sends(message_ids, queue=self.marketing)

    def enqueue_sends(self, message_ids: Iterable[int], *, queue: Queue | None = None) -> None:
        """Queue ``send_messages`` for the ids, ``SEND_BATCH`` a job. Call only after the rows
        are committed (``_enqueue_batches``)."""
        ids = list(message_ids)
        if ids:
            retry = Retry(max=len(SEND_RETRY_INTERVALS), interval=SEND_RETRY_INTERVALS)
            queue = queue or self.queue
            self._enqueue_batches(_SEND_BATCH, ids, SEND_BATCH, "sends", queue, retry=retry)

    def enqueue_deliveries(
        self, delivery_ids: Iterable[int], *, per_job: int = DELIVERY_BATCH
    ) -> None:
        """Queue ``deliver_webhooks`` for the ids, ``per_job`` a job, in the order given
        (retries are scheduled by each delivery itself, on its row). Call only after commit."""
        ids = list(delivery_ids)
        if ids:
            queue = self.webhooks
            self._enqueue_batches(_DELIVER_BATCH, ids, per_job, "deliveries", queue)

    def _enqueue_batches(
        self,
        function: str,
        ids: list[int],
        size: int,
        what: str,
        queue: Queue,
        retry: Retry | None = None,
    ) -> None:
        """Queue ``function`` for the ids, ``size`` a job, in one round trip. If Redis is
        unreachable the rows wait in the database, where they are the source of truth; the
        failure is logged, not raised, so the caller's answer still goes out."""
        name = function.rsplit(".", 1)[-1].replace("_", " ")
        jobs = [
            Queue.prepare_data(
                function,
                args=(batch,),
                retry=retry,
                description=f"{name} {batch[0]}…{batch[-1]} ({len(batch)})",
            )
            for batch in (ids[i : i + size] for i in range(0, len(ids), size))
        ]
        try:
            queue.enqueue_many(jobs, pipeline=self._pipe)  # inside ``together``: not sent yet
            if self._pipe is not None:
                self._pending.append((what, ids))
        except RedisError as exc:
            # The rows are the truth: the sweep's relay hands them off again once Redis answers.
            log.error("could not enqueue %s %s (%s); the sweep will retry", what, ids, _said(exc))

    def enqueue_pushes(self, push_ids: Iterable[int]) -> None:
        """Queue ``handle_push`` for each kept provider push, before anything else (a customer
        waits on the replies it carries)."""
        self._enqueue("gateway.jobs.handle_push", push_ids, "handle push", queue=self.pushes)

    def sends_not_in_hand(self, message_ids: Iterable[int]) -> list[int]:
        """The ids among ``message_ids`` that no send job Redis holds names (waiting, running,
        or scheduled for a retry)."""
        ids = list(message_ids)
        if not ids:
            return []
        held = self.sends_in_hand()
        return [i for i in ids if i not in held]

    def sends_in_hand(self) -> set[int]:
        """Every message id a send job in Redis names: one read of the jobs, however many
        texts they carry."""
        job_ids: set[str] = set()
        for queue in (self.queue, self.marketing):
            job_ids.update(queue.get_job_ids())
            for registry in (
                queue.started_job_registry,
                queue.scheduled_job_registry,
                queue.deferred_job_registry,
            ):
                job_ids.update(registry.get_job_ids())
        held: set[int] = set()
        for job in Job.fetch_many(sorted(job_ids), connection=self.connection):
            if job is None or job.get_status(refresh=False) not in _IN_HAND:
                continue
            if job.func_name == _SEND_BATCH:
                held.update(job.args[0])
            elif job.func_name == _SEND_ONE:
                held.add(job.args[0])
        return held

    def replies_not_in_hand(self, message_ids: Iterable[int]) -> list[int]:
        """The ids among ``message_ids`` no longer waiting in Redis (lost, or taken by a worker
        that may have died). For those still waiting, makes sure a job will take them."""
        ids = list(message_ids)
        if not ids:
            return []
        pipe = self.connection.pipeline(transaction=False)
        for i in ids:
            pipe.zscore(self.replies_waiting, str(i))
        scores = pipe.execute()
        lost = [i for i, score in zip(ids, scores, strict=True) if score is None]
        if len(lost) < len(ids):
            self.wake_reply_drain()
        return lost

    def _enqueue(
        self,
        function: str,
        ids: Iterable[int],
        description: str,
        queue: Queue | None = None,
    ) -> None:
        ids = list(ids)
        if not ids:
            return
        jobs = [
            Queue.prepare_data(
                function,
                args=(i,),
                job_id=_job_id(function, i),
                description=f"{description} {i}",
            )
            for i in ids
        ]
        try:
            (queue or self.queue).enqueue_many(jobs)
        except RedisError as exc:
            # The rows are the truth: the sweep's relay enqueues them again once Redis answers.
            log.error(
                "could not enqueue %s %s (%s); the sweep will retry", description, ids, _said(exc)
            )


def _said(exc: RedisError) -> str:
    """A Redis error as one line: a hand-off lost to an outage is an error for the operator (the
    work waits for the sweep), not a fault in the code, so no traceback goes with it."""
    return f"{type(exc).__name__}: {exc}"


#: The send job, and the one-text job queued before texts went in batches (still understood).
_SEND_BATCH = "gateway.jobs.send_messages"
_SEND_ONE = "gateway.jobs.send_message"
#: The CRM delivery job (``deliver_webhook``, one event a job, is still understood).
_DELIVER_BATCH = "gateway.jobs.deliver_webhooks"


def _job_id(function: str, row_id: int) -> str:
    """One job id per row and kind of work: ``send_message-42``."""
    return f"{function.rsplit('.', 1)[-1]}-{row_id}"
