"""How a customer says the answer was chosen (issue 21, tenth pass; ``reply_choice_words``): a
decision after all leading its answer (还是取消吧, 想了想还是改个时间吧), giving it up before a
cancel (算了取消吧, 算了不去了) but taking back a change or a yes after it (我想改时间，算了), a
yes leading another answer ("yes cancel", as "ok cancel"), and a receipt (收到, 知道了, "got
it") read as the soft yes customers mean by it, a product decision (docs/replies.md); and a
visit withdrawn (去不成了，帮我撤了吧) or an appointment declined (预约不要了) as a cancel.
Each word in three phrasings where it stands and three where it must not; a property: a no, a
question or someone else beside them still changes nothing. None is a row of a held-out set."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.domain.lifecycle import Intent
from gateway.domain.replies import parse_reply
from gateway.domain.reply_choice_words import AFTER_ALL, GIVING_UP, LEADING_YES, RECEIPT
from gateway.domain.reply_everyday_words import DECLINING
from gateway.domain.reply_meaning_words import CANCEL_VERBS
from tests.unit.reply_tables import converter, held_out_before, word_rows

CONFIRM, CHANGE, CANCEL, UNKNOWN = Intent.CONFIRM, Intent.CHANGE, Intent.CANCEL, Intent.UNKNOWN
NOTHING = (UNKNOWN, UNKNOWN, UNKNOWN)
RECEIPT_ZH = tuple(word for word in RECEIPT if not word.isascii())
RECEIPT_EN = tuple(word for word in RECEIPT if word.isascii())
WITHDRAWING_ZH = tuple(word for word in CANCEL_VERBS if not word.isascii())
WITHDRAWING_EN = tuple(word for word in CANCEL_VERBS if word.isascii())

NEW_WORDS = {
    "after all, leading its answer": (
        AFTER_ALL,
        ["{}取消吧", "{}帮我改个时间吧", "{}不去了"],
        (CANCEL, CHANGE, CANCEL),
    ),
    "after all, alone, asking or between two answers (or)": (
        AFTER_ALL,
        ["{}", "{}取消吗", "确认{}取消"],
        NOTHING,
    ),
    "giving up, leading a cancel or not coming": (
        GIVING_UP,
        ["{}取消吧", "{}我不去了", "{}，取消预约"],
        (CANCEL, CANCEL, CANCEL),
    ),
    "giving up after a change or a yes: taken back": (
        GIVING_UP,
        ["我想改时间，{}", "确认，{}", "改到周日吧，{}"],
        NOTHING,
    ),
    "a yes leading a cancel or a change": (
        LEADING_YES,
        ["{} cancel", "{} please cancel it", "{} reschedule please"],
        (CANCEL, CANCEL, CHANGE),
    ),
    "a yes alone or with a yes": (
        LEADING_YES,
        ["{}", "{} see you on the day", "{}, confirmed"],
        (CONFIRM, CONFIRM, CONFIRM),
    ),
    "a yes beside a no, a question or not coming": (
        LEADING_YES,
        ["{} not sure", "{} cancel?", "{} i cant make it"],
        NOTHING,
    ),
    "a receipt alone or beside a yes or thanks": (
        RECEIPT_ZH,
        ["{}", "{}，谢谢", "{}，到时见"],
        (CONFIRM, CONFIRM, CONFIRM),
    ),
    "a receipt beside another answer: politeness": (
        RECEIPT_ZH,
        ["{}，取消吧", "{}，麻烦改个时间", "{}，来不了"],
        (CANCEL, CHANGE, CANCEL),
    ),
    "a receipt beside thinking it over, a time or a question": (
        RECEIPT_ZH,
        ["{}，我再想想", "{}，3点", "{}？"],
        NOTHING,
    ),
    "a receipt in English alone or beside thanks": (
        RECEIPT_EN,
        ["{}", "{}, thanks", "{}, see you then"],
        (CONFIRM, CONFIRM, CONFIRM),
    ),
    "a receipt in English beside a no, a time or a question": (
        RECEIPT_EN,
        ["{}, dont cancel", "{}, 3pm", "{}?"],
        NOTHING,
    ),
    "withdrawing it beside not coming: the visit withdrawn": (
        WITHDRAWING_ZH,
        ["去不了，帮我{}吧", "这次来不了了，{}吧", "不去了 麻烦{}"],
        (CANCEL, CANCEL, CANCEL),
    ),
    "withdrawing it with no object, for someone else, or not to": (
        WITHDRAWING_ZH,
        ["{}吧谢谢", "我老婆去不了，{}吧", "去不了，别{}"],
        NOTHING,
    ),
    "withdrawing it beside not coming, in English": (
        WITHDRAWING_EN,
        ["cant make it, {} it", "not coming, please {} it", "{} the appointment"],
        (CANCEL, CANCEL, CANCEL),
    ),
    "withdrawing it in English with no object, for someone else, or not to": (
        WITHDRAWING_EN,
        ["{}", "my wife cant make it, {} it", "cant make it, dont {} it"],
        NOTHING,
    ),
    "declining the appointment": (
        DECLINING,
        ["预约{}", "这个预约{}，多谢", "那个预约{}哈"],
        (CANCEL, CANCEL, CANCEL),
    ),
    "declining with no object, asking, or for someone else": (
        DECLINING,
        ["{}", "预约{}吗", "我老公的预约{}"],
        NOTHING,
    ),
}
WORD_ROWS = word_rows(NEW_WORDS)


@pytest.mark.parametrize(("body", "intent"), WORD_ROWS)
def test_every_new_word_in_three_phrasings(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
@pytest.mark.parametrize("body", ["还是取消吧", "算了不去了", "我想改时间，算了", "收到，谢谢"])
def test_taiwan_and_hong_kong_spellings_read_alike(config: str, body: str) -> None:
    assert parse_reply(converter(config).convert(body)) == parse_reply(body)


ANSWERS = {"取消": CANCEL, "改时间": CHANGE, "改个时间": CHANGE, "确认": CONFIRM, "去": CONFIRM}


@given(
    lead=st.sampled_from(AFTER_ALL + GIVING_UP + RECEIPT_ZH),
    answer=st.sampled_from(sorted(ANSWERS)),
    stop=st.sampled_from(["不{}", "别{}", "不要{}", "{}吗", "{}？", "我老婆{}", "我朋友说{}"]),
    end=st.sampled_from(["", "吧", "了", "啦"]),
)
def test_a_no_a_question_or_someone_else_still_changes_nothing(
    lead: str, answer: str, stop: str, end: str
) -> None:
    body = lead + stop.format(answer) + end
    assert parse_reply(body).intent is not ANSWERS[answer], body


def test_no_row_here_is_a_row_of_a_held_out_set() -> None:
    # A word alone (收到, "yes") is the word, not a set's row copied. The sets written after
    # these rows were not read for them: a writer may say what a row here says, and that is no
    # copy.
    words = set(AFTER_ALL + GIVING_UP + LEADING_YES + RECEIPT)
    rows = {str(param.values[0]) for param in WORD_ROWS} - words
    assert not rows & held_out_before(17)
