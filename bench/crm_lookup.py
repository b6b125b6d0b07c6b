"""What bounding a CRM host's lookup by the POST's deadline costs a POST.

``crm_http.post_crm_delivery`` resolves the CRM's host in a thread of its own, which the POST
stops waiting for at its deadline (getaddrinfo takes no timeout). Two figures, each beside its
baseline in the same run, rounds alternating so load falls on both alike:

* **lookup**: ``check_webhook_url`` of ``http://localhost:PORT/…`` (a real getaddrinfo through
  /etc/hosts), through the bounded resolver and through getaddrinfo called directly;
* **POST**: a whole ``post_crm_delivery`` to a CRM on loopback answering 204 at once, as
  shipped and with the lookup made directly (``crm_http._within`` replaced for the baseline).

Medians of wall time and of this process's CPU time, in microseconds; the load average before
and after. Run from the repository root::

    .venv/bin/python bench/crm_lookup.py [--rounds 20 --per-round 100]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, revision  # noqa: E402
from gateway import crm_http  # noqa: E402
from gateway.services.crm.webhook_urls import Resolver, check_webhook_url  # noqa: E402


class _Crm(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class _DualStack(ThreadingHTTPServer):
    # localhost may resolve to ::1 or 127.0.0.1 first: "::" takes both (IPV6_V6ONLY off).
    address_family = socket.AF_INET6
    daemon_threads = True


def _direct(seconds: float, resolve: Resolver | None) -> Resolver:
    """The baseline: the lookup as it was, getaddrinfo in the POST's own thread."""

    def lookup(*args: Any, **kwargs: Any) -> Any:
        return (resolve or socket.getaddrinfo)(*args, **kwargs)

    return lookup


@contextmanager
def _lookups(direct: bool) -> Iterator[None]:
    shipped = crm_http._within
    crm_http._within = _direct if direct else shipped  # type: ignore[assignment]
    try:
        yield
    finally:
        crm_http._within = shipped  # type: ignore[assignment]


def _timed(step: Callable[[], object], count: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(count):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append((time.perf_counter() - wall) * 1e6)
        cpus.append((time.process_time() - cpu) * 1e6)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=100)
    args = parser.parse_args()

    server = _DualStack(("::", 0), _Crm)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://localhost:{server.server_address[1]}/hooks/sms"
    order = crm_http.CrmDeliveryOrder(
        delivery_id=1,
        salon_id=1,
        event_id="evt_bench",
        url=url,
        secrets=("whsec_" + "A" * 32,),
        payload=json.dumps({"id": "evt_bench", "type": "appointment.confirmed"}),
    )
    bounded = crm_http._within(crm_http.TOTAL_SECONDS, None)

    def post() -> None:
        answer = crm_http.post_crm_delivery(order, allow_private=True)
        assert answer.verdict is crm_http.CrmVerdict.DELIVERED, answer

    steps: dict[str, Callable[[], object]] = {
        "lookup, bounded": lambda: check_webhook_url(url, allow_private=True, resolve=bounded),
        "lookup, direct": lambda: check_webhook_url(url, allow_private=True),
        "POST, as shipped": post,
        "POST, lookup direct": post,
    }
    figures: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in steps}
    print(machine())
    print(f"commit {revision()}; load average before: {os.getloadavg()}")
    for name, step in steps.items():  # warm-up
        with _lookups(direct=name.endswith("direct")):
            _timed(step, 20)
    for _ in range(args.rounds):
        for name, step in steps.items():
            with _lookups(direct=name.endswith("direct")):
                walls, cpus = _timed(step, args.per_round)
            figures[name][0].extend(walls)
            figures[name][1].extend(cpus)
    print(f"load average after: {os.getloadavg()}")
    for name, (walls, cpus) in figures.items():
        print(
            f"{name:22s} median {statistics.median(walls):7.0f} µs wall, "
            f"{statistics.median(cpus):7.0f} µs CPU ({len(walls)} each)"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
