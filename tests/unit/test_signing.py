"""Signing event webhooks: the Standard Webhooks format, byte for byte."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from gateway.domain import signing

# The vector published with the Standard Webhooks reference libraries: matching it is what says
# a CRM's off-the-shelf verifier accepts what we send.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = '{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

KEY = bytes(range(32))
SECRET = "whsec_" + base64.b64encode(KEY).decode()
BODY = '{"id":"evt_1","type":"appointment.confirmed","data":{"customer":{"name":"王女士"}}}'
SENT = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
TIMESTAMP = int(SENT.timestamp())


def _independent(key: bytes, msg_id: str, timestamp: int, body: str) -> str:
    mac = hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def test_the_published_standard_webhooks_vector() -> None:
    assert signing.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE


def test_signatures_are_those_the_standard_webhooks_library_makes() -> None:
    # The reference library, as a CRM would use it, is the independent judge.
    when = datetime.fromtimestamp(TIMESTAMP, UTC)
    for body in (BODY, '{"id":"evt_2","data":{}}'):
        assert signing.sign(SECRET, "evt_1", TIMESTAMP, body) == Webhook(SECRET).sign(
            "evt_1", when, body
        )


def test_signature_is_hmac_sha256_of_id_timestamp_and_utf8_body() -> None:
    expected = _independent(KEY, "evt_1", TIMESTAMP, BODY)
    assert signing.sign(SECRET, "evt_1", TIMESTAMP, BODY) == expected
    assert signing.sign(SECRET, "evt_1", TIMESTAMP, BODY.encode()) == expected
    assert signing.sign(SECRET, "evt_2", TIMESTAMP, BODY) != expected


def test_new_secrets_are_whsec_and_32_random_bytes() -> None:
    first, second = signing.new_secret(), signing.new_secret()
    assert first.startswith("whsec_") and first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 32


def test_headers_carry_the_id_the_time_and_one_signature_per_secret() -> None:
    other = signing.new_secret()
    headers = signing.headers([SECRET, other], "evt_1", TIMESTAMP, BODY)
    assert headers["webhook-id"] == "evt_1"
    assert headers["webhook-timestamp"] == str(TIMESTAMP)
    assert headers["webhook-signature"].split() == [
        _independent(KEY, "evt_1", TIMESTAMP, BODY),
        signing.sign(other, "evt_1", TIMESTAMP, BODY),
    ]
    # Either secret's signature is one an off-the-shelf verifier expects: a CRM can switch
    # secrets without refusing a request.
    signatures = headers["webhook-signature"].split()
    for secret in (SECRET, other):
        assert Webhook(secret).sign("evt_1", SENT, BODY) in signatures


def test_a_secret_that_is_not_base64_is_refused() -> None:
    with pytest.raises(signing.InvalidSecret):
        signing.sign("whsec_not base64!", "evt_1", TIMESTAMP, BODY)
