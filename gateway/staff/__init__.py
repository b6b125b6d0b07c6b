"""The staff console (/staff/): server-rendered pages for the salon's front desk.

Every page and action needs a signed-in staff member and reads only their salon: another
salon's ids are simply not found (404). Every POST carries the session's CSRF token. Pages call
the same services and read models as the API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import generate_csrf, validate_csrf
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response
from wtforms.validators import ValidationError

from gateway.db import Database
from gateway.domain.bidi import strip_bidi_controls
from gateway.models import Salon, Staff
from gateway.queries.inbox import waiting_count
from gateway.staff import setup
from gateway.staff.i18n import DEFAULT_LOCALE, LOCALE_NAMES, LOCALES, translate

bp = Blueprint(
    "staff",
    __name__,
    url_prefix="/staff",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

#: Pages a visitor who has not signed in may see.
OPEN_ENDPOINTS = frozenset(
    # Signing out works with a session that already ended elsewhere: it ends nothing more.
    {
        "staff.sign_in",
        "staff.sign_out",
        "staff.static",
        "staff.choose_language",
        "staff.choose_language_signing_in",
    }
)


#: POST forms a change of language takes along (``language_kept``), by their id: how their page
#: is shown again, for the path it was at (``next``), with the form as typed (None: nothing
#: typed in it, the page is shown at its own address).
KEPT_FORMS: dict[str, Callable[[str, Mapping[str, str]], tuple[str, int] | None]] = {}


def init_app(app: Flask) -> None:
    setup.init_app(app)
    app.register_blueprint(bp)


def db() -> Database:
    database: Database = current_app.extensions["db"]
    return database


def locale() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def t(key: str, **values: object) -> str:
    return translate(locale(), key, **values)


def safe_next(target: str | None, default: str) -> str:
    """Only a path of this console: a form's "next" never sends anyone elsewhere."""
    if target and target.startswith("/staff/") and not urlsplit(target).netloc:
        return target
    return default


def page_id(page: str, endpoint: str, name: str) -> int | None:
    """The id ``name`` of the console page at ``page`` (a path) when it is ``endpoint``'s: where
    a form a change of language took along was; None for any other page."""
    try:
        found, args = current_app.url_map.bind("").match(urlsplit(page).path, method="GET")
    except HTTPException:
        return None
    return int(args[name]) if found == endpoint else None


@bp.before_request
def _signed_in_with_token() -> Response | None:
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            return _page_error(400, t("form_expired"))
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    staff_id, version = session.get("staff_id"), session.get("staff_v")
    staff = None
    if isinstance(staff_id, int):
        with db().sessions() as s:
            staff = s.get(Staff, staff_id)
            salon = s.get(Salon, staff.salon_id) if staff is not None else None
            # Read here, once: a page renders inside its own session, and SQLite takes a
            # lock per session.
            g.waiting = waiting_count(s, salon_id=staff.salon_id) if staff is not None else 0
    if staff is None or staff.disabled_at is not None or staff.session_version != version:
        session.pop("staff_id", None)
        if request.method != "GET" or request.path.endswith(".json"):
            return _page_error(401, t("sign_in"))
        return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")))
    g.staff, g.salon = staff, salon
    return None


def _page_error(status: int, message: str) -> Response:
    response = current_app.make_response(
        (render_template("staff/error.html", message=message, status=status), status)
    )
    return response


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    message = t("not_found") if status == 404 else (exc.description or exc.name)
    return _page_error(status, message)


@bp.app_template_global("t")
def _t(key: str, **values: object) -> str:
    return t(key, **values)


@bp.app_template_filter("bdi")
def _isolated(value: object) -> Markup:
    """Text from a CRM or a customer, isolated from what surrounds it: a bidirectional control
    stored before they were refused reorders only itself, not the number beside it."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>{}</bdi>").format(value)


@bp.app_template_filter("plain")
def _without_bidi_controls(value: object) -> str:
    """For a page title, where no element can isolate anything."""
    return strip_bidi_controls(str(value))


@bp.app_template_global("csrf_token")
def _csrf_token() -> str:
    token: str = generate_csrf()
    return token


@bp.context_processor
def _page_context() -> dict[str, Any]:
    return {
        "locale": locale(),
        "locale_names": LOCALE_NAMES,
        "waiting": getattr(g, "waiting", 0),
        "staff": getattr(g, "staff", None),
        "salon": getattr(g, "salon", None),
        # Where the page's forms send staff back to; a page answering a refused POST says its
        # own (its form's address answers no GET).
        "page_path": request.full_path.rstrip("?"),
    }


# Route modules register themselves on ``bp`` when imported.
from gateway.staff import (  # noqa: E402,F401  # noqa: E402,F401
    answer_page,
    auth,
    campaigns_page,
    consent_page,
    desk,
    inbox,
    offer_page,
    pages,
    phrases_page,
    quarter_page,
    stats_page,
    team,
)
