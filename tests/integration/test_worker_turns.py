"""A worker alone on a node still sends texts while replies keep coming.

A drain of replies hands on to a fresh drain job after ``REPLY_DRAIN_SECONDS``; with the replies
queue always looked at first, that fresh job would be taken before any waiting text, CRM event
or campaign text, for as long as customers kept replying. The worker's order (``worker.py``):
after a job from the replies queue, every other queue has a turn first.
"""

from __future__ import annotations

from redis import Redis
from rq import Queue, get_current_job

import worker as worker_process

NAMES = ["t-pushes", "t-replies", "t-sms", "t-webhooks", "t-marketing"]


def took(what: str, successors: int = 0) -> None:
    """A job: says it ran; a drain job at its deadline hands on to a fresh one first."""
    job = get_current_job()
    assert job is not None
    connection = job.connection
    connection.rpush("t-ran", what)
    if successors:
        Queue("t-replies", connection=connection).enqueue(took, what, successors - 1)


def _run(connection: Redis) -> list[str]:
    worker = worker_process.GatewayWorker(NAMES, connection=connection, replies_queue="t-replies")
    worker.run(burst=True)
    return [item.decode() for item in connection.lrange("t-ran", 0, -1)]


def test_texts_waiting_go_between_drains_of_replies(redis_url: str) -> None:
    connection = Redis.from_url(redis_url)
    connection.flushdb()
    queues = {name: Queue(name, connection=connection) for name in NAMES}
    # Customers keep replying: each drain job hands on to the next, three times over.
    queues["t-replies"].enqueue(took, "drain", 3)
    queues["t-sms"].enqueue(took, "reminder 1")
    queues["t-sms"].enqueue(took, "reminder 2")
    queues["t-webhooks"].enqueue(took, "crm event")
    queues["t-marketing"].enqueue(took, "offer")
    assert _run(connection) == [
        "drain",
        "reminder 1",  # each kind of work has a turn after a drain …
        "crm event",
        "offer",
        "drain",  # … then the replies again, before the next text of the same kind
        "reminder 2",
        "drain",
        "drain",
    ]


def test_without_replies_the_order_of_priority_holds(redis_url: str) -> None:
    connection = Redis.from_url(redis_url)
    connection.flushdb()
    queues = {name: Queue(name, connection=connection) for name in NAMES}
    queues["t-marketing"].enqueue(took, "offer")
    queues["t-webhooks"].enqueue(took, "crm event")
    queues["t-sms"].enqueue(took, "reminder 1")
    queues["t-sms"].enqueue(took, "reminder 2")
    queues["t-pushes"].enqueue(took, "push")
    assert _run(connection) == ["push", "reminder 1", "reminder 2", "crm event", "offer"]
