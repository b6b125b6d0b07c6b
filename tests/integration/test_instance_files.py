"""What instance/ holds (the console's secret key, the demo salon's API key and console
password, the SQLite database, the embedded Redis's data) is readable by its owner only, even
under the usual umask 022, and files an older version left readable are tightened."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from sqlalchemy import text

from gateway import cli
from gateway.config import Settings
from gateway.db import Database
from gateway.embedded_redis import embedded_redis
from gateway.staff.setup import secret_key


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_secret_key_is_for_the_owner_only(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    key = secret_key(Settings(), instance)
    assert key and (instance / "secret_key").read_text() == key
    assert (mode(instance), mode(instance / "secret_key")) == (0o700, 0o600)


def test_an_older_readable_secret_key_is_tightened(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    (instance / "secret_key").write_text("kept as it was")
    (instance / "secret_key").chmod(0o644)
    assert secret_key(Settings(), instance) == "kept as it was"
    assert (mode(instance), mode(instance / "secret_key")) == (0o700, 0o600)


def test_the_sqlite_database_and_its_journal_are_for_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "gateway.sqlite3"
    database = Database(f"sqlite:///{path}")
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE customer (phone TEXT)"))
        connection.execute(text("INSERT INTO customer VALUES ('+8613800138000')"))
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700
        for journal in path.parent.glob("gateway.sqlite3-*"):
            assert mode(journal) == 0o600, journal.name
    database.engine.dispose()


def test_the_demo_salon_file_is_for_the_owner_only(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_file = tmp_path / "instance" / "demo_salon.json"
    monkeypatch.setattr(cli, "DEMO_FILE", demo_file)
    with app.app_context():  # as ``flask demo`` runs it
        result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    demo = json.loads(demo_file.read_text())
    assert demo["api_key"] and demo["staff_password"]
    assert (mode(demo_file.parent), mode(demo_file)) == (0o700, 0o600)


def test_the_embedded_redis_keeps_its_data_for_the_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "instance" / "redis.db"
    settings = Settings(embedded_redis_path=str(data))
    with embedded_redis(settings):
        client = Redis(unix_socket_path=str(data.with_suffix(".sock")))
        client.set("waiting", "1")
        client.save()
        client.close()
    assert data.exists()
    assert (mode(data.parent), mode(data)) == (0o700, 0o600)
