"""Phone numbers as customers type them, stored as E.164, shown in logs with the middle masked."""

from __future__ import annotations

import re

import phonenumbers


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number that can receive an SMS."""


_SENDER = re.compile(r"\+[1-9][0-9]{4,14}")
#: What E.164 looks like; whether it is a valid number is phonenumbers' call.
_E164_FORM = re.compile(r"\+[1-9][0-9]{6,14}")

LETTERS_REFUSED = "letters are not allowed in a phone number"


def refuse_letters(raw: str) -> None:
    """Raise InvalidPhoneNumber when ``raw`` holds a letter (Latin, full-width or any other).

    phonenumbers reads letters as phone-keypad digits (138ABCD8000 → +8613822238000) and drops
    an "ext. 12" tail: either way the text would go to someone the salon never named.
    """
    if any(character.isalpha() for character in raw):
        raise InvalidPhoneNumber(LETTERS_REFUSED)


def region_of(e164: str) -> str | None:
    """The region (CN, TW, US, …) of an E.164 number, used as the default for local spellings.

    Read from the country code alone, so that a salon's SMS service number (+86 1069…), which is
    not a dialable number, still makes 138… mean a mainland mobile.
    """
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code is None:
        return None
    region: str = phonenumbers.region_code_for_country_code(number.country_code)
    return None if region == "ZZ" else region


def for_display(e164: str, home_region: str | None) -> str:
    """A number as the front desk dials it: national (138 0013 8000) when it is from the salon's
    own country, international (+852 5123 4567) otherwise; as stored when it cannot be read."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    if home_region is not None and region_of(e164) == home_region:
        style = phonenumbers.PhoneNumberFormat.NATIONAL
    else:
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    shown: str = phonenumbers.format_number(number, style)
    return shown


def sender_to_e164(raw: str) -> str:
    """A salon's sender number in E.164. Looser than ``to_e164``: SMS service numbers and short
    codes behind a country code (+86 106…) are not valid phone numbers but do send texts.
    """
    refuse_letters(raw or "")
    text = re.sub(r"[\s().-]", "", raw or "")
    if text.startswith("00"):
        text = "+" + text[2:]
    if not _SENDER.fullmatch(text):
        raise InvalidPhoneNumber("not a number in E.164 form (+ country code and digits)")
    return text


def in_e164_form(raw: str) -> bool:
    """True when ``raw`` is spelt as E.164 (+ and digits only), as Twilio sends numbers. Such a
    text is its own E.164 form if it is valid at all: a look-up can use it before parsing."""
    return _E164_FORM.fullmatch(raw) is not None


def to_e164(raw: str, *, default_region: str | None) -> str:
    """Parse any common spelling (138 0013 8000, +86-138-0013-8000, 0086…) into E.164.

    Raises InvalidPhoneNumber when the text is not a valid number for its region.
    """
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 40:
        raise InvalidPhoneNumber("not a phone number")
    refuse_letters(raw)
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber("not a phone number") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("not a valid phone number")
    e164: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164


def mask(number: str | None) -> str:
    """+8613800138000 → +86138****8000: enough to tell numbers apart in a log, not to dial one."""
    if not number:
        return "-"
    if len(number) <= 6:
        return "*" * len(number)
    keep_head = min(6, len(number) - 4) if number.startswith("+") else 3
    return number[:keep_head] + "*" * (len(number) - keep_head - 4) + number[-4:]
