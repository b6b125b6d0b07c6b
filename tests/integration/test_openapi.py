"""The served OpenAPI document is what the server does: schemathesis checks every operation.

Every built-in check runs (no 5xx, status codes, content types, response schemas and headers,
invalid data refused, valid data accepted, auth not ignored, unsupported methods, use after
delete, resource availability) on generated requests and on stateful sequences that follow the
document's links. Bounded: a few examples per operation, no deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tests.support import SalonHandle, book

#: Valid per the document yet refused on meaning: a past starts_at, a string that is no phone
#: number, a time range that ends before it starts. JSON Schema cannot say "in the future".
REFUSED_ON_MEANING = "422"


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
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "404", "409", REFUSED_ON_MEANING]
                }
            },
            "generation": {"max-examples": 8},
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
