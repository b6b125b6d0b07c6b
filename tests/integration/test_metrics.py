"""GET /metrics: Prometheus text behind METRICS_TOKEN, counts that a scrape adds up from every
process's files, and no customer's number anywhere in it."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from tests.support import (
    SalonHandle,
    book,
    post_signed,
    process_replies,
    reply,
    run_worker,
    twilio_form,
)

BEARER = {"Authorization": "Bearer t"}


def _value(text: str, name: str, **labels: str) -> float:
    """The sample ``name{labels…}`` in a scrape (labels in any order), 0 when absent."""
    for line in text.splitlines():
        match = re.fullmatch(r"(\w+)\{(.*)\} (\S+)", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(3))
    return 0.0


def test_a_scrape_counts_the_loop_and_names_no_customer(
    make_app: Callable[..., Flask], salon: SalonHandle
) -> None:
    app = make_app(metrics_token="t")
    client: FlaskClient = app.test_client()
    book(client, salon)
    run_worker(app)
    reply(client, salon, "确认")
    run_worker(app)

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)

    assert _value(text, "gateway_texts_total", template="confirmation_request", outcome="sent") >= 1
    assert _value(text, "gateway_replies_total", intent="confirm") >= 1
    assert (
        _value(text, "gateway_http_requests_total", route="/api/v1/appointments", status="201") >= 1
    )
    queue = app.extensions["sms_queue"].queue.name
    assert f'gateway_queue_depth{{queue="{queue}"}} 0.0' in text
    assert "13800138000" not in text
    assert "丝绒发型" not in text


def test_metrics_are_hidden_without_a_token(client: FlaskClient) -> None:
    assert client.get("/metrics", headers=BEARER).status_code == 404


def test_a_scrape_answers_while_redis_is_down(make_app: Callable[..., Flask]) -> None:
    app = make_app(metrics_token="t", redis_url="redis://127.0.0.1:1/0")
    response = app.test_client().get("/metrics", headers=BEARER)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "gateway_queue_depth{" not in text
    assert "gateway_http_requests_total" in text or "gateway_sweep_duration" in text


def test_the_replies_queue_depth_counts_replies_waiting_not_jobs(
    make_app: Callable[..., Flask], salon: SalonHandle
) -> None:
    app = make_app(metrics_token="t")
    client: FlaskClient = app.test_client()
    book(client, salon)
    run_worker(app)
    for body in ("确认", "谢谢", "1"):
        assert post_signed(client, twilio_form(body, to=salon.sender)).status_code == 200
    replies = app.extensions["sms_queue"].replies.name

    def depth() -> float:
        text = client.get("/metrics", headers=BEARER).get_data(as_text=True)
        return _value(text, "gateway_queue_depth", queue=replies)

    assert depth() == 3  # three replies wait, for one job
    process_replies(app)
    assert depth() == 0
