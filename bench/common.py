"""What every benchmark shares: the header it prints, the processes it starts and stops, what
those processes cost (CPU, peak memory), the database it sets up, and its tables.

A bench module keeps only what is its own (its load, its yardsticks, its report) and ends with::

    def main(argv=None) -> int:
        return common.run(run_bench, parse_args(argv))

The servers (PostgreSQL, Redis) are the test suite's own throwaway ones, ``tests.servers``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import multiprocessing
import os
import platform
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import psutil

from tests.servers import ServerStartError, _die_with_parent

REPO_ROOT = Path(__file__).resolve().parent.parent
# The benchmarks run the service on this machine, as `make run` does (and so do the processes
# they start, which inherit this): production would want a PUBLIC_BASE_URL.
os.environ.setdefault("GATEWAY_ENV", "development")
HOST = "127.0.0.1"
#: Settings of the app that a bench always sets itself, so none leaks in from the shell.
APP_SETTING_PREFIXES = ("TWILIO_", "PUBLIC_BASE", "DATABASE_", "REDIS_", "SMS_", "QUEUE_")


class BenchError(Exception):
    """The benchmark could not set up or run; the message says what went wrong."""


# --------------------------------------------------------------------------- running a bench


def run(bench: Callable[[argparse.Namespace], bool], args: argparse.Namespace) -> int:
    """Print the header, run ``bench(args)`` and turn its outcome into the exit status: 0 when
    its checks held, 1 when one failed, 2 when it could not set up, 130 when interrupted."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    print(f"machine: {machine()}")
    print(f"code: {revision()}")
    print(f"Redis protocol packed and parsed by: {redis_protocol()}")
    print("load average before the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    try:
        sound = bench(args)
    except (BenchError, ServerStartError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted; everything it started is stopped", file=sys.stderr)
        return 130
    return 0 if sound else 1


def redis_protocol() -> str:
    """hiredis (C) when redis-py finds it installed (it is not a requirement), else redis-py's
    Python: a run with it installed is not comparable with one without."""
    from redis.utils import HIREDIS_AVAILABLE

    return "hiredis (C)" if HIREDIS_AVAILABLE else "redis-py (Python)"


def _stop_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through every finally, like Ctrl-C


# --------------------------------------------------------------------------- the header


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity), else those online."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def on_cpus(goal_cores: int) -> str:
    """ "on 2 CPUs", saying so when the goal was set for another count."""
    cpus = usable_cpus()
    return f"on {cpus} CPUs" + ("" if cpus == goal_cores else f" (goal is for {goal_cores})")


def machine() -> str:
    cpus = os.cpu_count() or 0
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{usable_cpus()} usable CPUs ({cpus} online){f', {model}' if model else ''}; "
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}"
    )


def revision() -> str:
    """The commit measured, and whether the app's code differs from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "gateway", "wsgi.py", "worker.py", "migrations"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown (no git)"
    return f"{commit or 'unknown'}{' with uncommitted changes in gateway/' if dirty else ''}"


# --------------------------------------------------------------------------- CPU and memory


def machine_busy_cpu() -> float | None:
    """CPU seconds all CPUs of the machine spent busy so far (Linux /proc/stat), or None."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    values = [int(v) for v in first[1:9]]  # user nice system idle iowait irq softirq steal
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def _trees(pids: Iterable[int]) -> Iterator[psutil.Process]:
    """Each process of ``pids`` that still runs, and all its descendants."""
    for pid in pids:
        try:
            root = psutil.Process(pid)
            yield root
            yield from root.children(recursive=True)
        except psutil.Error:
            continue


def tree_cpu(pids: Iterable[int]) -> float | None:
    """CPU seconds (user and system) used so far by ``pids`` and their descendants, or None
    when none of them runs."""
    total, found = 0.0, False
    for process in _trees(pids):
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
            found = True
    return total if found else None


def peak_rss(pids: Iterable[int]) -> int | None:
    """The highest peak resident memory (bytes) any one process of ``pids`` and their
    descendants reached so far (Linux VmHWM), or None."""
    peaks = []
    for process in _trees(pids):
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) * 1024)
    return max(peaks, default=None)


def own_peak_rss() -> int:
    """The peak resident memory (bytes) of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux counts in KiB


def mib(size: int | None) -> str:
    return "?" if size is None else f"{size / 2**20:.0f}"


def cpu_between(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


# --------------------------------------------------------------------------- processes


def app_env(**settings: str) -> dict[str, str]:
    """This process's environment without the app's own settings, then ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(APP_SETTING_PREFIXES)}
    env.update(settings, PYTHONDONTWRITEBYTECODE="1")
    return env


