"""A customer's SMS, stored once by the webhook and handed off: all the webhook does. A worker
then acts on it (``services.replies.processing``).

Two ways in: ``store_known_reply`` takes the common reply — a number in E.164 form that the
salon owning the number it was sent to already knows — with one statement on a bare connection;
``receive_reply`` takes everything (a number never seen, a salon nobody owns, a retried
delivery, a push already routed to its salon) in a session. The webhook tries the first, then
the second.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from gateway.db import Statement
from gateway.domain.phones import InvalidPhoneNumber, in_e164_form, sender_to_e164, to_e164
from gateway.domain.replies import parse_reply
from gateway.domain.segments import count_segments
from gateway.models import (
    MessageDirection,
    MessageStatus,
    Salon,
    UTCDateTime,
)
from gateway.services.desk import inbox
from gateway.services.handoff import Work, hand_off
from gateway.services.salons.accounts import customer_for

log = logging.getLogger(__name__)


_STORED_COLUMNS = (
    "salon_id customer_id direction body intent opt_out_type status segments provider "
    "provider_sid created_at send_after processed_at"
).split()
# The webhook's one write. Written as SQL because SQLAlchemy compiles its dialect-specific
# ON CONFLICT constructs anew for every execution (they have no cache key), which cost the
# webhook about a millisecond a reply; this text is compiled once and is the same on
# PostgreSQL and SQLite (3.35+).
_STORE_ONCE = text(
    f"INSERT INTO messages ({', '.join(_STORED_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in _STORED_COLUMNS)}) "
    "ON CONFLICT (provider, provider_sid) DO NOTHING RETURNING id"
).bindparams(*(bindparam(c, type_=UTCDateTime()) for c in _STORED_COLUMNS if c.endswith("_at")))


# Who a reply is from and for, in one indexed read: the salon by its sender number (or by id,
# for a push already routed) and its customer with this number, when there is one. Plain SQL,
# compiled once: the ORM's entity loading cost the webhook more than the read itself.
_SENDER_BY_NUMBER = text(
    "SELECT salons.id, customers.id FROM salons LEFT JOIN customers "
    "ON customers.salon_id = salons.id AND customers.phone = :phone "
    "WHERE salons.sender_number = :sender_number"
)
_SENDER_BY_SALON = text("SELECT id FROM customers WHERE salon_id = :salon_id AND phone = :phone")

# The common reply in one statement: the salon by its sender number, its customer with this
# number, and the row stored once (not yet read: no intent, not processed), all in the INSERT.
# Nothing is stored when either is missing or the provider's message id was stored before (no
# row comes back): the caller then takes the long way, ``receive_reply``, which tells those
# cases apart. The WHERE clause also keeps SQLite from reading ON CONFLICT as part of the join.
_KNOWN_COLUMNS = [c for c in _STORED_COLUMNS[2:] if c not in ("intent", "processed_at")]
_STORE_KNOWN = text(
    f"INSERT INTO messages (salon_id, customer_id, {', '.join(_KNOWN_COLUMNS)}) "
    f"SELECT salons.id, customers.id, {', '.join(':' + c for c in _KNOWN_COLUMNS)} "
    "FROM salons JOIN customers "
    "ON customers.salon_id = salons.id AND customers.phone = :phone "
    "WHERE salons.sender_number = :sender_number "
    "ON CONFLICT (provider, provider_sid) DO NOTHING RETURNING id"
).bindparams(*(bindparam(c, type_=UTCDateTime()) for c in ("created_at", "send_after")))


@dataclass(frozen=True, slots=True)
class Received:
    """What the webhook did with an inbound SMS."""

    #: False when no salon owns the number it was sent to (nothing was stored).
    salon_found: bool
    #: True when this provider message was stored before (a webhook retry).
    duplicate: bool = False


def store_known_reply(
    write: Statement,
    *,
    provider: str,
    provider_sid: str,
    from_number: str,
    to_number: str,
    body: str,
    now: datetime,
    opt_out_type: str | None = None,
) -> bool:
    """Store a reply from a customer the salon knows with one statement, and hand it off.

    False when nothing was stored: the number is not spelt in E.164, no salon owns
    ``to_number``, the salon has no customer with this number, or the message was stored
    before. ``receive_reply`` then does what each of those needs.
    """
    if not in_e164_form(from_number):
        return False
    values = _stored_values(provider, provider_sid, body, now, opt_out_type)
    values |= {"phone": from_number, "sender_number": _e164_or_raw(to_number)}
    message_id = write.scalar(_STORE_KNOWN, values)
    if message_id is None:
        return False
    hand_off(write, Work.REPLY, message_id)
    return True


def receive_reply(
    session: Session,
    *,
    provider: str,
    provider_sid: str,
    from_number: str,
    to_number: str,
    body: str,
    now: datetime,
    opt_out_type: str | None = None,
    salon: Salon | None = None,
) -> Received:
    """Store a customer's SMS once and hand it off, nothing more: a worker acts on it after
    commit (``process_replies``).

    This is all the webhook does, so Twilio gets its answer in milliseconds however busy the
    salon is. ``opt_out_type`` is the provider's own reading of the text (Twilio's OptOutType).
    ``salon`` is the salon a push was routed to (China providers); without it, ``to_number`` —
    the salon's own sender number — picks it.
    """
    # A number spelt as E.164 (Twilio's From) is looked up as it is: a customer stored with
    # it proves it valid, so phonenumbers parses only numbers the salon has not seen.
    trusted = in_e164_form(from_number)
    phone = from_number if trusted else _e164_or_none(from_number)
    if salon is None:
        found = session.execute(
            _SENDER_BY_NUMBER, {"sender_number": _e164_or_raw(to_number), "phone": phone}
        ).first()
        if found is None:
            return Received(salon_found=False)
        salon_id, customer_id = found
    else:
        salon_id = salon.id
        customer_id = (
            session.scalar(_SENDER_BY_SALON, {"salon_id": salon.id, "phone": phone})
            if phone
            else None
        )
    if customer_id is None and trusted:
        phone = _e164_or_none(from_number)
    if phone and customer_id is None:
        # A number this salon has never seen (rare: customers are booked first).
        owner = salon or session.get_one(Salon, salon_id)
        customer_id = customer_for(session, salon=owner, phone=phone).id
    values = _stored_values(provider, provider_sid, body, now, opt_out_type)
    values |= {
        "salon_id": salon_id,
        "customer_id": customer_id,
        "intent": None,
        "processed_at": None,
    }
    if customer_id is None:
        # Nobody to answer and nothing to change: understood for the record, and done.
        values |= {"intent": parse_reply(body).intent.value, "processed_at": now}
    # The provider retries webhooks, sometimes twice at once: the unique (provider, sid) index
    # decides which delivery stores the row; the others store nothing and act on nothing.
    message_id = session.scalar(_STORE_ONCE, values)
    if message_id is None:
        return Received(salon_found=True, duplicate=True)
    if customer_id is None:
        log.info("inbound %s from an unusable number; stored only", provider_sid)
        inbox.note_unusable_sender(session, message_id=message_id, now=now)
        return Received(salon_found=True)
    hand_off(session, Work.REPLY, message_id)
    return Received(salon_found=True)


def _stored_values(
    provider: str, provider_sid: str, body: str, now: datetime, opt_out_type: str | None
) -> dict[str, object]:
    """The columns of a stored reply that come from the SMS itself."""
    return {
        "direction": MessageDirection.INBOUND,
        "body": body,
        "status": MessageStatus.RECEIVED,
        "segments": count_segments(body),
        "provider": provider,
        "provider_sid": provider_sid,
        "opt_out_type": (opt_out_type or "").upper()[:10] or None,
        "created_at": now,
        "send_after": now,
    }


def _e164_or_none(number: str) -> str | None:
    try:
        return to_e164(number, default_region=None)
    except InvalidPhoneNumber:
        return None


@lru_cache(maxsize=256)
def _e164_or_raw(number: str) -> str:
    """The number a reply was sent to, as salons' sender numbers are stored: the same few
    numbers on every reply, so each is read once a process (13 us a reply otherwise)."""
    try:
        return sender_to_e164(number)
    except InvalidPhoneNumber:
        return number.strip()
