"""Kindness and praise that answer nothing of the coming visit (issue 21). The twenty-first
and twenty-second blind sets each had one wrong reading by the learned reader (those rows read,
nothing else of the sets): a wish for the salon's people (天冷了，你们也注意身体哦) read as a
cancel, illness being near; and thanks for the last visit with a thumb (謝謝你們上次的服務，
頭髮很好整理👍) read as a yes, the praise's 很好 and 👍 taken for one. A wish, or praise of a
past visit with only a soft yes and no word of the coming visit, now stops the reader; an answer
beside either stands."""

from __future__ import annotations

import pytest

from tests.unit.reply_tables import as_the_service_reads

#: Each of these was a wrong state change before (the learned reader's).
WRONG_BEFORE = [
    # A wish for the salon's people, read as a cancel.
    ("天冷了，你们也注意身体哦", "unknown"),
    # Praise of the last visit with a soft yes, read as a yes.
    ("谢谢你们上次的服务，头发很好整理👍", "unknown"),
    ("上次剪得好满意👌", "unknown"),
    ("Thanks for last time, my hair looks great 👍", "unknown"),
]

#: Kindness and praise the reader did not read before: the stop keeps them so.
KEPT_SO = [
    ("最近降温，你们注意保暖哦", "unknown"),
    ("大家辛苦啦，天冷多穿点", "unknown"),
    ("天氣轉涼，你哋都要保重", "unknown"),
    ("多謝上次幫我整嘅頭髮，好正👍", "unknown"),
]

#: What still stands beside kindness or praise: an answer said in more than a soft yes, or a soft
#: yes with the coming visit named.
STANDS = [
    ("上次剪得很好，这次确认👍", "confirm"),
    ("我是老李，上回那个小伙子给我剪得挺精神，这回还找他，明天准去", "confirm"),
    ("天冷多穿点，明天去不了了", "cancel"),
    ("确认，谢谢，你们也注意身体", "confirm"),
    ("收到，会准时到，你们也保重", "confirm"),
    ("ok see you, take care", "confirm"),
    ("take care, please cancel my appointment", "cancel"),
    ("好的，辛苦了", "confirm"),
]


@pytest.mark.parametrize(("body", "read"), WRONG_BEFORE + KEPT_SO + STANDS)
def test_kindness_and_praise_answer_nothing_of_the_coming_visit(body: str, read: str) -> None:
    assert as_the_service_reads(body) == read
