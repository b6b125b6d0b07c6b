"""Losing Redis while work is handed off: the operator reads one error line saying what waits for
the sweep, never a traceback (the rows are the truth; the worker reports the outage itself)."""

from __future__ import annotations

import logging
import socket

import pytest
from redis import Redis

from gateway.queueing import SmsQueue


def _unreachable_redis() -> Redis:
    with socket.socket() as probe:  # a port nothing listens on: every call is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)


@pytest.mark.parametrize(
    ("hand_off", "what"),
    [
        (lambda q: q.enqueue_sends([7, 8]), "could not enqueue sends [7, 8]"),
        (lambda q: q.enqueue_replies([9]), "could not enqueue replies [9]"),
        (lambda q: q.enqueue_deliveries([3]), "could not enqueue"),
    ],
    ids=["sends", "replies", "crm-events"],
)
def test_a_hand_off_without_redis_is_one_line_and_no_traceback(
    hand_off: object, what: str, caplog: pytest.LogCaptureFixture
) -> None:
    sms_queue = SmsQueue(_unreachable_redis(), "sms")
    with caplog.at_level(logging.WARNING, logger="gateway.queueing"):
        hand_off(sms_queue)  # type: ignore[operator]
    [record] = caplog.records
    assert what in record.getMessage()
    assert "the sweep will retry" in record.getMessage()
    assert "ConnectionError" in record.getMessage()
    assert record.levelname == "ERROR"  # an operator's alert, as before
    assert record.exc_info is None


def test_a_batchs_hand_off_without_redis_says_what_waits_for_the_sweep(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sms_queue = SmsQueue(_unreachable_redis(), "sms")
    with caplog.at_level(logging.WARNING, logger="gateway.queueing"):
        with sms_queue.together() as together:
            together.enqueue_sends([7, 8])
            together.enqueue_deliveries([3])
    said = [record.getMessage() for record in caplog.records]
    assert len(said) == 2
    assert "could not enqueue sends [7, 8]" in said[0]
    assert "could not enqueue deliveries [3]" in said[1]
    assert all("the sweep will retry" in line and "ConnectionError" in line for line in said)
    assert all(record.exc_info is None for record in caplog.records)
