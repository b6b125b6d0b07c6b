"""What Alibaba Cloud SMS and Tencent Cloud SMS have in common.

China Standard Time (their push timestamps and the day their quotas reset), the ways they spell
phone numbers, and telling a network failure that sent nothing from one that may have sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

import requests
from urllib3.exceptions import NewConnectionError

from gateway.providers.base import FailureKind, Parsed

T = TypeVar("T")

#: China has one time zone and no daylight saving: a fixed offset needs no tz database.
CHINA_TZ = timezone(timedelta(hours=8), "CST")

_DIGITS = re.compile(r"[0-9]{5,15}")
_MAINLAND_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def phone_from_push(raw: object, *, nationcode: object = None) -> str:
    """A pushed phone number in E.164: ``+86`` is assumed for a bare mainland mobile.

    Accepts ``+8613800138000``, ``008613800138000``, ``8613800138000``, ``13800138000`` and a
    ``nationcode`` beside a national number (Tencent). Raises ValueError for anything else.
    """
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise ValueError("phone number missing")
    text = re.sub(r"[\s-]", "", str(raw))
    code = str(nationcode).strip().lstrip("+") if isinstance(nationcode, str | int) else ""
    if text.startswith("+"):
        digits = text[1:]
    elif text.startswith("00"):
        digits = text[2:]
    elif code and not (code == "86" and len(text) == 13 and text.startswith("86")):
        digits = code + text
    elif _MAINLAND_MOBILE.fullmatch(text):
        digits = "86" + text
    else:
        digits = text  # already carries its country code (86138…, 852…)
    if not _DIGITS.fullmatch(digits) or digits.startswith("0"):
        raise ValueError("not a phone number")
    return "+" + digits


def mainland_national(e164: str) -> str | None:
    """``+8613800138000`` → ``13800138000``; None for a number outside the mainland."""
    return e164[3:] if e164.startswith("+86") else None


def china_time(raw: object) -> datetime:
    """``2024-05-01 09:30:00`` in China Standard Time, as an aware UTC datetime."""
    if not isinstance(raw, str):
        raise ValueError("time missing")
    local = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M:%S")
    return local.replace(tzinfo=CHINA_TZ).astimezone(UTC)


def until_next_china_day(now: datetime) -> timedelta:
    """Time from ``now`` until the next midnight in China, when daily quotas reset."""
    local = now.astimezone(CHINA_TZ)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return midnight - local


def until_next_china_month(now: datetime) -> timedelta:
    """Time from ``now`` until the first day of next month in China (monthly quotas)."""
    local = now.astimezone(CHINA_TZ)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (first + timedelta(days=32)).replace(day=1)
    return following - local


def network_failure(exc: BaseException) -> tuple[FailureKind, str]:
    """RETRY when no byte of the request can have reached the provider, else UNCERTAIN, with
    our code for it: connection (refused), timeout, connection_lost, unreadable.

    Both SDKs wrap the ``requests`` exception in their own, raised while handling it, so the
    original is on the ``__cause__`` / ``__context__`` chain — for Alibaba Cloud's behind the
    ``inner_exception`` of its UnretryableException.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, requests.ConnectTimeout | ConnectionRefusedError):
            return FailureKind.RETRY, "connection"
        if isinstance(current, requests.ConnectionError):
            reason = getattr(current.args[0], "reason", None) if current.args else None
            if isinstance(reason, NewConnectionError):
                return FailureKind.RETRY, "connection"
            # the connection broke after the request went out
            return FailureKind.UNCERTAIN, "connection_lost"
        if isinstance(current, requests.Timeout):
            return FailureKind.UNCERTAIN, "timeout"  # sent, but the answer did not come in time
        inner = getattr(current, "inner_exception", None)
        if isinstance(inner, BaseException):
            current = inner
        else:
            current = current.__cause__ or current.__context__
    return FailureKind.UNCERTAIN, "unreadable"  # e.g. an answer that is not JSON


def read_records(records: Iterable[object], read: Callable[[dict[str, Any]], T]) -> Parsed[T]:
    """Every record ``read`` can make sense of; the others skipped and counted, never fatal —
    a failure answer would make the provider resend the whole batch."""
    items: list[T] = []
    skipped = 0
    for record in records:
        try:
            if not isinstance(record, dict):
                raise ValueError("record is not an object")
            items.append(read(record))
        except (ValueError, TypeError, OverflowError):
            skipped += 1
    return Parsed(tuple(items), skipped)


def text_field(value: object) -> str | None:
    """A pushed string or whole-number field as text; absent, null or empty as None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.strip() or None
    raise ValueError("not text")
