"""Reading a reply to a satisfaction survey: the score 1-5 in any form a customer writes it
(5, ５, 五, 五分, 5分, 5星, ⭐⭐⭐⭐⭐, "5 stars", 5/5, 满分), and the words around it kept as
the comment (``5 很满意，Lily剪得好`` → 5 and ``很满意，Lily剪得好``).

A score is only read where nothing else can be meant: a number that is a time, a date, a floor
or a count (5点到, 改到5号, 1楼, 3次) is no score, nor is one inside a longer number or a ref
(10, K7P3), and two different scores in one reply leave it a comment. Words of praise alone
(非常满意, 很好) are a comment, never a guessed score.

Pure: regular expressions over the text, nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

#: Whatever a customer's keyboard types as full-width ASCII, as ASCII; one character for one,
#: so a match's place is the same in the text as written.
_FOLD: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_CHINESE: Final = {
    **{"一": 1, "壹": 1, "二": 2, "两": 2, "兩": 2, "贰": 2, "三": 3, "叁": 3},
    **{"四": 4, "肆": 4, "五": 5, "伍": 5},
}
_ENGLISH: Final = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_STAR: Final = "[⭐★🌟]\ufe0f?"

#: What may follow a number to make it a score: points, stars, "out of five".
_SUFFIX: Final = (
    r"(\s*(?:颗星|顆星|分|星|" + _STAR + r"|(?:-\s*)?stars?\b|points?\b|pts?\b"
    r"|/\s*(?:5|five)(?![0-9])|out\s+of\s+(?:5|five)\b))?"
)
_DIGIT: Final = re.compile(
    r"(?<![0-9A-Za-z:/#+\-~_])(?<![0-9][.:])([1-5])(?![0-9])" + _SUFFIX, re.IGNORECASE
)
_HAN_NUMBER: Final = re.compile(
    "([" + "".join(_CHINESE) + "])" + r"(\s*(?:颗星|顆星|分|星))?", re.IGNORECASE
)
_WORD: Final = re.compile(
    r"\b(one|two|three|four|five)\b(\s*(?:stars?\b|/\s*(?:5|five)\b|out\s+of\s+(?:5|five)\b))?",
    re.IGNORECASE,
)
_STARS: Final = re.compile(f"(?:{_STAR})+")
_FULL_MARKS: Final = re.compile("满分|滿分|full marks", re.IGNORECASE)

#: Right after a number (spaces skipped): it counts or places something, it is no score.
_NOT_AFTER: Final = re.compile(
    r"\s*(?:[点點号號楼樓层層栋棟日月时時\-~～至到次个個位年岁歲折块塊元钟鐘钱錢天周週"
    r"小半人间間室百千万萬十%]|[.:：][0-9]|分钟|分鐘|pm\b|am\b|o'?clock|th\b|nd\b|rd\b|st\b|min|hour|hr"
    r"|day|week|month|year|people|person|times?\b|x\b)",
    re.IGNORECASE,
)
#: Right before a number (spaces skipped): it is a day, a time, a floor, a place in a list.
_NOT_BEFORE: Final = re.compile(
    r"(?:第|到|至|改|周|週|星期|礼拜|禮拜|约|約|号|號|楼|樓|点|點|上午|下午|晚上|早上|中午|凌晨"
    r"|今天|明天|后天|後天|今晚|明晚|差|十|百|\bat|\bon|\bby|\broom|\bno\.?|\buntil|\btill"
    r"|\bbefore|\bafter|\baround|\babout|\bfloor|\bnumber)\s*$",
    re.IGNORECASE,
)
#: Around a bare Chinese numeral (五, not 五分): the edge of the reply, a space or punctuation,
#: or a verb of rating (给五, 打五) — so 一般, 周五, 五月 and 三点 stay words.
_EDGE: Final = " \t\n\r\u3000,，.。!！?？~～、;；:：()（）【】\"'“”「」…"
_RATE_VERB: Final = re.compile(r"(?:我)?(?:给|給|打|评|評)(?:了|个|個)?\s*$")
#: Stripped from the ends of what is left as the comment.
_TRIM: Final = _EDGE + "-—_*·"


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    """A reply read as an answer to a survey: the score (None: none, or two that disagree) and
    the comment (None: nothing else was written)."""

    score: int | None
    comment: str | None


def read_survey_answer(text: str) -> SurveyAnswer:
    """The score and comment of ``text``, a reply to a survey."""
    folded = text.translate(_FOLD)
    found = [*_digits(folded), *_han(folded), *_words(folded), *_stars(folded)]
    found += [(m.start(), m.end(), 5) for m in _FULL_MARKS.finditer(folded)]
    # 5⭐ is one score, read by the digit's reader with its star: the star alone is not another.
    spans: list[tuple[int, int, int]] = []
    for start, end, score in sorted(found, key=lambda f: (f[0], -f[1])):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end, score))
    scores = {score for _, _, score in spans}
    if len(scores) != 1:
        return SurveyAnswer(None, _comment(text))
    kept, last = [], 0
    for start, end, _ in spans:
        # 给5分, 我打五星: the verb of rating goes with the score, not into the comment.
        verb = _RATE_VERB.search(folded, last, start)
        kept.append(text[last : verb.start() if verb else start])
        last = end
    kept.append(text[last:])
    return SurveyAnswer(scores.pop(), _comment("".join(kept)))


def bare_digit(text: str) -> int | None:
    """The digit a reply is, and nothing else (``1``, ``３。``), or None."""
    core = text.translate(_FOLD).strip(_TRIM)
    return int(core) if len(core) == 1 and core in "0123456789" else None


def _digits(folded: str) -> list[tuple[int, int, int]]:
    found = []
    for match in _DIGIT.finditer(folded):
        if not match.group(2) and _NOT_AFTER.match(folded, match.end()):
            continue
        if (
            match.group(2)
            and match.group(2).strip() in ("分",)
            and folded[match.end() : match.end() + 1] in ("钟", "鐘")
        ):
            continue  # 5分钟: five minutes
        if _NOT_BEFORE.search(folded, 0, match.start()):
            continue
        found.append((match.start(), match.end(), int(match.group(1))))
    return found


def _han(folded: str) -> list[tuple[int, int, int]]:
    found = []
    for match in _HAN_NUMBER.finditer(folded):
        before = folded[: match.start()]
        after = folded[match.end() :]
        if match.group(2):
            # 五分, 五星: a score unless it counts something (五分钟, 一分钱) or is a day or
            # part of a larger number (周五, 十五分).
            if after[:1] in ("钟", "鐘", "钱", "錢", "之", "半", "多") or re.search(
                r"(?:周|週|星期|礼拜|禮拜|第|十|百|[0-9])\s*$", before
            ):
                continue
        elif not (
            (not before or before[-1] in _EDGE or _RATE_VERB.search(before))
            and (not after or after[0] in _EDGE)
        ):
            continue
        found.append((match.start(), match.end(), _CHINESE[match.group(1)]))
    return found


def _words(folded: str) -> list[tuple[int, int, int]]:
    """five stars, 4/5, four out of five; a number word alone only as the whole reply."""
    whole = folded.strip(_TRIM).lower()
    found = []
    for match in _WORD.finditer(folded):
        if match.group(2) or whole == match.group(1).lower():
            found.append((match.start(), match.end(), _ENGLISH[match.group(1).lower()]))
    return found


def _stars(folded: str) -> list[tuple[int, int, int]]:
    found = []
    for match in _STARS.finditer(folded):
        count = len(match.group(0).replace("\ufe0f", ""))
        if 1 <= count <= 5:
            found.append((match.start(), match.end(), count))
    return found


def _comment(text: str) -> str | None:
    comment = re.sub(r"[ \t\u3000]{2,}", " ", text).strip(_TRIM)
    return comment or None
