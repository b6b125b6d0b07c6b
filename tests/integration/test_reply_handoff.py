"""The webhook's hand-off of a stored reply to the workers: one Redis command per reply, one job
to drain a burst, and nothing lost when Redis has forgotten the script (a restart)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gateway.queueing import SmsQueue
from tests.support import SalonHandle, book, post_signed, run_worker, status_of, twilio_form

PHONE = "13800138001"


def _reply(client: FlaskClient, salon: SalonHandle, body: str) -> None:
    form = twilio_form(body, to=salon.sender, sender=f"+86{PHONE}")
    assert post_signed(client, form).status_code == 200


def _commands(sms_queue: SmsQueue) -> dict[str, int]:
    """Redis's count of each command it has run (scripts' own calls included)."""
    stats: dict[str, Any] = sms_queue.connection.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(s["calls"]) for name, s in stats.items()}


def test_a_burst_of_replies_costs_redis_one_command_each_and_queues_one_drain_job(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon, external_id="A-1", customer={"phone": PHONE})
    run_worker(app)  # the confirmation request goes
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    _reply(client, salon, "谢谢")  # the first reply of the burst queues the drain job
    before = _commands(sms_queue)
    for body in ("好的", "确认", "谢谢"):
        _reply(client, salon, body)
    after = _commands(sms_queue)
    assert sms_queue.replies.count == 1  # one job drains the four
    assert sms_queue.waiting_replies()[0] == 4
    # Each hand-off after the first is one script run and nothing else from the webhook: no
    # ZADD or LLEN sent on their own, and no second job (operators see it in INFO commandstats).
    sent = {name: after[name] - before.get(name, 0) for name in after}
    assert sent.get("evalsha") == 3
    assert sent.get("rpush", 0) == 0
    run_worker(app)
    assert status_of(client, salon, "A-1") == "confirmed"
    assert sms_queue.waiting_replies() == (0, None)


def test_a_reply_handed_off_after_redis_forgot_its_scripts_is_acted_on(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon, external_id="A-1", customer={"phone": PHONE})
    run_worker(app)
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    _reply(client, salon, "谢谢")
    sms_queue.connection.script_flush()  # as after a restart of Redis
    run_worker(app)
    _reply(client, salon, "确认")
    assert sms_queue.replies.count == 1
    run_worker(app)
    assert status_of(client, salon, "A-1") == "confirmed"


def test_an_id_handed_off_again_keeps_its_place_in_line(app: Flask) -> None:
    sms_queue: SmsQueue = app.extensions["sms_queue"]
    sms_queue.enqueue_replies([41])
    sms_queue.enqueue_replies([42])
    first_place = sms_queue.connection.zscore(sms_queue.replies_waiting, "41")
    sms_queue.enqueue_replies([42, 41])  # the sweep's relay hands both off again
    assert sms_queue.connection.zscore(sms_queue.replies_waiting, "41") == first_place
    assert sms_queue.replies.count == 1
    assert sms_queue.take_replies() == [41, 42]  # the oldest first, each once
