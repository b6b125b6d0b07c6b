"""The HTTP side of an event webhook: one signed POST to the salon's CRM, and what came of it.

An adapter, like a provider: the only place ``requests`` is used. The URL is checked again at
every attempt (``services.crm.webhook_urls``) and the connection goes to the very address that
check judged (``PinnedAddress``), so a name that now resolves into our own network is never
reached. One POST has a total deadline (``TOTAL_SECONDS``, its host name's lookup included, which
runs in a thread the POST stops waiting for; then kept by a ``Watchdog``): the read
timeout is for each read, and a CRM trickling its answer a byte at a time would otherwise hold
the POST, and the worker, without end. Claiming, recording and retrying are
``services.crm.webhook_delivery``'s.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, cast
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.models import PreparedRequest
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.ssl_match_hostname import CertificateError

from gateway.config import trusted_cas
from gateway.domain import signing
from gateway.services.crm.webhook_urls import (
    HostNotFound,
    Resolver,
    WebhookUrlRefused,
    check_webhook_url,
    resolver_within,
)

if TYPE_CHECKING:
    from requests.adapters import _HostParams, _PoolKwargs

#: Seconds to wait for the CRM to connect, and then for each read; a slow CRM is retried later.
TIMEOUT_SECONDS = 10.0
#: A CRM that does not even accept the connection this fast is down: retry later, free the worker.
CONNECT_TIMEOUT_SECONDS = 3.0
#: The whole POST, from looking the host up to the last byte of the answer read: past it the
#: connection is shut and the attempt retried later, however steadily the CRM was still
#: trickling bytes.
TOTAL_SECONDS = 15.0
USER_AGENT = "salon-sms-gateway-webhooks/1.0"
#: How much of a refusing CRM's answer is kept in the attempt log, for its developers.
ERROR_BODY_CHARS = 200


@dataclass(frozen=True, slots=True)
class CrmDeliveryOrder:
    """What the job needs for one HTTP attempt, read inside the claiming transaction."""

    delivery_id: int
    salon_id: int
    event_id: str
    url: str
    secrets: tuple[str, ...]
    payload: str


class CrmVerdict(Enum):
    DELIVERED = "delivered"
    #: Worth trying again later: timeouts, connection errors, 408, 429, 5xx.
    RETRY = "retry"
    #: The CRM (or our URL rule) refused it; trying again would get the same answer.
    FAILED = "failed"
    #: 410 Gone: the endpoint is no more; nothing else goes to it until the URL is set again.
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class CrmAnswer:
    """How one attempt went."""

    verdict: CrmVerdict
    duration_ms: int
    status_code: int | None = None
    error: str | None = None
    #: The CRM's Retry-After header, as sent (seconds or an HTTP date).
    retry_after: str | None = None


def verdict_for(status_code: int) -> CrmVerdict:
    if 200 <= status_code < 300:
        return CrmVerdict.DELIVERED
    if status_code == 410:
        return CrmVerdict.GONE
    if status_code in (408, 429) or status_code >= 500:
        return CrmVerdict.RETRY
    return CrmVerdict.FAILED


class Watchdog:
    """Shuts one POST's connection down when its time is up, wherever the POST is waiting.

    A socket's timeout bounds each read, never their sum, and urllib3's ``Timeout(total=...)``
    only shortens the read timeout once, before the answer: a CRM sending a byte every few
    seconds passes both. Shutting the socket down from a timer thread ends whatever read is
    blocked (the status line, a header, the body, a TLS record): it sees the connection closed,
    the POST fails, and ``expired`` says it was the deadline.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._over = False
        self._ready = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @property
    def expired(self) -> bool:
        with self._lock:
            return self._expired

    @property
    def ready(self) -> bool:
        """Whether a connection got as far as the request: connected, TLS done if any."""
        with self._lock:
            return self._ready

    def connected(self) -> None:
        with self._lock:
            self._ready = True

    def watch(self, sock: socket.socket) -> None:
        """Take in a connection's socket, as soon as it is connected."""
        # A duplicate descriptor: TLS detaches the socket object it wraps, and urllib3 may close
        # its own at any time; the duplicate names this connection until we close it, never a
        # descriptor number the process has since reused for something else.
        watched = sock.dup()
        with self._lock:
            self._sockets.append(watched)
            if self._expired:  # connected just as the time ran out
                _shut(watched)

    def _expire(self) -> None:
        with self._lock:
            if self._over:  # the POST ended as the timer went off
                return
            self._expired = True
            for watched in self._sockets:
                _shut(watched)

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._timer.cancel()
        with self._lock:
            self._over = True
            for watched in self._sockets:
                watched.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed, by the CRM or urllib3


