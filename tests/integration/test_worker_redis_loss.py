"""The worker leaves RQ's loop quietly to wait for Redis, wherever in the loop Redis goes away:
an outage is logged once by ``supervise``, never as RQ's "unhandled exception" traceback (which
Redis killed while RQ checked for suspension used to give, seen in ``tests/e2e/test_outages.py``).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq.worker.base import BaseWorker

import worker as worker_process


@pytest.mark.parametrize(
    "step", ["check_for_suspension", "run_maintenance_tasks", "set_state", "heartbeat"]
)
def test_redis_lost_at_any_step_of_rqs_loop_ends_it_without_a_traceback(
    redis_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, step: str
) -> None:
    # set_state("idle") is the first Redis call of RQ's wait for a job, outside the part of it
    # RQ retries; killed there, Redis gave the outage test its occasional traceback.
    original = getattr(BaseWorker, step)

    def reset(self: BaseWorker, *args: Any, **kwargs: Any) -> Any:
        if step == "set_state" and args[0] != "idle":
            return original(self, *args, **kwargs)  # the worker's birth and death
        raise RedisConnectionError(
            "Error while reading from 127.0.0.1:6379 : (104, 'Connection reset by peer')"
        )

    monkeypatch.setattr(BaseWorker, step, reset)
    monkeypatch.setattr(BaseWorker, "should_run_maintenance_tasks", property(lambda self: True))
    gateway_worker = worker_process.GatewayWorker(["sms"], connection=Redis.from_url(redis_url))
    with caplog.at_level(logging.INFO), pytest.raises(worker_process.RedisLost):
        gateway_worker.run(burst=True)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