def start_process(
    argv: Sequence[str], env: dict[str, str], log_path: Path
) -> subprocess.Popen[bytes]:
    """Start ``argv`` from the repository root in a session (process group) of its own, its
    output appended to ``log_path``; Linux stops it should this process die first."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            argv,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it in order
            preexec_fn=_die_with_parent(signal.SIGTERM),
        )


def start_workers(
    count: int, env: dict[str, str], log_path: Path, script: str = "worker.py"
) -> list[subprocess.Popen[bytes]]:
    """``count`` processes of ``python worker.py``, as production runs them (``script``: a
    wrapper of it, such as ``bench/profiled_worker.py``)."""
    return [start_process([sys.executable, script], env, log_path) for _ in range(count)]


def stop_processes(processes: Sequence[subprocess.Popen[bytes]], timeout: float = 20) -> None:
    """SIGTERM to each process group (gunicorn's and RQ's graceful shutdown), SIGKILL to what
    is left after ``timeout`` seconds; children in the group (RQ's scheduler) go with it."""
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def spawned(
    target: Callable[..., None], args_each: Sequence[tuple[Any, ...]]
) -> Iterator[list[tuple[BaseProcess, Connection]]]:
    """One fresh Python process per ``args_each`` running ``target(*args, pipe)``; yields each
    with our end of its pipe. On the way out the pipes close (a child waiting on one ends) and
    whatever still runs is stopped."""
    context = multiprocessing.get_context("spawn")
    children: list[tuple[BaseProcess, Connection]] = []
    try:
        for args in args_each:
            ours, theirs = context.Pipe()
            child = context.Process(target=target, args=(*args, theirs), daemon=True)
            child.start()
            theirs.close()
            children.append((child, ours))
        yield children
    finally:
        for _, pipe in children:
            pipe.close()
        for process, _ in children:
            process.join(1)  # one done with its work ends when its pipe closes
            if process.is_alive():
                process.terminate()
                process.join(5)
            if process.is_alive():
                process.kill()
                process.join()


def receive(pipe: Connection, seconds: float, what: str) -> Any:
    """The next message on ``pipe`` within ``seconds``; BenchError saying ``what`` did not."""
    try:
        if pipe.poll(seconds):
            return pipe.recv()
    except EOFError:
        pass
    raise BenchError(what)


def wait_ready(
    children: Sequence[tuple[BaseProcess, Connection]], seconds: float, what: str
) -> None:
    """Wait until every child said "ready" (done with what must not be timed)."""
    for process, pipe in children:
        if receive(pipe, seconds, f"{what} {process.pid} did not get ready") != "ready":
            raise BenchError(f"{what} {process.pid} did not get ready")


# --------------------------------------------------------------------------- the database


@contextlib.contextmanager
def database(url: str) -> Iterator[Any]:
    """The app's ``Database`` for ``url``; its connections are closed on the way out."""
    from gateway.db import Database

    db = Database(url)
    try:
        yield db
    finally:
        db.engine.dispose()


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest schema, as ``flask db upgrade`` does."""
    from alembic import command

    from gateway.cli import alembic_config

    command.upgrade(alembic_config(url), "head")


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a printed table: its title, width, the format of its numbers."""

    title: str
    width: int
    #: A format spec for numbers (".0f", ",", ".2f"); strings are printed as they are.
    spec: str = ""
    left: bool = False

    def cell(self, value: object) -> str:
        if value is None:
            text = ""
        else:
            text = value if isinstance(value, str) else format(value, self.spec)
        return f"{text:{'<' if self.left else '>'}{self.width}}"


def print_table(columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> None:
    """A header, a rule and one line per row; None prints as an empty cell."""
    header = " ".join(column.cell(column.title) for column in columns)
    print(header)
    print("-" * len(header))
    for row in rows:
        cells = (column.cell(value) for column, value in zip(columns, row, strict=True))
        print(" ".join(cells).rstrip())


def module_from(path: Path, name: str) -> ModuleType:
    """The module in ``path`` (another copy of one of the gateway's, e.g. main's from ``git
    archive``), its own imports taken from this tree: for benches that interleave two versions
    of one step in one process."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def modules_from(root: Path, names: Sequence[str], prefix: str) -> dict[str, ModuleType]:
    """The modules ``names`` (dotted) of another copy of the gateway at ``root`` (e.g. main's,
    from ``git archive``), loaded in order with ``module_from``; while they load, each sees the
    ones before it under their own names (so the other copy's ``delivery`` binds its own
    ``route_for``), and everything else from this tree. Nothing of this tree is replaced after."""
    loaded: dict[str, ModuleType] = {}
    saved: dict[str, ModuleType | None] = {}
    try:
        for name in names:
            path = root.joinpath(*name.split(".")).with_suffix(".py")
            module = module_from(path, f"{prefix}_{name.rsplit('.', 1)[-1]}")
            loaded[name] = module
            saved.setdefault(name, sys.modules.get(name))
            sys.modules[name] = module
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return loaded
