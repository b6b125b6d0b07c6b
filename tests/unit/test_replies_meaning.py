"""Replies understood by the meaning of their words: the verbs that carry each intent with the
objects they take, clauses that only give a reason or a greeting, Cantonese, and the questions an
unclear reply asks — and everything that must still change nothing."""

from __future__ import annotations

import pytest

from gateway.domain import reply_clause_words, reply_context_words, reply_meaning_words
from gateway.domain.lifecycle import Intent
from gateway.domain.replies import Question, parse_reply
from tests.unit.reply_tables import converter

CONFIRM = Intent.CONFIRM
CHANGE = Intent.CHANGE
CANCEL = Intent.CANCEL
UNKNOWN = Intent.UNKNOWN

# Each category: (body, expected intent).
CASES: dict[str, list[tuple[str, Intent]]] = {
    "the issue's examples": [
        ("时间不太方便，想调整一下", CHANGE),
        ("能往后推一个小时吗", CHANGE),
        ("提前一点可以吗", CHANGE),
        ("改期唔该", CHANGE),
        ("这次不做了", CANCEL),
        ("人在外地，去不成了", CANCEL),
        ("I won't be able to come", CANCEL),
        ("行，就这个时间", CONFIRM),
        ("收到，会准时过去", CONFIRM),
        ("确认时间没问题", CONFIRM),
        ("确认一下，没问题", CONFIRM),
        ("确认一下再说", UNKNOWN),
        ("我确认一下再回复你", UNKNOWN),
        ("等我确认下时间", UNKNOWN),
    ],
    "change: moving the time later or earlier": [
        ("推后", CHANGE),
        ("推后一点", CHANGE),
        ("能推后一天吗", CHANGE),
        ("往后推", CHANGE),
        ("往后推一下", CHANGE),
        ("往后推一个小时", CHANGE),
        ("可以往后推半小时吗", CHANGE),
        ("往前推一点", CHANGE),
        ("往前挪一点", CHANGE),
        ("往后挪一下吧", CHANGE),
        ("往后调一下", CHANGE),
        ("往前调一个小时可以吗", CHANGE),
        ("往后延一天", CHANGE),
        ("延迟一点", CHANGE),
        ("能延迟一天吗", CHANGE),
        ("顺延一周", CHANGE),
        ("顺延到下周吧", CHANGE),
        ("推延一下", CHANGE),
        ("延缓几天", CHANGE),
        ("推迟一个小时", CHANGE),
        ("推迟一天，谢谢", CHANGE),
        ("推一下时间", CHANGE),
        ("推一天", CHANGE),
        ("延一天", CHANGE),
        ("提前一点", CHANGE),
        ("提前一个小时可以吗", CHANGE),
        ("能提前一天吗", CHANGE),
        ("提早一点", CHANGE),
        ("提早半小时", CHANGE),
        ("想提前一下时间", CHANGE),
        ("时间能不能往后调一调", CHANGE),
        ("能不能调一调时间", CHANGE),
        ("往前挪一挪", CHANGE),
        ("改一改时间吧", CHANGE),
        ("冇时间，可唔可以转第二日", CHANGE),
        ("第二天可以吗", CHANGE),
        ("提前", UNKNOWN),  # 提前到: I'll come early? ask
        ("会提前到", UNKNOWN),
        ("提前10分钟到", UNKNOWN),
        ("推迟10分钟", UNKNOWN),  # running late
    ],
    "change: another time, another day": [
        ("另外约", CHANGE),
        ("另外约个时间", CHANGE),
        ("另约个时间吧", CHANGE),
        ("另约时间", CHANGE),
        ("改个日子", CHANGE),
        ("改日", CHANGE),
        ("改日期", CHANGE),
        ("改日吧，谢谢", CHANGE),
        ("改下午", CHANGE),
        ("改下周", CHANGE),
        ("改到下周", CHANGE),
        ("换个时段", CHANGE),
        ("调一下日期", CHANGE),
        ("挪一天", CHANGE),
        ("换到下午可以吗", CHANGE),
        ("调到晚上", CHANGE),
        ("改到周五", CHANGE),
        ("能改星期六吗", CHANGE),
        ("可以改到下周三吗", CHANGE),
        ("周末可以吗", CHANGE),  # proposing another time
        ("move it to Friday", CHANGE),
        ("can we do next Monday?", CHANGE),  # proposing another day, as 周末可以吗
        ("确认周五", UNKNOWN),
        ("周五见", UNKNOWN),
        ("周日", UNKNOWN),
        ("改到周五下午三点", UNKNOWN),  # a clock time: the offer path reads it
        ("改一下时间吧，谢谢老师", CHANGE),
        ("麻烦帮我改个日子", CHANGE),
        ("转个时间", CHANGE),
        ("转时间唔该", CHANGE),
        ("转日子得唔得", CHANGE),  # 得唔得 asks like 能不能
        ("改时间唔该", CHANGE),
        ("可唔可以改期", CHANGE),
        ("去唔去得", UNKNOWN),
    ],
    "change: english": [
        ("push back", CHANGE),
        ("can we push it back?", CHANGE),
        ("could you push my appointment back an hour", UNKNOWN),  # words out of order
        ("please push it back a day", CHANGE),
        ("push my appointment", CHANGE),
        ("bring forward", CHANGE),
        ("can we bring it forward?", CHANGE),
        ("could we make it later?", CHANGE),
        ("can we make it earlier", CHANGE),
        ("make it later please", CHANGE),
        ("some other time", CHANGE),
        ("some other time please", CHANGE),
        ("I'd like a later time", UNKNOWN),  # "like" alone is not "I'd like to"
        ("need a different time", CHANGE),
        ("can we do a different day?", CHANGE),
        ("can I come another day?", CHANGE),
        ("can I come later?", UNKNOWN),  # arrive late, or move it? ask
        ("another slot please", CHANGE),
        ("a new date please", CHANGE),
        ("move it later", CHANGE),
        ("move it a bit earlier", CHANGE),
        ("could you move it an hour later?", CHANGE),
        ("move my appointment to next week", CHANGE),
        ("delay my appointment", CHANGE),
        ("delay it a day please", CHANGE),
        ("delay", UNKNOWN),
        ("later", UNKNOWN),
        ("earlier", UNKNOWN),
        ("push", UNKNOWN),
        ("postpone it please", CHANGE),
        ("Hi, I need to postpone", CHANGE),
        ("something came up, can we reschedule?", CHANGE),
        ("sorry, something came up. need to reschedule", CHANGE),
    ],
    "cancel: not coming, in other words": [
        ("去不成", CANCEL),
        ("去不成了", CANCEL),
        ("来不成了，不好意思", CANCEL),
        ("这次去不成了", CANCEL),
        ("不做了", CANCEL),
        ("这次就不做了，谢谢", CANCEL),
        ("不弄了", CANCEL),
        ("头发不弄了", UNKNOWN),  # 头发: not a word we read
        ("不搞了", CANCEL),
        ("不剪了", CANCEL),
        ("这次不剪了", CANCEL),
        ("不烫了，谢谢", CANCEL),
        ("不染了", CANCEL),
        ("不预约了", CANCEL),
        ("不过去了", CANCEL),
        ("今天不过来了", CANCEL),
        ("过不去了", CANCEL),
        ("明天过不来了", CANCEL),
        ("赶不上了", CANCEL),
        ("赶不过来", CANCEL),
        ("赶不过去了，抱歉", CANCEL),
        ("没法来", CANCEL),
        ("没时间去了", CANCEL),
        ("没空过去，取消吧", CANCEL),
        ("没法去了", CANCEL),
        ("明天没法过去", CANCEL),
        ("没办法来了", CANCEL),
        ("没办法去，不好意思", CANCEL),
        ("实在没办法过去了", CANCEL),
        ("去不到了", CANCEL),
        ("这次算了", CANCEL),
        ("这次就算了吧", CANCEL),
        ("这次先算了", CANCEL),
        ("预约算了", CANCEL),
        ("算了", UNKNOWN),  # forget what?
        ("算了吧", UNKNOWN),
        ("撤销", CANCEL),
        ("撤销预约", CANCEL),
        ("麻烦撤销一下预约", CANCEL),
        ("call it off", CANCEL),
        ("please call it off", CANCEL),
    ],
    "cancel: english": [
        ("I won't be able to make it", CANCEL),
        ("won't be able to come, sorry", CANCEL),
        ("I will not be able to come", CANCEL),
        ("I will not be able to make it tomorrow", CANCEL),
        ("not able to come", CANCEL),
        ("sorry, not able to make it", CANCEL),
        ("unable to attend", CANCEL),
        ("I won't be attending", CANCEL),
        ("I'm not going to come", CANCEL),
        ("not going, sorry", CANCEL),
        ("Can we make it another day", CHANGE),
        ("can we make it", UNKNOWN),
        ("not going to make it", CANCEL),
        ("not gonna make it sorry", CANCEL),
        ("I can't do it", CANCEL),
        ("won't be able to attend", CANCEL),
        ("I have to cancel", CANCEL),
        ("have to cancel, sorry", CANCEL),
        ("I'm sick, I can't come", CANCEL),
        ("I'm sick, have to cancel", CANCEL),
        ("something came up, I won't be able to make it", CANCEL),
        ("Sorry, family emergency. Can't make it", CANCEL),
        ("out of town, can't make it", CANCEL),
        ("feeling unwell, sorry, can't come", CANCEL),
        ("my wife can't make it", UNKNOWN),  # someone else
        ("my friend can't come", UNKNOWN),
        ("if it rains I can't come", UNKNOWN),
        ("I might not be able to come", UNKNOWN),
    ],
    "cancel and change: cantonese": [
        ("唔去", CANCEL),
        ("唔去了", CANCEL),
        ("唔去喇，唔好意思", CANCEL),
        ("听日唔嚟", CANCEL),
        ("唔嚟喇", CANCEL),
        ("嚟唔到", CANCEL),
        ("听日嚟唔到，唔该", CANCEL),
        ("去唔到", CANCEL),
        ("今日去唔到喇", CANCEL),
        ("唔得闲", CANCEL),
        ("唔得闲，改期唔该", CHANGE),
        ("冇时间", CANCEL),
        ("冇空，取消唔该", CANCEL),
        ("冇空，改个时间", CHANGE),
        ("嚟唔到，转个时间", CHANGE),
        ("唔好意思，改期", CHANGE),
        ("取消唔该", CANCEL),
        ("多谢，取消", CANCEL),
        ("去唔去", UNKNOWN),  # a yes/no question
        ("嚟唔嚟", UNKNOWN),
        ("唔取消", UNKNOWN),
        ("唔使改", UNKNOWN),
        ("佢嚟唔到", UNKNOWN),  # he or she: someone else
    ],
    "confirm: on time, agreeing, the time": [
        ("准时", CONFIRM),
        ("会准时到的", CONFIRM),
        ("准时来", CONFIRM),
        ("明天准时去", CONFIRM),
        ("好的准时过去", CONFIRM),
        ("会准时过来", CONFIRM),
        ("按时", CONFIRM),
        ("按时来", CONFIRM),
        ("按时去，谢谢", CONFIRM),
        ("会按时过去", CONFIRM),
        ("按时过来", CONFIRM),
        ("准点到", CONFIRM),
        ("如期", CONFIRM),
        ("如期到", CONFIRM),
        ("会过去", CONFIRM),
        ("明天会过来", CONFIRM),
        ("一定来", CONFIRM),
        ("一定去", CONFIRM),
        ("肯定来", CONFIRM),
        ("肯定到", CONFIRM),
        ("肯定去的", CONFIRM),
        ("到时过去", CONFIRM),
        ("到时过来", CONFIRM),
        ("到时候过去", CONFIRM),
        ("好的，到时候过来", CONFIRM),
        ("知道了，会准时到", CONFIRM),
        ("知道了，到时见", CONFIRM),
        ("明白，准时过去", CONFIRM),
        ("知道了", CONFIRM),  # a receipt, a soft yes like 收到 (docs/replies.md)
        ("明白了", CONFIRM),
        ("好的，我记住了", CONFIRM),
        ("我记住了", CONFIRM),  # a receipt: a soft yes
        ("同意", CONFIRM),
        ("认可", CONFIRM),
        ("就这个时间", CONFIRM),
        ("就这个时间吧", CONFIRM),
        ("就这样定", CONFIRM),
        ("就这样定了，谢谢", CONFIRM),
        ("好的，那就这样", CONFIRM),
        ("好的，不见不散", CONFIRM),
        ("就这样取消吧", CANCEL),  # "just cancel it": 就这样 is agreement, politeness here
        ("下午见", CONFIRM),
        ("好的下午见", CONFIRM),
        ("上午见", CONFIRM),
        ("晚上见", CONFIRM),
        ("回头见", CONFIRM),
        ("好的，到时候见啦", CONFIRM),
        ("时间没问题", CONFIRM),
        ("这个时间可以", CONFIRM),
        ("这个时间没问题", CONFIRM),
        ("时间可以", CONFIRM),
        ("时间ok", CONFIRM),
        ("时间可以的，谢谢", CONFIRM),
        ("确认预约时间", CONFIRM),
        ("确认这个时间", CONFIRM),
        ("好嘞", CONFIRM),
        ("好啊", CONFIRM),
        ("好呀", CONFIRM),
        ("也好", CONFIRM),
        ("对", CONFIRM),
        ("对的", CONFIRM),
        ("妥", CONFIRM),
        ("妥了", CONFIRM),
        ("没毛病", CONFIRM),
        ("冇问题", CONFIRM),
        ("无问题", CONFIRM),
        ("会嚟", CONFIRM),
        ("准时嚟", CONFIRM),
        ("好呀，唔该", CONFIRM),
        ("冇问题，多谢", CONFIRM),
        ("时间可以吗", UNKNOWN),  # asks
        ("这个时间不行", UNKNOWN),
        ("时间不合适", UNKNOWN),
        ("准时吗", UNKNOWN),
        ("不准时", UNKNOWN),
        ("下次确认", UNKNOWN),  # another day: not this appointment's yes
        ("对不上", UNKNOWN),
        ("不对", UNKNOWN),
        ("不同意", UNKNOWN),
        ("确认下午", UNKNOWN),  # a time we cannot read beside a confirm
    ],
    "confirm: english": [
        ("works for me", CONFIRM),
        ("that works", CONFIRM),
        ("that works for me, thanks", CONFIRM),
        ("sounds great", CONFIRM),
        ("sounds great, see you then", CONFIRM),
        ("see ya", CONFIRM),
        ("see u then", CONFIRM),
        ("see you later", CONFIRM),
        ("I'll be there on time", CONFIRM),
        ("Confirming my appointment", CONFIRM),
        ("Got it, see you then", CONFIRM),
        ("got it", CONFIRM),  # a receipt, a soft yes like 收到
        ("noted", CONFIRM),
        ("not on time", UNKNOWN),
        ("I will be on time", CONFIRM),
        ("I'll be on time", CONFIRM),
        ("count me in", CONFIRM),
        ("looking forward to it", CONFIRM),
        ("definitely", CONFIRM),
        ("absolutely", CONFIRM),
        ("perfect", CONFIRM),
        ("perfect, thanks", CONFIRM),
        ("great", CONFIRM),
        ("great thank you", CONFIRM),
        ("good", CONFIRM),
        ("fine", CONFIRM),
        ("that's fine", CONFIRM),
        ("all good", CONFIRM),
        ("alright", CONFIRM),
        ("all right, thanks", CONFIRM),
        ("confirm the time", CONFIRM),
        ("the time works for me", CONFIRM),
        ("great, cancel it", CANCEL),  # politeness beside the answer
        ("fine, reschedule then", UNKNOWN),  # then: not read
        ("definitely not", UNKNOWN),
        ("not good", UNKNOWN),
        ("no good", UNKNOWN),
        ("not fine", UNKNOWN),
        ("doesn't work for me", UNKNOWN),
        ("that works?", UNKNOWN),
        ("might be there", UNKNOWN),
    ],
    "a reason in a clause of its own": [
        ("生病了，取消吧", CANCEL),
        ("生病了，来不了", CANCEL),
        ("感冒了，改个时间", CHANGE),
        ("发烧了，去不了了", CANCEL),
        ("身体不舒服，这次不去了", CANCEL),
        ("有点不舒服，想改天", CHANGE),
        ("不太舒服，取消一下", CANCEL),
        ("最近太忙，改期吧", CHANGE),
        ("工作太忙，来不了", CANCEL),
        ("要加班，改个时间", CHANGE),
        ("明天要加班，去不了", CANCEL),
        ("要开会，换个时间吧", CHANGE),
        ("出差了，取消", CANCEL),
        ("要出差，能改到下周吗", CHANGE),
        ("要出差，能改下周吗", CHANGE),
        ("在外地，改天吧", CHANGE),
        ("人在外地，来不了", CANCEL),
        ("回老家了，取消预约", CANCEL),
        ("家里有事，改个时间", CHANGE),
        ("突然有事，去不了了", CANCEL),
        ("有急事，取消一下", CANCEL),
        ("临时有点事，改天吧", CHANGE),
        ("出了点状况，来不了了", CANCEL),
        ("堵车，赶不上了", CANCEL),
        ("下大雨，改天", CHANGE),
        ("时间不方便，改个时间", CHANGE),
        ("时间有冲突，换个时间吧", CHANGE),
        ("不好意思，时间不太方便，取消吧", CANCEL),
        ("明天不行，改个时间吧", CHANGE),
        ("时间不行，能换吗", CHANGE),
        ("这个时间不太合适，调一下", CHANGE),
        ("不行，取消吧", CANCEL),
        ("不行就取消", UNKNOWN),  # a condition
        ("改时间不行", UNKNOWN),
        ("确认，时间不行", UNKNOWN),
        ("不合适", UNKNOWN),
        ("唔舒服，嚟唔到", CANCEL),
        ("好忙，改期唔该", CHANGE),
        ("有啲事，去唔到", CANCEL),
        ("明天不行 改个时间吧", CHANGE),  # a space between Chinese clauses is punctuation
        ("生病了 取消", CANCEL),
        ("人在外地 改天吧", CHANGE),
        ("生病了 好的", UNKNOWN),
        ("生病来不了", CANCEL),  # a reason beside "cannot come" in one clause
        ("出差去不了", CANCEL),
        ("加班来不了了", CANCEL),
        ("I'm sick, please reschedule", CHANGE),
        ("stuck at work, can we move it to another day?", CHANGE),
        ("out of town, need a new date", CHANGE),
        ("unfortunately, I have to cancel", CANCEL),
        ("under the weather, can't make it", CANCEL),
    ],
    "a reason never stands for an answer": [
        ("生病了", UNKNOWN),
        ("人在外地", UNKNOWN),
        ("有点忙", UNKNOWN),
        ("时间不方便", UNKNOWN),
        ("something came up", UNKNOWN),
        ("I'm sick", UNKNOWN),
        ("生病了，好的", UNKNOWN),  # a reason to stay away beside a yes
        ("有点忙，确认", UNKNOWN),
        ("busy, ok", UNKNOWN),
        ("不方便改时间", UNKNOWN),  # "not convenient to change the time"
        ("生病改时间", UNKNOWN),  # a reason in the change's own clause
        ("不方便取消", UNKNOWN),
        ("忙确认", UNKNOWN),
    ],
    "greetings, thanks and sign-offs around an answer": [
        ("早上好，确认", CONFIRM),
        ("下午好，我想改个时间", CHANGE),
        ("晚上好，取消预约，谢谢", CANCEL),
        ("早安，准时到", CONFIRM),
        ("确认，再见", CONFIRM),
        ("取消吧，拜拜", CANCEL),
        ("好的，祝好", CONFIRM),
        ("哈喽，改期", CHANGE),
        ("嗨，确认", CONFIRM),
        ("早晨，确认", CONFIRM),
        ("确认，辛苦", CONFIRM),
        ("good morning, confirmed", CONFIRM),
        ("good afternoon, I need to reschedule", CHANGE),
        ("good evening, please cancel", CANCEL),
        ("yes, see you then. cheers", CONFIRM),
        ("cancel please, many thanks", CANCEL),
        ("confirm, thanks a lot", CONFIRM),
        ("confirmed. kind regards", CONFIRM),
        ("reschedule please. best regards", CHANGE),
        ("yes thank you so much", CONFIRM),
        ("ok, have a nice day", CONFIRM),
        ("hiya, can't make it", CANCEL),
        ("bye", UNKNOWN),
        ("再见", UNKNOWN),
        ("good morning", UNKNOWN),
    ],
    "a separate clause with another intent leaves nothing standing": [
        ("确认，但是要晚一点", UNKNOWN),
        ("好的，不过想改时间", UNKNOWN),
        ("生病了，改期还是取消都行", UNKNOWN),
        ("准时到，取消", UNKNOWN),
        ("改期，准时到", UNKNOWN),
        ("同意，取消", UNKNOWN),
        ("推后一点，来不了就取消", UNKNOWN),
        ("就这个时间，改期", UNKNOWN),
        ("works for me, cancel", UNKNOWN),
        ("push back, cancel", UNKNOWN),
        ("some other time, see you then", UNKNOWN),
        ("嚟唔到，确认", UNKNOWN),
        ("去不成了，会准时到", UNKNOWN),
    ],
    "conditions, others and hedges change nothing": [
        ("如果下雨就取消", UNKNOWN),
        ("下雨的话就取消", UNKNOWN),
        ("要是来不了再说", UNKNOWN),
        ("不行的话改天", UNKNOWN),
        ("我朋友来不了", UNKNOWN),
        ("我老婆去不了", UNKNOWN),
        ("我老婆生病了，她来不了", UNKNOWN),
        ("孩子来不了", UNKNOWN),
        ("可能来不了", UNKNOWN),
        ("可能要改时间", UNKNOWN),
        ("应该会到", UNKNOWN),
        ("大概去不成了", UNKNOWN),
        ("看情况", UNKNOWN),
        ("到时候再说", UNKNOWN),
        ("我再看看", UNKNOWN),
        ("if I can't come I'll let you know", UNKNOWN),
        ("maybe cancel", UNKNOWN),
        ("probably can't make it", UNKNOWN),
        ("my husband will be there", UNKNOWN),
    ],
    "news of a change made and old questions stay unclear": [
        ("已经推后了", UNKNOWN),
        ("时间已经改好了", UNKNOWN),
        ("推后了吗", UNKNOWN),
        ("提前了吗", UNKNOWN),
        ("能取消吗", UNKNOWN),
        ("要不推后一点", UNKNOWN),
        ("推不推后", UNKNOWN),
        ("去不了了，下次再约", UNKNOWN),  # cancel now, or move it? a person asks
        ("can I cancel?", UNKNOWN),
    ],
}

