"""The document's paths of the phrases a salon taught (``gateway.api.phrases``), kept beside
``openapi_paths`` so that neither grows past what one reader holds."""

from __future__ import annotations

from gateway.api.openapi_paths import Schema, _ok, _operation, _path
from gateway.api.schemas.fields import MAX_ID

PHRASE_ID = _path(
    "phrase_id", {"type": "integer", "minimum": 0, "maximum": MAX_ID}, "the phrase's id"
)


def phrase_paths() -> dict[str, Schema]:
    return {
        "/phrases": {
            "get": _operation(
                "listPhrases",
                "The replies staff taught with treat-as and remember, newest first: each read "
                "as its intent when a reply's words are exactly these and the gateway cannot "
                "read them itself",
                {200: _ok("PhraseList", "the salon's phrases")},
                [],
            )
        },
        "/phrases/{phrase_id}": {
            "delete": _operation(
                "deletePhrase",
                "Forget a phrase: replies with its words are unclear again",
                {204: {"description": "forgotten"}},
                [404],
                parameters=[PHRASE_ID],
            )
        },
    }
