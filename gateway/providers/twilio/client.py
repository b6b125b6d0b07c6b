"""Twilio: sending through its Messages API, and checking and making its webhook signatures.

The only module that imports the twilio SDK.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Mapping
from typing import Any

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from gateway.config import trusted_cas
from gateway.providers.base import FailureKind, ProviderError, SendResult

#: Twilio error codes that mean this number will not get the message, whatever we do.
#: 21211 invalid 'To', 21610 the recipient replied STOP, 21612/21614 not reachable by SMS,
#: 30006 landline or unreachable carrier.
UNDELIVERABLE_CODES = frozenset({21211, 21610, 21612, 21614, 30006})
#: Error codes (as in a refusal or a status callback's ErrorCode) meaning the recipient has
#: opted out of the sender's texts: 21610, "Attempt to send to unsubscribed recipient".
OPTED_OUT_CODES = frozenset({"21610"})


def _read_environment_once(session: requests.Session | None) -> None:
    """Take the proxy and CA-bundle settings from the environment now, not on every request.

    requests scans the whole environment for them on each call (``merge_environment_settings``:
    13 % of a send's CPU, bench/outbound.py --profile); a worker's environment does not change
    while it runs. Not kept: ``NO_PROXY`` exceptions, which do not concern Twilio's host.
    """
    if session is None:
        return
    session.proxies.update(urllib.request.getproxies())
    session.verify = trusted_cas()
    session.trust_env = False


class TwilioProvider:
    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        http_client: TwilioHttpClient | None = None,
        timeout: float = 10.0,
        api_url: str | None = None,
    ) -> None:
        if not account_sid or not auth_token:
            raise ValueError("SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        if http_client is None:
            http_client = (
                _ElsewhereHttpClient(api_url, timeout=timeout)
                if api_url
                else TwilioHttpClient(timeout=timeout)
            )
        elif http_client.timeout is None:
            http_client.timeout = timeout  # never wait for Twilio forever
        _read_environment_once(getattr(http_client, "session", None))
        self._client = Client(account_sid, auth_token, http_client=http_client)

    def send(self, *, to: str, sender: str, body: str, callback: str | None) -> SendResult:
        options = {"status_callback": callback} if callback else {}
        try:
            message = self._client.messages.create(to=to, from_=sender, body=body, **options)
        except TwilioRestException as exc:
            code = exc.code if isinstance(exc.code, int) else None
            retryable = exc.status == 429 or exc.status >= 500 or code == 20429
            if code in UNDELIVERABLE_CODES:
                retryable = False
            kind = FailureKind.RETRY if retryable else FailureKind.FAILED
            if str(code) in OPTED_OUT_CODES:
                kind = FailureKind.OPT_OUT
            raise ProviderError(str(exc.msg), code=str(code or exc.status), kind=kind) from exc
        except requests.ConnectionError as exc:
            if not _never_connected(exc):
                # The request may have reached Twilio before the connection dropped.
                raise ProviderError(
                    "the connection to Twilio broke; the SMS may or may not have been sent",
                    code="connection_lost",
                    kind=FailureKind.UNCERTAIN,
                ) from exc
            raise ProviderError(
                f"could not reach Twilio: {exc}", code="connection", kind=FailureKind.RETRY
            ) from exc
        except requests.Timeout as exc:
            # Twilio may have accepted the message before the answer was lost: sending it again
            # could text the customer twice, so this is not retried blindly.
            raise ProviderError(
                "Twilio did not answer in time; the SMS may or may not have been sent",
                code="timeout",
                kind=FailureKind.UNCERTAIN,
            ) from exc
        return SendResult(provider=self.name, sid=str(message.sid), status=str(message.status))


class _ElsewhereHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """The SDK's own HTTP client, sending to a stand-in for api.twilio.com (TWILIO_API_URL)."""

    def __init__(self, api_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_url = api_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        return super().request(
            method, url.replace("https://api.twilio.com", self.api_url, 1), *args, **kwargs
        )


def _never_connected(exc: requests.ConnectionError) -> bool:
    """True when no byte of the request can have reached Twilio (so sending again is safe)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError)


def signature_is_valid(
    auth_token: str, url: str, params: Mapping[str, str] | Any, signature: str
) -> bool:
    """True if ``signature`` is Twilio's X-Twilio-Signature for this URL and form."""
    return bool(RequestValidator(auth_token).validate(url, params, signature))


def signature_for(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """The X-Twilio-Signature Twilio would send (to simulate a customer's reply)."""
    signature: str = RequestValidator(auth_token).compute_signature(url, dict(params))
    return signature
