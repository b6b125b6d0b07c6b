"""The statements a worker's batch of replies reads with (``batch_reads``), built once a
dialect: each batch binds its ids and times, and SQLAlchemy finds the compiled form by a key
kept with the statement. Built anew each batch, they cost building them and computing that key
every time (about a third of the reads' CPU in a batch of a few replies, by the profile)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ARRAY,
    BindParameter,
    Boolean,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, load_only
from sqlalchemy.types import TypeEngine

from gateway.domain.inbox import SETTLED_BY_AN_ANSWER, InboxReason
from gateway.domain.lifecycle import OPEN_STATUSES
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
from gateway.services.sending.outbox import WAITING

#: A column a statement filters on.
_Column = ColumnElement[Any] | InstrumentedAttribute[Any]

#: The end of the salon's latest published free interval (None: it published none).
PUBLISHED_UNTIL = (
    select(func.max(FreeInterval.ends_at))
    .where(FreeInterval.salon_id == Salon.id)
    .correlate(Salon)
    .scalar_subquery()
)


#: Whether the reply's customer has any appointment at all (else it is answered as a stranger).
_BOOKED = exists().where(Appointment.customer_id == Message.customer_id)


@dataclass(frozen=True, slots=True)
class Statements:
    """The batch's reads, built once a dialect (``statements``): each batch binds its ids
    and times, and SQLAlchemy finds the compiled form by a key kept with the statement, where a
    statement built anew each batch cost building it and computing that key (about a third of
    the reads' CPU in a batch of a few replies)."""

    lock: Select[Any]
    waiting: Select[Any]
    appointments: Select[Any]
    offers: Select[Any]
    records: CompoundSelect[Any]


_BUILT: dict[str, Statements] = {}


def statements(session: Session) -> Statements:
    dialect = session.get_bind().dialect.name
    if dialect not in _BUILT:
        _BUILT[dialect] = _build(postgresql=dialect == "postgresql")
    return _BUILT[dialect]


#: What acting on a reply reads of it (``_act_on``, the writes, a CRM event's ``message_json``);
#: a column not among them is read on first use, as the ORM reads a deferred column.
_REPLY_COLUMNS = load_only(
    Message.id,
    Message.salon_id,
    Message.customer_id,
    Message.appointment_id,
    Message.direction,
    Message.body,
    Message.template,
    Message.intent,
    Message.picked,
    Message.opt_out_type,
    Message.processed_at,
    Message.status,
    Message.segments,
    Message.provider_sid,
    Message.error_code,
    Message.error_message,
    Message.created_at,
    Message.sent_at,
)


def _build(*, postgresql: bool) -> Statements:
    def among(column: _Column, ids: BindParameter[Any]) -> ColumnElement[bool]:
        return _among(postgresql, column, ids)

    customer_ids = _ids("customer_ids", postgresql)
    lock = (
        select(Message.id, Message.created_at, Customer, Salon, PUBLISHED_UNTIL)
        .join(Customer, Customer.id == Message.customer_id)
        .join(Salon, Salon.id == Customer.salon_id)
        .where(among(Message.id, _ids("message_ids", postgresql)), Message.processed_at.is_(None))
        .order_by(Customer.id)
        .with_for_update(of=Customer)
    )
    waiting = (
        select(Message, _BOOKED)
        .options(_REPLY_COLUMNS)
        .where(
            among(Message.customer_id, customer_ids),
            Message.direction == MessageDirection.INBOUND,
            Message.processed_at.is_(None),
            Message.created_at <= bindparam("until"),
        )
        .order_by(Message.created_at, Message.id)
    )
    appointments = (
        select(Appointment)
        .where(
            among(Appointment.customer_id, customer_ids), Appointment.starts_at > bindparam("since")
        )
        .order_by(Appointment.starts_at, Appointment.id)
        # Two replies from one customer at once are applied one after the other.
        .with_for_update()
    )
    offers = (
        select(Offer, Appointment.customer_id)
        .join(Appointment, Appointment.id == Offer.appointment_id)
        .where(among(Appointment.customer_id, customer_ids), Appointment.status.in_(OPEN_STATUSES))
        .order_by(Offer.id.desc())
    )
    return Statements(
        lock=lock,
        waiting=waiting,
        appointments=appointments,
        offers=offers,
        records=_records_statement(among, customer_ids),
    )


def _records_statement(
    among: Callable[[_Column, BindParameter[Any]], ColumnElement[bool]],
    customer_ids: BindParameter[Any],
) -> CompoundSelect[Any]:
    """``_records``'s UNION ALL, for the customers ``customer_ids``."""
    waiting = and_(Message.appointment_id.is_not(None), Message.status.in_(WAITING))
    campaign = and_(
        Message.campaign_id.is_not(None),
        Message.direction == MessageDirection.OUTBOUND,
        Message.sent_at > bindparam("campaigns_since"),
    )
    no_id, no_at, no_flag = _null(Integer()), _null(UTCDateTime()), _null(Boolean())
    return union_all(
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
            among(InboxItem.customer_id, customer_ids),
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
            among(Survey.customer_id, customer_ids),
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
        .where(among(Message.customer_id, customer_ids), or_(waiting, campaign))
        # Each appointment's waiting texts once: a customer may have many (answers held for
        # quiet hours or the daily cap), and only which appointments have any is kept.
        .distinct(),
    )


def _among(postgresql: bool, column: _Column, ids: BindParameter[Any]) -> ColumnElement[bool]:
    """``column IN ids``, as ``column = ANY(ids)`` on PostgreSQL: one parameter. psycopg
    parses a statement with more than 50 parameters afresh each time it runs (it caches
    smaller ones only), and a batch's lists hold a hundred ids."""
    if postgresql:
        return column == any_(ids)
    return column.in_(ids)


def _ids(name: str, postgresql: bool) -> BindParameter[Any]:
    """The list of ids ``name``, bound when a statement runs (``_among``)."""
    if postgresql:
        return bindparam(name, type_=ARRAY(Integer()))
    return bindparam(name, expanding=True)


def _null(type_: TypeEngine[Any]) -> ColumnElement[Any]:
    """NULL as a column of ``type_``: an arm of ``_records``'s UNION ALL without that column."""
    return cast(null(), type_)
