"""Twilio's webhooks: a customer's SMS arrives here.

Checks the signature, stores the message once, commits, and queues it for a worker, so Twilio
gets its empty TwiML within milliseconds. A reply from a customer the salon knows takes one
statement (``services.store_known_reply``); anything else, a session
(``services.receive_reply``).
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict

from gateway import clock
from gateway.config import Settings
from gateway.db import Database
from gateway.domain.phones import InvalidPhoneNumber, mask, refuse_letters
from gateway.models import MessageStatus
from gateway.providers.twilio.client import OPTED_OUT_CODES, signature_is_valid
from gateway.services import Received, receive_reply, record_delivery_receipt, store_known_reply

log = logging.getLogger(__name__)

bp = Blueprint("twilio", __name__, url_prefix="/sms/twilio")

#: Twilio's MessageStatus words, in our terms (a word not listed is recorded as no change).
STATUSES = {
    "accepted": MessageStatus.QUEUED,
    "scheduled": MessageStatus.QUEUED,
    "queued": MessageStatus.QUEUED,
    "sending": MessageStatus.SENDING,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.UNDELIVERED,
    "failed": MessageStatus.FAILED,
}

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _twiml() -> Response:
    return Response(EMPTY_TWIML, status=200, mimetype="text/xml")


def signed_url(settings: Settings) -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL + path + query (always so in production), else,
    in development only, this request's (built from its Host header)."""
    if not settings.public_base_url:
        return request.url
    query = request.query_string.decode()
    return settings.public_base_url.rstrip("/") + request.path + (f"?{query}" if query else "")


@bp.before_request
def _signed_by_twilio() -> tuple[str, int] | None:
    """Every route here is Twilio's: refuse (403, nothing stored) what Twilio did not sign."""
    settings: Settings = current_app.extensions["settings"]
    signature = request.headers.get("X-Twilio-Signature", "")
    if not settings.twilio_auth_token:
        log.error("TWILIO_AUTH_TOKEN is not set: every Twilio webhook is refused")
    elif signature and signature_is_valid(
        settings.twilio_auth_token, signed_url(settings), request.form, signature
    ):
        return None
    log.warning("%s refused: bad or missing X-Twilio-Signature", request.path)
    return "invalid Twilio signature", 403


#: Twilio's message sids (its OpenAPI description: ``^(SM|MM)[0-9a-fA-F]{32}$``). A sid of
#: exactly this shape is what stops a replay: Twilio signs names and values run together, so
#: ``MessageSid=SMx`` + ``NumMedia=0`` signs the same as ``MessageSid=SMxNumMedia0`` — a "new"
#: sid that would pass the dedupe and act on a customer's old reply again.
_MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-fA-F]{32}")
#: Every inbound SMS carries these (Body may be empty): a signed request without one of them
#: is a rearranged one, whatever its signature says.
_INBOUND_FIELDS = ("MessageSid", "AccountSid", "From", "To", "Body")
#: Twilio's error codes are five digits; the column holds 20 characters.
_ERROR_CODE_CHARS = 20
NUL = "\x00"


def _refusal(form: MultiDict[str, str], sid_fields: tuple[str, ...]) -> str | None:
    """Why a signed request cannot be Twilio's own, naming the field; None when it can be."""
    for name, value in form.items(multi=True):
        if NUL in name or NUL in value:
            # PostgreSQL refuses NUL in text, and no SMS, number or sid holds one.
            return f"{name.replace(NUL, '')}: NUL characters are not allowed"
    sids = {name: form[name] for name in sid_fields if form.get(name)}
    for name, sid in sids.items():
        if not _MESSAGE_SID.fullmatch(sid):
            return f"{name}: not a Twilio message sid (SM or MM and 32 hexadecimal digits)"
    if len(set(sids.values())) > 1:
        return f"{' and '.join(sids)} name different messages"
    return None


@bp.post("/inbound")
def inbound() -> Response | tuple[str, int]:
    form = request.form
    missing = [n for n in _INBOUND_FIELDS if not form.get(n) and (n != "Body" or n not in form)]
    if missing:
        return f"{', '.join(missing)}: required in every Twilio inbound SMS", 400
    refusal = _refusal(form, ("MessageSid", "SmsSid", "SmsMessageSid"))
    if refusal is not None:
        return refusal, 400
    for name in ("From", "To"):
        try:
            refuse_letters(form[name])
        except InvalidPhoneNumber as exc:
            return f"{name}: {exc}", 422
    sid, from_number, to_number = form["MessageSid"], form["From"], form["To"]
    received = _store(current_app.extensions["db"], form, sid, from_number, to_number)
    if not received.salon_found:
        log.warning("inbound SMS %s to %s: no salon has this number", sid, mask(to_number))
    elif received.duplicate:
        log.info("inbound SMS %s seen before; nothing to do", sid)
    return _twiml()


def _store(
    db: Database, form: MultiDict[str, str], sid: str, from_number: str, to_number: str
) -> Received:
    """Store the reply once: with one statement when the salon knows the customer (nearly
    always), else in a session that sorts out the rest."""
    body, opt_out_type, now = form["Body"], form.get("OptOutType"), clock.now()
    stored = db.one_statement(
        lambda write: store_known_reply(
            write,
            provider="twilio",
            provider_sid=sid,
            from_number=from_number,
            to_number=to_number,
            body=body,
            opt_out_type=opt_out_type,
            now=now,
        )
    )
    if stored:
        return Received(salon_found=True)
    with db.transaction() as session:
        return receive_reply(
            session,
            provider="twilio",
            provider_sid=sid,
            from_number=from_number,
            to_number=to_number,
            body=body,
            opt_out_type=opt_out_type,
            now=now,
        )


@bp.post("/status")
def delivery_status() -> Response | tuple[str, int]:
    """Twilio's status callback: queued → sent → delivered/undelivered/failed, in any order."""
    form = request.form
    sid = form.get("MessageSid") or form.get("SmsSid") or ""
    status = form.get("MessageStatus") or form.get("SmsStatus") or ""
    if not sid or not status or len(status) > 20:
        return "MessageSid and MessageStatus are required", 400
    refusal = _refusal(form, ("MessageSid", "SmsSid"))
    if refusal is not None:
        return refusal, 400
    error_code = form.get("ErrorCode") or None
    if error_code is not None and len(error_code) > _ERROR_CODE_CHARS:
        return f"ErrorCode: longer than {_ERROR_CODE_CHARS} characters", 400
    hint = request.args.get("message", "")
    db: Database = current_app.extensions["db"]
    with db.transaction() as session:
        found = record_delivery_receipt(
            session,
            provider="twilio",
            provider_sid=sid,
            status=STATUSES.get(status.lower()),
            error_code=error_code,
            opted_out=error_code in OPTED_OUT_CODES,
            message_id=int(hint) if hint.isdigit() and len(hint) < 12 else None,
            now=clock.now(),
        )
    if not found:
        log.info("status %s for unknown message %s", status, sid)
    return Response(status=204)
