"""The console's inbox: what needs a person, each with its thread, an answer box and
"handled"; a small JSON summary that the page polls so new items appear without a reload."""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from gateway import clock
from gateway.queries.inbox import inbox_item, inbox_page, newest_id, waiting_count
from gateway.queries.threads import customer_thread
from gateway.services.desk.answers import answer_options
from gateway.services.desk.inbox import handle
from gateway.staff import bp, db, safe_next, t

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
def inbox_entry(item_id: int) -> str:
    with db().sessions() as s:
        item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
        if item is None:
            abort(404)
        thread = (
            customer_thread(s, salon_id=g.salon.id, customer_id=item.customer_id)
            if item.customer_id is not None
            else ([item.message] if item.message else [])
        )
        return render_template(
            "staff/inbox_item.html",
            item=item,
            thread=thread,
            customer=item.customer,
            appointment=item.appointment,
            answers=answer_options(s, g.salon, now=clock.now()),
        )


@bp.post("/inbox/<int:item_id>/handle")
def handle_item(item_id: int) -> Response:
    with db().transaction() as s:
        item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
        if item is None:
            abort(404)
        handle(s, item, by=g.staff.email, now=clock.now())
    flash(t("handled"), "ok")
    return redirect(safe_next(request.form.get("next"), url_for("staff.inbox")))
