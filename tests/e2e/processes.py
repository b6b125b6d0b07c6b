"""What the end-to-end tests with real worker processes share: starting and killing
``python worker.py`` (or ``--cron``), waiting for a condition while the processes stay alive,
and the sends a Twilio stand-in received."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.twilio_stub import Received, TwilioStub

REPO = Path(__file__).resolve().parents[2]
#: Every wait is bounded by this; a phase that takes longer has failed.
PHASE_TIMEOUT = 60.0


class WorkerProcess:
    """``python worker.py`` (with ``args``, e.g. ``--cron``) in a process group of its own
    (RQ forks its scheduler into it)."""

    def __init__(self, env: dict[str, str], log: Path, *args: str) -> None:
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(REPO / "worker.py"), *args],
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the worker and its scheduler, as an OOM kill of the container does."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM); SIGKILL if it does not end in time."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def wait_for(
    check: Callable[[], Any], what: str, *processes: WorkerProcess, every: float = 0.1
) -> Any:
    """``check()``'s first true result; fails as soon as a process dies, or after
    PHASE_TIMEOUT, with the processes' last log lines."""
    deadline = time.monotonic() + PHASE_TIMEOUT
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        for process in processes:
            if not process.alive():
                raise AssertionError(f"a process died waiting for {what}:\n{process.log_tail()}")
        time.sleep(every)
    tails = "\n---\n".join(p.log_tail() for p in processes)
    raise AssertionError(f"timed out after {PHASE_TIMEOUT:.0f}s waiting for {what}\n{tails}")


def sends(stub: TwilioStub) -> list[Received]:
    """The messages the Twilio stand-in was asked to send, in order."""
    return [r for r in list(stub.received) if r.path.endswith("/Messages.json")]
