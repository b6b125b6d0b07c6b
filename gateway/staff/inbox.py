"""The console's inbox: what needs a person, each with its thread, an answer box, "handled" and
the action its reason calls for (treat an unclear reply as confirm / change / cancel, and
remember it; move the appointment to a new time); a small JSON summary that the page polls so
new items appear without a reload."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import (
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from pydantic import ValidationError
from werkzeug.wrappers import Response

from gateway import clock
from gateway.api.schemas.requests import MoveTo, TreatAs
from gateway.domain.lifecycle import OPEN_STATUSES, Intent
from gateway.queries.inbox import inbox_item, inbox_page, newest_id, waiting_count
from gateway.queries.threads import customer_thread
from gateway.services import ServiceError
from gateway.services.desk.answers import answer_options
from gateway.services.desk.inbox import handle
from gateway.services.desk.inbox_actions import MOVABLE, TREATABLE, move_for_item, treat_as
from gateway.services.desk.phrases import NotTeachable
from gateway.staff import KEPT_FORMS, bp, db, page_id, safe_next, t
from gateway.staff.desk import MOVE_INPUTS, starts_at_from_form
from gateway.staff.pages import answer_box
from gateway.staff.phrases_page import flash_unteachable
from gateway.staff.refusals import FormError, KeptForm, flash_refusal, kept_form

PAGE = 50


def _items(waiting_only: bool) -> str:
    """The list's items as HTML, from the one partial the page itself includes: the poll
    replaces the list with exactly what a fresh load would show."""
    with db().sessions() as s:
        page = inbox_page(s, salon_id=g.salon.id, waiting_only=waiting_only, limit=PAGE)
        return render_template("staff/_inbox_items.html", items=page.items)


@bp.get("/inbox")
def inbox() -> str:
    waiting_only = request.args.get("show") != "all"
    with db().sessions() as s:
        newest = newest_id(s, salon_id=g.salon.id)
        page = inbox_page(s, salon_id=g.salon.id, waiting_only=waiting_only, limit=PAGE)
        # Rendered inside the session: an item's customer and message load lazily.
        return render_template(
            "staff/inbox.html",
            items=page.items,
            waiting_only=waiting_only,
            newest=newest,
        )


@bp.get("/inbox/summary.json")
def inbox_summary() -> Response:
    """How many wait and the newest item: the tab title and the list follow this."""
    waiting_only = request.args.get("show") != "all"
    with db().sessions() as s:
        body: dict[str, object] = {
            "waiting": waiting_count(s, salon_id=g.salon.id),
            "newest_id": newest_id(s, salon_id=g.salon.id),
        }
    if request.args.get("list"):
        body["html"] = _items(waiting_only)
    return jsonify(body)


@bp.get("/inbox/<int:item_id>")
def inbox_entry(item_id: int) -> tuple[str, int]:
    return item_page(item_id)


def item_page(
    item_id: int, *, refused: KeptForm | None = None, status: int = 200
) -> tuple[str, int]:
    """The item's page; with ``refused``, its move form the service refused, open as it was
    typed, answering at the item's own path (``page_path``: where the page's forms come back
    to, and where choosing a language goes)."""
    with db().sessions() as s:
        item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
        if item is None:
            abort(404)
        thread = (
            customer_thread(s, salon_id=g.salon.id, customer_id=item.customer_id)
            if item.customer_id is not None
            else ([item.message] if item.message else [])
        )
        appointment = item.appointment
        open_appointment = appointment is not None and appointment.status in OPEN_STATUSES
        waiting = item.handled_at is None
        answers = answer_options(s, g.salon, now=clock.now())
        page = render_template(
            "staff/inbox_item.html",
            page_path=url_for("staff.inbox_entry", item_id=item_id),
            page_endpoint="staff.inbox_entry",
            language_kept=answer_box(item.customer, answers),
            language_next=url_for("staff.inbox_entry", item_id=item_id),
            refused=refused,
            item=item,
            can_treat=waiting and open_appointment and item.reason in TREATABLE,
            can_move=waiting and open_appointment and item.reason in MOVABLE,
            thread=thread,
            customer=item.customer,
            appointment=item.appointment,
            answers=answers,
        )
    return page, status


@bp.post("/inbox/<int:item_id>/handle")
def handle_item(item_id: int) -> Response:
    with db().transaction() as s:
        item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
        if item is None:
            abort(404)
        handle(s, item, by=g.staff.email, now=clock.now())
    flash(t("handled"), "ok")
    return redirect(safe_next(request.form.get("next"), url_for("staff.inbox")))


@bp.post("/inbox/<int:item_id>/treat-as")
def treat_item(item_id: int) -> Response:
    """One tap: the unclear reply read as confirm, change or cancel, by this staff member; with
    "remember" ticked, the same words are read so from now on."""
    back = url_for("staff.inbox_entry", item_id=item_id)
    remember = request.form.get("remember") == "1"
    try:
        intent = Intent(TreatAs.model_validate({"intent": request.form.get("intent")}).intent)
        with db().transaction() as s:
            item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
            if item is None:
                abort(404)
            treat_as(s, item, intent, by=g.staff.email, now=clock.now(), remember=remember)
    except NotTeachable as refused:
        flash_unteachable(refused)
        return redirect(back)
    except (FormError, ValidationError, ServiceError) as exc:
        flash_refusal(exc)
        return redirect(back)
    flash(t("treated_" + intent.value), "ok")
    if remember:
        flash(t("phrase_remembered"), "ok")
    return redirect(back)


@bp.post("/inbox/<int:item_id>/move")
def move_item(item_id: int) -> Response | tuple[str, int]:
    """Move the item's appointment to a date and time (and stylist); the customer is texted."""
    back = url_for("staff.inbox_entry", item_id=item_id)
    try:
        fields = {"starts_at": starts_at_from_form(g.salon)}
        if request.form.get("stylist", "").strip():
            fields["stylist"] = request.form["stylist"]
        asked = MoveTo.model_validate(fields)
        with db().transaction() as s:
            item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
            if item is None:
                abort(404)
            move_for_item(
                s,
                item,
                starts_at=asked.starts_at,
                stylist=asked.stylist,
                by=g.staff.email,
                now=clock.now(),
            )
    except (FormError, ValidationError, ServiceError) as exc:
        # Back as typed, beside what to correct (422), while the customer waits for an answer.
        return item_page(item_id, refused=kept_form(exc, "move-to", MOVE_INPUTS), status=422)
    flash(t("moved"), "ok")
    return redirect(back)


def _item_kept(
    form: str, fields: tuple[str, ...]
) -> Callable[[str, Mapping[str, str]], tuple[str, int] | None]:
    """How the item's page comes back after a change of language with ``form`` (its move form,
    its "remember" tick) as she left it: only as the item's own page shows it (another salon's
    item: 404); nothing is moved or treated by it."""

    def shown(page: str, typed: Mapping[str, str]) -> tuple[str, int] | None:
        item_id = page_id(page, "staff.inbox_entry", "item_id")
        if item_id is None:
            return None
        values = {name: typed.get(name, "") for name in fields}
        return item_page(item_id, refused=KeptForm(form, values, (), ""))

    return shown


KEPT_FORMS["move-to-form"] = _item_kept("move-to", ("day", "time", "stylist"))
KEPT_FORMS["treat-as"] = _item_kept("treat-as", ("remember",))
