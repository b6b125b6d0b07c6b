"""``Idempotency-Key`` on POST and PATCH: a retried request gets the first one's answer.

Before the view runs, the key is claimed by inserting its row (status 0, "in progress") in a
transaction of its own; the unique (salon, key) constraint decides between concurrent requests,
so only one of them ever runs. After the view, a successful answer (2xx) is stored on the row and
replayed, with ``Idempotent-Replayed: true``, to every repeat for 24 hours; an error answer
releases the key, so a client can fix its request and send it again under the same key.

A repeat that arrives while the first is still running gets 409 ``idempotency_key_in_use`` with
``Retry-After``; a repeat with another method, path or body gets 422. A claim left behind by a
process that died mid-request is taken over after ``ABANDONED_AFTER``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from flask import Response, current_app, g, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from gateway import clock
from gateway.api.errors import ApiError, error_response
from gateway.db import Database
from gateway.models import IdempotentRequest

HEADER: Final = "Idempotency-Key"
REPLAYED_HEADER: Final = "Idempotent-Replayed"
#: How long an answer is kept for replay.
KEEP_FOR: Final = timedelta(hours=24)
#: A claim this old without an answer belongs to a request that will never finish.
ABANDONED_AFTER: Final = timedelta(minutes=2)
METHODS: Final = frozenset({"POST", "PATCH"})
#: The row's status while its first request runs.
IN_PROGRESS: Final = 0
#: Printable ASCII without spaces: what clients send (UUIDs, ULIDs, hashes).
KEY_PATTERN: Final = "^[!-~]{1,255}$"
_KEY: Final = re.compile(KEY_PATTERN)


@dataclass(frozen=True, slots=True)
class _Claim:
    row_id: int


def _db() -> Database:
    database: Database = current_app.extensions["db"]
    return database


def begin(salon_id: int) -> Response | None:
    """Claim the request's key, or answer it from the first request; None lets the view run."""
    if request.method not in METHODS or HEADER not in request.headers:
        return None
    key = request.headers[HEADER]
    if not _KEY.fullmatch(key):
        raise ApiError(
            422,
            "invalid_header",
            f"{HEADER} must be 1 to 255 visible ASCII characters, e.g. a UUID",
            HEADER,
        )
    fingerprint = _fingerprint()
    now = clock.now()
    with _db().transaction() as session:
        # Opportunistic purge: bounded by the index on created_at, it costs a repeat nothing.
        session.execute(
            delete(IdempotentRequest).where(IdempotentRequest.created_at < now - KEEP_FOR)
        )
        claim = IdempotentRequest(
            salon_id=salon_id,
            key=key,
            fingerprint=fingerprint,
            status_code=IN_PROGRESS,
            response_body="",
            created_at=now,
        )
        try:
            with session.begin_nested():
                session.add(claim)
        except IntegrityError:
            first = session.scalar(
                select(IdempotentRequest)
                .where(IdempotentRequest.salon_id == salon_id, IdempotentRequest.key == key)
                .with_for_update()
            )
            if first is None:  # purged between our insert and this read: a rare race
                raise ApiError(
                    409, "idempotency_key_in_use", "try again with this Idempotency-Key", HEADER
                ) from None
            answer = _answer_repeat(first, fingerprint, now)
            if answer is not None:
                return answer
            claim = first  # abandoned by its first request: ours now
            claim.created_at = now
        session.flush()
        g.idempotency_claim = _Claim(claim.id)
    return None


def _answer_repeat(first: IdempotentRequest, fingerprint: str, now: datetime) -> Response | None:
    if first.fingerprint != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            f"this {HEADER} was used with a different request; use a new key for a new request",
            HEADER,
        )
    if first.status_code != IN_PROGRESS:
        response = Response(first.response_body, first.status_code, mimetype="application/json")
        response.headers[REPLAYED_HEADER] = "true"
        return response
    if first.created_at > now - ABANDONED_AFTER:
        response = error_response(
            409,
            "idempotency_key_in_use",
            f"a request with this {HEADER} is still running; retry shortly to get its answer",
            HEADER,
        )
        response.headers["Retry-After"] = "1"
        return response
    return None


def finish(response: Response) -> Response:
    """Store a successful answer for replay; release the key after an error."""
    claim: _Claim | None = g.pop("idempotency_claim", None)
    if claim is None:
        return response
    with _db().transaction() as session:
        row = session.get(IdempotentRequest, claim.row_id)
        if row is None:
            return response
        if 200 <= response.status_code < 300:
            row.status_code = response.status_code
            row.response_body = response.get_data(as_text=True)
        else:
            session.delete(row)
    return response


def _fingerprint() -> str:
    """The request as a repeat must match it: method, path and query, and the body's meaning
    (JSON compared after parsing, so key order and spacing do not matter)."""
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        body = raw
    query = request.query_string.decode("latin-1")
    head = f"{request.method} {request.path}?{query}\n".encode()
    return hashlib.sha256(head + body).hexdigest()
