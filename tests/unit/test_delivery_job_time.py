"""How long a CRM delivery job can run, from the figures that bound it: under RQ's job timeout
whatever the CRMs do, each POST being cut off at its total deadline however slowly its host name
resolves or its answer trickles in (tests/integration/test_crm_deadline.py). (Should RQ's
timeout go off all the same, tests/integration/test_crm_webhooks.py walks a job that runs out
of time.)"""

from __future__ import annotations

from rq import Queue

from gateway.crm_http import CONNECT_TIMEOUT_SECONDS, TIMEOUT_SECONDS, TOTAL_SECONDS
from gateway.db import SQLITE_LOCK_WAIT_SECONDS
from gateway.jobs import SLOW_CRM_SECONDS
from gateway.queueing import DELIVERY_BATCH


def test_a_delivery_job_ends_inside_rqs_timeout_whatever_the_crms_do() -> None:
    # Every event but the last took at most SLOW_CRM_SECONDS, claim, POST and record together,
    # or the events after it left the job.
    before_the_last = (DELIVERY_BATCH - 1) * SLOW_CRM_SECONDS
    # The last: its claim and its record each waiting out SQLite's lock wait, and its POST
    # all of its deadline (the lookup, connecting, sending, and an answer a byte at a time).
    the_last = 2 * SQLITE_LOCK_WAIT_SECONDS + TOTAL_SECONDS
    # 18 s + 75 s = 93 s. The webhooks queue takes RQ's default timeout (gateway/queueing.py
    # sets none).
    assert before_the_last + the_last < Queue.DEFAULT_TIMEOUT == 180


def test_a_silent_crm_meets_the_read_timeout_before_the_deadline() -> None:
    # A CRM slow to connect and then silent: its developers read "no answer within 10 s" in the
    # attempt log; "no complete answer within 15 s" is for answers that began and never ended.
    assert CONNECT_TIMEOUT_SECONDS + TIMEOUT_SECONDS < TOTAL_SECONDS
