"""What the console needs from the app: a secret key shared by every process, session cookies
that are Secure everywhere but plain-http localhost (and not opened at all for the providers'
callbacks), and its rate limiter for sign-ins."""

from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask, Request, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from gateway.api.ratelimit import RateLimiter
from gateway.config import INSTANCE_DIR, Settings
from gateway.instance_files import private_dir, private_file

log = logging.getLogger(__name__)

SECRET_FILE = "secret_key"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
#: Sign-in attempts per email, and per address, in LOGIN_WINDOW seconds.
LOGIN_ATTEMPTS_PER_EMAIL = 10
LOGIN_ATTEMPTS_PER_ADDRESS = 30
LOGIN_WINDOW = 15 * 60


def secret_key(settings: Settings, instance_dir: Path = INSTANCE_DIR) -> str:
    """SECRET_KEY, or the one generated into instance/ by whichever process came first."""
    if settings.secret_key:
        return settings.secret_key
    path = instance_dir / SECRET_FILE
    private_dir(instance_dir)
    try:
        # O_EXCL: of processes starting at once, one writes the key and all read that one.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    private_file(path)  # one an older version wrote readable by all is tightened
    key = ""
    for _ in range(50):  # another process may be between creating and writing it
        key = path.read_text().strip()
        if key:
            break

        time.sleep(0.05)
    if settings.public_base_url and not _is_local(settings.public_base_url):
        log.warning(
            "SECRET_KEY is not set: console sessions are signed with %s, which only this "
            "machine has; set SECRET_KEY when several machines serve the console",
            path,
        )
    return key


def _is_local(url: str) -> bool:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def is_plain_local(req: Request) -> bool:
    return req.scheme == "http" and (req.host.rsplit(":", 1)[0] in LOCAL_HOSTS)


#: The providers' callbacks (Twilio's webhooks, the China providers' pushes): no console there.
PROVIDER_PATHS = "/sms/"


class ConsoleSessions(SecureCookieSessionInterface):
    """Session cookies marked Secure, except over plain http on this machine (make run).

    A provider's callback (``/sms/…``) gets Flask's null session: no provider sends the
    console's cookie, and looking for one cost every webhook a signing serializer. Nothing
    there reads the session; were something to write to it, Flask would say so. Nor is the
    cookie of a browser that calls such a path refreshed there.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(PROVIDER_PATHS):
            return None  # Flask's null session, never saved
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        return not is_plain_local(request)


def init_app(app: Flask) -> None:
    settings: Settings = app.extensions["settings"]
    app.secret_key = secret_key(settings)
    app.session_interface = ConsoleSessions()
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="salon_console",
        # Forms live as long as the session; a token per session, not per hour.
        WTF_CSRF_TIME_LIMIT=None,
        PERMANENT_SESSION_LIFETIME=timedelta(days=7),
    )
    redis = app.extensions["sms_queue"].connection
    app.extensions["login_limits"] = (
        RateLimiter(redis, limit=LOGIN_ATTEMPTS_PER_EMAIL, window=LOGIN_WINDOW),
        RateLimiter(redis, limit=LOGIN_ATTEMPTS_PER_ADDRESS, window=LOGIN_WINDOW),
    )
