"""A refused offer of new times keeps the times the receptionist typed: refused at the send
step (the customer opted out, the appointment was cancelled while she previewed, a row the
form cannot read), the offer page comes back (422, at the send's own address) with every row as
she sent it, the row at fault marked and focused, why said above the rows in her language, and
no send button until she previews again. Nothing is sent. Once every row reads as a time, the
rows come back in the order the text would letter them (the filled ones sorted, empty ones after)
and a row at fault is named by the letter it then has, in her language; a row that is not a time
leaves them as typed, named by its letter there. The page's language switch keeps the rows."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import post, visible
from tests.integration.test_console_kept_answers import texts
from tests.integration.test_console_kept_inbox import change_requested
from tests.integration.test_console_refusals import front, refusals_shown  # noqa: F401
from tests.shown_forms import forms_of
from tests.support import SalonHandle, reply

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

#: Two times she typed (nothing is published, so none is proposed), the third row left empty.
TYPED = {
    "day0": "2026-12-08",
    "time0": "11:00",
    "stylist0": "Mia",
    "day1": "2026-12-09",
    "time1": "15:30",
    "stylist1": "",
    "day2": "",
    "time2": "",
    "stylist2": "",
}
SENT = {name: value for name, value in TYPED.items() if value}  # what the send form holds


def previewed(front: FlaskClient, item: str) -> None:  # noqa: F811
    """She previews her two times: the text is shown, with its send button."""
    page = front.get(f"{item}/offer", query_string=TYPED | {"preview": "1"})
    assert page.status_code == 200 and "顾客将收到：" in visible(page.get_data(as_text=True))
    assert 'id="send-offer"' in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("meanwhile", "why"),
    [
        ("opt-out", "这位顾客已退订短信，不能再发短信；请打电话联系"),
        ("cancel", "这个预约的状态是“取消”，不能再发新的时间给顾客选"),
    ],
)
def test_a_send_refused_keeps_the_times_she_typed(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    meanwhile: str,
    why: str,
) -> None:
    item = change_requested(front, salon, db)
    previewed(front, item)
    if meanwhile == "opt-out":
        reply(front, salon, "退订")
    else:
        cancelled = front.patch(
            "/api/v1/appointments/A-1", json={"status": "cancelled"}, headers=salon.headers
        )
        assert cancelled.status_code == 200
    before = texts(db)
    answer = post(front, f"{item}/offer", **SENT)
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    rows = forms_of(answer)["offer-slots"]
    assert rows.values == TYPED  # every row as she typed it, the empty one empty
    assert (rows.invalid, rows.focused, rows.why) == ([], None, why)  # no row of hers at fault
    page = answer.get_data(as_text=True)
    assert "顾客将收到：" not in visible(page) and 'id="send-offer"' not in page
    assert texts(db) == before


def rows(*filled: tuple[str, str, str]) -> dict[str, str]:
    """The form's fields holding ``filled`` (day, time, stylist) from row A, the rest empty."""
    held = [*filled] + [("", "", "")] * (3 - len(filled))
    return {
        f"{part}{i}": value
        for i, row in enumerate(held)
        for part, value in zip(("day", "time", "stylist"), row, strict=True)
    }


def marked(letter: str) -> tuple[list[str], str]:
    """The inputs marked wrong, and the one focused, of the row lettered ``letter``."""
    i = "ABC".index(letter)
    return [f"day{i}", f"time{i}"], f"day{i}"


#: Her first time (row A) as sent.
MIA_8TH = ("2026-12-08", "11:00", "Mia")


@pytest.mark.parametrize(
    ("change", "shown", "letter", "why"),
    [
        # No clock has it: the form's own refusal, the rows as she sent them.
        ({"time1": "25:00"}, TYPED | {"time1": "25:00"}, "B", "请检查时间 B"),
        # The service's: her second time has passed, so it sorts first: row A now.
        (
            {"day1": "2026-12-04"},
            rows(("2026-12-04", "15:30", ""), MIA_8TH),
            "A",
            "时间 A 已经过去了",
        ),
        (
            {"day1": "2026-12-08", "time1": "11:00", "stylist1": "Mia"},
            rows(MIA_8TH, MIA_8TH),
            "B",
            "时间 B 和前面的重复了",
        ),
    ],
)
def test_a_row_refused_at_the_send_step_is_kept_marked(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    change: dict[str, str],
    shown: dict[str, str],
    letter: str,
    why: str,
) -> None:
    item = change_requested(front, salon, db)
    before = texts(db)
    answer = post(front, f"{item}/offer", **(SENT | change))
    assert answer.status_code == 422 and refusals_shown(front, answer) == [why]
    form = forms_of(answer)["offer-slots"]
    assert form.values == shown
    assert (form.invalid, form.focused, form.why) == (*marked(letter), why)
    assert texts(db) == before


