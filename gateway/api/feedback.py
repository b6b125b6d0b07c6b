"""Answers to the satisfaction survey after a visit (GET /feedback), their figures over a window
(GET /feedback/stats) and the quarterly report per stylist (GET /feedback/report, JSON or CSV).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from flask import Response, g, jsonify

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.feedback import (
    FeedbackPageJson,
    FeedbackQuery,
    FeedbackStatsQuery,
    ReportQuery,
)
from gateway.api.schemas.requests import MAX_WINDOW, parse_query
from gateway.models import Salon
from gateway.queries.feedback import FeedbackFilter, feedback_page
from gateway.queries.feedback_report import figures_json, quarter_report, report_csv
from gateway.resources import feedback_json

#: How far back the figures reach when no window is given.
DEFAULT_REACH: Final = timedelta(days=90)


@bp.get("/feedback")
def list_feedback() -> Response:
    """Newest first, cursor-paged; filters by stylist, received time and score."""
    asked = parse_query(FeedbackQuery)
    if asked.min_score and asked.max_score and asked.min_score > asked.max_score:
        raise ApiError(
            422, "invalid_parameter", "max_score must be at least min_score", "max_score"
        )
    if asked.received_from and asked.received_to and asked.received_to <= asked.received_from:
        raise ApiError(422, "invalid_parameter", "to must be later than from", "to")
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        page = feedback_page(
            session,
            salon_id=salon.id,
            wanted=FeedbackFilter(
                stylist=asked.stylist,
                received_from=asked.received_from,
                received_to=asked.received_to,
                min_score=asked.min_score,
                max_score=asked.max_score,
            ),
            after=asked.cursor,
            limit=asked.limit,
        )
        body: FeedbackPageJson = {
            "data": [feedback_json(item, salon) for item in page.items],
            "next_cursor": page.next_cursor,
        }
        return jsonify(body)


@bp.get("/feedback/stats")
def feedback_stats() -> Response:
    """Average, distribution and response rate of the surveys sent in a window, overall, per
    stylist and per month."""
    asked = parse_query(FeedbackStatsQuery)
    sent_to = asked.sent_to or clock.now()
    sent_from = asked.sent_from or sent_to - DEFAULT_REACH
    if sent_to <= sent_from:
        raise ApiError(422, "invalid_parameter", "to must be later than from", "to")
    if sent_to - sent_from > MAX_WINDOW:
        raise ApiError(
            422,
            "invalid_parameter",
            f"from and to may be at most {MAX_WINDOW.days} days apart",
            "to",
        )
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        return jsonify(figures_json(session, salon, sent_from=sent_from, sent_to=sent_to))


@bp.get("/feedback/report")
def feedback_report() -> Response:
    """The quarter per stylist, against the quarter before; ``format=csv`` for a spreadsheet."""
    asked = parse_query(ReportQuery)
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        report = quarter_report(session, salon, asked.quarter)
    if asked.format == "csv":
        return Response(
            report_csv(report).encode("utf-8"),
            mimetype="text/csv",
            headers={
                "Content-Disposition": f'attachment; filename="feedback-{report["quarter"]}.csv"'
            },
        )
    return jsonify(report)
