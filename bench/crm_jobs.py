"""What a batch's CRM events cost in RQ jobs: the hand-off after commit, and the worker's share.

Two figures, each CPU of this process against a real Redis (``tests.servers``), nothing else:

* **hand-off**: ``SmsQueue.enqueue_deliveries`` for 1, 3, 6 and 16 events (a batch of replies'
  events), and how many jobs it queued;
* **worker**: an RQ ``SimpleWorker`` in this process taking, starting, running and finishing
  1 and 6 jobs of a function that does nothing (``len``), one burst each, so the difference
  is RQ's machinery a job (taking, marking started and done, the heartbeat), whatever the job.

Run from the repository root, on two trees to compare (``git archive``)::

    .venv/bin/python bench/crm_jobs.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis import Redis  # noqa: E402
from rq import Queue, SimpleWorker  # noqa: E402

from gateway.queueing import SmsQueue  # noqa: E402
from tests.servers import RedisServer  # noqa: E402

ROUNDS = 300


def hand_off(connection: Redis) -> None:
    queue = SmsQueue(connection, "bench")
    for events in (1, 3, 6, 16):
        ids = list(range(1000, 1000 + events))
        for _ in range(30):  # warm-up
            queue.enqueue_deliveries(ids)
        connection.flushall()
        began = time.process_time()
        for _ in range(ROUNDS):
            queue.enqueue_deliveries(ids)
        cpu = (time.process_time() - began) / ROUNDS * 1000
        jobs = queue.webhooks.count / ROUNDS
        print(f"hand-off of {events:2d} events: {cpu:.3f} ms CPU, {jobs:.1f} RQ jobs")
        connection.flushall()


def worker(connection: Redis, rounds: int = 100) -> None:
    queue = Queue("bench-worker", connection=connection)
    rq_worker = SimpleWorker([queue], connection=connection)

    def run(jobs: int, rounds: int) -> float:
        cpu = 0.0
        for _ in range(rounds):
            queue.enqueue_many([Queue.prepare_data("builtins.len", args=([1],))] * jobs)
            began = time.process_time()
            rq_worker.work(burst=True, logging_level="WARNING")
            cpu += time.process_time() - began
        return cpu / rounds * 1000

    run(6, 20)  # warm-up
    one, six = run(1, rounds), run(6, rounds)
    print(
        f"worker: 1 job {one:.2f} ms CPU, 6 jobs {six:.2f} ms a burst: "
        f"{(six - one) / 5:.2f} ms of RQ's machinery a job"
    )


def main() -> None:
    server = RedisServer()
    url = server.start()
    try:
        connection = Redis.from_url(url)
        hand_off(connection)
        worker(connection)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
