"""Phone numbers: the spellings salons' CRMs send, and masking for logs."""

from __future__ import annotations

import pytest

from gateway.domain.phones import InvalidPhoneNumber, mask, region_of, sender_to_e164, to_e164


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("13800138000", "CN", "+8613800138000"),
        ("138-0013-8000", "CN", "+8613800138000"),
        ("+86 138 0013 8000", None, "+8613800138000"),
        ("0086 138 0013 8000", None, "+8613800138000"),
        ("0912-345-678", "TW", "+886912345678"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("+44 7911 123456", "CN", "+447911123456"),
        ("１３８００１３８０００", "CN", "+8613800138000"),
    ],
)
def test_common_spellings(raw: str, region: str | None, e164: str) -> None:
    assert to_e164(raw, default_region=region) == e164


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "abc", "123", "1380013800", "+86 1380013800099", "1" * 41, "13800138000", None],
)
def test_invalid(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber):
        to_e164(raw, default_region=None)


def test_region_of() -> None:
    assert region_of("+8613800138000") == "CN"
    assert region_of("+8610690000001") == "CN"  # an SMS service number, not dialable
    assert region_of("+886912345678") == "TW"
    assert region_of("junk") is None


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+8613800138000", "+86138****8000"),
        ("+14155552671", "+14155**2671"),
        ("", "-"),
        (None, "-"),
        ("12345", "*****"),
    ],
)
def test_mask_hides_the_middle(number: str | None, masked: str) -> None:
    assert mask(number) == masked


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+8610690000001", "+8610690000001"),
        ("+86 1069 0000 001", "+8610690000001"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("0086106900001", "+86106900001"),
    ],
)
def test_sender_numbers_may_be_service_numbers(raw: str, e164: str) -> None:
    assert sender_to_e164(raw) == e164


@pytest.mark.parametrize("raw", ["", "10690000001", "+0123456", "+86 abc", "+1234", "+" + "1" * 16])
def test_sender_numbers_need_a_country_code(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber):
        sender_to_e164(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "138ABCD8000",  # phone-keypad letters: phonenumbers would make it +8613822238000
        "+86 138 0013 800O",  # a letter O for a zero
        "１３８ＡＢＣＤ８０００",  # full-width letters
        "138 0013 8000 ext. 12",  # an extension phonenumbers would silently drop
        "tel:+8613800138000",
    ],
)
def test_letters_are_never_read_as_digits(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber, match="letters are not allowed"):
        to_e164(raw, default_region="CN")
    with pytest.raises(InvalidPhoneNumber, match="letters are not allowed"):
        sender_to_e164(raw)
