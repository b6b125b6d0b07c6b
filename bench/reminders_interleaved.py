"""The sweep's reminders step alone, two versions taking turns in one process on one database.

``bench/sweep.py --against`` times whole sweeps, each code in processes and databases of its
own; on a shared machine its medians move between runs by more than a change to one step is
worth. This times only ``queue_due_reminders`` (the due read, the texts written and inserted,
the reminders updated) for 1,000 due reminders among ``--size`` appointments (loaded as
``bench/sweep.py`` loads them), with this tree's code and another copy's (``--other``, e.g.
main's from ``git archive``: its ``bulk``, ``outbox`` and ``reminders`` modules,
``common.modules_from``) taking turns call by call, the two going first in turn, each call in
its own transaction, rolled back. The collector is frozen after start-up, as in the workers.
Per version: the wall time and this process's CPU, median, minimum and maximum.

    git archive main | tar -x -C /tmp/base-main
    .venv/bin/python bench/reminders_interleaved.py --other /tmp/base-main --rounds 30
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.sweep import (  # noqa: E402
    SERVER_SETTINGS,
    Layout,
    bench_now,
    database_for,
    load,
    migrate_and_create_salon,
)
from tests.servers import PostgresServer  # noqa: E402

DUE = 1000


def other_step(root: Path) -> Callable[..., Any]:
    """The other copy's ``queue_due_reminders``, with its own bulk writes and text storing."""
    names = ["gateway.bulk", "gateway.services.sending.outbox"]
    names.append("gateway.services.appointments.reminders")
    step: Callable[..., Any] = common.modules_from(root, names, "other")[
        names[-1]
    ].queue_due_reminders
    return step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--other", type=Path, required=True, help="the other copy's tree")
    parser.add_argument("--size", type=int, default=1_000_000, help="appointments")
    parser.add_argument("--rounds", type=int, default=30, help="calls of each version")
    args = parser.parse_args(argv)

    from gateway.db import Database
    from gateway.services.appointments.reminders import queue_due_reminders

    steps = {"this": queue_due_reminders, "other": other_step(args.other)}
    print(f"this code: {common.revision()}; other: {args.other}")
    with PostgresServer(settings=SERVER_SETTINGS) as pg:
        began = time.monotonic()
        database, url = database_for(pg, args.size)
        now = bench_now()
        layout = Layout(salon=migrate_and_create_salon(url), now=now, due=DUE, due_upto=args.size)
        load(pg, database, layout, args.size)
        print(f"loaded {args.size:,} appointments in {time.monotonic() - began:.1f}s", flush=True)
        db = Database(url)
        figures: dict[str, dict[str, list[float]]] = {w: {"wall": [], "cpu": []} for w in steps}
        gc.collect()
        gc.freeze()
        print("load average at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        for round_ in range(args.rounds + 1):  # the first round warms both up, untimed
            order = list(steps) if round_ % 2 == 0 else list(steps)[::-1]
            for who in order:
                with db.sessions() as session:
                    session.begin()
                    wall, cpu = time.perf_counter(), time.process_time()
                    result = steps[who](session, now=now)
                    session.flush()
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                    session.rollback()
                if result.reminders_queued != DUE:
                    print(f"UNEXPECTED: {who} queued {result.reminders_queued}")
                    return 1
                if round_:
                    figures[who]["wall"].append(wall * 1000)
                    figures[who]["cpu"].append(cpu * 1000)
        print("load average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        db.engine.dispose()
    for key in ("wall", "cpu"):
        these, others = figures["this"][key], figures["other"][key]
        print(
            f"{key}, ms: this median {statistics.median(these):.1f} (min {min(these):.1f}, "
            f"max {max(these):.1f}); other median {statistics.median(others):.1f} (min "
            f"{min(others):.1f}, max {max(others):.1f}); ratio of medians "
            f"{statistics.median(these) / statistics.median(others):.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
