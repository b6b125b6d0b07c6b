"""Every refusal reason the services give has the console's words in all three languages, with
the same values in each: a reason added without words would reach a receptionist in English,
and a placeholder missing from one language would break its page."""

from __future__ import annotations

import ast
from pathlib import Path
from string import Formatter

from gateway.staff.refusal_words import REFUSAL_WORDS

GATEWAY = Path(__file__).resolve().parents[2] / "gateway"
#: The refusals (``ServiceError`` and its kinds) raised with a reason.
_REFUSALS = frozenset({"ServiceError", "Conflict"})


def _strings(node: ast.expr) -> list[str]:
    """The literal strings an expression can be (a constant, or either side of an ``if``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _reasons_given() -> dict[str, str]:
    """Each ``reason="…"`` a refusal is raised with in gateway/ (an answer field's third
    argument), and a mapping's values named for reasons
    (``_CANNOT_TEXT``), with where it is."""
    found: dict[str, str] = {}
    for path in GATEWAY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in _REFUSALS:
                    values = [k.value for k in node.keywords if k.arg == "reason"]
                elif node.func.id == "AnswerRefused" and len(node.args) > 2:
                    values = [node.args[2]]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Dict):
                if isinstance(node.target, ast.Name) and node.target.id == "_CANNOT_TEXT":
                    values = [v for v in node.value.values if v is not None]
            for value in values:
                for reason in _strings(value):
                    found[reason] = f"{path.relative_to(GATEWAY.parent)}:{node.lineno}"
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def test_the_scan_finds_the_reasons_a_receptionist_meets_most() -> None:
    given = _reasons_given()
    for reason in ("starts_in_past", "appointment_closed", "customer_opted_out", "email_taken"):
        assert reason in given


def test_every_reason_has_words_in_every_language() -> None:
    missing = {
        reason: where
        for reason, where in _reasons_given().items()
        if f"refused_{reason}" not in REFUSAL_WORDS
    }
    assert missing == {}


def test_each_sentence_takes_the_same_values_in_every_language() -> None:
    for key, (zh_cn, zh_tw, en) in REFUSAL_WORDS.items():
        assert _fields(zh_cn) == _fields(zh_tw) == _fields(en), key
        assert all(text.strip() for text in (zh_cn, zh_tw, en)), key


def test_a_time_refused_away_from_the_offer_page_is_named_by_its_number() -> None:
    """The offer page names a refused time by its row's letter; an offer made from the salon's
    availability (Today's "offer times" button) has no rows, and its refusal still reads."""
    from flask import Flask

    from gateway.services import ServiceError
    from gateway.staff.refusals import refusal_text

    refused = ServiceError(
        "a slot must start in the future",
        field="slots.1.starts_at",
        reason="slot_past",
        values={"n": 2},
    )
    with Flask(__name__).test_request_context():
        assert "时间 2 已经过去了" in refusal_text(refused)
        assert "时间 B 已经过去了" in refusal_text(refused, row="B")
