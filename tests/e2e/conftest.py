"""End-to-end tests run on a Redis of their own, which a test may stop, pause or kill: the
session's shared one must never be; and the browser tests share one way to serve the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.e2e.test_console import _service
from tests.e2e.test_service import Service
from tests.servers import RedisServer


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A Redis of this test's own: the session's shared one must never be killed."""
    with RedisServer() as server:
        yield server


@pytest.fixture
def app(make_app: Callable[..., Flask], redis_server: RedisServer) -> Flask:
    """The conftest's app, on the Redis the test kills (``client``, ``salon`` follow it)."""
    return make_app(redis_url=redis_server.url, queue_name="sms")


@pytest.fixture
def running(tmp_path: Path, redis_url: str) -> Iterator[Service]:
    """The whole service served for a browser test: gunicorn and a worker on a fresh SQLite
    database in the test's own directory."""
    with _service(tmp_path, redis_url) as service:
        yield service
