"""Words that look like asking and ask nothing: what the learned reader's guard
(``reply_guard.guard``) sets aside before it asks whether a reply asks a question.

呢 in Cantonese is "this" before a measure or a time (呢排 "lately", 呢日, 呢次, 呢個, 呢度),
and in Mandarin a soft yes after 嗯 or 好的 (嗯呢, 好的呢亲): neither is the question particle.
Beside a cancel, "when" in a promise to come back ("will rebook when things settle", "I'll call
when I'm better") says when the customer will be in touch, not a question; and a cancel asked
for as a request ("can you cancel my appointment?", "cancel for me can?", 帮我取消了嘛) is the
cancel itself, unless a fee or a rule is named beside it (the question a person answers). A
question mark, a question word elsewhere or the particle itself (后天这个点呢, 咁呢) still asks.

Pure: a few patterns of the guard's own, and the fee or rule words.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_guard_patterns import COST_OR_RULE

#: 呢 as "this" (呢排, 呢日, 呢次, 呢個, 呢度, 呢啲), or a soft yes's 呢 (嗯呢, 好的呢亲).
THIS_OR_A_SOFT_YES: Final = re.compile(
    "呢(?=[排日次个個度间間啲几幾两兩位份种種轮輪段铺舖单單])|(?<=嗯)呢|(?<=好的)呢(?=亲|親)"
)
#: "when" in a promise to be in touch again: will, I'll or gonna, a few words, then when.
WHEN_OF_A_PROMISE: Final = re.compile(
    r"(?<![a-z])((?:will|i'll|i’ll|ill|gonna|i will)(?: [a-z'’]+){1,4}) when(?![a-z])"
)

#: A cancel asked for: "can you cancel…?", "could u pls cancel…", Singlish "cancel for me can?",
#: "can cancel for me?", "cancel can?", and Mandarin's request particle (取消嘛, 帮我取消了嘛).
#: "can I cancel?", "should I cancel?" ask whether, and stay questions.
ASKED_FOR_A_CANCEL: Final = re.compile(
    r"(?<![a-z])(?:can|could|would) (?:you|u) (?:pls |please )?(?P<asked>cancel[^?？]{0,40})[?？]*"
    r"|(?<![a-z])(?:can )?(?P<for_me>cancel (?:for|4) me)(?: can)?[?？]*"
    r"|(?<![a-z])(?P<can>cancel) can[?？]+|(?P<particle>取消)了?嘛(?![?？])"
)


def _as_asked(match: re.Match[str]) -> str:
    said = match["asked"] or match["for_me"] or match["can"]
    return f"{said}." if said else match["particle"]


def not_asking_set_aside(text: str, intent: Intent) -> str:
    """``text`` (a reply with spaces where English meets Chinese), read as ``intent``, without
    呢 as "this" or a soft yes's, and beside a cancel without "when" in a promise or the asking
    of a cancel asked for."""
    text = THIS_OR_A_SOFT_YES.sub("这", text)
    if intent is not Intent.CANCEL:
        return text
    text = WHEN_OF_A_PROMISE.sub(r"\1", text)
    return text if COST_OR_RULE.search(text) else ASKED_FOR_A_CANCEL.sub(_as_asked, text)
