"""A reply meant for a courier or a delivery rider, sent to the salon's number (issue 21): the
twentieth blind set's one wrong reading was such a reply — where to leave a parcel, with a 就行 —
read by the learned reader as a yes (that row read, nothing else of the set). Where to leave it,
or the parcel with a leave, answers nothing of the visit; waiting for a parcel is a reason beside
an answer, as any other."""

from __future__ import annotations

import pytest

from tests.unit.reply_tables import as_the_service_reads

ANOTHER_ERRAND = [
    # Where to leave it (each of these read as a yes before).
    ("好的，放快递柜就行", "unknown"),
    ("没问题，放门卫就可以", "unknown"),
    ("好的好的，放丰巢就行", "unknown"),
    ("好啊，放信箱就得", "unknown"),
    # The parcel or the takeaway, then a leave (a yes before).
    ("可以的，外卖放门口就好", "unknown"),
    ("好的，包裹放物业就行，谢谢", "unknown"),
    ("好的谢谢，快递放驿站", "unknown"),
    ("收到，包裹放门口就好", "unknown"),
    ("好的，顺丰到了放驿站就行", "unknown"),
    # Traditional and Cantonese (a yes before, the first).
    ("好嘅，放門口得啦", "unknown"),
    ("快遞放門口就得，唔該", "unknown"),
    ("外賣放門口就可以了，謝謝", "unknown"),
    # English (none read as a yes before: the pattern keeps them so).
    ("Just leave the parcel at the door, thanks", "unknown"),
    ("ok sure leave it at the gate", "unknown"),
    ("sure, drop it at the lobby, fine", "unknown"),
]

#: Waiting for a parcel is why, beside an answer the rules read: it stands.
A_PARCEL_AS_THE_REASON = [
    ("在家等快递，今天来不了了，取消吧", "cancel"),
    ("取消吧，要在家等快递", "cancel"),
    ("改到明天吧，今天要等快递", "change"),
    ("確認，謝謝", "confirm"),
    ("ok thanks, see you", "confirm"),
]


@pytest.mark.parametrize(("body", "read"), ANOTHER_ERRAND + A_PARCEL_AS_THE_REASON)
def test_a_reply_meant_for_a_courier_answers_nothing(body: str, read: str) -> None:
    assert as_the_service_reads(body) == read
