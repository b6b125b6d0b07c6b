"""Requests the API cannot use get a clear 4xx naming what is wrong, and change nothing."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.support import SalonHandle, appointment_payload, book

#: Deeper than Python's parser will follow (its recursion limit is 1,000).
DEPTH = 2_000


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_json_nested_thousands_deep_is_a_400_and_changes_nothing(
    client: FlaskClient, salon: SalonHandle, method: str
) -> None:
    before = book(client, salon) if method == "PATCH" else None
    nested = "[" * DEPTH + "]" * DEPTH
    body = '{"external_id": "A-2", "service": ' + nested + "}"
    path = "/api/v1/appointments" if method == "POST" else "/api/v1/appointments/A-1"
    response = client.open(
        path, method=method, data=body, content_type="application/json", headers=salon.headers
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    assert "deep" in response.get_json()["error"]["message"]
    assert client.get("/api/v1/appointments/A-2", headers=salon.headers).status_code == 404
    if before is not None:
        after = client.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
        assert after == before


@pytest.mark.parametrize("cursor", ["999999999999999999", "2147483648", "-1", "1e3", " 5"])
def test_a_delivery_cursor_no_page_gave_is_422_naming_it(
    client: FlaskClient, salon: SalonHandle, cursor: str
) -> None:
    response = client.get(
        "/api/v1/webhook-deliveries", query_string={"cursor": cursor}, headers=salon.headers
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_parameter", "cursor")


def test_the_largest_delivery_cursor_is_a_page(client: FlaskClient, salon: SalonHandle) -> None:
    response = client.get(
        "/api/v1/webhook-deliveries", query_string={"cursor": "2147483647"}, headers=salon.headers
    )
    assert response.status_code == 200
    assert response.get_json() == {"data": [], "next_cursor": None}


def test_a_payload_of_the_wrong_shape_names_the_field(
    client: FlaskClient, salon: SalonHandle
) -> None:
    response = client.post(
        "/api/v1/appointments",
        json=appointment_payload(customer={"phone": "13800138000", "name": ["王"]}),
        headers=salon.headers,
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_field", "customer.name")
    assert error["message"] == "customer.name must be a string"


def test_a_whole_number_written_with_a_point_is_a_whole_number(
    client: FlaskClient, salon: SalonHandle
) -> None:
    # JSON Schema, and so the OpenAPI document, counts 45.0 as an integer.
    assert book(client, salon, duration_minutes=45.0)["duration_minutes"] == 45
    refused = client.post(
        "/api/v1/appointments",
        json=appointment_payload(duration_minutes=45.5),
        headers=salon.headers,
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"]["field"] == "duration_minutes"
