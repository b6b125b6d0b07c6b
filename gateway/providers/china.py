"""What Alibaba Cloud SMS and Tencent Cloud SMS have in common.

China Standard Time (their push timestamps and the day their quotas reset), the ways they spell
phone numbers and times, reading a pushed record leniently but safely, and telling a network
failure that sent nothing from one that may have sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final, TypeVar

import requests
from urllib3.exceptions import NewConnectionError, ProxyError

from gateway.providers.base import FailureKind, Parsed, RecordProblem

T = TypeVar("T")

#: China has one time zone and no daylight saving: a fixed offset needs no tz database.
CHINA_TZ = timezone(timedelta(hours=8), "CST")

_DIGITS = re.compile(r"[0-9]{5,15}")
_MAINLAND_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def phone_from_push(
    raw: object, *, nationcode: object = None, bare_is_mainland: bool = False
) -> str:
    """A pushed phone number in E.164: ``+86`` is assumed for a bare mainland mobile.

    Accepts ``+8613800138000``, ``008613800138000``, ``8613800138000``, ``13800138000`` and a
    ``nationcode`` beside a national number (Tencent). With ``bare_is_mainland`` (a Tencent
    record without its nationcode), a number without a ``+`` or ``00`` must be a mainland
    mobile, with or without 86 in front: ``91234567`` could be anywhere. Raises ValueError for
    anything else.
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
    elif bare_is_mainland and not (text.startswith("86") and _MAINLAND_MOBILE.fullmatch(text[2:])):
        raise ValueError("a number without its nationcode that is not a mainland mobile")
    else:
        digits = text  # already carries its country code (86138…, 852…)
    if not _DIGITS.fullmatch(digits) or digits.startswith("0"):
        raise ValueError("not a phone number")
    return "+" + digits


def mainland_national(e164: str) -> str | None:
    """``+8613800138000`` → ``13800138000``; None for a number outside the mainland."""
    return e164[3:] if e164.startswith("+86") else None


#: The earliest and latest a pushed time may be: anything outside is not a time of ours.
_EARLIEST, _LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)


def china_time(raw: object) -> datetime:
    """A pushed time as an aware UTC datetime, in every form the providers' documents show:
    ``2017-09-01 00:00:00`` and ``20170901000000`` (China Standard Time), and Unix seconds as
    a number, a float or a string of digits. Raises ValueError for anything else."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError("time missing")
    if isinstance(raw, int | float):
        return _unix_seconds(raw)
    text = raw.strip()
    if len(text) == 14 and text.isdigit():
        local = datetime.strptime(text, "%Y%m%d%H%M%S")
    elif re.fullmatch(r"[0-9]{9,10}(\.[0-9]+)?", text):
        return _unix_seconds(float(text))
    else:
        local = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    return _within_reason(local.replace(tzinfo=CHINA_TZ).astimezone(UTC))


def _unix_seconds(value: float) -> datetime:
    return _within_reason(datetime.fromtimestamp(value, UTC))


def _within_reason(when: datetime) -> datetime:
    if not _EARLIEST <= when < _LATEST:
        raise ValueError("time out of range")
    return when


def lenient_time(field: str, raw: object) -> tuple[datetime | None, str | None]:
    """``china_time`` of a field that may be absent; a time in no documented form is no reason
    to lose the record: None, with a note saying the push's own arrival time stands in."""
    if raw is None or raw == "":
        return None, None
    try:
        return china_time(raw), None
    except (ValueError, OverflowError, OSError):
        shown = repr(raw)[:40]
        return None, f"{field} {shown} is in no documented form; the time the push came was used"


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
            if isinstance(reason, ProxyError):
                reason = reason.original_error  # the proxy itself could not be reached
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


#: The longest pushed ids (BizId, sid), sign names, extension codes and echoed references we
#: keep: what the columns they go to hold, and more than any the providers document.
ID_MAX: Final = 64
SIGN_MAX: Final = 40
CODE_MAX: Final = 20
REFERENCE_MAX: Final = 256
#: The longest copy of an unreadable record kept beside its reason (the raw push has it all).
RECORD_COPY_MAX: Final = 2000
#: Characters no pushed id, sign name or code may hold: they could forge a log line or, NUL,
#: cannot be stored by PostgreSQL at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def read_records(records: Iterable[object], read: Callable[[dict[str, Any]], T]) -> Parsed[T]:
    """Every record ``read`` can make sense of; the others kept with their reason, never fatal
    — a failure answer would make the provider resend the whole batch."""
    items: list[T] = []
    positions: list[int] = []
    problems: list[RecordProblem] = []
    for position, record in enumerate(records):
        try:
            if not isinstance(record, dict):
                raise ValueError("the record is not a JSON object")
            items.append(read(record))
            positions.append(position)
        except (ValueError, TypeError, OverflowError) as exc:
            reason = str(exc)[:200] or type(exc).__name__
            problems.append(RecordProblem(position, reason, record_copy(record)))
    return Parsed(tuple(items), tuple(problems), tuple(positions))


def record_copy(record: object) -> str:
    """A record as JSON text any database can store: NUL and other control characters escaped,
    and text that is not valid Unicode (a lone surrogate) escaped too."""
    copy = json.dumps(record, ensure_ascii=False, default=str)
    try:
        copy.encode("utf-8")
    except UnicodeEncodeError:
        copy = json.dumps(record, default=str)
    return copy if len(copy) <= RECORD_COPY_MAX else copy[: RECORD_COPY_MAX - 1] + "…"


def text_field(value: object, *, field: str = "value", limit: int | None = None) -> str | None:
    """A pushed string or whole-number field as text; absent, null or empty as None. Raises
    ValueError naming ``field`` for control characters or more than ``limit`` characters."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ValueError(f"{field} is not text")
    if _CONTROL.search(text):
        raise ValueError(f"{field} holds control characters")
    if limit is not None and len(text) > limit:
        raise ValueError(f"{field} is over {limit} characters")
    return text or None


def message_text(value: object, *, field: str) -> str:
    """What a customer wrote: any text the database can keep (no NUL, valid Unicode), up to
    ``MESSAGE_TEXT_MAX`` characters."""
    if not isinstance(value, str):
        raise ValueError(f"{field} missing")
    if "\x00" in value:
        raise ValueError(f"{field} holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{field} is not valid Unicode text") from None
    if len(value) > MESSAGE_TEXT_MAX:
        raise ValueError(f"{field} is over {MESSAGE_TEXT_MAX} characters")
    return value


#: A long SMS is at most a few hundred characters; anything far longer is not a customer's.
MESSAGE_TEXT_MAX: Final = 2000
