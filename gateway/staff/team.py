"""The salon's staff accounts: everyone sees the list; owners add, disable and reset."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from gateway import clock
from gateway.models import Salon
from gateway.services import ServiceError
from gateway.services.desk.accounts import (
    create_staff,
    end_sessions,
    reset_password,
    salon_staff,
    set_disabled,
    staff_member,
)
from gateway.staff import KEPT_FORMS, bp, db, t
from gateway.staff.refusals import flash_refusal


@bp.get("/team")
def team() -> str:
    return _team_page()


def _team_page(adding: Mapping[str, str] | None = None) -> str:
    """The salon's staff; ``adding``, the owner's new-member form as she left it."""
    with db().sessions() as s:
        return render_template(
            "staff/team.html",
            members=salon_staff(s, salon_id=g.salon.id),
            adding=adding or {},
            # The owner's new-member form goes with a change of language (``_adding_kept``).
            language_kept="add-staff" if g.staff.is_owner else None,
            language_next=url_for("staff.team"),
        )


def _adding_kept(page: str, typed: Mapping[str, str]) -> tuple[str, int] | None:
    """The staff page after a change of language, the new member's email, phone, name and
    owner tick as she typed them, nobody added. Never the password: a password is not written
    back into a page (typed again, as after any page load)."""
    if not g.staff.is_owner or page != url_for("staff.team"):
        return None
    return _team_page({name: typed.get(name, "") for name in ADDING_FIELDS}), 200


ADDING_FIELDS = ("email", "phone", "name", "is_owner")
KEPT_FORMS["add-staff"] = _adding_kept


def _owner_only() -> None:
    if not g.staff.is_owner:
        abort(403, t("owners_only"))


@bp.post("/team")
def add_member() -> Response:
    _owner_only()
    try:
        with db().transaction() as s:
            create_staff(
                s,
                salon=s.get_one(Salon, g.salon.id),
                email=request.form.get("email", ""),
                password=request.form.get("password", ""),
                name=request.form.get("name"),
                phone=request.form.get("phone"),
                is_owner=request.form.get("is_owner") == "1",
                now=clock.now(),
            )
    except ServiceError as exc:
        flash_refusal(exc)
    else:
        flash(t("saved"), "ok")
    return redirect(url_for("staff.team"))


@bp.post("/team/<int:staff_id>/<any(disable, enable, password, sessions):change>")
def change_member(staff_id: int, change: str) -> Response:
    _owner_only()
    try:
        with db().transaction() as s:
            member = staff_member(s, salon_id=g.salon.id, staff_id=staff_id)
            if member is None:
                abort(404)
            if change in ("password", "sessions"):
                if change == "password":
                    reset_password(member, request.form.get("password", ""))
                else:  # a lost phone, a shared tablet: signed out everywhere
                    end_sessions(member)
                if member.id == g.staff.id:  # stay signed in here; other sessions end
                    session["staff_v"] = member.session_version
            elif member.id == g.staff.id:
                raise ServiceError(
                    "you cannot disable yourself", field="staff", reason="cannot_disable_self"
                )
            else:
                set_disabled(member, disabled=change == "disable", now=clock.now())
    except ServiceError as exc:
        flash_refusal(exc)
    else:
        flash(t("saved"), "ok")
    return redirect(url_for("staff.team"))
