"""The reply guard's no: a negation that stops any learned reading, the parser's own said outside
its longer phrases, or a no about how the customer comes rather than whether."""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.reply_guard_patterns import HOLDING_A_NEGATION, NEGATING_SAID

#: A no about how the customer comes, not whether ("I will not be coming late", "won't be coming
#: alone", "not gonna come late", "shall not be able to attend the first half"): the no holds
#: the manner or the part, and the learned reader, which reads "not … coming" as a cancel, would
#: read the customer who promises to be on time as one who will not come.
NOT_HOW_SAID: Final = re.compile(
    r"(?<![a-z])(?:not|never|wont|cant|cannot)(?: [a-z]+){0,4}? (?:come|coming|arrive|arriving"
    r"|attend|attending|be there)(?: [a-z]+)?? (?:late|early|alone|by myself|on my own|on time"
    r"|the first|the second|the last|the whole|all of)(?![a-z])"
)


def negation_said(text: str) -> bool:
    """A no in ``text`` (a ``phrase_text``) that the parser's longer phrases do not hold, or a no
    about how the customer comes (which "not gonna come late" holds inside such a phrase)."""
    return bool(
        NEGATING_SAID.search(HOLDING_A_NEGATION.sub(" ", text)) or NOT_HOW_SAID.search(text)
    )
