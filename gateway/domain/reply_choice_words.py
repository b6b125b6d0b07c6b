"""The reply parser's word classes added when the ninth and tenth held-out sets joined the data
(issue 21, tenth pass): how a customer says the answer was chosen — after all, giving it up, a
yes that leads another answer — and a receipt taken as the yes it is meant as.

Data only, written after normalisation like ``gateway.domain.reply_words`` (Traditional spellings
need no entry: OpenCC reads them as Simplified; Cantonese 係 is written 系 there). Read by
``reply_lexicon.led`` and ``given_up``, which say what each means beside the words after it.

Where the words come from: the misses of sixteen labelled sets, each read by a reader trained
without it, grouped by how they were written (docs/replies.md, "Tenth pass"), and the 同义词词林
groups of 还是 (仍旧: after all) and 算了 (作罢 罢了) for the forms a text message writes.
"""

from __future__ import annotations

#: A decision reached after all, leading its answer (the next word but politeness): 还是取消吧,
#: 我还是不去了, 想了想还是改个时间吧, 都係取消啦, 干脆取消. Anywhere else 还是 is "or" (周六还是
#: 周日, 改期还是取消) or "still" (还是找Lily), and stays a word no class knows.
AFTER_ALL: tuple[str, ...] = (
    "还是", "我还是", "那还是", "那就还是", "最后还是", "决定还是", "我决定还是", "想了想还是",
    "我想了想还是", "想想还是", "想一想还是", "考虑了一下还是", "考虑了下还是", "纠结了半天还是",
    "干脆", "那干脆", "我干脆", "索性", "都系", "谂谂下都系", "谂下都系",
)  # fmt: skip

#: Giving it up (作罢 group): leading a cancel or not coming (算了取消吧, 算了不去了) it is
#: politeness; in a clause of its own before an answer a reason, as before (算了，取消吧); after
#: a change or a yes it takes that answer back (我想改时间，算了: a person reads what is meant).
GIVING_UP: tuple[str, ...] = (
    "算了", "那算了", "算啦", "算了吧", "算了算了", "那就算了", "罢了", "作罢",
)  # fmt: skip

#: A yes that leads another answer ("yes cancel", "yeah please reschedule"): as "ok" does, it
#: only agrees to what follows; anywhere else it confirms, as before.
LEADING_YES: tuple[str, ...] = ("yes", "yeah", "yep", "yup")

#: Extends ``SOFT_CONFIRM_PHRASES``: the message received and understood (收到, 知道了, "got it"),
#: which customers asked to reply 确认 write as their yes (102 of 108 labelled replies holding
#: one are a confirm). Alone it confirms, as 好的 does; beside another answer it is politeness
#: (收到，取消); beside a reason, a no or a question it stays unclear, as every soft yes does.
RECEIPT: tuple[str, ...] = (
    "收到", "收到了", "收到啦", "收到喇", "知道了", "知道", "知道喇", "明白", "明白了", "了解",
    "了解了", "晓得了", "懂了", "记住了", "got it", "noted", "ok noted", "will note",
)  # fmt: skip
