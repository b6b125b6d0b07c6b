"""What a salon may know about a customer for marketing, and the customer's consent to it.

Pure: how a birthday is written (``MM-DD`` or ``YYYY-MM-DD``), what a tag may be, how consent
is given or withdrawn, and whether a customer may be sent marketing at all: only with consent,
and never when they opted out of texts, whatever the consent says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

#: A customer has a few labels the salon groups them by (VIP, 烫发): short, and not many.
MAX_TAGS: Final = 10
MAX_TAG_LENGTH: Final = 20
#: The words or reference of the evidence (a form's number, what the customer said).
MAX_EVIDENCE_LENGTH: Final = 500
#: Oldest year of birth accepted: anything older is a typo.
FIRST_BIRTH_YEAR: Final = 1900

_BIRTHDAY: Final = re.compile(r"(?:([0-9]{4})-)?([0-9]{2})-([0-9]{2})")
#: A year no month-day check may fail for: 29 February is a birthday in leap years.
_LEAP_YEAR: Final = 2000


class ConsentMethod(StrEnum):
    """How consent was given or withdrawn: what a regulator asks after."""

    PAPER_FORM = "paper_form"
    ONLINE_FORM = "online_form"
    IN_STORE = "in_store"
    SMS_REPLY = "sms_reply"
    #: The customer opted out of texts (退订, TD, R, STOP): consent went with it.
    OPT_OUT = "opt_out"


#: The ways a salon records consent being given; ``opt_out`` is the gateway's alone.
GRANTING_METHODS: Final = (
    ConsentMethod.PAPER_FORM,
    ConsentMethod.ONLINE_FORM,
    ConsentMethod.IN_STORE,
    ConsentMethod.SMS_REPLY,
)
#: What staff can witness at the front desk.
STAFF_METHODS: Final = (ConsentMethod.IN_STORE, ConsentMethod.PAPER_FORM)


class RecordedBy(StrEnum):
    """Who recorded a change of consent."""

    API_KEY = "api_key"
    STAFF = "staff"
    #: The customer themselves, by opting out.
    CUSTOMER = "customer"


@dataclass(frozen=True, slots=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def __str__(self) -> str:
        month_day = f"{self.month:02d}-{self.day:02d}"
        return month_day if self.year is None else f"{self.year:04d}-{month_day}"


def parse_birthday(text: str) -> Birthday:
    """``MM-DD`` or ``YYYY-MM-DD``, a day that exists (02-29 without a year, or in a leap
    year); ValueError saying what is wrong otherwise."""
    match = _BIRTHDAY.fullmatch(text.strip())
    if match is None:
        raise ValueError("must be MM-DD or YYYY-MM-DD, e.g. 03-15 or 1990-03-15")
    year = int(match[1]) if match[1] else None
    month, day = int(match[2]), int(match[3])
    if year is not None and year < FIRST_BIRTH_YEAR:
        raise ValueError(f"has a year before {FIRST_BIRTH_YEAR}")
    try:
        date(year if year is not None else _LEAP_YEAR, month, day)
    except ValueError:
        raise ValueError(f"is not a day of the calendar ({text.strip()})") from None
    return Birthday(month, day, year)


def birthday_not_after(birthday: Birthday, today: date) -> bool:
    """A birthday with a year is not in the future."""
    if birthday.year is None:
        return True
    return (birthday.year, birthday.month, birthday.day) <= (today.year, today.month, today.day)


def clean_tags(tags: list[str]) -> list[str]:
    """The tags as stored: trimmed, each once, in the order given; ValueError when there are
    too many, or one is empty, too long, or holds a space between words."""
    if len(tags) > MAX_TAGS:
        raise ValueError(f"has more than {MAX_TAGS} tags")
    cleaned: list[str] = []
    for tag in tags:
        word = tag.strip()
        if not word:
            raise ValueError("has an empty tag")
        if len(word) > MAX_TAG_LENGTH:
            raise ValueError(f"has a tag longer than {MAX_TAG_LENGTH} characters")
        if any(ch.isspace() or ch == "," for ch in word):
            raise ValueError("has a tag with a space or a comma: one word per tag")
        if word not in cleaned:
            cleaned.append(word)
    return cleaned


def marketing_reachable(
    *, consent_since: datetime | None, opted_out_at: datetime | None, erased_at: datetime | None
) -> bool:
    """May the customer be sent marketing now? Consent given and standing, no opt-out: an
    opt-out of texts outranks any consent recorded, before it or after."""
    return consent_since is not None and opted_out_at is None and erased_at is None
