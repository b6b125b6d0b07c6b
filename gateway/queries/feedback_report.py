"""The figures of survey feedback as the API and the console show them (the JSON shapes the
OpenAPI document describes are here, beside the code that fills them): a window's tallies,
and the quarterly report per stylist against the quarter before, as JSON or as CSV (UTF-8 with
a byte-order mark, so that Excel shows Chinese names and comments as written).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Annotated, Final

from pydantic import ConfigDict, Field, with_config
from sqlalchemy.orm import Session
from typing_extensions import TypedDict

from gateway.domain.quarters import Quarter
from gateway.models import Salon
from gateway.queries.feedback import SCORES, FeedbackFigures, Tally, feedback_figures
from gateway.resources import FeedbackJson, Time, feedback_json, local_time

_CLOSED: Final = ConfigDict(extra="forbid")
Rate = Annotated[float | None, Field(ge=0, le=1, description="0 to 1; null: nothing sent")]
Average = Annotated[float | None, Field(ge=1, le=5, description="null: no score yet")]
#: The window the figures cover (``from`` is a Python keyword: hence the functional form).
FeedbackWindowJson = TypedDict("FeedbackWindowJson", {"from": Time, "to": Time})


@with_config(_CLOSED)
class TallyJson(TypedDict):
    surveys_sent: int
    answered: Annotated[int, Field(description="surveys with at least one answer")]
    response_rate: Rate
    scores: int
    average: Average
    distribution: Annotated[dict[str, int], Field(description="how many gave each score 1-5")]


@with_config(_CLOSED)
class StylistTallyJson(TallyJson):
    stylist: Annotated[str, Field(description='"" for visits without a stylist')]


@with_config(_CLOSED)
class MonthTallyJson(TallyJson):
    month: Annotated[str, Field(description="the salon's month, e.g. 2026-10")]


@with_config(_CLOSED)
class FeedbackFiguresJson(FeedbackWindowJson, TallyJson):
    """``GET /feedback/stats``: the window's figures, overall, per stylist and per month."""

    stylists: list[StylistTallyJson]
    months: list[MonthTallyJson]


@with_config(_CLOSED)
class StylistTrendJson(StylistTallyJson):
    previous_average: Average
    change: Annotated[float | None, Field(description="average minus the previous quarter's")]


@with_config(_CLOSED)
class PreviousQuarterJson(TallyJson):
    quarter: str


@with_config(_CLOSED)
class ReportJson(FeedbackWindowJson, TallyJson):
    """``GET /feedback/report``: a quarter per stylist, against the quarter before, and the
    answers someone should call back about (a score of 2 or less, or a comment alone)."""

    quarter: str
    stylists: list[StylistTrendJson]
    months: list[MonthTallyJson]
    previous: PreviousQuarterJson
    low_scores: list[FeedbackJson]


#: Excel reads a CSV as UTF-8 only when it begins with this.
BOM: Final = "\ufeff"


def tally_json(tally: Tally) -> TallyJson:
    return {
        "surveys_sent": tally.surveys_sent,
        "answered": tally.answered,
        "response_rate": tally.response_rate,
        "scores": tally.scores,
        "average": tally.average,
        "distribution": {str(score): tally.distribution[score] for score in SCORES},
    }


def _stylists(figures: FeedbackFigures) -> list[StylistTallyJson]:
    return [{"stylist": name, **tally_json(t)} for name, t in figures.stylists.items()]


def _months(figures: FeedbackFigures) -> list[MonthTallyJson]:
    return [{"month": f"{m:%Y-%m}", **tally_json(t)} for m, t in figures.months.items()]


def figures_json(
    session: Session, salon: Salon, *, sent_from: datetime, sent_to: datetime
) -> FeedbackFiguresJson:
    """``GET /feedback/stats``."""
    figures = feedback_figures(
        session, salon_id=salon.id, tz=salon.timezone, sent_from=sent_from, sent_to=sent_to
    )
    return {
        "from": local_time(sent_from, salon),
        "to": local_time(sent_to, salon),
        **tally_json(figures.total),
        "stylists": _stylists(figures),
        "months": _months(figures),
    }


def quarter_report(session: Session, salon: Salon, quarter: Quarter) -> ReportJson:
    """The quarter's report: per stylist against the quarter before, and who to call back."""
    tz = salon.timezone
    before = quarter.previous()
    now = feedback_figures(
        session, salon_id=salon.id, tz=tz, sent_from=quarter.starts(tz), sent_to=quarter.ends(tz)
    )
    then = feedback_figures(
        session, salon_id=salon.id, tz=tz, sent_from=before.starts(tz), sent_to=before.ends(tz)
    )
    stylists: list[StylistTrendJson] = []
    for name, tally in now.stylists.items():
        earlier = then.stylists.get(name)
        previous = earlier.average if earlier is not None else None
        average = tally.average
        change = (
            round(average - previous, 2) if average is not None and previous is not None else None
        )
        stylists.append(
            {
                "stylist": name,
                **tally_json(tally),
                "previous_average": previous,
                "change": change,
            }
        )
    return {
        "quarter": str(quarter),
        "from": local_time(quarter.starts(tz), salon),
        "to": local_time(quarter.ends(tz), salon),
        **tally_json(now.total),
        "stylists": stylists,
        "months": _months(now),
        "previous": {"quarter": str(before), **tally_json(then.total)},
        "low_scores": [feedback_json(u.feedback, salon) for u in now.unhappy],
    }


def report_csv(report: ReportJson) -> str:
    """The report as a spreadsheet: one row per stylist and one for all, then the answers to
    call back about."""
    out = io.StringIO()
    out.write(BOM)
    write = csv.writer(out, lineterminator="\r\n").writerow
    write(
        [
            "quarter",
            "stylist",
            "surveys_sent",
            "answered",
            "response_rate",
            "average",
            *(f"score_{s}" for s in SCORES),
            "previous_average",
            "change",
        ]
    )
    rows: list[tuple[str, TallyJson, object, object]] = [
        (s["stylist"], s, s["previous_average"], s["change"]) for s in report["stylists"]
    ]
    previous = report["previous"]["average"]
    change = (
        round(report["average"] - previous, 2)
        if report["average"] is not None and previous is not None
        else None
    )
    rows.append(("*", report, previous, change))
    for name, tally, before, delta in rows:
        write(
            [
                report["quarter"],
                name,
                tally["surveys_sent"],
                tally["answered"],
                _blank(tally["response_rate"]),
                _blank(tally["average"]),
                *(tally["distribution"][str(s)] for s in SCORES),
                _blank(before),
                _blank(delta),
            ]
        )
    write([])
    write(["received_at", "appointment", "stylist", "service", "score", "comment"])
    for item in report["low_scores"]:
        write(
            [
                item["received_at"],
                item["appointment_external_id"],
                item["stylist"] or "",
                item["service"] or "",
                _blank(item["score"]),
                item["comment"] or "",
            ]
        )
    return out.getvalue()


def _blank(value: object) -> object:
    return "" if value is None else value


def current_quarter(now: datetime, salon: Salon) -> Quarter:
    return Quarter.of(now, salon.timezone)


def month_label(month: date) -> str:
    return f"{month:%Y-%m}"
