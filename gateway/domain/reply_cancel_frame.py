"""An answer said in a frame the rules do not read, written back into one they do.

The rules read a reply word by word and refuse one they do not know; some replies hold an
answer in so many words inside a frame that adds nothing to it but is no word of theirs:

- A request's particle after the cancel asked for: southwestern 嘛 (帮我取消嘛, 不去咯，取消嘛,
  给我取消了嘛: "go on, cancel it"), read as 吧, as after giving up (算了嘛，不来了). 嘛 is also
  the slip for 吗, so never beside a question mark (取消嘛？), 取消了嘛 only in a request made of
  the salon (alone it may ask whether it is done), and the rules still read what leads it
  (能帮我取消嘛 asks; 先别帮我取消嘛 withholds it). Wu's verb complement 脱 (取消脱 "cancel it
  off") is 掉.
- A slip corrected with an asterisk, the convention of chat: the word after * replaces the
  one before it (取笑 *取消; "cancle *cancel"), so the reply is read as corrected, whatever it
  then says (cancel *confirm is a yes); a clause saying it was a typo (打错字了) goes with it.
- A doctor's advice to refrain given as the reason in a clause of its own (医生说最近别折腾头发，
  预约先取消了吧; 取消，医生说先别折腾头发; "doctor says I need to rest, please cancel"): why,
  not a no to anything. The clause is set aside only when it advises against something (别,
  不能, 休息, "rest") and holds no answer word, no condition and no one else.
- Formal English not attending ("I regret I shall not be attending", "I shall be unable to
  attend", "I will not be able to keep the appointment"), with its letter's greeting (Dear
  Lily) and signature (Mr Tan), read as "I can't make it".
- A northern filler clause before the answer (那啥 "um, well"); 那啥时候 asks "then when?" and
  is no clause of its own.
- The appointment named by its day and 的 before 不要了 (这周六的不要了, 这次的不要了: "the
  Saturday one, I don't want it"), read as 这周六的预约不要了.
- Singapore's "can?" after a cancel asked of the salon ("cancel for me can?", "pls cancel can?"):
  a request's tag, not a question. Only where the clause asks it of the salon (for me, help me,
  pls): "cancel can?" may ask whether it can be, and "can or not?" asks.

The frame written back is read by the rules, and where they leave it unclear by the learned
reader behind its guard: the frame never hides a word of the reply's own, so a question, a
condition, someone else's booking or a membership (帮我取消会员嘛) stays what it was. Only a
cancel is taken from a frame, but for a slip corrected: the correction says what was meant.

Pure: the parser's normalisation, clauses and word classes, and the guard's patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from gateway.domain.lifecycle import Intent, refs_named
from gateway.domain.replies import ParsedReply, clauses_of, normalise, parse_reply
from gateway.domain.reply_guard_patterns import CONDITIONS, WORDS_OF_AN_ANSWER
from gateway.domain.reply_lexicon import Word, meanings
from gateway.domain.taught_phrases import asks, phrase_text

_CJK: Final = r"[\u4e00-\u9fff]"
_CLAUSE_END: Final = r"\s,.;:!?。、~…，！？；："

#: 嘛 after the cancel asked for (取消嘛, 取消掉嘛), or after 取消了 in a request made of the
#: salon (帮我/给我 … 取消了嘛; alone 取消了嘛 may ask whether it is done), and after giving up
#: leading the reply (算了嘛，不来了，取消). The question mark is looked for before.
_REQUEST_PARTICLE: Final = re.compile(
    rf"((?:帮|给)(?:我|俺)[^{_CLAUSE_END}]{{0,10}}?取消(?:了|掉|脱)?|取消(?:掉|脱)?|^算了)嘛"
)
#: Wu's complement 脱 (掉) after the verb.
_WU_OFF: Final = re.compile("取消脱")

#: A slip and its correction: the word before the asterisk, the word after it.
_SLIP: Final = re.compile(rf"([a-z]+|{_CJK}+) ?\*+ ?([a-z]+|{_CJK}+)")
#: A clause saying there was a typo (打错字了, 不好意思打错了, "sorry typo").
_TYPO_NOTE: Final = re.compile(
    "(?:不好意思|抱歉|sorry|sry|oops)?(?:打错字|打错|错字|错别字|手滑|typo|typos|autocorrect)"
    "(?:了|啦|哈|呀|咯)*"
)

#: A doctor's advice leading a clause (医生说, 大夫让我, 遵医嘱, "doctor says", "on doctor's
#: advice").
_DOCTORS_ADVICE: Final = re.compile(
    "(?:(?:我|俺)的?)?(?:医生|大夫|医师)(?:跟我|和我)?"
    "(?:说|讲|让|叫|建议|嘱咐|交代|交待|要求|吩咐|不让|不许|要我)"
    "|(?:按|遵|听)(?:照|从)?(?:医生|大夫)?的?(?:医嘱|建议|嘱咐)"
    r"|(?:my |the )?(?:doctor|doc|gp)s? (?:says|said|told me|advised|advises|wants me"
    r"|recommends|recommended|ordered)(?![a-z])"
    r"|(?:on|per) (?:my )?(?:doctor|doc|gp)s? (?:advice|orders)"
)
#: What a doctor advises against or for instead (别, 不能, 休息; "rest", "avoid", "no"): a
#: reason to stay away. 医生说没事了 beside 取消 advises nothing of the kind, and stays unclear.
_REFRAINING: Final = re.compile(
    "别|不要|不能|不可以|不让|不许|不宜|不适合|少|避免|暂时不|先不|休息|静养|卧床|养着|住院"
    r"|(?<![a-z])(?:rest|avoid|no|not|dont|shouldnt|cannot|cant|bed|stay home|stay in)(?![a-z])"
)
#: Someone else named in the reason (医生说我老婆…, 他): whose visit it is may be theirs.
_THIRD_PERSON: Final = re.compile(r"[他她]|(?<![a-z])(?:he|she|his|her)(?![a-z])")

#: Formal English not attending, with what may lead it (I regret that, regrettably).
_FORMAL_NOT_ATTENDING: Final = re.compile(
    r"(?:(?:i )?regret(?: that| to say(?: that)?| to inform you(?: that)?)? ?,? "
    r"|(?:regrettably|unfortunately|sadly),? )?"
    r"i (?:shall|will|would|am)? ?"
    r"(?:not be (?:attending|coming|able to (?:attend|come|make it|keep))"
    r"|be unable to (?:attend|come|make it|keep)|unable to (?:attend|keep))"
    r"(?: (?:the|my|our|this) (?:appointment|booking))?"
    # Then the clause ends or says when: "not be coming late", "alone", "on time", "the first
    # half" say how the customer comes, not that she does not.
    r"(?=$|[,.;:!]| (?:on (?!time)|this |next |tomorrow|today|tonight|at |in the ))"
)
_CANT_MAKE_IT: Final = "i cant make it"
#: A letter's greeting (dear lily) and signature (mr tan, mrs wong), each a clause of its own.
_GREETING: Final = re.compile("dear(?: [a-z]+){1,2}")
_SIGNATURE: Final = re.compile(r"(?:mr|mrs|ms|miss|mdm|madam|dr)\.? ?[a-z]+(?: [a-z]+)?")

#: A northern filler said as a clause of its own before the answer (那啥 "um, well").
_FILLER: Final = re.compile("(?:那啥|那个啥|就那啥|那什么)(?:哈|啊|呀)?")


#: The appointment named by its day (or 这次) and 的, before 不要了: 这周六的不要了.
_DAYS_ONE: Final = re.compile(
    "((?:这|今|本|下)?(?:周|星期|礼拜)[一二三四五六日天]|这次|今天|明天|后天|那天)的"
    "(?=不要(?:了|啦|咯|喇|嘞))"
)
#: Singapore's "can?" closing a clause (up to the tag), and a cancel asked of the salon in it.
_CAN_TAG: Final = re.compile(r"([^,.;:!?，。！？]*?) can ?\?+")
_ASKED_OF_THE_SALON: Final = re.compile(
    r"(?<![a-z])(?:cancel\w*(?: it)? for me|(?:help me|pls|please|plz) cancel\w*)(?![a-z])"
)

_ANSWERS: Final = frozenset({Intent.CONFIRM, Intent.CHANGE, Intent.CANCEL})


@dataclass(frozen=True, slots=True)
class Framed:
    """A reply written back into words the rules read; ``corrected``: by a slip's correction."""

    text: str
    corrected: bool


