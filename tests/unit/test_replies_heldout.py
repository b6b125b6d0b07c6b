"""Every held-out set, read as the service reads a reply (the rules, the salon's taught phrases,
the learned reader behind them, a change followed by when): no reply that must change nothing
changes an appointment, and no clear reply is read as another answer. Recall is measured by
``bench/reply_holdout.py`` and recorded in docs/replies.md; this test holds only the safety line,
so a later change to the rules or the reader cannot buy recall with a wrong state change."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.unit.reply_tables import as_the_service_reads

DATA = Path(__file__).resolve().parent.parent / "data"
SETS = sorted(DATA.glob("replies_heldout*.tsv"))
CLEAR = {"confirm", "change", "cancel"}
#: A lone thumbs-up confirms, and so does a lone 收到 ("received"): product decisions
#: (docs/replies.md), which some of the sets' writers labelled "must change nothing" (the
#: thumbs-up rows, and one 收到 of the fifth set; 102 of 108 replies holding a receipt are labelled
#: a confirm). Nothing else may be read against its label.
PRODUCT_DECISIONS = {"👍", "👍👍", "收到"}


def test_there_are_six_held_out_sets() -> None:
    assert len(SETS) >= 6


@pytest.mark.parametrize("path", SETS, ids=[path.stem for path in SETS])
def test_no_held_out_reply_is_read_as_another_answer(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    wrong = []
    for row in rows:
        read = as_the_service_reads(row["reply"])
        if read in CLEAR and read != row["label"] and row["reply"] not in PRODUCT_DECISIONS:
            wrong.append((row["label"], read))  # labels only: the sets are for measuring
    assert wrong == [], f"{len(wrong)} of {len(rows)} read as another answer"
