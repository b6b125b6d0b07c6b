"""Refused consent comes back as the receptionist filled it in: the customer's page answered
422 with the method she chose and the evidence she typed still in the form, the field at fault
marked and focused, why beside it in the flash's words. Recorded, the page is sent on (302)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import post, visible
from tests.integration.test_console_kept_answers import customer_id, tab_shown
from tests.integration.test_console_refusals import front, refusals_shown  # noqa: F401
from tests.shown_forms import forms_of
from tests.support import SalonHandle, book

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

API = "/api/v1/customers/13800138000/export"
METHODS = {"in_store": "店内口头同意", "paper_form": "纸质表格"}
STAFF_METHOD = "请检查“同意方式”：前台只能记录店内口头同意或纸质表格，请选一种"


@pytest.mark.parametrize(
    ("typed", "at_fault", "why"),
    [
        # The service's refusal, the request model's (too long, a mark that reorders text),
        # the form's own (a method staff cannot witness).
        (
            {"method": "paper_form", "evidence": "  "},
            ["evidence"],
            "请检查“凭据”：记录同意需要填写凭据",
        ),
        (
            {"method": "in_store", "evidence": "登记表" * 167},
            ["evidence"],
            "请检查“凭据”：填写的内容不符合要求",
        ),
        (
            {"method": "paper_form", "evidence": "表 No.7\u202e"},
            ["evidence"],
            "请检查“凭据”：填写的内容不符合要求",
        ),
        ({"method": "online_form", "evidence": "前台"}, ["method"], STAFF_METHOD),
        ({"method": "", "evidence": "前台"}, ["method"], STAFF_METHOD),
    ],
)
def test_refused_consent_comes_back_as_filled_in_with_the_field_at_fault_marked(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    typed: dict[str, str],
    at_fault: list[str],
    why: str,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    answer = post(front, f"{page}/consent", marketing="yes", **typed)
    assert answer.status_code == 422
    assert refusals_shown(front, answer) == [why]
    consent = forms_of(answer)["consent-form"]
    assert (consent.invalid, consent.focused, consent.why) == (at_fault, at_fault[0], why)
    if at_fault != ["method"]:
        assert consent.values == typed
        assert consent.shown == {"method": METHODS[typed["method"]]}  # still what she chose
    else:  # a method the form does not offer: none of its own is shown as chosen
        assert consent.values == {"method": "", "evidence": typed["evidence"]}
        assert consent.shown == {"method": "请选择…"}
    assert "未同意营销短信" in visible(answer.get_data(as_text=True))
    assert tab_shown(answer) == "/staff/customers"
    assert front.get(API, headers=salon.headers).get_json()["consent_history"] == []


@pytest.mark.parametrize(("lang", "why"), [("en", "Check “Evidence”"), ("zh-TW", "請檢查「憑據」")])
def test_refused_consent_is_explained_in_her_language(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    lang: str,
    why: str,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    post(front, "/staff/language", lang=lang, next=page)
    answer = post(front, f"{page}/consent", marketing="yes", method="paper_form", evidence="")
    assert answer.status_code == 422
    [shown] = refusals_shown(front, answer)
    assert shown.startswith(why) and forms_of(answer)["consent-form"].why == shown


def test_the_kept_consent_corrected_is_recorded_and_the_page_sent_on(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    book(front, salon, starts_at="2026-12-07T15:00:00+08:00")
    page = f"/staff/customers/{customer_id(db)}"
    refused = post(front, f"{page}/consent", marketing="yes", method="paper_form", evidence="")
    # Sent again as the browser sends the kept form, with its own token, once corrected.
    kept = forms_of(refused)["consent-form"]
    answer = front.post(f"{page}/consent", data=kept.hidden | kept.values | {"evidence": "No.7"})
    assert answer.status_code == 302 and answer.location.endswith(page)
    shown = front.get(answer.location)
    assert "已记录同意" in visible(shown.get_data(as_text=True))
    assert forms_of(shown)["consent-form"].invalid == []
    [change] = front.get(API, headers=salon.headers).get_json()["consent_history"]
    assert (change["method"], change["evidence"]) == ("paper_form", "No.7")
