"""Clauses beside the answer that are no answer of their own: an answer set aside, and the story
around a yes.

An answer set aside names one answer only to say it is not the one: negated (不用改期，直接取消;
不取消哈，就是想往后挪一个钟头; "not cancelling! just need a later time") or abandoned before the
decision (本来想取消的，后来想想还是去吧; "was going to ask to move it but actually Saturday 2 is
fine"). Read whole, such a reply holds two answers and a no, and stays unclear; read without the
set-aside clause, it says the other answer. So the rest is read on its own (by the rules, or the
learned reader and its guard, ``reply_guard.learned_intent``), and it counts only when it is an
answer *other* than every one set aside: 不用改期，改到周五 (the same answer denied and said) and
不用改期 alone (nothing left) stay unclear, and so does whatever the rest cannot settle by
itself (我再想想, 现在不知道, a condition, a question, someone else).

The story around a yes: how the cut is wanted (还是上次那样剪短点, 麻烦跟Lily说一声, "same as
last time"), being free then (我周六下午没事, 那天刚好放假, "I'm free then"), the hair needing it
(上次Lily说我这头发该修了, "my hair is a disaster lol") and a sign-off (在车上不多说了, "gotta
run"). None of these answers anything; beside a yes each hid it (a 还是 read as a condition, a
没事 as a no, 上次 as a past visit, "disaster" as trouble). They are set aside only when what is
left is a yes: 我周六下午没事，能改到下午吗 is no yes, and stays as it was read. An excuse for
answering late (刚看到信息，一直在开会; "sorry just saw this, been in meetings all day") is story
too.

A cancel's sign-off: a promise to book again later (等好了再约你, "I'll rebook when things calm
down"), regret at missing it (本来还挺期待的) and asking for no more texts (以后也不用给我发了: the
product stops texting only on 退订 / STOP, so here it is the cancel's goodbye). Each hid the cancel
(再约 read as a change, 不用 as a no). Set aside only beside a cancel said in so many words (取消,
cancel): 去不了，下次再约 leaves open whether to cancel or move (``SOMETIME_LATER``), and a
sign-off naming a day (取消吧，下周六再约), a condition, a question or someone else is none.
Leaving the area for good (以后也不在这边了, "moving away") says why no visit comes again: beside
a cancel or a cannot-come (不来了 搬家了 以后也不在这边了), the cancel; never a move.

Pure: regular expressions over the reply as ``replies.normalise`` writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import ParsedReply, clauses_of, normalise, parse_reply
from gateway.domain.reply_lexicon import Word, meanings

# Answer words, by the answer they say (the head of a set-aside clause).
_CHANGE_ZH: Final = (
    "(?:改期|改约|改时间|改个时间|改下时间|改|换时间|换个时间|调时间|调整时间|调|推迟|推后|延后"
    "|延期|往后挪|挪|另约)"
)
_CANCEL_ZH: Final = "(?:取消|退掉|退约)"
# "change" only with what changes: "not changing" alone is a yes said in the negative (the plan
# is not changing), which beside a cancel is two answers.
_CHANGE_EN: Final = (
    "(?:reschedul\\w*|re-schedul\\w*|chang\\w* (?:the |my )?(?:time|date|day|it|anything)|mov\\w*"
    "|push\\w*(?: it)?(?: back)?|postpon\\w*)"
)
_CANCEL_EN: Final = "(?:cancel\\w*)"
_OBJECT_EN: Final = (
    "(?: it| anything| the (?:appointment|booking|time|date)| my (?:appointment|booking))?"
)

# A no before the answer (不用, 不, 没打算, 唔使, 别): the whole clause is that no and that answer,
# with politeness and 了 around it (也不用改期了, 不取消哈); 不取消的话 (a condition) is more.
_NO_ZH: Final = (
    "(?:我|我们)?(?:也|都|就|并)?(?:不用|不需要|无需|不必|唔使|唔驶|唔需要|没打算|没想|冇打算|不打算"
    "|不想|不是要|不是想|不是|不会|不要|唔好|唔要|不|唔|别|莫)(?:再|去)?(?:帮我)?"
)
# Cantonese 住 ("for now": 唔使幫我取消住) is 先.
_TAIL_ZH: Final = "(?:预约|时间)?(?:了|啦|哈|哦|喔|的|喇|嘞|咯|啰|嘛|先|住)*"
# Abandoned: meant before and then decided otherwise (本来想取消的, 原本打算改期).
_MEANT_ZH: Final = (
    "(?:我|我们)?(?:本来|原本|本身|原来|之前|刚才|刚刚|本)(?:是)?"
    "(?:想|打算|准备|要|想要|想着|谂住)(?:要|去)?"
)
_BUT_ZH: Final = "(?:但是|但|不过|可是|后来|结果)?"
_NO_EN: Final = (
    "(?:im |i am |we are |were )?(?:not|no need to|dont need to|do not need to|"
    "not going to|not gonna|wont|will not|dont want to|dont wanna|dont|do not|pls dont|please dont)"
)
_MEANT_EN: Final = (
    "(?:i |we )?(?:was|were|had been) (?:going to|gonna|about to|planning to|thinking of"
    "|thinking about)|(?:i |we )?(?:wanted to|meant to|had planned to|was planning to)"
)

#: A clause that is only a no to one answer, or that answer meant once and let go.
_SET_ASIDE: Final = {
    Intent.CHANGE: re.compile(
        f"{_NO_ZH}{_CHANGE_ZH}{_TAIL_ZH}|{_MEANT_ZH}{_CHANGE_ZH}{_TAIL_ZH}{_BUT_ZH}"
        f"|{_NO_EN} {_CHANGE_EN}{_OBJECT_EN}"
    ),
    Intent.CANCEL: re.compile(
        f"{_NO_ZH}{_CANCEL_ZH}{_TAIL_ZH}|{_MEANT_ZH}{_CANCEL_ZH}{_TAIL_ZH}{_BUT_ZH}"
        f"|{_NO_EN} {_CANCEL_EN}{_OBJECT_EN}"
    ),
}
#: Inside a clause, the answer meant once and then "but": "was going to ask to move it but
#: actually Saturday 2 is fine" (本来想取消但还是去吧): what follows is the decision.
_MEANT_THEN_BUT: Final = {
    Intent.CHANGE: re.compile(
        f"^(?:{_MEANT_EN}) (?:ask (?:you )?(?:to|for|about) (?:a )?)?{_CHANGE_EN}{_OBJECT_EN}"
        " (?:but|however)(?: actually| then| now)?(?= )"
        f"|^{_MEANT_ZH}{_CHANGE_ZH}{_TAIL_ZH}(?:但是|但|不过|可是|后来)"
    ),
    Intent.CANCEL: re.compile(
        f"^(?:{_MEANT_EN}) (?:ask (?:you )?(?:to|for|about) (?:a )?)?{_CANCEL_EN}{_OBJECT_EN}"
        " (?:but|however)(?: actually| then| now)?(?= )"
        f"|^{_MEANT_ZH}{_CANCEL_ZH}{_TAIL_ZH}(?:但是|但|不过|可是|后来)"
    ),
}

#: A day or a time named by its name or number (周六, 下午, 两点; not 那天, "then"): a story
#: clause naming one may offer that time, so only a yes in so many words stands beside it.
_NAMED_WHEN: Final = re.compile(
    "[周星期礼拜][一二三四五六日天]|[今明后]天|[上下]午|早上|晚上|[0-9一二两三四五六七八九十]点"
    r"|[0-9]|(?<![a-z])(?:mon|tue|wed|thu|fri|sat|sun|today|tomorrow|morning|afternoon|evening)"
)
# The story around a yes, a clause at a time (searched: a clause holding one is story).
_A_DAY: Final = (
    "(?:那天|那日|当天|到时|到时候|这天|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]"
    "|今天|明天|后天|[上下]午|早上|晚上|那个时间|那个点|那时)"
)
_STORY: Final = re.compile(
    # How the cut is wanted, or word of it to the stylist (还是上次那样剪短点, 跟Lily说一声).
    "还是上次|跟上次一样|和上次一样|同上次一样|照上次|上次那样|老样子|剪短|修短|打薄|修一修|修一下"
    r"|(?:跟|和|同|告诉|通知)\w{1,8}?(?:说一声|讲一声|讲声|说声|说下|讲下)"
    r"|(?<![a-z])(?:same as (?:last time|before|usual)|the usual|just a trim|a bit shorter"
    r"|shorter this time|tell \w+ (?:same|the usual|i want|i need|to))(?![a-z])"
    # Free then (我周六下午没事, 那天刚好放假, "I'm free then").
    f"|{_A_DAY}[^，,。 ]{{0,6}}(?:没事|没什么事|有空|得闲|放假|休息|休假|没安排)"
    "|(?:刚好|正好|啱好)(?:放假|休息|休假|有空|得闲)"
    r"|(?<![a-z])(?:im free|i am free|free all|free that|free on|day off|off that day"
    r"|nothing on|no plans)(?![a-z])"
    # The hair needing it (头发该修了, 太长了, "my hair is a disaster").
    "|头发[^，,。 ]{0,8}(?:该修|该剪|太长|好长|长了|乱|毛躁|糟|分叉)|该修了|该剪了"
    r"|(?<![a-z])(?:my hair (?:is|looks|has been)|hair is a|needs? a (?:cut|trim) badly)"
    r"(?![a-z])"
    # An excuse for answering late (刚看到信息，一直在开会; "sorry just saw this, been in meetings
    # all day").
    "|(?:刚|才|刚刚)(?:看到|看见|睇到)|一直在(?:开会|忙|上班)|忙了一(?:天|整天)"
    r"|(?<![a-z])(?:(?:just|only) (?:saw|seen|read|got) (?:this|your|ur|the)"
    r"|(?:late|slow) (?:reply|response)|been (?:in meetings|in a meeting|busy|swamped|tied up"
    r"|working|at work))(?![a-z])"
    # A sign-off (在车上不多说了, 先这样, "gotta run").
    "|不多说了|先不说了|先不聊了|先这样|回头聊|先挂了|在开车|在车上"
    r"|(?<![a-z])(?:gotta run|gotta go|driving|ttyl|talk later)(?![a-z])"
)
#: A clause that also asks for, refuses or leaves open something is no story: 麻烦跟Lily说一声
#: 我要改期; 我问下老板那天放不放假再说 (放不放, an A-not-A question: whether free is not known).
_NOT_STORY: Final = re.compile(
    "改|换|推|挪|取消|退|延|提前|早点|晚点|迟|去不|来不|没空|唔得|不行|不能|吗|(?<!什)么|再说"
    "|问下|问问|看下|看看|不知|唔知|如果|的话|可能|也许|等|的时候"
    r"|([\u4e00-\u9fff])[不唔没冇]\1"
    r"|(?<![a-z])(?:cancel\w*|resched\w*|move|change|later|earlier|cant|cannot|wont|not|if|maybe"
    r"|might|idk|unless|when|whenever|once)(?![a-z])"
)

#: A cancel's sign-off, a clause at a time: a promise to book again some day (等好了再约你,
#: 以后有空再约, "I'll rebook when things calm down"), regret at missing it (本来还挺期待的, "was
#: looking forward to it"), and asking for no more texts (以后也不用给我发了, "no need to text me
#: anymore": the product stops texting only on 退订 / STOP; here it is the cancel's goodbye).
_SIGN_OFF: Final = re.compile(
    "(?:等|之后|以后|回头|改天|下次|到时|有空|忙完|好了)[^，,。 ]{0,8}再(?:约|预约|来约|订|联系)"
    "|本来(?:还)?(?:挺|很|蛮|好|超)?期待"
    "|(?:以后|之后)?(?:也)?(?:不用|不要|别|唔使|唔好)(?:再)?(?:给我|帮我|同我)?"
    "(?:发|发短信|发信息|发消息|通知)(?:短信|信息|消息)?(?:给我)?(?:了|啦|哈)*$"
    # Booking again *later*: "I'll book again" alone may ask for another time now.
    r"|(?<![a-z])(?:(?:i ?ll|i will|will) (?:rebook|re-book|book again|make another booking"
    r"|make another appointment)(?: myself| with you)? (?:later|another time|some ?time|when|once"
    r"|after|in the future|down the line)"
    r"|(?:was|were) (?:really )?looking forward"
    r"|(?:no need to|pls dont|please dont|dont|do not) (?:text|message|sms|msg) (?:me|us)"
    r"|no more (?:texts|messages|reminders))(?![a-z])"
)
#: What a sign-off may not hold: a day or time to book again (取消吧，下周六再约: a move, or
#: a cancel?) is ``_NAMED_WHEN``'s; a condition, a question, another answer or someone else.
_NOT_SIGN_OFF: Final = re.compile(
    "改|换|推|挪|取消|退订|提前|吗|如果|的话|要是|他|她|朋友|老公|老婆|孩子|妈|爸|姐|妹|哥|弟|女儿|儿子"
    "|同事|家人|室友"
    r"|(?<![a-z])(?:cancel\w*|resched\w*|move|change|if|unless|stop|unsubscribe|he|she|his|her"
    r"|they|their|my (?:wife|husband|friend|mum|mom|kid|son|daughter|sister|brother|dad|father"
    r"|mother|partner|boyfriend|girlfriend|colleague|family|roommate)s?)(?![a-z])"
)

#: Leaving the area for good (以后也不在这边了, 要搬走了, "moving away"): why there is no visit
#: again, beside a cancel or a cannot-come (不来了 搬家了 以后也不在这边了), never a move.
_LEAVING_FOR_GOOD: Final = re.compile(
    "(?:以后|之后)?(?:也|都)?不(?:会)?在(?:这边|这里|这儿|附近|本地|这个城市|深圳|上海|北京|广州|香港"
    "|台北)(?:住)?(?:了|啦|咯|喇)*$|(?:要|已经)?搬走(?:了|啦)*$"
    r"|(?<![a-z])(?:(?:im |i am |were |we are )?(?:moving|moved) away"
    r"|(?:im |i am )?(?:no longer|not) (?:living )?(?:in|around) the area any ?more)(?![a-z])"
)

# Where a clause ends; a space between two Chinese characters is a break too (好 到时候去).
_BREAK: Final = re.compile(r"([,.;:!?。、~…，！？；]+|(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f]))")
_APOSTROPHES: Final = str.maketrans("", "", "'’‘`")
_POLITE: Final = re.compile(r"^(?:哈+|啦|呀|啊|吖|lol|haha)$")


@dataclass(frozen=True, slots=True)
class BesideTheAnswer:
    """A reply read without the clauses beside its answer: ``rest``, what is left; ``denied``,
    the answers set aside (never the one read); ``yes_only``: only a yes counts (story was set
    aside, which stands beside nothing else); ``said_yes``: only a yes in so many words (确认,
    准时到, 两点见) for a story naming a day or a time (好的，我周六下午没事 may offer it). Beside
    an answer set aside, a soft yes the rules read alone is not one either (别取消，好的; "got
    it, dont cancel"), as the rules' own ``KEEPING`` has it."""

    rest: str
    denied: frozenset[Intent]
    yes_only: bool
    said_yes: bool = False
    cancel_only: bool = False
    cancel_in_words: bool = False

    def fits(self, read: Intent | None) -> bool:
        """``read``, the rest's reading, is the reply's: an answer set aside by none of these."""
        if read not in (Intent.CONFIRM, Intent.CHANGE, Intent.CANCEL) or read in self.denied:
            return False
        if self.cancel_only:
            return read is Intent.CANCEL and not self.yes_only
        return read is Intent.CONFIRM or not self.yes_only


def read_beside_the_answer(
    body: str, learned: Callable[[str, ParsedReply], Intent | None]
) -> Intent | None:
    """The answer ``body`` says once its set-aside answers and its story are put by: the rest read
    by the rules, or where they cannot read a word of it by ``learned`` (the learned reader and its
    guard), when that is an answer set aside by none (and a yes, beside a story). None otherwise:
    the reply is read whole, as before."""
    aside = beside_the_answer(body)
    if aside is None:
        return None
    reread = parse_reply(aside.rest)
    read = reread.intent if not reread.unread else learned(aside.rest, reread)
    if read is Intent.CONFIRM and not _a_yes_in_words(aside.rest):
        if aside.said_yes or (aside.denied and not reread.unread):
            return None  # 好的，我周六下午没事; 别取消，好的: a soft yes there, a person reads it
    if aside.cancel_in_words and not _said_in_words(aside.rest, Word.CANCEL):
        return None  # 去不了，下次再约: cancel it, or move it? (``SOMETIME_LATER``)
    return read if aside.fits(read) else None


def _a_yes_in_words(rest: str) -> bool:
    """``rest`` holds a yes in so many words (确认, 会到, 两点见), not only 好的 or 可以."""
    return _said_in_words(rest, Word.CONFIRM, Word.SEE)


def _said_in_words(rest: str, *said: Word) -> bool:
    """``rest`` holds one of the words ``said`` (取消 for a cancel; 确认, 两点见 for a yes)."""
    clauses = clauses_of(rest) or []
    found = {word for clause in clauses for word in meanings(clause, rest) if word is not None}
    return bool(found & set(said))


def beside_the_answer(body: str) -> BesideTheAnswer | None:
    """``body`` without its set-aside answers and its story clauses; None when it has none, or
    nothing is left."""
    text = normalise(body).translate(_APOSTROPHES)
    pieces = _BREAK.split(text)
    kept: list[str] = []
    denied: set[Intent] = set()
    story = when = signed_off = leaving = False
    for index in range(0, len(pieces), 2):
        clause = pieces[index].strip()
        mark = pieces[index + 1] if index + 1 < len(pieces) else ""
        words = " ".join(re.sub(r"[^\w]|_", " ", clause).split())
        aside = _set_aside(words)
        if aside is not None:
            denied.add(aside)
            continue
        decided = _decision_after_meant(words)
        if decided is not None:
            aside, words = decided
            denied.add(aside)
            clause = words
        elif _signs_off(words) and not re.search("[?？]", mark):
            signed_off = True
            continue
        elif _leaves_for_good(words) and not re.search("[?？]", mark):
            leaving = True
            continue
        elif _STORY.search(words) and not _NOT_STORY.search(words):
            story, when = True, when or bool(_NAMED_WHEN.search(words))
            continue
        if clause:
            kept.append(clause + mark)
    rest = "".join(kept).strip()
    if not (denied or story or signed_off or leaving) or not rest:
        return None
    if all(_POLITE.match(piece) for piece in rest.split()):
        return None
    return BesideTheAnswer(
        rest,
        frozenset(denied),
        yes_only=story,
        said_yes=when,
        cancel_only=signed_off or leaving,
        cancel_in_words=signed_off,
    )


def _leaves_for_good(words: str) -> bool:
    """``words``, a clause, says the customer leaves the area for good; not someone else
    (我朋友搬走了，取消: whose visit goes is not known)."""
    return bool(_LEAVING_FOR_GOOD.search(words)) and not _NOT_SIGN_OFF.search(words)


def _signs_off(words: str) -> bool:
    """``words``, a whole clause, is a cancel's sign-off and says nothing more."""
    if not _SIGN_OFF.search(words):
        return False
    return not _NOT_SIGN_OFF.search(words) and not _NAMED_WHEN.search(words)


def _set_aside(words: str) -> Intent | None:
    """The answer ``words``, a whole clause, only denies or lets go of; None if it does more."""
    found = [intent for intent, shape in _SET_ASIDE.items() if shape.fullmatch(words)]
    return found[0] if len(found) == 1 else None


def _decision_after_meant(words: str) -> tuple[Intent, str] | None:
    """The answer meant once at the start of ``words`` and the decision after its "but"."""
    for intent, shape in _MEANT_THEN_BUT.items():
        meant = shape.match(words)
        if meant is not None and words[meant.end() :].strip():
            return intent, words[meant.end() :].strip()
    return None
