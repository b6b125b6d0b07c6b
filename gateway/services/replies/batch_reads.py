"""What deciding a worker's batch of replies reads, loaded for the whole batch in a few queries
(``Known``), and whether a salon may have new times to offer (``offers_new_times``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ARRAY, ColumnElement, Integer, and_, any_, func, literal, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from gateway.domain.inbox import SETTLED_BY_AN_ANSWER, InboxReason
from gateway.domain.lifecycle import OPEN_STATUSES
from gateway.domain.reply_decision import SurveyState, WaitingItem
from gateway.domain.survey_status import SurveyStatus
from gateway.models import (
    Appointment,
    FreeInterval,
    InboxItem,
    Message,
    MessageDirection,
    Offer,
    Salon,
    Survey,
)
from gateway.services.campaigns.replies import CAMPAIGN_REPLY_WINDOW
from gateway.services.sending.outbox import WAITING


def among(
    session: Session,
    column: InstrumentedAttribute[int] | InstrumentedAttribute[int | None],
    ids: Collection[int],
) -> ColumnElement[bool]:
    """``column IN ids``, as ``column = ANY(ids)`` on PostgreSQL: one parameter. psycopg
    parses a statement with more than 50 parameters afresh each time it runs (it caches
    smaller ones only), and a batch's lists hold a hundred ids."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(ids), ARRAY(Integer)))
    return column.in_(ids)


@dataclass(slots=True)
class Known:
    """What deciding a reply reads of its customer, for a set of customers at once."""

    #: Each customer's appointments starting after ``since`` (any status), locked: a reply's
    #: candidates are those still open that start after it was written.
    appointments: dict[int, list[Appointment]]
    #: Customers with any appointment at all.
    booked: set[int]
    #: Each customer's offers of open appointments, newest first.
    offers: dict[int, list[Offer]]
    #: Each customer's surveys that went, newest first.
    surveys: dict[int, list[SurveyState]]
    waiting_items: dict[int, tuple[WaitingItem, ...]]
    #: Appointments with texts still waiting to go (queued, held). Exact for a customer's
    #: first reply in the batch (no reply in it has queued a text to them yet) and for a later
    #: one (read again after the earlier one's changes).
    texts_waiting: set[int]
    #: When campaigns' texts went to each customer, since a week before ``since`` (a reply's
    #: window, ``CAMPAIGN_REPLY_WINDOW``): a reply's batch writes none.
    campaign_texts: dict[int, list[datetime]]

    def campaign_texted_at(self, customer_id: int, *, before: datetime) -> datetime | None:
        """When a campaign's text last went to the customer, within a reply's window before
        ``before``, from what was loaded."""
        earliest = before - CAMPAIGN_REPLY_WINDOW
        return max(
            (t for t in self.campaign_texts.get(customer_id, ()) if earliest < t <= before),
            default=None,
        )

    @classmethod
    def load(cls, session: Session, customer_ids: list[int], *, since: datetime) -> Known:
        appointments: dict[int, list[Appointment]] = {c: [] for c in customer_ids}
        for appointment in session.scalars(
            select(Appointment)
            .where(
                among(session, Appointment.customer_id, customer_ids), Appointment.starts_at > since
            )
            .order_by(Appointment.starts_at, Appointment.id)
            # Two replies from one customer at once are applied one after the other.
            .with_for_update()
        ):
            appointments[appointment.customer_id].append(appointment)
        booked = set(
            session.scalars(
                select(Appointment.customer_id)
                .where(among(session, Appointment.customer_id, customer_ids))
                .distinct()
            )
        )
        offers: dict[int, list[Offer]] = {}
        for offer, customer_id in session.execute(
            select(Offer, Appointment.customer_id)
            .join(Appointment, Appointment.id == Offer.appointment_id)
            .where(
                among(session, Appointment.customer_id, customer_ids),
                Appointment.status.in_(OPEN_STATUSES),
            )
            .order_by(Offer.id.desc())
        ):
            offers.setdefault(customer_id, []).append(offer)
        items: dict[int, list[WaitingItem]] = {c: [] for c in customer_ids}
        for item_id, customer_id, reason, appointment_id in session.execute(
            select(InboxItem.id, InboxItem.customer_id, InboxItem.reason, InboxItem.appointment_id)
            .where(
                among(session, InboxItem.customer_id, customer_ids),
                InboxItem.handled_at.is_(None),
                InboxItem.reason.in_(SETTLED_BY_AN_ANSWER | {InboxReason.CHANGE_REQUESTED}),
            )
            .order_by(InboxItem.id)
        ):
            items[customer_id].append(WaitingItem(item_id, InboxReason(reason), appointment_id))
        texts_waiting, campaign_texts = _texts(session, customer_ids, since=since)
        return cls(
            appointments=appointments,
            booked=booked,
            texts_waiting=texts_waiting,
            offers=offers,
            surveys=_surveys_sent(session, customer_ids),
            waiting_items={c: tuple(found) for c, found in items.items()},
            campaign_texts=campaign_texts,
        )


