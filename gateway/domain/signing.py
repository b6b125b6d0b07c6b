"""Signing event webhooks the way Standard Webhooks (standardwebhooks.com) does.

A secret is ``whsec_`` + base64 of random bytes; the HMAC key is the decoded bytes. Each request
carries ``webhook-id`` (the event id), ``webhook-timestamp`` (Unix seconds) and
``webhook-signature``: space-separated ``v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>``,
one per secret in use, so a CRM can roll its secret without a moment of refused requests.
Pure: no clock, no I/O; callers pass the time in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime

SECRET_PREFIX = "whsec_"
#: 32 random bytes: the top of Standard Webhooks' 24–64 range that keeps the secret short.
SECRET_BYTES = 32
#: How long a secret a CRM chooses may be, in bytes before base64 (Standard Webhooks' range).
CHOSEN_SECRET_BYTES = (24, 64)
SIGNATURE_VERSION = "v1"

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"


class InvalidSecret(ValueError):
    pass


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def check_secret(secret: str) -> str:
    """``secret`` as a CRM chose it, if Standard Webhooks would take it: ``whsec_`` and the
    base64 of 24 to 64 bytes. Raises InvalidSecret saying what is wrong."""
    low, high = CHOSEN_SECRET_BYTES
    if not secret.startswith(SECRET_PREFIX):
        raise InvalidSecret(f"a webhook secret starts with {SECRET_PREFIX}")
    size = len(_key(secret))
    if not low <= size <= high:
        raise InvalidSecret(
            f"a webhook secret is {SECRET_PREFIX} and the base64 of {low} to {high} bytes, "
            f"not {size}"
        )
    return secret


def _key(secret: str) -> bytes:
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidSecret("a webhook secret is whsec_ followed by base64") from None
    if not key:
        raise InvalidSecret("a webhook secret is whsec_ followed by base64")
    return key


def secrets_in_use(
    current: str, *, previous: str | None, previous_until: datetime | None, now: datetime
) -> tuple[str, ...]:
    """The secrets that sign a request made at ``now``: the current one, and the one it replaced
    until ``previous_until`` (a CRM switching over verifies with either)."""
    if previous and previous_until is not None and now < previous_until:
        return (current, previous)
    return (current,)


def sign(secret: str, msg_id: str, timestamp: int, body: str | bytes) -> str:
    """One ``v1,<signature>`` for ``body`` as sent (UTF-8) under ``msg_id`` at ``timestamp``."""
    raw = body.encode() if isinstance(body, str) else body
    signed = f"{msg_id}.{timestamp}.".encode() + raw
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def signature_header(secrets_in_use: Iterable[str], msg_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` value: one signature per secret (old and new, when rotating)."""
    return " ".join(sign(s, msg_id, timestamp, body) for s in secrets_in_use)


def headers(
    secrets_in_use: Iterable[str], msg_id: str, timestamp: int, body: str
) -> dict[str, str]:
    """The three Standard Webhooks headers for one request."""
    return {
        ID_HEADER: msg_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature_header(secrets_in_use, msg_id, timestamp, body),
    }
