"""Offers of new times: which slots to offer, how the offer reads, and which one a reply picks.

When a customer asks for a change, ``choose_slots`` picks up to three slots from the salon's
published availability: the service must fit in a stylist's free interval, never in the past or
within the salon's minimum notice, never over one of our own bookings; the customer's hint first
(see ``gateway.domain.offer_hints``), then their own stylist, then closest to the original time,
spread across days. ``offer_values`` writes them for the ``offer`` text (A 12月2日 14:00 …), and
``gateway.domain.offer_picks`` reads the answer.

Candidate starts lie on the salon's clock every 30 minutes (:00 and :30 local) by default: the
times customers read and type back, and the grid most salon diaries book on; a finer grid fills
an offer with near-identical times (14:00, 14:15, 14:30) instead of real choices.

Pure: the standard library and the wording of dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from gateway.domain.offer_hints import Hint
from gateway.domain.provider_templates import shorten
from gateway.domain.segments import count_segments
from gateway.domain.sms_values import fit_parts
from gateway.domain.wording import appointment_when

#: The letters an offer is answered with. Never T, N, R or words like STOP: carriers read those as
#: unsubscribe.
LETTERS: Final = "ABC"
MAX_SLOTS: Final = len(LETTERS)
DEFAULT_STEP: Final = timedelta(minutes=30)
#: The whole offer text, wrapper included, must go out in at most this many segments.
MAX_SEGMENTS: Final = 2


@dataclass(frozen=True, slots=True)
class Interval:
    """A stretch of a stylist's day, [start, end), timezone-aware."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            moment: datetime = getattr(self, name)
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("end must be after start")


@dataclass(frozen=True, slots=True)
class Visit:
    """The appointment being moved: when, for how long, and with whom (None: any stylist)."""

    starts_at: datetime
    duration: timedelta
    stylist: str | None


@dataclass(frozen=True, slots=True)
class Slot:
    """A time that can be offered: a start with a stylist, for the service's duration."""

    starts_at: datetime
    stylist: str
    duration: timedelta

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + self.duration


# --- Choosing ----------------------------------------------------------------------------------


def _grid(
    interval: Interval, duration: timedelta, step: timedelta, zone: ZoneInfo
) -> Iterator[datetime]:
    """Starts on the salon's local ``step`` grid at which ``duration`` fits in ``interval``."""
    local = interval.start.astimezone(zone)
    since_midnight = timedelta(
        hours=local.hour, minutes=local.minute, seconds=local.second, microseconds=local.microsecond
    )
    # Elapsed time in UTC: adding to a zoned datetime moves the wall clock, an hour off across DST.
    at = interval.start.astimezone(UTC) + (-since_midnight) % step
    last = interval.end.astimezone(UTC) - duration
    while at <= last:
        yield at
        at += step


def _overlaps(start: datetime, end: datetime, others: Sequence[Interval]) -> bool:
    return any(other.start < end and start < other.end for other in others)


def choose_slots(
    visit: Visit,
    *,
    free: Mapping[str, Sequence[Interval]],
    busy: Mapping[str, Sequence[Interval]] | None = None,
    tz: str,
    now: datetime,
    notice: timedelta,
    hint: Hint | None = None,
    step: timedelta = DEFAULT_STEP,
    count: int = MAX_SLOTS,
) -> tuple[Slot, ...]:
    """Up to ``count`` slots to offer for ``visit``, in the order they are lettered (by time).

    ``free``: per stylist, the intervals the salon published as free. ``busy``: per stylist, our
    own bookings in them (the visit's own booking left out: the customer is leaving it). ``tz``:
    the salon's timezone, whose clock the ``step`` grid follows. A slot starts no earlier than
    ``now + notice``, and the visit's own time is never offered, with any stylist: a customer
    who asked to move is not moving to the time they asked to leave.

    Ranked by: fits the ``hint`` (right day before right time), the visit's stylist, nearest the
    time the hint names, nearest the original day, nearest the original hour of the day, then
    start and stylist name (so equal slots always come out the same way). Taken in rank order:
    first on days not yet offered, then at times that overlap none offered, then any; the hint's
    and the stylist's preference win over spreading.
    """
    if not 0 < count <= MAX_SLOTS:
        raise ValueError(f"count must be 1 to {MAX_SLOTS}")
    if step <= timedelta(0) or timedelta(hours=1) % step:
        raise ValueError("step must divide an hour")
    if visit.duration <= timedelta(0):
        raise ValueError("duration must be positive")
    zone = ZoneInfo(tz)
    earliest = now + notice
    candidates: dict[tuple[str, datetime], Slot] = {}
    for stylist, intervals in free.items():
        taken = (busy or {}).get(stylist, ())
        for interval in intervals:
            for start in _grid(interval, visit.duration, step, zone):
                if start < earliest or start == visit.starts_at:
                    continue
                if _overlaps(start, start + visit.duration, taken):
                    continue
                candidates[(stylist, start)] = Slot(start, stylist, visit.duration)

    original = visit.starts_at.astimezone(zone)

    def rank(slot: Slot) -> tuple[int, int, int, int, int, int, datetime, str]:
        wrong_day, wrong_time = hint.misses(slot.starts_at, zone) if hint else (0, 0)
        local = slot.starts_at.astimezone(zone)
        return (
            wrong_day,
            wrong_time,
            int(slot.stylist != visit.stylist),
            hint.distance(slot.starts_at, zone) if hint else 0,
            # Nearest day, then nearest the hour the customer had chosen: 14:00 tomorrow
            # suits someone who booked 14:00 better than 10:00 tomorrow, though that is sooner.
            abs((local.date() - original.date()).days),
            abs(local.hour * 60 + local.minute - original.hour * 60 - original.minute),
            slot.starts_at,
            slot.stylist,
        )

    ranked = sorted(candidates.values(), key=rank)
    chosen: list[Slot] = []
    # Within one tier (same hint fit, same stylist preference), spread; never across tiers.
    tiers: dict[tuple[int, int, int], list[Slot]] = {}
    for slot in ranked:
        tiers.setdefault(rank(slot)[:3], []).append(slot)

    def new_day(slot: Slot) -> bool:
        day = slot.starts_at.astimezone(zone).date()
        return all(other.starts_at.astimezone(zone).date() != day for other in chosen)

    def new_time(slot: Slot) -> bool:
        return not _overlaps(
            slot.starts_at, slot.ends_at, [Interval(o.starts_at, o.ends_at) for o in chosen]
        )

    passes: tuple[Callable[[Slot], bool], ...] = (new_day, new_time, lambda slot: True)
    for tier in tiers.values():
        for fits in passes:
            for slot in tier:
                if len(chosen) == count:
                    break
                if slot not in chosen and fits(slot):
                    chosen.append(slot)
    return tuple(
        sorted(chosen, key=lambda s: (s.starts_at, int(s.stylist != visit.stylist), s.stylist))
    )


