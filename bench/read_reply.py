"""What ``read_reply`` costs a reply, this tree against another, taking turns.

``read_reply`` is every reading the service takes of a reply: the rules, the learned reader and
its guard, the frames, the time said back, a wish, a pick. Each tree reads every labelled reply
under tests/data (this tree's files, so both read the same bodies) in a process of its own, a
warm-up round then ``--rounds`` timed rounds, and prints its process CPU time a reply; the two
trees take turns ``--turns`` times so the machine's other load falls on both. Prints each turn,
the medians and their ratio, and the load average at start and end.

    .venv/bin/python bench/read_reply.py --other /tmp/base-main [--turns 3] [--rounds 3]

The other tree is a checkout or an export (``git archive REV | tar -x -C DIR``) of the
repository; it is run with this tree's interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

#: Run inside each tree: its own ``read_reply`` over the bodies named on stdin.
_ONE_TREE = """
import sys, time
from datetime import UTC, datetime
from gateway.domain.reply_reading import read_reply
bodies = sys.stdin.read().split("\\x00")
at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
best = None
for round_ in range(int(sys.argv[1]) + 1):
    started = time.process_time_ns()
    for body in bodies:
        read_reply(body, keyword=None, received_at=at, tz="Asia/Shanghai")
    micro = (time.process_time_ns() - started) / 1000 / len(bodies)
    if round_:
        best = micro if best is None else min(best, micro)
print(best)
"""


def bodies() -> list[str]:
    """Every labelled reply under this tree's tests/data, in file order."""
    import csv

    found: list[str] = []
    for path in sorted((HERE / "tests" / "data").glob("replies_*.tsv")):
        with path.open(encoding="utf-8") as rows:
            reader = csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
            found += [row["reply"] for row in reader]
    return found


def cost(tree: Path, text: str, rounds: int) -> float:
    """The best round's CPU µs a reply of ``tree``'s ``read_reply``."""
    done = subprocess.run(
        [sys.executable, "-c", _ONE_TREE, str(rounds)],
        input=text,
        capture_output=True,
        text=True,
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        check=True,
    )
    return float(done.stdout.strip())


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--other", type=Path, required=True, help="the tree to compare with")
    options.add_argument("--turns", type=int, default=3, help="turns each (default 3)")
    options.add_argument("--rounds", type=int, default=3, help="timed rounds a turn (default 3)")
    args = options.parse_args()
    every = bodies()
    text = "\x00".join(every)
    print(f"{len(every)} replies; load average at start {os.getloadavg()[0]:.2f}")
    other: list[float] = []
    this: list[float] = []
    for turn in range(1, args.turns + 1):
        other.append(cost(args.other, text, args.rounds))
        this.append(cost(HERE, text, args.rounds))
        print(f"turn {turn}: other {other[-1]:.1f} µs a reply, this {this[-1]:.1f}")
    before, after = statistics.median(other), statistics.median(this)
    print(f"median: other {before:.1f} µs a reply, this {after:.1f}: {after / before:.2f}x")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
