"""Train the learned reply reader (``gateway/domain/reply_learned.py``) and write its weights.

Training data, all committed: the labelled sets ``tests/data/replies_heldout.tsv`` to
``replies_heldout26.tsv`` (spent: looked at while tuning the parser, or measured by the reader
before they joined its data); sets written to teach it (``replies_train_a.tsv`` onwards: mainland
Mandarin and its dialects; Taiwan and Hong Kong; English and code-switching; hard cases, replies
that look like an answer and must change nothing or wrap one in a story), each by a writer who saw
neither the parser nor any other set; and the parser's own tables (``CASES`` and ``WORD_ROWS`` of
``tests/unit/test_replies*.py``). Labels confirm, change and cancel are kept; every other
(unknown, question_*, opt-out, help) is "none": the reply changes no appointment. A held-out set
joins only once it has measured the reader: the next sets, written blind, measure this one (they
are never read here; the twenty-ninth to thirty-second are those sets now; the twenty-seventh and
twenty-eighth are spent, read to plan the second half of the twenty-first pass, and wait to join
(docs/replies.md says why); the twenty-fifth and twenty-sixth joined once they had measured the
nineteenth pass, and their misses were read to plan the twenty-first; the twenty-third and
twenty-fourth joined once they had measured the nineteenth pass; the twenty-first
and twenty-second joined once they had measured the seventeenth and eighteenth passes; the
nineteenth and twentieth joined once they had measured the fifteenth and sixteenth passes; the
seventeenth and eighteenth joined once they had measured the fourteenth pass; the fifteenth and
sixteenth joined once they had measured the twelfth pass; the thirteenth and fourteenth joined
once they had measured the pass before that, with five
more training sets, l to p: a day or time said back beside the answer; Hong Kong Cantonese as
typed; Mandarin across regions and generations; English the world over; the line between an
answer and none within one sentence. The eleventh and twelfth joined the pass before that, with
g to k: answers among other clauses; mainland dialects and slang; Hong Kong and Taiwan; English
the world over and code-switching; what must change nothing and short answers). Sets q and r
(the nineteenth pass) teach the middle ground: short answers without the keyword, another time
proposed without a change word, and hedges that do and do not decide; their rows a blind set
holds word for word were left out when they were committed. Sets s and t teach replies that
answer in a roundabout way (stories, indirect and polite forms, formal letters) and writers
unlike the usual ones (older people, people on the move, dialect mixed with standard writing,
someone texting for a relative); their rows the twenty-fifth and twenty-sixth sets hold word for
word were left out.

The model is a multinomial naive Bayes over each reply's features (``reply_learned.features``,
each counted once per reply), smoothed by ``ALPHA``; features seen in fewer than ``MIN_COUNT``
replies are dropped. Its weights are log-likelihoods centred per feature.

The threshold on the margin (best class less the next, in log-odds) is chosen by leave-one-set-out
cross-validation: for each of the sets, a model trained on the tables and the other sets reads
that set's replies as the service would (the rules first, the reader only where they are unclear
and the guard finds nothing); the threshold is the lowest margin above every wrong change any fold
made, plus ``SAFETY``, so that cross-validated wrong changes are 0.

Deterministic (sorted data, rounded weights, sorted JSON): a unit test checks the committed file is
what this writes. Pure Python on purpose: no numerical library joins the service's dependencies.

    .venv/bin/python bench/train_reader.py            # write gateway/domain/reply_learned.json
    .venv/bin/python bench/train_reader.py --report   # also print the cross-validated figures
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.replies import table_modules  # noqa: E402
from bench.reply_holdout import labelled_rows  # noqa: E402
from gateway.domain.lifecycle import Intent  # noqa: E402
from gateway.domain.replies import ParsedReply, parse_reply  # noqa: E402
from gateway.domain.reply_guard import guard, refusal  # noqa: E402
from gateway.domain.reply_guard_arrival import beside_a_hedged_arrival  # noqa: E402
from gateway.domain.reply_guard_patterns import HEDGE  # noqa: E402
from gateway.domain.reply_learned import (  # noqa: E402
    CLASSES,
    COVERAGE,
    INTENTS,
    WEIGHTS_FILE,
    Model,
    Reading,
    features,
)
from gateway.domain.taught_phrases import phrase_text  # noqa: E402

SETS = tuple(
    REPO_ROOT / "tests" / "data" / name
    for name in (
        "replies_heldout.tsv",
        "replies_heldout2.tsv",
        "replies_heldout3.tsv",
        "replies_heldout4.tsv",
        "replies_heldout5.tsv",
        "replies_heldout6.tsv",
        "replies_heldout7.tsv",
        "replies_heldout8.tsv",
        "replies_heldout9.tsv",
        "replies_heldout10.tsv",
        "replies_heldout11.tsv",
        "replies_heldout12.tsv",
        "replies_heldout13.tsv",
        "replies_heldout14.tsv",
        "replies_heldout15.tsv",
        "replies_heldout16.tsv",
        "replies_heldout17.tsv",
        "replies_heldout18.tsv",
        "replies_heldout19.tsv",
        "replies_heldout20.tsv",
        "replies_heldout21.tsv",
        "replies_heldout22.tsv",
        "replies_heldout23.tsv",
        "replies_heldout24.tsv",
        "replies_heldout25.tsv",
        "replies_heldout26.tsv",
        "replies_train_a.tsv",
        "replies_train_b.tsv",
        "replies_train_c.tsv",
        "replies_train_d.tsv",
        "replies_train_e.tsv",
        "replies_train_f.tsv",
        "replies_train_g.tsv",
        "replies_train_h.tsv",
        "replies_train_i.tsv",
        "replies_train_j.tsv",
        "replies_train_k.tsv",
        "replies_train_l.tsv",
        "replies_train_m.tsv",
        "replies_train_n.tsv",
        "replies_train_o.tsv",
        "replies_train_p.tsv",
        "replies_train_q.tsv",
        "replies_train_r.tsv",
        "replies_train_s.tsv",
        "replies_train_t.tsv",
    )
)
ALPHA = 0.25
MIN_COUNT = 2
#: Added above the highest wrong margin cross-validation saw: a new writer's reply is further
#: from the training data than a held-out set of the same few writers.
SAFETY = 1.0
#: The lowest threshold, whatever cross-validation finds: the best class at least 1,000 times
#: likelier than the next under the model (naive Bayes is overconfident; log 1000 = 6.9).
FLOOR = 6.9
CLEAR = ("confirm", "change", "cancel")


def label_of(label: str) -> str:
    """What a row's label is to the model: one of ``CLASSES``."""
    label = label.strip().lower()
    return label if label in CLEAR else "none"


