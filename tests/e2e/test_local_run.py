"""`make run` and `make reply` as a newcomer types them, in a copy of this checkout: with no
account at Alibaba Cloud or Tencent Cloud the texts go to the provider's local stand-in (the
real SDK's request is in the log), and `make reply` reaches the port `make run` serves on.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import in_days

REPO = Path(__file__).resolve().parents[2]
VENV = (REPO / ".venv").resolve()
_SKIP = shutil.ignore_patterns(
    ".venv", ".git", "instance", "__pycache__", ".*_cache", "node_modules", "bench", ".hypothesis"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LocalRun:
    """`make run` in a copy of the checkout, its output in ``log``."""

    def __init__(self, checkout: Path, env: dict[str, str], *args: str) -> None:
        self.checkout, self.env = checkout, env
        self.log = checkout / "make-run.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                ["make", f"VENV={VENV}", "run", *args],
                cwd=checkout,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, check: Callable[[], Any], what: str, timeout: float = 90) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"no {what}; make run said:\n{self.output()[-3000:]}")

    def make(self, *args: str) -> str:
        done = subprocess.run(
            ["make", f"VENV={VENV}", *args],
            cwd=self.checkout,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # make, serve and its children
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    copy = tmp_path / "checkout"
    shutil.copytree(REPO, copy, ignore=_SKIP, symlinks=True)
    for requirements in copy.glob("requirements*.txt"):
        os.utime(requirements, (0, 0))  # the shared .venv is installed already
    return copy


@pytest.fixture
def run_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIYUN_", "TENCENT_"))}
    for name in ("PORT", "DATABASE_URL", "REDIS_URL", "SMS_CALLBACK_TOKEN", "PUBLIC_BASE_URL"):
        env.pop(name, None)
    # A newcomer types make at a shell, not inside another make (`make test`): a nested make
    # prints "Leaving directory" after the reply's answer, and takes the parent's flags.
    for name in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES"):
        env.pop(name, None)
    return env


@pytest.fixture
def local_run(checkout: Path, run_env: dict[str, str]) -> Iterator[Callable[..., LocalRun]]:
    started: list[LocalRun] = []

    def start(*args: str) -> LocalRun:
        started.append(LocalRun(checkout, run_env, *args))
        return started[-1]

    yield start
    for run in started:
        run.stop()


def _appointment(base: str, key: str, path: str = "", body: Any = None) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base}/api/v1/appointments{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        found: dict[str, Any] = json.load(answer)
        return found


@pytest.mark.parametrize("provider", ["aliyun", "tencent", "console"])
def test_the_loop_runs_without_an_account_and_make_reply_finds_the_port(
    local_run: Callable[..., LocalRun], checkout: Path, provider: str
) -> None:
    port = _free_port()
    run = local_run(f"SMS_PROVIDER={provider}", f"PORT={port}")
    base = f"http://127.0.0.1:{port}"
    run.wait_for(lambda: "worker: taking jobs" in run.output(), "worker")
    demo = json.loads((checkout / "instance" / "demo_salon.json").read_text())

    _appointment(
        base,
        demo["api_key"],
        body={
            "external_id": "A-1001",
            "customer": {"phone": "13800138000", "name": "王女士"},
            "service": "剪发",
            "stylist": "Lily",
            "starts_at": in_days(3),  # never tomorrow: its reminder may already be due
        },
    )
    if provider == "console":
        run.wait_for(lambda: "您预约了" in run.output(), "text in the worker's log")
        reply = run.make("reply", "FROM=+8613800138000", "BODY=确认")  # no PORT: the run's
    else:
        action = '"SignName": "丝绒发型"'
        run.wait_for(lambda: action in run.output(), "SendSms request in the log")
        assert "the customer reads: 【丝绒发型】您预约了" in run.output()
        reply = run.make("reply", f"PROVIDER={provider}", "FROM=+8613800138000", "BODY=确认")
    assert reply.strip().splitlines()[-1].startswith("200 ")

    confirmed = run.wait_for(
        lambda: _appointment(base, demo["api_key"], "/A-1001")["status"] == "confirmed",
        "confirmation",
    )
    assert confirmed
    assert "Traceback" not in run.output()
