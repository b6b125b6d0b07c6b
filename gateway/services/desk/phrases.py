"""Phrases a salon teaches (``gateway.domain.taught_phrases``): remembered when staff treat an
unclear reply as an answer and tick "remember", listed and removed by the console and the API,
read for a worker's batch of replies in one query, and forgotten with the customer who wrote
them when that customer is erased.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.domain.lifecycle import Intent
from gateway.domain.taught_phrases import (
    TaughtPhrases,
    Unteachable,
    phrase_text,
    why_not_taught,
)
from gateway.models import TaughtPhrase
from gateway.services.errors import ServiceError


class NotTeachable(ServiceError):
    """The reply cannot be remembered as that intent (it asks, says no, or is read already);
    ``unteachable`` says which, for the console to say in staff's language."""

    code = "not_teachable"

    def __init__(self, reason: Unteachable) -> None:
        super().__init__(reason.value, field="remember")
        self.unteachable = reason


def check_teachable(body: str, intent: Intent) -> None:
    """Refuse, before anything changes, a reply that cannot be taught as ``intent``."""
    why = why_not_taught(body, intent)
    if why is not None:
        raise NotTeachable(why)


def remember_phrase(
    session: Session,
    *,
    salon_id: int,
    body: str,
    intent: Intent,
    by: str,
    now: datetime,
    customer_id: int | None,
) -> TaughtPhrase:
    """Remember ``body``, written by the salon's customer ``customer_id``, as ``intent`` for the
    salon; the same text taught before is replaced (its new intent, who taught it, from whose
    reply, and when)."""
    check_teachable(body, intent)
    text = phrase_text(body)
    phrase = _phrase(session, salon_id, text)
    if phrase is None:
        try:
            # Two staff teaching the same words at once: the second finds the first's row.
            with session.begin_nested():
                phrase = TaughtPhrase(
                    salon_id=salon_id,
                    text=text,
                    intent=intent,
                    taught_by=by[:254],
                    created_at=now,
                    customer_id=customer_id,
                )
                session.add(phrase)
            return phrase
        except IntegrityError:
            phrase = _phrase(session, salon_id, text)
            assert phrase is not None
    phrase.intent, phrase.taught_by, phrase.created_at = intent, by[:254], now
    phrase.customer_id = customer_id
    return phrase


def _phrase(session: Session, salon_id: int, text: str) -> TaughtPhrase | None:
    return session.scalar(
        select(TaughtPhrase)
        .where(TaughtPhrase.salon_id == salon_id, TaughtPhrase.text == text)
        .with_for_update()
    )


def salon_phrases(session: Session, *, salon_id: int) -> Sequence[TaughtPhrase]:
    """The salon's phrases, newest first."""
    return session.scalars(
        select(TaughtPhrase)
        .where(TaughtPhrase.salon_id == salon_id)
        .order_by(TaughtPhrase.created_at.desc(), TaughtPhrase.id.desc())
    ).all()


def forget_phrase(session: Session, *, salon_id: int, phrase_id: int) -> bool:
    """Remove the salon's phrase ``phrase_id``; False when the salon has none with that id
    (another salon's included: nothing is removed)."""
    removed = session.execute(
        delete(TaughtPhrase).where(TaughtPhrase.id == phrase_id, TaughtPhrase.salon_id == salon_id)
    )
    return bool(removed.rowcount)  # type: ignore[attr-defined]


def forget_customers_phrases(
    session: Session, *, salon_id: int, customer_id: int, replies: Iterable[str]
) -> int:
    """Remove the salon's phrases taught from the customer's replies (their words may name
    them), for their erasure; returns how many. A phrase taught before phrases kept their writer
    goes when its text is that of one of ``replies`` (the customer's reply bodies still held).
    A phrase last taught from another customer's identical reply is that customer's and stays."""
    texts = {text for text in map(phrase_text, replies) if text}
    writer = TaughtPhrase.customer_id == customer_id
    if texts:
        writer = or_(writer, and_(TaughtPhrase.customer_id.is_(None), TaughtPhrase.text.in_(texts)))
    removed = session.execute(
        delete(TaughtPhrase)
        .where(TaughtPhrase.salon_id == salon_id, writer)
        .execution_options(synchronize_session=False)
    )
    return int(removed.rowcount or 0)  # type: ignore[attr-defined]


#: ``phrases_of``'s read, built once a process (a worker's every batch runs it): SQLAlchemy
#: finds its compiled form by the cache key kept with it, where a statement built per call was
#: built and walked for its key every batch.
_PHRASES_OF = select(TaughtPhrase.salon_id, TaughtPhrase.text, TaughtPhrase.intent).where(
    TaughtPhrase.salon_id.in_(bindparam("salon_ids", expanding=True))
)


def phrases_of(session: Session, salon_ids: Collection[int]) -> dict[int, TaughtPhrases]:
    """Each salon's phrases (text → intent), for a batch of replies: one query for all."""
    taught: dict[int, dict[str, Intent]] = {salon_id: {} for salon_id in salon_ids}
    if not taught:
        return {}
    for salon_id, text, intent in session.execute(_PHRASES_OF, {"salon_ids": list(taught)}):
        taught[salon_id][text] = Intent(intent)
    return dict(taught)
