"""CPU a text of a send job's database work, two versions of the batch loop interleaved.

``bench/outbound.py`` compares whole workers with a loop of provider calls; on a shared machine
its ratios move with the moment by more than one step of the send path is worth. This measures
what the send job does around the provider's calls: the claim, each wave's start and record,
their commits, and the outcome's log line and metrics, on PostgreSQL, against a provider that
answers at once (no HTTP), with the loop of this tree (``send_batch``) and another copy's (e.g.
main's, from ``git archive``) taking turns round by round, so that other load on the machine
falls on both alike. Between rounds the sent rows are put back to ``queued`` (not measured).
Three figures a text: this process's CPU (the pool's threads included), PostgreSQL's CPU, and
the wall time. The send job logs as a worker does (``--log-level``, INFO by default, to a
file, every record scrubbed). The other copy (``--other``, a tree) runs its own ``send_batch``
with its own claim, starts, records and reports (``common.modules_from``); the rest is this
tree's.

    git archive main | tar -x -C /tmp/base-outbound
    .venv/bin/python bench/waves_interleaved.py --other /tmp/base-outbound
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.outbound import prepare_database, queue_again, queue_batch  # noqa: E402
from tests.servers import PostgresServer  # noqa: E402


class InstantProvider:
    """Takes every text at once, as Twilio would answer, without a request."""

    name = "twilio"

    def send(self, *, to: str, sender: str, body: str, callback: str | None) -> Any:
        from gateway.providers import SendResult

        return SendResult(provider=self.name, sid=f"SM{uuid.uuid4().hex}", status="sent")


def other_batch_module(root: Path) -> ModuleType:
    """The other copy's ``batch`` module, loaded with the sending modules it calls (its claim,
    starts, records and the provider state and daily cap they read)."""
    sending = "gateway.services.sending"
    names = [f"{sending}.provider_state", f"{sending}.daily_cap"]
    if (root / "gateway/services/sending/claim.py").exists():
        names.append(f"{sending}.claim")
    names += [f"{sending}.delivery", f"{sending}.provider_calls", f"{sending}.batch"]
    return common.modules_from(root, names, "other")[names[-1]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other copy's root")
    parser.add_argument("--batches", type=int, default=10, help="batches of 50 a round")
    parser.add_argument("--threads", type=int, default=8, help="SEND_THREADS")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument(
        "--log-level",
        default="INFO",
        help="as a worker's LOG_LEVEL: the send job's lines go to a file, scrubbed as a worker's",
    )
    args = parser.parse_args(argv)
    log_file = Path(tempfile.mkdtemp(prefix="waves-")) / "worker.log"
    logging.basicConfig(
        filename=log_file,
        level=args.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    from gateway.log_redaction import redact_in_logs

    redact_in_logs("bench-callback-token")  # a worker scrubs every record of its token

    from flask import Flask

    from gateway.clock import system_clock
    from gateway.config import Settings
    from gateway.providers import Providers
    from gateway.services.sending.batch import send_batch

    other_send = other_batch_module(args.other).send_batch
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
        settings = Settings.from_env(
            overrides={
                "database_url": pg.url,
                "send_threads": args.threads,
                "public_base_url": "https://gateway.example",
            }
        )
        with common.database(pg.url) as db:
            app = Flask("bench")
            providers = Providers(settings, clock=system_clock, text_provider=InstantProvider())
            app.extensions.update(
                settings=settings, clock=system_clock, db=db, sms_providers=providers
            )

            def sending(send: Callable[..., dict[int, str]]) -> Callable[[list[int]], Any]:
                """One version's send_batch, with this run's database, providers and settings."""
                return lambda batch: send(
                    db,
                    providers,
                    message_ids=batch,
                    threads=settings.send_threads,
                    public_base_url=settings.public_base_url,
                    clock=system_clock,
                )

            versions = {"this": sending(send_batch), "other": sending(other_send)}
            figures: dict[str, dict[str, list[float]]] = {
                name: {"cpu": [], "server": [], "wall": []} for name in versions
            }
            with app.app_context():
                for round_ in range(args.rounds):
                    order = list(versions) if round_ % 2 == 0 else list(reversed(versions))
                    for name in order:
                        send = versions[name]
                        cpu, wall = time.process_time(), time.monotonic()
                        server = common.tree_cpu([pg.pid]) or 0.0
                        sent = 0
                        for batch in batches:
                            outcomes = send(batch)
                            sent += sum(o.startswith("sent") for o in outcomes.values())
                        per_text = 1000 / count
                        server_after = common.tree_cpu([pg.pid]) or 0.0
                        figures[name]["cpu"].append((time.process_time() - cpu) * per_text)
                        figures[name]["server"].append((server_after - server) * per_text)
                        figures[name]["wall"].append((time.monotonic() - wall) * per_text)
                        if sent != count:
                            print(f"{name}: sent {sent} of {count}")
                            return 1
                        queue_again(db, ids)
    print(
        f"send loop, {count} texts in batches of {size}, {args.threads} calls at once, "
        f"{args.rounds} rounds, an instant provider; log ({args.log_level}): {log_file}"
    )
    print(f"{'version':<8} {'figure':<7} {'min ms/text':>11} {'median':>7}  every round")
    for name, kinds in figures.items():
        for kind, values in kinds.items():
            rounds = " ".join(f"{v:.3f}" for v in values)
            print(
                f"{name:<8} {kind:<7} {min(values):>11.3f} {statistics.median(values):>7.3f}  "
                f"{rounds}"
            )
    for kind in ("cpu", "server", "wall"):
        this_, other_ = figures["this"][kind], figures["other"][kind]
        print(
            f"this / other, {kind}: {min(this_) / min(other_):.2f} (minimum), "
            f"{statistics.median(this_) / statistics.median(other_):.2f} (median)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