def _corrected(match: re.Match[str]) -> str:
    """The slip replaced by its correction; the text as it was when the word before the asterisk
    is no slip of the one after it (不 *取消, 取消 *确认: a change of mind a person reads)."""
    slip, fix = match.group(1), match.group(2)
    if slip.isascii() != fix.isascii():
        return match.group()
    if fix.isascii():
        return fix if _a_slip_of(slip, fix) else match.group()
    # 别取笑*取消: the slip is as long as its correction; what leads it (别) is the reply's own.
    slip_only = slip[-len(fix) :]
    if len(slip_only) != len(fix) or not set(slip_only) & set(fix):
        return match.group()
    return slip[: -len(fix)] + fix


def _a_slip_of(slip: str, fix: str) -> bool:
    """An English ``slip`` is a typo of ``fix``: the same first letter, the same letters but
    for one or two (cancle, canel, cancell for cancel; not confirm for cancel)."""
    if slip[0] != fix[0] or abs(len(slip) - len(fix)) > 2:
        return False
    shared = sum(min(slip.count(c), fix.count(c)) for c in set(fix))
    return len(fix) - shared <= 2 and len(slip) - shared <= 2


def _doctors_advice(clause: str, body: str) -> bool:
    """``clause`` gives a doctor's advice as a reason, and says nothing else that matters."""
    if not _DOCTORS_ADVICE.match(clause) or _THIRD_PERSON.search(clause):
        return False
    if not _REFRAINING.search(clause):
        return False  # 医生说没事了: no reason to stay away
    if CONDITIONS.search(phrase_text(clause)):
        return False  # 医生说要是还疼就取消吧: a condition
    read = set(meanings(clause, body))
    return not read & WORDS_OF_AN_ANSWER and Word.KIN not in read


