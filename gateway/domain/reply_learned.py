"""A reader that learned from labelled replies: how strongly a reply's characters and words say
confirm, change, cancel or none of them.

The word lists of the reply parser understand what their authors thought of; customers write what
they think of (slang, voice-to-text slips, a story around the answer). This reader scores a reply
by what labelled replies taught it instead: a multinomial naive Bayes model over character
1-3-grams of the text the parser reads (NFKC, case-folded, Traditional read as Simplified, the ref
and punctuation taken out, digits read as 0) and, for English, word unigrams and bigrams and each
longer word's first four letters.

It never decides alone: ``gateway.domain.reply_guard`` consults it only for a reply the rules left
unclear and found nothing in that must stop a change (a negation, a question, a condition,
someone else, two intents, news of a change made), and only above ``THRESHOLD``.

The weights are data, not code: ``reply_learned.json`` beside this module, written by
``bench/train_reader.py`` from the labelled sets and the parser's tables, read once at import
(a unit test checks the committed file is what the script writes). Pure: scoring a reply reads
nothing but the loaded weights.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from gateway.domain.lifecycle import Intent

#: What the model scores, in the order its weights are stored. "none": the reply changes nothing.
CLASSES: Final = ("confirm", "change", "cancel", "none")
INTENTS: Final = {
    "confirm": Intent.CONFIRM,
    "change": Intent.CHANGE,
    "cancel": Intent.CANCEL,
}

#: The share of a reply's features the model must have seen to read it: a text mostly made of
#: what no labelled reply held (a code, a name, spam) is not one it can speak for.
COVERAGE: Final = 0.5

#: How many letters of a longer English word's start are a feature of their own.
PREFIX: Final = 4

WEIGHTS_FILE: Final = Path(__file__).with_name("reply_learned.json")

_ENGLISH_WORD: Final = re.compile(r"[a-z0-9]+")
# A run of characters that are not ASCII (Chinese, emoji), with the digits among them (3点).
_WIDE_RUN: Final = re.compile(r"[^\x00-\x7f]+(?:[0-9]+[^\x00-\x7f]+)*")
_DIGIT: Final = re.compile(r"[0-9]")


def features(text: str) -> set[str]:
    """The features of ``text``, a reply as ``taught_phrases.phrase_text`` writes it (normalised,
    punctuation and the ref gone, spaces beside Chinese closed up): every character 1-3-gram of its
    Chinese (each run's start and end marked by a space), and its English words alone and in
    pairs, and the first ``PREFIX`` letters of each longer word: English is read by words, not
    by its letters' n-grams, which are in every English text alike ("unconfirmed" holds
    "confirm"); a word's start is what a typo or an inflection keeps ("reschedual", "cancelled",
    "confirming" read as "resc", "canc", "conf"). Each feature once: a reply that says 确认
    twice is no surer."""
    found: set[str] = set()
    for run in _WIDE_RUN.findall(text):
        padded = f" {_DIGIT.sub('0', run)} "
        size = len(padded)
        found.update(padded[1:-1])
        found.update([padded[at : at + 2] for at in range(size - 1)])
        found.update([padded[at : at + 3] for at in range(size - 2)])
    if _ENGLISH_WORD.search(text):
        words = _ENGLISH_WORD.findall(_DIGIT.sub("0", _WIDE_RUN.sub(" ", text)))
        found.update([f"w:{word}" for word in words])
        found.update([f"w:{one} {two}" for one, two in zip(words, words[1:], strict=False)])
        found.update([f"p:{word[:PREFIX]}" for word in words if len(word) > PREFIX])
    return found


@dataclass(frozen=True, slots=True)
class Model:
    """Per feature, its weight for each of ``CLASSES`` (log-likelihoods, centred), and the
    threshold on the margin between the best class and the next one."""

    weights: dict[str, tuple[float, float, float, float]]
    threshold: float

    def reading(self, text: str) -> Reading:
        """The best class for ``text``, by how much it beats the next, and how much of the text
        the model has seen (features never seen add nothing to any class)."""
        present = features(text)
        get = self.weights.get
        seen = [weight for feature in present if (weight := get(feature)) is not None]
        # Features never seen add nothing to any class.
        scores = [sum(column) for column in zip(*seen, strict=True)] if seen else [0.0] * 4
        ranked = sorted(range(len(CLASSES)), key=scores.__getitem__, reverse=True)
        best, runner_up = ranked[0], ranked[1]
        return Reading(
            CLASSES[best],
            scores[best] - scores[runner_up],
            len(seen) / len(present) if present else 0.0,
        )

    def intent(self, text: str) -> Intent | None:
        """The intent ``text`` says, when the model is sure of it beyond ``threshold`` and has
        seen at least ``COVERAGE`` of its features."""
        read = self.reading(text)
        if read.margin < self.threshold or read.seen < COVERAGE:
            return None
        return INTENTS.get(read.label)


@dataclass(frozen=True, slots=True)
class Reading:
    label: str
    #: The best class's log-score less the next one's (a log-odds: 0 is a tie).
    margin: float
    #: The share of the text's features the model has seen in training.
    seen: float


def model_from(data: dict[str, object]) -> Model:
    """The model of the JSON ``data`` ``bench/train_reader.py`` writes."""
    raw = data["weights"]
    threshold = data["threshold"]
    assert isinstance(raw, dict) and isinstance(threshold, int | float)
    weights = {feature: (w[0], w[1], w[2], w[3]) for feature, w in raw.items()}
    return Model(weights=weights, threshold=float(threshold))


def _load() -> Model:
    # Read once, at import: deciding a reply reads no file.
    loaded: dict[str, object] = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return model_from(loaded)


MODEL: Final = _load()


def probability(margin: float) -> float:
    """The margin as the share the best class would have against the next one alone."""
    return 1 / (1 + math.exp(-margin))
