"""One POST to a CRM has a total deadline: a CRM trickling its answer a byte at a time (each
byte well within the read timeout) is cut off at the deadline, its connection closed, and the
event retried later, instead of holding the worker until RQ's job timeout."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.crm_http import CrmDeliveryOrder, CrmVerdict, post_crm_delivery
from gateway.jobs import deliver_webhook
from gateway.models import utcnow
from tests.integration.test_crm_webhooks import at, only_delivery, set_webhook
from tests.support import SalonHandle, book, reply

#: The deadline the tests inject: a few of the trickle's bytes fit in it, the whole answer not.
DEADLINE = 1.0
#: Seconds between two bytes of a trickled answer: far inside any read timeout.
PACE = 0.2
#: Only against a hang: the attempt must return, the deadline being what ends it.
HANG_GUARD = 5.0
TIMED_OUT = f"timeout: no complete answer within {DEADLINE:g} s"

HEADERS = (
    b"Content-Type: application/json\r\n"
    b"X-Request-Id: 3f1c9a7e-5b2d-4e8f-9a61-0c7d2e4b8f13\r\n"
    b"Content-Length: 0\r\n\r\n"
)


class LoopbackPeer:
    """A server on loopback for one connection from the gateway: ``closed`` is set once the
    gateway has closed it."""

    listener: socket.socket
    closed: threading.Event

    def _gone(self, connection: socket.socket) -> bool:
        """Waits up to the connection's timeout for the gateway to close it."""
        try:
            gone = connection.recv(1) == b""
        except TimeoutError:
            return False
        except OSError:
            gone = True
        if gone:
            self.closed.set()
        return gone

    def close(self) -> None:
        self.listener.close()


class TricklingCrm(LoopbackPeer):
    """A CRM on loopback that reads the POST, sends ``at_once`` of its answer, then the rest one
    byte every ``PACE`` seconds; ``closed`` is set once the gateway has closed the connection.

    With ``tls`` it speaks HTTPS (each trickled byte a TLS record of its own) at ``host``, a
    name the test resolves to loopback; ``refused`` is why its handshake failed, if it did."""

    def __init__(
        self,
        at_once: bytes,
        trickled: bytes,
        tls: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.at_once, self.trickled = at_once, trickled
        self.tls, self.host = tls, host
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.requests: list[bytes] = []
        self.refused: str | None = None
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.listener.getsockname()[1]}/hooks/sms"

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        if self.tls is not None:
            connection.settimeout(HANG_GUARD)
            try:
                connection = self.tls.wrap_socket(connection, server_side=True)
            except OSError as exc:  # the gateway refused our certificate, or hung up
                self.refused = str(exc)
                connection.close()
                self.closed.set()
                return
            connection.settimeout(None)
        with connection:
            request = _read_request(connection)
            if not request:
                self.closed.set()
                return
            self.requests.append(request)
            connection.sendall(self.at_once)
            connection.settimeout(PACE)
            for byte in self.trickled:
                if self._gone(connection):
                    return
                connection.sendall(bytes([byte]))
            connection.settimeout(HANG_GUARD)
            self._gone(connection)


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        received = connection.recv(4096)
        if not received:  # the gateway hung up before sending it
            return b""
        data += received
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += connection.recv(4096)
    return body


@pytest.fixture
def trickling() -> Iterator[list[TricklingCrm]]:
    servers: list[TricklingCrm] = []
    yield servers
    for server in servers:
        server.close()


def crm_answering(servers: list[TricklingCrm], at_once: bytes, trickled: bytes) -> TricklingCrm:
    server = TricklingCrm(at_once, trickled)
    servers.append(server)
    return server


def order_to(url: str) -> CrmDeliveryOrder:
    return CrmDeliveryOrder(
        delivery_id=1,
        salon_id=1,
        event_id="evt_trickle",
        url=url,
        secrets=("whsec_" + "A" * 32,),
        payload=json.dumps({"id": "evt_trickle", "type": "appointment.confirmed"}),
    )


@pytest.mark.parametrize(
    ("at_once", "trickled"),
    [
        pytest.param(b"", b"HTTP/1.1 200 OK\r\n" + HEADERS, id="status-line"),
        pytest.param(b"HTTP/1.1 200 OK\r\n", HEADERS, id="headers"),
        pytest.param(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 64\r\n\r\n",
            b"database is locked; try again later, we are working on it......",
            id="error-body",
        ),
    ],
)
def test_a_trickled_answer_is_cut_off_at_the_deadline_and_retried(
    trickling: list[TricklingCrm], at_once: bytes, trickled: bytes
) -> None:
    crm = crm_answering(trickling, at_once, trickled)
    # Without the deadline the trickle would take this long, past the guard below.
    assert len(trickled) * PACE > HANG_GUARD

    started = time.monotonic()
    answer = post_crm_delivery(order_to(crm.url), total=DEADLINE, allow_private=True)
    took = time.monotonic() - started
    assert took < HANG_GUARD, f"the POST took {took:.1f} s"

    assert (answer.verdict, answer.status_code, answer.error) == (
        CrmVerdict.RETRY,
        None,
        TIMED_OUT,
    )
    assert crm.requests, "the CRM never got the event"
    assert crm.closed.wait(HANG_GUARD), "the gateway left the connection open"


def test_a_prompt_answer_is_delivered_well_inside_the_deadline(
    trickling: list[TricklingCrm],
) -> None:
    crm = crm_answering(trickling, b"HTTP/1.1 200 OK\r\n" + HEADERS, b"")
    answer = post_crm_delivery(order_to(crm.url), total=DEADLINE, allow_private=True)
    assert (answer.verdict, answer.status_code, answer.error) == (CrmVerdict.DELIVERED, 200, None)
    assert json.loads(crm.requests[0])["id"] == "evt_trickle"
    assert crm.closed.wait(HANG_GUARD)


