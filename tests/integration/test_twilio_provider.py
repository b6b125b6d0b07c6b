"""The Twilio provider through the real SDK and its real HTTP client, against two local peers.

Prism serving Twilio's own OpenAPI description checks that every SMS the gateway sends — every
template, every locale — is a request Twilio's API accepts. A stub answering Twilio-shaped errors
checks how the provider sorts failures into retry and do-not-retry, and that it never retries on
its own (each case reaches the server exactly once).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.providers.base import FailureKind, ProviderError, SendResult
from gateway.providers.twilio.client import UNDELIVERABLE_CODES, TwilioProvider
from gateway.sms_text import TEMPLATE_NAMES, render
from tests.prism import TWILIO_API, LocalTwilioHttpClient, PrismServer, require_prism
from tests.twilio_stub import TwilioStub, refusing_url
from tests.unit.test_sms_text import ctx_for

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-twilio-auth-token"
SENDER = "+8610690000001"
RECIPIENT = "+8613800138000"
CALLBACK = "https://gateway.example.com/sms/twilio/status"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
TWILIO_SID = re.compile(r"SM[0-9a-fA-F]{32}")


# --------------------------------------------------------------------------- Prism


@pytest.fixture(scope="module")
def prism() -> Iterator[PrismServer]:
    require_prism()
    with PrismServer() as server:
        yield server


@pytest.fixture
def prism_client(prism: PrismServer) -> LocalTwilioHttpClient:
    return LocalTwilioHttpClient(prism.url, timeout=10)


def _raw_post(
    client: LocalTwilioHttpClient,
    form: dict[str, object],
    *,
    account_sid: str = ACCOUNT_SID,
    auth: tuple[str, str] | None = (ACCOUNT_SID, AUTH_TOKEN),
    headers: dict[str, str] | None = None,
) -> Any:
    """POST to the Messages resource with no SDK in between, only its HTTP client."""
    return client.request(
        "POST",
        f"{TWILIO_API}/2010-04-01/Accounts/{account_sid}/Messages.json",
        data=form,
        auth=auth,
        headers=headers,
    )


def _problem(text: str) -> str:
    """The readable parts of Prism's application/problem+json answer, one per line."""
    problem = json.loads(text)
    messages = [item["message"] for item in problem.get("validation", [])]
    return "\n".join([problem["title"], problem["detail"], *messages])


VALID_FORM: dict[str, object] = {
    "To": RECIPIENT,
    "From": SENDER,
    "Body": "hello",
    "StatusCallback": CALLBACK,
}

REJECTIONS = [
    ("missing To", 422, "Request body must have required property 'To'"),
    ("malformed AccountSid", 422, 'must match pattern "^AC[0-9a-fA-F]{32}$"'),
    ("StatusCallback not a URI", 422, 'property StatusCallback must match format "uri"'),
    ("no basic auth", 401, "Invalid security scheme used"),
    ("JSON instead of a form", 415, "application/x-www-form-urlencoded"),
]
#: How Prism's log names each refusal.
PRISM_ERROR = {422: "UNPROCESSABLE_ENTITY", 401: "UNAUTHORIZED", 415: "INVALID_CONTENT_TYPE"}


@pytest.mark.parametrize(("case", "status", "evidence"), REJECTIONS, ids=[r[0] for r in REJECTIONS])
def test_prism_rejects_what_twilio_would(
    prism: PrismServer,
    prism_client: LocalTwilioHttpClient,
    case: str,
    status: int,
    evidence: str,
) -> None:
    form = dict(VALID_FORM)
    kwargs: dict[str, Any] = {}
    if case == "missing To":
        del form["To"]
    elif case == "malformed AccountSid":
        kwargs["account_sid"] = "AC123"
    elif case == "StatusCallback not a URI":
        form["StatusCallback"] = "gateway status"
    elif case == "no basic auth":
        kwargs["auth"] = None
    elif case == "JSON instead of a form":
        kwargs["headers"] = {"Content-Type": "application/json"}

    control = _raw_post(prism_client, dict(VALID_FORM))
    assert control.status_code == 201, control.text
    logged = prism.log_size()

    response = _raw_post(prism_client, form, **kwargs)

    assert response.status_code == status, response.text
    assert evidence in _problem(response.text)
    # Prism logs each refusal: its log is where a failing contract test points.
    deadline = time.monotonic() + 5
    while not any(PRISM_ERROR[status] in line for line in prism.rejections(logged)):
        assert time.monotonic() < deadline, prism.log_tail()
        time.sleep(0.05)


