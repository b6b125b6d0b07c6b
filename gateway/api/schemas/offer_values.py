"""An offer's values (``offer``, ``valid_until``), checked alike for a campaign
(``POST /campaigns``) and for the birthday automation (``PATCH /salon`` ``birthday_offers``):
both fill the marketing template ``campaign_offer``, which has a place for each."""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError

from gateway.api.errors import INVALID, MISSING
from gateway.api.schemas.fields import NONBLANK_PATTERN, checked_text
from gateway.domain.campaigns import MAX_OFFER_LENGTH, MAX_VALID_UNTIL_LENGTH


def offer_values(value: Any) -> dict[str, str]:
    """The values as the text uses them; a refusal saying what is missing or wrong."""
    wanted = "offer and valid_until"
    if value is None:
        raise PydanticCustomError(MISSING, f"is required: {wanted}")
    if not isinstance(value, dict):
        raise PydanticCustomError(INVALID, f"must be an object with {wanted}")
    unknown = sorted(set(value) - {"offer", "valid_until"})
    if unknown:
        raise PydanticCustomError(INVALID, f"has {unknown[0]}: only offer and valid_until")
    offer = checked_text(value.get("offer"), max_length=MAX_OFFER_LENGTH)
    valid_until = checked_text(value.get("valid_until"), max_length=MAX_VALID_UNTIL_LENGTH)
    if offer is None or valid_until is None:
        raise PydanticCustomError(MISSING, f"needs {wanted}")
    return {"offer": offer, "valid_until": valid_until}


def values_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["offer", "valid_until"],
        "properties": {
            "offer": {
                "type": "string",
                "maxLength": MAX_OFFER_LENGTH,
                "pattern": NONBLANK_PATTERN,
            },
            "valid_until": {
                "type": "string",
                "maxLength": MAX_VALID_UNTIL_LENGTH,
                "pattern": NONBLANK_PATTERN,
                "description": "as the customer should read it, e.g. 12月31日",
            },
        },
        "additionalProperties": False,
    }
