"""Feedback from the surveys after a visit, as the API and the console read it: a page of
answers newest first, and the figures over a window (average, distribution 1-5, response rate,
per stylist and per month) that the salon's stats and its quarterly report are made of.

A salon surveys hundreds of visits a quarter, not millions: the window's surveys are read once
and counted here, in the salon's timezone, rather than grouped by each database's own date
functions.
"""

from __future__ import annotations

import base64
import binascii
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from gateway.domain.survey_status import SurveyStatus
from gateway.models import Appointment, Feedback, Survey

PAGE_SIZE: Final = 50
SCORES: Final = (1, 2, 3, 4, 5)
#: A score at or below this needs someone to call the customer back.
LOW_SCORE: Final = 2
#: What a stylist is called in the figures when the CRM gave none.
NO_STYLIST: Final = ""


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    stylist: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    min_score: int | None = None
    max_score: int | None = None


@dataclass(frozen=True, slots=True)
class FeedbackPage:
    items: list[Feedback]
    #: Pass back to read the next (older) page; None on the last page.
    next_cursor: str | None


def encode_cursor(received_at: datetime, feedback_id: int) -> str:
    micros = int(received_at.timestamp() * 1_000_000)
    raw = f"feedback:{micros}:{feedback_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """Where the next page begins; InvalidCursor if this endpoint did not give it."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, micros, number = raw.split(":")
        at = datetime.fromtimestamp(int(micros) / 1_000_000, UTC)
        feedback_id = int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
        raise InvalidCursor(cursor) from None
    if kind != "feedback" or not 0 < feedback_id < 2**31:
        raise InvalidCursor(cursor)
    return at, feedback_id


def feedback_page(
    session: Session,
    *,
    salon_id: int,
    wanted: FeedbackFilter,
    after: tuple[datetime, int] | None = None,
    limit: int = PAGE_SIZE,
) -> FeedbackPage:
    """Answers newest first (keyset on received time and id: new ones never shift a page)."""
    query = (
        select(Feedback)
        .join(Appointment, Appointment.id == Feedback.appointment_id)
        .where(Feedback.salon_id == salon_id)
        .options(selectinload(Feedback.appointment))
    )
    if wanted.stylist is not None:
        query = query.where(Appointment.stylist == wanted.stylist)
    if wanted.received_from is not None:
        query = query.where(Feedback.received_at >= wanted.received_from)
    if wanted.received_to is not None:
        query = query.where(Feedback.received_at < wanted.received_to)
    if wanted.min_score is not None:
        query = query.where(Feedback.score >= wanted.min_score)
    if wanted.max_score is not None:
        query = query.where(Feedback.score <= wanted.max_score)
    if after is not None:
        at, feedback_id = after
        query = query.where(
            or_(
                Feedback.received_at < at,
                and_(Feedback.received_at == at, Feedback.id < feedback_id),
            )
        )
    found = list(
        session.scalars(
            query.order_by(Feedback.received_at.desc(), Feedback.id.desc()).limit(limit + 1)
        )
    )
    page = found[:limit]
    more = len(found) > limit and bool(page)
    return FeedbackPage(page, encode_cursor(page[-1].received_at, page[-1].id) if more else None)


@dataclass(slots=True)
class Tally:
    """Surveys sent and what came back, for one stylist, one month or the whole window."""

    surveys_sent: int = 0
    #: Surveys that drew at least one answer (a score or a comment).
    answered: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))

    @property
    def scores(self) -> int:
        return sum(self.distribution.values())

    @property
    def average(self) -> float | None:
        if not self.scores:
            return None
        total = sum(score * count for score, count in self.distribution.items())
        return round(total / self.scores, 2)

    @property
    def response_rate(self) -> float | None:
        return round(self.answered / self.surveys_sent, 4) if self.surveys_sent else None


@dataclass(frozen=True, slots=True)
class Unhappy:
    """An answer someone should call back about: a low score, or a comment without one."""

    feedback: Feedback
    stylist: str


@dataclass(slots=True)
class FeedbackFigures:
    total: Tally
    #: By stylist, in name order ("" for visits without one).
    stylists: dict[str, Tally]
    #: By the salon's month (its first day), oldest first.
    months: dict[date, Tally]
    unhappy: list[Unhappy]


def feedback_figures(
    session: Session, *, salon_id: int, tz: str, sent_from: datetime, sent_to: datetime
) -> FeedbackFigures:
    """Figures for the surveys sent in ``[sent_from, sent_to)`` and every answer to them."""
    surveys = session.execute(
        select(Survey.id, Survey.sent_at, Appointment.stylist)
        .join(Appointment, Appointment.id == Survey.appointment_id)
        .where(
            Survey.salon_id == salon_id,
            Survey.status == SurveyStatus.SENT,
            Survey.sent_at >= sent_from,
            Survey.sent_at < sent_to,
        )
    ).all()
    answers: dict[int, list[Feedback]] = defaultdict(list)
    for feedback in _answers(session, [row.id for row in surveys]):
        answers[feedback.survey_id].append(feedback)
    zone = ZoneInfo(tz)
    figures = FeedbackFigures(Tally(), {}, {}, [])
    for survey_id, sent_at, stylist in surveys:
        name = stylist or NO_STYLIST
        local = sent_at.astimezone(zone)
        month = date(local.year, local.month, 1)
        tallies = (
            figures.total,
            figures.stylists.setdefault(name, Tally()),
            figures.months.setdefault(month, Tally()),
        )
        given = answers.get(survey_id, [])
        for tally in tallies:
            tally.surveys_sent += 1
            tally.answered += bool(given)
        for feedback in given:
            if feedback.score is not None:
                for tally in tallies:
                    tally.distribution[feedback.score] += 1
            if feedback.score is None or feedback.score <= LOW_SCORE:
                figures.unhappy.append(Unhappy(feedback, name))
    figures.stylists = dict(sorted(figures.stylists.items()))
    figures.months = dict(sorted(figures.months.items()))
    figures.unhappy.sort(key=lambda u: (u.feedback.received_at, u.feedback.id), reverse=True)
    return figures


def _answers(session: Session, survey_ids: Sequence[int]) -> Iterable[Feedback]:
    # In chunks: a database limits how many values one IN may carry.
    for start in range(0, len(survey_ids), 500):
        chunk = survey_ids[start : start + 500]
        yield from session.scalars(
            select(Feedback)
            .where(Feedback.survey_id.in_(chunk))
            .options(selectinload(Feedback.appointment))
        )
