"""CRMs are HTTPS: a real TLS server on loopback with a certificate from a scratch certificate
authority, which the gateway trusts as a deployment would (REQUESTS_CA_BUNDLE), its verification
on. Answered, the event is delivered; an answer or a handshake that never ends is cut off at the
POST's deadline like one over plain http; a certificate no trusted authority signed is refused
with OpenSSL's reason, and retried."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from flask import Flask
from flask.testing import FlaskClient

from gateway.crm_http import CrmVerdict, post_crm_delivery
from gateway.jobs import deliver_webhook
from gateway.models import utcnow
from tests.integration.test_crm_deadline import (
    DEADLINE,
    HANG_GUARD,
    HEADERS,
    PACE,
    TIMED_OUT,
    LoopbackPeer,
    TricklingCrm,
    order_to,
)
from tests.integration.test_crm_webhooks import only_delivery, set_webhook
from tests.support import SalonHandle, book, reply

#: The CRM's host name, as in its certificate; the tests' resolver sends it to loopback.
CRM_HOST = "crm.salon.test"


@pytest.fixture(autouse=True)
def crm_host_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolving(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != CRM_HOST:
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    # The system resolver, which the URL check asks (the tests' app allows private addresses).
    monkeypatch.setattr(socket, "getaddrinfo", resolving)


@pytest.fixture
def scratch_ca() -> trustme.CA:
    return trustme.CA(organization_name="Salon CRM scratch authority")


@pytest.fixture
def trusted(scratch_ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The scratch authority is the one the deployment trusts, as an operator sets it."""
    bundle = tmp_path / "crm-ca.pem"
    scratch_ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    return bundle


def server_tls(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*(names or (CRM_HOST,))).configure_cert(context)
    return context


@pytest.fixture
def servers() -> Iterator[list[Any]]:
    running: list[Any] = []
    yield running
    for server in running:
        server.close()


def https_crm(
    servers: list[Any], tls: ssl.SSLContext, at_once: bytes, trickled: bytes = b""
) -> TricklingCrm:
    server = TricklingCrm(at_once, trickled, tls=tls, host=CRM_HOST)
    servers.append(server)
    return server


def test_an_https_crm_with_a_trusted_certificate_gets_the_event(
    app: Flask,
    client: FlaskClient,
    salon: SalonHandle,
    servers: list[Any],
    scratch_ca: trustme.CA,
    trusted: Path,
) -> None:
    crm = https_crm(servers, server_tls(scratch_ca), b"HTTP/1.1 200 OK\r\n" + HEADERS)
    set_webhook(app, salon, crm.url)
    book(client, salon)
    reply(client, salon, "确认")
    delivery_id = only_delivery(client, salon)["id"]

    with app.app_context():
        outcome = deliver_webhook(delivery_id, now=utcnow(), total=DEADLINE)

    assert outcome == "delivered: HTTP 200"
    delivered = only_delivery(client, salon)
    assert delivered["status"] == "delivered"
    [attempt] = delivered["attempt_log"]
    assert (attempt["status_code"], attempt["error"]) == (200, None)
    assert b'"appointment.confirmed"' in crm.requests[0]
    assert crm.refused is None


UNKNOWN_ISSUER = "unable to get local issuer certificate"


@pytest.mark.parametrize(
    ("issued_by", "name", "why"),
    [
        pytest.param("another authority", CRM_HOST, UNKNOWN_ISSUER, id="unknown-authority"),
        # No bundle set: the public authorities alone, none of which signed it.
        pytest.param("no bundle", CRM_HOST, UNKNOWN_ISSUER, id="public-authorities-only"),
        pytest.param(
            "the trusted authority",
            "crm.other-salon.test",
            f"hostname '{CRM_HOST}' doesn't match 'crm.other-salon.test'",
            id="another-name",
        ),
    ],
)
def test_a_certificate_the_gateway_cannot_trust_is_refused_with_the_reason(
    servers: list[Any],
    scratch_ca: trustme.CA,
    trusted: Path,
    monkeypatch: pytest.MonkeyPatch,
    issued_by: str,
    name: str,
    why: str,
) -> None:
    issuer = trustme.CA() if issued_by == "another authority" else scratch_ca
    if issued_by == "no bundle":
        monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    crm = https_crm(servers, server_tls(issuer, name), b"HTTP/1.1 200 OK\r\n" + HEADERS)

    answer = post_crm_delivery(order_to(crm.url), total=DEADLINE, allow_private=True)

    assert (answer.verdict, answer.status_code, answer.error) == (
        CrmVerdict.RETRY,
        None,
        f"TLS failed: the certificate of {CRM_HOST} was not accepted ({why})",
    )
    assert crm.requests == [], "the event went to a CRM whose certificate was not trusted"
    assert crm.closed.wait(HANG_GUARD)


