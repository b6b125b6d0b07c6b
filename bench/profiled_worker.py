"""``python worker.py`` under cProfile, counting CPU time, its stats written to
``$BENCH_PROFILE_DIR/worker-<pid>.prof`` when it stops: where a worker's CPU goes in the live run
(``bench/replies_e2e.py --profile-live``), small batches and the RQ job around each included,
which a profile of a backlog (``--profile``) does not show."""

from __future__ import annotations

import cProfile
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import worker  # noqa: E402
from bench.reply_worker import replies_only  # noqa: E402


def main() -> int:
    if os.environ.get("BENCH_REPLIES_ONLY"):
        replies_only(events=os.environ["BENCH_REPLIES_ONLY"] == "events")
    # CPU, not wall time: a worker waiting on Redis for its next job costs nothing.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    try:
        return worker.main([])
    finally:
        profiler.disable()
        directory = Path(os.environ["BENCH_PROFILE_DIR"])
        profiler.dump_stats(directory / f"worker-{os.getpid()}.prof")


if __name__ == "__main__":
    sys.exit(main())
