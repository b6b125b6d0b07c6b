"""The phrases a salon taught (GET /phrases, DELETE /phrases/<id>): replies staff read as
confirm, change or cancel with "remember", read so from then on (``services.desk.phrases``)."""

from __future__ import annotations

from flask import Response, g, jsonify

from gateway.api import bp, db
from gateway.api.errors import ApiError
from gateway.api.schemas.fields import MAX_ID
from gateway.api.schemas.responses import PhraseJson
from gateway.models import Salon, TaughtPhrase
from gateway.resources import local_time
from gateway.services.desk.phrases import forget_phrase, salon_phrases


def phrase_json(phrase: TaughtPhrase, salon: Salon) -> PhraseJson:
    return {
        "id": phrase.id,
        "text": phrase.text,
        "intent": phrase.intent.value,
        "taught_by": phrase.taught_by,
        "created_at": local_time(phrase.created_at, salon),
    }


@bp.get("/phrases")
def list_phrases() -> Response:
    """The salon's phrases, newest first (a salon teaches a handful: no pages)."""
    with db().sessions() as session:
        salon = session.get_one(Salon, g.salon.id)
        phrases = salon_phrases(session, salon_id=salon.id)
        return jsonify({"data": [phrase_json(phrase, salon) for phrase in phrases]})


@bp.delete("/phrases/<int:phrase_id>")
def delete_phrase(phrase_id: int) -> tuple[str, int]:
    """Forget a phrase: its words are unclear again. Another salon's id is not found."""
    with db().transaction() as session:
        found = phrase_id <= MAX_ID and forget_phrase(
            session, salon_id=g.salon.id, phrase_id=phrase_id
        )
    if not found:
        raise ApiError(404, "not_found", f"no phrase {phrase_id}")
    return "", 204
