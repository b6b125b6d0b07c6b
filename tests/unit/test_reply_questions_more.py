"""Questions about the appointment read by class (issue 21, the questions pass): asking when in
the ways the first lists did not know — which of two days, whether it is at a day, the time
again, the time left to be filled in, other dialects' "when" — and where: other dialects'
"where", how to find it, the exit, building, line or bus, a map or what to put into one, which
branch, whether it is at a landmark. Each word in three phrasings, each class in Simplified,
Traditional or Cantonese, and English; what only looks like such a question (opening hours,
money, parking, who is writing, free times, a seat, when something else happens) asks nothing
the machine answers, and a question beside an answer leaves the reply to a person.

None of these rows is a reply of the labelled sets the classes were drawn from."""

from __future__ import annotations

import itertools

import pytest

from gateway.domain import reply_question_words as q
from gateway.domain.lifecycle import Intent
from gateway.domain.replies import Question, parse_reply
from gateway.domain.texts import TemplateName as T
from tests.unit.reply_tables import DATA, converter, held_out_replies, word_rows
from tests.unit.test_decide import booked, decided, state

TIME = Question.TIME
PLACE = Question.PLACE


def _chinese(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word for word in words if not word.isascii())


def _english(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word for word in words if word.isascii())


#: Per class: its words, three phrasings, and the question each asks.
NEW_WORDS = {
    "when, in other dialects": (
        _chinese(q.WHEN_WORDS),
        ["{}？", "我约的{}来着", "请问预约是{}呀"],
        (TIME, TIME, TIME),
    ),
    "when, in English": (
        _english(q.WHEN_WORDS),
        ["{}?", "sorry, {} again?", "hi {} pls"],
        (TIME, TIME, TIME),
    ),
    "where, in other dialects": (
        _chinese(q.WHERE_WORDS),
        ["店在{}？", "你们在{}呀", "请问在{}"],
        (PLACE, PLACE, PLACE),
    ),
    "where, in English": (
        _english(q.WHERE_WORDS) + _english(q.HOW_TO_FIND),
        ["{} the salon?", "sorry, {} the shop?", "hi {} the place pls"],
        (PLACE, PLACE, PLACE),
    ),
    "how to find it": (
        _chinese(q.HOW_TO_FIND),
        ["{}？", "请问{}呀", "第一次去，{}"],
        (PLACE, PLACE, PLACE),
    ),
    "which exit or building": (
        _chinese(q.WAY_IN),
        ["{}？", "请问在{}", "你们在{}呀"],
        (PLACE, PLACE, PLACE),
    ),
    "which exit, building, line or bus, in English": (
        _english(q.WAY_IN),
        ["{}?", "sorry, {} is it?", "hi, {} pls"],
        (PLACE, PLACE, PLACE),
    ),
    "which bus": (
        q.BY_BUS,
        ["坐{}？", "坐{}过去", "请问搭{}"],
        (PLACE, PLACE, PLACE),
    ),
    "a map, or what to put into one": (
        _chinese(q.MAP_WORDS),
        ["有{}吗", "请问{}", "{}发我一下"],
        (PLACE, PLACE, PLACE),
    ),
    "a map, or what to put into one, in English": (
        _english(q.MAP_WORDS),
        ["{}?", "can you send the {}", "whats the {} pls"],
        (PLACE, PLACE, PLACE),
    ),
    "which branch": (
        _chinese(q.WHICH_BRANCH),
        ["是{}？", "请问{}呀", "预约在{}"],
        (PLACE, PLACE, PLACE),
    ),
    "which branch, in English": (
        _english(q.WHICH_BRANCH),
        ["{}?", "sorry, {} is it?", "hi, {} pls"],
        (PLACE, PLACE, PLACE),
    ),
}
WORD_ROWS = word_rows(NEW_WORDS)


@pytest.mark.parametrize(("body", "question"), WORD_ROWS)
def test_each_new_word_asks_in_three_phrasings(body: str, question: Question) -> None:
    parsed = parse_reply(body)
    assert (parsed.intent, parsed.question) == (Intent.UNKNOWN, question)


