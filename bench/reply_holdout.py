"""How the reply parser does on a labelled set of replies it was not tuned on.

Reads a TSV with a header row and the columns ``label``, ``reply`` and ``note`` (the note is
ignored). Labels: confirm, change, cancel (clear replies), unknown, question_time, question_place
(replies that must change nothing). Prints recall per label, recall over the clear replies, and
the count of WRONG state changes: a reply labelled unknown or question_* read as confirm, change
or cancel, or a clear reply read as another of the three. A clear reply read as unknown is a
miss (the salon asks again), not a wrong change.

Figures are given twice: for the parser alone, and as the service reads a reply, where a reply
the parser leaves unclear that is a change followed by when (变更 周五上午, 改到3点) is still a
change (``reply_when.change_with_hint``, read here at a fixed instant in Asia/Shanghai). Each is
given again with the learned reader behind the rules (``reply_guard.learned_intent``: only where
the rules leave a reply unclear and their guard finds nothing against it), as the service reads a
reply: the rules, a salon's taught phrases (none here), the learned reader, then the fallback.
The last figure is the whole of ``read_reply``: also the readings it takes outside the learned
reader (a change in a regional frame, someone answering for the booking's client).

The replies themselves are not printed unless ``--show`` is given: the set is for measuring, and
reading its misses while changing the parser would turn it into one more tuning table.
``--wrong`` prints the wrong changes alone, which must be read to be fixed, and leaves the
misses unread. ``--unseen`` leaves out the rows that are, word for word, a row of another set
under tests/data (a writer who saw nothing still writes 确认 or a long reply another writer
wrote): the figure on what no set the parser was tuned on holds.

    .venv/bin/python bench/reply_holdout.py [tests/data/replies_heldout.tsv] [--show | --wrong]
    .venv/bin/python bench/reply_holdout.py tests/data/replies_heldout17.tsv --unseen
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

DEFAULT = REPO_ROOT / "tests" / "data" / "replies_heldout.tsv"
CLEAR = ("confirm", "change", "cancel")
NO_CHANGE = ("unknown", "question_time", "question_place")


def labelled_rows(path: Path) -> list[tuple[str, str]]:
    """(label, reply) of every row of a labelled TSV set."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (row["label"].strip().lower(), row["reply"])
            for row in reader
            if row.get("label") and row.get("reply") is not None
        ]


