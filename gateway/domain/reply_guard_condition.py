"""Words of the condition stop that hedge nothing (the eighteenth pass): a change asked as a
yes/no question ending "or not" (Singlish "can change to 4pm or not"), and "maybe" beside the
time the customer names ("4pm maybe?", "maybe Thursday"): the time suggested is the customer's
own, for the salon to answer. Either time of two ("4 or 5"), "if Lily's free" and "maybe" alone
stay conditions: a person decides."""

from __future__ import annotations

import re
from typing import Final

_A_TIME: Final = (
    r"(?:[0-9]{1,2}(?: [0-9]{2})?(?: ?(?:am|pm|ish))?"
    r"|(?:mon|tues?|wed|thurs?|fri|sat|sun)(?:day)?|morning|afternoon|evening|tonight|tmr)"
)
#: "or not" ending a clause that opens with "can" ("can change to sun morning or not"): asking.
_OR_NOT_ASKED: Final = re.compile(r"^((?:hi |hello |hey )?(?:can|could) .*?) or not(?= |$)")
#: "maybe" right beside a time named ("4pm maybe", "maybe 5ish", "Tuesday maybe").
_MAYBE_A_TIME: Final = re.compile(
    rf"(?<![a-z0-9]){_A_TIME} maybe(?![a-z])|(?<![a-z])maybe {_A_TIME}(?![a-z0-9])"
)


def hedging_nothing_set_aside(text: str) -> str:
    """``text`` (a ``phrase_text``) without "or not" asking and without "maybe" beside a time
    named; untouched where two times are offered (an "or" left between them)."""
    text = _OR_NOT_ASKED.sub(r"\1 ", text)
    return _MAYBE_A_TIME.sub(lambda m: m.group().replace("maybe", " "), text)
