"""How long the reply parser takes per reply, now and at an earlier revision, in one run.

A realistic mix: every body in the parser's test table (tests/unit/test_replies*.py) plus
generated replies (a reply word with politeness, objects, refs, punctuation, Traditional and
full-width forms around it), about 6,000 in all. Each parser reads the whole mix ``--rounds``
times, the two parsers taking turns round by round so the machine's other load falls on both;
every call is timed on its own (``perf_counter_ns``), the first round of each is a warm-up.
Figures are given over all calls, over each reply's fastest call ("best of rounds"), and as the
process's CPU time per reply (timer included); the last two leave out most of what the machine's
other load costs.
The earlier parser is read from git (``git show REV:gateway/domain/…``) into a private module,
so nothing needs checking out. Prints µs/reply (mean, p50, p99) and how many replies the two read
differently. The goal is under 50 µs per reply. A third line times the rules with the learned
reader behind them (``reply_guard.learned_intent``, consulted for a reply the rules leave unclear,
as ``read_reply`` does). Self-contained on purpose: only the standard library, git and the parser
itself.

    .venv/bin/python bench/replies.py [--before REV] [--rounds N]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import statistics
import subprocess
import sys
import time
import types
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

#: The parser before words were read by meaning and reasons as clauses of their own (issue 21).
BEFORE = "a27f53b"

PREFIXES = ["", "", "", "你好，", "您好，", "不好意思，", "麻烦", "我想", "请帮我"]
PREFIXES += ["Hi, ", "Please "]
WORDS = [
    "确认", "好的", "1", "2", "3", "取消", "取消预约", "改时间", "改个时间",
    "调一下时间", "换个时间", "来不了", "退订", "yes", "ok", "confirm", "cancel it",
    "reschedule", "change the time", "can I reschedule?", "可以改个时间吗", "能取消吗",
    "不要取消", "确认还是取消", "I'd like to reschedule", "stop texts", "在哪里？",
    "几点来着", "改天再说", "不用改了",
]  # fmt: skip
SUFFIXES = ["", "", "", "，谢谢", "吧", "一下", " 谢谢", "!", "。", " thanks", " please", " K7P3"]


def table_modules() -> list[types.ModuleType]:
    """The parser's test tables (``tests/unit/test_replies*.py``), loaded as modules."""
    modules = []
    for path in sorted((REPO_ROOT / "tests" / "unit").glob("test_replies*.py")):
        spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def _table_rows() -> list[tuple[str, str]]:
    """(body, expected intent) of every row of the parser's test tables."""
    found: list[tuple[str, str]] = []
    for module in table_modules():
        for rows in getattr(module, "CASES", {}).values():
            found.extend((body, str(intent)) for body, intent, *_ in rows)
    return found


def _table_bodies() -> list[str]:
    return [body for body, _ in _table_rows()]


def _recall(parsers: dict[str, Callable[[str], Any]]) -> None:
    """Per intent, how many table rows each parser reads as the table says, and how many it
    reads as another state-changing intent (a wrong change: the tables want none)."""
    acting = {"confirm", "change", "cancel"}
    rows = _table_rows()
    print(f"recall on the phrase tables ({len(rows)} rows), per expected intent:")
    for name, parse in parsers.items():
        total: Counter[str] = Counter()
        right: Counter[str] = Counter()
        wrong = 0
        for body, expected in rows:
            read = str(parse(body).intent)
            total[expected] += 1
            right[expected] += read == expected
            wrong += read != expected and read in acting
        figures = ", ".join(f"{intent} {right[intent]}/{total[intent]}" for intent in sorted(total))
        print(f"  {name}: {figures}; wrong state changes {wrong}")


def _generated(count: int) -> list[str]:
    chance = random.Random(10)
    bodies = []
    for _ in range(count):
        body = chance.choice(PREFIXES) + chance.choice(WORDS) + chance.choice(SUFFIXES)
        if chance.random() < 0.1:  # a full-width keyboard
            body = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in body)
        bodies.append(body)
    return bodies


_REPLY_IMPORT = re.compile(r"^from gateway\.domain\.(reply_\w+) import", re.MULTILINE)