def _surveys_sent(session: Session, customer_ids: list[int]) -> dict[int, list[SurveyState]]:
    """Each customer's surveys whose text went, newest first (``decide`` takes the newest that
    went by the reply, and tells whether it is still open), as plain rows."""
    surveys: dict[int, list[SurveyState]] = {}
    for survey_id, customer_id, appointment_id, sent_at, answered_at in session.execute(
        select(
            Survey.id, Survey.customer_id, Survey.appointment_id, Survey.sent_at, Survey.answered_at
        )
        .where(
            among(session, Survey.customer_id, customer_ids),
            Survey.status == SurveyStatus.SENT,
            Survey.sent_at.is_not(None),
        )
        .order_by(Survey.sent_at.desc(), Survey.id.desc())
    ):
        surveys.setdefault(customer_id, []).append(
            SurveyState(
                id=survey_id,
                appointment_id=appointment_id,
                sent_at=sent_at,
                answered_at=answered_at,
            )
        )
    return surveys


def _texts(
    session: Session, customer_ids: list[int], *, since: datetime
) -> tuple[set[int], dict[int, list[datetime]]]:
    """In one read of the customers' texts: the appointments with texts still waiting to go,
    and when campaigns' texts went to each customer (``Known``)."""
    waiting = [Message.appointment_id.is_not(None), Message.status.in_(WAITING)]
    campaign = [
        Message.campaign_id.is_not(None),
        Message.direction == MessageDirection.OUTBOUND,
        Message.sent_at > since - CAMPAIGN_REPLY_WINDOW,
    ]
    about: set[int] = set()
    texted: dict[int, list[datetime]] = {}
    for customer_id, appointment_id, is_waiting, is_campaign, sent_at in session.execute(
        select(
            Message.customer_id,
            Message.appointment_id,
            and_(*waiting),
            and_(*campaign),
            Message.sent_at,
        ).where(
            among(session, Message.customer_id, customer_ids), or_(and_(*waiting), and_(*campaign))
        )
    ):
        if is_waiting:
            about.add(appointment_id)
        if is_campaign:
            texted.setdefault(customer_id, []).append(sent_at)
    return about, texted


#: The end of the salon's latest published free interval (None: it published none).
PUBLISHED_UNTIL = (
    select(func.max(FreeInterval.ends_at))
    .where(FreeInterval.salon_id == Salon.id)
    .correlate(Salon)
    .scalar_subquery()
)


def offers_new_times(salon: Salon, published_until: datetime | None, now: datetime) -> bool:
    """Whether the salon may have new times to offer: availability published that ends after
    the earliest an offer may start (``free_intervals``). Without, no automatic offer can be
    made, and a change is answered as ``without_offer`` says, set-wise."""
    notice = timedelta(minutes=salon.offer_notice_minutes)
    return published_until is not None and published_until > now + notice
