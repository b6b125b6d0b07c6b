"""What the reply parser understands, and — as important — what it refuses to guess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import MAX_REPLY_CHARS, ParsedReply, parse_reply

CONFIRM = Intent.CONFIRM
CHANGE = Intent.CHANGE
CANCEL = Intent.CANCEL
OPT_OUT = Intent.OPT_OUT
OPT_IN = Intent.OPT_IN
HELP = Intent.HELP
UNKNOWN = Intent.UNKNOWN

REPO_ROOT = Path(__file__).resolve().parents[2]
REPLIES_SOURCE = REPO_ROOT / "gateway" / "domain" / "replies.py"

Row = tuple[str, Intent, str | None]

# Each category: (body, expected intent, expected ref).
CASES: dict[str, list[Row]] = {
    "simplified": [
        ("确认", CONFIRM, None),
        ("确定", CONFIRM, None),
        ("好的", CONFIRM, None),
        ("好", CONFIRM, None),
        ("可以", CONFIRM, None),
        ("没问题", CONFIRM, None),
        ("会来", CONFIRM, None),
        ("准时到", CONFIRM, None),
        ("到时见", CONFIRM, None),
        ("嗯嗯", CONFIRM, None),
        ("是的", CONFIRM, None),
        ("变更", CHANGE, None),
        ("改期", CHANGE, None),
        ("改时间", CHANGE, None),
        ("换个时间", CHANGE, None),
        ("换时间", CHANGE, None),
        ("改约", CHANGE, None),
        ("改天", CHANGE, None),
        ("推迟", CHANGE, None),
        ("延后", CHANGE, None),
        ("取消", CANCEL, None),
        ("不去了", CANCEL, None),
        ("来不了", CANCEL, None),
        ("去不了", CANCEL, None),
        ("不来了", CANCEL, None),
        ("没空", CANCEL, None),
        ("有事去不了", CANCEL, None),
    ],
    "traditional": [
        ("確認", CONFIRM, None),
        ("確定", CONFIRM, None),
        ("沒問題", CONFIRM, None),
        ("會來", CONFIRM, None),
        ("準時到", CONFIRM, None),
        ("到時見", CONFIRM, None),
        ("變更", CHANGE, None),
        ("改時間", CHANGE, None),
        ("換個時間", CHANGE, None),
        ("改約", CHANGE, None),
        ("延後", CHANGE, None),
        ("推遲", CHANGE, None),
        ("來不了", CANCEL, None),
        ("不來了", CANCEL, None),
        ("沒空", CANCEL, None),
        ("取消預約", CANCEL, None),
        ("好的，謝謝", CONFIRM, None),
        ("不好意思，我來不了", CANCEL, None),
    ],
    "english": [
        ("yes", CONFIRM, None),
        ("y", CONFIRM, None),
        ("yep", CONFIRM, None),
        ("yeah", CONFIRM, None),
        ("sure", CONFIRM, None),
        ("ok", CONFIRM, None),
        ("okay", CONFIRM, None),
        ("confirm", CONFIRM, None),
        ("confirmed", CONFIRM, None),
        ("I confirm", CONFIRM, None),
        ("see you then", CONFIRM, None),
        ("I'll be there", CONFIRM, None),
        ("I will be there", CONFIRM, None),
        ("no problem", CONFIRM, None),
        ("I can make it", CONFIRM, None),
        ("reschedule", CHANGE, None),
        ("change", CHANGE, None),
        ("change time", CHANGE, None),
        ("another time", CHANGE, None),
        ("Re-schedule please", CHANGE, None),
        ("postpone", CHANGE, None),
        ("cancel", CANCEL, None),
        ("can't make it", CANCEL, None),
        ("I can’t make it", CANCEL, None),
        ("cannot come", CANCEL, None),
        ("I'm not coming", CANCEL, None),
        ("please cancel my appointment", CANCEL, None),
    ],
    "trailing off": [
        # A soft yes that trails off hesitates: a person reads it. A clear word still answers.
        ("嗯嗯...", UNKNOWN, None),
        ("好吧……", UNKNOWN, None),
        ("好的。。。", UNKNOWN, None),
        ("嗯⋯", UNKNOWN, None),
        ("ok...", UNKNOWN, None),
        ("行吧．．", UNKNOWN, None),
        ("嗯", CONFIRM, None),
        ("好的。", CONFIRM, None),
        ("確認...", CONFIRM, None),
        ("好的，明天见...", CONFIRM, None),
        ("取消吧…", CANCEL, None),
        ("ok see you then...", CONFIRM, None),
    ],
    "digits": [
        ("1", CONFIRM, None),
        ("2", CHANGE, None),
        ("3", CANCEL, None),
        ("1.", CONFIRM, None),
        ("回复1", CONFIRM, None),
        ("1 谢谢", CONFIRM, None),
        ("11", UNKNOWN, None),
        ("4", UNKNOWN, None),
        ("0", UNKNOWN, None),
        ("3点到", UNKNOWN, None),  # a time, not the reply digit 3
        ("3pm", UNKNOWN, None),
        ("1号", UNKNOWN, None),  # a date
        ("1 2", UNKNOWN, None),
    ],
    "full-width": [
        ("ＳＴＯＰ", OPT_OUT, None),
        ("１", CONFIRM, None),
        ("２", CHANGE, None),
        ("３", CANCEL, None),
        ("\u3000确认\u3000", CONFIRM, None),
        ("ＯＫ", CONFIRM, None),
        ("Ｙｅｓ", CONFIRM, None),
        ("ｃａｎｃｅｌ", CANCEL, None),
        ("①", CONFIRM, None),
        ("Ｋ７Ｐ３ 确认", CONFIRM, "K7P3"),
    ],
    "punctuation and brackets": [
        ("【确认】", CONFIRM, None),
        ("确认!", CONFIRM, None),
        ("「確認」", CONFIRM, None),
        ("确认。", CONFIRM, None),
        ("(1)", CONFIRM, None),
        ("（３）", CANCEL, None),
        ("《取消》", CANCEL, None),
        ('"确认"', CONFIRM, None),
        ("...确认...", CONFIRM, None),
        ("确认～～", CONFIRM, None),
        ("确认😊", CONFIRM, None),
        ("🙏取消🙏", CANCEL, None),
        ("👍", CONFIRM, None),
        ("👍🏻", CONFIRM, None),
        ("1️⃣", CONFIRM, None),
        ("✅", CONFIRM, None),
        ("Yes!!!", CONFIRM, None),
    ],
    "padding": [
        ("确认，谢谢", CONFIRM, None),
        ("好的确认", CONFIRM, None),
        ("取消吧", CANCEL, None),
        ("ok 确认", CONFIRM, None),
        ("好的，我会准时到", CONFIRM, None),
        ("谢谢，确认一下", UNKNOWN, None),  # "let me check" as often as "I confirm"
        ("我确认一下", UNKNOWN, None),
        ("我確認一下", UNKNOWN, None),
        ("好的，取消", CANCEL, None),
        ("好的我想取消", CANCEL, None),
        ("不好意思，我来不了", CANCEL, None),
        ("不好意思，改个时间", CHANGE, None),
        ("要取消", CANCEL, None),
        ("取消预约", CANCEL, None),
        ("确认预约", CONFIRM, None),
        ("我确认", CONFIRM, None),
        ("你好，我想改个时间", CHANGE, None),
        ("老师您好，确认，谢谢", CONFIRM, None),
        ("抱歉，明天来不了了", CANCEL, None),
        ("临时有事来不了", CANCEL, None),
        ("那就改天吧", CHANGE, None),
        ("好的，明天见", CONFIRM, None),
        ("OK的", CONFIRM, None),
        ("Yes please", CONFIRM, None),
        ("ok thanks", CONFIRM, None),
        ("Sorry, I need to reschedule", CHANGE, None),
        ("Hi, I would like to cancel, thank you", CANCEL, None),
        ("谢谢", UNKNOWN, None),  # politeness alone says nothing
        ("收到", CONFIRM, None),  # "received": the soft yes it is written as (docs/replies.md)
        ("不好意思", UNKNOWN, None),
    ],
    "case": [
        ("YES", CONFIRM, None),
        ("Yes", CONFIRM, None),
        ("CONFIRM", CONFIRM, None),
        ("Cancel", CANCEL, None),
        ("CANCEL", CANCEL, None),  # Twilio's opt-out word, but here it cancels the appointment
        ("ReSchedule", CHANGE, None),
        ("Ok", CONFIRM, None),
    ],
    "opt-out": [
        ("STOP", OPT_OUT, None),
        ("stop", OPT_OUT, None),
        ("Stop.", OPT_OUT, None),
        ("STOPALL", OPT_OUT, None),
        ("UNSUBSCRIBE", OPT_OUT, None),
        ("END", OPT_OUT, None),
        ("QUIT", OPT_OUT, None),
        ("OPTOUT", OPT_OUT, None),
        ("opt-out", OPT_OUT, None),
        ("REVOKE", OPT_OUT, None),
        ("退订", OPT_OUT, None),
        ("退訂", OPT_OUT, None),
        ("【退订】", OPT_OUT, None),
        ("TD", OPT_OUT, None),
        ("td", OPT_OUT, None),
        ("T", OPT_OUT, None),
        ("t", OPT_OUT, None),
        ("stop?", OPT_OUT, None),  # honoured: stopping wrongly costs less than texting on
        ("K7P3 STOP", OPT_OUT, "K7P3"),
        ("weekend", UNKNOWN, None),
        ("attend", UNKNOWN, None),
        ("the end", UNKNOWN, None),
        ("stop texting me", OPT_OUT, None),  # an opt-out phrase: what is stopped follows it
        ("退订，谢谢", OPT_OUT, None),  # politeness beside an opt-out phrase
    ],
    "opt-in": [
        ("START", OPT_IN, None),
        ("start", OPT_IN, None),
        ("UNSTOP", OPT_IN, None),
        ("订阅", OPT_IN, None),
        ("訂閱", OPT_IN, None),
        ("start?", UNKNOWN, None),  # a question is not consent
    ],
    "help": [
        ("HELP", HELP, None),
        ("help", HELP, None),
        ("INFO", HELP, None),
        ("帮助", HELP, None),
        ("幫助", HELP, None),
        ("帮忙", HELP, None),
        ("?", HELP, None),
        ("？", HELP, None),
        ("???", HELP, None),
        ("help?", HELP, None),
        ("K7P3?", HELP, "K7P3"),
    ],
    "refs": [
        ("确认 K7P3", CONFIRM, "K7P3"),
        ("k7p3 取消", CANCEL, "K7P3"),
        ("K7P3确认", CONFIRM, "K7P3"),
        ("确认#K7P3", CONFIRM, "K7P3"),
        ("取消(k7p3)", CANCEL, "K7P3"),
        ("改时间 a4c9", CHANGE, "A4C9"),
        ("A4C9: yes", CONFIRM, "A4C9"),
        ("cancel #a4c9", CANCEL, "A4C9"),
        ("K7P3-1", CONFIRM, "K7P3"),
        ("1 K7P3", CONFIRM, "K7P3"),
        ("K7P3 3", CANCEL, "K7P3"),  # the separate 3 is the reply digit
        ("Ref: K7P3, confirm", CONFIRM, "K7P3"),
        ("【K7P3】确认，谢谢", CONFIRM, "K7P3"),
        ("K7P3 确认 k7p3", CONFIRM, "K7P3"),  # the same ref twice is still one ref
        ("K7P3", UNKNOWN, "K7P3"),  # its 3 is not the reply digit 3
        ("K3P7", UNKNOWN, "K3P7"),
        ("K7P3 谢谢", UNKNOWN, "K7P3"),
        ("K7P3 A4C9 确认", UNKNOWN, None),  # which one?
        ("确认 K7P3 取消 A4C9", UNKNOWN, None),
        ("确认 K7P2", UNKNOWN, None),  # 2 is not in the ref alphabet: not a ref, not understood
        ("确认 NEXT", UNKNOWN, None),
        ("确认 2024", UNKNOWN, None),
        ("确认K7P31", UNKNOWN, None),  # five characters: not a ref
        ("K7P3 确认？", UNKNOWN, "K7P3"),
        ("K7P3 确认 还是取消", UNKNOWN, "K7P3"),
    ],
    "negations": [
        ("不确认", UNKNOWN, None),
        ("不確認", UNKNOWN, None),
        ("不要取消", UNKNOWN, None),
        ("别取消", UNKNOWN, None),
        ("不取消", UNKNOWN, None),
        ("不用改", UNKNOWN, None),
        ("不想改", UNKNOWN, None),
        ("没确认", UNKNOWN, None),
        ("不好", UNKNOWN, None),
        ("不行", UNKNOWN, None),
        ("取消不了", UNKNOWN, None),
        ("don't cancel", UNKNOWN, None),
        ("do not cancel", UNKNOWN, None),
        ("not confirm", UNKNOWN, None),
        ("no", UNKNOWN, None),
        ("No", UNKNOWN, None),
        ("nope", UNKNOWN, None),
        ("not sure", UNKNOWN, None),
        ("never mind", UNKNOWN, None),
        ("no thanks", UNKNOWN, None),
    ],
    "contradictions": [
        ("确认还是取消？", UNKNOWN, None),
        ("确认还是取消", UNKNOWN, None),
        ("1 or 3", UNKNOWN, None),
        ("1 3", UNKNOWN, None),
        ("confirm or cancel", UNKNOWN, None),
        ("先确认，不行再取消", UNKNOWN, None),
        ("确认取消", UNKNOWN, None),  # "confirm the cancellation"? or two answers? ask
        ("取消确认", UNKNOWN, None),
        ("改时间，取消", UNKNOWN, None),
        ("yes cancel", CANCEL, None),  # a yes leading a cancel agrees to it, as "ok cancel"
        ("cancel yes", UNKNOWN, None),
        ("可以取消", UNKNOWN, None),  # "may I cancel" without its 吗
        ("1 取消", UNKNOWN, None),
    ],
    "questions": [
        # Asking whether the time can change asks for the change: the salon calls.
        ("能改时间吗？", CHANGE, None),
        ("能改一下吗?", CHANGE, None),
        ("可以取消吗?", UNKNOWN, None),  # a question about cancelling may be about a fee
        ("可以取消嗎", UNKNOWN, None),
        ("can I reschedule?", CHANGE, None),
        ("can I reschedule", CHANGE, None),
        ("是确认吗", UNKNOWN, None),
        ("是確認嗎？", UNKNOWN, None),
        ("确认吗", UNKNOWN, None),
        ("确认呢", UNKNOWN, None),
        ("确认?", UNKNOWN, None),
        ("确认？", UNKNOWN, None),
        ("cancel?", UNKNOWN, None),
        ("yes?", UNKNOWN, None),
        ("what time is it?", UNKNOWN, None),
        ("什么时间", UNKNOWN, None),
        ("要不要取消", UNKNOWN, None),
        ("可以改时间吗", CHANGE, None),
        ("能不能改", CHANGE, None),  # the one yes/no question let through: it asks for a change
        ("会不会来", UNKNOWN, None),  # padding 会 + cancel phrase 不会来, were it not a question
        ("來不來", UNKNOWN, None),
        ("可不可以", UNKNOWN, None),
        ("有没有空", UNKNOWN, None),
        ("要不改天", UNKNOWN, None),  # "how about another day?"
        ("要不不去了", UNKNOWN, None),
    ],
    "unclear": [
        ("book", UNKNOWN, None),  # contains "ok"
        ("yesterday", UNKNOWN, None),  # starts with "yes"
        ("Okey dokey", UNKNOWN, None),
        ("晚点到", UNKNOWN, None),
        ("推迟10分钟", UNKNOWN, None),  # running late, not a new time
        ("改到周五", CHANGE, None),  # a day of the week is what a change moves to
        ("改到3点", UNKNOWN, None),  # a clock time is read by the offer path, not here
        ("明天", UNKNOWN, None),
        ("我", UNKNOWN, None),
        ("hello", UNKNOWN, None),
        ("😊", UNKNOWN, None),
        ("❤️", UNKNOWN, None),
        ("算了", UNKNOWN, None),
        ("收到，谢谢", CONFIRM, None),
        ("да", UNKNOWN, None),
        ("نعم", UNKNOWN, None),
    ],
    "long": [
        ("确认" * 1000, UNKNOWN, None),  # 2,000 characters
        ("确认" + "谢谢" * 29, CONFIRM, None),  # exactly 60 characters
        ("确认" + "谢谢" * 29 + "了", UNKNOWN, None),  # 61 characters
        ("K7P3 " + "确认" * 40, UNKNOWN, None),
        ("确认" + " " * 500 + "谢谢", CONFIRM, None),  # whitespace collapses
    ],
    "empty": [
        ("", UNKNOWN, None),
        (" ", UNKNOWN, None),
        ("\u3000\t\n", UNKNOWN, None),
        ("。。。", UNKNOWN, None),
        ("...", UNKNOWN, None),
    ],
}

TABLE = [
    pytest.param(body, intent, ref, id=f"{category}: {body[:24]!r}")
    for category, rows in CASES.items()
    for body, intent, ref in rows
]


def test_the_table_covers_every_category_generously() -> None:
    assert len(TABLE) >= 170


@pytest.mark.parametrize(("body", "intent", "ref"), TABLE)
def test_parse_reply(body: str, intent: Intent, ref: str | None) -> None:
    parsed = parse_reply(body)
    assert (parsed.intent, parsed.ref) == (intent, ref)


def test_the_long_boundary_is_the_documented_one() -> None:
    assert MAX_REPLY_CHARS == 60
    assert len("确认" + "谢谢" * 29) == MAX_REPLY_CHARS


# Any intent word, however clear, is refused next to a negation or inside a question.
INTENT_WORDS = ["确认", "确定", "取消", "改时间", "confirm", "cancel", "reschedule", "1", "3"]


@pytest.mark.parametrize("word", INTENT_WORDS)
@pytest.mark.parametrize(
    "shape",
    ["不{}", "别{}", "没{}", "不要{}", "不用{}", "not {}", "don't {}", "do not {}", "never {}"],
)
def test_a_negated_intent_is_unknown(shape: str, word: str) -> None:
    assert parse_reply(shape.format(word)).intent is UNKNOWN


@pytest.mark.parametrize("word", INTENT_WORDS)
@pytest.mark.parametrize("shape", ["{}吗", "{}嗎", "{}呢", "{}?", "{}？", "是{}吗", "{} or not"])
def test_a_question_about_an_intent_is_unknown(shape: str, word: str) -> None:
    assert parse_reply(shape.format(word)).intent is UNKNOWN


CHANGE_WORDS = ["改时间", "改期", "reschedule", "change the time"]


@pytest.mark.parametrize("word", [word for word in INTENT_WORDS if word not in CHANGE_WORDS])
@pytest.mark.parametrize("shape", ["能{}吗", "可以{}吗", "能不能{}", "can i {}", "could you {}?"])
def test_asking_whether_one_may_confirm_or_cancel_is_unknown(shape: str, word: str) -> None:
    assert parse_reply(shape.format(word)).intent is UNKNOWN


@pytest.mark.parametrize("word", CHANGE_WORDS)
@pytest.mark.parametrize("shape", ["能{}吗", "可以{}吗", "能不能{}", "can i {}", "could you {}?"])
def test_asking_whether_the_time_can_change_is_a_change(shape: str, word: str) -> None:
    assert parse_reply(shape.format(word)).intent is CHANGE


ODD_BODIES = [
    "\x00",
    "\x00确认",
    "\x07\x1b[31m",
    "\r\n\r\n",
    "\ufeff",
    "\u200b\u200d",
    "\ud800",  # a lone surrogate: Flask never hands us one, but str can hold it
    "😀😃😄😁",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "שלום",
    "مرحبا",
    "\u202eKCOTS",  # right-to-left override
    "Z̸̡̢͖̈́͊a̷l̶g̸o̵",
    "ﷺ" * 200,  # NFKC expands this one character to many
    "ﷺ",
    "𝐒𝐓𝐎𝐏",
    "Ⅲ",
    "²",
    "\\",
    "%s %d {} {0}",
    "<script>alert(1)</script>",
    "'; DROP TABLE appointments; --",
    "a" * 1600,
    "a" * 1601,
    "?" * 5000,
    " " * 5000,
]


@pytest.mark.parametrize("body", ODD_BODIES, ids=range(len(ODD_BODIES)))
def test_junk_never_raises(body: str) -> None:
    parsed = parse_reply(body)
    assert isinstance(parsed, ParsedReply)
    assert isinstance(parsed.intent, Intent)
    assert parsed.ref is None or len(parsed.ref) == 4


def test_mathematical_bold_stop_is_still_stop() -> None:
    # NFKC folds styled letters too, so a "fancy font" keyboard still unsubscribes.
    assert parse_reply("𝐒𝐓𝐎𝐏").intent is OPT_OUT


def test_parsed_reply_is_immutable() -> None:
    parsed = parse_reply("确认")
    with pytest.raises(AttributeError):
        parsed.intent = CANCEL  # type: ignore[misc]


def test_importing_the_module_loads_no_web_database_or_sms_library() -> None:
    # gateway/__init__.py builds the Flask app, so stand in an empty ``gateway`` package: what
    # remains loaded is what replies.py (and lifecycle.py) pull in themselves.
    program = (
        "import sys, types\n"
        "package = types.ModuleType('gateway')\n"
        f"package.__path__ = [{str(REPO_ROOT / 'gateway')!r}]\n"
        "sys.modules['gateway'] = package\n"
        "import gateway.domain.replies\n"
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in {'flask', 'sqlalchemy', 'twilio', 'werkzeug'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    assert result.stdout.strip() == "[]"