#: Each class in Simplified Chinese, Traditional Chinese or Cantonese, and English.
CLASSES: dict[str, list[tuple[str, Question | None]]] = {
    "which of two days or times": [
        ("是下周二还是下周三来着", TIME),
        ("我约的是上午还是晚上", TIME),
        ("是10号还是11号？", TIME),
        ("係禮拜二定禮拜三呀？", TIME),
        ("我約咗朝早定下晝？", TIME),
        ("是週六下午還是週日上午", TIME),
        ("is it tuesday or wednesday?", TIME),
        ("was it the 10th or the 11th?", TIME),
        ("is my appt in the morning or the evening", TIME),
        ("is it at 2 or 3", TIME),
        ("am or pm?", TIME),
    ],
    "whether it is at a day or time": [
        ("是明天下午吗", TIME),
        ("我约的是周五吧？", TIME),
        ("是不是后天", TIME),
        ("係咪聽日呀？", TIME),
        ("我約咗星期五㗎？", TIME),
        ("係唔係後日", TIME),
        ("is it tomorrow?", TIME),
        ("is my appointment on friday?", TIME),
        ("is that this friday?", TIME),
    ],
    "the time again": [
        ("麻烦再发一次预约时间", TIME),
        ("能不能再说一遍时间", TIME),
        ("时间再发给我一下", TIME),
        ("唔該再講一次時間", TIME),
        ("時間再同我講一次", TIME),
        ("可以再告訴我一下時間嗎", TIME),
        ("can you remind me of the time?", TIME),
        ("please send me the time again", TIME),
        ("sorry what was the time", TIME),
    ],
    "the time left to be filled in": [
        ("预约日期是？", TIME),
        ("我那个预约时间是", TIME),
        ("預約日期係？", TIME),
        ("time pls", TIME),
        ("the date?", TIME),
    ],
    "which line, and how far from the station": [
        ("地铁坐几号线", PLACE),
        ("坐哪条线能到", PLACE),
        ("离地铁站远不远", PLACE),
        ("搭港鐵邊個出口", PLACE),
        ("離地鐵站近唔近", PLACE),
        ("which station do i get off at", PLACE),
        ("what's the nearest MRT station?", PLACE),
        ("how far is it from the station", PLACE),
    ],
    "what to put into the navigation": [
        ("导航输什么", PLACE),
        ("导航上怎么搜你们", PLACE),
        ("導航要搜什麼", PLACE),
        ("send me a pin", PLACE),
        ("can you drop me a pin", PLACE),
    ],
    "when and where, as written": [
        ("请问何时到店", TIME),
        ("預約是何時", TIME),
        ("店在何地", PLACE),
    ],
    "how to find it, in Cantonese": [
        ("點搵你哋？", PLACE),
        ("请问点揾你们", PLACE),
        ("hi how do I find you", PLACE),
    ],
    "whether it is at a landmark": [
        ("是在万达广场吗", PLACE),
        ("你们是在人民路吗", PLACE),
        ("店在中山路附近吗", PLACE),
        ("係唔係喺商場入面", PLACE),
        ("是不是在萬達廣場裡面", PLACE),
        ("is it inside the mall?", PLACE),
        ("is it the one on King Street?", PLACE),
        ("is it the one near the MTR?", PLACE),
    ],
    "which of two branches": [
        ("是老店还是新店", PLACE),
        ("你们在火车站那家还是总店", PLACE),
        ("係舊鋪定新鋪？", PLACE),
        ("係咪尖沙咀嗰間", PLACE),
        ("is it the old shop or the new one?", PLACE),
    ],
}
CLASS_ROWS = [
    pytest.param(body, question, id=f"{name}: {body}")
    for name, rows in CLASSES.items()
    for body, question in rows
]


@pytest.mark.parametrize(("body", "question"), CLASS_ROWS)
def test_each_new_class_asks(body: str, question: Question | None) -> None:
    parsed = parse_reply(body)
    assert (parsed.intent, parsed.question) == (Intent.UNKNOWN, question)


#: What only looks like a question about the appointment's time or place: a person answers it.
NOT_ASKED: dict[str, list[str]] = {
    "opening hours": ["几点关门", "你哋夜晚幾點收舖", "what time do you close"],
    "money": ["退款什么时候到", "訂金幾時退", "when will i get my refund"],
    "parking": ["停车场在哪", "邊度泊車？", "where can i park"],
    "who is writing": ["这是哪家店", "請問你哋係邊間", "sorry who is this please"],
    "a date disputed": ["我约的明明是周日啊", "點解變成星期六", "周六？变成周六了？"],
    "which times are free": ["哪天有空", "週六還是週日有位置嗎", "when are you free"],
    "any time suits": ["几点都行", "上午還是下午都可以", "下午还是晚上比较好"],
    "any time or place": ["任何时间都可以", "任何時候都得", "任何地方都行"],
    "a seat": ["我同事也想来，还有位置吗", "仲有冇位置", "不用帮我留位置了"],
    # Asked for at another time (位置 a slot, not where the salon is): the address is no answer.
    "an earlier or a later slot": ["有没有早一点的位置", "还有晚一点的位置吗", "有冇早啲嘅位置"],
    "a difference": ["改期跟取消区别在哪", "問題在哪", "两个店差在哪"],
    "when something else happens": [
        "几点能下班还不确定",
        "要看高鐵幾點到",
        "I'll reply when I can",
    ],
    "where one is going": ["I'll see your message when I get where I'm going", "where we were"],
    "a wish to book": ["我想约周六还是周日", "打算約星期六定星期日"],
    "still at that time, in a change": ["我那天要出差，麻烦帮我改到30号，还是两点"],
    "is it all right": ["is it ok if i come late", "is it fine"],
    "doing something else": ["你们在忙吗", "你们店在装修吗", "在路上吗"],
}
NOT_ASKED_ROWS = [
    pytest.param(body, id=f"{name}: {body}") for name, rows in NOT_ASKED.items() for body in rows
]


