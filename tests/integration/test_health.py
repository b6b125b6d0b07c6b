"""GET /healthz tells a load balancer whether this process can do its work."""

from __future__ import annotations

from flask import Flask

from gateway import create_app
from tests.servers import RedisServer


def test_healthy(app: Flask) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_redis_down_is_503_and_says_which(tmp_path: object, database_url: str) -> None:
    with RedisServer() as redis:
        app = create_app({"database_url": database_url, "redis_url": redis.url})
        redis.kill()
        response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "degraded", "database": "ok", "redis": "unreachable"}