TABLE = [
    pytest.param(body, intent, id=f"{category}: {body[:24]!r}")
    for category, rows in CASES.items()
    for body, intent in rows
]


def test_the_table_adds_at_least_three_hundred_rows() -> None:
    assert len(TABLE) + len(QUESTIONS) >= 300


@pytest.mark.parametrize(("body", "intent"), TABLE)
def test_parse_reply_by_meaning(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent


CHINESE_ROWS = [
    pytest.param(body, id=f"{category}: {body[:24]!r}")
    for category, rows in CASES.items()
    for body, _ in rows
    if any("\u4e00" <= char <= "\u9fff" for char in body)
]


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
@pytest.mark.parametrize("body", CHINESE_ROWS)
def test_taiwan_and_hong_kong_spellings_read_alike(config: str, body: str) -> None:
    assert parse_reply(converter(config).convert(body)) == parse_reply(body)


QUESTIONS: list[tuple[str, Question | None]] = [
    ("几点来着？", Question.TIME),
    ("几点来着", Question.TIME),
    ("明天几点？", Question.TIME),
    ("是几号来着", Question.TIME),
    ("什么时候？", Question.TIME),
    ("预约是什么时候", Question.TIME),
    ("啥时候来着", Question.TIME),
    ("哪天来着？", Question.TIME),
    ("是星期几", Question.TIME),
    ("幾點來著？", Question.TIME),
    ("几时呀", Question.TIME),
    ("when is it?", Question.TIME),
    ("What time is my appointment?", Question.TIME),
    ("which day was it again?", Question.TIME),
    ("在哪里？", Question.PLACE),
    ("店在哪", Question.PLACE),
    ("地址是？", Question.PLACE),
    ("怎么走", Question.PLACE),
    ("怎么过去呀", Question.PLACE),
    ("发个位置给我", Question.PLACE),
    ("在哪裡？", Question.PLACE),
    ("喺边度？", Question.PLACE),
    ("where are you?", Question.PLACE),
    ("What's the address?", Question.PLACE),
    ("几点，在哪里？", None),  # two questions: a person answers
    ("确认", None),  # understood: nothing asked
    ("改时间", None),
    ("whenever", None),  # not the word "when"
    ("谢谢", None),
]


@pytest.mark.parametrize(("body", "question"), QUESTIONS)
def test_an_unclear_reply_says_what_it_asks(body: str, question: Question | None) -> None:
    parsed = parse_reply(body)
    assert parsed.question is question
    if question is not None:
        assert parsed.intent is UNKNOWN  # a question never changes anything


# Every word of every class this change added, in three phrasings. Traditional spellings are
# covered by the tests above (every Chinese row is also read through OpenCC).
NEW_WORDS = {
    "confirm": (
        reply_meaning_words.CONFIRMING,
        ["{}", "好的，{}", "{}，谢谢"],
        CONFIRM,
    ),
    "agreement": (
        reply_meaning_words.AGREEING,
        ["{}", "{}，谢谢", "{} 👍"],
        CONFIRM,
    ),
    "change": (
        reply_meaning_words.MOVING,
        ["{}", "不好意思，{}", "{}，谢谢"],
        CHANGE,
    ),
    "change verb": (
        reply_meaning_words.MOVING_VERBS,
        ["{} the time", "{}一下时间", "可以{}一天吗"],
        CHANGE,
    ),
    "not coming": (
        reply_meaning_words.NOT_COMING,
        ["{}", "不好意思，{}", "{}，谢谢"],
        CANCEL,
    ),
    "cancel": (
        reply_meaning_words.CALLING_OFF,
        ["{}", "please {}", "{}，谢谢"],
        CANCEL,
    ),
    "reason": (
        reply_clause_words.CIRCUMSTANCE_PHRASES,
        ["{}，取消吧", "{}, need to reschedule", "不好意思，{}，改个时间"],
        None,  # cancel, change, change
    ),
    "sign-off": (
        reply_clause_words.SIGN_OFF_PHRASES,
        ["确认，{}", "{}，取消", "{}, reschedule please"],
        None,  # confirm, cancel, change
    ),
    "shift": (
        reply_context_words.SHIFT_WORDS,
        ["改{}", "reschedule, {}", "换{}"],
        CHANGE,
    ),
}
_SENTENCE_INTENTS = {
    "reason": (CANCEL, CHANGE, CHANGE),
    "sign-off": (CONFIRM, CANCEL, CHANGE),
}
WORD_ROWS = [
    pytest.param(
        shape.format(word),
        intent or _SENTENCE_INTENTS[name][index],
        id=f"{name}: {shape.format(word)}",
    )
    for name, (words, shapes, intent) in NEW_WORDS.items()
    for word in words
    for index, shape in enumerate(shapes)
]


@pytest.mark.parametrize(("body", "intent"), WORD_ROWS)
def test_every_new_word_in_three_phrasings(body: str, intent: Intent) -> None:
    assert parse_reply(body).intent is intent
