"""The offer form letters its rows as the text letters the times: previewed, the rows she filled
come back sorted as the text sorts them, from A, the empty ones after, so the letter beside a row
is the letter the customer reads and answers with. Sent, the customer's "A" moves her to the
time the form showed as A. A refused send's page, switched to another language, keeps the rows."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gateway.db import Database
from tests.integration.test_console import post, visible
from tests.integration.test_console_kept_inbox import change_requested
from tests.integration.test_console_kept_offer import FROM_B, SENT, TYPED
from tests.integration.test_console_refusals import front, refusals_shown  # noqa: F401
from tests.shown_forms import ShownForm, forms_of, language_switch
from tests.support import SalonHandle, reply, run_worker

pytestmark = pytest.mark.clock("2026-12-05T10:00:00+08:00")

EMPTY = ("", "", "")


def lettered(answer: object) -> dict[str, tuple[str, ...]]:
    """The offer form's rows as she sees them: day, time and stylist beside each letter."""
    form: ShownForm = forms_of(answer)["offer-slots"]
    return form.by_legend()


@pytest.mark.parametrize(
    ("typed", "shown", "text"),
    [
        # Row A left empty, the later time typed first: the earlier time is A.
        (
            FROM_B
            | {"day1": "2026-12-10", "time1": "16:00", "stylist1": "Mia"}
            | {"day2": "2026-12-08", "time2": "11:00", "stylist2": ""},
            {"A": ("2026-12-08", "11:00", ""), "B": ("2026-12-10", "16:00", "Mia"), "C": EMPTY},
            "A 12月8日 11:00，B 12月10日 16:00（Mia）。",
        ),
        # One time with two stylists: the text sorts them by name (her own, Lily, first).
        (
            TYPED
            | {"day0": "2026-12-09", "time0": "15:30", "stylist0": "Zoe"}
            | {"day1": "2026-12-09", "time1": "15:30", "stylist1": ""},
            {"A": ("2026-12-09", "15:30", ""), "B": ("2026-12-09", "15:30", "Zoe"), "C": EMPTY},
            "A 12月9日 15:30，B 12月9日 15:30（Zoe）。",
        ),
        # A stylist typed in a row with no time stays where the empty rows are.
        (
            TYPED
            | {"day0": "", "time0": "", "stylist0": "Zoe"}
            | {"day2": "2026-12-08", "time2": "09:30"},
            {
                "A": ("2026-12-08", "09:30", ""),
                "B": ("2026-12-09", "15:30", ""),
                "C": ("", "", "Zoe"),
            },
            "A 12月8日 09:30，B 12月9日 15:30。",
        ),
    ],
)
def test_a_preview_letters_the_rows_as_the_text_does_and_her_pick_is_that_row(
    app: Flask,
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    typed: dict[str, str],
    shown: dict[str, tuple[str, ...]],
    text: str,
) -> None:
    item = change_requested(front, salon, db)
    preview = front.get(f"{item}/offer", query_string=typed | {"preview": "1"})
    assert preview.status_code == 200
    assert lettered(preview) == shown
    page = visible(preview.get_data(as_text=True))
    assert "顾客将收到：" in page and text in page

    # Sent as previewed; the customer answers "A" and is moved to what the form showed as A.
    sending = forms_of(preview)["offer-slots"]
    assert sending.invalid == [] and sending.why == ""
    sent = post(front, f"{item}/offer", **{k: v for k, v in sending.values.items() if v})
    assert sent.status_code == 302
    run_worker(app)
    reply(front, salon, "A")
    moved = front.get("/api/v1/appointments/A-1", headers=salon.headers).get_json()
    day, at, _ = shown["A"]
    assert (moved["status"], moved["starts_at"]) == ("confirmed", f"{day}T{at}:00+08:00")


def test_the_proposed_rows_are_lettered_as_a_preview_leaves_them(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
) -> None:
    """Previewing rows already in the text's order moves none of them."""
    item = change_requested(front, salon, db)
    once = front.get(f"{item}/offer", query_string=FROM_B | {"preview": "1"})
    again = front.get(
        f"{item}/offer", query_string=forms_of(once)["offer-slots"].values | {"preview": "1"}
    )
    assert (
        lettered(once)
        == lettered(again)
        == {
            "A": ("2026-12-09", "15:30", ""),
            "B": ("2026-12-10", "16:00", "Mia"),
            "C": EMPTY,
        }
    )


@pytest.mark.parametrize(
    ("change", "why", "in_english"),
    [
        ({"day1": "2026-12-04"}, "时间 A 已经过去了", "Time A has already passed"),
        ({"time1": "25:00"}, "请检查时间 B", "Check time B"),
    ],
)
def test_switching_language_on_a_refused_send_keeps_the_rows(
    front: FlaskClient,  # noqa: F811
    salon: SalonHandle,
    db: Database,
    change: dict[str, str],
    why: str,
    in_english: str,
) -> None:
    item = change_requested(front, salon, db)
    refused = post(front, f"{item}/offer", **(SENT | change))
    assert refused.status_code == 422 and refusals_shown(front, refused) == [why]
    kept = forms_of(refused)["offer-slots"]

    # She picks English in the page's footer, which sends the rows along: the page comes back
    # in English, rows as they were.
    form_id, address = language_switch(refused, "en")
    assert form_id == "offer-slots"
    switched = post(front, address, **kept.values)
    assert switched.status_code == 302
    page = front.get(switched.location)
    form = forms_of(page)["offer-slots"]
    assert page.status_code == 200 and form.by_legend() == kept.by_legend()
    assert (form.why, form.invalid, form.focused) == (in_english, kept.invalid, kept.focused)
    words = visible(page.get_data(as_text=True))
    assert "Offer times" in words and why not in words
