"""A send job's waves: how many commits a batch costs, and what a worker dying between a commit
and its wave's calls, or a failed record, leaves behind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select

from gateway.db import Database
from gateway.domain.phones import mask
from gateway.jobs import run_sweep
from gateway.models import Message
from gateway.services.sending import batch
from gateway.services.sending.batch import send_batch
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, TestClock, book_together, run_worker

#: Texts in the batch and calls at once: waves of 3, 3 and 1.
TEXTS, THREADS = 7, 3


@pytest.fixture
def provider() -> RecordingProvider:
    return RecordingProvider(name="twilio")


@pytest.fixture
def batch_ids(app: Flask, db: Database, salon: SalonHandle) -> list[int]:
    """A batch of TEXTS requests, whose send job is dropped (each test sends them itself)."""
    ids = sorted(book_together(db, salon, TEXTS))
    app.extensions["sms_queue"].queue.empty()
    return ids


def _send(app: Flask, ids: list[int]) -> dict[int, str]:
    with app.app_context():
        return send_batch(
            app.extensions["db"],
            app.extensions["sms_providers"],
            message_ids=ids,
            threads=THREADS,
            public_base_url="",
            clock=app.extensions["clock"],
        )


def _statuses(db: Database, ids: list[int]) -> list[str]:
    with db.sessions() as session:
        rows = session.scalars(select(Message).where(Message.id.in_(ids)).order_by(Message.id))
        return [str(m.status) for m in rows]


def _started(db: Database, ids: list[int]) -> list[bool]:
    with db.sessions() as session:
        rows = session.scalars(select(Message).where(Message.id.in_(ids)).order_by(Message.id))
        return [m.provider_call_at is not None for m in rows]


@pytest.fixture
def commits(db: Database) -> Iterator[list[int]]:
    counted = [0]

    def count(_connection: Any) -> None:
        counted[0] += 1

    event.listen(db.engine, "commit", count)
    yield counted
    event.remove(db.engine, "commit", count)


def test_a_batch_commits_once_a_wave_plus_the_claim_and_the_last_record(
    app: Flask,
    db: Database,
    provider: RecordingProvider,
    batch_ids: list[int],
    commits: list[int],
) -> None:
    """Seven texts, three at a time: the claim, the first wave's start, two commits that each
    record a wave and start the next, the last wave's record: 5 commits (a transaction for each
    start and each record made 7)."""
    outcomes = _send(app, batch_ids)
    assert commits[0] == 5
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["sent"] * TEXTS
    assert _statuses(db, batch_ids) == ["sent"] * TEXTS
    assert len(provider.sent) == TEXTS


class _WorkerKilled(BaseException):
    """The worker's process dies (SIGKILL): nothing after it runs, no handler sees it."""


