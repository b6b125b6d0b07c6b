"""Recording a customer's consent to marketing: each grant and withdrawal a new row with who
recorded it and the evidence, the customer's current state beside it, and the CRM told
(``consent.changed``).

Opting out of texts withdraws consent too (``withdraw_on_opt_out``); consent recorded after an
opt-out is kept but reaches nobody until the customer opts back in (``marketing_reachable``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.domain.events import EventType
from gateway.domain.marketing import GRANTING_METHODS, ConsentMethod, RecordedBy
from gateway.models import ConsentChange, Customer, Staff
from gateway.services.crm.events import emit
from gateway.services.errors import ServiceError


@dataclass(frozen=True, slots=True)
class Recorder:
    """Who records a change: the API key (by its fingerprint), a staff member, the customer."""

    kind: RecordedBy
    name: str | None = None
    staff_id: int | None = None

    @classmethod
    def api_key(cls, api_key_hash: str) -> Recorder:
        # The key itself is never stored; the start of its hash tells keys apart after rotation.
        return cls(RecordedBy.API_KEY, f"key {api_key_hash[:8]}")

    @classmethod
    def staff(cls, member: Staff) -> Recorder:
        return cls(RecordedBy.STAFF, member.name or member.email, member.id)


CUSTOMER = Recorder(RecordedBy.CUSTOMER, "customer")


@dataclass(frozen=True, slots=True)
class ConsentStatement:
    """What was said: consent given (with how, and the evidence) or withdrawn, and when."""

    marketing: bool
    method: ConsentMethod | None = None
    evidence: str | None = None
    #: When the customer said it; None: now.
    at: datetime | None = None


def record_consent(
    session: Session,
    customer: Customer,
    statement: ConsentStatement,
    *,
    by: Recorder,
    now: datetime,
) -> ConsentChange:
    """Keep the change as a new row, set the customer's current consent, tell the CRM.

    Refused (nothing stored) when consent is given without a method or evidence, with the
    gateway's own ``opt_out`` method, or dated in the future."""
    given_at = statement.at or now
    if given_at > now:
        raise ServiceError("at is in the future: record consent once it is given", field="at")
    if statement.marketing:
        if statement.method not in GRANTING_METHODS:
            allowed = ", ".join(GRANTING_METHODS)
            raise ServiceError(
                f"method is required to give consent: {allowed}",
                field="method",
                reason="consent_method",
            )
        if not statement.evidence:
            raise ServiceError(
                "evidence is required to give consent", field="evidence", reason="consent_evidence"
            )
    elif statement.method is ConsentMethod.OPT_OUT and by.kind is not RecordedBy.CUSTOMER:
        raise ServiceError("opt_out is recorded when a customer opts out", field="method")
    change = ConsentChange(
        salon_id=customer.salon_id,
        customer_id=customer.id,
        marketing=statement.marketing,
        method=statement.method,
        evidence=statement.evidence,
        given_at=given_at,
        recorded_at=now,
        recorded_by=by.kind,
        staff_id=by.staff_id,
        recorded_by_name=by.name,
    )
    session.add(change)
    customer.marketing_consent_at = given_at if statement.marketing else None
    session.flush()
    emit(
        session,
        customer.salon,
        EventType.CONSENT_CHANGED,
        now=now,
        customer=customer,
        consent=change,
    )
    return change


def withdraw_on_opt_out(session: Session, customer: Customer, *, now: datetime) -> None:
    """The customer opted out of texts: any consent to marketing goes with it."""
    if customer.marketing_consent_at is None:
        return
    record_consent(
        session,
        customer,
        ConsentStatement(marketing=False, method=ConsentMethod.OPT_OUT),
        by=CUSTOMER,
        now=now,
    )


def current_consent(session: Session, customer_id: int) -> ConsentChange | None:
    """The latest change recorded: what stands now (None: never recorded)."""
    return session.scalars(
        select(ConsentChange)
        .where(ConsentChange.customer_id == customer_id)
        .order_by(ConsentChange.id.desc())
        .limit(1)
    ).first()


def consent_history(session: Session, customer_id: int) -> list[ConsentChange]:
    """Every change, oldest first."""
    return list(
        session.scalars(
            select(ConsentChange)
            .where(ConsentChange.customer_id == customer_id)
            .order_by(ConsentChange.id)
        )
    )
