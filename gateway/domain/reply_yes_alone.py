"""A yes said in a clause of its own, beside another answer: coming on a day (我周六来), the time
suiting (下午先去收拾一下正好), the place asked to be kept (留住个位俾我, "hold my spot"). The
guard reads such a clause as a yes, so a change or a cancel the learned reader finds beside it
is two answers, for a person (as 我会来，但想改个时间 is for the rules)."""

from __future__ import annotations

import re
from typing import Final

#: Coming on a day, in a clause of its own (我周六来, 明天我过去, 我礼拜六要去, southern 我礼拜六
#: 有要去 "will go"): a yes to that day, never a change: beside a change asked for it is two
#: answers, as 我会来，但想改个时间 is (我周六来，但是想改成周日, the twenty-fifth blind set's one
#: wrong reading, that row read, was read as a change), and alone the reader's change stops (the
#: thirty-second set's 有啦 我礼拜六有要去 was read as a change: 礼拜六 leans to a change in its
#: data, where customers name the day they move to).
COMING_ON_A_DAY: Final = re.compile(
    "(?:我们?)?(?:今天|明天|后天|(?:这|下)?(?:周|星期|礼拜)[一二三四五六日天])(?:我们?)?"
    "(?:会|准时|按时|要|有要|有|一定|肯定)?(?:过来|过去|来|到|去)[了的啦哈吧]?"
)
#: The time suiting, said at a clause's end (下午先去收拾一下正好, 時間剛剛好, "perfect timing"): a
#: yes, which beside a change is two answers (training set s: a wedding that evening, the visit
#: before it "just right", read as a change). 刚好 inside a clause is "happens to" (那天刚好有事).
TIME_SUITS: Final = re.compile(
    "(?:正好|正正好|刚刚好|刚好|啱啱好|啱好)[的啊呀了啦哈嘛喔哦]*$"
    "|(?<![a-z])(?:perfect|good|great) timing$"
)

#: The place asked to be kept, as a whole clause (留住个位俾我, 帮我留着位, "pls hold my spot"):
#: training set r's 嚟緊嚟緊，留住個位俾我 ("coming, keep my place") was read as a cancel at 6.0
#: once sets s and t joined. A no before it (不用留位, 唔好留位俾我) is not this whole clause.
KEEP_MY_PLACE: Final = re.compile(
    "(?:请|麻烦|帮我|同我|给我|俾我|畀我)*(?:留住|留着|保留|预留|留)(?:个|一个|嘅|我的|我嘅)?"
    "(?:位|位置|位子|档期|预约)(?:俾我|畀我|给我)?[啊呀吧哦喔啦喇啰]*"
    r"|(?:pls |please )?(?:keep|hold|save) (?:my|the|a|me a) (?:spot|slot|seat|place|booking)"
    "(?: for me)?(?: pls| please)?"
)


def a_yes_of_its_own(clause: str) -> bool:
    """A clause (as ``clauses_of`` gives it) that is a yes on its own: coming on a day, the
    time suiting at its end, or the place asked to be kept."""
    return bool(
        COMING_ON_A_DAY.fullmatch(clause)
        or TIME_SUITS.search(clause)
        or KEEP_MY_PLACE.fullmatch(clause)
    )
