"""CPU a text of claiming a send batch, two versions of ``claim_batch`` interleaved in one process.

``bench/outbound.py`` compares whole workers with a loop of provider calls; on a shared machine
its ratios move with the moment by more than one step of the send path is worth. This measures
one step on its own: the claiming transaction of a batch of ``SEND_BATCH`` texts (its commit
included), as the send job runs it, on PostgreSQL, with the code of this tree and of another copy
of the gateway (``--other``, a tree, e.g. main's from ``git archive``: its ``claim_batch`` with
the modules it calls that may differ, ``common.modules_from``) taking turns round by round, so
that other load on the machine falls on both alike. Between rounds the claimed rows are put back
to ``queued`` (not measured).

    git archive main | tar -x -C /tmp/base-outbound
    .venv/bin/python bench/claim_interleaved.py --other /tmp/base-outbound
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.outbound import prepare_database, queue_again, queue_batch  # noqa: E402
from tests.servers import PostgresServer  # noqa: E402


def other_claim_module(root: Path) -> ModuleType:
    """The other copy's module holding ``claim_batch`` (``claim.py``, or ``delivery.py`` before
    the claim was split off), loaded with the modules it calls that may differ from this tree's."""
    sending = "gateway.services.sending"
    names = [f"{sending}.provider_state", f"{sending}.daily_cap"]
    split = (root / "gateway/services/sending/claim.py").exists()
    names.append(f"{sending}.claim" if split else f"{sending}.delivery")
    return common.modules_from(root, names, "other")[names[-1]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other copy's root")
    parser.add_argument("--batches", type=int, default=10, help="batches of 50 a round")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args(argv)

    from gateway.clock import system_clock as clock_now
    from gateway.services.sending.claim import claim_batch as this_claim

    other_claim = other_claim_module(args.other).claim_batch
    size = 50
    count = size * args.batches
    with PostgresServer() as pg:
        prepared = prepare_database(
            "postgresql",
            pg.url,
            salons=10,
            appointments=500,
            claims_per_salon=count * args.rounds * 2 // 10 + 1,
        )
        ids = queue_batch(prepared, count)
        batches = [ids[i : i + size] for i in range(0, count, size)]
        versions = {"this": this_claim, "other": other_claim}
        ms: dict[str, list[float]] = {name: [] for name in versions}
        with common.database(prepared.url) as db:
            for round_ in range(args.rounds):
                order = list(versions) if round_ % 2 == 0 else list(reversed(versions))
                for name in order:
                    claim = versions[name]
                    cpu = time.process_time()
                    claimed = 0
                    for batch in batches:
                        with db.transaction() as session:
                            outcomes = claim(session, message_ids=batch, now=clock_now())
                        claimed += sum(1 for o in outcomes.values() if hasattr(o, "route"))
                    ms[name].append((time.process_time() - cpu) / count * 1000)
                    if claimed != count:
                        print(f"{name}: claimed {claimed} of {count}")
                        return 1
                    queue_again(db, ids)
    print(f"claim_batch, {count} texts in batches of {size} a round, {args.rounds} rounds")
    print(f"{'version':<8} {'min ms/text':>11} {'median':>7}  every round")
    for name, values in ms.items():
        rounds = " ".join(f"{v:.3f}" for v in values)
        print(f"{name:<8} {min(values):>11.3f} {statistics.median(values):>7.3f}  {rounds}")
    ratio = min(ms["this"]) / min(ms["other"])
    print(f"this / other (minimum): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
