"""What a worker's batch of replies reads, in six statements whatever its size: the customers
locked with their salons (``lock_customers``), their waiting replies (``waiting_replies``), the
salons' taught phrases (``desk.phrases.phrases_of``), then what deciding reads of the customers
(``Known.load``: their appointments locked, their offers, and the rest in one read). Also
whether a salon may have new times to offer (``offers_new_times``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Integer,
    String,
    and_,
    any_,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.types import TypeEngine

from gateway.domain.inbox import SETTLED_BY_AN_ANSWER, InboxReason
from gateway.domain.lifecycle import OPEN_STATUSES
from gateway.domain.reply_decision import SurveyState, WaitingItem
from gateway.domain.survey_status import SurveyStatus
from gateway.models import (
    Appointment,
    Customer,
    FreeInterval,
    InboxItem,
    Message,
    MessageDirection,
    Offer,
    Salon,
    Survey,
)
from gateway.models.base import UTCDateTime
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


@dataclass(slots=True)
class Locked:
    """The customers of a batch's replies, locked, with their salons (``lock_customers``)."""

    #: In id order, the order they were locked in.
    customers: list[Customer]
    #: The newest (created_at, id) of each customer's replies in the batch: where to stop.
    newest: dict[int, tuple[datetime, int]]
    #: The salons that may have new times to offer (``offers_new_times``).
    offering: set[int]
    #: Held for the batch: the session keeps unchanged rows only weakly, and while they are
    #: held ``customer.salon`` costs no query.
    salons: list[Salon]


def lock_customers(session: Session, message_ids: Iterable[int], *, now: datetime) -> Locked:
    """The batch's replies not yet acted on, joined with their customers and salons, in one
    statement that locks the customers ``FOR UPDATE`` in id order: two workers with
    overlapping batches wait for each other instead of dead-locking, and never act on one
    customer's replies at once.

    Only which replies the batch holds is read here. The customers' waiting replies are read
    after the lock is held (``waiting_replies``): PostgreSQL answers a statement that waited
    for a lock from what it saw before waiting, so replies joined here could be ones the
    other worker has just acted on."""
    newest: dict[int, tuple[datetime, int]] = {}
    customers: dict[int, Customer] = {}
    salons: dict[int, Salon] = {}
    offering: set[int] = set()
    for message_id, created_at, customer, salon, published_until in session.execute(
        select(Message.id, Message.created_at, Customer, Salon, PUBLISHED_UNTIL)
        .join(Customer, Customer.id == Message.customer_id)
        .join(Salon, Salon.id == Customer.salon_id)
        .where(among(session, Message.id, set(message_ids)), Message.processed_at.is_(None))
        .order_by(Customer.id)
        .with_for_update(of=Customer)
    ):
        key = (created_at, message_id)
        if customer.id not in newest or newest[customer.id] < key:
            newest[customer.id] = key
        customers[customer.id] = customer
        salons[salon.id] = salon
        if offers_new_times(salon, published_until, now):
            offering.add(salon.id)
    return Locked(
        customers=list(customers.values()),
        newest=newest,
        offering=offering,
        salons=list(salons.values()),
    )


#: Whether the reply's customer has any appointment at all (else it is answered as a stranger).
_BOOKED = exists().where(Appointment.customer_id == Message.customer_id)


def waiting_replies(
    session: Session, newest: dict[int, tuple[datetime, int]]
) -> tuple[dict[int, list[Message]], set[int]]:
    """Each locked customer's replies not yet acted on, in the order they were received
    (``created_at``, the moment the webhook took them; then id), up to the newest of the batch;
    and, in the same statement, which of the customers have any appointment at all."""
    waiting: dict[int, list[Message]] = {customer_id: [] for customer_id in newest}
    booked: set[int] = set()
    for reply, has_appointments in session.execute(
        select(Message, _BOOKED)
        .where(
            among(session, Message.customer_id, newest),
            Message.direction == MessageDirection.INBOUND,
            Message.processed_at.is_(None),
        )
        .order_by(Message.created_at, Message.id)
    ):
        assert reply.customer_id is not None
        if (reply.created_at, reply.id) <= newest[reply.customer_id]:
            waiting[reply.customer_id].append(reply)
        if has_appointments:
            booked.add(reply.customer_id)
    return waiting, booked


