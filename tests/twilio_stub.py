"""A small local HTTP server that answers like Twilio's REST API, as each test tells it to.

Prism (tests/prism.py) answers only what Twilio's description promises; this stub answers what
Twilio does when things go wrong — its JSON errors, rate limits, outages, slow answers and
dropped connections — so the real provider can be driven through the SDK's real HTTP client::

    with TwilioStub() as stub:
        stub.answer_error(21211, status=400)
        client = LocalTwilioHttpClient(stub.url, timeout=0.5)
        ...
        assert len(stub.received) == 1

Every request is recorded in ``received`` the moment it arrives, before it is answered. The stub
runs stdlib ``http.server`` in a thread on a free port of 127.0.0.1. ``refusing_url()`` gives a
URL whose port refuses connections.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from gateway.providers.standins.server import LoopbackServer

__all__ = ["Answer", "Received", "TwilioStub", "message_json", "refusing_url", "twilio_error"]

_HOST = "127.0.0.1"


def twilio_error(code: int, status: int, message: str | None = None) -> dict[str, Any]:
    """The JSON body Twilio sends with a 4xx/5xx answer."""
    return {
        "code": code,
        "message": message or f"Twilio error {code}",
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def message_json(sid: str, form: dict[str, str]) -> dict[str, Any]:
    """A Message resource as Twilio answers a successful create."""
    return {
        "sid": sid,
        "status": "queued",
        "to": form.get("To"),
        "from": form.get("From"),
        "body": form.get("Body"),
        "num_segments": "1",
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
    }


@dataclass(frozen=True)
class Answer:
    """How the stub answers every request until told otherwise.

    ``body`` None means a Twilio Message created from the request's form; a dict is sent as
    JSON, a str as text/html. ``delay`` holds the answer back that many seconds. ``hang_up``
    closes the connection after reading the request, without answering.
    """

    status: int = 201
    body: dict[str, Any] | str | None = None
    delay: float = 0.0
    hang_up: bool = False


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)


class TwilioStub(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.url = ""
        self.received: list[Received] = []
        self._answer = Answer()
        self._lock = threading.Lock()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    # -- what to answer
    def answer(
        self,
        status: int = 201,
        body: dict[str, Any] | str | None = None,
        *,
        delay: float = 0.0,
        hang_up: bool = False,
    ) -> None:
        with self._lock:
            self._answer = Answer(status, body, delay, hang_up)

    def answer_error(self, code: int, *, status: int = 400, message: str | None = None) -> None:
        """Answer with Twilio's JSON error ``code`` and HTTP ``status``."""
        self.answer(status, twilio_error(code, status, message))

    def current_answer(self) -> Answer:
        with self._lock:
            return self._answer

    def record(self, received: Received) -> int:
        """Keep ``received``; its number among the requests so far (1 for the first), which
        stays its own when requests arrive at once."""
        with self._lock:
            self.received.append(received)
            return len(self.received)

    def start(self) -> str:
        self.url = f"http://{super().start()}"
        return self.url


def _handler_for(stub: TwilioStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # An answer's head and body go out as two writes: without this, the body waits for
        # the client's delayed ACK (about 40 ms on Linux) on every keep-alive request.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8") if length else ""
            form = {key: values[-1] for key, values in parse_qs(raw).items()}
            number = stub.record(
                Received(self.command, self.path, dict(self.headers.items()), form)
            )
            answer = stub.current_answer()
            if answer.delay and stub.hold(answer.delay):
                self.close_connection = True  # the stub is stopping: drop the request
                return
            if answer.hang_up:
                self.close_connection = True
                return
            body = answer.body
            if body is None:
                # Numbered when it arrived: calls made at once get a sid each, as from Twilio.
                body = message_json(f"SM{number:032x}", form)
            if isinstance(body, str):
                payload, content_type = body.encode(), "text/html; charset=utf-8"
            else:
                payload, content_type = json.dumps(body).encode(), "application/json"
            self.send_response(answer.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the tests assert on ``received``; nothing to print

    return Handler


@contextlib.contextmanager
def refusing_url() -> Iterator[str]:
    """A URL on 127.0.0.1 whose port refuses connections.

    The port is bound but never listened on, so nothing else can take it meanwhile and every
    connection attempt gets ECONNREFUSED.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        yield f"http://{_HOST}:{sock.getsockname()[1]}"
