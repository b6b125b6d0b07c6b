"""The console's taught replies: the phrases staff remembered from the inbox ("记住这句话"),
each with what it is read as, who taught it and when, and a button to forget it."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from gateway.services.desk.phrases import NotTeachable, forget_phrase, salon_phrases
from gateway.staff import bp, db, t


@bp.get("/phrases")
def phrases() -> str:
    with db().sessions() as s:
        return render_template("staff/phrases.html", phrases=salon_phrases(s, salon_id=g.salon.id))


@bp.post("/phrases/<int:phrase_id>/forget")
def forget(phrase_id: int) -> Response:
    """Forget one of the salon's phrases; another salon's id is not found."""
    with db().transaction() as s:
        if not forget_phrase(s, salon_id=g.salon.id, phrase_id=phrase_id):
            abort(404)
    flash(t("phrase_forgotten"), "ok")
    return redirect(url_for("staff.phrases"))


def flash_unteachable(refused: NotTeachable) -> None:
    """Why the reply was not remembered, in staff's language."""
    flash(t("unteachable_" + refused.unteachable.name.lower()), "error")
