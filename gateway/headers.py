"""What every answer tells the browser about itself: the console's pages may not be framed,
run scripts or styles from anywhere but their own static files, leak their address to other
sites or stay in a cache; no answer may be sniffed into another type; over https, browsers are
told to come back over https only.

Ten lines of ``after_request`` rather than a library: the policy is one string, and the console
has no inline script or style to make exceptions for.
"""

from __future__ import annotations

from flask import Flask, Response, request

#: The console's pages load their one script, one stylesheet and their forms from here only;
#: inline SVG charts need nothing more. No page of another site may frame them.
CONSOLE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
#: Two years, the usual preload value; subdomains are left to whoever runs them.
HSTS = "max-age=63072000"


def init_app(app: Flask) -> None:
    app.after_request(_browser_headers)


def _browser_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    if request.path.startswith("/staff/"):
        headers["Content-Security-Policy"] = CONSOLE_POLICY
        headers["X-Frame-Options"] = "DENY"  # for browsers older than frame-ancestors
        headers["Referrer-Policy"] = "same-origin"
        if request.endpoint != "staff.static":
            # Customers' names, numbers and texts: not for a shared computer's cache.
            headers["Cache-Control"] = "no-store"
    elif request.path.startswith("/api/"):
        headers["Cache-Control"] = "no-store"
    return response
