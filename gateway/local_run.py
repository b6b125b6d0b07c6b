"""What a local run (``flask serve``, hence ``make run``) leaves for the commands run beside it:
the port it serves on and the push token it made up, in ``instance/serving.json``, so that
``make reply`` reaches that service whatever ``PORT`` the other terminal has (and never another
service that happens to listen on 5000); and the demo salon ``flask demo`` made.
"""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

from gateway.config import INSTANCE_DIR, Settings

RUN_FILE = INSTANCE_DIR / "serving.json"
DEMO_FILE = INSTANCE_DIR / "demo_salon.json"


def record(*, port: int, callback_token: str | None) -> None:
    """Say that a local run serves on ``port`` (and pushes need ``callback_token``)."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    RUN_FILE.write_text(json.dumps({"port": port, "callback_token": callback_token or ""}))
    RUN_FILE.chmod(0o600)  # the token is a secret, even a made-up one


def forget() -> None:
    with contextlib.suppress(FileNotFoundError):
        RUN_FILE.unlink()


def _recorded() -> dict[str, Any]:
    try:
        found = json.loads(RUN_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def base_url(settings: Settings, url: str | None = None) -> str:
    """Where the running service is: ``url``, else PUBLIC_BASE_URL, else this machine on PORT
    when it is set, else on the port the local run recorded (5000 when none did)."""
    if url or settings.public_base_url:
        return (url or settings.public_base_url).rstrip("/")
    port = settings.port if os.environ.get("PORT") else _recorded().get("port", settings.port)
    return f"http://127.0.0.1:{port}"


def callback_token(settings: Settings) -> str:
    """SMS_CALLBACK_TOKEN, else the one the local run made up."""
    return settings.sms_callback_token or str(_recorded().get("callback_token") or "")


def demo_salon() -> dict[str, Any] | None:
    """What ``flask demo`` recorded of the demo salon (id, api key, console login)."""
    try:
        found = json.loads(DEMO_FILE.read_text())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None
