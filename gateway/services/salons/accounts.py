"""Salons and their customers."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway.models import Customer, Salon
from gateway.services.errors import Conflict


def hash_api_key(api_key: str) -> str:
    # API keys are 190 random bits, so a plain SHA-256 is enough to make a stolen table useless.
    return hashlib.sha256(api_key.encode()).hexdigest()


def create_salon(
    session: Session,
    *,
    name: str,
    sender_number: str | None,
    timezone: str,
    locale: str,
    provider: str | None = None,
) -> tuple[Salon, str]:
    """A new salon and its API key (returned once, stored only as a hash)."""
    salon = Salon(
        name=name, sender_number=sender_number, timezone=timezone, locale=locale, provider=provider
    )
    api_key = rotate_api_key(salon)
    session.add(salon)
    session.flush()
    return salon, api_key


def rotate_api_key(salon: Salon) -> str:
    """Give the salon a new API key and return it (shown once); the old one stops working."""
    api_key = "sk_" + secrets.token_urlsafe(24)
    salon.api_key_hash = hash_api_key(api_key)
    return api_key


def salon_for_api_key(session: Session, api_key: str) -> Salon | None:
    return session.scalar(select(Salon).where(Salon.api_key_hash == hash_api_key(api_key)))


def customer_for(session: Session, *, salon: Salon, phone: str) -> Customer:
    """The salon's customer with this number, created on first sight (safe under concurrency)."""
    for _ in range(3):
        found = session.scalar(
            select(Customer).where(Customer.salon_id == salon.id, Customer.phone == phone)
        )
        if found is not None:
            return found
        customer = Customer(salon_id=salon.id, phone=phone)
        try:
            with session.begin_nested():
                session.add(customer)
        except IntegrityError:
            continue  # created by a concurrent request: read theirs
        return customer
    raise Conflict("could not store the customer; try again", reason="try_again")