@pytest.mark.parametrize("body", NOT_ASKED_ROWS)
def test_what_only_looks_like_a_question_asks_nothing_answered(body: str) -> None:
    assert parse_reply(body).question is None


#: New questions, each beside a clear answer or a word of a change or a cancel.
BESIDE = [
    "是这周六吗",
    "係星期六定星期日",
    "is it tomorrow?",
    "再发一下时间",
    "地铁几号线",
    "导航搜什么",
    "是老店还是新店",
    "send me a pin",
]
ANSWERS = ["确认", "取消", "改时间", "明天去不了", "cancel", "i cant make it", "can i move it"]


@pytest.mark.parametrize(
    "body",
    [f"{question}，{answer}" for question, answer in itertools.product(BESIDE, ANSWERS)]
    + [f"{answer}. {question}" for question, answer in itertools.product(BESIDE, ANSWERS)],
)
def test_a_question_beside_an_answer_is_left_to_a_person(body: str) -> None:
    parsed = parse_reply(body)
    assert parsed.question is None
    assert parsed.intent in (Intent.UNKNOWN, Intent.CONFIRM, Intent.CANCEL, Intent.CHANGE)


@pytest.mark.parametrize("body", ["我已经改到周六了，几点来着", "what time can i move it to"])
def test_a_change_made_or_wished_beside_a_question_is_left_to_a_person(body: str) -> None:
    assert parse_reply(body).question is None


def test_a_salon_that_has_moved_is_still_asked_where() -> None:
    assert parse_reply("听说你们搬了，新店在哪").question is PLACE
    assert parse_reply("係咪搬咗舖？而家喺邊").question is PLACE


CHINESE_ROWS = [
    str(row.values[0]) for row in WORD_ROWS + CLASS_ROWS if not str(row.values[0]).isascii()
]


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
@pytest.mark.parametrize("body", CHINESE_ROWS)
def test_taiwan_and_hong_kong_spellings_ask_alike(config: str, body: str) -> None:
    assert parse_reply(converter(config).convert(body)).question is parse_reply(body).question


@pytest.mark.parametrize(
    ("body", "intent", "template"),
    [
        ("是这周六还是下周六？", Intent.QUESTION_TIME, T.ANSWER_TIME),
        ("唔該再講一次時間", Intent.QUESTION_TIME, T.ANSWER_TIME),
        ("is it this saturday or next?", Intent.QUESTION_TIME, T.ANSWER_TIME),
        ("导航搜什么能找到", Intent.QUESTION_PLACE, T.ANSWER_PLACE),
        ("係咪尖沙咀嗰間？", Intent.QUESTION_PLACE, T.ANSWER_PLACE),
        ("can you share a google maps link", Intent.QUESTION_PLACE, T.ANSWER_PLACE),
    ],
)
def test_a_new_question_is_answered_and_changes_nothing(
    body: str, intent: Intent, template: T
) -> None:
    answers = frozenset({T.ANSWER_TIME, T.ANSWER_PLACE})
    st = state(booked(1, day=3), address="文三路100号2楼", question_answers=answers)
    decision = decided(body, st)
    assert (decision.intent, decision.appointment_id) == (intent, 1)
    assert [answer.template for answer in decision.answers] == [template]
    assert (decision.new_status, decision.told(), decision.inbox) == (None, (), None)


def test_no_row_is_a_reply_of_the_sets_read_to_draw_the_classes() -> None:
    # The sets written after the classes were drawn were not read for them: one of their
    # writers may say what a row here says (几点都行), and that is no copy.
    written_later = {f"replies_heldout{n}.tsv" for n in range(13, 33)} | {
        f"replies_train_{letter}.tsv" for letter in "lmnop"
    }
    read = [path.name for path in DATA.glob("replies_*.tsv") if path.name not in written_later]
    rows = {str(row.values[0]) for row in WORD_ROWS + CLASS_ROWS + NOT_ASKED_ROWS}
    assert not rows & held_out_replies(read)
