"""The salon's figures over a window of time (``gateway.services.desk.stats`` defines them)."""

from __future__ import annotations

from flask import Response, g, jsonify

from gateway import clock
from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.requests import DEFAULT_REACH, MAX_WINDOW, StatsQuery, parse_query
from gateway.api.schemas.responses import FiguresJson
from gateway.models import Salon
from gateway.resources import local_time
from gateway.services import SalonStats, salon_stats


def stats_json(stats: SalonStats) -> FiguresJson:
    return {
        "appointments": {
            status.value: {"count": figure.count, "label": figure.label}
            for status, figure in stats.appointments.items()
        },
        "confirmation_rate": stats.confirmation_rate,
        "median_reply_seconds": stats.median_reply_seconds,
        "unclear_reply_rate": stats.unclear_reply_rate,
        "no_show_rate": {
            "confirmed": stats.no_show_rate_confirmed,
            "unconfirmed": stats.no_show_rate_unconfirmed,
            "all": stats.no_show_rate,
        },
        "messages": {
            "inbound": stats.messages_inbound,
            "sent": stats.messages_sent,
            "delivered": stats.messages_delivered,
            "failed": stats.messages_failed,
            "segments": stats.segments_sent,
            "stranger_answers": {
                "sent": stats.stranger_answers_sent,
                "suppressed": stats.stranger_answers_suppressed,
            },
        },
        "estimated_cost": {"amount": str(stats.estimated_cost), "currency": stats.currency},
        "offers": {
            "made": stats.offers.made,
            "accepted": stats.offers.accepted,
            "expired": stats.offers.expired,
            "declined": stats.offers.declined,
            "change_requests": stats.offers.change_requests,
            "closed_by_sms": stats.offers.closed_by_sms,
            "closed_by_sms_rate": stats.offers.closed_by_sms_rate,
            "median_seconds_to_new_time": stats.offers.median_seconds_to_new_time,
        },
    }


@bp.get("/stats")
def get_stats() -> Response:
    asked = parse_query(StatsQuery)
    now = clock.now()
    starts_from = asked.starts_from or now - DEFAULT_REACH
    starts_to = asked.starts_to or now + DEFAULT_REACH
    if starts_to <= starts_from:
        raise ApiError(422, "invalid_parameter", "to must be later than from", "to")
    if starts_to - starts_from > MAX_WINDOW:
        raise ApiError(
            422,
            "invalid_parameter",
            f"from and to may be at most {MAX_WINDOW.days} days apart",
            "to",
        )
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        stats = salon_stats(session, salon=salon, starts_from=starts_from, starts_to=starts_to)
        return jsonify(
            {
                "from": local_time(starts_from, salon),
                "to": local_time(starts_to, salon),
                **stats_json(stats),
            }
        )
