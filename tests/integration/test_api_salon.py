"""The salon's settings over HTTP (GET/PATCH /api/v1/salon) and on the command line: one service,
the same rules, each bad value a 422 naming the field that changes nothing."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from gateway.domain.segments import sms_encoding
from gateway.services.crm import webhook_urls
from tests.support import SalonHandle, book, run_worker, thread


def patch(client: FlaskClient, salon: SalonHandle, body: Any) -> Any:
    return client.patch("/api/v1/salon", json=body, headers=salon.headers)


def test_every_setting_can_be_read_and_changed(client: FlaskClient, salon: SalonHandle) -> None:
    changed = {
        "name": "莲花美甲",
        "display_names": {"en": "Lotus Nails", "zh-TW": "蓮花美甲"},
        "timezone": "Asia/Hong_Kong",
        "locale": "zh-TW",
        "reminder_offsets": [120, 1440],
        "quiet_hours": "22:00-08:30",
        "daily_sms_cap": 500,
        "segment_price": "0.045",
        "currency": "HKD",
        "webhook_events": ["appointment.cancelled", "appointment.confirmed"],
        "survey_enabled": True,
        "survey_delay_minutes": 2880,
        "survey_min_days_between": 0,
        "marketing_max_per_30_days": 2,
        "marketing_daily_budget": 80,
        "marketing_per_minute": 10,
        "birthday_offers": {
            "enabled": True,
            "days_before": 3,
            "values": {"offer": "生日当月烫染8折", "valid_until": "生日当月"},
        },
    }
    before = client.get("/api/v1/salon", headers=salon.headers).get_json()
    # Marketing keeps to 4 texts a customer in 30 days, 500 a salon day, 60 a minute, and
    # sends no birthday offers until the salon turns them on.
    assert [before[k] for k in ("marketing_max_per_30_days", "marketing_daily_budget")] == [4, 500]
    assert before["marketing_per_minute"] == 60
    assert before["birthday_offers"] == {"enabled": False, "days_before": 0, "values": None}
    # Surveys are off until a salon switches them on, two hours after the visit, monthly.
    assert [before[k] for k in ("survey_enabled", "survey_delay_minutes")] == [False, 120]
    assert before["survey_min_days_between"] == 30
    response = patch(client, salon, changed)
    assert response.status_code == 200, response.get_json()
    shown = client.get("/api/v1/salon", headers=salon.headers).get_json()
    assert shown == response.get_json()
    assert {key: shown[key] for key in changed} == {
        **changed,
        "reminder_offsets": [1440, 120],
        # In the documented order, whatever order they were sent in.
        "webhook_events": ["appointment.confirmed", "appointment.cancelled"],
    }
    assert "webhook_secret" not in shown


BAD_VALUES = [
    ("name", "   "),
    ("name", "x" * 101),
    ("name", None),
    ("display_names", {"en": "莲花美甲"}),
    ("display_names", {"fr": "Lotus"}),
    ("sender_number", "call me"),
    ("timezone", "Mars/Base"),
    ("locale", "fr"),
    ("reminder_offsets", [5]),
    ("reminder_offsets", "1440"),
    ("quiet_hours", "9pm-9am"),
    ("daily_sms_cap", 0),
    ("daily_sms_cap", True),
    ("segment_price", "-1"),
    ("segment_price", 0.1),
    ("currency", "yuan"),
    ("webhook_url", "ftp://crm.example.com/hooks"),
    ("webhook_events", ["appointment.booked"]),
    ("rotate_webhook_secret", "yes"),
    ("webhook_secret", "my-crm-secret"),
    ("webhook_secret", "whsec_not base64!"),
    ("webhook_secret", "whsec_" + base64.b64encode(bytes(range(23))).decode()),  # too short
    ("webhook_secret", "whsec_" + base64.b64encode(bytes(range(65))).decode()),  # too long
    ("webhook_secret", "no-url-yet"),
    ("provider", "carrier-pigeon"),
    ("sign_name", "【丽丽美发】"),
    ("extend_code", "1a"),
    ("api_key_hash", "x"),
    ("survey_enabled", "sometimes"),
    ("survey_delay_minutes", 2881),
    ("survey_delay_minutes", -1),
    ("survey_delay_minutes", "120"),
    ("survey_delay_minutes", 1.5),
    ("survey_min_days_between", 366),
    ("survey_min_days_between", True),
    ("marketing_max_per_30_days", 0),
    ("marketing_max_per_30_days", 31),
    ("marketing_max_per_30_days", "4"),
    ("marketing_daily_budget", -5),
    ("marketing_daily_budget", 100_001),
    ("marketing_daily_budget", 2.5),
    ("marketing_per_minute", 0),
    ("marketing_per_minute", 1001),
    ("marketing_per_minute", True),
    ("birthday_offers", {"enabled": True}),  # on, with no offer to send
    ("birthday_offers", {"enabled": "yes", "values": {"offer": "8折"}}),
    ("birthday_offers", {"days_before": 31, "values": {"offer": "8折"}}),
    ("birthday_offers", {"values": {"offer": "   "}}),
    ("birthday_offers", {"values": {"offer": "8折" * 40}}),
    ("birthday_offers", {"values": {"offer": "8折", "price": "1"}}),
    ("birthday_offers", {"enabled": True, "when": "always"}),
    ("birthday_offers", "on"),
]


@pytest.mark.parametrize(("field", "value"), BAD_VALUES)
def test_a_bad_value_is_422_naming_the_field_and_changes_nothing(
    client: FlaskClient, salon: SalonHandle, db: Database, field: str, value: Any
) -> None:
    before = client.get("/api/v1/salon", headers=salon.headers).get_json()
    body = {"name": "新名字", field: value}
    if value == "no-url-yet":  # a good secret, but nothing to sign for
        body = {"name": "新名字", field: "whsec_" + base64.b64encode(bytes(range(32))).decode()}
    response = patch(client, salon, body)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["field"].split(".")[0] == field, error
    assert client.get("/api/v1/salon", headers=salon.headers).get_json() == before


def test_a_webhook_host_whose_name_server_never_answers_is_refused_in_seconds(
    client: FlaskClient, salon: SalonHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A name server that never answers (the system resolver would wait half a minute or more)
    # must not hold the web process the salon's request is on.
    released = threading.Event()
    real = socket.getaddrinfo

    def silent(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "crm.stalls.example":
            return real(host, *args, **kwargs)
        released.wait(60)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", silent)
    monkeypatch.setattr(webhook_urls, "SET_LOOKUP_SECONDS", 0.5)
    before = client.get("/api/v1/salon", headers=salon.headers).get_json()
    started = time.monotonic()
    try:
        response = patch(client, salon, {"webhook_url": "https://crm.stalls.example/hooks"})
        waited = time.monotonic() - started
    finally:
        released.set()
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["field"] == "webhook_url"
    assert response.get_json()["error"]["message"] == (
        "the host crm.stalls.example could not be resolved (no answer within 0.5 s)"
    )
    assert waited < 30  # the answer came at the deadline, not when the resolver gave up
    assert client.get("/api/v1/salon", headers=salon.headers).get_json() == before


def test_a_webhook_host_that_does_not_resolve_is_refused_with_the_resolvers_reason(
    client: FlaskClient, salon: SalonHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lookup runs in a thread of its own: its failure must reach the salon's engineer.
    real = socket.getaddrinfo

    def unknown(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "crm.nowhere.example":
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    before = client.get("/api/v1/salon", headers=salon.headers).get_json()
    response = patch(client, salon, {"webhook_url": "https://crm.nowhere.example/hooks"})
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["field"] == "webhook_url"
    assert response.get_json()["error"]["message"] == (
        "the host crm.nowhere.example could not be resolved ([Errno -2] Name or service not known)"
    )
    assert client.get("/api/v1/salon", headers=salon.headers).get_json() == before


def test_a_sender_another_salon_uses_is_refused(
    client: FlaskClient, salon: SalonHandle, make_salon: Any
) -> None:
    other = make_salon("小美美甲")
    response = patch(client, salon, {"sender_number": other.sender})
    assert response.status_code == 409
    assert response.get_json()["error"]["field"] == "sender_number"


def test_an_english_text_shows_the_english_name_and_stays_gsm(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    assert patch(client, salon, {"display_names": {"en": "Lotus Nails"}}).status_code == 200
    book(
        client,
        salon,
        service="Haircut",
        customer={"phone": "13800138000", "name": "Amy", "locale": "en"},
    )
    book(client, salon, external_id="A-2", customer={"phone": "13900139000", "locale": "zh-CN"})
    run_worker(app)
    [english] = thread(client, salon)
    assert english["body"].startswith("Lotus Nails: ")
    # Billed as GSM-7 (153 characters a part), not UCS-2 (67) as a Chinese name would make it.
    assert sms_encoding(english["body"]) == "GSM-7", english["body"]
    [chinese] = thread(client, salon, "A-2")
    assert "丝绒发型" in chinese["body"]


def test_unwanted_event_types_are_not_sent(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    response = patch(
        client,
        salon,
        {"webhook_url": "http://127.0.0.1:9/hooks", "webhook_events": ["appointment.cancelled"]},
    )
    assert response.status_code == 200
    assert response.get_json()["webhook_secret"].startswith("whsec_")
    book(client, salon)
    client.patch("/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=salon.headers)
    types = [
        d["event_type"]
        for d in client.get("/api/v1/webhook-deliveries", headers=salon.headers).get_json()["data"]
    ]
    assert types == ["appointment.cancelled"]


def test_the_command_line_lists_and_shows_salons_as_the_api_does(
    app: Flask, client: FlaskClient, salon: SalonHandle, make_salon: Any
) -> None:
    other = make_salon("小美美甲")
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["salon", "list"])
    assert listed.exit_code == 0, listed.output
    names = [json.loads(line)["name"] for line in listed.stdout.splitlines()]
    assert names == ["丝绒发型", "小美美甲"]
    shown = runner.invoke(args=["salon", "show", str(other.id)])
    assert json.loads(shown.stdout) == client.get("/api/v1/salon", headers=other.headers).get_json()
    missing = runner.invoke(args=["salon", "show", "999"])
    assert missing.exit_code == 2 and "no salon with id 999" in missing.output


def test_the_command_line_refuses_what_the_api_refuses(app: Flask, salon: SalonHandle) -> None:
    result = app.test_cli_runner().invoke(
        args=["salon", "update", str(salon.id), "--display-name", "en=莲花美甲"]
    )
    assert result.exit_code == 2
    assert "--display-name" in result.output and "GSM" in result.output


def test_the_command_line_switches_surveys_on_and_refuses_a_long_delay(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    runner = app.test_cli_runner()
    update = ["salon", "update", str(salon.id)]
    on = runner.invoke(
        args=[*update, "--surveys", "--survey-delay", "60", "--survey-interval", "90"]
    )
    assert on.exit_code == 0, on.output
    shown = client.get("/api/v1/salon", headers=salon.headers).get_json()
    assert (shown["survey_enabled"], shown["survey_delay_minutes"]) == (True, 60)
    assert shown["survey_min_days_between"] == 90
    refused = runner.invoke(args=[*update, "--survey-delay", "3000"])
    assert refused.exit_code == 2
    assert "--survey-delay" in refused.output and "0 to 2880" in refused.output
    off = runner.invoke(args=[*update, "--no-surveys"])
    assert json.loads(off.stdout)["survey_enabled"] is False


def test_the_command_line_sets_a_secret_of_your_own_from_standard_input(
    app: Flask, client: FlaskClient, salon: SalonHandle
) -> None:
    runner = app.test_cli_runner()
    update = ["salon", "update", str(salon.id)]
    hooked = runner.invoke(args=[*update, "--webhook-url", "http://127.0.0.1:9/hooks"])
    assert hooked.exit_code == 0, hooked.output
    short = "whsec_" + base64.b64encode(bytes(16)).decode()
    refused = runner.invoke(args=[*update, "--webhook-secret", "-"], input=short + "\n")
    assert refused.exit_code == 2
    assert "--webhook-secret" in refused.output and "24 to 64 bytes" in refused.output
    chosen = "whsec_" + base64.b64encode(bytes(range(32))).decode()
    changed = runner.invoke(args=[*update, "--webhook-secret", "-"], input=chosen + "\n")
    assert changed.exit_code == 0, changed.output
    assert chosen not in changed.output
    shown = client.get("/api/v1/salon", headers=salon.headers).get_json()
    assert shown["webhook_previous_secret_until"] is not None
