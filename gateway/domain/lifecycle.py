"""The appointment lifecycle: statuses, what a customer can mean, and what each reply does.

Pure: plain values in, plain values out. The transition table below is the single place that
decides whether a customer's reply changes an appointment.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from gateway.domain.events import EventType
from gateway.domain.texts import TemplateName


class AppointmentStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"
    CONFIRMED = "confirmed"
    CHANGE_REQUESTED = "change_requested"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


#: Statuses in which the appointment still waits for the customer; only these match replies.
OPEN_STATUSES: frozenset[AppointmentStatus] = frozenset(
    {
        AppointmentStatus.UNCONFIRMED,
        AppointmentStatus.CONFIRMED,
        AppointmentStatus.CHANGE_REQUESTED,
    }
)


class Intent(StrEnum):
    """What a customer's SMS means."""

    CONFIRM = "confirm"
    CHANGE = "change"
    CANCEL = "cancel"
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"
    #: 几点来着, "what time is it?": answered with the appointment's time; nothing changes.
    QUESTION_TIME = "question_time"
    #: 在哪里, "where are you?": answered with the salon's address and the time.
    QUESTION_PLACE = "question_place"
    UNKNOWN = "unknown"
    #: An answer to a satisfaction survey after a visit: a score, a comment, or both.
    FEEDBACK = "feedback"
    #: Recorded, never read from words alone: a pick (B, 16:30) from an offer of new times.
    OFFER_PICK = "offer_pick"


#: Intents that act on one appointment (the others act on the customer or only answer).
APPOINTMENT_INTENTS: frozenset[Intent] = frozenset({Intent.CONFIRM, Intent.CHANGE, Intent.CANCEL})


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    """What a reply does to one appointment: the new status (None: unchanged) and the answer."""

    new_status: AppointmentStatus | None
    answer_template: TemplateName


_STATUS_AFTER: dict[tuple[AppointmentStatus, Intent], AppointmentStatus] = {
    (AppointmentStatus.UNCONFIRMED, Intent.CONFIRM): AppointmentStatus.CONFIRMED,
    (AppointmentStatus.UNCONFIRMED, Intent.CHANGE): AppointmentStatus.CHANGE_REQUESTED,
    (AppointmentStatus.UNCONFIRMED, Intent.CANCEL): AppointmentStatus.CANCELLED,
    (AppointmentStatus.CONFIRMED, Intent.CHANGE): AppointmentStatus.CHANGE_REQUESTED,
    (AppointmentStatus.CONFIRMED, Intent.CANCEL): AppointmentStatus.CANCELLED,
    (AppointmentStatus.CHANGE_REQUESTED, Intent.CONFIRM): AppointmentStatus.CONFIRMED,
    (AppointmentStatus.CHANGE_REQUESTED, Intent.CANCEL): AppointmentStatus.CANCELLED,
}

_ANSWER_FOR: dict[Intent, TemplateName] = {
    Intent.CONFIRM: TemplateName.CONFIRMED,
    Intent.CHANGE: TemplateName.CHANGE_RECEIVED,
    Intent.CANCEL: TemplateName.CANCELLED,
}


def reply_outcome(status: AppointmentStatus, intent: Intent) -> ReplyOutcome:
    """Decide what an appointment-level intent does to an appointment in ``status``.

    A reply that repeats the current state (确认 twice) changes nothing but is answered the same
    way, so the customer is reassured. A cancelled, completed or no-show appointment never moves.
    """
    if intent not in APPOINTMENT_INTENTS:
        raise ValueError(f"{intent} does not act on an appointment")
    if status == AppointmentStatus.CANCELLED:
        return ReplyOutcome(None, TemplateName.ALREADY_CANCELLED)
    if status not in OPEN_STATUSES:
        return ReplyOutcome(None, TemplateName.NO_APPOINTMENT)
    return ReplyOutcome(_STATUS_AFTER.get((status, intent)), _ANSWER_FOR[intent])


#: The moves a salon's CRM hears about, whoever made them.
STATUS_EVENTS: Final[dict[AppointmentStatus, EventType]] = {
    AppointmentStatus.CONFIRMED: EventType.APPOINTMENT_CONFIRMED,
    AppointmentStatus.CHANGE_REQUESTED: EventType.APPOINTMENT_CHANGE_REQUESTED,
    AppointmentStatus.CANCELLED: EventType.APPOINTMENT_CANCELLED,
}

#: The statuses staff may set, and the statuses each may be set from. Completed and no-show may
#: be swapped (staff correct a mistake); nothing reopens a cancelled appointment.
STAFF_MOVES: Final[dict[AppointmentStatus, frozenset[AppointmentStatus]]] = {
    AppointmentStatus.CONFIRMED: frozenset(
        {AppointmentStatus.UNCONFIRMED, AppointmentStatus.CHANGE_REQUESTED}
    ),
    AppointmentStatus.CANCELLED: OPEN_STATUSES,
    AppointmentStatus.COMPLETED: OPEN_STATUSES | {AppointmentStatus.NO_SHOW},
    AppointmentStatus.NO_SHOW: OPEN_STATUSES | {AppointmentStatus.COMPLETED},
}
#: Outcomes that can only be known once the appointment has begun.
_AFTER_START: Final = frozenset({AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW})


def staff_move_allowed(
    current: AppointmentStatus, wanted: AppointmentStatus, *, has_begun: bool
) -> str | None:
    """Why staff may not move ``current`` to ``wanted`` (None: they may, or it is already so)."""
    if wanted not in STAFF_MOVES:
        raise ValueError(f"staff do not set {wanted.value}")
    if current == wanted:
        return None
    if current not in STAFF_MOVES[wanted]:
        return f"the appointment is {current.value}; it cannot be marked {wanted.value}"
    if wanted in _AFTER_START and not has_begun:
        return f"the appointment has not begun; it cannot be marked {wanted.value} yet"
    return None


# Refs: 4 characters a customer can type back without confusing 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B.
REF_LETTERS = "ACDEFHJKMNPRTUVWXY"
REF_DIGITS = "3479"
REF_ALPHABET = REF_LETTERS + REF_DIGITS
REF_LENGTH = 4


def is_ref(token: str) -> bool:
    """True if ``token`` (any case) looks like a ref: 4 alphabet characters, letters and digits.

    Requiring both a letter and a digit keeps ordinary words (NEXT, 2024) from being read as refs.
    """
    t = token.upper()
    return (
        len(t) == REF_LENGTH
        and all(c in REF_ALPHABET for c in t)
        and any(c in REF_LETTERS for c in t)
        and any(c in REF_DIGITS for c in t)
    )


def refs_named(text: str) -> set[str]:
    """The refs ``text`` names (upper case): each run of letters and digits that is one."""
    return {run.upper() for run in re.findall("[A-Za-z0-9]+", text) if is_ref(run)}


def new_ref(taken: Collection[str], *, rng: secrets.SystemRandom | None = None) -> str:
    """A fresh ref not in ``taken`` (the salon's open appointments' refs)."""
    choose = (rng or secrets.SystemRandom()).choice
    while True:
        ref = "".join(choose(REF_ALPHABET) for _ in range(REF_LENGTH))
        if is_ref(ref) and ref not in taken:
            return ref
