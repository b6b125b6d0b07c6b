"""Staff answer a customer from the console: in their own words, or with an answer template
filled in where the salon's provider sends approved templates only (``services.desk.answers``).

The answer box is on the customer's page and on an inbox item's. A refused answer brings back
the page it was sent from with the box as it was typed, the field at fault marked and why beside
it (422), so a long answer is corrected, not typed again; a sent one goes back to that page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from gateway import clock
from gateway.domain.answers import ANSWER_FIELDS, is_answer_template
from gateway.domain.texts import TemplateName
from gateway.queries.inbox import inbox_item
from gateway.queries.threads import customer_by_id
from gateway.services import ServiceError
from gateway.services.desk.answers import answer_customer, answer_with_template
from gateway.staff import KEPT_FORMS, bp, db, safe_next, t
from gateway.staff.inbox import item_page
from gateway.staff.pages import customer_page
from gateway.staff.refusals import KeptForm, kept_form

#: The box for staff's own words: the API's ``body`` is its text area.
BODY_INPUTS: Final[Mapping[str, tuple[str, ...]]] = {"body": ("body",)}


def template_inputs(template: str) -> dict[str, tuple[str, ...]]:
    """An answer template's form: each field the API calls ``values.<field>`` is typed in the
    input ``value.<field>``; a template that is none has no inputs."""
    if not is_answer_template(template):
        return {}
    fields = ANSWER_FIELDS[TemplateName(template)]
    return {f"values.{field.name}": (f"value.{field.name}",) for field in fields}


@bp.post("/customers/<int:customer_id>/messages")
def answer(customer_id: int) -> Response | tuple[str, int]:
    """Staff's own words (``body``), or an answer template (``template``) with its fields as
    ``value.<field>``, where the salon's provider sends approved templates only."""
    back = safe_next(request.form.get("next"), url_for("staff.customer", customer_id=customer_id))
    template = request.form.get("template")
    try:
        with db().transaction() as s:
            found = customer_by_id(s, salon_id=g.salon.id, customer_id=customer_id)
            if found is None:
                abort(404)
            if template is not None:
                values = {
                    key.removeprefix("value."): value
                    for key, value in request.form.items()
                    if key.startswith("value.")
                }
                answer_with_template(
                    s, customer=found, template=template, values=values, now=clock.now()
                )
            else:
                # A text area's lines come as CRLF (the HTML form encoding); a text's line break
                # is one character, as the box counted it (its maxlength) and as the API reads.
                body = request.form.get("body", "").replace("\r\n", "\n")
                answer_customer(s, customer=found, body=body, now=clock.now())
    except ServiceError as exc:
        if template is not None:
            kept = kept_form(exc, f"answer-{template}", template_inputs(template))
        else:
            kept = kept_form(exc, "answer", BODY_INPUTS)
        item_id = _item_answered_from(back, customer_id)
        if item_id is not None:
            return item_page(item_id, refused=kept, status=422)
        return customer_page(customer_id, refused=kept, status=422)
    flash(t("queued"), "ok")
    return redirect(back)


def _answer_kept(page: str, typed: Mapping[str, str]) -> tuple[str, int] | None:
    """The page the answer box was on (an inbox item's, a customer's) after a change of
    language, the box as she wrote it; None when she wrote nothing in it."""
    body = typed.get("body", "")
    if not body.strip():
        return None
    kept = KeptForm("answer", {"body": body}, (), "", focus="body")  # below the fold on a phone
    try:
        endpoint, args = current_app.url_map.bind("").match(urlsplit(page).path, method="GET")
    except HTTPException:
        return None
    if endpoint == "staff.inbox_entry":
        return item_page(int(args["item_id"]), refused=kept)
    if endpoint == "staff.customer":
        return customer_page(int(args["customer_id"]), refused=kept)
    return None


KEPT_FORMS["answer"] = _answer_kept


def _item_answered_from(back: str, customer_id: int) -> int | None:
    """The inbox item whose page the answer was sent from (its ``next``), when it is one of
    this customer's; None for the customer's own page (or anything else)."""
    try:
        endpoint, args = current_app.url_map.bind("").match(urlsplit(back).path, method="GET")
    except HTTPException:
        return None
    if endpoint != "staff.inbox_entry":
        return None
    with db().sessions() as s:
        item = inbox_item(s, salon_id=g.salon.id, item_id=int(args["item_id"]))
        return item.id if item is not None and item.customer_id == customer_id else None
