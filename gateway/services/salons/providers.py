"""A salon's provider and its identity there: a sender number on Twilio, a sign name (签名) and
an extension code (扩展码) on Alibaba Cloud and Tencent Cloud.

Extension codes tell a reply's salon apart when several share one account's signature and
number: the gateway gives each salon the lowest free one of its provider (01, 02, …) unless the
salon's engineer sets one.
"""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.deployment import deployment_of
from gateway.domain.phones import region_of
from gateway.models import Salon
from gateway.providers import (
    PROVIDER_KINDS,
    kind_of,
    provider_kind,
    sends_templates,
)
from gateway.services.errors import Conflict, ServiceError
from gateway.services.sending.template_codes import require_codes

#: Both providers accept 2–12 characters of Chinese, letters and digits for a signature.
SIGN_NAME: Final = re.compile(r"[\w\u3400-\u9fff]{2,12}")
#: Digits only; the providers add them after the account's own number, which is at most about
#: 20 digits long, so a few are plenty (the exact maximum is not documented).
EXTEND_CODE: Final = re.compile(r"[0-9]{1,6}")


def clean_sign_name(raw: str) -> str:
    value = raw.strip()
    if "【" in value or "】" in value or "[" in value or "]" in value:
        raise ServiceError(
            "give the sign name without 【】: the provider adds them", field="sign_name"
        )
    if not SIGN_NAME.fullmatch(value):
        raise ServiceError(
            "the sign name is 2 to 12 Chinese characters, letters or digits, as registered",
            field="sign_name",
        )
    return value


def clean_extend_code(raw: str) -> str:
    value = raw.strip()
    if not EXTEND_CODE.fullmatch(value):
        raise ServiceError("the extend code is 1 to 6 digits", field="extend_code")
    return value


def configure_provider(
    session: Session,
    salon: Salon,
    *,
    provider: str | None = None,
    sign_name: str | None = None,
    extend_code: str | None = None,
    share_sign_with: int | None = None,
) -> None:
    """Apply the given changes (None keeps, "" clears) and check the salon can send: a sign
    name that is its own (or its group's) and a free extension code on a template provider, a
    code for each of its templates, a sender number on Twilio.

    ``share_sign_with`` (the operator's) puts the salon in another salon's sign group, taking
    that salon's provider and sign name unless given here; 0 takes it out of its group."""
    if provider is not None:
        if provider not in PROVIDER_KINDS:
            raise ServiceError(
                f"provider must be one of {', '.join(PROVIDER_KINDS)}, not {provider!r}",
                field="provider",
            )
        salon.provider = provider
    if sign_name is not None:
        salon.sign_name = clean_sign_name(sign_name) if sign_name.strip() else None
    if extend_code is not None:
        salon.extend_code = clean_extend_code(extend_code) if extend_code.strip() else None
    if share_sign_with is not None:
        _join_sign_group(session, salon, share_sign_with, provider=provider, sign_name=sign_name)
    kind = kind_of(provider_of(session, salon))
    if kind.needs_sender_number and not salon.sender_number:
        raise ServiceError(f"a {kind.label} salon needs its sender number", field="sender_number")
    if not sends_templates(salon.provider):
        return
    if not salon.sign_name:
        raise ServiceError(
            f"a salon on {salon.provider} needs its registered sign name", field="sign_name"
        )
    _sign_is_its_own(session, salon)
    wanted = salon.extend_code
    # Everything else is written now; the code alone goes under a savepoint below, so that
    # losing a race for it takes back nothing but the code.
    salon.extend_code = None
    session.flush()
    for _ in range(_EXTEND_CODE_TRIES):
        taken = _taken_extend_codes(session, salon)
        code = wanted or next(c for n in range(1, 10**6) if (c := f"{n:02d}") not in taken)
        if code in taken:
            raise ServiceError(
                f"another {salon.provider} salon already has extend code {code}",
                field="extend_code",
            )
        # Two salons set up at the same moment can both see a code as free; the unique
        # constraint decides, and the loser takes the next free one (or hears whose it is).
        try:
            with session.begin_nested():
                salon.extend_code = code
                session.flush()
        except IntegrityError as exc:
            if "uq_salons_provider_extend_code" not in str(exc):
                raise
            continue
        require_codes(session, salon)
        return
    raise Conflict(
        f"another {salon.provider} salon took extend code {wanted or 'the next free'} at the "
        "same moment; try again",
        field="extend_code",
    )


def _join_sign_group(
    session: Session,
    salon: Salon,
    other_id: int,
    *,
    provider: str | None,
    sign_name: str | None,
) -> None:
    if other_id == 0:
        salon.sign_group = None
        return
    other = session.get(Salon, other_id)
    if other is None or other.id == salon.id:
        raise ServiceError(f"no other salon with id {other_id}", field="share_sign_with")
    if provider is None:
        salon.provider = other.provider
    if sign_name is None:
        salon.sign_name = other.sign_name
    group = other.sign_group or other.id
    other.sign_group = salon.sign_group = group


def _sign_is_its_own(session: Session, salon: Salon) -> None:
    """A reply carrying a sign name reaches the salon that owns it: one salon per provider, or
    the salons the operator grouped to share it. Anyone else with it would read their replies."""
    with session.no_autoflush:
        # Whole rows: a group joined in this transaction is on them, not yet in the database.
        others = session.scalars(
            select(Salon).where(
                Salon.provider == salon.provider,
                Salon.sign_name == salon.sign_name,
                Salon.id != salon.id if salon.id is not None else True,
            )
        ).all()
    strangers = [
        other.id
        for other in others
        if salon.sign_group is None or other.sign_group != salon.sign_group
    ]
    if strangers:
        raise Conflict(
            f"another {salon.provider} salon (id {strangers[0]}) has sign name "
            f"{salon.sign_name}; salons of one brand share it with --share-sign-with",
            field="sign_name",
        )


#: A race for one code is lost at most once or twice in practice; past that, say so.
_EXTEND_CODE_TRIES: Final = 3


def _taken_extend_codes(session: Session, salon: Salon) -> set[str | None]:
    return set(
        session.scalars(
            select(Salon.extend_code).where(
                Salon.provider == salon.provider,
                Salon.extend_code.is_not(None),
                Salon.id != salon.id if salon.id is not None else True,
            )
        )
    )


def provider_of(session: Session, salon: Salon) -> str:
    """The provider the salon's texts go through, as the sender decides it."""
    return provider_kind(salon.provider, deployment_of(session).sms_provider)


def home_region(salon: Salon) -> str | None:
    """Where a customer's national number (13800138000) is read as being from."""
    if sends_templates(salon.provider):
        return "CN"
    return region_of(salon.sender_number) if salon.sender_number else None
