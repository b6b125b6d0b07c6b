"""End-to-end tests run on a Redis of their own, which a test may stop, pause or kill: the
session's shared one must never be."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

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