def test_the_kept_times_previewed_again_are_sent(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    item = change_requested(front, salon, db)
    refused = forms_of(post(front, f"{item}/offer", **(SENT | {"day1": "2026-12-04"})))
    # Corrected where it was kept (row A now, the past time sorted first), previewed (the
    # form's own GET, sent by its preview button) and sent as previewed.
    corrected = refused["offer-slots"].values | {"day0": "2026-12-10", "preview": "1"}
    preview = front.get(f"{item}/offer", query_string=corrected)
    assert preview.status_code == 200 and forms_of(preview)["offer-slots"].invalid == []
    text = visible(preview.get_data(as_text=True))
    assert "A 12月8日 11:00（Mia），B 12月10日 15:30。" in text
    sent = post(front, f"{item}/offer", **(SENT | {"day1": "2026-12-10"}))
    assert sent.status_code == 302 and sent.location.endswith(item)
    assert "已发送可选时间" in visible(front.get(sent.location).get_data(as_text=True))


#: Row A left empty, her two times in rows B and C: the service is given two slots, the second
#: of them in row C.
FROM_B = TYPED | {
    "day0": "",
    "time0": "",
    "stylist0": "",
    "day2": "2026-12-10",
    "time2": "16:00",
    "stylist2": "Mia",
}


ROW_B = ("2026-12-09", "15:30", "")


@pytest.mark.parametrize(
    ("lang", "change", "shown", "letter", "why"),
    [
        # The service's: row C's time has passed, so it sorts first and comes back as row A.
        (
            "zh-CN",
            {"day2": "2026-12-04"},
            rows(("2026-12-04", "16:00", "Mia"), ROW_B),
            "A",
            "时间 A 已经过去了",
        ),
        ("zh-TW", {"day2": "2026-12-04"}, None, "A", "時間 A 已經過了"),
        ("en", {"day2": "2026-12-04"}, None, "A", "Time A has already passed"),
        # Row C's time is the later one: it comes back as row B, row C empty.
        (
            "zh-CN",
            {"day2": "2027-03-10"},
            rows(ROW_B, ("2027-03-10", "16:00", "Mia")),
            "B",
            "时间 B 太远了：只能选 14 天以内",
        ),
        (
            "en",
            {"day2": "2026-12-09", "time2": "15:30", "stylist2": ""},
            rows(ROW_B, ROW_B),
            "B",
            "Time B is the same as one before it",
        ),
        # The form's own: a row that is not a time leaves every row where she typed it.
        ("zh-TW", {"time2": "25:00"}, FROM_B | {"time2": "25:00"}, "C", "請檢查時間 C"),
        ("en", {"time2": "25:00"}, FROM_B | {"time2": "25:00"}, "C", "Check time C"),
    ],
)
@pytest.mark.parametrize("step", ["preview", "send"])
def test_a_row_after_an_empty_one_is_named_by_the_letter_it_comes_back_with(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    lang: str,
    change: dict[str, str],
    shown: dict[str, str] | None,
    letter: str,
    why: str,
    step: str,
) -> None:
    item = change_requested(front, salon, db)
    post(front, "/staff/language", lang=lang, next=f"{item}/offer")
    typed = FROM_B | change
    if step == "preview":
        answer = front.get(f"{item}/offer", query_string=typed | {"preview": "1"})
    else:
        answer = post(front, f"{item}/offer", **{k: v for k, v in typed.items() if v})
    form = forms_of(answer)["offer-slots"]
    if shown is not None:
        assert form.values == shown
    # The row named is the one marked and focused, and the words above the rows name it.
    assert (form.invalid, form.focused, form.why) == (*marked(letter), why)
    assert visible(answer.get_data(as_text=True)).count(why) == 1
