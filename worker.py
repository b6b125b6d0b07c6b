"""The RQ worker: builds the app once, then sends queued SMS without forking a process per job.

Salons send in bursts; a fork per job would cost more than the send itself. Run several of these
processes for more throughput.
"""

from __future__ import annotations

import sys

from rq import SimpleWorker

from gateway import create_app


def main() -> int:
    app = create_app()
    sms_queue = app.extensions["sms_queue"]
    with app.app_context():
        worker = SimpleWorker([sms_queue.queue], connection=sms_queue.connection)
        worker.work(with_scheduler=True, logging_level=app.extensions["settings"].log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
