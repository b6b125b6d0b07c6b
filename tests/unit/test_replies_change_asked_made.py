"""A change asked about as made (变更了吗, 改好了没, 改到周日了吗): the customer asks whether the
salon did what was asked before. Read as a change with its when, it would put the appointment
back into change_requested and offer new times; it goes to the front desk instead."""

from __future__ import annotations

import pytest

from tests.unit.reply_tables import as_the_service_reads


@pytest.mark.parametrize(
    "reply",
    [
        "变更了吗？我记得上周让你们改成周日了",  # the twenty-ninth held-out set's wrong reading
        "改好了吗？周日",
        "变更了吗？改到周日",
        "改到周日了吗？",
        "换到周日了没",
        "改到下午了吗",
        "改咗未呀？星期日",
        "變更了嗎？上週說改週日",
        "改期了没有？我周二打电话说改到周五的",
    ],
)
def test_a_change_asked_about_as_made_changes_nothing(reply: str) -> None:
    assert as_the_service_reads(reply) == "unknown"


@pytest.mark.parametrize(
    "reply",
    ["变更，周日下午", "改到周日吧", "改到周日，可以吗", "能改到周日吗", "變更 週日下午三點"],
)
def test_a_change_asked_for_is_still_a_change(reply: str) -> None:
    assert as_the_service_reads(reply) == "change"
