"""Operators' metrics: ``GET /metrics`` in Prometheus' text format, behind METRICS_TOKEN.

Counts are kept by ``prometheus_client`` in multiprocess mode, so the gunicorn web workers and
the RQ worker processes add up: each process writes its own files under
PROMETHEUS_MULTIPROC_DIR (default ``instance/metrics``) and a scrape sums them. That mode is
chosen when prometheus_client is first imported, so this module sets the directory before it
imports the library, and every part of the gateway reaches the library only through here.

Labels are bounded on purpose: providers, templates, outcomes, intents, URL rules — never a
phone number, a salon's name or an id.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from gateway.config import INSTANCE_DIR
from gateway.instance_files import private_dir

os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(INSTANCE_DIR / "metrics"))
METRICS_DIR = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
if METRICS_DIR.is_relative_to(INSTANCE_DIR):
    private_dir(INSTANCE_DIR)  # the first thing to create instance/ makes it owner-only
METRICS_DIR.mkdir(parents=True, exist_ok=True)

# Imported only now: prometheus_client picks its multiprocess value class at import time.
from flask import Blueprint, Flask, Response, abort, current_app, request  # noqa: E402
from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric  # noqa: E402
from prometheus_client.multiprocess import MultiProcessCollector  # noqa: E402
from prometheus_client.registry import Collector  # noqa: E402
from redis.exceptions import RedisError  # noqa: E402
from rq import Queue  # noqa: E402
from rq.job import Job  # noqa: E402

from gateway import clock  # noqa: E402
from gateway.queueing import SmsQueue  # noqa: E402

log = logging.getLogger(__name__)

bp = Blueprint("metrics", __name__)

TEXTS = Counter(
    "gateway_texts_total",
    "Outbound texts by the send job's outcome (sent, or the kind of provider failure).",
    ["provider", "template", "outcome"],
)
PROVIDER_ERRORS = Counter(
    "gateway_provider_errors_total",
    "Provider refusals and failures by what they mean (failed, retry, defer, hold_*).",
    ["provider", "kind"],
)
REPLIES = Counter("gateway_replies_total", "Customers' replies by what they meant.", ["intent"])
WEBHOOKS = Counter(
    "gateway_webhook_deliveries_total",
    "Attempts to deliver an event to a salon's CRM, by outcome.",
    ["outcome"],
)
SWEEP_SECONDS = Histogram(
    "gateway_sweep_duration_seconds",
    "How long one periodic sweep (reminders, relay, retries) took.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
HTTP_REQUESTS = Counter(
    "gateway_http_requests_total",
    "HTTP requests by URL rule (or 'unmatched') and status code.",
    ["route", "status"],
)


def text_sent(provider: str, template: str | None, outcome: str, count: int = 1) -> None:
    """Count ``count`` send attempts; ``template`` is None for staff's own words."""
    TEXTS.labels(provider, template or "none", outcome).inc(count)


def provider_error(provider: str, kind: str) -> None:
    PROVIDER_ERRORS.labels(provider, kind).inc()


def reply_read(intent: str) -> None:
    REPLIES.labels(intent).inc()


def webhook_delivery(outcome: str) -> None:
    WEBHOOKS.labels(outcome).inc()


class QueueCollector(Collector):
    """Reads each queue's depth and its oldest waiting job's age from Redis at scrape time.

    Values of the moment, not counts: nothing is stored, so every process answers the same.
    """

    def __init__(self, sms_queue: SmsQueue) -> None:
        self.sms_queue = sms_queue

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "gateway_queue_depth",
            "Jobs waiting in each RQ queue; for the replies queue, replies waiting.",
            labels=["queue"],
        )
        age = GaugeMetricFamily(
            "gateway_queue_oldest_job_age_seconds",
            "How long the oldest job (reply) waiting in each queue has waited (0 when none waits).",
            labels=["queue"],
        )
        now = clock.now()
        try:
            for queue in self.sms_queue.queues:
                if queue is self.sms_queue.replies:
                    # Replies wait as ids in a set; the job that drains it is not the backlog.
                    count, oldest = self.sms_queue.waiting_replies()
                    depth.add_metric([queue.name], count)
                    waited = 0.0 if oldest is None else now.timestamp() - oldest
                    age.add_metric([queue.name], max(0.0, waited))
                    continue
                depth.add_metric([queue.name], queue.count)
                age.add_metric([queue.name], _oldest_age(queue.get_job_ids(0, 1), queue, now))
        except RedisError as exc:
            # The counts still answer; a missing queue series is what says Redis is away.
            log.warning("metrics: redis unreachable, queue depths left out: %s", exc)
            return
        yield depth
        yield age


def _oldest_age(job_ids: list[str], queue: Queue, now: datetime) -> float:
    if not job_ids:
        return 0.0
    job = Job.fetch_many(job_ids[:1], connection=queue.connection)[0]
    if job is None or job.enqueued_at is None:
        return 0.0
    enqueued = job.enqueued_at
    if enqueued.tzinfo is None:  # RQ stores UTC
        enqueued = enqueued.replace(tzinfo=UTC)
    return max(0.0, (now - enqueued).total_seconds())


def init_app(app: Flask) -> None:
    """Register ``/metrics`` and count every request by URL rule and status."""
    app.register_blueprint(bp)

    # Each (rule, status) pair's counter, looked up once per process: ``labels`` checks and
    # converts its values and takes a lock on every call. Rules and status codes are few.
    counters: dict[tuple[str, int], Counter] = {}

    @app.after_request
    def _count_request(response: Response) -> Response:
        rule = request.url_rule.rule if request.url_rule is not None else "unmatched"
        key = (rule, response.status_code)
        counter = counters.get(key)
        if counter is None:
            counter = counters[key] = HTTP_REQUESTS.labels(rule, str(response.status_code))
        counter.inc()
        return response


@bp.get("/metrics")
def scrape() -> Response:
    token: str = current_app.extensions["settings"].metrics_token
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response(
            "a bearer token (METRICS_TOKEN) is needed\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="metrics"'},
            mimetype="text/plain",
        )
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(METRICS_DIR))  # type: ignore[no-untyped-call]
    registry.register(QueueCollector(current_app.extensions["sms_queue"]))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def forget_previous_runs() -> None:
    """Remove the files of processes from an earlier run, before a new set starts (as
    prometheus_client asks): their counts would otherwise add to this run's forever."""
    for stale in METRICS_DIR.glob("*.db"):
        stale.unlink(missing_ok=True)
