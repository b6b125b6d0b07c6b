"""A customer's marketing facts: the name, birthday and tags a salon keeps for its offers."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.domain.marketing import Birthday
from gateway.models import Customer

#: A value left out of a change: keep what is stored (None means "clear it").
KEEP = object()


@dataclass(frozen=True, slots=True)
class FactsChange:
    """What to change; a field left as ``KEEP`` stays as it is, ``None`` clears it."""

    name: str | None | object = KEEP
    birthday: Birthday | None | object = KEEP
    tags: list[str] | None | object = KEEP


def change_facts(customer: Customer, change: FactsChange) -> None:
    """Write what ``change`` carries; validated before it gets here (a refusal changes nothing)."""
    if change.name is not KEEP:
        assert change.name is None or isinstance(change.name, str)
        customer.name = change.name
    if change.birthday is not KEEP:
        birthday = change.birthday
        assert birthday is None or isinstance(birthday, Birthday)
        customer.birthday_month = birthday.month if birthday else None
        customer.birthday_day = birthday.day if birthday else None
        customer.birthday_year = birthday.year if birthday else None
    if change.tags is not KEEP:
        assert change.tags is None or isinstance(change.tags, list)
        customer.tags = list(change.tags) if change.tags else None
