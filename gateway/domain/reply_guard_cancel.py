"""A no that agrees with a cancel said in words: what the learned reader's guard
(``reply_guard.guard``) sets aside before it asks whether a reply beside a cancel says no.

A bare no leading the reply ("nah cancel it", "no thanks, cancel") is the customer saying no to
the visit, and the cancel says the same; so is a decision not to do the service (我決定唔剪,
"decided not to cut after all"), and, in a clause of its own, being no longer here or not
booking again for now (已经不在这边住了, 暂时唔会再约): the reason, not a no to the cancel. What
follows the no is still read: "no don't cancel" says no to the cancel itself, and a change word
beside it ("no, cancel the change") keeps the stop. A bare no alone (不用了, "nah") and a no to
a change (取消，不用改期) or to further messages stay stops.

Pure: the parser's word classes and a few patterns of the guard's own.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard_patterns import CHANGE_WORDS, NOT_WILLING
from gateway.domain.reply_lexicon import Word

#: A bare no opening the reply, in English ("no", "nah", "nope", "no thanks", "no la"), right
#: before the cancel or cannot-come ("nah cancel it", "no la, cannot make it, cancel"): a no to
#: the visit. Before anything else it may deny what follows ("no changes, cancel" stays a stop).
LEADING_NO: Final = re.compile(
    r"^(?:no+|nope|nah|no thanks?|no thank you|no la+h?)[ ,.!~，。！]*"
    r"(?=(?:pls |please |plz |just )?(?:cancel|cxl)(?![a-z])|(?:cannot|cant) (?:make it|come))"
)
#: A decision not to have the service (decided not to cut, 决定不剪, 決定唔做), or not to go
#: ahead: the reason a cancel gives, in a clause of its own.
DECIDED_NOT_TO: Final = re.compile(
    r"(?<![a-z])decided not to (?:go ahead|cut|colou?r|dye|perm|come|go|do it|bother)"
    r"|决定[不唔](?:剪|做|电|烫|染|来|去|嚟)"
)
#: No longer here, or not booking again for a while (已经不在这边住了, 唔喺香港, 暂时唔会再约):
#: in a clause with no answer word beside a cancel said in words, why. Never a no to messages
#: (以后别再发, 以后不用提醒): those stay stops.
NO_LONGER_COMING: Final = re.compile(
    "[不唔](?:在|喺)(?:香港|本地|国内|这边|这里|这个城市|呢度|呢边|澳门|深圳|广州|上海|北京)"
    "|暂时[不唔](?:会)?再?约"
)


_CANCEL_WORDS: Final = frozenset({Word.CANCEL, Word.CANCEL_VERB})


def a_no_agreeing_set_aside(text: str, found: set[Word], intent: Intent) -> str:
    """``text`` (a ``phrase_text``), read as ``intent`` with the parser's word classes ``found``:
    beside a cancel said in words and no change word, without a bare no leading it and without
    a decision not to have the service; what is left is read for a no to the cancel itself."""
    if intent is not Intent.CANCEL or not found & _CANCEL_WORDS or found & CHANGE_WORDS:
        return text
    return DECIDED_NOT_TO.sub(" ", LEADING_NO.sub("", text.lstrip()))


def a_reasons_no_set_aside(words: str) -> str:
    """``words`` (a clause with no answer word, beside a change or a cancel said in words) without
    a no that is the reason's own: a no of will or ability (``NOT_WILLING``), or no longer here."""
    return NO_LONGER_COMING.sub(" ", NOT_WILLING.sub(" ", words))
