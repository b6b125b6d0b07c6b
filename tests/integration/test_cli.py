"""The command line a salon's engineer uses: creating salons."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support import SalonHandle, book


def test_salon_create_prints_json_with_a_working_key(app: Flask, client: FlaskClient) -> None:
    result = app.test_cli_runner().invoke(
        args=["salon", "create", "--name", "Lotus Nails", "--sender", "+1 415 555 0100",
              "--timezone", "America/Los_Angeles", "--locale", "en"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    salon = json.loads(result.stdout)
    assert salon["sender_number"] == "+14155550100"
    assert (salon["timezone"], salon["locale"]) == ("America/Los_Angeles", "en")
    handle = SalonHandle(salon["id"], salon["api_key"], salon["sender_number"])
    created = book(client, handle, customer={"phone": "(415) 555-2671"})
    assert created["customer"]["phone"] == "+14155552671"  # local spelling, US default region
    assert created["starts_at"].endswith(("-08:00", "-07:00"))


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--name", "X", "--sender", "10690000001"], "E.164"),
        (["--name", "X", "--sender", "+8610690000002", "--timezone", "Mars/Base"], "timezone"),
        (["--name", "X", "--sender", "+8610690000002", "--locale", "fr"], "fr"),
        (["--name", "  ", "--sender", "+8610690000002"], "name"),
        (["--name", "Copy", "--sender", "+8610690000001"], "already"),
    ],
)
def test_salon_create_refuses_bad_input_clearly(
    app: Flask, salon: SalonHandle, args: list[str], complaint: str
) -> None:
    result = app.test_cli_runner().invoke(args=["salon", "create", *args])
    assert result.exit_code == 2
    assert complaint in result.output