def test_an_answer_trickled_over_tls_is_cut_off_at_the_deadline(
    servers: list[Any], scratch_ca: trustme.CA, trusted: Path
) -> None:
    trickled = b"HTTP/1.1 200 OK\r\n" + HEADERS
    crm = https_crm(servers, server_tls(scratch_ca), b"", trickled)
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
    assert crm.requests, "the CRM never got the event over TLS"
    assert crm.closed.wait(HANG_GUARD), "the gateway left the connection open"


class StallingHandshake(LoopbackPeer):
    """Accepts the TCP connection, reads the gateway's ClientHello, then sends its own half of
    the handshake one byte every ``PACE`` seconds (``dribble``) or nothing at all."""

    def __init__(self, tls: ssl.SSLContext, *, dribble: bool) -> None:
        self.tls, self.dribble = tls, dribble
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.sent = 0
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"https://{CRM_HOST}:{self.listener.getsockname()[1]}/hooks/sms"

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            handshake = self.tls.wrap_bio(incoming, outgoing, server_side=True)
            connection.settimeout(HANG_GUARD)
            while not outgoing.pending:
                incoming.write(connection.recv(65536))
                try:
                    handshake.do_handshake()
                except ssl.SSLWantReadError:
                    pass
            flight = outgoing.read() if self.dribble else b""
            connection.settimeout(PACE)
            for byte in flight:
                if self._gone(connection):
                    return
                connection.sendall(bytes([byte]))
                self.sent += 1
            connection.settimeout(HANG_GUARD)
            self._gone(connection)


@pytest.mark.parametrize("dribble", [True, False], ids=["dribbled", "silent"])
def test_a_handshake_that_never_ends_is_cut_off_inside_the_deadline(
    servers: list[Any], scratch_ca: trustme.CA, trusted: Path, dribble: bool
) -> None:
    """The handshake is one wait bounded as a whole by the connect timeout, which is never over
    the deadline (here under it, as 3 s is under 15 s in production): a CRM sending its half a
    byte at a time, each well inside that timeout, is cut off like a silent one."""
    crm = StallingHandshake(server_tls(scratch_ca), dribble=dribble)
    servers.append(crm)
    connect_within = DEADLINE / 2

    started = time.monotonic()
    answer = post_crm_delivery(
        order_to(crm.url), timeout=connect_within, total=DEADLINE, allow_private=True
    )
    took = time.monotonic() - started
    assert took < HANG_GUARD, f"the POST took {took:.1f} s"

    assert (answer.verdict, answer.status_code, answer.error) == (
        CrmVerdict.RETRY,
        None,
        f"timeout: no connection within {connect_within:g} s",
    )
    if dribble:
        assert 0 < crm.sent < HANG_GUARD / PACE
    assert crm.closed.wait(HANG_GUARD), "the gateway left the connection open"


class PlainHttpCrm(LoopbackPeer):
    """A CRM serving plain HTTP: to the gateway's TLS hello, as to any bytes that are no
    request, it answers 400 at once, as web servers do."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"https://{CRM_HOST}:{self.listener.getsockname()[1]}/hooks/sms"

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            connection.settimeout(HANG_GUARD)
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            self._gone(connection)


def test_an_https_address_of_a_crm_speaking_plain_http_is_refused_with_the_reason(
    servers: list[Any], trusted: Path
) -> None:
    """The commonest slip in setting a webhook: https:// for a CRM that serves plain HTTP on that
    port. OpenSSL's reason is what its developer reads; nothing counts as delivered."""
    crm = PlainHttpCrm()
    servers.append(crm)

    answer = post_crm_delivery(order_to(crm.url), total=DEADLINE, allow_private=True)

    assert (answer.verdict, answer.status_code) == (CrmVerdict.RETRY, None)
    assert answer.error == "TLS failed: WRONG_VERSION_NUMBER"
