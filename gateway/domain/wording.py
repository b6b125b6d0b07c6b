"""How each locale writes an appointment's date and time, in the salon's own timezone.

zh-CN and zh-TW: ``11月23日`` and ``14:00``. en: ``Mon 23 Nov`` and ``2:00 pm`` (day before month
and the weekday, so neither an American nor a British reader can misread it; no leading zero on the
hour). Names of days and months come from tables here, not from the process's C locale.

Pure: stdlib and zoneinfo only.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SUPPORTED_LOCALES: Final[tuple[str, ...]] = ("zh-CN", "zh-TW", "en")

_EN_WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def appointment_when(starts_at: datetime, timezone: str, locale: str) -> tuple[str, str]:
    """``(date, time)`` of ``starts_at`` as ``locale`` writes them, in the IANA ``timezone``.

    ``starts_at`` must be timezone-aware; a naive datetime would silently be read in the server's
    timezone, so it is refused. Worked out once per slot: the thousand reminders a sweep writes
    share a few start times (a refused or unknown value raises every time, as it is not kept).
    """
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ValueError("starts_at must be timezone-aware")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {timezone!r}") from exc
    local = starts_at.astimezone(zone)
    if locale in ("zh-CN", "zh-TW"):
        return f"{local.month}月{local.day}日", f"{local.hour:02d}:{local.minute:02d}"
    if locale == "en":
        date = f"{_EN_WEEKDAYS[local.weekday()]} {local.day} {_EN_MONTHS[local.month - 1]}"
        hour = local.hour % 12 or 12
        return date, f"{hour}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"
    raise ValueError(f"unsupported locale {locale!r}; expected one of {SUPPORTED_LOCALES}")


def appointment_values(
    *,
    salon_name: str,
    starts_at: datetime,
    timezone: str,
    locale: str,
    service: str | None,
    stylist: str | None,
    ref: str,
) -> dict[str, object]:
    """The values a text about one appointment is written with (``{date}``, ``{ref}`` …)."""
    date, time = appointment_when(starts_at, timezone, locale)
    return {
        "salon_name": salon_name,
        "date": date,
        "time": time,
        "service": service or "",
        "stylist": stylist or "",
        "ref": ref,
    }
