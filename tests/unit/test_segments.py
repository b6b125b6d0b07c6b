"""Segment counting as carriers bill it: GSM-7 160/153 septets, UCS-2 70/67 code units."""

from __future__ import annotations

import pytest

from gateway.domain.segments import GSM7_BASIC, GSM7_EXTENSION, count_segments, sms_encoding
from gateway.sms_text import render

CJK = "预"
EMOJI = "😀"  # outside the BMP: a surrogate pair, two UTF-16 code units


@pytest.mark.parametrize(
    ("body", "encoding", "segments"),
    [
        ("", "GSM-7", 1),
        ("a", "GSM-7", 1),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("a" * 459, "GSM-7", 3),
        ("a" * 460, "GSM-7", 4),
        # Basic-set characters that look exotic still cost one septet.
        ("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r" * 3, "GSM-7", 1),
        # Extension characters cost two septets.
        ("€" * 80, "GSM-7", 1),
        ("€" * 81, "GSM-7", 2),
        ("a" * 158 + "€", "GSM-7", 1),
        ("a" * 159 + "€", "GSM-7", 2),
        ("^{}\\[~]|\f€" * 8, "GSM-7", 1),  # 80 characters, 160 septets
        ("^{}\\[~]|\f€" * 8 + "a", "GSM-7", 2),
        # An escape pair never straddles a segment boundary: 152 + [2] would be 154.
        ("a" * 152 + "€" + "a" * 151, "GSM-7", 2),  # 152+2+151 = 305 septets: 152 | 2+151
        ("a" * 152 + "€" + "a" * 152, "GSM-7", 3),  # 306 septets, yet 152 | 153 | 1
        ("a" * 153 + "€" + "a" * 151, "GSM-7", 2),  # 306 septets, split cleanly: 153 | 153
        # UCS-2.
        (CJK * 70, "UCS-2", 1),
        (CJK * 71, "UCS-2", 2),
        (CJK * 134, "UCS-2", 2),
        (CJK * 135, "UCS-2", 3),
        (CJK * 201, "UCS-2", 3),
        (CJK * 202, "UCS-2", 4),
        (EMOJI * 35, "UCS-2", 1),
        (EMOJI * 36, "UCS-2", 2),
        (CJK * 68 + EMOJI, "UCS-2", 1),
        (CJK * 69 + EMOJI, "UCS-2", 2),
        # A surrogate pair never straddles a boundary: 66 + [2] would be 68.
        (CJK * 66 + EMOJI + CJK * 65, "UCS-2", 2),  # 133 units: 66 | 2+65
        (CJK * 66 + EMOJI + CJK * 66, "UCS-2", 3),  # 134 units, yet 66 | 67 | 1
        (CJK * 67 + EMOJI + CJK * 65, "UCS-2", 2),  # 134 units, split cleanly: 67 | 67
        # One character outside GSM-7 turns the whole message into UCS-2.
        ("a" * 69 + "【", "UCS-2", 1),
        ("a" * 70 + "【", "UCS-2", 2),
        ("a" * 100, "GSM-7", 1),
        ("a" * 100 + "’", "UCS-2", 2),  # a typographic apostrophe
        ("“hello”", "UCS-2", 1),
        ("ç" + "a" * 70, "UCS-2", 2),  # only the capital Ç is in the GSM alphabet
        ("\t" + "a" * 70, "UCS-2", 2),  # tab is not in the GSM alphabet either
    ],
)
def test_encoding_and_segments(body: str, encoding: str, segments: int) -> None:
    assert sms_encoding(body) == encoding
    assert count_segments(body) == segments


def test_every_extension_character_counts_double() -> None:
    for char in "^{}\\[~]|\f€":
        assert sms_encoding(char) == "GSM-7"
        assert count_segments("a" * 158 + char) == 1, repr(char)
        assert count_segments("a" * 159 + char) == 2, repr(char)


def test_rendered_templates_are_counted_by_their_encoding() -> None:
    common = {"date": "11月23日", "time": "14:00", "ref": "K7P3", "service": None, "stylist": None}
    zh = render("confirmed", "zh-CN", salon_name="美丽发艺沙龙", **common)
    assert sms_encoding(zh) == "UCS-2"
    assert count_segments(zh) == 1 and len(zh) <= 70

    en = render(
        "confirmation_request",
        "en",
        salon_name="Lotus Hair Studio",
        date="Mon 23 Nov",
        time="2:00 pm",
        ref="K7P3",
        service="Haircut",
        stylist="Lily",
    )
    assert sms_encoding(en) == "GSM-7"
    assert count_segments(en) == 1 and len(en) <= 160
    # A salon name with one typographic apostrophe costs the customer's salon a second segment.
    curly = render(
        "confirmation_request",
        "en",
        salon_name="Lily’s Nails",
        date="Mon 23 Nov",
        time="2:00 pm",
        ref="K7P3",
        service="Haircut",
        stylist="Lily",
    )
    assert sms_encoding(curly) == "UCS-2"
    assert count_segments(curly) == 3


def test_every_character_outside_the_tables_makes_the_body_ucs2() -> None:
    # The encoding is searched for by a compiled pattern, not a set of the body's characters:
    # each character still decides it exactly as the two tables say, in a body of its own or
    # after GSM-7 text, and one beyond the BMP still counts as two units.
    tables = GSM7_BASIC | GSM7_EXTENSION
    for code in range(0x20000):
        char = chr(code)
        expected = "GSM-7" if char in tables else "UCS-2"
        assert sms_encoding(char) == expected, hex(code)
        assert sms_encoding("Reminder " + char) == expected, hex(code)
    assert count_segments("好" * 69 + EMOJI) == 2
    assert count_segments("好" * 68 + EMOJI) == 1
