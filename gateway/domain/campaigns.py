"""Campaigns: who a salon's offer may reach, and why each other customer is left out.

Pure: the audience a salon asks for (birthdays coming up, customers not seen for a while, tags,
or everyone who agreed), read from plain rows of customers, and the dry run an owner sees
before anything is sent. A customer is counted once, under the first reason that leaves them
out, in an order an owner can act on: an erased customer is gone; then whether the audience
asked for them at all; then the marketing rules (an opt-out outranks any consent, consent must
stand, and no customer gets more than the salon's marketing texts in 30 days).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

from typing_extensions import TypedDict

#: How far ahead a birthday campaign may look: a month of birthdays at most.
MAX_BIRTHDAY_DAYS: Final = 31
#: A win-back may look back two years at most.
MIN_NOT_VISITED_DAYS: Final = 1
MAX_NOT_VISITED_DAYS: Final = 730
#: The offer must fit one text beside the salon's name and the opt-out line.
MAX_OFFER_LENGTH: Final = 60
MAX_VALID_UNTIL_LENGTH: Final = 20
MAX_NAME_LENGTH: Final = 100
#: The window marketing texts look back on for the frequency cap.
CAP_WINDOW: Final = timedelta(days=30)
DEFAULT_MAX_PER_30_DAYS: Final = 4
#: Campaign texts a salon hands to the workers in any minute: 5,000 offers take over an hour,
#: and tomorrow's reminders never wait behind them.
DEFAULT_MARKETING_PER_MINUTE: Final = 60
#: Campaign texts a salon may send on one of its days, counted apart from its daily cap.
DEFAULT_MARKETING_DAILY_BUDGET: Final = 500
#: Marketing texts go only in the day, in the salon's time: 08:00 up to 21:00 (narrower than
#: Tencent Cloud's 08:00–22:00 for marketing, docs/campaigns.md).
MARKETING_OPENS: Final = time(8, 0)
MARKETING_CLOSES: Final = time(21, 0)


class CampaignKind(StrEnum):
    BIRTHDAY = "birthday"
    HOLIDAY = "holiday"
    WIN_BACK = "win_back"


class CampaignStatus(StrEnum):
    """draft → scheduled → sending → finished; draft or scheduled or sending → cancelled."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    FINISHED = "finished"
    CANCELLED = "cancelled"


#: A campaign still has texts to go (or may start): cancelling it means something.
CANCELLABLE: Final = frozenset(
    {CampaignStatus.DRAFT, CampaignStatus.SCHEDULED, CampaignStatus.SENDING}
)


class CampaignResults(TypedDict):
    """What became of a campaign's texts (counted from them)."""

    sent: int
    delivered: int
    failed: int
    cancelled: int
    waiting: int
    opted_out_after: int
    replies: int


class Exclusion(StrEnum):
    """Why a customer of the salon gets no text of this campaign."""

    ERASED = "erased"
    NOT_IN_AUDIENCE = "not_in_audience"
    OPTED_OUT = "opted_out"
    NO_CONSENT = "no_consent"
    FREQUENCY_CAP = "frequency_cap"


@dataclass(frozen=True, slots=True)
class Audience:
    """Exactly one way of choosing customers."""

    birthday_within_days: int | None = None
    not_visited_days: int | None = None
    tags: tuple[str, ...] | None = None
    all_consenting: bool = False

    def as_json(self) -> dict[str, Any]:
        if self.birthday_within_days is not None:
            return {"birthday_within_days": self.birthday_within_days}
        if self.not_visited_days is not None:
            return {"not_visited_days": self.not_visited_days}
        if self.tags is not None:
            return {"tags": list(self.tags)}
        return {"all_consenting": True}


def _whole_number(value: Any, name: str, low: int, high: int) -> int:
    # JSON has one kind of number: 7.0 is the whole number 7, as JSON Schema reads it.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    number: int = value
    return number


def parse_audience(spec: Any) -> Audience:
    """The audience from its JSON form; ValueError saying what is wrong otherwise."""
    if not isinstance(spec, Mapping) or len(spec) != 1:
        raise ValueError(
            "must have exactly one of birthday_within_days, not_visited_days, tags, all_consenting"
        )
    ((key, value),) = spec.items()
    if key == "birthday_within_days":
        days = _whole_number(value, key, 0, MAX_BIRTHDAY_DAYS)
        return Audience(birthday_within_days=days)
    if key == "not_visited_days":
        days = _whole_number(value, key, MIN_NOT_VISITED_DAYS, MAX_NOT_VISITED_DAYS)
        return Audience(not_visited_days=days)
    if key == "tags":
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(tag, str) and tag.strip() for tag in value)
        ):
            raise ValueError("tags must be a list of one or more words")
        return Audience(tags=tuple(dict.fromkeys(tag.strip() for tag in value)))
    if key == "all_consenting":
        if value is not True:
            raise ValueError("all_consenting must be true")
        return Audience(all_consenting=True)
    raise ValueError(f"{key} is not a way of choosing customers")


@dataclass(frozen=True, slots=True)
class Prospect:
    """What the dry run needs to know of one customer, read at one moment."""

    customer_id: int
    consent_since: datetime | None
    opted_out_at: datetime | None
    erased_at: datetime | None
    #: (month, day), or None when the salon does not know it.
    birthday: tuple[int, int] | None
    tags: tuple[str, ...]
    #: The start of their latest visit that has happened (None: never came).
    last_visit: datetime | None
    #: Marketing texts sent or on their way to them in the last 30 days.
    marketing_texts_30_days: int


