"""Surveys where only approved templates go (Alibaba Cloud here; Tencent Cloud is alike): the
survey goes as its approved template once its code is recorded, and a salon without the code
simply sends no survey (it is optional: nobody is refused texts for lacking it)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from gateway.db import Database
from gateway.jobs import run_sweep
from gateway.models import Survey, TemplateCode
from gateway.providers.standins.aliyun import AliyunStub
from tests.integration.conftest import ALIYUN_CODES, NOW, china_salon
from tests.support import TestClock, run_worker

SURVEY_CODE = ALIYUN_CODES[("zh-CN", "survey", False)]


def completed_visit(
    app: Flask, client: FlaskClient, salon_headers: dict[str, str], clock: TestClock
) -> None:
    clock.set(NOW)
    response = client.post(
        "/api/v1/appointments",
        json={
            "external_id": "A-1",
            "customer": {"phone": "13800138000", "name": "王女士"},
            "service": "剪发",
            "stylist": "Lily",
            "starts_at": (NOW + timedelta(minutes=30)).isoformat(),
        },
        headers=salon_headers,
    )
    assert response.status_code == 201, response.get_json()
    run_worker(app)  # its confirmation request goes
    clock.set(NOW + timedelta(hours=1))
    done = client.patch(
        "/api/v1/appointments/A-1", json={"status": "completed"}, headers=salon_headers
    )
    assert done.status_code == 200, done.get_json()


def surveys_on(client: FlaskClient, headers: dict[str, str]) -> None:
    body = {"survey_enabled": True, "survey_delay_minutes": 60}
    assert client.patch("/api/v1/salon", json=body, headers=headers).status_code == 200


def sweep_later(app: Flask, clock: TestClock) -> None:
    clock.set(NOW + timedelta(hours=2, minutes=1))
    with app.app_context():
        run_sweep()
    run_worker(app)


def test_the_survey_goes_as_its_approved_template(
    china_app: Flask, china_client: FlaskClient, aliyun_stub: AliyunStub, clock: TestClock
) -> None:
    salon = china_salon(china_app, "aliyun")
    surveys_on(china_client, salon.headers)
    completed_visit(china_app, china_client, salon.headers, clock)
    sweep_later(china_app, clock)
    sent = [text for text in aliyun_stub.sent if text.template_code == SURVEY_CODE]
    assert [text.params for text in sent] == [{"rated": "今天Lily的服务"}]


def test_without_the_surveys_code_no_survey_goes_and_nothing_else_stops(
    china_app: Flask,
    china_client: FlaskClient,
    db: Database,
    aliyun_stub: AliyunStub,
    clock: TestClock,
) -> None:
    with db.transaction() as session:
        session.execute(delete(TemplateCode).where(TemplateCode.name.like("survey%")))
    salon = china_salon(china_app, "aliyun")  # not refused for lacking it
    surveys_on(china_client, salon.headers)
    completed_visit(china_app, china_client, salon.headers, clock)
    sweep_later(china_app, clock)
    assert all(text.template_code != SURVEY_CODE for text in aliyun_stub.sent)
    request_code = ALIYUN_CODES[("zh-CN", "confirmation_request", False)]
    assert [text.template_code for text in aliyun_stub.sent] == [request_code]
    with db.sessions() as session:
        survey = session.scalars(select(Survey)).one()
        assert survey.status == "skipped"
        assert "no approved template code for zh-CN/survey" in survey.decision