class _WatchedHTTPConnection(HTTPConnection):
    def __init__(self, *args: Any, watchdog: Watchdog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watchdog = watchdog

    def _new_conn(self) -> socket.socket:
        # urllib3's step that opens the TCP connection: the watchdog has the socket before TLS,
        # the request or the answer can hold it.
        sock = super()._new_conn()
        self._watchdog.watch(sock)
        return sock

    def connect(self) -> None:
        # HTTPSConnection's, by inheritance, once TLS is done too: a timeout before this is
        # the connect timeout's (a handshake is one wait, bounded by it as a whole).
        super().connect()
        self._watchdog.connected()


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    """The same watch before TLS: ``_new_conn`` is the TCP step HTTPSConnection inherits, and
    ``connect`` comes before HTTPSConnection's in the method order."""


class PinnedAddress(HTTPAdapter):
    """Connects to ``address`` whatever the URL's host name resolves to now.

    The address is the one ``check_webhook_url`` judged: resolving the name again could give
    another answer (a DNS rebinding) and reach our own network. Only the TCP connection moves:
    the Host header, TLS's SNI and the certificate check still use the URL's host name. Each
    connection it opens is handed to ``watchdog``, which shuts it down at the POST's deadline.
    """

    def __init__(self, address: str, watchdog: Watchdog) -> None:
        super().__init__(max_retries=0)
        self._host = f"[{address}]" if ":" in address else address
        self._watchdog = watchdog

    def build_connection_pool_key_attributes(
        self,
        request: PreparedRequest,
        verify: bool | str,
        cert: str | tuple[str, str] | None = None,
    ) -> tuple[_HostParams, _PoolKwargs]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        hostname = urlsplit(str(request.url)).hostname
        if host_params["scheme"] == "https":
            # urllib3's documented pool settings: SNI and certificate for the name, not the IP.
            cast(dict[str, Any], pool_kwargs).update(
                server_hostname=hostname, assert_hostname=hostname
            )
        host_params["host"] = self._host
        return host_params, pool_kwargs

    def add_headers(self, request: PreparedRequest, **kwargs: Any) -> None:
        # Without it the Host header would name the address connected to.
        request.headers["Host"] = urlsplit(str(request.url)).netloc.rpartition("@")[2]

    def get_connection_with_tls_context(
        self,
        request: PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: tuple[str, str] | str | None = None,
    ) -> ConnectionPool:
        pool = super().get_connection_with_tls_context(request, verify, proxies, cert)
        # urllib3 makes each connection as ``pool.ConnectionCls(..., **pool.conn_kw)``.
        if isinstance(pool, HTTPSConnectionPool):
            pool.ConnectionCls = _WatchedHTTPSConnection
        elif isinstance(pool, HTTPConnectionPool):
            pool.ConnectionCls = _WatchedHTTPConnection
        else:
            raise TypeError(f"unexpected connection pool {type(pool).__name__}")
        pool.conn_kw["watchdog"] = self._watchdog
        return pool


def post_crm_delivery(
    order: CrmDeliveryOrder,
    *,
    timeout: float = TIMEOUT_SECONDS,
    total: float = TOTAL_SECONDS,
    allow_private: bool = False,
    clock: Callable[[], float] = time.time,
    resolve: Resolver | None = None,
) -> CrmAnswer:
    """One signed POST of the event to the CRM, ended after ``total`` seconds whatever it is
    waiting for, the host name's lookup included. Opens no transaction; never raises for the
    CRM's failures, which are the answer."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        # Checked at every attempt: the name may point somewhere else since it was set.
        address = check_webhook_url(
            order.url, allow_private=allow_private, resolve=resolver_within(total, resolve)
        )
    except HostNotFound as exc:
        return CrmAnswer(CrmVerdict.RETRY, elapsed(), error=str(exc))
    except WebhookUrlRefused as exc:
        return CrmAnswer(CrmVerdict.FAILED, elapsed(), error=f"not sent: {exc}")

    # The signature's time is when it is sent, by the wall clock the CRM compares it with.
    headers = signing.headers(order.secrets, order.event_id, int(clock()), order.payload)
    headers |= {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    timed_out = f"timeout: no complete answer within {total:g} s"
    # What the lookup left of the deadline: the total is the whole attempt's.
    left = total - (time.monotonic() - started)
    if left <= 0:
        return CrmAnswer(CrmVerdict.RETRY, elapsed(), error=timed_out)
    with Watchdog(left) as watchdog:
        answer = _post(
            order,
            address,
            headers,
            (min(CONNECT_TIMEOUT_SECONDS, timeout, left), timeout),
            watchdog,
            elapsed,
        )
    if watchdog.expired:
        # Whatever the POST made of its connection shut under it (reset, a half-read answer),
        # the CRM had not answered in full: its status, if it came, is not taken as the answer.
        return CrmAnswer(CrmVerdict.RETRY, elapsed(), error=timed_out)
    return answer


def _post(
    order: CrmDeliveryOrder,
    address: str,
    headers: dict[str, str],
    timeouts: tuple[float, float],
    watchdog: Watchdog,
    elapsed: Callable[[], int],
) -> CrmAnswer:
    try:
        with requests.Session() as http:
            # No proxies or .netrc credentials from the environment: they are not the CRM's.
            # The CA bundle is the deployment's (REQUESTS_CA_BUNDLE), as for Twilio's API.
            http.trust_env = False
            http.verify = trusted_cas()
            pinned = PinnedAddress(address, watchdog)
            http.mount("http://", pinned)
            http.mount("https://", pinned)
            with http.post(
                order.url,
                data=order.payload.encode(),
                headers=headers,
                timeout=timeouts,
                allow_redirects=False,
                stream=True,
            ) as response:
                code = response.status_code
                verdict = verdict_for(code)
                if verdict is CrmVerdict.DELIVERED:
                    return CrmAnswer(verdict, elapsed(), status_code=code)
                try:
                    excerpt = response.raw.read(ERROR_BODY_CHARS * 4, decode_content=True)
                except (urllib3.exceptions.HTTPError, OSError):
                    excerpt = b""  # the status says enough
                return CrmAnswer(
                    verdict,
                    elapsed(),
                    status_code=code,
                    error=_http_error(response, excerpt),
                    retry_after=response.headers.get("Retry-After"),
                )
    except requests.Timeout:
        if not watchdog.ready:  # the CRM's host, or its TLS handshake, never answered
            waited = f"no connection within {timeouts[0]:.3g} s"
        else:
            waited = f"no answer within {timeouts[1]:g} s"
        return CrmAnswer(CrmVerdict.RETRY, elapsed(), error=f"timeout: {waited}")
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema) as exc:
        return CrmAnswer(CrmVerdict.FAILED, elapsed(), error=f"not sent: invalid URL ({exc})")
    except requests.exceptions.SSLError as exc:
        # Retried like any connection failure: a certificate is renewed or fixed, and the
        # retries go on for a day.
        return CrmAnswer(CrmVerdict.RETRY, elapsed(), error=_tls_error(order.url, exc))
    except requests.RequestException as exc:
        return CrmAnswer(CrmVerdict.RETRY, elapsed(), error=f"connection failed: {_short(exc)}")


def _http_error(response: requests.Response, excerpt: bytes) -> str:
    code = response.status_code
    if 300 <= code < 400:
        where = response.headers.get("Location", "elsewhere")
        return f"HTTP {code}: redirected to {where}; redirects are not followed, set that URL"
    text = excerpt.decode(errors="replace").strip()[:ERROR_BODY_CHARS]
    reason = response.reason or ""
    return f"HTTP {code} {reason}".strip() + (f": {text}" if text else "")


def _tls_error(url: str, exc: requests.exceptions.SSLError) -> str:
    """Why TLS failed, in OpenSSL's words, without urllib3's wrappings around them."""
    cause: object = exc
    while isinstance(cause, BaseException):
        # OpenSSL's verdict on the chain, or urllib3's on the name (it checks the URL's host,
        # the connection going to an address).
        if isinstance(cause, ssl.SSLCertVerificationError | CertificateError):
            host = urlsplit(url).hostname
            why = getattr(cause, "verify_message", None) or str(cause)
            return f"TLS failed: the certificate of {host} was not accepted ({why})"
        if isinstance(cause, ssl.SSLError) and cause.reason:
            return f"TLS failed: {cause.reason}"
        # requests wraps urllib3's MaxRetryError, whose reason wraps the ssl module's error.
        cause = getattr(cause, "reason", None) or (cause.args[0] if cause.args else None)
    return f"TLS failed: {_short(exc)}"


def _short(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
