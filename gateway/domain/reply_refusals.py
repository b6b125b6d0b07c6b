"""What the reply parser refuses before it reads words (``replies.parse_reply``): a Chinese yes/no
question's form (会不会来, 去唔去, 要不), "let me check" (确认一下, unless a yes follows
it), a soft yes that trails off (好吧……), and, in a question, how much notice a change
needs. Each can hide inside a reply whose words would otherwise line up into padding and a
phrase.

Pure: the standard library and the parser's lexicon.
"""

from __future__ import annotations

import re
from typing import Final

from gateway.domain.reply_lexicon import Word, meanings

# Chinese yes/no questions repeat a word around 不/没 (会不会来, 来没来, 要不要), and 要不 is "how
# about". Both can hide inside an otherwise clean reply: 会不会来 reads as the padding 会 followed
# by the cancel phrase 不会来, so they are refused before the phrases are read. 能不能, 可不可(以)
# and 方不方便 are let through: they ask for a change (能不能改个时间) and are read as such, and
# beside any other reply word they leave it unclear. Cantonese asks the same way with 唔 (去唔去).
# 确认一下 / 确认下 is as often "let me check" (确认一下再说, 等我确认下时间) as "I confirm", so
# it is refused too, unless 没问题 follows at once (确认一下，没问题: checked, and it is fine) or
# a clause of its own is followed by a yes in so many words (我确认一下，我会过去的; see
# ``checked_then_confirmed``). 有没有空位 asks what is free, like 还有位置吗.
HEDGE: Final = re.compile(
    r"(?!能不能|可不可|方不方|可唔可|得唔得|有没有[空位时])(\S)[不没唔]\1|要不"
)
CHECKING: Final = re.compile(r"确认一?下(?!午| ?没问题)")
# "I'll check" as a clause of its own (a tag may close it: 确认一下吧, 确认一下哈), which a yes in
# another clause answers.
_CHECKING_CLAUSE = re.compile(r"我?确认一?下[吧啊呀哈啦嘛喔哦]?")
# Not after a word of waiting or of what is still to do (等我确认一下啊, 我先确认一下吧).
_CLOSED_CHECK = re.compile(
    r"(?<![等让先再要得去来])(?<![等让先再要得去来]我)(我?确认一?下[吧啊呀哈啦嘛喔哦])"
)

#: A reply that ends trailing off: two or more dots or full stops, or an ellipsis.
TRAILING_OFF: Final = re.compile(r"(?:[.．。]{2,}|…+|⋯+)[\s~～]*$")


def checked_then_confirmed(clauses: list[str], body: str) -> bool:
    """确认一下 ("let me check") is a clause of its own, and a later clause says yes in so
    many words (我确认一下，23号下午两点我会过去的): checked, and coming; or a bare 确认一下
    follows a yes (她那天会准时来，确认一下): the customer confirming. 我确认一下 after a yes
    (会准时到，我确认一下) is the customer still to check; a soft ok is no yes (好的，我确认
    一下)."""
    # 确认一下 closed by a tag mid-clause ends a clause of its own, written without a comma
    # (好的那个我确认一下啊周六下午两点过来没问题的: checked, then the yes).
    clauses = [piece for clause in clauses for piece in _CLOSED_CHECK.split(clause) if piece]
    for index, clause in enumerate(clauses):
        if CHECKING.search(clause):
            if not _CHECKING_CLAUSE.fullmatch(clause):
                return False  # 确认一下再说, 等我确认下时间
            last = len(clauses) - 1
            return any(
                Word.CONFIRM in meanings(piece, body, last=at == last)
                for at, piece in enumerate(clauses)
                if at > index or (at < index and not clause.startswith("我"))
            )
    return False


#: The request's own instruction quoted back (确认请回复确认, 回复「确认」确认预约, "reply 1 to
#: confirm"): how to answer, copied, not an answer. 回复确认 alone ("replying: confirm") answers.
INSTRUCTION: Final = re.compile(
    r"请回复|回复\s*(?:确认|变更|改期|取消|[123])\s*(?:以|来|即可|就)?\s*(?:确认|变更|改期|取消)"
    r"|(?<![a-z])reply\s+(?:[a-z0-9]{1,3}|yes|confirm|cancel|change)\s+to\s+"
    r"(?:confirm|cancel|change|reschedule)"
)

#: How much notice a change needs, asked (改约是不是要提前24小时说, 需要提前一天通知吗,
#: 改约要提前24小时吗, 要唔要提早24个钟讲): 提前 after a word of obligation or a change's own
#: 要, or with a span of time and a verb of telling, is how early to say so — not a wish to
#: come earlier (能提前一个小时吗 is one).
NOTICE_ASKED: Final = re.compile(
    "(?:是不是|是否|要不要|需不需要|需要|必须|一定要|得要|要唔要|使唔使|使不使|系咪要)要?提[前早]"
    "|(?:改约|改期|改时间|变更|取消|换时间)(?:的话)?要提[前早]"
    "|提[前早][0-9一二两三四五六七八九十几半]+ ?个? ?(?:小时|钟头|钟|天|日|礼拜|星期|周)"
    "[^，,。？?！!；;]{0,4}?(?:说|讲|通知|告诉|告知|知会|打招呼|联系|报备)"
)
