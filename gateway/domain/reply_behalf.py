"""Someone answering for the one the booking is for: the text went to the number that booked,
often a relative's, who answers for the mother, the daughter, the husband it was made for
(我替我妈回一下，她那天住院，去不了了; 我阿媽個booking冇問題，佢會嚟㗎; "this is her husband
replying for her, she'll be there saturday"). Said so, with that person named again and an answer
in the reply, it is about the booking the text was about (the service picks that one), and its
answer is read as the customer's: the someone-else stop of the guard (``reply_guard_someone``)
lets it through, a reply the rules read whole and refused for the relative beside its answer
(幫我媽媽確認，她會準時到) goes to the learned reader (``read_for_the_client``), and every other
stop of the guard still applies.

The customer says whom the booking is for in one of four frames (benefactive 替/帮/代/for/on
behalf of, or the person as the booking's possessor):

- answering for them: 我替我妈回一下, 幫阿媽覆, 代替我爸回覆, 帮我婆婆确认, 我妈让我回一下,
  我是她女儿, "replying for my wife", "this is her husband", "confirming for my daughter";
- the booking made for them: 我是帮我妈约的, 是我媽媽預約的, "I booked it for her", "this is for my
  daughter's appointment";
- the answer done for them, or their booking named in it: 幫我阿嬤取消, 幫佢改去星期日, 她的预约
  取消吧, 阿媽個booking冇問題, "cancel my mother's appointment", "cancel for my mum".
- or they are the one coming, beside a yes of the customer's own in a clause of its own (好嘅，我
  阿媽會自己嚟; 好的，我儿子那天会准时到的): a yes about them, unless someone comes with the
  customer or drives them (我女儿陪我一起来, "my son will drop me off": the customer's own).

Where the learned reader reads nothing, the answer the frame says itself (帮我老公取消，他那天要
值班; "cancelling for my wife, she's unwell"; the one coming: a yes) is read, if the guard lets
that answer through.

Then the person is named again outside the frame (她会准时去的, 她腳受傷不方便出門, "she is
unwell"), and the reply holds an answer word or cannot-come: their answer follows. The person is a
parent, grandparent, child or spouse, those one books for; a friend or a sister books for herself,
and an answer for her may be about her own booking (帮我朋友取消一下她的预约, 幫我姊姊取消).

Nothing is let through where the reply holds what the spent sets keep for a person to read:

- the customer's own booking beside (我自己的照旧, 我的不动, "my own appt", "for myself"),
  another (也想约, "too", 帮我妈约的那个, "the one I made for my mum"), or a second person (她和我爸
  都去不了, "both"): which booking, and whose answer?
- the answer left to the person or to later (她会自己回复, 我问问她, 等她回来, "she'll call you",
  "I'll ask her"), or news passed on (她让我跟你们说一声, "she asked me to tell you");
- what the person said passed on beside a question (帮我奶奶回：她说早上去比较好，九点半可以吗:
  ``RELAYED``) and, where the frame only names their booking or does the answer for them, beside
  any answer (我老公的预约，他说来不了; 幫我媽改一下時間 她說週六不行): their words, not yet the
  customer's request — unless the frame changes it for them and their words say when they would
  rather come (幫我老豆改個時間 佢話想早啲 十一點左右: the wish is the request);
- the person named with no answer (我是她老公，她在住院; "this is her husband, she's in hospital").

Conditions, questions, negations and two answers are the guard's other stops, which still run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Final

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import ParsedReply, clauses_of
from gateway.domain.reply_guard_patterns import (
    THE_APPOINTMENT_AS_IT,
    UNABLE,
    WORDS_OF_AN_ANSWER,
    with_spaces,
)
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.taught_phrases import asks, phrase_text

#: What the one the booking was made for said, passed on (她说那天要回诊, 佢话, "she says"): beside
#: the booking made for them and a question (帮我妈预约的那个可以改吗？她说那天要回诊) the customer
#: asks on their behalf what they want, for a person to answer; said, not asked (她说可以，确认),
#: the customer answers with them.
RELAYED: Final = re.compile(
    "(?:她|他|佢)(?:说|讲|话|讲话|表示|那边说)"
    r"|(?<![a-z])(?:she|he|they) (?:says|said|told me|wants|asked)(?![a-z])"
)

#: Those one books for, as ``phrase_text`` spells them (simplified, no spaces), longest first:
#: parents and grandparents, children, a spouse, "family" and "the old one". 仔 and 女 alone only
#: after 个 or 阿 (个仔, 阿女), 先生 and 太太 only after 我 or 她 (我先生; 林先生 signs a name).
_FAMILY: Final = "|".join(
    sorted(
        {
            "妈", "妈妈", "妈咪", "阿妈", "老妈", "老母", "母亲", "爸", "爸爸", "阿爸", "老爸",
            "老豆", "父亲", "奶奶", "爷爷", "阿爷", "嫲嫲", "外婆", "外公", "婆婆", "公公", "阿嬷",
            "阿公", "阿婆", "家婆", "岳母", "岳父", "丈母娘", "老人家", "老人", "老爷子", "老太太",
            "家人", "家里人", "屋企人", "女儿", "闺女", "儿子", "孩子", "小孩", "个仔", "个女",
            "阿仔", "阿女", "孙子", "孙女", "老公", "老婆", "爱人", "丈夫", "妻子", "老伴",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_SPOUSE_TITLE: Final = "(?<=[我她他佢的])(?:先生|太太)"
_FAMILY_EN: Final = (
    "mother|mum|mom|mummy|mommy|mama|ma|father|dad|daddy|papa|grandma|grandmother|granny|nan"
    "|nana|grandpa|grandfather|grandad|granddad|daughter|son|kid|child|husband|wife|hubby"
    "|mother in law|father in law|motherinlaw|fatherinlaw|parents?|grandson|granddaughter"
)
_ONE: Final = f"(?:{_FAMILY}|{_SPOUSE_TITLE})"
#: The person in Chinese: a relative (我妈, 我的女儿, 阿妈) or she, he (其他 is "other").
_PERSON: Final = f"(?:我(?:的|个|嘅)?)?{_ONE}|她|(?<!其)他|佢"
#: The person in English, after ``phrase_text`` (she'll is "shell", Jake's "jakes").
_PERSON_EN: Final = f"(?:my (?:{_FAMILY_EN})|her|him)"
_NAMED_EN: Final = re.compile(
    f"(?<![a-z])(?:she|he|shell|hell|shes|hes|shed|hed|her|him|his|hers|{_FAMILY_EN})(?![a-z])"
)
_NAMED: Final = re.compile(f"{_ONE}|她|(?<!其)他|佢")

#: Answering for them: 我替我闺女回一下, 幫阿媽覆, 代替我爸回覆, 帮我婆婆确认, 我妈让我回一下,
#: 叫我回你们, 我是她女儿, 我是刘大爷的女儿, 我是孩子妈妈; "replying for my wife", "on behalf of
#: my father", "this is her husband", "this is tom's wife", "confirming for my daughter".
_ANSWERING_FOR: Final = re.compile(
    f"(?:替|帮|代替|代表|代)(?:{_PERSON})(?:的)?(?:回|覆|答复|答覆|确认|reply|confirm)"
    "|(?:让|叫)我(?:帮她|帮他|帮佢|替她|替他)?(?:回|覆)(?![来去家老到乡])"
    f"|我(?:是|系)(?:她|他|佢|孩子|小孩|[\u4e00-\u9fff]{{1,5}}(?:的|嘅))(?:的|嘅)?{_ONE}"
    r"|(?<![a-z])(?:(?:replying|reply|answering|answer|responding|texting|writing|messaging"
    r"|confirming|confirm|cancelling|canceling|cancel)(?: this| it)? (?:for|on behalf of)"
    f" {_PERSON_EN}|on behalf of {_PERSON_EN}"
    f"|(?:this is|im|i am) (?:her|his|[a-z]+s) (?:{_FAMILY_EN}))(?![a-z])"
)
#: The booking made for them, or theirs: 我是帮我妈约的, 幫我婆婆預約的, 是我媽媽預約的; "I
#: booked it for her", "this is for my daughter's appointment".
_BOOKED_FOR: Final = re.compile(
    f"(?:帮|替|为|给)(?:{_PERSON})(?:预约|约|book|订)"
    f"|(?:是|系)(?:{_PERSON})(?:预约|约|book|订)(?:的|嘅)"
    r"|(?<![a-z])(?:(?:booked|made) (?:it|this|the booking|the appointment|this booking) for "
    f"{_PERSON_EN}|this is for {_PERSON_EN})(?![a-z])"
)
#: The answer done for them, or their booking named: 幫我阿嬤取消, 帮我妈cancel, 幫佢改去, 请帮他
#: 取消, 她的预约, 阿媽個booking, 佢嘅預約; "cancel my mother's appointment", "move her cut",
#: "cancel hers", "cancel for my mum".
_FOR_THEM: Final = re.compile(
    f"(?:帮|替|给)(?:{_PERSON})(?:的)?(?:取消|改|换|推|延|挪|调|cancel|change)"
    f"|(?:{_PERSON})(?:的|嘅|个)(?:预约|booking|appointment|appt|预定)"
    f"|(?<![a-z])(?:(?:my (?:{_FAMILY_EN})(?: [a-z]+)?s|her|his) (?:appointment|booking|appt"
    r"|cut|haircut|slot)|hers"
    f"|(?:cancel|move|change|reschedule|confirm|cancelling|confirming) (?:it )?for {_PERSON_EN}"
    r")(?![a-z])"
)

#: The person coming to it, a yes about them (我阿妈会准时嚟, 我儿子那天会准时到的, "my daughter
#: will be there"): said beside a yes of the customer's own (好嘅，我阿媽會自己嚟), the booking is
#: theirs and the yes the customer's. Not beside someone who comes with the customer, drives or
#: drops them off (我女儿陪我一起来, 我老公开车送我过去, "my son will drop me off"): the
#: customer's own booking, read as before.
_COMING: Final = re.compile(
    f"(?:我(?:的|个|嘅)?)?(?:{_FAMILY}|{_SPOUSE_TITLE})[^会陪带送接说话讲]{{0,8}}?会"
    "(?:准时|按时|自己|准点)?(?:过来|过去|来|到|嚟|去)"
    f"|(?<![a-z])my (?:{_FAMILY_EN}) (?:will|is going to) (?:be there|come|make it)(?![a-z])"
)
_WITH_THE_CUSTOMER: Final = re.compile(
    "陪|带|送|接|一起|一齐|开车|揸车|等我|(?<![a-z])(?:with me|drop|drive|driving|bring|wait)"
)
_A_YES_OF_ONES_OWN: Final = frozenset({Word.CONFIRM, Word.SOFT_CONFIRM})

#: The customer's own booking named beside theirs, another booking (also, too, the one…), or a
#: second person beside them (她和我爸都去不了): whose answer, and for which booking?
_ANOTHER_BOOKING: Final = re.compile(
    "我自己|自己的|自己那|自己嗰|我的(?:预约|那|这|呢|嗰|照|不|唔|也|还|就|要|改|取消|确认|booking)"
    "|我(?:这|呢|嗰|那)个|也|(?:那|嗰)个(?!月)|多约|再约一个|加一个|都约"
    f"|(?:和|跟|同|与|同埋)(?:{_PERSON}|我)"
    r"|(?<![a-z])(?:my own|mine|myself|for me|me too|i also|my appointment|my booking|my appt"
    f"|too|also|as well|another|one more|the one|that one|both|and (?:my|her|his) (?:{_FAMILY_EN})"
    r")(?![a-z])"
)
#: The answer left to them or to later, or news passed on: 她会自己回复, 我问问她, 等她回来, 转告她,
#: 叫她回你, 她让我跟你们说一声; "she'll call you", "I'll ask her", "get her to text", "asked me
#: to tell you".
_LEFT_TO_THEM: Final = re.compile(
    "自己(?:会)?(?:回|覆|答|联系|打|说|讲|跟|同|确认|call|text)"
    f"|(?:问|问问|问下|问一下|问吓|再问|商量)(?:{_PERSON})|等(?:她|他|佢|{_ONE})|转(?:给|告|达)"
    "|(?:叫|让)(?:她|他|佢)(?:自己)?(?:回|覆|打|联系|跟|同|call)"
    "|(?:让|叫)我(?:跟|同|和|告诉)|说一声|讲一声"
    r"|(?<![a-z])(?:(?:she|he|shell|hell)(?: will| ll)? (?:call|text|ring|reply|get back|let you"
    r" know|confirm|sort|be in touch|contact)|(?:ask|check with|let) (?:her|him)|get (?:her|him)"
    r" to|pass (?:it|this|the message) on|asked me to (?:tell|let)|(?:she|he) (?:asked|wants) me"
    r" to (?:tell|let))(?![a-z])"
)


#: When the person would rather come, in their words passed on (佢话想早啲 十一点左右, 她说想改到
#: 周日上午): what to move to, beside a change done for them (帮我老豆改个时间).
_WANTED_WHEN: Final = re.compile(
    "^(?:想|希望|最好|要)(?:改|换|调|挪|推)?(?:到|去|成|喺)?(?:早|晚|迟|提前|推迟)?[^不唔没冇]{0,6}?"
    "(?:[0-9一二两三四五六七八九十]+ ?(?:点|时)|周[一二三四五六日天]|星期[一二三四五六日天]"
    "|礼拜[一二三四五六日天]|上午|下午|早上|朝早|晏昼|下昼|晚上)"
)


def _wanted_when(frame: str, text: str, relayed: re.Match[str]) -> bool:
    """The ``frame`` changes the booking for them (帮我老豆改), and what they said, ``relayed``
    in ``text``, is when they would rather come (佢话想早啲 十一点左右): their wish is the request,
    not their words alone (幫我媽改一下時間 她說週六不行 stays unknown)."""
    changes = re.match("(?:帮|替|给).*(?:改|换|推|延|挪|调)", frame) is not None
    return changes and _WANTED_WHEN.search(text[relayed.end() :].lstrip()) is not None


def _frame(text: str) -> tuple[re.Match[str], bool] | None:
    """The first frame of ``text`` (a ``phrase_text``) saying whom the booking is for, and whether
    it only names the booking as theirs or the answer as done for them (``_FOR_THEM``)."""
    for pattern in (_ANSWERING_FOR, _BOOKED_FOR, _COMING):
        found = pattern.search(text)
        if found is not None:
            return found, False
    found = _FOR_THEM.search(text)
    return (found, True) if found is not None else None


#: The answer said in the frame itself (帮我老公取消, 幫我女兒確認, "cancelling for my wife",
#: "confirming on behalf of my son"): what the customer does for them, whatever else the reply
#: says of why. Not a change: 帮我老公改到周日，他那天加班 — 那天 may be the new day.
_SAID_IN_THE_FRAME: Final = (
    (Intent.CONFIRM, re.compile("确认|confirm")),
    (Intent.CANCEL, re.compile("取消|cancel")),
)


#: The frame's answer said as a gerund ("cancelling for my wife"), which the rules do not read.
_GERUND_OF_THE_FRAME: Final = re.compile(
    r"(?<![a-z])(cancel|confirm)(?:ling|ing)(?= (?:it |this )?(?:for|on behalf of) )", re.I
)


def _answer_of(frame: str) -> Intent | None:
    """The answer the ``frame`` says, if it says one and only one."""
    if _COMING.fullmatch(frame):
        return Intent.CONFIRM  # 我阿妈会准时嚟: a yes about them
    said = [intent for intent, words in _SAID_IN_THE_FRAME if words.search(frame)]
    return said[0] if len(said) == 1 else None


def _without(words: str, frame: str) -> str:
    """``words`` with the ``frame`` and the appointment as "it" (取消咗佢) blanked: what else
    names the person (幫我阿媽取消咗佢 names her once, in its frame)."""
    spans = [found.span() for found in THE_APPOINTMENT_AS_IT.finditer(words)]
    at = words.find(frame)
    if at >= 0:
        spans.append((at, at + len(frame)))
    return "".join(
        " " if any(start <= index < end for start, end in spans) else char
        for index, char in enumerate(words)
    )


def _their_answer(body: str, frame: str) -> bool:
    """The person named again outside the ``frame`` (她会准时去的, "she is unwell"), and an
    answer in the reply: a word of one, cannot-come, or the frame's own ("cancelling for my wife,
    she's unwell"); a reason alone answers nothing."""
    coming = _COMING.fullmatch(frame) is not None
    named, answered = coming, _answer_of(frame) is not None and not coming
    clauses = clauses_of(body) or []
    for index, clause in enumerate(clauses):
        words = phrase_text(clause)
        rest = _without(words, frame)
        read = {w for w in meanings(clause, body, last=index == len(clauses) - 1) if w}
        if coming:  # a yes of the customer's own, in a clause beside theirs (好嘅，我阿媽會嚟)
            answered = answered or bool(rest == words and read & _A_YES_OF_ONES_OWN)
            continue
        answered = answered or bool(read & WORDS_OF_AN_ANSWER or UNABLE.search(words))
        named = named or bool(_NAMED.search(rest) or _NAMED_EN.search(with_spaces(rest)))
    return named and answered


