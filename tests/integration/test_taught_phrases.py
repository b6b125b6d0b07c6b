"""Phrases a salon teaches, end to end: staff treat an unclear reply as an answer and tick
"remember"; the next customer of the salon who writes the same words (another width, case or
punctuation) is acted on by the worker as that answer, while the same words to another salon
stay unclear; the phrases are listed and removed over the API, each salon only its own."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from gateway.db import Database
from gateway.domain.lifecycle import Intent
from gateway.models import TaughtPhrase
from tests.support import (
    SalonHandle,
    book,
    post_signed,
    process_replies,
    reply,
    status_of,
    thread,
    twilio_form,
)

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

FIRST, SECOND = "+8613800138000", "+8613900139000"


def waiting(client: FlaskClient, salon: SalonHandle) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get(
        "/api/v1/inbox?waiting=true", headers=salon.headers
    ).get_json()["data"]
    return data


def phrases(client: FlaskClient, salon: SalonHandle) -> list[dict[str, Any]]:
    response = client.get("/api/v1/phrases", headers=salon.headers)
    assert response.status_code == 200
    data: list[dict[str, Any]] = response.get_json()["data"]
    return data


def answers(client: FlaskClient, salon: SalonHandle, external_id: str) -> list[dict[str, Any]]:
    return [m for m in thread(client, salon, external_id) if m["direction"] == "outbound"]


def two_customers(client: FlaskClient, salon: SalonHandle) -> None:
    book(client, salon, external_id="A-1", starts_at="2026-12-07T15:00:00+08:00")
    book(
        client,
        salon,
        external_id="A-2",
        customer={"phone": SECOND, "name": "李先生"},
        starts_at="2026-12-07T17:00:00+08:00",
    )


def teach(
    client: FlaskClient, salon: SalonHandle, body: str, intent: str, *, sender: str = FIRST
) -> dict[str, Any]:
    """A customer (the first, unless ``sender``) writes ``body``; staff treat it as ``intent``
    and remember it."""
    reply(client, salon, body, sender=sender)
    [item] = [i for i in waiting(client, salon) if i["reason"] == "unclear_reply"]
    treated = client.post(
        f"/api/v1/inbox/{item['id']}/treat-as",
        json={"intent": intent, "remember": True},
        headers=salon.headers,
    )
    assert treated.status_code == 200, treated.get_json()
    body_json: dict[str, Any] = treated.get_json()
    return body_json


@pytest.mark.parametrize(
    ("taught", "written", "intent", "status", "answer_says"),
    [
        ("OK搞掂！", "ｏｋ 搞掂。。", "confirm", "confirmed", "已确认"),
        ("家里有事", "家裡有事!!", "cancel", "cancelled", "已取消"),
        ("看情况再说吧老板", "看情况，再说吧 老板~", "change", "change_requested", "改期"),
    ],
)
def test_a_taught_reply_is_acted_on_for_the_next_customer_of_the_salon_only(
    client: FlaskClient,
    salon: SalonHandle,
    make_salon: Any,
    taught: str,
    written: str,
    intent: str,
    status: str,
    answer_says: str,
) -> None:
    other = make_salon("小美美甲")
    two_customers(client, salon)
    book(client, other, external_id="B-1", customer={"phone": SECOND})
    teach(client, salon, taught, intent)
    assert status_of(client, salon, "A-1") == status
    [phrase] = phrases(client, salon)
    assert (phrase["intent"], phrase["taught_by"]) == (intent, "api")

    # The salon's other customer writes the same words, differently typed: acted on at once.
    reply(client, salon, written, sender=SECOND)
    assert status_of(client, salon, "A-2") == status
    [read] = [m for m in thread(client, salon, "A-2") if m["direction"] == "inbound"]
    assert read["intent"] == intent
    last = answers(client, salon, "A-2")[-1]
    assert answer_says in last["body"], last["body"]
    assert all(
        i["appointment"] != "A-2"
        for i in waiting(client, salon)
        if i["reason"] == ("unclear_reply")
    )

    # The same words to another salon: unclear, the customer asked again, the inbox told.
    reply(client, other, written, sender=SECOND)
    assert status_of(client, other, "B-1") == "unconfirmed"
    assert [i["reason"] for i in waiting(client, other)] == ["unclear_reply"]
    assert answers(client, other, "B-1")[-1]["template"] == "help"
    assert phrases(client, other) == []


def test_a_taught_phrase_never_answers_a_question_or_a_negation(
    client: FlaskClient, salon: SalonHandle
) -> None:
    two_customers(client, salon)
    teach(client, salon, "OK搞掂", "confirm")
    for asked in ("OK搞掂？", "OK搞掂吗", "不OK搞掂"):
        reply(client, salon, asked, sender=SECOND)
        assert status_of(client, salon, "A-2") == "unconfirmed", asked
    # A question cannot be taught either: refused, and nothing changes.
    book(client, salon, external_id="A-3", customer={"phone": "13700137000"})
    reply(client, salon, "搞掂了吗", sender="+8613700137000")
    [item] = [i for i in waiting(client, salon) if i["appointment"] == "A-3"]
    refused = client.post(
        f"/api/v1/inbox/{item['id']}/treat-as",
        json={"intent": "confirm", "remember": True},
        headers=salon.headers,
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"]["field"] == "remember"
    assert "question" in refused.get_json()["error"]["message"]
    assert status_of(client, salon, "A-3") == "unconfirmed"
    assert [p["text"] for p in phrases(client, salon)] == ["ok搞掂"]


def test_teaching_the_same_words_again_replaces_their_meaning(
    client: FlaskClient, salon: SalonHandle
) -> None:
    two_customers(client, salon)
    # Both customers wrote the same words before anyone taught them: two unclear items.
    reply(client, salon, "OK搞掂", sender=FIRST)
    reply(client, salon, "ok 搞掂!", sender=SECOND)
    first, second = sorted(waiting(client, salon), key=lambda i: i["appointment"])
    for item, intent in ((first, "confirm"), (second, "cancel")):
        treated = client.post(
            f"/api/v1/inbox/{item['id']}/treat-as",
            json={"intent": intent, "remember": True},
            headers=salon.headers,
        )
        assert treated.status_code == 200, treated.get_json()
    [phrase] = phrases(client, salon)
    assert (phrase["text"], phrase["intent"]) == ("ok搞掂", "cancel")
    assert (status_of(client, salon, "A-1"), status_of(client, salon, "A-2")) == (
        "confirmed",
        "cancelled",
    )


def test_phrases_are_listed_and_removed_by_their_own_salon_only(
    client: FlaskClient, salon: SalonHandle, make_salon: Any
) -> None:
    other = make_salon("小美美甲")
    two_customers(client, salon)
    teach(client, salon, "OK搞掂", "confirm")
    [phrase] = phrases(client, salon)
    assert phrase["text"] == "ok搞掂"
    assert phrase["created_at"] == "2026-12-05T10:00:00+08:00"
    path = f"/api/v1/phrases/{phrase['id']}"

    # Another salon neither sees nor removes it.
    assert phrases(client, other) == []
    gone = client.delete(path, headers=other.headers)
    assert gone.status_code == 404 and gone.get_json()["error"]["code"] == "not_found"
    assert client.delete("/api/v1/phrases/99999999999", headers=salon.headers).status_code == 404
    assert phrases(client, salon) == [phrase]

    assert client.delete(path, headers=salon.headers).status_code == 204
    assert phrases(client, salon) == []
    assert client.delete(path, headers=salon.headers).status_code == 404
    # Forgotten: the same words are unclear again.
    reply(client, salon, "OK搞掂", sender=SECOND)
    assert status_of(client, salon, "A-2") == "unconfirmed"


@pytest.mark.parametrize(
    ("remember", "field"),
    [("yes", "remember"), (1, "remember"), (None, "remember"), ({"a": 1}, "remember")],
)
def test_remember_must_be_true_or_false_and_a_refusal_changes_nothing(
    client: FlaskClient, salon: SalonHandle, remember: object, field: str
) -> None:
    book(client, salon, starts_at="2026-12-07T15:00:00+08:00")
    reply(client, salon, "OK搞掂")
    [item] = waiting(client, salon)
    refused = client.post(
        f"/api/v1/inbox/{item['id']}/treat-as",
        json={"intent": "confirm", "remember": remember},
        headers=salon.headers,
    )
    # Like every other field of the API: a value of the wrong kind is 422, naming the field.
    assert refused.status_code == 422
    assert refused.get_json()["error"]["field"] == field
    assert status_of(client, salon) == "unconfirmed"
    assert phrases(client, salon) == [] and len(waiting(client, salon)) == 1


def test_a_batch_of_replies_reads_its_salons_phrases_in_one_query(
    client: FlaskClient, salon: SalonHandle, make_salon: Any, db: Database
) -> None:
    other = make_salon("小美美甲")
    two_customers(client, salon)
    book(client, other, external_id="B-1", customer={"phone": "13700137000"})
    book(client, other, external_id="B-2", customer={"phone": "13600136000"})
    with db.transaction() as session:
        for salon_id in (salon.id, other.id):
            session.add(
                TaughtPhrase(
                    salon_id=salon_id, text="ok搞掂", intent=Intent.CONFIRM, taught_by="api"
                )
            )
    # Four customers of two salons write at once; the webhook stores, one job reads them all.
    for handle, sender in (
        (salon, FIRST),
        (salon, SECOND),
        (other, "+8613700137000"),
        (other, "+8613600136000"),
    ):
        assert (
            post_signed(
                client, twilio_form("OK 搞掂!", to=handle.sender, sender=sender)
            ).status_code
            == 200
        )
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        process_replies(client.application)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert [status_of(client, salon, ref) for ref in ("A-1", "A-2")] == ["confirmed"] * 2
    assert [status_of(client, other, ref) for ref in ("B-1", "B-2")] == ["confirmed"] * 2
    assert len([s for s in statements if "FROM taught_phrases" in s]) == 1


def test_erasing_a_customer_forgets_the_phrases_taught_from_their_replies(
    client: FlaskClient, salon: SalonHandle, db: Database
) -> None:
    """The words a customer wrote may name them: erasure takes the phrases taught from their
    replies too, and only those; a phrase taught before phrases recorded their writer goes when
    it is the text of one of the customer's replies."""
    two_customers(client, salon)
    book(client, salon, external_id="A-3", customer={"phone": "+8613700137000"})
    book(client, salon, external_id="A-4", customer={"phone": "+8613600136000"})
    teach(client, salon, "王小红家里有事", "cancel")
    # The other customer's taught words stay: they are not the erased customer's.
    teach(client, salon, "OK搞掂", "confirm", sender=SECOND)
    # A phrase taught before the gateway kept who wrote it, in the first customer's words.
    reply(client, salon, "王小红 今天出差", sender=FIRST)
    with db.transaction() as session:
        session.add(
            TaughtPhrase(
                salon_id=salon.id, text="王小红今天出差", intent=Intent.CANCEL, taught_by="api"
            )
        )
    assert {p["text"] for p in phrases(client, salon)} == {
        "王小红家里有事",
        "ok搞掂",
        "王小红今天出差",
    }

    erased = client.delete(f"/api/v1/customers/{FIRST}", headers=salon.headers)
    assert erased.status_code == 204
    assert [p["text"] for p in phrases(client, salon)] == ["ok搞掂"]

    # Someone else writing the erased customer's words is no longer read by them.
    for sender, ref, words in (
        ("+8613700137000", "A-3", "王小红家里有事"),
        ("+8613600136000", "A-4", "王小红今天出差"),
    ):
        reply(client, salon, words, sender=sender)
        assert status_of(client, salon, ref) == "unconfirmed"
        assert [i["reason"] for i in waiting(client, salon) if i["appointment"] == ref] == [
            "unclear_reply"
        ]


def test_a_customers_export_lists_the_phrases_taught_from_their_replies(
    client: FlaskClient, salon: SalonHandle
) -> None:
    """An access request answers with every trace of the customer's words: a phrase the salon
    taught from their reply is theirs, one taught from another customer's is not."""
    two_customers(client, salon)
    teach(client, salon, "王小红家里有事", "cancel")
    teach(client, salon, "OK搞掂", "confirm", sender=SECOND)

    first = client.get(f"/api/v1/customers/{FIRST}/export", headers=salon.headers).get_json()
    second = client.get(f"/api/v1/customers/{SECOND}/export", headers=salon.headers).get_json()

    assert [(p["text"], p["intent"]) for p in first["taught_phrases"]] == [
        ("王小红家里有事", "cancel")
    ]
    assert first["taught_phrases"][0]["taught_at"]
    assert [(p["text"], p["intent"]) for p in second["taught_phrases"]] == [("ok搞掂", "confirm")]
