"""The console's quarter view of the surveys after a visit, as its words read: each stylist's
average against the quarter before, who to call back, the CSV, and the owner's settings."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.conftest import china_salon
from tests.integration.test_api_feedback import NOW
from tests.integration.test_console import assert_words_only, make_staff, post, sign_in, visible
from tests.support import SalonHandle, TestClock
from tests.survey_data import answer_a_year_of_surveys

pytestmark = pytest.mark.clock(NOW.isoformat())


@pytest.fixture
def owner(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle, clock: TestClock
) -> FlaskClient:
    answer_a_year_of_surveys(app, client, db, salon, clock)
    make_staff(db, salon, "lily@salon.example", owner=True)
    assert sign_in(client, "lily@salon.example").status_code == 302
    return client


def test_the_quarter_reads_per_stylist_with_who_to_call_back(owner: FlaskClient) -> None:
    stats = visible(owner.get("/staff/stats").get_data(as_text=True))
    assert "季度满意度报告" in stats
    page = owner.get("/staff/stats/quarter")  # the salon's current quarter: 2026Q4
    assert page.status_code == 200
    text = visible(page.get_data(as_text=True))
    assert_words_only(text)
    assert "2026Q4 满意度" in text
    assert "3.3\n平均分" in text and "80%\n回复率" in text and "3.0\n2026Q3 平均分" in text
    lily = text.index("Lily")
    assert "4.5" in text[lily : lily + 40] and "▲1.5" in text[lily : lily + 40]
    assert "2 人评分 · 2/3 回复 · 回复率 67%" in text
    assert "剪坏了" in text and "等太久了" in text and "仅留言" in text
    # The previous quarter has its own view: Lily's 3, nobody to call.
    before = visible(owner.get("/staff/stats/quarter?quarter=2026Q3").get_data(as_text=True))
    assert "2026Q3 满意度" in before and "没有低分或留言。" in before
    assert owner.get("/staff/stats/quarter?quarter=2026Q9").status_code == 404


def test_the_quarter_downloads_for_excel(owner: FlaskClient) -> None:
    response = owner.get("/staff/stats/quarter.csv?quarter=2026Q4")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    assert "剪坏了" in response.get_data().decode("utf-8-sig")


def test_the_owner_sets_surveys_and_a_bad_value_is_refused(
    owner: FlaskClient, client: FlaskClient, salon: SalonHandle
) -> None:
    saved = post(
        owner,
        "/staff/stats/surveys",
        survey_enabled="1",
        survey_delay_minutes="30",
        survey_min_days_between="60",
    )
    assert saved.status_code == 302
    shown = client.get("/api/v1/salon", headers=salon.headers).get_json()
    assert (shown["survey_delay_minutes"], shown["survey_min_days_between"]) == (30, 60)
    refused = post(
        owner, "/staff/stats/surveys", survey_delay_minutes="3000", survey_min_days_between="60"
    )
    page = visible(owner.get(refused.headers["Location"]).get_data(as_text=True))
    assert "没有保存“完成后多少分钟发送”：请填 0 到 2880 之间的整数" in page
    api = client.patch("/api/v1/salon", json={"survey_delay_minutes": 3000}, headers=salon.headers)
    assert api.get_json()["error"]["message"] == (
        "survey_delay_minutes must be a whole number from 0 to 2880"
    )
    assert client.get("/api/v1/salon", headers=salon.headers).get_json()["survey_enabled"]


def test_staff_who_are_not_owners_see_the_settings_but_cannot_change_them(
    app: Flask, client: FlaskClient, db: Database, salon: SalonHandle
) -> None:
    make_staff(db, salon, "mia@salon.example")
    assert sign_in(client, "mia@salon.example").status_code == 302
    text = visible(client.get("/staff/stats/quarter?quarter=2026Q4").get_data(as_text=True))
    assert "调查：关 · 完成后 120 分钟 · 间隔 30 天" in text
    assert post(client, "/staff/stats/surveys", survey_enabled="1").status_code == 403


def test_survey_settings_are_refused_where_the_salons_provider_cannot_send(
    china_app: Flask, app: Flask, db: Database
) -> None:
    """Surveys send texts: a salon on Alibaba Cloud changing them through a deployment with
    none of Alibaba Cloud's keys is refused in words, as the API refuses it, and nothing moves."""
    salon = china_salon(china_app, "aliyun")
    make_staff(db, salon, "lily@salon.example", owner=True)
    console = app.test_client()
    assert sign_in(console, "lily@salon.example").status_code == 302

    refused = post(
        console,
        "/staff/stats/surveys",
        survey_enabled="1",
        survey_delay_minutes="30",
        survey_min_days_between="60",
    )

    page = " ".join(
        visible(console.get(refused.headers["Location"]).get_data(as_text=True)).split()
    )
    assert "没有保存：本店的短信服务商在这台服务器上还不能发送短信，请联系系统管理员" in page, page
    assert "ALIYUN_ACCESS_KEY_ID" in page, page
    shown = console.get("/api/v1/salon", headers=salon.headers).get_json()
    assert shown["survey_enabled"] is False and shown["survey_delay_minutes"] == 120
