"""Idempotency-Key on POST and PATCH: retries get the first answer, and run nothing twice."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from gateway.api.idempotency import IN_PROGRESS
from gateway.db import Database
from gateway.models import Appointment, IdempotentRequest, utcnow
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, appointment_payload, book, in_days, run_worker


def _post(client: FlaskClient, salon: SalonHandle, key: str | None, payload: Any) -> Any:
    headers = {**salon.headers, **({"Idempotency-Key": key} if key else {})}
    return client.post("/api/v1/appointments", json=payload, headers=headers)


def _appointments(db: Database) -> int:
    with db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Appointment)) or 0)


def test_a_repeat_gets_the_first_answer_and_runs_nothing(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    payload = appointment_payload()
    first = _post(client, salon, "key-1", payload)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    # Without the key this would be a 200 update; with it, it is the first answer again.
    again = _post(client, salon, "key-1", payload)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    # The same JSON written differently is the same request.
    spaced = json.dumps(dict(reversed(list(payload.items()))), indent=2, ensure_ascii=False)
    third = client.post(
        "/api/v1/appointments",
        data=spaced,
        content_type="application/json",
        headers={**salon.headers, "Idempotency-Key": "key-1"},
    )
    assert third.status_code == 201 and third.headers["Idempotent-Replayed"] == "true"
    assert _appointments(db) == 1
    run_worker(app)
    assert len(provider.sent) == 1


def test_the_same_key_with_another_request_is_422(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    assert _post(client, salon, "key-1", appointment_payload()).status_code == 201
    for other in (
        lambda: _post(client, salon, "key-1", appointment_payload(stylist="Amy")),
        lambda: client.patch(
            "/api/v1/appointments/A-1",
            json={"stylist": "Amy"},
            headers={**salon.headers, "Idempotency-Key": "key-1"},
        ),
    ):
        response = other()
        assert response.status_code == 422
        error = response.get_json()["error"]
        assert (error["code"], error["field"]) == ("idempotency_key_reused", "Idempotency-Key")
    stylist = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()["stylist"]
    assert stylist == "Lily"


def test_patch_replays_too_and_texts_once(
    app: Flask, client: FlaskClient, salon: SalonHandle, provider: RecordingProvider
) -> None:
    book(client, salon, send_confirmation=False)
    headers = {**salon.headers, "Idempotency-Key": "cancel-A-1"}
    first = client.patch("/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=headers)
    again = client.patch("/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    run_worker(app)
    assert len(provider.sent) == 1  # one cancellation notice


def test_an_error_releases_the_key(client: FlaskClient, salon: SalonHandle) -> None:
    broken = _post(client, salon, "key-1", appointment_payload(starts_at="tomorrow"))
    assert broken.status_code == 422
    fixed = _post(client, salon, "key-1", appointment_payload())
    assert fixed.status_code == 201 and "Idempotent-Replayed" not in fixed.headers


def test_keys_belong_to_one_salon(client: FlaskClient, make_salon: Any) -> None:
    mine, theirs = make_salon("丝绒发型"), make_salon("小美美甲")
    assert _post(client, theirs, "shared-key", appointment_payload()).status_code == 201
    # Another salon's key is never theirs to replay, nor to refuse.
    mine_first = _post(client, mine, "shared-key", appointment_payload(stylist="Amy"))
    assert mine_first.status_code == 201 and "Idempotent-Replayed" not in mine_first.headers
    assert mine_first.get_json()["stylist"] == "Amy"


def test_keys_are_kept_a_day_then_purged(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    assert _post(client, salon, "old-key", appointment_payload()).status_code == 201
    with db.transaction() as session:
        session.execute(update(IdempotentRequest).values(created_at=utcnow() - timedelta(hours=23)))
    assert _post(client, salon, "old-key", appointment_payload()).headers["Idempotent-Replayed"]
    with db.transaction() as session:
        session.execute(update(IdempotentRequest).values(created_at=utcnow() - timedelta(hours=25)))
    # A day on, the key is free: this is a new request (an update of A-1, so 200).
    later = _post(client, salon, "old-key", appointment_payload(stylist="Amy"))
    assert later.status_code == 200 and "Idempotent-Replayed" not in later.headers
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IdempotentRequest)) == 1


def _still_running(db: Database, key: str, age: timedelta) -> None:
    """Turn the key's stored answer back into the claim of a request that has not finished
    (``age`` ago): as a slow request, or one whose process died, leaves it."""
    with db.transaction() as session:
        session.execute(
            update(IdempotentRequest)
            .where(IdempotentRequest.key == key)
            .values(status_code=IN_PROGRESS, response_body="", created_at=utcnow() - age)
        )


def test_a_repeat_while_the_first_runs_is_409_with_retry_after(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    assert _post(client, salon, "busy", appointment_payload()).status_code == 201
    _still_running(db, "busy", timedelta(seconds=1))
    response = _post(client, salon, "busy", appointment_payload())
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("idempotency_key_in_use", "Idempotency-Key")
    assert response.headers["Retry-After"] == "1"


def test_a_claim_left_by_a_dead_process_is_taken_over(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    assert _post(client, salon, "orphan", appointment_payload()).status_code == 201
    _still_running(db, "orphan", timedelta(minutes=5))
    # Run again (the upsert is harmless to repeat), then stored for good.
    taken_over = _post(client, salon, "orphan", appointment_payload())
    assert taken_over.status_code == 200 and "Idempotent-Replayed" not in taken_over.headers
    replay = _post(client, salon, "orphan", appointment_payload())
    assert replay.status_code == 200 and replay.headers["Idempotent-Replayed"] == "true"


def test_concurrent_repeats_run_once(
    app: Flask, salon: SalonHandle, provider: RecordingProvider, db: Database
) -> None:
    payload = appointment_payload(starts_at=in_days(3))
    start = threading.Barrier(8)
    answers: list[tuple[int, bool]] = []

    def send() -> None:
        client = app.test_client()
        start.wait()
        response = _post(client, salon, "burst", payload)
        answers.append((response.status_code, "Idempotent-Replayed" in response.headers))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ran = [a for a in answers if a == (201, False)]
    assert len(ran) == 1, answers
    assert all(a in ((201, True), (409, False)) for a in answers if a not in ran), answers
    assert _appointments(db) == 1
    run_worker(app)
    assert len(provider.sent) == 1


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "clé-1"])
def test_a_malformed_key_is_422(client: FlaskClient, salon: SalonHandle, key: str) -> None:
    response = client.post(
        "/api/v1/appointments",
        json=appointment_payload(),
        headers={**salon.headers, "Idempotency-Key": key},
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "Idempotency-Key"


def test_reads_ignore_the_key(client: FlaskClient, salon: SalonHandle) -> None:
    book(client, salon)
    headers = {**salon.headers, "Idempotency-Key": "read-1"}
    for _ in range(2):
        response = client.get("/api/v1/appointments/A-1", headers=headers)
        assert response.status_code == 200 and "Idempotent-Replayed" not in response.headers
