"""The RQ worker: builds the app once, then sends queued SMS without forking a process per job.

Salons send in bursts; a fork per job would cost more than the send itself. Run several of these
processes for more throughput.

``python worker.py --cron`` runs RQ's CronScheduler instead: it queues the sweep (due reminders,
the outbox relay) every SWEEP_SECONDS. One is enough; a second one is harmless, because the
sweep takes its rows with SKIP LOCKED and every send claims its row.
"""

from __future__ import annotations

import argparse
import sys

from rq import SimpleWorker
from rq.cron import CronScheduler

from gateway import create_app
from gateway.jobs import run_sweep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cron", action="store_true", help="queue the periodic sweep instead")
    args = parser.parse_args(argv)

    app = create_app()
    settings = app.extensions["settings"]
    sms_queue = app.extensions["sms_queue"]
    if args.cron:
        cron = CronScheduler(connection=sms_queue.connection, logging_level=settings.log_level)
        cron.register(run_sweep, queue_name=sms_queue.queue.name, interval=settings.sweep_seconds)
        cron.start()
        return 0
    with app.app_context():
        worker = SimpleWorker(sms_queue.queues, connection=sms_queue.connection)
        worker.work(with_scheduler=True, logging_level=settings.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
