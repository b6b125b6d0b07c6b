"""English change words as fingers slip them beyond what ``reply_spans`` reads for every head
word (the twentieth pass): in the two long change words, "reschedule" and "postpone", one letter
changed or added (reskedule, rescheddule, postphone, postpome), and the slips the labelled sets
show at two letters (reschedual, written six times by different writers, and resheduel).

In these words one letter changed or added makes no other English word a reply would hold but
the change made (rescheduled, postponed): a slip ending in "d" is left unread, as news of a change
already made or its slip would be. "cancel" and "confirm" keep the narrower slips: one letter
changed is another word there (cancer, conform).

Pure: built once, at import.
"""

from __future__ import annotations

from string import ascii_lowercase
from typing import Final

#: The two long change words, each slip of them read as the word.
_LONG_CHANGE_WORDS: Final = ("reschedule", "postpone")
#: Slips at two letters the labelled sets show, as the word meant.
SEEN_SLIPS: Final = {
    "reschedual": "reschedule",
    "reshedual": "reschedule",
    "resheduel": "reschedule",
}


def _changed_or_added(word: str) -> set[str]:
    """Every spelling of ``word`` with one letter changed or one added."""
    found = set()
    for index in range(len(word) + 1):
        for letter in ascii_lowercase:
            found.add(word[:index] + letter + word[index:])
            if index < len(word):
                found.add(word[:index] + letter + word[index + 1 :])
    found.discard(word)
    return found


#: Slip → the change word meant.
CHANGE_SLIPS: Final = {
    slip: word
    for word in _LONG_CHANGE_WORDS
    for slip in _changed_or_added(word)
    if not slip.endswith("d")  # rescheduled, postponed: a change made
} | SEEN_SLIPS
