"""How many SMS segments a body costs, counted the way carriers (and Twilio's bill) count them.

A body made only of the GSM 03.38 default alphabet travels as GSM-7: 160 septets in a single
message, 153 per segment once it has to be split (the rest of each segment is the concatenation
header). The extension table's characters (``^ { } \\ [ ~ ] | €`` and form feed) are sent as an
escape plus a character, so they cost two septets, and that pair is never split across segments.

One character outside that alphabet (【, ’, a CJK character, an emoji) makes the whole message
UCS-2: 70 UTF-16 code units in a single message, 67 per segment when split. A character outside
the Basic Multilingual Plane (most emoji) takes two code units, a surrogate pair, which is never
split across segments either.

Pure: stdlib only.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Encoding = Literal["GSM-7", "UCS-2"]

#: GSM 03.38 basic character set (the escape code 0x1B is not a character of its own).
GSM7_BASIC: Final[frozenset[str]] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

#: GSM 03.38 extension table: each is sent as escape + character, two septets.
GSM7_EXTENSION: Final[frozenset[str]] = frozenset("\f^{}\\[~]|€")

_GSM7: Final = GSM7_BASIC | GSM7_EXTENSION
#: A character outside both tables, and one outside the Basic Multilingual Plane: searched for
#: in C, stopping at the first (the set and ``max`` they replace read every character of every
#: body into a string object of its own; the sweep counts a thousand bodies at a time).
_NOT_GSM7: Final = re.compile("[^" + re.escape("".join(sorted(_GSM7))) + "]")
_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")

GSM7_SINGLE_SEGMENT: Final = 160
GSM7_PER_SEGMENT: Final = 153
UCS2_SINGLE_SEGMENT: Final = 70
UCS2_PER_SEGMENT: Final = 67


def sms_encoding(body: str) -> Encoding:
    """``"GSM-7"`` if every character of ``body`` is in the GSM 03.38 alphabet, else ``"UCS-2"``."""
    return "UCS-2" if _NOT_GSM7.search(body) else "GSM-7"


def count_segments(body: str) -> int:
    """The number of segments ``body`` is sent (and billed) as; an empty body counts as one."""
    gsm7 = sms_encoding(body) == "GSM-7"
    # Most bodies have no escape pair and no surrogate pair: every unit counts one, and the
    # answer is plain division (the sweep counts a thousand bodies at a time).
    if GSM7_EXTENSION.isdisjoint(body) if gsm7 else _ASTRAL.search(body) is None:
        single, per_segment = (
            (GSM7_SINGLE_SEGMENT, GSM7_PER_SEGMENT)
            if gsm7
            else (UCS2_SINGLE_SEGMENT, UCS2_PER_SEGMENT)
        )
        return 1 if len(body) <= single else -(-len(body) // per_segment)
    if gsm7:
        sizes = [2 if char in GSM7_EXTENSION else 1 for char in body]
        single, per_segment = GSM7_SINGLE_SEGMENT, GSM7_PER_SEGMENT
    else:
        sizes = [2 if ord(char) > 0xFFFF else 1 for char in body]
        single, per_segment = UCS2_SINGLE_SEGMENT, UCS2_PER_SEGMENT
    if sum(sizes) <= single:
        return 1
    segments, used = 1, 0
    for size in sizes:
        # An escape pair or a surrogate pair that would straddle the boundary moves to the next
        # segment whole, leaving the current one a unit short.
        if used + size > per_segment:
            segments += 1
            used = 0
        used += size
    return segments
