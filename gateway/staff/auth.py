"""Signing in and out of the console, and choosing its language."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from gateway.api.ratelimit import RateLimiter
from gateway.models import Staff
from gateway.services.desk.accounts import authenticate, end_sessions
from gateway.staff import KEPT_FORMS, bp, db, safe_next, t
from gateway.staff.i18n import LOCALES

log = logging.getLogger(__name__)


def _limited(email: str) -> int:
    """Seconds to wait when this email or this address tried too often, else 0."""
    per_email, per_address = current_app.extensions["login_limits"]
    limiter: RateLimiter
    wait = 0
    # Counted under a hash: Redis never holds a staff member's address.
    email_key = hashlib.sha256(email.encode()).hexdigest()
    # Named after the queue, as everything this deployment keeps in a Redis it may share.
    space = current_app.extensions["settings"].queue_name
    for limiter, key in (
        (per_email, f"{space}:login:email:{email_key}"),
        (per_address, f"{space}:login:addr:{request.remote_addr or '-'}"),
    ):
        verdict = limiter.check(key)
        if not verdict.allowed:
            wait = max(wait, verdict.retry_after)
    return wait


@bp.route("/login", methods=["GET", "POST"])
def sign_in() -> Response | str | tuple[str, int]:
    next_page = safe_next(request.values.get("next"), url_for("staff.today"))
    if request.method == "GET":
        return _login_page(next_page)
    # An email or a phone number, in the one field ("email" to keep password managers' forms).
    email = request.form.get("email", "").strip().lower()[:254]
    password = request.form.get("password", "")[:200]
    wait = _limited(email)
    if wait:
        minutes = max(1, -(-wait // 60))
        error = t("too_many_logins", minutes=minutes)
        return _login_page(next_page, error=error, email=email), 429
    with db().sessions() as s:
        staff = authenticate(s, email=email, password=password)
    if staff is None:
        return _login_page(next_page, error=t("wrong_login"), email=email), 401
    lang = session.get("lang")
    session.clear()  # a fresh session (and CSRF token) for the signed-in staff member
    session.update(staff_id=staff.id, staff_v=staff.session_version, lang=lang)
    session.permanent = True
    log.info("staff %s signed in", staff.id)
    return redirect(next_page)


def _login_page(next_page: str, *, error: str | None = None, email: str = "") -> str:
    """The sign-in form, going on to ``next_page``; a change of language goes through
    ``choose_language_signing_in`` with the email or number, so it stays in its box."""
    return render_template(
        "staff/login.html",
        next_page=next_page,
        error=error,
        email=email,
        language_route="staff.choose_language_signing_in",
        language_next=next_page,
    )


@bp.post("/login/language")
def choose_language_signing_in() -> str:
    """The sign-in page in ``lang``, the email or number she typed still in its box and nothing
    checked or counted against her; the password never comes back (she types it again)."""
    next_page = _chosen_language()
    return _login_page(next_page, email=request.form.get("email", "").strip()[:254])


@bp.post("/logout")
def sign_out() -> Response:
    """Ends the session on the server, not only in this browser: a copy of the cookie (another
    device, a stolen one) stops working too, since the cookie alone proves nothing after this."""
    staff_id, version = session.get("staff_id"), session.get("staff_v")
    if isinstance(staff_id, int):
        with db().transaction() as s:
            staff = s.get(Staff, staff_id)
            if staff is not None and staff.session_version == version:
                end_sessions(staff)
                log.info("staff %s signed out", staff.id)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("staff.sign_in"))


#: What a change of language carries besides a page's form (never put back into an address).
_SWITCH_FIELDS = frozenset({"csrf_token", "lang", "next"})


@bp.post("/language")
def choose_language() -> Response:
    """The console in ``lang``, back at ``next``. A page whose GET form goes with the change
    (``language_form`` in base.html) gets what that form holds back in its address, as the
    form's own submission would put it there: the page comes back as it was typed."""
    back = urlsplit(_chosen_language())
    kept = [(k, v) for k, v in request.form.items(multi=True) if k not in _SWITCH_FIELDS]
    query = "&".join(part for part in (back.query, urlencode(kept)) if part)
    return redirect(urlunsplit(back._replace(query=query)))


@bp.post("/language/keeping")
def choose_language_keeping() -> Response | tuple[str, int]:
    """The same, for a page whose POST form goes with the change (``language_kept``: a
    customer's number, words to send, which belong in no address): the page is shown again
    here, in the new language, with the form ``keep`` as typed (``KEPT_FORMS``); with nothing
    typed in it, the page is simply shown again at its own address."""
    keep = KEPT_FORMS.get(request.args.get("keep", ""))
    if keep is None:
        abort(404)
    next_page = _chosen_language()
    shown = keep(next_page, {k: v for k, v in request.form.items() if k not in _SWITCH_FIELDS})
    return redirect(next_page) if shown is None else shown


def _chosen_language() -> str:
    """Take ``lang`` as the console's language; where to go back to (``next``)."""
    lang = request.values.get("lang")
    if lang in LOCALES:
        session["lang"] = lang
    return safe_next(request.values.get("next"), url_for("staff.today"))
