"""Bidirectional control characters: the embeddings and overrides U+202A–U+202E and the isolates
U+2066–U+2069. One in a name or a number makes a screen show it in another order ("+86 138 …"
reversed, a name that reads as someone else's), so names, services, stylists and ids refuse
them; what was stored before is shown isolated (``<bdi>``, ``dir="auto"``) by the console.
"""

from __future__ import annotations

import re
from typing import Final

#: The characters as a regular-expression class body, for Python and for JSON Schema alike.
BIDI_CONTROL_CLASS: Final = r"\u202a-\u202e\u2066-\u2069"
_BIDI_CONTROL: Final = re.compile(f"[{BIDI_CONTROL_CLASS}]")
#: What a refusal says (after the field's name).
BIDI_REFUSAL: Final = (
    "contains a bidirectional control character (U+202A–U+202E, U+2066–U+2069), "
    "which would change the order staff read it in"
)


def has_bidi_control(text: str) -> bool:
    return _BIDI_CONTROL.search(text) is not None


def strip_bidi_controls(text: str) -> str:
    return _BIDI_CONTROL.sub("", text)