@dataclass(slots=True)
class Known:
    """What deciding a reply reads of its customer, for a set of customers at once: their
    appointments (locked) and their offers as rows the writes change, and what else they have
    waiting in one read (``_records``)."""

    #: Each customer's appointments starting after ``since`` (any status), locked: a reply's
    #: candidates are those still open that start after it was written.
    appointments: dict[int, list[Appointment]]
    #: Customers with any appointment at all (read with the replies: ``waiting_replies``;
    #: acting on replies adds and removes none).
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
    def load(
        cls, session: Session, customer_ids: list[int], *, since: datetime, booked: set[int]
    ) -> Known:
        """Three statements: the appointments, the offers, the rest (``_records``)."""
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
        records = _records(session, customer_ids, since=since)
        return cls(
            appointments=appointments,
            booked=booked,
            offers=offers,
            surveys=records.surveys,
            waiting_items={c: tuple(records.items.get(c, ())) for c in customer_ids},
            texts_waiting=records.texts_waiting,
            campaign_texts=records.campaign_texts,
        )


@dataclass(slots=True)
class _Records:
    """The customers' inbox items waiting, surveys that went, and texts, as ``Known`` keeps them."""

    items: dict[int, list[WaitingItem]]
    surveys: dict[int, list[SurveyState]]
    texts_waiting: set[int]
    campaign_texts: dict[int, list[datetime]]


def _records(session: Session, customer_ids: list[int], *, since: datetime) -> _Records:
    """Three small reads of plain columns in one statement (a UNION ALL; each row says which
    it is in ``kind``, a column an arm has no use for is NULL):

    - ``item``: the inbox items nobody has handled that an answer may settle (id, reason, the
      appointment);
    - ``survey``: the surveys whose text went (id, the appointment, ``at`` it went, when it was
      answered), for ``decide`` to take the newest that went by the reply;
    - ``text``: the appointments the customers have texts still waiting to go about
      (``waiting``; the arm's rows are distinct, so texts not yet sent come once an
      appointment), and when campaigns' texts went to them within a reply's window
      (``campaign``, ``at`` it went)."""
    waiting = and_(Message.appointment_id.is_not(None), Message.status.in_(WAITING))
    campaign = and_(
        Message.campaign_id.is_not(None),
        Message.direction == MessageDirection.OUTBOUND,
        Message.sent_at > since - CAMPAIGN_REPLY_WINDOW,
    )
    no_id, no_at, no_flag = _null(Integer()), _null(UTCDateTime()), _null(Boolean())
    rows = union_all(
        # The first arm names the columns and gives their types.
        select(
            literal("item").label("kind"),
            InboxItem.customer_id.label("customer_id"),
            InboxItem.id.label("id"),
            InboxItem.appointment_id.label("appointment_id"),
            InboxItem.reason.label("reason"),
            no_at.label("at"),
            no_at.label("answered_at"),
            no_flag.label("waiting"),
            no_flag.label("campaign"),
        ).where(
            among(session, InboxItem.customer_id, customer_ids),
            InboxItem.handled_at.is_(None),
            InboxItem.reason.in_(SETTLED_BY_AN_ANSWER | {InboxReason.CHANGE_REQUESTED}),
        ),
        select(
            literal("survey"),
            Survey.customer_id,
            Survey.id,
            Survey.appointment_id,
            _null(String()),
            Survey.sent_at,
            Survey.answered_at,
            no_flag,
            no_flag,
        ).where(
            among(session, Survey.customer_id, customer_ids),
            Survey.status == SurveyStatus.SENT,
            Survey.sent_at.is_not(None),
        ),
        select(
            literal("text"),
            Message.customer_id,
            no_id,
            Message.appointment_id,
            _null(String()),
            Message.sent_at,
            no_at,
            waiting,
            campaign,
        )
        .where(among(session, Message.customer_id, customer_ids), or_(waiting, campaign))
        # Each appointment's waiting texts once: a customer may have many (answers held for
        # quiet hours or the daily cap), and only which appointments have any is kept.
        .distinct(),
    )
    found = _Records(items={}, surveys={}, texts_waiting=set(), campaign_texts={})
    for row in session.execute(rows):
        if row.kind == "item":
            found.items.setdefault(row.customer_id, []).append(
                WaitingItem(row.id, InboxReason(row.reason), row.appointment_id)
            )
        elif row.kind == "survey":
            found.surveys.setdefault(row.customer_id, []).append(
                SurveyState(
                    id=row.id,
                    appointment_id=row.appointment_id,
                    sent_at=row.at,
                    answered_at=row.answered_at,
                )
            )
        else:
            if row.waiting:
                found.texts_waiting.add(row.appointment_id)
            if row.campaign:
                found.campaign_texts.setdefault(row.customer_id, []).append(row.at)
    # The order each is read in: the items as they came, the surveys newest first.
    for items in found.items.values():
        items.sort(key=lambda item: item.id)
    for surveys in found.surveys.values():
        surveys.sort(key=lambda survey: (survey.sent_at, survey.id), reverse=True)
    return found


def _null(type_: TypeEngine[Any]) -> ColumnElement[Any]:
    """NULL as a column of ``type_``: an arm of ``_records``'s UNION ALL without that column."""
    return cast(null(), type_)
