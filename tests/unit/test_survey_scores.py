"""Reading a reply to a satisfaction survey: the score in every form customers write it, the
words around it kept as the comment, and the numbers that are no score (a time, a date, a
floor, a count). Then the same with padding, as the reply parser's properties do."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.domain.survey_scores import SurveyAnswer, bare_digit, read_survey_answer

#: (reply, score, comment)
PHRASINGS: list[tuple[str, int | None, str | None]] = [
    # The score alone, every way it is typed.
    ("5", 5, None),
    ("1", 1, None),
    ("3", 3, None),
    ("５", 5, None),
    ("２", 2, None),
    ("五", 5, None),
    ("四", 4, None),
    ("一", 1, None),
    ("两", 2, None),
    ("五分", 5, None),
    ("5分", 5, None),
    ("5 分", 5, None),
    ("４分", 4, None),
    ("5星", 5, None),
    ("五星", 5, None),
    ("五颗星", 5, None),
    ("3顆星", 3, None),
    ("⭐⭐⭐⭐⭐", 5, None),
    ("⭐️⭐️⭐️", 3, None),
    ("★★★★", 4, None),
    ("5⭐", 5, None),
    ("5 stars", 5, None),
    ("4 star", 4, None),
    ("5-star", 5, None),
    ("five stars", 5, None),
    ("Five", 5, None),
    ("5/5", 5, None),
    ("4 / 5", 4, None),
    ("4 out of 5", 4, None),
    ("满分", 5, None),
    ("滿分", 5, None),
    ("5。", 5, None),
    ("5!", 5, None),
    # With words around it: the words are the comment.
    ("5 很满意，Lily剪得好", 5, "很满意，Lily剪得好"),
    ("5很满意", 5, "很满意"),
    ("很满意 5分", 5, "很满意"),
    ("给5分，下次还来", 5, "下次还来"),
    ("打五星！服务很好", 5, "服务很好"),
    ("2 等太久了", 2, "等太久了"),
    ("1，剪坏了，很生气", 1, "剪坏了，很生气"),
    ("3分吧 一般般", 3, "吧 一般般"),
    ("满分！Lily超棒", 5, "Lily超棒"),
    ("⭐⭐⭐⭐⭐ 谢谢", 5, "谢谢"),
    ("5 stars, great cut", 5, "great cut"),
    ("4/5 a bit slow", 4, "a bit slow"),
    ("Great, 5", 5, "Great"),
    ("五 非常满意", 5, "非常满意"),
    ("５分，滿意", 5, "滿意"),
    ("我给4分，等了10分钟", 4, "等了10分钟"),  # the ten minutes stay
    ("5分 满分", 5, None),
    # No score: praise alone is a comment, not a guessed score.
    ("非常满意", None, "非常满意"),
    ("很好", None, "很好"),
    ("好", None, "好"),
    ("一般", None, "一般"),
    ("不满意，头发剪短了", None, "不满意，头发剪短了"),
    ("好评", None, "好评"),
    # Numbers that are not scores.
    ("5点到", None, "5点到"),
    ("改到5号", None, "改到5号"),
    ("1楼", None, "1楼"),
    ("取消", None, "取消"),
    ("明天3点可以吗", None, "明天3点可以吗"),
    ("周五", None, "周五"),
    ("星期五下午", None, "星期五下午"),
    ("五月再来", None, "五月再来"),
    ("等了5分钟", None, "等了5分钟"),
    ("第2次来了", None, "第2次来了"),
    ("3个人", None, "3个人"),
    ("10分", None, "10分"),
    ("4.5", None, "4.5"),
    ("1-5", None, "1-5"),
    ("5:30", None, "5:30"),
    ("at 5pm", None, "at 5pm"),
    ("see you at 3", None, "see you at 3"),
    ("K7P3", None, "K7P3"),
    ("13800138000", None, "13800138000"),
    ("12月5日", None, "12月5日"),
    ("5 minutes late", None, "5 minutes late"),
    ("一分钱", None, "一分钱"),
    ("十五分", None, "十五分"),
    ("someone came", None, "someone came"),
    # Two scores that disagree: a comment, for a person to read.
    ("5分，不对，3分", None, "5分，不对，3分"),
    ("⭐⭐⭐ 5", None, "⭐⭐⭐ 5"),
]


@pytest.mark.parametrize(("text", "score", "comment"), PHRASINGS)
def test_each_phrasing(text: str, score: int | None, comment: str | None) -> None:
    answer = read_survey_answer(text)
    assert answer.score == score, (text, answer)
    if comment is not None or score is not None and text.strip(" 。!") in _ALONE:
        assert answer.comment == comment, (text, answer)


#: Replies that are the score and nothing more.
_ALONE = {text for text, score, comment in PHRASINGS if score is not None and comment is None}


def test_the_table_is_long_enough() -> None:
    assert len(PHRASINGS) >= 60


def test_the_words_around_a_score_are_kept_as_written() -> None:
    assert read_survey_answer("我给4分，等了10分钟") == SurveyAnswer(4, "等了10分钟")
    assert read_survey_answer("Lily给5分") == SurveyAnswer(5, "Lily")
    assert read_survey_answer("5分 满分") == SurveyAnswer(5, None)


@pytest.mark.parametrize(
    ("text", "digit"), [("1", 1), ("３", 3), (" 2。", 2), ("5", 5), ("12", None), ("1楼", None)]
)
def test_a_bare_digit(text: str, digit: int | None) -> None:
    assert bare_digit(text) == digit


# --- Padding never changes a score ---------------------------------------------------------

#: A number word alone (Five) is a score only as the whole reply.
SCORES = [(t, s) for t, s, c in PHRASINGS if s is not None and c is None and t != "Five"]
NOT_SCORES = [t for t, s, _ in PHRASINGS if s is None]
WORDS = ["很满意", "谢谢", "Lily剪得很好", "下次还来", "great", "thanks", "服务不错", "😊", "🙏"]
#: Not ~ or -: 3~5 is a range, no score.
SEPARATORS = [" ", "  ", "，", "。", "！", "!", ",", ".", "\u3000", "\n", "、"]


@st.composite
def padded_scores(draw: st.DrawFn) -> tuple[str, int, str]:
    text, score = draw(st.sampled_from(SCORES))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2))
    sep = draw(st.sampled_from(SEPARATORS))
    comment = sep.join(words)
    body = f"{text}{sep}{comment}" if draw(st.booleans()) else f"{comment}{sep}{text}"
    return body, score, comment


@settings(max_examples=300, deadline=None)
@given(padded_scores())
def test_words_around_a_score_leave_the_score_and_become_the_comment(
    case: tuple[str, int, str],
) -> None:
    body, score, comment = case
    answer = read_survey_answer(body)
    assert answer.score == score, body
    assert answer.comment is not None
    assert " ".join(comment.split()) in " ".join(answer.comment.split()), body


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NOT_SCORES), st.sampled_from(WORDS), st.sampled_from(SEPARATORS))
def test_words_around_a_number_that_is_no_score_never_make_it_one(
    text: str, word: str, sep: str
) -> None:
    for body in (f"{word}{sep}{text}", f"{text}{sep}{word}"):
        answer = read_survey_answer(body)
        assert answer.score is None, body
        assert answer.comment is not None and text in answer.comment