@dataclass(frozen=True, slots=True)
class DryRun:
    included: tuple[int, ...]
    excluded: dict[Exclusion, int] = field(default_factory=dict)

    @property
    def audience_count(self) -> int:
        return len(self.included)

    def excluded_json(self) -> dict[str, int]:
        """Every reason, zero included, so an owner sees what was checked."""
        return {reason.value: self.excluded.get(reason, 0) for reason in Exclusion}


def days_to_birthday(birthday: tuple[int, int], today: date) -> int:
    """Days from today to the next birthday (0: today). 29 February is kept on the 28th in
    years without it, so those customers are not skipped for three years."""
    month, day = birthday
    for year in (today.year, today.year + 1):
        last = calendar.monthrange(year, month)[1]
        occurrence = date(year, month, min(day, last))
        if occurrence >= today:
            return (occurrence - today).days
    raise AssertionError("a birthday comes within a year")  # pragma: no cover


def in_audience(prospect: Prospect, audience: Audience, *, now: datetime, today: date) -> bool:
    """Did the salon ask for this customer (the marketing rules aside)?"""
    if audience.birthday_within_days is not None:
        return (
            prospect.birthday is not None
            and days_to_birthday(prospect.birthday, today) <= audience.birthday_within_days
        )
    if audience.not_visited_days is not None:
        # Never came: nothing to win back. Came recently: nothing lost.
        return prospect.last_visit is not None and prospect.last_visit <= now - timedelta(
            days=audience.not_visited_days
        )
    if audience.tags is not None:
        wanted = {tag.casefold() for tag in audience.tags}
        return any(tag.casefold() in wanted for tag in prospect.tags)
    return audience.all_consenting


def exclusion(
    prospect: Prospect, audience: Audience, *, now: datetime, today: date, max_per_30_days: int
) -> Exclusion | None:
    """The first reason this customer gets nothing, or None when the text goes to them."""
    if prospect.erased_at is not None:
        return Exclusion.ERASED
    if not in_audience(prospect, audience, now=now, today=today):
        return Exclusion.NOT_IN_AUDIENCE
    if prospect.opted_out_at is not None:
        return Exclusion.OPTED_OUT
    if prospect.consent_since is None:
        return Exclusion.NO_CONSENT
    if prospect.marketing_texts_30_days >= max_per_30_days:
        return Exclusion.FREQUENCY_CAP
    return None


def dry_run(
    prospects: Iterable[Prospect],
    audience: Audience,
    *,
    now: datetime,
    today: date,
    max_per_30_days: int = DEFAULT_MAX_PER_30_DAYS,
) -> DryRun:
    """Who the campaign reaches, in the order given, and how many are left out, by reason."""
    included: list[int] = []
    excluded: dict[Exclusion, int] = {}
    for prospect in prospects:
        reason = exclusion(
            prospect, audience, now=now, today=today, max_per_30_days=max_per_30_days
        )
        if reason is None:
            included.append(prospect.customer_id)
        else:
            excluded[reason] = excluded.get(reason, 0) + 1
    return DryRun(tuple(included), excluded)


#: The closing line every marketing text ends with, by locale, where the gateway writes it.
OPT_OUT_LINES: Final = {"zh-CN": "回复退订", "zh-TW": "回覆退訂", "en": "Reply STOP to opt out"}
#: Alibaba Cloud's promotional templates must end with it, and carriers read R as an opt-out
#: (docs/campaigns.md cites the rule); used whatever the locale when a China provider sends.
CHINA_PROVIDER_OPT_OUT_LINE: Final = "拒收请回复R"
_OFFER_WORDS: Final = {
    "zh-CN": "{offer}，有效期至{valid_until}。{opt_out}",
    "zh-TW": "{offer}，有效期至{valid_until}。{opt_out}",
    "en": "{offer}, valid until {valid_until}. {opt_out}",
}


def opt_out_line(locale: str, *, china_provider: bool) -> str:
    if china_provider:
        return CHINA_PROVIDER_OPT_OUT_LINE
    return OPT_OUT_LINES.get(locale, OPT_OUT_LINES["en"])


def offer_words(locale: str, offer: str, valid_until: str, *, china_provider: bool) -> str:
    """The campaign text after its sender's name, ending with the opt-out line."""
    words = _OFFER_WORDS.get(locale, _OFFER_WORDS["en"])
    return words.format(
        offer=offer,
        valid_until=valid_until,
        opt_out=opt_out_line(locale, china_provider=china_provider),
    )


def next_marketing_time(when: datetime, timezone: str) -> datetime:
    """``when`` if it falls inside marketing hours in the salon's time, else the next opening:
    08:00 the same day before it, 08:00 the next day after 21:00."""
    zone = ZoneInfo(timezone)
    local = when.astimezone(zone)
    if MARKETING_OPENS <= local.time() < MARKETING_CLOSES:
        return when
    day = local.date() if local.time() < MARKETING_OPENS else local.date() + timedelta(days=1)
    return datetime.combine(day, MARKETING_OPENS, tzinfo=zone)
