"""How long a CRM delivery job can run, from the figures that bound it: under RQ's job timeout
for every CRM that answers within the HTTP timeouts. (A CRM that trickles its answer is bound
by none of them: tests/integration/test_crm_webhooks.py walks a job that runs out of time.)"""

from __future__ import annotations

from rq import Queue

from gateway.crm_http import CONNECT_TIMEOUT_SECONDS, TIMEOUT_SECONDS
from gateway.db import SQLITE_LOCK_WAIT_SECONDS
from gateway.jobs import SLOW_CRM_SECONDS
from gateway.queueing import DELIVERY_BATCH


def test_a_delivery_job_ends_inside_rqs_timeout_when_every_crm_answers_in_time() -> None:
    # Every event but the last took at most SLOW_CRM_SECONDS, claim, POST and record together,
    # or the events after it left the job.
    before_the_last = (DELIVERY_BATCH - 1) * SLOW_CRM_SECONDS
    # The last: its claim and its record each waiting out SQLite's lock wait, a connection
    # taking all of its time, then an answer all of its.
    the_last = 2 * SQLITE_LOCK_WAIT_SECONDS + CONNECT_TIMEOUT_SECONDS + TIMEOUT_SECONDS
    # 18 s + 73 s = 91 s. The webhooks queue takes RQ's default timeout (gateway/queueing.py
    # sets none).
    assert before_the_last + the_last < Queue.DEFAULT_TIMEOUT == 180
