"""Templates as Alibaba Cloud and Tencent Cloud review them: their rules, their placeholder
syntax, and how long a variable's value may be.

A provider template is plain text with flat named variables, ``{{ name }}`` as in
``templates_sms/`` but with no tags, loops, filters or attributes. ``check`` lists every rule it
breaks before it is submitted for approval; ``for_console`` writes it in the provider's own
syntax; ``fit`` shortens values to the provider's limit, the same way every time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Final

from gateway.domain.texts import TemplateName


class Provider(StrEnum):
    ALIYUN = "aliyun"
    TENCENT = "tencent"


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule a template breaks: ``rule`` for code, ``message`` for the salon's engineer."""

    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class ConsoleTemplate:
    """A template as pasted into the provider's console, and its variables in send order."""

    text: str
    variables: tuple[str, ...]


#: Templates that exist to tell a customer how to stop texts: only these may name 退订 or a
#: carrier's opt-out letters.
OPT_OUT_TEMPLATES: Final = frozenset({TemplateName.HELP, TemplateName.OPTED_OUT})

#: Marketing templates: submitted as the providers' promotional type, they must end with
#: ``MARKETING_OPT_OUT_LINE`` (and may carry it, alone of all templates).
MARKETING_TEMPLATES: Final = frozenset({TemplateName.CAMPAIGN_OFFER})

#: Words carriers read as "unsubscribe" in a reply (回T退订, 回TD, 拒收请回复R, N).
CARRIER_OPT_OUT_WORDS: Final = frozenset({"T", "TD", "R", "N", "退订"})

#: The marketing templates' compulsory closing line: a notification must not carry it.
MARKETING_OPT_OUT_LINE: Final = "拒收请回复R"

#: Alibaba Cloud: 1–35 characters per variable value.
ALIYUN_VALUE_LIMIT: Final = 35
#: Tencent Cloud: 12 characters per variable for personal (non-enterprise) accounts.
TENCENT_PERSONAL_VALUE_LIMIT: Final = 12

ELLIPSIS: Final = "…"

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ANY_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9-]+\.(?:com|cn|net|org|top|xyz|cc|io|me|vip|shop|link)\b",
    re.I,
)
#: A reply instruction to the end of its sentence (commas join its options): 回复“1”或“确认”,
#: 回T退订, reply N …
_REPLY_CLAUSE = re.compile(r"(?:回复|回|reply|text)(.*?)(?=[。;；.!！?？\n]|$)", re.I)
_QUOTED = re.compile(r"[“\"'「『]([^”\"'」』]+)[”\"'」』]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def variables(text: str) -> tuple[str, ...]:
    """The variable names in order of appearance (repeats included)."""
    return tuple(match.group(1) for match in _PLACEHOLDER.finditer(text))


def check(text: str, *, name: str) -> tuple[Problem, ...]:
    """Every rule of the providers' template review that ``text`` breaks; empty if none.

    ``name`` is the message name (confirmation_request, help …): only the help and opt-out
    texts may speak of unsubscribing, and a marketing template must end with the opt-out line
    notifications must not carry. The rules are the same for both providers.
    """
    problems: list[Problem] = []
    if name in MARKETING_TEMPLATES:
        if not text.rstrip().endswith(MARKETING_OPT_OUT_LINE):
            problems.append(
                Problem(
                    "marketing_opt_out_line_missing",
                    f"a marketing template must end with {MARKETING_OPT_OUT_LINE}",
                )
            )
        # The closing line is the one opt-out a marketing text may ask for; the rest of it is
        # held to every other rule.
        text = text.rstrip().removesuffix(MARKETING_OPT_OUT_LINE)
    if "【" in text or "】" in text:
        problems.append(Problem("brackets", "remove 【】: the provider adds 【sign name】 itself"))
    unsupported = [
        m.group(0) for m in _ANY_JINJA.finditer(text) if not _PLACEHOLDER.fullmatch(m.group(0))
    ]
    if unsupported:
        problems.append(
            Problem(
                "flat_variables",
                f"providers take flat variables only; replace {unsupported[0]!r} with one variable",
            )
        )
    names = variables(text)
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        problems.append(
            Problem("repeated_variable", f"each variable may appear once: {', '.join(repeated)}")
        )
    for left, right in pairwise(_PLACEHOLDER.finditer(text)):
        if not text[left.end() : right.start()].strip():
            problems.append(
                Problem(
                    "adjacent_variables",
                    f"{left.group(1)} and {right.group(1)} touch: put words between them "
                    "or make them one variable",
                )
            )
    plain = _PLACEHOLDER.sub(" ", text)
    if _LINK.search(plain):
        problems.append(Problem("link", "no links in a template"))
    if MARKETING_OPT_OUT_LINE in plain.replace(" ", ""):
        problems.append(
            Problem(
                "marketing_opt_out_line",
                f"{MARKETING_OPT_OUT_LINE} marks a marketing text; notifications must not carry it",
            )
        )
    if name not in OPT_OUT_TEMPLATES:
        asked = sorted(
            {w.upper() if w.isascii() else w for w in reply_words(plain)} & CARRIER_OPT_OUT_WORDS
        )
        if asked:
            problems.append(
                Problem(
                    "opt_out_word",
                    f"carriers read {', '.join(asked)} as unsubscribe: ask for another reply",
                )
            )
        if "退订" in plain and "退订" not in asked:
            problems.append(
                Problem("opt_out_word", "only the help and opt-out texts may mention 退订")
            )
    return tuple(problems)


def reply_words(text: str) -> tuple[str, ...]:
    """The words a text asks the customer to reply with: quoted ones (回复“确认”) and bare
    letters or digits (回T退订, reply N), in order."""
    words: list[str] = []
    for clause in _REPLY_CLAUSE.finditer(text):
        words += _QUOTED.findall(clause.group(1))
        words += _ASCII_WORD.findall(_QUOTED.sub(" ", clause.group(1)))
    return tuple(words)


def for_console(text: str, provider: Provider) -> ConsoleTemplate:
    """``text`` in the provider's placeholder syntax: ``${name}`` for Alibaba Cloud, ``{1}``,
    ``{2}`` … in order of appearance for Tencent Cloud (whose values are sent in that order)."""
    names = variables(text)
    order = tuple(dict.fromkeys(names))
    if provider is Provider.ALIYUN:
        rendered = _PLACEHOLDER.sub(lambda m: "${" + m.group(1) + "}", text)
    else:
        rendered = _PLACEHOLDER.sub(lambda m: "{" + str(order.index(m.group(1)) + 1) + "}", text)
    return ConsoleTemplate(rendered, order)


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each variable replaced by its value: the text as a customer reads it."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def value_limit(provider: Provider, *, personal_account: bool = False) -> int | None:
    """Characters allowed in one variable's value; None where the provider sets no limit."""
    if provider is Provider.ALIYUN:
        return ALIYUN_VALUE_LIMIT
    return TENCENT_PERSONAL_VALUE_LIMIT if personal_account else None


def shorten(value: str, limit: int | None) -> str:
    """``value`` cut to ``limit`` characters, the last one "…" when anything was cut."""
    if limit is None or len(value) <= limit:
        return value
    if limit <= 1:
        return value[:limit]
    return value[: limit - 1].rstrip() + ELLIPSIS


def fit(
    values: Sequence[tuple[str, str]], provider: Provider, *, personal_account: bool = False
) -> tuple[tuple[str, str], ...]:
    """Every value shortened to what the provider accepts, names and order kept."""
    limit = value_limit(provider, personal_account=personal_account)
    return tuple((name, shorten(value, limit)) for name, value in values)
