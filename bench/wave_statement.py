"""CPU of a send wave's transaction: its record and the next wave's start, two statements or one.

``bench/waves_interleaved.py`` times the whole send loop; one statement a wave fewer is a tenth of
it, less than other load on a shared machine moves that loop round by round. This times only the
transaction that records a wave the provider took (8 texts) and starts the next wave (8 more), on
PostgreSQL: the two statements in turn (``record_sent_many`` then ``start_provider_calls``, as
on SQLite) and the one statement (``record_sent_and_start``) taking turns round by round, so that
other load falls on both alike. Each round claims and starts the waves first (not measured), then
runs ``--waves`` such transactions. Three figures a wave: this process's CPU, PostgreSQL's CPU and
the wall time.

    .venv/bin/python bench/wave_statement.py --rounds 20
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.outbound import prepare_database, queue_again, queue_batch  # noqa: E402
from tests.servers import PostgresServer  # noqa: E402

WAVE = 8


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--waves", type=int, default=50, help="transactions a round each way")
    args = parser.parse_args(argv)

    from gateway.models import utcnow
    from gateway.providers import SendResult
    from gateway.services.sending import delivery
    from gateway.services.sending.claim import SendOrder, claim_batch

    Accepted = list[tuple[int, SendResult]]

    def two(session: Any, accepted: Accepted, orders: Sequence[SendOrder]) -> set[int]:
        delivery.record_sent_many(session, accepted, now=utcnow())
        return delivery.start_provider_calls(session, orders=orders, now=utcnow())

    def one(session: Any, accepted: Accepted, orders: Sequence[SendOrder]) -> set[int]:
        return delivery.record_sent_and_start(session, accepted, orders, now=utcnow())[1]

    ways: dict[str, Callable[[Any, Accepted, Sequence[SendOrder]], set[int]]] = {
        "two statements": two,
        "one statement": one,
    }
    figures: dict[str, dict[str, list[float]]] = {
        name: {"cpu": [], "server": [], "wall": []} for name in ways
    }
    texts = args.waves * 2 * WAVE
    with PostgresServer() as pg:
        prepared = prepare_database(
            "postgresql",
            pg.url,
            salons=10,
            appointments=500,
            claims_per_salon=texts * args.rounds * 2 // 10 + 1,
        )
        ids = queue_batch(prepared, texts)
        with common.database(pg.url) as db:
            for round_ in range(args.rounds):
                order = list(ways) if round_ % 2 == 0 else list(reversed(ways))
                for name in order:
                    queue_again(db, ids)
                    work = []
                    for first in range(0, texts, 2 * WAVE):
                        with db.transaction() as session:
                            claimed = claim_batch(
                                session, message_ids=ids[first : first + 2 * WAVE], now=utcnow()
                            )
                        orders = [c for c in claimed.values() if isinstance(c, SendOrder)]
                        with db.transaction() as session:
                            delivery.start_provider_calls(
                                session, orders=orders[:WAVE], now=utcnow()
                            )
                        accepted = [
                            (o.message_id, SendResult("twilio", f"SM{uuid.uuid4().hex}", "sent"))
                            for o in orders[:WAVE]
                        ]
                        work.append((accepted, orders[WAVE:]))
                    way = ways[name]
                    cpu, wall = time.process_time(), time.monotonic()
                    server = common.tree_cpu([pg.pid]) or 0.0
                    for accepted, following in work:
                        with db.transaction() as session:
                            if len(way(session, accepted, following)) != WAVE:
                                print(f"{name}: a wave was not started whole")
                                return 1
                    server_after = common.tree_cpu([pg.pid]) or 0.0
                    per_wave = 1000 / args.waves
                    figures[name]["cpu"].append((time.process_time() - cpu) * per_wave)
                    figures[name]["server"].append((server_after - server) * per_wave)
                    figures[name]["wall"].append((time.monotonic() - wall) * per_wave)
    print(
        f"a wave's transaction: {WAVE} texts recorded and the next {WAVE} started, "
        f"{args.waves} a round each way, {args.rounds} rounds"
    )
    print(f"{'way':<15} {'figure':<7} {'min ms/wave':>11} {'median':>7}")
    for name, kinds in figures.items():
        for kind, values in kinds.items():
            print(f"{name:<15} {kind:<7} {min(values):>11.3f} {statistics.median(values):>7.3f}")
    for kind in ("cpu", "server", "wall"):
        one_, two_ = figures["one statement"][kind], figures["two statements"][kind]
        print(
            f"one / two, {kind}: {statistics.median(one_) / statistics.median(two_):.2f} "
            f"(median), {min(one_) / min(two_):.2f} (minimum)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