def set_rows(path: Path) -> list[tuple[str, str]]:
    """(reply, label as written) of a labelled TSV set, read as ``bench/reply_holdout.py``
    reads it."""
    return [(reply, label) for label, reply in labelled_rows(path)]


def table_rows() -> list[tuple[str, str]]:
    """(reply, intent) of every row of the parser's tables."""
    found: list[tuple[str, str]] = []
    for module in table_modules():
        rows: list[Any] = [row for rows in getattr(module, "CASES", {}).values() for row in rows]
        rows += getattr(module, "WORD_ROWS", [])
        for row in rows:
            values = getattr(row, "values", row)  # a pytest.param, or a plain tuple
            found.append((str(values[0]), str(values[1])))
    return found


def examples(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(text as the reader reads it, class), each distinct pair once, sorted: the Taiwan and Hong
    Kong spellings of a table row read as the Simplified one and count once."""
    return sorted({(text, label_of(label)) for body, label in rows if (text := phrase_text(body))})


def train(data: list[tuple[str, str]]) -> dict[str, list[float]]:
    """Naive Bayes weights per feature, one per class of ``CLASSES``, centred and rounded."""
    seen: Counter[str] = Counter()
    per_class = {name: Counter[str]() for name in CLASSES}
    for text, label in data:
        present = set(features(text))
        seen.update(present)
        per_class[label].update(present)
    kept = sorted(feature for feature, count in seen.items() if count >= MIN_COUNT)
    totals = {name: sum(per_class[name][f] for f in kept) for name in CLASSES}
    weights: dict[str, list[float]] = {}
    for feature in kept:
        logs = [
            math.log((per_class[name][feature] + ALPHA) / (totals[name] + ALPHA * len(kept)))
            for name in CLASSES
        ]
        centre = sum(logs) / len(logs)
        weights[feature] = [round(value - centre, 3) for value in logs]
    return weights


def model_of(weights: dict[str, list[float]], threshold: float) -> Model:
    return Model({f: (w[0], w[1], w[2], w[3]) for f, w in weights.items()}, threshold)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A reply the rules left unclear and the guard let through, as a model reads it."""

    label: str
    read: str
    margin: float


def candidates(model: Model, rows: list[tuple[str, str]]) -> list[Candidate]:
    """What ``model`` reads, at any margin, in each reply of ``rows`` it would be asked about, as
    ``reply_guard.learned_intent`` asks: a reply with a hedged or early arrival in a clause of
    its own read without that clause, and only as a yes; where that clause says arriving early
    plainly (no hedge) and the rest is no yes of the rules', the whole reply too (the service
    reads it whole when the rest is not read as a yes, which below the threshold it may not be).
    The readings the service makes whatever the margin (an answer in a clause of its own or
    beside a tag, no longer wanted) are not the threshold's to choose, and not here."""
    found = []
    for body, label in rows:
        parsed = parse_reply(body)
        if parsed.intent is not Intent.UNKNOWN or parsed.question is not None:
            continue
        rest = beside_a_hedged_arrival(body)
        if rest is not None:
            reread = parse_reply(rest)
            if reread.intent is Intent.UNKNOWN and reread.question is None:
                read = _reading(model, rest, reread)
                if read is not None and read.label == "confirm":
                    found.append(Candidate(label, read.label, read.margin))
            hedged = HEDGE.search(phrase_text(body)) is not None
            if hedged or reread.intent is Intent.CONFIRM:
                continue  # the service reads no more: the rules' yes, or a hedge
        read = _reading(model, body, parsed)
        if read is not None:
            found.append(Candidate(label, read.label, read.margin))
    return found


def _reading(model: Model, body: str, parsed: ParsedReply) -> Reading | None:
    """The model's reading of ``body`` (read by the rules as ``parsed``) where the guard would
    let it through, at any margin."""
    if refusal(body, Intent.CONFIRM) is not None:  # as the service's first look: no intent yet
        return None
    reading = model.reading(phrase_text(body))
    intent = INTENTS.get(reading.label)
    if reading.seen < COVERAGE or intent is None or guard(body, intent, parsed) is not None:
        return None
    return reading


def folds(tables: list[tuple[str, str]]) -> list[tuple[str, list[Candidate]]]:
    """Leave one set out: each set read by a model trained on the tables and the other sets."""
    sets = [set_rows(path) for path in SETS]
    out = []
    for left_out, path in enumerate(SETS):
        kept = [row for at, rows in enumerate(sets) if at != left_out for row in rows]
        model = model_of(train(examples(tables + kept)), 0.0)
        out.append((path.name, candidates(model, sets[left_out])))
    return out


def is_wrong(candidate: Candidate) -> bool:
    return candidate.read != label_of(candidate.label)


def threshold_from(read: list[tuple[str, list[Candidate]]]) -> float:
    """The lowest margin above every cross-validated wrong reading, plus ``SAFETY``."""
    worst = max((c.margin for _, found in read for c in found if is_wrong(c)), default=0.0)
    return max(FLOOR, round(worst + SAFETY, 1))


def build() -> tuple[dict[str, object], list[tuple[str, list[Candidate]]]]:
    """The weights file's content, and the cross-validated readings it was chosen on."""
    tables = table_rows()
    read = folds(tables)
    threshold = threshold_from(read)
    data = examples(tables + [row for path in SETS for row in set_rows(path)])
    weights = train(data)
    content: dict[str, object] = {
        "classes": list(CLASSES),
        "alpha": ALPHA,
        "min_count": MIN_COUNT,
        "examples": len(data),
        "threshold": threshold,
        "weights": weights,
    }
    return content, read


def dumped(content: dict[str, object]) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def report(tables: list[tuple[str, str]], threshold: float) -> None:
    """Leave one set out, per intent: each set as the service reads it (the rules, then the
    change-plus-when fallback) without and with the reader trained on the tables and the other
    sets, at ``threshold``."""
    from datetime import UTC, datetime

    from gateway.domain.reply_guard import learned_intent, stops_a_change_with_when
    from gateway.domain.reply_when import change_with_hint

    instant = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # as bench/reply_holdout.py reads it
    sets = [set_rows(path) for path in SETS]
    print(f"threshold (margin, log-odds): {threshold}; leave one set out, as the service reads:")
    for left_out, path in enumerate(SETS):
        kept = [row for at, rows in enumerate(sets) if at != left_out for row in rows]
        model = model_of(train(examples(tables + kept)), threshold)
        for name, reader in (("rules", None), ("rules + reader", model)):
            right: Counter[str] = Counter()
            total: Counter[str] = Counter()
            wrong = 0
            for body, label in sets[left_out]:
                parsed = parse_reply(body)
                read = parsed.intent.value
                learned = learned_intent(body, parsed, reader) if reader else None
                if learned is not None:
                    read = learned.value
                elif (
                    read not in CLEAR
                    and stops_a_change_with_when(body) is None
                    and change_with_hint(body, original=instant, now=instant, tz="Asia/Shanghai")
                ):
                    read = "change"
                total[label_of(label)] += 1
                right[label_of(label)] += read == label_of(label)
                wrong += read in CLEAR and read != label_of(label)
            figures = ", ".join(f"{c} {right[c]}/{total[c]}" for c in CLEAR)
            clear = sum(total[c] for c in CLEAR)
            understood = sum(right[c] for c in CLEAR)
            print(
                f"  {path.name} {name}: {figures}; clear {understood}/{clear} "
                f"({100 * understood / clear:.1f} %); wrong {wrong}"
            )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--report", action="store_true", help="print cross-validated figures")
    args = options.parse_args()
    content, read = build()
    WEIGHTS_FILE.write_text(dumped(content), encoding="utf-8")
    threshold = content["threshold"]
    assert isinstance(threshold, float)
    print(
        f"{WEIGHTS_FILE.name}: {len(content['weights'])} features, {content['examples']} examples"
    )  # type: ignore[arg-type]
    if args.report:
        report(table_rows(), threshold)


if __name__ == "__main__":
    main()