def _untagged(match: re.Match[str]) -> str:
    """A clause's "can?" dropped where the clause asks a cancel of the salon."""
    clause = match.group(1)
    if _ASKED_OF_THE_SALON.search(clause) and not clause.endswith(" or not"):
        return clause + ","
    return match.group()


def reframed(body: str) -> Framed | None:
    """``body`` written back into words the rules read (see the module's docstring); None when
    it holds no such frame."""
    text = normalise(body)
    untagged = _CAN_TAG.sub(_untagged, text)
    if "?" in untagged or "？" in untagged:
        return None  # 取消嘛？, "shall I not be attending?": asked
    if clauses_of(untagged) is None or len(refs_named(untagged)) > 1:
        return None  # too long to be read, or two appointments named: the rules read neither
    written = _DAYS_ONE.sub(r"\1的预约", untagged)
    written = _WU_OFF.sub("取消掉", _REQUEST_PARTICLE.sub(r"\1吧", written))
    slips = _SLIP.sub(_corrected, written)
    corrected = slips != written
    written = slips
    formal = _FORMAL_NOT_ATTENDING.search(written) is not None
    if formal:
        written = _FORMAL_NOT_ATTENDING.sub(_CANT_MAKE_IT, written)
    clauses = clauses_of(written) or []
    kept = []
    for index, clause in enumerate(clauses):
        last = index == len(clauses) - 1
        if (
            (corrected and _TYPO_NOTE.fullmatch(phrase_text(clause)))
            or (formal and index == 0 and _GREETING.fullmatch(clause))
            or (formal and last and index > 0 and _SIGNATURE.fullmatch(clause))
            or (index == 0 and not last and _FILLER.fullmatch(clause))
            or (len(clauses) > 1 and _doctors_advice(clause, written))
        ):
            continue
        kept.append(clause)
    framed = "，".join(kept)
    if not kept or framed == "，".join(clauses_of(text) or []):
        return None
    return Framed(framed, corrected)


def read_in_its_frame(
    body: str, learned: Callable[[str, ParsedReply], Intent | None]
) -> Intent | None:
    """The cancel ``body`` says in a frame the rules do not read (or, for a slip corrected, the
    answer it says as corrected): the frame written back, read by the rules or, where they leave
    it unclear for a word they do not know, by ``learned`` (the learned reader and its guard)."""
    framed = reframed(body)
    if framed is None or asks(framed.text):
        return None
    read = parse_reply(framed.text)
    intent: Intent | None = read.intent
    if read.intent is Intent.UNKNOWN:
        intent = learned(framed.text, read) if read.unread and read.question is None else None
    if intent is Intent.CANCEL or (framed.corrected and intent in _ANSWERS):
        return intent
    return None