def test_a_worker_killed_before_a_waves_calls_leaves_that_wave_uncertain_and_no_other(
    app: Flask,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
    batch_ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Killed right after the commit that recorded the first wave and started the second: the
    first wave is sent, the second (marked started) is uncertain and never sent again, the
    third was only claimed and is sent once, later."""
    call_wave = batch._call_wave
    waves = []

    def die_on_the_second_wave(*args: Any) -> Any:
        waves.append(args)
        if len(waves) == 2:
            raise _WorkerKilled
        return call_wave(*args)

    monkeypatch.setattr(batch, "_call_wave", die_on_the_second_wave)
    with pytest.raises(_WorkerKilled):
        _send(app, batch_ids)
    assert _statuses(db, batch_ids) == ["sent"] * 3 + ["sending"] * 4
    assert _started(db, batch_ids) == [True] * 6 + [False]

    clock.advance(timedelta(minutes=15))  # past the claim, and past STALE_SENDING
    with app.app_context():
        run_sweep()
    run_worker(app)
    assert _statuses(db, batch_ids) == ["sent"] * 3 + ["uncertain"] * 3 + ["sent"]
    sent_to = sorted(sms.to for sms in provider.sent)
    assert len(sent_to) == len(set(sent_to)) == 4  # none twice; the second wave never went


def test_a_failed_record_starts_no_wave_and_keeps_what_the_provider_took(
    app: Flask,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
    batch_ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The transaction recording the first wave and starting the second fails: the second wave
    is not started (no call is marked that will not be made), the first is recorded alone, the
    job fails, and the texts not started go again after the sweep, each sent once."""
    record_accepted = batch.record_accepted
    failures = [RuntimeError("the database went away")]

    def fail_once(*args: Any, **kwargs: Any) -> Any:
        if args[1] and failures:
            raise failures.pop()
        return record_accepted(*args, **kwargs)

    monkeypatch.setattr(batch, "record_accepted", fail_once)
    with pytest.raises(RuntimeError):
        _send(app, batch_ids)
    assert _statuses(db, batch_ids) == ["sent"] * 3 + ["sending"] * 4
    assert _started(db, batch_ids) == [True] * 3 + [False] * 4
    assert len(provider.sent) == 3

    clock.advance(timedelta(minutes=15))
    with app.app_context():
        run_sweep()
    run_worker(app)
    assert _statuses(db, batch_ids) == ["sent"] * TEXTS
    sent_to = sorted(sms.to for sms in provider.sent)
    assert len(sent_to) == len(set(sent_to)) == TEXTS


def test_a_wave_is_logged_in_one_line_naming_each_text_its_masked_number_and_sid(
    app: Flask,
    db: Database,
    provider: RecordingProvider,
    batch_ids: list[int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """What an operator reads of a batch that went: a line a wave (3, 3 and 1 texts), each text
    with its id, its number masked and the provider's id for it; no whole number."""
    with caplog.at_level("INFO", logger="gateway.services.sending.batch"):
        outcomes = _send(app, batch_ids)
    lines = [r.getMessage() for r in caplog.records if r.name == "gateway.services.sending.batch"]
    assert [line.split(" ", 1)[0] for line in lines] == ["3", "3", "1"]
    logged = " ".join(lines)
    numbers = {sms.sid: sms.to for sms in provider.sent}
    for message_id in batch_ids:
        sid = outcomes[message_id].removeprefix("sent: ")
        assert f"message {message_id} to {mask(numbers[sid])} as {sid}" in logged
        assert numbers[sid] not in logged


@pytest.fixture
def statements(db: Database) -> Iterator[list[list[str]]]:
    """The statements each transaction ran, in order (a new list at each commit)."""
    ran: list[list[str]] = [[]]

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if (verb := statement.split(None, 1)[0].upper()) != "BEGIN":  # SQLite's, explicit
            ran[-1].append(verb)

    def commit(_connection: Any) -> None:
        ran.append([])

    event.listen(db.engine, "before_cursor_execute", count)
    event.listen(db.engine, "commit", commit)
    yield ran
    event.remove(db.engine, "before_cursor_execute", count)
    event.remove(db.engine, "commit", commit)


def test_on_postgresql_a_waves_record_and_the_next_start_are_one_statement(
    app: Flask,
    db: Database,
    provider: RecordingProvider,
    batch_ids: list[int],
    statements: list[list[str]],
) -> None:
    """Seven texts, three at a time: after the claim, each transaction is one statement on
    PostgreSQL (the first wave's start; twice a wave's record with the next wave's start; the
    last wave's record), a round trip a wave fewer than an UPDATE each. SQLite runs the record
    and the start in turn (the record an executemany and a read of the held salons)."""
    outcomes = _send(app, batch_ids)
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["sent"] * TEXTS
    waves = [ran for ran in statements[1:] if ran]
    if db.engine.dialect.name == "postgresql":
        assert waves == [["UPDATE"], ["WITH"], ["WITH"], ["UPDATE"]]
    else:
        assert waves == [
            ["UPDATE"],
            ["UPDATE", "SELECT", "UPDATE"],
            ["UPDATE", "SELECT", "UPDATE"],
            ["UPDATE", "SELECT"],
        ]
    assert _statuses(db, batch_ids) == ["sent"] * TEXTS
    assert _started(db, batch_ids) == [True] * TEXTS
    sent_to = [sms.to for sms in provider.sent]
    assert len(sent_to) == len(set(sent_to)) == TEXTS


def test_a_wave_record_and_start_rolled_back_at_commit_leave_the_next_wave_unstarted(
    app: Flask,
    db: Database,
    provider: RecordingProvider,
    clock: TestClock,
    batch_ids: list[int],
) -> None:
    """The statement that records the first wave and starts the second runs, then its commit
    fails: nothing of it stays (no text of the second wave marked started, none called), the
    first wave is recorded alone, and after the sweep every text goes exactly once."""
    commits = [0]

    def fail_the_third_commit(_connection: Any) -> None:
        commits[0] += 1
        if commits[0] == 3:  # the claim, the first wave's start, then this one
            raise RuntimeError("the database went away at commit")

    event.listen(db.engine, "commit", fail_the_third_commit)
    try:
        with pytest.raises(RuntimeError):
            _send(app, batch_ids)
    finally:
        event.remove(db.engine, "commit", fail_the_third_commit)
    assert _statuses(db, batch_ids) == ["sent"] * 3 + ["sending"] * 4
    assert _started(db, batch_ids) == [True] * 3 + [False] * 4
    assert len(provider.sent) == 3

    clock.advance(timedelta(minutes=15))
    with app.app_context():
        run_sweep()
    run_worker(app)
    assert _statuses(db, batch_ids) == ["sent"] * TEXTS
    sent_to = sorted(sms.to for sms in provider.sent)
    assert len(sent_to) == len(set(sent_to)) == TEXTS