def answers_for_the_client(body: str) -> bool:
    """``body`` answers for the one its booking is for, a relative the customer names: a frame
    (answering for them, the booking made for them, the answer done for them or their booking
    named), the person named again and an answer, and nothing that leaves it to a person
    (another booking, the customer's own or a second person; the answer left to them or to
    later; their words passed on beside a question)."""
    text = phrase_text(body)
    frame = _frame(text)
    if frame is None or _ANOTHER_BOOKING.search(with_spaces(text)):
        return False
    if _COMING.fullmatch(frame[0].group()) and _WITH_THE_CUSTOMER.search(with_spaces(text)):
        return False  # 我女儿陪我一起来: the customer's own booking
    found, theirs_only = frame
    if _LEFT_TO_THEM.search(with_spaces(text)):
        return False
    relayed = RELAYED.search(text)
    if relayed and (theirs_only or asks(body)) and not _wanted_when(found.group(), text, relayed):
        return False  # 我老公的预约，他说来不了: their words, not the customer's request
    return _their_answer(body, found.group())


def read_for_the_client(
    body: str,
    parsed: ParsedReply,
    learned: Callable[[str, ParsedReply], Intent | None],
    guard: Callable[[str, Intent, ParsedReply], object | None],
) -> Intent | None:
    """What ``learned`` (the learned reader behind its guard) reads in ``body``, which the rules
    read whole (``parsed``) and left unclear, when it answers for the one its booking is for: the
    rules refuse a relative beside an answer (幫我媽媽確認，她會準時到; "cancel for my mum, she's in
    hospital") as someone else's answer, which here it is not. Where ``learned`` reads nothing,
    the answer the frame says (帮我老公取消), if ``guard`` finds nothing against it. None for any
    other reply."""
    if parsed.intent is not Intent.UNKNOWN or parsed.question is not None:
        return None
    if not answers_for_the_client(body):
        return None
    unread = replace(parsed, unread=True)
    read = None if parsed.unread else learned(body, unread)  # unread: the caller's was None
    if read is not None:
        return read
    # 帮我老公取消，他那天要值班: the learned reader unsure of the why beside it, the frame says
    # the answer, which the guard must still let through for that answer alone; "cancelling for"
    # said as the answer's own word ("cancel for"), which the rules know.
    frame = _frame(phrase_text(body))
    said = _answer_of(frame[0].group()) if frame is not None else None
    reworded = _GERUND_OF_THE_FRAME.sub(r"\1", body)
    return said if said is not None and guard(reworded, said, unread) is None else None
