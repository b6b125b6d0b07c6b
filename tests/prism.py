"""Twilio's own API description as a contract peer: the Stoplight Prism mock, served on loopback.

Prism (npm ``@stoplight/prism-cli``, pinned in ``tests/package.json``) reads Twilio's published
OpenAPI description of REST API v2010 (``<repo>/../shared/twilio-oai/twilio_api_v2010.json``),
checks every request against it and answers with the description's own static example, or with
an error when the request does not match::

    with PrismServer() as prism:
        client = LocalTwilioHttpClient(prism.url, timeout=5)
        provider = TwilioProvider(account_sid=..., auth_token=..., http_client=client)
        provider.send(...)  # the real SDK, the real HTTP client; only the host is rewritten

What the peer refuses (measured against 5.14.2 and this description): a missing required form
field (``To``), a malformed ``AccountSid`` in the path (``^AC[0-9a-fA-F]{32}$``), a
``StatusCallback`` that is not a URI, a wrongly typed or out-of-enum field — 422 with a
``validation`` list; no HTTP basic credentials — 401 (any user and password pass); a body that
is not form-encoded — 415; an unknown path — 404. It does not check ``format: phone-number``
(``To=hello`` passes) and accepts unknown fields.

Prism is installed on first use (``npm ci`` in ``tests/``, which needs the npm registry) when
``tests/node_modules/.bin/prism`` is missing (about 25-45 s, once). It takes about 3 s to read
the 1.8 MB description before it listens; ``startup_seconds`` says how long it took. The server
runs in its own session and process group and is torn down with the group; the rest of its
plumbing (temp dir, log, atexit, dying with pytest) is ``tests/servers.py``'s ``_Server``.

``require_prism()`` is the skip rule: without node and npm, or without the description, a test is
skipped, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

from tests.servers import (
    _HOST,
    ServerStartError,
    _free_port,
    _log_tail,
    _Server,
    _start_error,
    in_ci,
)

__all__ = [
    "PRISM_BIN",
    "TWILIO_API",
    "TWILIO_SPEC",
    "Exchange",
    "LocalTwilioHttpClient",
    "PrismServer",
    "install_prism",
    "missing_prism_prerequisites",
    "require_prism",
]

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
#: Twilio's OpenAPI description of REST API v2010, shared beside the checkout.
TWILIO_SPEC = REPO_ROOT.parent / "shared" / "twilio-oai" / "twilio_api_v2010.json"
PRISM_BIN = TESTS_DIR / "node_modules" / ".bin" / "prism"
#: Where the twilio SDK sends every REST call for API v2010.
TWILIO_API = "https://api.twilio.com"
#: The oldest node that the pinned Prism (5.14.2) declares it runs on.
MIN_NODE = (18, 20, 1)
_NPM_TIMEOUT = 600.0


# --------------------------------------------------------------------------- prerequisites


def _node_version() -> tuple[int, ...] | None:
    node = shutil.which("node")
    if node is None:
        return None
    try:
        out = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"v?(\d+)\.(\d+)\.(\d+)", out.strip())
    return tuple(int(part) for part in match.groups()) if match else None


def missing_prism_prerequisites() -> list[str]:
    """What stops Prism from running here (empty when nothing does)."""
    missing: list[str] = []
    version = _node_version()
    if version is None:
        missing.append("node is not on PATH")
    elif version < MIN_NODE:
        wanted = ".".join(map(str, MIN_NODE))
        missing.append(f"node {'.'.join(map(str, version))} is older than {wanted}")
    if not PRISM_BIN.exists() and shutil.which("npm") is None:
        missing.append("npm is not on PATH (needed once, to install Prism into tests/node_modules)")
    if not TWILIO_SPEC.is_file():
        missing.append(f"Twilio's OpenAPI description is missing: {TWILIO_SPEC}")
    return missing


def require_prism() -> None:
    """Skip the calling test (or module) when Prism cannot run here; in CI, fail instead.

    Call it from a test, a fixture or at module level in a test module.
    """
    missing = missing_prism_prerequisites()
    if not missing:
        return
    import pytest

    reason = "Prism contract peer unavailable: " + "; ".join(missing)
    if in_ci():
        pytest.fail(f"{reason}. CI=true, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def install_prism() -> Path:
    """``tests/node_modules/.bin/prism``, running ``npm ci`` in ``tests/`` first if it is missing.

    Safe when several test processes start at once: one installs, the others wait for it.
    """
    if PRISM_BIN.exists():
        return PRISM_BIN
    npm = shutil.which("npm")
    if npm is None:
        raise ServerStartError("npm is not on PATH, so Prism cannot be installed")
    digest = hashlib.sha256(str(TESTS_DIR).encode()).hexdigest()[:12]
    scratch = Path(tempfile.gettempdir())
    lock_path = scratch / f"gateway-prism-npm-{digest}.lock"
    log_path = scratch / f"gateway-prism-npm-{digest}.log"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if PRISM_BIN.exists():  # another process installed it while this one waited
            return PRISM_BIN
        env = dict(os.environ)
        # No questions, no prompts, no telemetry: this runs in CI with no terminal.
        env.update(
            npm_config_update_notifier="false",
            npm_config_fund="false",
            npm_config_audit="false",
            npm_config_yes="true",
            SCARF_ANALYTICS="false",
        )
        argv = [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=warn"]
        try:
            with open(log_path, "wb") as log:
                result = subprocess.run(
                    argv,
                    cwd=TESTS_DIR,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    timeout=_NPM_TIMEOUT,
                    check=False,
                )
        except subprocess.TimeoutExpired:
            raise _start_error(
                f"`npm ci` in {TESTS_DIR} took longer than {_NPM_TIMEOUT:.0f}s", log_path
            ) from None
        if result.returncode != 0 or not PRISM_BIN.exists():
            raise _start_error(
                f"`npm ci` in {TESTS_DIR} exited with status {result.returncode} "
                f"and did not install {PRISM_BIN}",
                log_path,
            )
    return PRISM_BIN


# --------------------------------------------------------------------------- the server


class PrismServer(_Server):
    """Prism mocking Twilio's REST API v2010 on a free port of 127.0.0.1, with static examples.

    ``start()`` installs Prism if needed, starts it, waits until the port accepts connections
    and returns the base URL ``http://127.0.0.1:PORT`` (also in ``self.url``). ``stop()`` ends
    the whole process group and removes the temporary directory holding the log.
    """

    _kind = "prism"
    _stop_signal = signal.SIGTERM

    def __init__(self, *, spec: Path | str = TWILIO_SPEC, start_timeout: float = 120.0) -> None:
        super().__init__()
        self.spec = Path(spec).resolve()
        self.start_timeout = start_timeout

    def start(self) -> str:
        """Start Prism; return its base URL."""
        if self._proc is not None:
            return self.url
        if not self.spec.is_file():
            raise ServerStartError(f"no OpenAPI description at {self.spec}")
        binary = install_prism()
        began = time.monotonic()
        self._make_base_dir(None)
        try:
            for attempt in range(3):
                self.port = _free_port()
                self._spawn(self._argv(binary))
                if self._wait_ready(self._listening, self.start_timeout):
                    break
                if attempt == 2 or not self._address_in_use():
                    raise _start_error(
                        f"prism exited with status {self._exit_status()} while starting",
                        self.log_path,
                    )
        except BaseException:
            self.stop()
            raise
        self.url = f"http://{_HOST}:{self.port}"
        self.startup_seconds = time.monotonic() - began
        return self.url

    def _argv(self, binary: Path) -> list[str]:
        return [
            str(binary),
            "mock",
            "--host",
            _HOST,
            "--port",
            str(self.port),
            # Static examples from the description, so every answer is the same.
            "--dynamic=false",
            "--cors=false",
            str(self.spec),
        ]

    def _exit_status(self) -> int | None:
        return None if self._proc is None else self._proc.poll()

    def _listening(self) -> bool:
        try:
            with socket.create_connection((_HOST, self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def _terminate(self, *, kill: bool = False) -> None:
        """Signal the whole process group (node and anything it forked), then reap it."""
        proc, self._proc = self._proc, None
        if proc is not None:
            group = proc.pid  # start_new_session: the server leads its own group
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(group, signal.SIGKILL if kill else self._stop_signal)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(group, signal.SIGKILL)
                    proc.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)  # stragglers whose leader already exited
        self._close_log()

    def log_text(self, since: int = 0) -> str:
        """What Prism has logged so far, from byte ``since`` (a ``log_size()`` taken earlier)."""
        try:
            with open(self.log_path, "rb") as log:
                log.seek(since)
                return log.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def log_size(self) -> int:
        """Bytes logged so far; pass it to ``log_text`` or ``rejections`` to read what follows."""
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_tail(self, lines: int = 40) -> str:
        return _log_tail(self.log_path, lines)

    def rejections(self, since: int = 0) -> list[str]:
        """Log lines of requests Prism refused, oldest first, e.g. ``… Request terminated with
        error: https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY: Invalid request``."""
        return [line for line in self.log_text(since).splitlines() if "Request terminated" in line]


# --------------------------------------------------------------------------- the SDK's client


@dataclass(frozen=True)
class Exchange:
    """One call the SDK made through LocalTwilioHttpClient, as sent and as answered."""

    method: str
    url: str
    data: dict[str, Any]
    #: None when no answer came (connection refused, timeout …).
    status: int | None
    text: str


class LocalTwilioHttpClient(TwilioHttpClient):
    """The twilio SDK's own HTTP client, sending what it would send to ``https://api.twilio.com``
    to ``base_url`` instead (Prism, or the stub in tests/twilio_stub.py).

    Everything else is the SDK's code path. ``exchanges`` records each call. A URL on any other
    host raises instead of leaving the machine. Environment proxies are ignored: loopback is
    never proxied.
    """

    def __init__(self, base_url: str, *, timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(timeout=timeout, **kwargs)
        self.base_url = base_url.rstrip("/")
        self.exchanges: list[Exchange] = []
        if self.session is not None:
            self.session.trust_env = False

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        if url != TWILIO_API and not url.startswith(TWILIO_API + "/"):
            raise AssertionError(f"the SDK called {url!r}, not {TWILIO_API}; nothing was sent")
        local = self.base_url + url[len(TWILIO_API) :]
        sent = dict(data or {})
        try:
            response = super().request(
                method,
                local,
                params=params,
                data=data,
                headers=headers,
                auth=auth,
                timeout=timeout,
                allow_redirects=allow_redirects,
            )
        except Exception:
            self.exchanges.append(Exchange(method.upper(), local, sent, None, ""))
            raise
        self.exchanges.append(
            Exchange(method.upper(), local, sent, response.status_code, response.text)
        )
        return response
