"""Where survey answers go, through the API: the list (newest first, cursor-paged, filtered),
the figures (average, distribution, response rate, per stylist and per month) and the
quarterly report against the quarter before, as JSON and as CSV for Excel. Every answer is
made the way customers make them: a visit completed, the sweep's survey, a reply."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_surveys import NOW
from tests.support import SalonHandle, TestClock
from tests.survey_data import answer_a_year_of_surveys

pytestmark = pytest.mark.clock(NOW.isoformat())


@pytest.fixture
def answered(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle, clock: TestClock
) -> SalonHandle:
    """Q3: Lily scored 3. Q4: Lily 5 and 4, Mia 1 with a comment, a comment alone for Mia, and
    one of Lily's customers never answered."""
    answer_a_year_of_surveys(app, client, db, salon, clock)
    return salon


def get(client: FlaskClient, salon: SalonHandle, path: str, **params: Any) -> Any:
    response = client.get(f"/api/v1{path}", query_string=params, headers=salon.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_answers_are_listed_newest_first_a_page_at_a_time(
    client: FlaskClient, answered: SalonHandle
) -> None:
    first = get(client, answered, "/feedback", limit=2)
    assert [(f["appointment_external_id"], f["score"]) for f in first["data"]] == [
        ("A-4", None),
        ("A-3", 1),
    ]
    assert first["data"][1] == {
        "id": first["data"][1]["id"],
        "appointment_external_id": "A-3",
        "service": "剪发",
        "stylist": "Mia",
        "score": 1,
        "comment": "剪坏了",
        "received_at": "2026-11-10T15:00:00+08:00",
    }
    rest = get(client, answered, "/feedback", limit=2, cursor=first["next_cursor"])
    last = get(client, answered, "/feedback", limit=2, cursor=rest["next_cursor"])
    assert [f["appointment_external_id"] for f in rest["data"] + last["data"]] == [
        "A-2",
        "A-1",
        "Q3-1",
    ]
    assert last["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stylist": "Mia"}, ["A-4", "A-3"]),
        ({"min_score": "4"}, ["A-2", "A-1"]),
        ({"max_score": "2"}, ["A-3"]),
        ({"min_score": "3", "max_score": "3"}, ["Q3-1"]),
        ({"from": "2026-11-01T00:00:00+08:00", "to": "2026-12-01T00:00:00+08:00"}, ["A-3", "A-2"]),
        ({"stylist": "Nobody"}, []),
    ],
)
def test_answers_can_be_filtered(
    client: FlaskClient, answered: SalonHandle, params: dict[str, str], expected: list[str]
) -> None:
    found = get(client, answered, "/feedback", **params)["data"]
    assert [f["appointment_external_id"] for f in found] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_score": "0"}, "min_score"),
        ({"max_score": "6"}, "max_score"),
        ({"min_score": "five"}, "min_score"),
        ({"min_score": "4", "max_score": "2"}, "max_score"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-12-01T00:00:00+08:00", "to": "2026-11-01T00:00:00+08:00"}, "to"),
        ({"cursor": "not-ours"}, "cursor"),
        ({"score": "5"}, "score"),
        ({"stylist": "x" * 101}, "stylist"),
    ],
)
def test_a_bad_filter_is_refused_naming_it(
    client: FlaskClient, salon: SalonHandle, params: dict[str, str], field: str
) -> None:
    response = client.get("/api/v1/feedback", query_string=params, headers=salon.headers)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["field"] == field


def test_the_figures_per_stylist_and_month(client: FlaskClient, answered: SalonHandle) -> None:
    figures = get(
        client,
        answered,
        "/feedback/stats",
        **{"from": "2026-10-01T00:00:00+08:00", "to": "2027-01-01T00:00:00+08:00"},
    )
    # Five surveys in Q4, four answered; scores 5, 4 and 1.
    assert (figures["surveys_sent"], figures["answered"], figures["scores"]) == (5, 4, 3)
    assert figures["response_rate"] == 0.8
    assert figures["average"] == 3.33
    assert figures["distribution"] == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1}
    by_stylist = {s["stylist"]: s for s in figures["stylists"]}
    assert (by_stylist["Lily"]["average"], by_stylist["Lily"]["response_rate"]) == (4.5, 0.6667)
    assert (by_stylist["Mia"]["average"], by_stylist["Mia"]["answered"]) == (1.0, 2)
    assert [(m["month"], m["surveys_sent"]) for m in figures["months"]] == [
        ("2026-10", 1),
        ("2026-11", 2),
        ("2026-12", 2),
    ]


def test_the_quarterly_report_against_the_quarter_before(
    client: FlaskClient, answered: SalonHandle
) -> None:
    report = get(client, answered, "/feedback/report", quarter="2026Q4")
    assert (report["quarter"], report["from"], report["to"]) == (
        "2026Q4",
        "2026-10-01T00:00:00+08:00",
        "2027-01-01T00:00:00+08:00",
    )
    lily = next(s for s in report["stylists"] if s["stylist"] == "Lily")
    assert (lily["average"], lily["previous_average"], lily["change"]) == (4.5, 3.0, 1.5)
    assert report["previous"]["quarter"] == "2026Q3"
    assert report["previous"]["average"] == 3.0
    # Who to call back: the low score and the comment alone, newest first.
    assert [
        (f["appointment_external_id"], f["score"], f["comment"]) for f in report["low_scores"]
    ] == [
        ("A-4", None, "等太久了"),
        ("A-3", 1, "剪坏了"),
    ]


def test_the_report_downloads_as_csv_excel_reads_as_utf8(
    client: FlaskClient, answered: SalonHandle
) -> None:
    response = client.get(
        "/api/v1/feedback/report",
        query_string={"quarter": "2026Q4", "format": "csv"},
        headers=answered.headers,
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "feedback-2026Q4.csv" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "quarter",
        "stylist",
        "surveys_sent",
        "answered",
        "response_rate",
        "average",
    ]
    assert rows[1][:6] == ["2026Q4", "Lily", "3", "2", "0.6667", "4.5"]
    assert rows[3][:2] == ["2026Q4", "*"]
    assert ["A-3", "Mia", "剪发", "1", "剪坏了"] == rows[-1][1:]


@pytest.mark.parametrize("quarter", ["2026Q5", "Q4", "2026-Q4", ""])
def test_a_bad_quarter_is_refused(client: FlaskClient, salon: SalonHandle, quarter: str) -> None:
    response = client.get(
        "/api/v1/feedback/report", query_string={"quarter": quarter}, headers=salon.headers
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "quarter"


def test_an_empty_quarter_has_no_figures_but_a_report(
    client: FlaskClient, salon: SalonHandle
) -> None:
    report = get(client, salon, "/feedback/report", quarter="2026Q1")
    assert (report["surveys_sent"], report["average"], report["response_rate"]) == (0, None, None)
    assert report["stylists"] == [] and report["low_scores"] == []
