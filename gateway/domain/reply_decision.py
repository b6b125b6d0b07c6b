"""What deciding a customer's reply takes and gives, as plain values: ``ReplyState`` (what the
salon knows of the customer when the reply is acted on, with ``Booked`` appointments and the
``OfferState`` of an offer of new times, the ``SurveyState`` of a survey after a visit) and the
``Decision`` that ``gateway.domain.decide``
returns, with its ``Answer`` texts, what happens ``WithoutOffer`` and the ``FeedbackNote`` of a
survey's answer.

Pure: plain values only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from gateway.domain.events import EventType
from gateway.domain.inbox import InboxReason
from gateway.domain.lifecycle import STATUS_EVENTS, AppointmentStatus, Intent
from gateway.domain.offer_hints import Hint
from gateway.domain.offer_status import OfferStatus
from gateway.domain.offers import Slot
from gateway.domain.survey_status import SURVEY_OPEN_FOR
from gateway.domain.texts import TemplateName

#: A pick this long after its offer expired or was withdrawn is still read as one (and told
#: the slot is gone); later, a letter is just an unclear reply.
LATE_PICKS: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Booked:
    """One of the customer's appointments, as a reply sees it."""

    id: int
    ref: str
    status: AppointmentStatus
    starts_at: datetime
    service: str | None = None
    stylist: str | None = None


@dataclass(frozen=True, slots=True)
class OfferState:
    """The customer's newest offer of new times for an open appointment."""

    id: int
    appointment: Booked
    status: OfferStatus
    slots: tuple[Slot, ...]
    expires_at: datetime
    closed_at: datetime | None
    #: Another of the salon's appointments holds the slot this reply picks.
    picked_slot_taken: bool = False

    def answerable(self, at: datetime) -> bool:
        """A reply written ``at`` may answer it: open, or closed within ``LATE_PICKS``."""
        if self.status is OfferStatus.OPEN:
            return True
        return (
            self.status in (OfferStatus.EXPIRED, OfferStatus.WITHDRAWN)
            and self.closed_at is not None
            and self.closed_at > at - LATE_PICKS
        )


@dataclass(frozen=True, slots=True)
class SurveyState:
    """The customer's newest satisfaction survey that went, and the visit it asks about."""

    id: int
    appointment_id: int
    #: When its text was due to go: replies are read as answers from then, for
    #: ``SURVEY_OPEN_FOR``.
    sent_at: datetime
    #: When a score came back (it is closed then).
    answered_at: datetime | None

    def open_at(self, at: datetime) -> bool:
        """A reply written ``at`` answers it."""
        return self.answered_at is None and self.sent_at <= at < self.sent_at + SURVEY_OPEN_FOR


@dataclass(frozen=True, slots=True)
class WaitingItem:
    """An item of the customer's in the salon's inbox that nobody has handled yet."""

    id: int
    reason: InboxReason
    #: The appointment it is about (None: the reply matched none).
    appointment_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReplyState:
    """What the salon knows of the customer when the reply is acted on."""

    salon_name: str
    tz: str
    #: The locale the customer is written to (theirs, else the salon's).
    locale: str
    #: The salon answers a change with an offer of new times from its availability.
    auto_offers: bool
    opted_out: bool
    #: The number ever had an appointment at the salon (else it is a stranger).
    has_appointments: bool
    #: A stranger answer to this number already went (or is on its way) this salon day.
    answered_today: bool = False
    #: Open appointments starting after the reply was written, soonest first.
    candidates: tuple[Booked, ...] = ()
    #: The appointment the reply's ref names, when none of the candidates has it.
    named: Booked | None = None
    #: The customer's last cancelled appointment still to come (read when none is open).
    recently_cancelled: Booked | None = None
    offer: OfferState | None = None
    #: The salon's address as the customer's locale writes it, when the salon has set one.
    address: str | None = None
    #: The answers to a question this salon can send (on Alibaba Cloud and Tencent Cloud, those
    #: whose approved template's code is recorded); without them a question is unclear.
    question_answers: frozenset[TemplateName] = frozenset()
    survey: SurveyState | None = None
    #: When a text last asked this customer to answer about an upcoming appointment by a digit
    #: (a confirmation request, a reminder): a bare 1-3 answers whichever asked last.
    appointment_asked_at: datetime | None = None
    #: The customer's inbox items still waiting, of the reasons a later answer can settle
    #: (``SETTLED_BY_AN_ANSWER``, and change requests, which a pick from an offer settles).
    waiting_items: tuple[WaitingItem, ...] = ()
    #: When a campaign's text last went to a customer without an open appointment (within a
    #: few days before the reply): what they write is most likely about the offer.
    campaign_texted_at: datetime | None = None


class OfferMove(StrEnum):
    """What the reply does to the offer it answers."""

    ACCEPT = "accept"
    DECLINE = "decline"
    #: It expired before the reply was written; the sweep had not closed it yet.
    EXPIRE = "expire"


@dataclass(frozen=True, slots=True)
class Answer:
    """A text to the customer: the message's name, its values, and the appointment it is
    about (None: about the customer). ``not_sent_because``: kept in the thread, not sent."""

    template: TemplateName
    values: Mapping[str, object]
    appointment_id: int | None = None
    not_sent_because: str | None = None


@dataclass(frozen=True, slots=True)
class WithoutOffer:
    """What happens instead when no automatic offer can be made (nothing published fits)."""

    new_status: AppointmentStatus | None
    answers: tuple[Answer, ...]
    inbox: InboxReason | None


@dataclass(frozen=True, slots=True)
class FeedbackNote:
    """A reply read as an answer to a survey: kept, and told the salon's CRM."""

    survey_id: int
    appointment_id: int
    score: int | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class Decision:
    """What one reply does, in the order it is applied."""

    #: What the reply is recorded as having meant.
    intent: Intent
    appointment_id: int | None = None
    #: Stop texting the customer (they were not opted out); the CRM hears customer.opted_out.
    opt_out: bool = False
    #: Text the customer again (they were opted out).
    opt_in: bool = False
    #: Requests for an answer still waiting are dropped: the customer has answered.
    answered_requests: bool = False
    offer_move: OfferMove | None = None
    #: With ``OfferMove.ACCEPT``: the slot picked, and its index in the offer.
    slot: Slot | None = None
    picked: int | None = None
    #: Every text still waiting about the appointment is moot (it is cancelled, or moves).
    drop_waiting: bool = False
    #: Told the CRM before the status moves (the move itself tells it ``STATUS_EVENTS``).
    events: tuple[EventType, ...] = ()
    new_status: AppointmentStatus | None = None
    cause: str = "customer_reply"
    answers: tuple[Answer, ...] = ()
    #: Offer new times from the salon's availability, this hint first; ``without_offer`` when
    #: none can be made.
    new_offer: bool = False
    hint: Hint | None = None
    without_offer: WithoutOffer | None = None
    inbox: InboxReason | None = None
    #: The reply answers a satisfaction survey.
    feedback: FeedbackNote | None = None
    #: Inbox items the customer has sorted out with this reply: handled by ``system``.
    settles: tuple[int, ...] = ()

    def told(self) -> tuple[EventType, ...]:
        """Every event the CRM hears, in order, when no automatic offer is involved."""
        told = list(self.events)
        if self.opt_out:
            told.insert(0, EventType.CUSTOMER_OPTED_OUT)
        if self.new_status is not None:
            told.append(STATUS_EVENTS[self.new_status])
        return tuple(told)