def _parser_at(revision: str) -> Callable[[str], Any]:
    """``parse_reply`` as it was at ``revision``, loaded beside the current one."""

    def source(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{revision}:{path}"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    loaded: dict[str, str] = {}

    def load(name: str) -> str:
        """Module ``name`` (replies or a reply_* word module) as it was at ``revision``, with
        every reply_* module it imports read from the same revision first; its private name."""
        if name in loaded:
            return loaded[name]
        code = source(f"gateway/domain/{name}.py")
        # Every word module the parser imported at that revision (and they in turn) is read from
        # the same revision, so the earlier parser runs with its own vocabulary.
        for dependency in sorted(set(_REPLY_IMPORT.findall(code))):
            code = code.replace(
                f"from gateway.domain.{dependency} import", f"from {load(dependency)} import"
            )
        module = types.ModuleType(f"_bench_{name}_before")
        sys.modules[module.__name__] = module  # dataclasses look their module up while building
        exec(compile(code, f"{name}(before)", "exec"), module.__dict__)  # noqa: S102
        loaded[name] = module.__name__
        return module.__name__

    parser = sys.modules[load("replies")]
    return parser.parse_reply  # type: ignore[no-any-return]


def _time_round(parse: Callable[[str], Any], bodies: list[str]) -> tuple[list[int], int]:
    """Each call's wall time, and the CPU time of the whole round (ns)."""
    clock = time.perf_counter_ns
    spent = []
    cpu = time.process_time_ns()
    for body in bodies:
        start = clock()
        parse(body)
        spent.append(clock() - start)
    return spent, time.process_time_ns() - cpu


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--before", default=BEFORE, help=f"revision to compare (default {BEFORE})")
    options.add_argument("--rounds", type=int, default=6, help="passes over the mix (default 6)")
    args = options.parse_args()

    from gateway.domain.replies import ParsedReply, parse_reply
    from gateway.domain.reply_guard import learned_intent

    def with_reader(body: str) -> ParsedReply:
        parsed = parse_reply(body)
        learned = learned_intent(body, parsed)
        return parsed if learned is None else ParsedReply(learned, parsed.ref)

    table = _table_bodies()
    bodies = table + _generated(6000 - len(table))
    parsers = {
        f"before ({args.before})": _parser_at(args.before),
        "after (work tree)": parse_reply,
        "after + learned reader": with_reader,
    }
    rounds: dict[str, list[list[int]]] = {name: [] for name in parsers}
    cpu: dict[str, int] = dict.fromkeys(parsers, 0)
    for round_ in range(args.rounds + 1):
        for name, parse in parsers.items():
            times, cpu_ns = _time_round(parse, bodies)
            if round_:  # the first round warms caches up
                rounds[name].append(times)
                cpu[name] += cpu_ns

    before, after, _ = parsers.values()
    differ = sum(before(body).intent != after(body).intent for body in bodies)
    print(f"{len(bodies)} replies ({len(table)} from the test table), {args.rounds} rounds each")
    print("all calls: every timed call; best of rounds: each reply's fastest call, which leaves")
    print("out most of what other processes on the machine cost")
    print(
        f"{'parser':<22} {'figures':<15} {'mean µs':>8} {'p50 µs':>8} {'p99 µs':>8} {'max µs':>8}"
    )
    for name, timed in rounds.items():
        every = [t / 1000 for times in timed for t in times]
        best = [min(column) / 1000 for column in zip(*timed, strict=True)]
        for label, micro in (("all calls", every), ("best of rounds", best)):
            cuts = statistics.quantiles(micro, n=100)
            mean = statistics.fmean(micro)
            print(
                f"{name:<22} {label:<15} {mean:8.2f} {cuts[49]:8.2f} {cuts[98]:8.2f} "
                f"{max(micro):8.1f}"
            )
    for name in parsers:
        print(f"{name}: CPU time {cpu[name] / 1000 / (len(bodies) * args.rounds):.2f} µs/reply")
    print(f"replies whose intent differs between the two: {differ}")
    _recall(parsers)


if __name__ == "__main__":
    main()
