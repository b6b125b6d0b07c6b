"""The served OpenAPI document is what the server does: schemathesis checks every operation.

Every built-in check runs (no 5xx, status codes, content types, response schemas and headers,
invalid data refused, valid data accepted, auth not ignored, unsupported methods, use after
delete, resource availability) on generated requests and on stateful sequences that follow the
document's links. Bounded: a few examples per operation, no deadline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from gateway.services.crm.events import EVENT_DATA, EVENT_TYPES
from tests.support import SalonHandle, book

#: The only 422s a request valid per the document may get: refusals on meaning, which JSON Schema
#: cannot express, each described in the document. Any other 422 (a format, a limit, a field the
#: document allows) means the document and the server disagree.
REFUSED_ON_MEANING = {
    ("invalid_request", "starts_at"): "a time in the past",
    ("invalid_request", "send_at"): "a campaign's sending time in the past",
    ("invalid_phone", "customer.phone"): "digits that make no phone number",
    ("invalid_phone", "phone"): "digits that make no phone number",
    ("invalid_parameter", "cursor"): "an opaque cursor the endpoint never gave",
    ("invalid_parameter", "to"): "a stats window ending before it starts or over 366 days",
    ("invalid_parameter", "max_score"): "a feedback filter whose max_score is below min_score",
    ("idempotency_key_reused", "Idempotency-Key"): "a key used before for another request",
    # PATCH /salon: settings that depend on the salon's other settings or on the world.
    ("invalid_request", "webhook_url"): "a host that does not resolve, or to a private address",
    ("invalid_request", "display_names.en"): "an English name outside the GSM alphabet",
    ("invalid_request", "provider"): "a provider not configured on this service",
    ("invalid_request", "sign_name"): "a template provider without its sign name",
    ("invalid_request", "sender_number"): "digits that make no number, or Twilio without one",
    ("invalid_request", "extend_code"): "an extend code another salon of the provider has",
    ("invalid_request", "rotate_webhook_secret"): "rotating a secret with no webhook URL",
    # PUT /availability: days and times measured against today, and against each other.
    (
        "invalid_request",
        "to",
    ): "a range in the past, reversed, or over 14 days ahead",
    ("invalid_request", "stylists.*.stylist"): "a stylist named twice",
    (
        "invalid_request",
        "stylists.*.free.*.start",
    ): "outside the days, or overlapping the last",
    ("invalid_request", "stylists.*.free.*.end"): "ended already, or not after its start",
    # POST …/offers: slots measured against now and the appointment.
    ("invalid_request", "slots"): "slots whose text does not fit two SMS segments",
    ("invalid_request", "slots.*"): "the same slot twice",
    ("invalid_request", "slots.*.starts_at"): "a slot in the past or over 14 days ahead",
    ("invalid_request", "slots.*.stylist"): "no stylist given for an appointment without one",
    ("invalid_request", "webhook_secret"): "a secret with no webhook URL, or beside a rotation",
    # POST /customers/{phone}/messages: the kind of answer the salon's provider takes.
    ("invalid_request", "template"): "a template answer where the provider takes words",
    # PATCH /customers/{phone}: a birthday must be a day of the calendar, and not to come.
    ("invalid_field", "birthday"): "a day the calendar lacks (02-30), a year before 1900 or ahead",
    # PUT /customers/{phone}/consent: what giving consent needs, and a time not to come.
    ("invalid_request", "method"): "consent given without saying how",
    ("invalid_request", "evidence"): "consent given without evidence (or only spaces)",
    ("invalid_request", "at"): "consent dated in the future",
}


@schemathesis.check
def refused_only_on_meaning(ctx: Any, response: Any, case: Any) -> bool | None:
    """A schema-valid request answered 422 must be refused for one of REFUSED_ON_MEANING."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code != 422:
        return None
    error = response.json()["error"]
    # A list item's index varies: stylists.3.free.0.start is refused as stylists.*.free.*.start.
    field = re.sub(r"(?<=\.)\d+(?=\.|$)", "*", error.get("field") or "") or None
    if (error["code"], field) not in REFUSED_ON_MEANING:
        raise AssertionError(f"a request valid per the document was refused: {error}")
    return None


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """conftest's app without the rate limit: schemathesis sends hundreds of requests a minute."""
    return make_app(api_rate_limit=0)


@pytest.fixture
def api_schema(app: Flask, client: FlaskClient, salon: SalonHandle) -> Any:
    # Something to read, so GETs by id and phone can also answer 200.
    book(client, salon, external_id="A-1001")
    config = SchemathesisConfig.from_dict(
        {
            "auth": {"openapi": {"bearerAuth": {"bearer": salon.api_key}}},
            # 403: valid routing fields (provider, sign_name, extend_code) are the operator's.
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "403", "404", "409", "422"]
                }
            },
            # Hypothesis draws the same examples for the same code in CI (its "ci" profile);
            # schemathesis seeds apart from it, so it is told the same: a fresh-clone
            # `CI=true make test` then shows what CI will, and runs elsewhere keep exploring.
            "generation": {"max-examples": 8, "deterministic": settings.default.derandomize},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_every_operation_conforms(case: Any) -> None:
    case.call_and_validate()


def test_stateful_sequences_conform(api_schema: Any) -> None:
    machine = api_schema.as_state_machine()
    machine.run(
        settings=settings(
            max_examples=10,
            stateful_step_count=5,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
    )


def test_document_is_public_and_lists_every_route(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    documented = {
        (method.upper(), "/api/v1" + path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    served = {
        (method, rule.rule.replace("<", "{").replace(">", "}").replace("{int:", "{"))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert documented == served


def test_every_event_type_is_described_under_webhooks(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert set(document["webhooks"]) == set(EVENT_TYPES) == set(EVENT_DATA)
    schemas = document["components"]["schemas"]
    for event_type, operation in document["webhooks"].items():
        ref = operation["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        event = schemas[ref.rsplit("/", 1)[-1]]
        assert event["properties"]["type"] == {"const": event_type}
        always, sometimes = EVENT_DATA[event_type]
        data = event["properties"]["data"]
        assert set(data["required"]) == always
        assert set(data["properties"]) == always | sometimes