def test_a_request_prism_refuses_is_a_permanent_provider_error(prism: PrismServer) -> None:
    client = LocalTwilioHttpClient(prism.url, timeout=10)
    provider = TwilioProvider(account_sid="AC123", auth_token=AUTH_TOKEN, http_client=client)

    with pytest.raises(ProviderError) as raised:
        provider.send(to=RECIPIENT, sender=SENDER, body="hello", callback=CALLBACK)

    assert raised.value.code == "422"
    assert raised.value.retryable is False
    assert [exchange.status for exchange in client.exchanges] == [422]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_sms_the_gateway_sends_is_a_request_twilio_accepts(
    prism_client: LocalTwilioHttpClient, name: str, locale: str
) -> None:
    body = render(name, locale, **ctx_for(locale))
    provider = TwilioProvider(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=prism_client
    )

    result = provider.send(to=RECIPIENT, sender=SENDER, body=body, callback=CALLBACK)

    assert isinstance(result, SendResult)
    assert result.provider == "twilio"
    assert TWILIO_SID.fullmatch(result.sid), result.sid
    assert result.status == "queued"
    [exchange] = prism_client.exchanges
    assert exchange.status == 201, exchange.text
    assert (exchange.method, exchange.url) == ("POST", prism_client.base_url + MESSAGES_PATH)
    assert exchange.data == {
        "To": RECIPIENT,
        "From": SENDER,
        "Body": body,
        "StatusCallback": CALLBACK,
    }


# --------------------------------------------------------------------------- Twilio's errors


@pytest.fixture
def stub() -> Iterator[TwilioStub]:
    with TwilioStub() as server:
        yield server


def _provider(url: str, *, timeout: float = 5.0) -> tuple[TwilioProvider, LocalTwilioHttpClient]:
    # TwilioProvider applies ``timeout`` only to a client it builds itself, so a client passed
    # in must carry the same timeout.
    client = LocalTwilioHttpClient(url, timeout=timeout)
    provider = TwilioProvider(
        account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, http_client=client, timeout=timeout
    )
    return provider, client


def _send(provider: TwilioProvider) -> SendResult:
    return provider.send(to=RECIPIENT, sender=SENDER, body="hello", callback=CALLBACK)


def test_the_stub_answers_like_twilio_when_all_is_well(stub: TwilioStub) -> None:
    provider, _ = _provider(stub.url)

    result = _send(provider)

    assert TWILIO_SID.fullmatch(result.sid) and result.status == "queued"
    [received] = stub.received
    assert (received.method, received.path) == ("POST", MESSAGES_PATH)
    assert received.form == {
        "To": RECIPIENT,
        "From": SENDER,
        "Body": "hello",
        "StatusCallback": CALLBACK,
    }


@pytest.mark.parametrize("code", sorted(UNDELIVERABLE_CODES))
def test_an_undeliverable_number_is_not_retried(stub: TwilioStub, code: int) -> None:
    stub.answer_error(code, status=400, message=f"The number cannot be reached ({code})")
    provider, _ = _provider(stub.url)

    with pytest.raises(ProviderError) as raised:
        _send(provider)

    assert raised.value.code == str(code)
    assert raised.value.retryable is False
    # 21610 is the recipient's STOP: the gateway opts them out rather than only failing the text.
    expected = FailureKind.OPT_OUT if code == 21610 else FailureKind.FAILED
    assert raised.value.kind is expected
    assert f"The number cannot be reached ({code})" in str(raised.value)
    assert len(stub.received) == 1


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        pytest.param(429, {"code": 20429, "message": "Too Many Requests"}, "20429", id="20429"),
        pytest.param(429, "<html>Too Many Requests</html>", "429", id="429-not-json"),
        pytest.param(500, {"code": 20500, "message": "Internal Server Error"}, "20500", id="500"),
        pytest.param(503, "<html>Service Unavailable</html>", "503", id="503-not-json"),
        pytest.param(503, {"code": 20503, "message": "Service Unavailable"}, "20503", id="503"),
    ],
)
def test_rate_limits_and_outages_are_retried_later(
    stub: TwilioStub, status: int, body: dict[str, Any] | str, code: str
) -> None:
    if isinstance(body, dict):
        body = {**body, "more_info": "https://www.twilio.com/docs/errors", "status": status}
    stub.answer(status, body)
    provider, _ = _provider(stub.url)

    with pytest.raises(ProviderError) as raised:
        _send(provider)

    assert raised.value.code == code
    assert raised.value.retryable is True
    assert len(stub.received) == 1


def test_a_refused_connection_is_retried_later() -> None:
    with refusing_url() as url:
        provider, client = _provider(url)

        with pytest.raises(ProviderError) as raised:
            _send(provider)

    assert raised.value.code == "connection"
    assert raised.value.retryable is True
    assert [exchange.status for exchange in client.exchanges] == [None]  # one attempt


def test_no_answer_in_time_is_not_retried_because_the_sms_may_have_gone(
    stub: TwilioStub,
) -> None:
    stub.answer(delay=10)
    provider, client = _provider(stub.url, timeout=0.5)

    began = time.monotonic()
    with pytest.raises(ProviderError) as raised:
        _send(provider)

    assert time.monotonic() - began < 5
    assert raised.value.code == "timeout"
    assert raised.value.retryable is False
    assert len(stub.received) == 1
    assert [exchange.status for exchange in client.exchanges] == [None]


def test_a_connection_dropped_after_the_request_was_sent_is_not_retried(
    stub: TwilioStub,
) -> None:
    stub.answer(hang_up=True)
    provider, _ = _provider(stub.url)

    with pytest.raises(ProviderError) as raised:
        _send(provider)

    assert len(stub.received) == 1  # Twilio had the whole request
    assert raised.value.retryable is False
    assert raised.value.code == "connection_lost"
