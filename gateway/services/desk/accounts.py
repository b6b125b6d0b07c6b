"""Salon staff's console accounts: create, sign in, reset a password, disable.

Passwords are hashed with werkzeug.security (scrypt, salted); nothing here sees a password in
clear after the call that received it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from gateway.domain.bidi import BIDI_REFUSAL, has_bidi_control
from gateway.domain.phones import InvalidPhoneNumber, to_e164
from gateway.models import Salon, Staff
from gateway.services.errors import Conflict, ServiceError
from gateway.services.salons.providers import home_region

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
#: Checked when the email is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone's")


def normal_email(email: str, *, field: str = "email") -> str:
    email = email.strip().lower()
    if has_bidi_control(email):
        raise ServiceError(f"{field} {BIDI_REFUSAL}", field=field, reason="direction_marks")
    if len(email) > 254 or not _EMAIL.match(email):
        raise ServiceError(f"{email!r} is not an email address", field=field, reason="not_an_email")
    return email


def staff_name(name: str | None) -> str | None:
    """The name shown for a staff member, or None."""
    name = (name or "").strip()[:100]
    if has_bidi_control(name):
        raise ServiceError(f"name {BIDI_REFUSAL}", field="name", reason="direction_marks")
    return name or None


def check_password(password: str, *, field: str = "password") -> str:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ServiceError(
            f"a password is {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters",
            field=field,
            reason="password_length",
            values={"low": MIN_PASSWORD_LENGTH, "high": MAX_PASSWORD_LENGTH},
        )
    return password


def create_staff(
    session: Session,
    *,
    salon: Salon,
    email: str,
    password: str,
    now: datetime,
    name: str | None = None,
    is_owner: bool = False,
    phone: str | None = None,
) -> Staff:
    """A new account at ``salon``; Conflict when the address or the number already has one
    (any salon). ``phone`` without a country code is read in the salon's home region."""
    email = normal_email(email)
    if session.scalar(select(Staff.id).where(Staff.email == email)) is not None:
        raise Conflict(
            f"{email} already has an account",
            field="email",
            reason="email_taken",
            values={"email": email},
        )
    number = None
    if phone is not None and phone.strip():
        try:
            number = to_e164(phone, default_region=home_region(salon))
        except InvalidPhoneNumber as exc:
            raise ServiceError(str(exc), field="phone", reason="invalid_phone") from None
        if session.scalar(select(Staff.id).where(Staff.phone == number)) is not None:
            raise Conflict(
                "this phone number already has an account", field="phone", reason="phone_taken"
            )
    staff = Staff(
        salon_id=salon.id,
        email=email,
        phone=number,
        name=staff_name(name),
        password_hash=generate_password_hash(check_password(password)),
        is_owner=is_owner,
        session_version=1,
        created_at=now,
    )
    session.add(staff)
    session.flush()
    return staff


def authenticate(session: Session, *, email: str, password: str) -> Staff | None:
    """The active account with this email, or phone number, and password, or None."""
    staff = _account(session, email.strip())
    if staff is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(staff.password_hash, password) or staff.disabled_at is not None:
        return None
    return staff


def _account(session: Session, login: str) -> Staff | None:
    """The account an email or a phone number names: +8613800138000 exactly; 138 0013 8000 (or
    0xx…) by its national digits, when exactly one account's number ends with them."""
    if "@" in login:
        return session.scalar(select(Staff).where(Staff.email == login.lower()[:254]))
    digits = re.sub(r"[\s().-]", "", login)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?[0-9]{6,15}", digits):
        return None
    if digits.startswith("+"):
        return session.scalar(select(Staff).where(Staff.phone == digits))
    national = digits.lstrip("0")  # a trunk prefix (0 in the UK, Taiwan) is not in E.164
    found = session.scalars(
        select(Staff).where(Staff.phone.is_not(None), Staff.phone.endswith(national)).limit(2)
    ).all()
    return found[0] if len(found) == 1 else None


def end_sessions(staff: Staff) -> None:
    """Every console session of ``staff`` ends, on every device and every copy of its cookie:
    a session cookie carries the version it was signed in under, and it no longer matches."""
    staff.session_version += 1


def reset_password(staff: Staff, password: str) -> None:
    """A new password; sessions signed in with the old one stop working."""
    staff.password_hash = generate_password_hash(check_password(password))
    end_sessions(staff)


def set_disabled(staff: Staff, *, disabled: bool, now: datetime) -> None:
    staff.disabled_at = now if disabled else None
    end_sessions(staff)


def salon_staff(session: Session, *, salon_id: int) -> Sequence[Staff]:
    return session.scalars(
        select(Staff).where(Staff.salon_id == salon_id).order_by(Staff.email)
    ).all()


def staff_member(session: Session, *, salon_id: int, staff_id: int) -> Staff | None:
    """One of the salon's staff; another salon's id is not found."""
    if not 0 < staff_id < 2**31:
        return None
    return session.scalar(select(Staff).where(Staff.salon_id == salon_id, Staff.id == staff_id))
