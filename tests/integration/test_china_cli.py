"""What a salon's engineer does on the command line to put a salon on Alibaba Cloud or Tencent
Cloud: export the templates, record their codes, create the salon — and what is refused."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, text

from gateway.china_models import TemplateCode
from gateway.db import Database
from gateway.models import Salon
from gateway.services.salon_providers import configure_provider
from gateway.services.salons import create_salon
from tests.integration.conftest import OTHER_SIGN, SIGN, china_salon


def run(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=list(args))


def test_export_prints_each_template_in_the_providers_syntax(app: Flask) -> None:
    aliyun = run(app, "templates", "export", "--provider", "aliyun", "--locale", "zh-CN")
    assert aliyun.exit_code == 0, aliyun.output
    assert "# confirmation_request (zh-CN; variables: appointment, ref)" in aliyun.output
    assert "您预约了 ${appointment}（预约号 ${ref}）。确认请回复“1”或“确认”" in aliyun.output
    tencent = run(app, "templates", "export", "--provider", "tencent", "--locale", "zh-CN")
    assert "例如“确认 {2}”、“变更 {3}”或“取消 {4}”。" in tencent.output
    assert "【" not in aliyun.output + tencent.output


def test_a_salon_is_refused_until_its_templates_have_codes(app: Flask, make_app: Any) -> None:
    china = make_app(aliyun_access_key_id="LTAI-key", aliyun_access_key_secret="secret")
    args = ["salon", "create", "--name", "丽丽美发", "--provider", "aliyun", "--sign-name", SIGN]
    refused = run(china, *args)
    assert refused.exit_code == 2
    assert "aliyun has no template code for zh-CN/confirmation_request, zh-CN/confirmed" in (
        refused.output
    )
    for name in ("confirmation_request", "confirmed", "change_received", "cancelled",
                 "already_cancelled", "cancelled_by_salon", "reminder", "reminder_unconfirmed",
                 "help", "ambiguous", "no_appointment", "opted_out"):  # fmt: skip
        recorded = run(china, "templates", "set-code", "--provider", "aliyun", "--locale",
                       "zh-CN", "--name", name, "--code", f"SMS_{len(name)}{name[:3]}")  # fmt: skip
        assert recorded.exit_code == 0, recorded.output
    refused = run(china, *args)
    assert refused.exit_code == 2
    assert "no template code for zh-CN/opted_in;" in refused.output
    run(china, "templates", "set-code", "--provider", "aliyun", "--locale", "zh-CN",
        "--name", "opted_in", "--code", "SMS_9")  # fmt: skip
    created = run(china, *args)
    assert created.exit_code == 0, created.output
    salon = json.loads(created.stdout)
    assert (salon["provider"], salon["sign_name"], salon["extend_code"]) == ("aliyun", SIGN, "01")
    assert "SMS_9" in run(china, "templates", "codes").output


def test_extend_codes_are_allocated_unique_per_provider(china_app: Flask) -> None:
    first = china_salon(china_app, "aliyun", name="一店")
    second = china_salon(china_app, "aliyun", name="二店", sign=OTHER_SIGN)
    third = china_salon(china_app, "tencent", name="三店")
    shown = [
        json.loads(run(china_app, "salon", "update", str(s.id)).stdout)["extend_code"]
        for s in (first, second, third)
    ]
    assert shown == ["01", "02", "01"]
    taken = run(china_app, "salon", "update", str(second.id), "--extend-code", "01")
    assert taken.exit_code == 2 and "another aliyun salon already has extend code 01" in (
        taken.output
    )
    moved = run(china_app, "salon", "update", str(second.id), "--extend-code", "123")
    assert json.loads(moved.stdout)["extend_code"] == "123"


def test_two_salons_set_up_at_the_same_moment_get_different_extend_codes(
    china_app: Flask,
) -> None:
    db: Database = china_app.extensions["db"]
    with db.transaction() as session:
        ids = [
            create_salon(session, name=name, sender_number=None, timezone="Asia/Shanghai",
                         locale="zh-CN", provider=None)[0].id
            for name in ("一店", "二店")
        ]  # fmt: skip
    codes: dict[int, str | None] = {}

    def set_up(salon_id: int) -> None:
        with db.transaction() as session:
            salon = session.get_one(Salon, salon_id)
            configure_provider(session, salon, provider="aliyun", sign_name=OTHER_SIGN)
            codes[salon_id] = salon.extend_code

    second = threading.Thread(target=set_up, args=(ids[1],))
    with db.transaction() as session:
        salon = session.get_one(Salon, ids[0])
        configure_provider(session, salon, provider="aliyun", sign_name=SIGN)
        codes[ids[0]] = salon.extend_code
        # The second salon starts while the first one's code is written but not committed: on
        # PostgreSQL it sees the code as free and waits on the unique index; SQLite makes it
        # wait for the write lock.
        second.start()
        _wait_until_blocked(db, second)
    second.join(timeout=30)

    assert sorted(code or "" for code in codes.values()) == ["01", "02"]
    shown = [json.loads(run(china_app, "salon", "show", str(i)).stdout)["extend_code"] for i in ids]
    assert shown == [codes[ids[0]], codes[ids[1]]]


def _wait_until_blocked(db: Database, thread: threading.Thread) -> None:
    if db.engine.dialect.name != "postgresql":
        thread.join(timeout=0.5)
        return
    waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
    for _ in range(300):
        with db.engine.connect() as connection:
            if connection.scalar(waiting):
                return
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--provider", "aliyun"], "needs its registered sign name"),
        (["--provider", "aliyun", "--sign-name", "【丽丽美发】"], "without 【】"),
        (["--provider", "aliyun", "--sign-name", "丽"], "2 to 12"),
        (["--provider", "aliyun", "--sign-name", SIGN, "--extend-code", "1a"], "digits"),
        (["--provider", "twilio"], "sender number"),
        (["--provider", "carrier-pigeon"], "carrier-pigeon"),
    ],
)
def test_provider_options_are_checked(china_app: Flask, args: list[str], complaint: str) -> None:
    refused = run(china_app, "salon", "create", "--name", "丽丽美发", *args)
    assert refused.exit_code == 2
    assert complaint in refused.output


def test_a_china_provider_without_credentials_is_a_clear_error_not_a_traceback(
    make_app: Any,
) -> None:
    bare = make_app(sms_provider="aliyun", sms_provider_instance=None)
    with bare.app_context():  # as `flask demo` runs it
        demo = run(bare, "demo")
    assert demo.exit_code == 1
    assert "SMS_PROVIDER=aliyun: Alibaba Cloud SMS needs ALIYUN_ACCESS_KEY_ID" in demo.output
    assert "Traceback" not in demo.output
    create = run(bare, "salon", "create", "--name", "丽丽美发", "--provider", "tencent",
                 "--sign-name", SIGN)  # fmt: skip
    assert create.exit_code == 2 and "TENCENT_SECRET_ID" in create.output
    # The rest of the service still runs, and says what is wrong.
    assert bare.test_client().get("/healthz").status_code == 200


def test_health_names_the_templates_a_salon_lacks(china_app: Flask) -> None:
    db: Database = china_app.extensions["db"]
    with db.transaction() as session:
        # A salon made before its English templates were approved (not through `salon create`).
        salon, _ = create_salon(
            session,
            name="Lotus",
            sender_number=None,
            timezone="Asia/Shanghai",
            locale="en",
            provider="tencent",
        )
        salon.sign_name = SIGN
        session.execute(
            delete(TemplateCode).where(
                TemplateCode.provider == "tencent",
                TemplateCode.locale == "en",
                TemplateCode.name == "help",
            )
        )
        salon_id = salon.id
    report = china_app.test_client().get("/healthz").get_json()
    assert report["status"] == "ok"
    assert report["salons_missing_template_codes"] == {str(salon_id): ["en/help"]}
