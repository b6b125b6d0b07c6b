"""The document's paths of the survey feedback endpoints (``gateway.api.feedback``), kept beside
``openapi_paths`` so that neither grows past what one reader holds."""

from __future__ import annotations

from gateway.api.openapi_paths import Schema, _ok, _operation, query_parameters
from gateway.api.schemas.feedback import FeedbackQuery, FeedbackStatsQuery, ReportQuery


def feedback_paths() -> dict[str, Schema]:
    report = _ok("Report", "the quarter's report (format=json)")
    report["content"]["text/csv"] = {
        "schema": {
            "type": "string",
            "description": "format=csv: UTF-8 with a byte-order mark, one row per stylist and "
            "one (*) for all, then the answers to call back about",
        }
    }
    return {
        "/feedback": {
            "get": _operation(
                "listFeedback",
                "Answers to the survey after a visit, newest first, a page at a time",
                {200: _ok("FeedbackPage", "a page of answers")},
                [422],
                parameters=query_parameters(FeedbackQuery),
            )
        },
        "/feedback/stats": {
            "get": _operation(
                "getFeedbackStats",
                "Average score, distribution and response rate of the surveys sent in a window, "
                "overall, per stylist and per month",
                {200: _ok("FeedbackFigures", "the figures")},
                [422],
                parameters=query_parameters(FeedbackStatsQuery),
            )
        },
        "/feedback/report": {
            "get": _operation(
                "getFeedbackReport",
                "A quarter's satisfaction per stylist against the quarter before, and the low "
                "scores and comments to call back about",
                {200: report},
                [422],
                parameters=query_parameters(ReportQuery),
            )
        },
    }
