"""What one full garbage collection costs a web or worker process, with start-up frozen or not.

A process's start-up (Flask, SQLAlchemy's mappers, the providers' SDKs, the reply reader's
weights) makes some 127,000 objects that live as long as it does. Python walks every one of
them in each full (generation 2) collection, which it runs from time to time in the middle of
a request or a job. ``gateway.freeze_start_up`` (called by ``wsgi.py`` and ``worker.py`` once
the app is built) moves them out of the collector's sight.

This builds the app as a worker does (SQLite, a throwaway Redis), then times full collections
in turns, start-up not frozen and frozen (``gc.freeze`` / ``gc.unfreeze``), so the machine's
other load falls on both alike. It prints the objects tracked and the milliseconds a full
collection takes, best and median over the rounds.

    .venv/bin/python bench/gc_pause.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench import common  # noqa: E402
from tests.servers import RedisServer  # noqa: E402


def _full_collection_ms() -> float:
    started = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - started) * 1000


def run_bench(args: argparse.Namespace) -> bool:
    from gateway import create_app

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gc-pause-")))
        redis = stack.enter_context(RedisServer())
        url = f"sqlite:///{folder / 'gateway.sqlite3'}"
        common.migrate(url)
        create_app({"database_url": url, "redis_url": redis.url})
        gc.collect()  # what start-up left as garbage, as freeze_start_up does first
        tracked = len(gc.get_objects())
        times: dict[str, list[float]] = {"not frozen": [], "frozen": []}
        for _ in range(args.rounds):
            times["not frozen"].append(_full_collection_ms())
            gc.freeze()
            times["frozen"].append(_full_collection_ms())
            gc.unfreeze()
    print(f"objects tracked after start-up: {tracked:,}")
    heading = f"{'start-up':<12} {'best ms':>8} {'median ms':>10}"
    print(f"{heading}  (a full collection, {args.rounds} rounds)")
    for name, values in times.items():
        print(f"{name:<12} {min(values):>8.2f} {statistics.median(values):>10.2f}")
    return True


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="turns of each (default 10)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    return common.run(run_bench, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
