"""What a salon's engineer does on the command line to put a salon on Alibaba Cloud or Tencent
Cloud: export the templates, record their codes, create the salon — and what is refused."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, text

from gateway.db import Database
from gateway.models import Salon, TemplateCode
from gateway.services.salons.accounts import create_salon
from gateway.services.salons.providers import configure_provider
from tests.integration.conftest import OTHER_SIGN, SIGN, china_salon


def run(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=list(args))


def test_export_prints_each_template_in_the_providers_syntax(app: Flask) -> None:
    aliyun = run(app, "templates", "export", "--provider", "aliyun", "--locale", "zh-CN")
    assert aliyun.exit_code == 0, aliyun.output
    assert "# aliyun zh-CN/confirmation_request (required)" in aliyun.output
    assert "您预约了 ${appointment}（预约号 ${ref}）。确认请回复“1”或“确认”" in aliyun.output
    tencent = run(app, "templates", "export", "--provider", "tencent", "--locale", "zh-CN")
    assert "例如“确认 {2}”、“变更 {3}”或“取消 {4}”。" in tencent.output
    assert "【" not in aliyun.output + tencent.output


def test_export_as_the_readme_prints_it_covers_every_provider_and_locale(app: Flask) -> None:
    exported = run(app, "templates", "export")  # no --provider, no --locale
    assert exported.exit_code == 0, exported.output
    for provider in ("aliyun", "tencent"):
        for locale in ("zh-CN", "zh-TW", "en"):
            assert f"# {provider} {locale}/confirmation_request (required)" in exported.output
            assert f"# {provider} {locale}/offer_2 (optional)" in exported.output


def test_export_gives_each_variable_the_attribute_the_form_asks_for(app: Flask) -> None:
    exported = run(app, "templates", "export", "--provider", "aliyun", "--locale", "zh-CN")
    # help.aliyun.com document 2806243: TemplateRule codes of a notification's variables.
    assert "${when} when: 时间 (time), up to 35 characters, e.g. 5月3日 14:00" in exported.output
    assert "${ref} ref: 其他号码 (other_number2), up to 35 characters" in exported.output
    assert "${phone} phone: 电话号码 (phone_number2)" in exported.output
    tencent = run(app, "templates", "export", "--provider", "tencent", "--locale", "zh-CN")
    assert "{1} phone: 电话号码, length as the form says" in tencent.output


def test_export_for_a_personal_tencent_account_shows_values_within_12(make_app: Any) -> None:
    personal = make_app(tencent_sms_personal_account=True)
    exported = run(personal, "templates", "export", "--provider", "tencent", "--locale", "zh-CN")
    assert "{1} appointment: 其他, up to 12 characters, e.g. 5月3日 14:00\n" in exported.output
    assert "示例：您预约了 5月3日 14:00（预约号 K7P3）。" in exported.output


def test_export_as_csv_marks_required_templates_and_writes_a_use_case(app: Flask) -> None:
    exported = run(app, "templates", "export", "--provider", "tencent", "--format", "csv")
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert len(rows) == 3 * 24  # three locales, every submitted template (none retired)
    assert "answer_new_time" not in {r["name"] for r in rows}
    by_name = {(r["locale"], r["name"]): r for r in rows}
    request = by_name[("zh-CN", "confirmation_request")]
    assert request["required"] == "required"
    assert request["variables"] == "{1}=其他; {2}=其他号码"
    # The use case ends with the whole text as a customer reads it, every value filled in.
    assert request["use_case"].endswith(
        "示例：您预约了 5月3日 14:00 剪发，由Lily为您服务（预约号 K7P3）。确认请回复“1”或“确认”，"
        "改期请回复“2”或“变更”，取消请回复“3”或“取消”。"
    )
    assert by_name[("en", "answer_call_us")]["required"] == "optional"
    assert by_name[("zh-CN", "answer_place")]["required"] == "optional"
    # No salon is refused for lacking the survey's codes: it sends no survey until then.
    survey = by_name[("zh-CN", "survey")]
    assert survey["required"] == "optional"
    assert survey["use_case"].endswith(
        "示例：感谢光临！请为今天Lily的服务打分：回复1-5（5=非常满意），也欢迎直接回复建议。"
    )
    assert by_name[("zh-TW", "survey_thanks")]["required"] == "optional"
    assert all("{" not in r["use_case"] for r in rows)


def test_the_campaign_offer_is_exported_as_each_providers_marketing_template(app: Flask) -> None:
    aliyun = run(app, "templates", "export", "--provider", "aliyun", "--locale", "zh-CN")
    assert aliyun.exit_code == 0, aliyun.output
    offer = aliyun.output[aliyun.output.index("# aliyun zh-CN/campaign_offer (optional)") :]
    # help.aliyun.com document 108088: a promotional template ends with 拒收请回复R;
    # CreateSmsTemplate's TemplateType 2 is 推广短信 (alibabacloud-dysmsapi20170525 4.6.0).
    assert offer.startswith(
        "# aliyun zh-CN/campaign_offer (optional)\n"
        "尊敬的会员，${offer}，有效期至${valid_until}。拒收请回复R\n"
        "  submit as 推广短信 (TemplateType 2)\n"
        "  ${offer} offer: 其他 (others), up to 35 characters, e.g. 生日当月烫染8折\n"
        "  ${valid_until} valid_until: 其他 (others), up to 35 characters, e.g. 5月31日\n"
    )
    assert "示例：尊敬的会员，生日当月烫染8折，有效期至5月31日。拒收请回复R" in offer
    assert "submit as 短信通知 (TemplateType 1)" in aliyun.output  # the notifications
    # cloud.tencent.com/document/product/382/13301: marketing templates carry 拒收请回复R;
    # AddSmsTemplate's SmsType 1 is 营销短信 (tencentcloud-sdk-python-sms 3.1.153).
    rows = csv.DictReader(
        io.StringIO(
            run(app, "templates", "export", "--provider", "tencent", "--format", "csv").output
        )
    )
    by_name = {(r["locale"], r["name"]): r for r in rows}
    tencent = by_name[("en", "campaign_offer")]
    assert tencent["content"] == "Dear member, {1}, valid until {2}. 拒收请回复R"
    assert (tencent["required"], tencent["template_type"]) == ("optional", "营销短信 (SmsType 1)")
    assert by_name[("en", "reminder")]["template_type"] == "通知短信 (SmsType 2)"


def test_export_as_json_carries_the_same_fields(app: Flask) -> None:
    exported = run(app, "templates", "export", "--provider", "aliyun", "--locale", "en",
                   "--format", "json")  # fmt: skip
    templates = json.loads(exported.output)
    call_us = next(t for t in templates if t["name"] == "answer_call_us")
    assert call_us["required"] is False
    assert call_us["variables"] == [
        {"name": "phone", "placeholder": "${phone}", "attribute": "电话号码",
         "attribute_code": "phone_number2", "max_length": 35, "example": "+852 2345 6789"}
    ]  # fmt: skip
    assert call_us["use_case"].endswith(
        "示例：If you have any questions, please call us on +852 2345 6789."
    )


def test_codes_says_so_when_none_are_recorded(app: Flask) -> None:
    listed = run(app, "templates", "codes")
    assert listed.exit_code == 0
    assert "no template codes recorded yet" in listed.output


def test_import_codes_records_the_filled_in_export(app: Flask, tmp_path: Path) -> None:
    exported = run(app, "templates", "export", "--provider", "aliyun", "--locale", "zh-CN",
                   "--format", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    rows[0]["code"], rows[1]["code"] = "SMS_460700001", "SMS_460700002"
    rows[2]["code"], rows[2]["international"] = "SMS_460700003", "1"
    path = tmp_path / "codes.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    imported = run(app, "templates", "import-codes", str(path))
    assert imported.exit_code == 0, imported.output
    assert "recorded 3 template codes" in imported.output
    listed = run(app, "templates", "codes").output.splitlines()
    assert listed == [
        "aliyun zh-CN/change_received international: SMS_460700003",
        "aliyun zh-CN/confirmation_request: SMS_460700001",
        "aliyun zh-CN/confirmed: SMS_460700002",
    ]


def test_import_codes_names_the_bad_line_and_records_nothing(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        "provider,locale,name,code\n"
        "tencent,zh-CN,confirmed,1860001\n"
        "tencent,zh-CN,confirmd,1860002\n",
        encoding="utf-8",
    )
    refused = run(app, "templates", "import-codes", str(path))
    assert refused.exit_code == 2
    assert "line 3: no template named 'confirmd'" in refused.output
    assert "no template codes recorded yet" in run(app, "templates", "codes").output
    path.write_text("provider,name,code\ntencent,confirmed,1\n", encoding="utf-8")
    refused = run(app, "templates", "import-codes", str(path))
    assert refused.exit_code == 2 and "missing: locale" in refused.output


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
    create = run(bare, "salon", "create", "--name", "丽丽美发", "--provider", "tencent",
                 "--sign-name", SIGN)  # fmt: skip
    assert create.exit_code == 2 and "TENCENT_SECRET_ID" in create.output
    assert "Traceback" not in create.output
    # The rest of the service still runs, and says what is wrong.
    assert bare.test_client().get("/healthz").status_code == 200


def test_demo_without_an_account_puts_the_salon_on_the_local_stand_in(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_file = tmp_path / "demo_salon.json"
    monkeypatch.setattr("gateway.local_run.DEMO_FILE", demo_file)
    monkeypatch.setattr("gateway.cli.DEMO_FILE", demo_file)
    bare = make_app(sms_provider="tencent", sms_provider_instance=None)
    with bare.app_context():  # as `flask demo` runs it
        demo = run(bare, "demo")
        assert demo.exit_code == 0, demo.output
        assert "make reply PROVIDER=tencent FROM=+8613800138000 BODY=确认" in demo.output
        salon_id = json.loads(demo_file.read_text())["id"]
        salon = json.loads(run(bare, "salon", "show", str(salon_id)).output)
        assert (salon["provider"], salon["sign_name"]) == ("tencent", "丝绒发型")
        codes = run(bare, "templates", "codes").output
        assert "tencent zh-CN/confirmation_request: LOCAL_zh-CN_confirmation_request" in codes
        again = run(bare, "demo")  # a second run keeps the salon and its codes
        assert again.exit_code == 0, again.output
        assert f"(id {salon_id})" in again.output
        assert run(bare, "templates", "codes").output == codes


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
