"""The throwaway servers of tests/servers.py are real PostgreSQL and Redis servers."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
import redis
import sqlalchemy as sa
from rq import Queue, SimpleWorker
from sqlalchemy.exc import IntegrityError

from tests import servers
from tests.servers import PostgresServer, RedisServer, ServerStartError, require_postgres


def multiply(a: int, b: int) -> int:
    """The RQ job below: a module-level function, imported by its dotted path."""
    return a * b


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    require_postgres()
    with PostgresServer() as server:
        yield server


@pytest.fixture
def engine(postgres: PostgresServer) -> Iterator[sa.Engine]:
    engine = sa.create_engine(postgres.url)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_postgres_is_a_real_server(postgres: PostgresServer, engine: sa.Engine) -> None:
    assert postgres.url == f"postgresql+psycopg://postgres@127.0.0.1:{postgres.port}/gateway_test"
    with engine.connect() as conn:
        version = conn.execute(sa.text("select version()")).scalar_one()
        database = conn.execute(sa.text("select current_database()")).scalar_one()
        port = conn.execute(sa.text("select inet_server_port()")).scalar_one()
        max_connections = conn.execute(sa.text("show max_connections")).scalar_one()
    assert "PostgreSQL" in version
    assert database == "gateway_test"
    assert port == postgres.port
    assert max_connections == "200"


@pytest.mark.postgres
def test_postgres_table_insert_and_unique_violation(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("create table phone (id serial primary key, number text unique)"))
        conn.execute(sa.text("insert into phone (number) values ('+15550100')"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(sa.text("insert into phone (number) values ('+15550100')"))
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from phone")).scalar_one() == 1


@pytest.mark.postgres
def test_postgres_stop_leaves_nothing_and_is_idempotent() -> None:
    require_postgres()
    server = PostgresServer()
    server.start()
    pid, base_dir = server.pid, server.base_dir
    assert pid is not None and base_dir is not None and base_dir.is_dir()
    server.stop()
    server.stop()
    assert _process_gone(pid)
    assert not base_dir.exists()
    assert server.pid is None


@pytest.mark.postgres
def test_postgres_start_error_shows_the_server_log() -> None:
    require_postgres()
    server = PostgresServer(settings={"no_such_setting": "1"})
    with pytest.raises(ServerStartError, match="no_such_setting"):
        server.start()
    assert server.base_dir is None  # cleaned up after the failure


def test_require_postgres_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers, "postgres_available", lambda: False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        require_postgres()


def test_require_postgres_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers, "postgres_available", lambda: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_postgres()


# --------------------------------------------------------------------------- Redis


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_conn(redis_server: RedisServer) -> Iterator[redis.Redis]:
    if not redis_server.ping():  # an earlier test killed or paused it
        redis_server.resume()
        redis_server.restart()
    conn = redis.Redis.from_url(redis_server.url, socket_timeout=2)
    conn.flushdb()
    yield conn
    conn.close()


def test_redis_is_a_real_server(redis_server: RedisServer, redis_conn: redis.Redis) -> None:
    assert redis_server.url == f"redis://127.0.0.1:{redis_server.port}/0"
    assert redis_conn.ping() is True
    redis_conn.set("greeting", "hello")
    assert redis_conn.get("greeting") == b"hello"
    assert "redis_version" in redis_conn.info("server")
    assert redis_conn.config_get("save") == {"save": ""}
    assert redis_conn.config_get("appendonly") == {"appendonly": "no"}


def test_rq_round_trip(redis_conn: redis.Redis) -> None:
    queue = Queue("servers-test", connection=redis_conn)
    job = queue.enqueue(multiply, 6, 7)
    assert job.func_name == f"{__name__}.multiply"
    worked = SimpleWorker([queue], connection=redis_conn).work(burst=True)
    assert worked
    job.refresh()
    assert job.get_status() == "finished"
    assert job.return_value() == 42


def test_redis_kill_and_restart_on_the_same_port(
    redis_server: RedisServer, redis_conn: redis.Redis
) -> None:
    port, old_pid = redis_server.port, redis_server.pid
    redis_conn.set("lost", "1")
    redis_server.kill()
    assert old_pid is not None and _process_gone(old_pid)
    with pytest.raises(redis.ConnectionError):
        redis_conn.ping()
    redis_server.restart()
    assert redis_server.port == port
    assert redis_conn.ping() is True  # the same client reconnects
    assert redis_conn.get("lost") is None  # nothing was persisted


def test_redis_pause_makes_clients_time_out(
    redis_server: RedisServer, redis_conn: redis.Redis
) -> None:
    impatient = redis.Redis.from_url(redis_server.url, socket_timeout=0.3)
    redis_server.pause()
    try:
        assert redis_server.paused
        with pytest.raises(redis.TimeoutError):
            impatient.ping()
    finally:
        redis_server.resume()
    assert redis_conn.ping() is True
    impatient.close()


def test_redis_stop_leaves_nothing_and_is_idempotent() -> None:
    server = RedisServer()
    server.start()
    pid, base_dir = server.pid, server.base_dir
    assert pid is not None and base_dir is not None
    server.stop()
    server.stop()
    assert _process_gone(pid)
    assert not base_dir.exists()


def test_redis_start_error_shows_the_server_log() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = RedisServer(port=taken.getsockname()[1])
        with pytest.raises(ServerStartError, match="(?i)address already in use"):
            server.start()
    assert server.base_dir is None
