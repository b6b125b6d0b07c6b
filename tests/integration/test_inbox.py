"""The inbox fills as replies and texts need a person, and customers' threads read whole."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.providers import FailureKind, ProviderError
from gateway.queries.inbox import inbox_page, waiting_count
from gateway.queries.threads import customer_by_phone, customer_thread
from gateway.services import sweep
from gateway.services.desk.inbox import handle
from tests.recording_provider import RecordingProvider
from tests.support import SalonHandle, book, in_days, post_signed, reply, run_worker, twilio_form

PHONE = "+8613800138000"


def _inbox(db: Database, salon: SalonHandle) -> list[tuple[str, str, str | None]]:
    """(reason, message body, appointment external_id), newest first."""
    with db.sessions() as session:
        page = inbox_page(session, salon_id=salon.id)
        return [
            (
                item.reason,
                item.message.body if item.message else "",
                item.appointment.external_id if item.appointment else None,
            )
            for item in page.items
        ]


def test_confirm_from_a_customer_with_two_appointments_waits_for_a_person(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon, external_id="A-1", starts_at=in_days(2))
    book(client, salon, external_id="A-2", starts_at=in_days(3))
    reply(client, salon, "确认")
    assert _inbox(db, salon) == [("no_appointment", "确认", None)]
    with db.sessions() as session:
        assert waiting_count(session, salon_id=salon.id) == 1


def test_unclear_and_change_requests_link_their_appointment(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    reply(client, salon, "看情况")  # 看情况？ is answered by the machine (test_questions.py)
    reply(client, salon, "改时间")
    reply(client, salon, "确认")  # understood and done: nobody needs to look
    assert _inbox(db, salon) == [
        ("change_requested", "改时间", "A-1"),
        ("unclear_reply", "看情况", "A-1"),
    ]


def test_opt_outs_and_strangers_are_in_the_inbox(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    reply(client, salon, "退订")
    reply(client, salon, "你好，想预约", sender="+8613900139000")
    # A sender with letters in its number is refused at the door (never read as digits).
    refused = post_signed(client, twilio_form("hi", to=salon.sender, sender="salon-promo"))
    assert refused.status_code == 422
    assert [(r, b) for r, b, _ in _inbox(db, salon)] == [
        ("unknown_number", "你好，想预约"),
        ("opted_out", "退订"),
    ]


def test_failed_texts_are_collected_by_the_sweep_once(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    provider.failures.append(ProviderError("unreachable", code="21211", retryable=False))
    book(client, salon)
    run_worker(app)
    for _ in range(2):
        with db.transaction() as session:
            sweep(session, now=app.extensions["clock"]())
    [(reason, body, external_id)] = _inbox(db, salon)
    assert (reason, external_id) == ("text_failed", "A-1")
    assert body.startswith("【丝绒发型】")


def test_a_text_is_collected_once_whatever_its_status_does_next(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    """Uncertain, then reported undelivered: still one item. A text failing after a sweep
    collected others is collected by the next sweep, and only it."""
    clock = app.extensions["clock"]
    provider.failures.append(ProviderError("no answer", code="timeout", kind=FailureKind.UNCERTAIN))
    book(client, salon)
    run_worker(app)
    with db.transaction() as session:
        assert sweep(session, now=clock()).texts_to_inbox == 1
    [waiting] = client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"]
    undelivered = post_signed(
        client,
        {"MessageSid": "SM" + "c" * 32, "MessageStatus": "undelivered", "ErrorCode": "30003"},
        path=f"/sms/twilio/status?message={waiting['message']['id']}",
    )
    assert undelivered.status_code == 204
    provider.failures.append(ProviderError("unreachable", code="21211", retryable=False))
    book(client, salon, external_id="A-2", starts_at=in_days(3))
    run_worker(app)
    for expected in (1, 0):
        with db.transaction() as session:
            assert sweep(session, now=clock()).texts_to_inbox == expected
    assert [(reason, external_id) for reason, _, external_id in _inbox(db, salon)] == [
        ("text_failed", "A-2"),
        ("text_uncertain", "A-1"),
    ]
    statuses = client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"]
    assert [i["message"]["status"] for i in statuses] == ["failed", "undelivered"]


def test_two_sweeps_at_once_put_each_failed_text_in_the_inbox_once(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    import threading

    for i in range(6):
        provider.failures.append(ProviderError("unreachable", code="21211", retryable=False))
        book(
            client,
            salon,
            external_id=f"A-{i}",
            customer={"phone": f"138001380{i:02d}", "name": "王女士"},
        )
    run_worker(app)
    barrier = threading.Barrier(2)
    added: list[int] = []

    def run() -> None:
        barrier.wait()
        with db.transaction() as session:
            added.append(sweep(session, now=app.extensions["clock"]()).texts_to_inbox)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(added) == 6
    items = client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"]
    assert sorted(i["appointment"] for i in items) == [f"A-{i}" for i in range(6)]
    assert len({i["message"]["id"] for i in items}) == 6
    assert {i["reason"] for i in items} == {"text_failed"}


def test_handled_once_by_the_first_who_handled_it(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    reply(client, salon, "看情况？")
    clock = client.application.extensions["clock"]
    with db.transaction() as session:
        [item] = inbox_page(session, salon_id=salon.id).items
        handle(session, item, by="lily@salon.example", now=clock())
        handle(session, item, by="api", now=clock())
    with db.sessions() as session:
        [item] = inbox_page(session, salon_id=salon.id).items
        assert item.handled_by == "lily@salon.example" and item.handled_at is not None
        assert waiting_count(session, salon_id=salon.id) == 0
        assert inbox_page(session, salon_id=salon.id, waiting_only=True).items == []


def test_pages_run_newest_first_without_repeats(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    for n in range(5):
        reply(client, salon, f"问题{n}？")
    seen: list[str] = []
    with db.sessions() as session:
        before = None
        while True:
            page = inbox_page(session, salon_id=salon.id, limit=2, before_id=before)
            seen += [item.message.body for item in page.items if item.message]
            if page.next_cursor is None:
                break
            before = page.items[-1].id
    assert seen == [f"问题{n}？" for n in reversed(range(5))]


def test_customer_thread_holds_texts_with_and_without_an_appointment(
    client: FlaskClient, salon: SalonHandle, db: Database, make_salon: object
) -> None:
    book(client, salon, external_id="A-1", starts_at=in_days(2))
    book(client, salon, external_id="A-2", starts_at=in_days(3))
    reply(client, salon, "确认")
    with db.sessions() as session:
        customer = customer_by_phone(session, salon_id=salon.id, phone=PHONE)
        assert customer is not None
        thread = customer_thread(session, salon_id=salon.id, customer_id=customer.id)
        assert [
            (m.direction, m.appointment.external_id if m.appointment else None) for m in thread
        ] == [
            ("outbound", "A-1"),
            ("outbound", "A-2"),
            ("inbound", None),
            ("outbound", None),
        ]
        # Another salon reads none of it.
        assert customer_by_phone(session, salon_id=salon.id + 1, phone=PHONE) is None


def test_an_uncertain_text_delivered_after_all_leaves_the_inbox_by_itself(
    app: Flask, client: FlaskClient, salon: SalonHandle, db: Database, provider: RecordingProvider
) -> None:
    provider.failures.append(ProviderError("no answer", code="timeout", kind=FailureKind.UNCERTAIN))
    book(client, salon)
    run_worker(app)
    with db.transaction() as session:
        sweep(session, now=app.extensions["clock"]())
    [waiting] = client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"]
    assert waiting["reason"] == "text_uncertain" and waiting["handled_by"] is None
    message_id = waiting["message"]["id"]

    delivered = post_signed(
        client,
        {"MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered"},
        path=f"/sms/twilio/status?message={message_id}",
    )
    assert delivered.status_code == 204
    assert client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"] == []
    [item] = client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"]
    assert (item["handled_by"], item["message"]["status"]) == ("system", "delivered")
    assert item["handled_at"] is not None


def test_a_reschedule_handles_the_change_request_it_answers(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    book(client, salon)
    book(client, salon, external_id="A-2", starts_at=in_days(4))
    reply(client, salon, "改时间 " + _ref(client, salon, "A-1"))
    reply(client, salon, "改时间 " + _ref(client, salon, "A-2"))
    waiting = client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"]
    assert sorted((i["reason"], i["appointment"]) for i in waiting) == [
        ("change_requested", "A-1"),
        ("change_requested", "A-2"),
    ]
    moved = client.patch(
        "/api/v1/appointments/A-1", json={"starts_at": in_days(5)}, headers=salon.headers
    )
    assert moved.status_code == 200 and moved.get_json()["status"] == "unconfirmed"
    [still] = client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"]
    assert still["appointment"] == "A-2"  # another appointment's request still waits
    handled = {
        i["appointment"]: i["handled_by"]
        for i in client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"]
    }
    assert handled == {"A-1": "system", "A-2": None}


def _ref(client: FlaskClient, salon: SalonHandle, external_id: str) -> str:
    ref: str = client.get(f"/api/v1/appointments/{external_id}", headers=salon.headers).get_json()[
        "ref"
    ]
    return ref


def test_items_close_themselves_once_the_customer_sorts_it_out(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon, external_id="A-1", starts_at=in_days(2))
    book(client, salon, external_id="A-2", starts_at=in_days(3))
    reply(client, salon, "好的")  # which of the two?
    [waiting] = client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"]
    assert waiting["reason"] == "no_appointment"

    reply(client, salon, "确认 " + _ref(client, salon, "A-2"))
    assert client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"] == []
    [item] = client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"]
    assert (item["reason"], item["handled_by"]) == ("no_appointment", "system")
    assert client.get("/api/v1/appointments/A-2", headers=salon.headers).get_json()["status"] == (
        "confirmed"
    )


def test_a_question_closes_once_the_customer_confirms(
    client: FlaskClient, salon: SalonHandle
) -> None:
    book(client, salon)
    reply(client, salon, "可以停车吗？")
    [waiting] = client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"]
    assert (waiting["reason"], waiting["appointment"]) == ("unclear_reply", "A-1")
    reply(client, salon, "確認，謝謝")
    assert client.get("/api/v1/inbox?waiting=true", headers=salon.headers).get_json()["data"] == []
    [item] = client.get("/api/v1/inbox", headers=salon.headers).get_json()["data"]
    assert item["handled_by"] == "system"
