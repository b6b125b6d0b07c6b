"""SMS threads: a customer's whole conversation with the salon, whatever it was about."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gateway.models import Appointment, Customer, Message


def customer_by_phone(session: Session, *, salon_id: int, phone: str) -> Customer | None:
    if "\x00" in phone:
        return None
    return session.scalar(
        select(Customer).where(Customer.salon_id == salon_id, Customer.phone == phone)
    )


def customer_by_id(session: Session, *, salon_id: int, customer_id: int) -> Customer | None:
    return session.scalar(
        select(Customer).where(Customer.salon_id == salon_id, Customer.id == customer_id)
    )


def customer_thread(session: Session, *, salon_id: int, customer_id: int) -> Sequence[Message]:
    """Every text to and from the customer at this salon, oldest first."""
    return session.scalars(
        select(Message)
        .where(Message.salon_id == salon_id, Message.customer_id == customer_id)
        .options(selectinload(Message.appointment))
        .order_by(Message.created_at, Message.id)
    ).all()


def appointment_thread(
    session: Session, *, salon_id: int, appointment_id: int
) -> Sequence[Message]:
    """The texts about one appointment, oldest first."""
    return session.scalars(
        select(Message)
        .where(Message.salon_id == salon_id, Message.appointment_id == appointment_id)
        .order_by(Message.created_at, Message.id)
    ).all()


def appointment_threads(
    session: Session, *, salon_id: int, appointment_ids: Sequence[int]
) -> dict[int, list[Message]]:
    """The texts of each appointment, oldest first, in one query for a whole day's list."""
    threads: dict[int, list[Message]] = {i: [] for i in appointment_ids}
    if not appointment_ids:
        return threads
    for message in session.scalars(
        select(Message)
        .where(Message.salon_id == salon_id, Message.appointment_id.in_(appointment_ids))
        .order_by(Message.created_at, Message.id)
    ):
        assert message.appointment_id is not None
        threads[message.appointment_id].append(message)
    return threads


def customer_appointments(
    session: Session, *, salon_id: int, customer_id: int
) -> Sequence[Appointment]:
    """The customer's appointments at this salon, latest first."""
    return session.scalars(
        select(Appointment)
        .where(Appointment.salon_id == salon_id, Appointment.customer_id == customer_id)
        .order_by(Appointment.starts_at.desc(), Appointment.id.desc())
    ).all()
