"""CPU a text of the Tencent Cloud client, its HTTP session reading the environment on every call
or not, interleaved in one process.

``TencentSms`` builds the SDK's client once; the SDK reads its proxy from the environment then
and hands it to every call. requests' session, trusting the environment, looks at the proxy
variables and ``~/.netrc`` again on each call as well (``trust_env``); the client now turns
that off (``_read_environment_once``). This sends the same text to the Tencent Cloud stand-in
with the session as the SDK leaves it and as the client sets it, taking turns round by round so
that other load on the machine falls on both alike, and prints the sending thread's CPU a text
(``time.thread_time``: the stand-in answers on threads of its own, not counted).

    .venv/bin/python bench/tencent_session.py
    .venv/bin/python bench/tencent_session.py --rounds 20 --texts 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gateway.providers.standins.tencent import TencentStub  # noqa: E402
from gateway.providers.tencent.client import TencentSms  # noqa: E402

SIGN = "丽人美发"
TEMPLATE = "1860001"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--texts", type=int, default=150, help="texts a round, each way")
    args = parser.parse_args()
    print("load average before the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with TencentStub(templates={TEMPLATE: 1}, sign_names={SIGN}) as stub:
        sms = TencentSms(
            secret_id=stub.secret_id,
            secret_key=stub.secret_key,
            app_id=stub.app_id,
            endpoint=stub.endpoint,
        )
        session = sms._client.request.conn._session  # the SDK's: see _read_environment_once
        if session.trust_env:
            print("the client leaves its session reading the environment: nothing to compare")
            return 1

        def cpu_a_text(trust_env: bool) -> float:
            session.trust_env = trust_env
            started = time.thread_time()
            for number in range(args.texts):
                sms.send_template(
                    to="+8613800138000",
                    sign_name=SIGN,
                    template_code=TEMPLATE,
                    params=(("when", "5月2日10:00"),),
                    extend_code=None,
                    reference=f"msg-{number}",
                )
            return (time.thread_time() - started) / args.texts * 1000

        cpu_a_text(False)  # warm: connection, imports, the SDK's first signing
        rounds: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.rounds):
            for trust_env in (True, False):
                rounds[trust_env].append(cpu_a_text(trust_env))
    print("load average after the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for trust_env, label in ((True, "read on every call (before)"), (False, "read once (now)")):
        cpu = rounds[trust_env]
        print(
            f"environment {label}: {statistics.median(cpu):.3f} ms of CPU a text"
            f" (median of {args.rounds} rounds; min {min(cpu):.3f}, max {max(cpu):.3f})"
        )
    ratio = statistics.median(rounds[False]) / statistics.median(rounds[True])
    print(f"now / before: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