# --- Writing the offer -------------------------------------------------------------------------


def offer_order(slot: Slot) -> tuple[datetime, str]:
    """The key an offer's slots are lettered by (A first): by start, then by stylist. The text,
    the stored offer and the console's form all sort with it, so a letter means one time."""
    return slot.starts_at, slot.stylist


_STYLIST_PART: Final = {"zh-CN": ("（", "）"), "zh-TW": ("（", "）"), "en": (" with ", "")}
_ENTRY_SEPARATOR: Final = {"zh-CN": " ", "zh-TW": " ", "en": ", "}
#: Kept of a stylist's name when the text has to be shortened.
_SHORT_NAME: Final = 8


def offer_values(
    slots: Sequence[Slot],
    *,
    stylist: str | None,
    tz: str,
    locale: str,
    limit: int | None = None,
    render: Callable[[tuple[str, ...]], str] | None = None,
    one_per_slot: bool = False,
) -> tuple[str, ...]:
    """The offered ``slots`` as the ``offer`` text's value: ``A 12月2日 14:00 B 12月2日 16:30
    C 12月3日 11:00`` (en: ``A Wed 2 Dec 2:00 pm, B …``), naming the stylist of a slot that is
    not with ``stylist`` (the appointment's).

    One value when the whole list fits ``limit`` characters (a provider's per-variable limit),
    else — or always, with ``one_per_slot`` (the ``offer_1``/``_2``/``_3`` templates) — one value
    per slot, each within it. ``render`` builds the whole text from the values:
    when given, the text must fit ``MAX_SEGMENTS``; the list is shortened (a day's date written
    once, stylists' names cut) until it does, and ValueError says when it cannot — offer fewer
    slots then.
    """
    if not 0 < len(slots) <= MAX_SLOTS:
        raise ValueError(f"an offer has 1 to {MAX_SLOTS} slots")
    if locale not in _STYLIST_PART:
        raise ValueError(f"unsupported locale {locale!r}")
    before, after = _STYLIST_PART[locale]

    def entries(repeat_date: bool, name_limit: int | None) -> list[str]:
        written: list[str] = []
        previous = None
        for letter, slot in zip(LETTERS, slots, strict=False):
            day, clock = appointment_when(slot.starts_at, tz, locale)
            head = (
                f"{letter} {clock}"
                if day == previous and not repeat_date
                else f"{letter} {day} {clock}"
            )
            previous = day
            name = "" if slot.stylist == stylist else shorten(slot.stylist, name_limit)
            written.append(fit_parts(head, [(before, name, after)], limit))
        return written

    for repeat_date, name_limit in ((True, None), (False, None), (False, _SHORT_NAME)):
        each = entries(repeat_date, name_limit)
        listing = _ENTRY_SEPARATOR[locale].join(each)
        fits = limit is None or len(listing) <= limit
        values = (listing,) if fits and not one_per_slot else tuple(each)
        body = render(values) if render is not None else listing
        if count_segments(body) <= MAX_SEGMENTS:
            return values
    raise ValueError(f"the offer does not fit {MAX_SEGMENTS} segments; offer fewer slots")
