"""Replies that mean "unsubscribe" to Chinese carriers and SMS providers.

On Alibaba Cloud and Tencent Cloud a customer who answers 退订, TD, T, N or R (回T退订,
拒收请回复R) is treated as unsubscribed by the carrier or the provider, as STOP is on Twilio: the
gateway must read it the same way, even where its own parser would not (N, R). Pure.
"""

from __future__ import annotations

import unicodedata
from typing import Final

#: Whole replies, after normalisation (full-width to half-width, upper case, no spaces or
#: punctuation), that carriers read as an opt-out.
CARRIER_OPT_OUT: Final = frozenset({"退订", "退訂", "TD", "T", "N", "R"})


def carrier_reading(text: str) -> str | None:
    """``STOP`` when ``text`` is an opt-out word to the carriers, else None — the same value
    Twilio gives in OptOutType, so the reply pipeline treats both alike."""
    normal = unicodedata.normalize("NFKC", text).upper()
    word = "".join(c for c in normal if not (c.isspace() or unicodedata.category(c)[0] == "P"))
    return "STOP" if word in CARRIER_OPT_OUT else None
