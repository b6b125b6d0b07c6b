"""Two wrong cancels found by probing the reader, each a class: a no about how the customer
comes, not whether ("I will not be coming late": the learned reader read "not … coming" as a
cancel), and no longer wanted said beside two appointments' refs (K7P3 K7P4 不用了: which one?)."""

from __future__ import annotations

import pytest

from tests.unit.reply_tables import as_the_service_reads


@pytest.mark.parametrize(
    "reply",
    [
        "I will not be coming late",
        "I will not be coming alone",
        "not gonna come late",
        "I shall not be able to attend the first half",
        "I won't be coming on time, sorry",
        "will not be arriving early this time",
        "I won't be coming by myself",
        "K7P3 K7P4 不用了",
        "K7P3 K7P4 不要了",
    ],
)
def test_a_no_about_how_or_about_which_cancels_nothing(reply: str) -> None:
    assert as_the_service_reads(reply) == "unknown"


@pytest.mark.parametrize(
    "reply",
    [
        "I will not be coming",
        "Sorry I won't be coming, something came up",
        "cant come, sorry",
        "wont make it",
        "不用了",
        "K7P3 不用了",
    ],
)
def test_not_coming_and_no_longer_wanted_still_cancel(reply: str) -> None:
    assert as_the_service_reads(reply) == "cancel"