def unseen_rows(path: Path, rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``rows`` less those whose reply is, word for word, a reply of another set beside it."""
    elsewhere = {
        reply
        for other in path.parent.glob("replies_*.tsv")
        if other.resolve() != path.resolve()
        for _, reply in labelled_rows(other)
    }
    return [(label, reply) for label, reply in rows if reply not in elsewhere]


def _measure(
    rows: list[tuple[str, str]], read_as: Callable[[str], str], show: bool, show_wrong: bool
) -> None:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong: list[tuple[str, str, str]] = []
    missed: list[tuple[str, str, str]] = []
    for label, reply in rows:
        read = read_as(reply)
        total[label] += 1
        if label in CLEAR:
            if read == label:
                right[label] += 1
            elif read in CLEAR:
                wrong.append((label, read, reply))
            else:
                missed.append((label, read, reply))
        elif read in CLEAR:
            wrong.append((label, read, reply))
        else:
            # Nothing changes; a question is "right" only when the parser names it.
            right[label] += read == label or label == "unknown"
            if read != label and label != "unknown":
                missed.append((label, read, reply))

    for label in (*CLEAR, *NO_CHANGE):
        if total[label]:
            share = 100 * right[label] / total[label]
            print(f"  {label:<15} {right[label]:>4} / {total[label]:<4} {share:5.1f} %")
    clear = sum(total[label] for label in CLEAR)
    understood = sum(right[label] for label in CLEAR)
    if clear:
        share = 100 * understood / clear
        print(f"clear replies understood: {understood} / {clear} ({share:.1f} %)")
    print(f"WRONG state changes: {len(wrong)}")
    if show or show_wrong:
        for label, read, reply in wrong:
            print(f"  WRONG {label} read as {read}: {reply}")
    if show:
        for label, read, reply in missed:
            print(f"  miss  {label} read as {read}: {reply}")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("tsv", nargs="?", type=Path, default=DEFAULT)
    options.add_argument("--show", action="store_true", help="print every miss and wrong change")
    options.add_argument(
        "--wrong",
        action="store_true",
        help="print only the wrong changes: a blind set's misses stay unread",
    )
    options.add_argument(
        "--unseen",
        action="store_true",
        help="only the rows no other set under tests/data holds word for word",
    )
    options.add_argument(
        "--rules-only", action="store_true", help="leave out the learned reader's figures"
    )
    args = options.parse_args()

    from gateway.domain.replies import parse_reply
    from gateway.domain.reply_guard import stops_a_change_with_when
    from gateway.domain.reply_when import change_with_hint

    def by_parser(reply: str) -> str:
        parsed = parse_reply(reply)
        question = getattr(parsed, "question", None)  # None before the parser named questions
        if question is not None:
            return f"question_{question}"  # what the parser says it asks about
        return parsed.intent.value

    instant = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Shanghai

    def by_service(reply: str) -> str:
        read = by_parser(reply)
        if read in CLEAR:
            return read
        if stops_a_change_with_when(reply) is not None:
            return read  # as ``read_reply`` reads it: a question, a condition, …
        hint = change_with_hint(reply, original=instant, now=instant, tz="Asia/Shanghai")
        return "change" if hint is not None else read

    def with_reader(read_as: Callable[[str], str]) -> Callable[[str], str]:
        from gateway.domain.reply_guard import learned_intent

        def read(reply: str) -> str:
            learned = learned_intent(reply, parse_reply(reply))
            return learned.value if learned is not None else read_as(reply)

        return read

    rows = labelled_rows(args.tsv)
    if args.unseen:
        rows = unseen_rows(args.tsv, rows)
    print(f"{args.tsv.name}: {len(rows)} replies{' (in no other set)' if args.unseen else ''}")
    print("the parser alone:")
    _measure(rows, by_parser, args.show, args.wrong)
    print("as the service reads it (with the change-plus-when fallback):")
    _measure(rows, by_service, args.show, args.wrong)
    if not args.rules_only:
        print("the parser with the learned reader behind it:")
        _measure(rows, with_reader(by_parser), args.show, args.wrong)
        print("as the service reads it, with the learned reader:")
        _measure(rows, with_reader(by_service), args.show, args.wrong)
        print("and a yes or a no naming its appointment's own day or time (周六下午两点见):")
        _measure(rows, said_back_as_booked(with_reader(by_service)), args.show, args.wrong)
        print("as the service reads it whole (``read_reply``: every reading behind the rules):")
        _measure(rows, as_read_whole, args.show, args.wrong)


def as_read_whole(reply: str) -> str:
    """``reply`` as ``read_reply`` reads it, every reading behind the rules included (the
    learned reader, the frames, someone answering for the booking's client), a change followed
    by when, a question named, and the time said back as the appointment's."""
    from gateway.domain.lifecycle import Intent
    from gateway.domain.reply_reading import read_reply

    instant = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    read = read_reply(reply, keyword=None, received_at=instant, tz="Asia/Shanghai")
    if read.intent is not Intent.UNKNOWN:
        return read.intent.value
    if read.change_then_when is not None:
        return "change"
    if read.question is not None:
        return f"question_{read.question}"
    return read.said_back[0].value if read.said_back is not None else read.intent.value


def said_back_as_booked(read_as: Callable[[str], str]) -> Callable[[str], str]:
    """``read_as``, and where it leaves a reply unclear, the answer it says if the day or time it
    names is the appointment's (``ReadReply.said_back``): the sets hold no appointment, and
    their writers answered the request that named it."""
    from gateway.domain.reply_reading import read_reply

    instant = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

    def read(reply: str) -> str:
        read = read_as(reply)
        if read in CLEAR:
            return read
        said = read_reply(reply, keyword=None, received_at=instant, tz="Asia/Shanghai").said_back
        return said[0].value if said is not None else read

    return read


if __name__ == "__main__":
    main()
