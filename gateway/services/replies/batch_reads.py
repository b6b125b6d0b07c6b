"""What a worker's batch of replies reads, in six statements whatever its size: the customers
locked with their salons (``lock_customers``), their waiting replies (``waiting_replies``), the
salons' taught phrases (``desk.phrases.phrases_of``), then what deciding reads of the customers
(``Known.load``: their appointments locked, their offers, and the rest in one read). Also
whether a salon may have new times to offer (``offers_new_times``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from gateway.domain.inbox import InboxReason
from gateway.domain.reply_decision import SurveyState, WaitingItem
from gateway.models import Appointment, Customer, Message, Offer, Salon
from gateway.services.campaigns.replies import CAMPAIGN_REPLY_WINDOW
from gateway.services.replies.batch_statements import statements


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
        statements(session).lock, {"message_ids": list(set(message_ids))}
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


def waiting_replies(
    session: Session, newest: dict[int, tuple[datetime, int]]
) -> tuple[dict[int, list[Message]], set[int]]:
    """Each locked customer's replies not yet acted on, in the order they were received
    (``created_at``, the moment the webhook took them; then id), up to the newest of the batch;
    and, in the same statement, which of the customers have any appointment at all."""
    waiting: dict[int, list[Message]] = {customer_id: [] for customer_id in newest}
    booked: set[int] = set()
    # None later than the batch's newest: a reply after it waits for a later batch.
    until = max(created_at for created_at, _ in newest.values())
    for reply, has_appointments in session.execute(
        statements(session).waiting, {"customer_ids": list(newest), "until": until}
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
        built = statements(session)
        appointments: dict[int, list[Appointment]] = {c: [] for c in customer_ids}
        for appointment in session.scalars(
            built.appointments, {"customer_ids": customer_ids, "since": since}
        ):
            appointments[appointment.customer_id].append(appointment)
        offers: dict[int, list[Offer]] = {}
        for offer, customer_id in session.execute(built.offers, {"customer_ids": customer_ids}):
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
    rows = session.execute(
        statements(session).records,
        {"customer_ids": customer_ids, "campaigns_since": since - CAMPAIGN_REPLY_WINDOW},
    )
    found = _Records(items={}, surveys={}, texts_waiting=set(), campaign_texts={})
    for row in rows:
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
