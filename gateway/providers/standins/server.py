"""What the local stand-ins of the providers' APIs share: a threaded stdlib HTTP server on a
free loopback port, and the next answers a test has asked for (an error code, a slow answer, a
dropped connection).

A stand-in records every request the moment it arrives, before answering. ``AnswerPlan`` entries
are used one per request, in order; with none left it answers as the provider would.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

_HOST = "127.0.0.1"


class _Server(ThreadingHTTPServer):
    """The stdlib's threaded server with room for a burst of new connections.

    socketserver listens with a backlog of 5: when a worker's threads (8 at once, two workers
    16) connect together while the accepting thread waits for the GIL, the connections past
    the backlog are reset once their request is on the way. The client then cannot know
    whether the request arrived, so its text ends ``uncertain`` though the stand-in never saw
    it; a real provider's endpoint does not drop a burst of 16 connections.
    """

    request_queue_size = 128


@dataclass(frozen=True)
class AnswerPlan:
    """How to answer one request: with provider error ``code`` (None: as the provider would),
    ``delay`` seconds late, or not at all (``hang_up``: the request is processed, then the
    connection closed — a text that went out whose answer was lost)."""

    code: str | None = None
    message: str = ""
    status: int = 200
    #: Tencent: the error inside SendStatusSet (HTTP 200) rather than as Response.Error.
    per_number: bool = True
    delay: float = 0.0
    hang_up: bool = False


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    #: The action's parameters as the stub read them (query string or JSON body).
    params: dict[str, Any] = field(default_factory=dict)


class LoopbackServer:
    """A threaded stdlib HTTP server on a free loopback port, started and stopped by a test.

    Subclasses say how to answer with ``_handler()``. ``hold`` lets a slow answer end early when
    the server stops, so a test never waits on a stub it has finished with.
    """

    def __init__(self) -> None:
        #: host:port once started.
        self.address = ""
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    def start(self) -> str:
        if self._server is None:
            server = _Server((_HOST, 0), self._handler())
            server.daemon_threads = True
            server.block_on_close = False
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
            self.address = f"{_HOST}:{server.server_address[1]}"
        return self.address

    def stop(self) -> None:
        self._stopping.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def hold(self, seconds: float) -> bool:
        """Wait ``seconds``, or less if the server stops meanwhile; True if it is stopping."""
        return self._stopping.wait(seconds)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class StubServer(LoopbackServer):
    """Subclasses implement ``handle(handler, body) -> (status, headers, payload)``."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[Received] = []
        self._plans: deque[AnswerPlan] = deque()
        self._lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        """host:port, as the providers' SDKs take a stand-in endpoint."""
        return self.address

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    # -- what to answer next
    def plan(self, plan: AnswerPlan) -> None:
        with self._lock:
            self._plans.append(plan)

    def next_plan(self) -> AnswerPlan:
        with self._lock:
            return self._plans.popleft() if self._plans else AnswerPlan()

    def slow_next(self, seconds: float) -> None:
        """Process the next request as usual but answer only after ``seconds``."""
        self.plan(AnswerPlan(delay=seconds))

    def hang_up_next(self) -> None:
        """Process the next request, then close the connection without answering."""
        self.plan(AnswerPlan(hang_up=True))

    def record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes, plan: AnswerPlan
    ) -> tuple[int, str, bytes]:
        raise NotImplementedError

    def announce(
        self, method: str, path: str, headers: dict[str, str], body: bytes, answer: bytes
    ) -> None:
        """Called with each request and the answer given; tests read ``received`` instead, a
        local run (``make run``) logs them."""


def _handler_for(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # An answer's head and body go out as two writes: without this, the body waits for
        # the client's delayed ACK (about 40 ms on Linux) on every keep-alive request.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            plan = stub.next_plan()
            headers = dict(self.headers.items())
            status, content_type, payload = stub.handle(
                self.command, self.path, headers, body, plan
            )
            if plan.delay and stub.hold(plan.delay):
                self.close_connection = True
                return
            if plan.hang_up:
                self.close_connection = True
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            stub.announce(self.command, self.path, headers, body, payload)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass  # tests assert on what the stub received

    return Handler
