"""The salon's address as the OpenAPI document describes it and as the service keeps it agree:
any address the document's pattern and length allow is kept (trimmed), so a CRM that checks its
request against the document is never refused for it; one holding a line break, a control
character or nothing but spaces is outside the document and refused, as before."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.services.errors import ServiceError
from gateway.services.salons.settings import ADDRESS_MAX, ADDRESS_PATTERN, clean_address


@given(st.from_regex(ADDRESS_PATTERN, fullmatch=True).filter(lambda s: len(s) <= ADDRESS_MAX))
def test_an_address_the_document_allows_is_kept(address: str) -> None:
    assert clean_address({"en": address}) == {"en": address.strip()}


@pytest.mark.parametrize(
    "refused",
    ["", "   ", "1 Main St\n2nd floor", "a\tb", "\x14Main St", "x\u2028y", "巷口\u202e3号", "\xa0"],
)
def test_what_the_document_refuses_the_service_refuses(refused: str) -> None:
    assert re.fullmatch(ADDRESS_PATTERN, refused) is None
    with pytest.raises(ServiceError):
        clean_address({"en": refused})


def test_an_address_in_any_script_is_kept() -> None:
    assert clean_address({"zh-CN": " 上海市静安区南京西路 1 号 ", "en": "1 Nanjing Rd W"}) == {
        "zh-CN": "上海市静安区南京西路 1 号",
        "en": "1 Nanjing Rd W",
    }
