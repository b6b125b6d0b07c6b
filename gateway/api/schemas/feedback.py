"""The query strings and answers of the survey feedback endpoints (``GET /feedback``,
``/feedback/stats``, ``/feedback/report``), from which the OpenAPI document is generated too."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, with_config
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from gateway.api.errors import INVALID
from gateway.api.schemas.fields import Limit, QueryTime
from gateway.api.schemas.requests import Query
from gateway.domain.quarters import QUARTER_PATTERN, Quarter
from gateway.queries.feedback import PAGE_SIZE, InvalidCursor, decode_cursor
from gateway.resources import FeedbackJson

_CLOSED = ConfigDict(extra="forbid")


def _cursor(value: Any) -> tuple[datetime, int]:
    try:
        return decode_cursor(str(value))
    except InvalidCursor:
        raise PydanticCustomError(INVALID, "must be a next_cursor this endpoint gave") from None


def _score(value: Any) -> int:
    text = str(value)
    if text not in ("1", "2", "3", "4", "5"):
        raise PydanticCustomError(INVALID, "must be a whole number from 1 to 5")
    return int(text)


def _quarter(value: Any) -> Quarter:
    try:
        return Quarter.parse(str(value))
    except ValueError:
        raise PydanticCustomError(INVALID, "must be a quarter such as 2026Q4") from None


def _report_format(value: Any) -> str:
    if value not in ("json", "csv"):
        raise PydanticCustomError(INVALID, "must be json or csv")
    return str(value)


FeedbackCursor = Annotated[
    tuple[datetime, int] | None,
    BeforeValidator(_cursor),
    WithJsonSchema({"type": "string", "description": "next_cursor of the previous page"}),
]
Score = Annotated[
    int | None,
    BeforeValidator(_score),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 5}),
]
QuarterName = Annotated[
    Quarter,
    BeforeValidator(_quarter),
    WithJsonSchema({"type": "string", "pattern": QUARTER_PATTERN, "examples": ["2026Q4"]}),
]
ReportFormat = Annotated[
    str,
    BeforeValidator(_report_format),
    WithJsonSchema({"type": "string", "enum": ["json", "csv"]}),
]


class FeedbackQuery(Query):
    """``GET /feedback``."""

    limit: Limit = PAGE_SIZE
    cursor: FeedbackCursor = None
    stylist: Annotated[
        str | None, Field(max_length=100), WithJsonSchema({"type": "string", "maxLength": 100})
    ] = Field(None, description="only answers about this stylist's visits")
    received_from: QueryTime = Field(None, alias="from", description="received at or after")
    received_to: QueryTime = Field(None, alias="to", description="received before")
    min_score: Score = None
    max_score: Score = Field(None, description="at least min_score; comments alone have none")


class FeedbackStatsQuery(Query):
    """``GET /feedback/stats``: surveys sent in the window, and their answers."""

    sent_from: QueryTime = Field(None, alias="from", description="default: 90 days ago")
    sent_to: QueryTime = Field(None, alias="to", description="default: now; after from")


class ReportQuery(Query):
    """``GET /feedback/report``."""

    quarter: QuarterName = Field(description="e.g. 2026Q4, in the salon's timezone")
    format: ReportFormat = Field("json", description="csv: UTF-8 with a BOM, for Excel")


@with_config(_CLOSED)
class FeedbackPageJson(TypedDict):
    data: list[FeedbackJson]
    next_cursor: Annotated[str | None, Field(description="null on the last page")]
