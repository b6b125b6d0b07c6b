"""What the reply parser's table files share: each class's words put into its phrasings, a row
in the Taiwan and Hong Kong spellings, and the replies of the held-out sets (which no tuning row
may be)."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import opencc
import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.reply_reading import read_reply

DATA = Path(__file__).resolve().parent.parent / "data"

#: Per class: its words, the phrasings ("{}" the word; twice where a phrasing names it twice),
#: and what each phrasing reads as.
NewWords = Mapping[str, tuple[Sequence[str], Sequence[str], Sequence[Intent]]]


#: When the labelled sets and tables are read: a Monday, 10:00 in Shanghai.
READ_AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def as_the_service_reads(body: str) -> str:
    """``body``'s intent as the service acts on it: the rules, the learned reader behind them,
    and a change followed by when (变更 周五上午) a change."""
    reply = read_reply(body, keyword=None, received_at=READ_AT, tz="Asia/Shanghai")
    if reply.intent is Intent.UNKNOWN and reply.change_then_when is not None:
        return "change"
    return reply.intent.value


def word_rows(new_words: NewWords) -> list[Any]:
    """Every word of every class in each of the class's phrasings, with what it reads as."""
    return [
        pytest.param(
            shape.format(word, word), intents[index], id=f"{name}: {shape.format(word, word)}"
        )
        for name, (words, shapes, intents) in new_words.items()
        for word in words
        for index, shape in enumerate(shapes)
    ]


def case_rows(cases: Mapping[str, Sequence[tuple[str, Intent]]]) -> list[Any]:
    """Every row of a table of classes (a file's ``CASES``), named by its class."""
    return [
        pytest.param(body, intent, id=f"{name}: {body}")
        for name, rows in cases.items()
        for body, intent in rows
    ]


@functools.cache
def converter(config: str) -> opencc.OpenCC:
    """OpenCC's converter (a quarter of a second to build: once per configuration)."""
    return opencc.OpenCC(config)


class HeldOut(set[str]):
    """Held-out replies that never show themselves: a failing assertion prints how many there
    are, not the rows, so a test that fails never shows a blind set's replies."""

    def __repr__(self) -> str:
        return f"<{len(self)} held-out replies>"


def held_out_replies(names: Iterable[str] | None = None) -> set[str]:
    """The replies of the held-out sets named (None: every one in ``tests/data``), as
    ``HeldOut``."""
    paths = (
        sorted(DATA.glob("replies_heldout*.tsv")) if names is None else [DATA / n for n in names]
    )
    replies = HeldOut()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            replies |= {row["reply"] for row in reader}
    return replies


def held_out_before(first_written_later: int) -> set[str]:
    """The replies of the held-out sets numbered below ``first_written_later`` (the first,
    ``replies_heldout.tsv``, is 1): those that stood when a test's rows were written. A set
    written blind after the rows may hold one of them word for word by chance (its writer saw
    neither), and is not where the row came from; every later set is left out, so a new one
    needs no change here."""
    names = (path.name for path in DATA.glob("replies_heldout*.tsv"))
    return held_out_replies(
        sorted(name for name in names if int(name[15:-4] or 1) < first_written_later)
    )
