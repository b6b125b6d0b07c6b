"""Quarters as a salon reports on them: where each begins and ends in the salon's timezone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.domain.quarters import Quarter


def test_a_quarter_in_shanghai() -> None:
    q4 = Quarter.parse("2026Q4")
    assert str(q4) == "2026Q4"
    assert q4.starts("Asia/Shanghai") == datetime(2026, 9, 30, 16, 0, tzinfo=UTC)
    assert q4.ends("Asia/Shanghai") == datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
    assert str(q4.previous()) == "2026Q3" and str(Quarter(2027, 1).previous()) == "2026Q4"


def test_the_quarter_of_a_moment_is_the_salons() -> None:
    # 31 December 20:00 in UTC is already 1 January in Shanghai.
    assert str(Quarter.of(datetime(2026, 12, 31, 20, 0, tzinfo=UTC), "Asia/Shanghai")) == "2027Q1"


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "Q4", "2026-Q4", "0000Q1", "9999Q4", ""])
def test_other_writings_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Quarter.parse(text)
