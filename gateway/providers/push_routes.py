"""The URLs providers push customers' replies and delivery receipts to: ``/sms/<provider>/
<token>/<url>``, for every provider whose ``ProviderKind`` has ``pushes`` (Alibaba Cloud's
``up`` and ``report``, Tencent Cloud's ``reply`` and ``report``).

Neither provider signs its pushes, so the URL carries a secret
(SMS_CALLBACK_TOKEN, compared in constant time; a wrong one is a 404 and nothing is stored), and
SMS_CALLBACK_ALLOW may list the source ranges the providers publish. A URL check (GET, HEAD, an
empty batch) gets the answer the provider's console expects. A push whose shape is right is kept
as it came and answered at once with the exact body the provider expects; the workers read it
record by record (``services.replies.pushes``). Only a push that could not be kept (the database
down) is answered with a failure, so that the provider pushes it again.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import logging
from typing import Final

from flask import Blueprint, Response, abort, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from gateway import clock
from gateway.config import Settings
from gateway.db import Database
from gateway.providers import KINDS
from gateway.providers.base import Pushes
from gateway.services.replies.pushes import keep_push, shape_problem

log = logging.getLogger(__name__)

bp = Blueprint("china_sms", __name__, url_prefix="/sms")

#: The largest push body taken. Tencent Cloud pushes at most 100 receipts (about 25 KB);
#: Alibaba Cloud documents no batch size: 100 replies of 500 characters are about 170 KB, and
#: a mebibyte leaves room for several hundred.
PUSH_MAX_BYTES: Final = 1024 * 1024


@bp.route("/<provider>/<token>/<kind>", methods=["GET", "HEAD"])
def url_check(provider: str, token: str, kind: str) -> tuple[Response, int]:
    """The provider's console tests a URL before saving it (Alibaba Cloud's 测试 button is
    documented as a GET): the answer a push gets, with nothing stored."""
    pushes = _check_caller(provider, token, kind)
    return jsonify(pushes.url_check), 200


@bp.post("/<provider>/<token>/<kind>")
def push(provider: str, token: str, kind: str) -> tuple[Response, int]:
    pushes = _check_caller(provider, token, kind)
    request.max_content_length = PUSH_MAX_BYTES
    payload = request.get_json(force=True, silent=True)
    if payload == []:
        # A console's test POST, or a batch with nothing in it: nothing to keep.
        return jsonify(pushes.accepted), 200
    problem = shape_problem(pushes.urls[kind], payload)
    if problem is not None:
        log.warning("%s %s push refused: %s", provider, kind, problem)
        return jsonify(pushes.refused), 400
    db: Database = current_app.extensions["db"]
    try:
        with db.transaction() as session:
            push_id = keep_push(
                session,
                provider=provider,
                kind=kind,
                body=request.get_data(as_text=True),
                now=clock.now(),
            )
    except SQLAlchemyError:
        # Not kept: a failure answer makes the provider push it again later.
        log.exception("%s %s push could not be kept; the provider will retry", provider, kind)
        return jsonify(pushes.refused), 503
    log.info("%s %s push %d kept for the workers", provider, kind, push_id)
    return jsonify(pushes.accepted), 200


def _check_caller(provider: str, token: str, kind: str) -> Pushes:
    """What ``provider`` pushes; 404 for a wrong URL or token, 403 for a source outside
    SMS_CALLBACK_ALLOW."""
    settings: Settings = current_app.extensions["settings"]
    pushes = KINDS[provider].pushes if provider in KINDS else None
    if pushes is None or kind not in pushes.urls or not _token_matches(settings, token):
        abort(404)
    if not _source_allowed(settings):
        log.warning("%s %s push refused: source address not in SMS_CALLBACK_ALLOW", provider, kind)
        abort(403)
    return pushes


def _token_matches(settings: Settings, token: str) -> bool:
    expected = settings.sms_callback_token
    if not expected:
        log.error("SMS_CALLBACK_TOKEN is not set: every Alibaba/Tencent Cloud push is refused")
        return False
    return hmac.compare_digest(token.encode(), expected.encode())


@functools.cache
def _networks(allow: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] | None:
    """The ranges in SMS_CALLBACK_ALLOW; None when one of them cannot be read (refuse all)."""
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in allow.split(",")
            if part.strip()
        )
    except ValueError:
        log.error("SMS_CALLBACK_ALLOW is not a list of CIDRs: every push is refused")
        return None


def _source_allowed(settings: Settings) -> bool:
    if not settings.sms_callback_allow:
        return True
    networks = _networks(settings.sms_callback_allow)
    if networks is None:
        return False
    # The caller's address as TRUSTED_PROXIES lets us know it (ProxyFix): X-Forwarded-For
    # counts only when a proxy of ours is declared.
    source = request.remote_addr or ""
    try:
        address = ipaddress.ip_address(source)
    except ValueError:
        return False
    return any(address in network for network in networks)