def test_a_prompt_refusal_keeps_its_excerpt(trickling: list[TricklingCrm]) -> None:
    crm = crm_answering(
        trickling,
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 18\r\n\r\ndatabase is locked",
        b"",
    )
    answer = post_crm_delivery(order_to(crm.url), total=DEADLINE, allow_private=True)
    assert (answer.verdict, answer.status_code, answer.error) == (
        CrmVerdict.RETRY,
        500,
        "HTTP 500 Internal Server Error: database is locked",
    )


def test_a_trickling_crm_is_recorded_as_timed_out_and_retried(
    app: Flask, client: FlaskClient, salon: SalonHandle, trickling: list[TricklingCrm]
) -> None:
    crm = crm_answering(trickling, b"", b"HTTP/1.1 200 OK\r\n" + HEADERS)
    set_webhook(app, salon, crm.url)
    book(client, salon)
    reply(client, salon, "确认")
    delivery_id = only_delivery(client, salon)["id"]
    now = utcnow()

    started = time.monotonic()
    with app.app_context():
        outcome = deliver_webhook(delivery_id, now=now, total=DEADLINE)
    took = time.monotonic() - started
    assert took < HANG_GUARD, f"the job took {took:.1f} s"

    assert outcome.startswith("retry at")
    waiting = only_delivery(client, salon)
    [attempt] = waiting["attempt_log"]
    assert (attempt["status_code"], attempt["error"]) == (None, TIMED_OUT)
    assert waiting["status"] == "pending"
    assert now < at(waiting["next_attempt_at"]) <= now + timedelta(seconds=30)
    assert crm.closed.wait(HANG_GUARD)


# --- The host name's lookup, inside the deadline ---------------------------------------------

CRM_HOST = "crm.salon.test"


class SlowResolver:
    """The system resolver, answering for ``CRM_HOST`` (loopback) only after ``delay`` s."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.delay = 0.0
        self.asked = 0
        real = socket.getaddrinfo

        def resolving(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host != CRM_HOST:
                return real(host, port, *args, **kwargs)
            self.asked += 1
            time.sleep(self.delay)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

        # What the URL check asks; getaddrinfo takes no timeout and cannot be interrupted.
        monkeypatch.setattr(socket, "getaddrinfo", resolving)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> SlowResolver:
    return SlowResolver(monkeypatch)


def test_a_host_lookup_that_hangs_is_given_up_at_the_deadline(
    trickling: list[TricklingCrm], resolver: SlowResolver
) -> None:
    crm = crm_answering(trickling, b"HTTP/1.1 200 OK\r\n" + HEADERS, b"")
    crm.host = CRM_HOST
    # Past the deadline, though it answers in the end: waited for, the CRM would get the event.
    resolver.delay = 3 * DEADLINE

    answer = post_crm_delivery(order_to(crm.url), total=DEADLINE, allow_private=True)

    assert (answer.verdict, answer.status_code, answer.error) == (
        CrmVerdict.RETRY,
        None,
        f"the host {CRM_HOST} could not be resolved (no answer within {DEADLINE:g} s)",
    )
    assert resolver.asked == 1
    assert crm.requests == [], "the POST went on past its deadline"


def test_a_slow_lookup_leaves_the_post_only_the_rest_of_the_deadline(
    trickling: list[TricklingCrm], resolver: SlowResolver
) -> None:
    # Each part well inside the deadline, the two together not: the answer's last bytes come
    # PACE apart, 4 * PACE after the event, when the lookup has taken most of the deadline.
    crm = crm_answering(trickling, b"HTTP/1.1 200 OK\r\nContent-Length: 0", b"\r\n\r\n")
    crm.host = CRM_HOST
    resolver.delay = 0.8 * DEADLINE
    assert resolver.delay < DEADLINE and 4 * PACE < DEADLINE < resolver.delay + 4 * PACE

    answer = post_crm_delivery(order_to(crm.url), total=DEADLINE, allow_private=True)

    assert (answer.verdict, answer.status_code, answer.error) == (
        CrmVerdict.RETRY,
        None,
        TIMED_OUT,
    )
    assert crm.requests, "the CRM never got the event"
    assert crm.closed.wait(HANG_GUARD)


def test_a_hanging_lookup_is_recorded_for_the_crms_developers_and_retried(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    trickling: list[TricklingCrm],
    resolver: SlowResolver,
) -> None:
    crm = crm_answering(trickling, b"HTTP/1.1 200 OK\r\n" + HEADERS, b"")
    crm.host = CRM_HOST
    set_webhook(app, salon, crm.url)
    book(client, salon)
    reply(client, salon, "确认")
    delivery_id = only_delivery(client, salon)["id"]
    resolver.delay = 3 * DEADLINE
    now = utcnow()

    with app.app_context():
        outcome = deliver_webhook(delivery_id, now=now, total=DEADLINE)

    assert outcome.startswith("retry at")
    waiting = only_delivery(client, salon)
    [attempt] = waiting["attempt_log"]
    assert (attempt["status_code"], attempt["error"]) == (
        None,
        f"the host {CRM_HOST} could not be resolved (no answer within {DEADLINE:g} s)",
    )
    assert waiting["status"] == "pending"
    assert now < at(waiting["next_attempt_at"]) <= now + timedelta(seconds=30)
    assert crm.requests == []
