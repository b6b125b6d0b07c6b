"""The values of a message's template variables, built from the facts of an appointment.

Templates hold flat variables only (what Alibaba Cloud and Tencent Cloud accept), so what used to
be a condition or a loop in a template is built here as one value: the appointment as the locale
describes it, with its optional service and stylist, or the list of a customer's appointments.
Values never come out empty (Alibaba Cloud refuses an empty value) and, given a ``limit``, never
longer than it: optional parts are shortened or dropped first, last ones first, then the whole is
cut with ``provider_templates.shorten`` — the same way every time.

Variables (per locale where the wording differs):

- ``date``, ``time``, ``ref``; ``when`` — date and time together;
- ``visit`` — the appointment with its service (zh: ``11月23日 14:00 剪发``; en: ``appointment
  for Haircut``);
- ``appointment`` — the visit with its stylist (zh: ``…，由Lily为您服务``; en: ``… with Lily``);
- ``rated`` — what a survey asks a score for: the visit with its stylist (zh: ``今天Lily的服务``;
  en: ``your visit with Lily``), or the visit alone when no stylist is known;
- ``appointments`` — every appointment of an ambiguous reply, in one line; ``confirm_ref``,
  ``change_ref``, ``cancel_ref`` — the first one's ref, for the examples (each variable may appear
  once in a template).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Final

from gateway.domain.provider_templates import shorten

#: Kept of an optional part (service, stylist) before it is dropped rather than cut further.
_SHORTEST_PART: Final = 2

#: How each locale writes the optional parts: (before the service, before the stylist, after it).
_PARTS: Final[dict[str, tuple[str, str, str]]] = {
    "zh-CN": (" ", "，由", "为您服务"),
    "zh-TW": (" ", "，由", "為您服務"),
    "en": (" for ", " with ", ""),
}
#: How a survey names what it asks about: (with the stylist, without).
_RATED: Final[dict[str, tuple[str, str]]] = {
    "zh-CN": ("今天{}的服务", "今天的服务"),
    "zh-TW": ("今天{}的服務", "今天的服務"),
    "en": ("your visit with {}", "your visit"),
}
_LIST_SEPARATOR: Final = {"zh-CN": "；", "zh-TW": "；", "en": "; "}

_EXAMPLE_REFS: Final = frozenset({"confirm_ref", "change_ref", "cancel_ref"})
#: The facts each variable's value is built from, where ``value`` reads others than the
#: variable's own name; a variable built from the list of appointments is not listed (and never
#: remembered). ``tests/unit/test_sms_values.py`` checks that ``value`` reads no other fact.
FACTS: Final[dict[str, tuple[str, ...]]] = {
    "visit": ("date", "time", "service"),
    "appointment": ("date", "time", "service", "stylist"),
    "rated": ("stylist",),
    "when": ("date", "time"),
}
_FROM_LIST: Final = frozenset({"appointments"}) | _EXAMPLE_REFS
_MISSING: Final = object()


def value(name: str, locale: str, ctx: Mapping[str, object], limit: int | None = None) -> str:
    """The value of variable ``name`` in ``locale`` from the facts in ``ctx`` (date, time,
    service, stylist, ref, appointments), at most ``limit`` characters.

    Raises KeyError naming the fact ``ctx`` lacks (an optional one must be passed as None or "").
    """
    if locale not in _PARTS:
        raise ValueError(f"unsupported locale {locale!r}")
    if name == "appointments":
        return _listing(locale, _items(ctx), limit)
    if name in _EXAMPLE_REFS:
        items = _items(ctx)
        if not items:
            raise KeyError("appointments")
        return shorten(_text(items[0], "ref"), limit)
    if name in ("visit", "appointment"):
        return _description(locale, ctx, limit, with_stylist=name == "appointment")
    if name == "rated":
        with_stylist, alone = _RATED[locale]
        stylist = _text(ctx, "stylist")
        if not stylist:
            return shorten(alone, limit)
        room = None if limit is None else limit - len(with_stylist.format(""))
        if room is not None and room < _SHORTEST_PART:
            return shorten(alone, limit)
        return with_stylist.format(shorten(stylist, room))
    if name == "when":
        return shorten(f"{_text(ctx, 'date')} {_text(ctx, 'time')}", limit)
    return shorten(_text(ctx, name), limit)


def remembered(
    memo: dict[tuple[object, ...], str],
    name: str,
    locale: str,
    ctx: Mapping[str, object],
    limit: int | None = None,
) -> str:
    """``value``, worked out once for every text with the same facts (the reminders a sweep
    writes share their slots, services and stylists): ``memo`` keeps each value by the facts it
    is built from. A missing fact still raises, as ``value`` does."""
    if name in _FROM_LIST:
        return value(name, locale, ctx, limit)
    facts = FACTS.get(name, (name,))
    # The facts as given (strings or None, as ``appointment_values`` writes them); a missing
    # one stands for itself, so that ``value`` raises for it as before.
    key = (name, locale, limit, *map(ctx.get, facts, repeat(_MISSING)))
    found = memo.get(key)
    if found is None:
        memo[key] = found = value(name, locale, ctx, limit)
    return found


def _description(
    locale: str, ctx: Mapping[str, object], limit: int | None, *, with_stylist: bool
) -> str:
    before_service, before_stylist, after_stylist = _PARTS[locale]
    parts = [(before_service, _text(ctx, "service"), "")]
    if with_stylist:
        parts.append((before_stylist, _text(ctx, "stylist"), after_stylist))
    if locale == "en":
        head = "appointment"
    else:
        head = f"{_text(ctx, 'date')} {_text(ctx, 'time')}"
    return fit_parts(head, parts, limit)


def fit_parts(head: str, parts: Sequence[tuple[str, str, str]], limit: int | None) -> str:
    """``head`` followed by each non-empty (before, value, after), within ``limit``: the values of
    the last parts are shortened first, and dropped when fewer than two characters would remain."""
    kept = [part for part in parts if part[1]]

    def joined() -> str:
        return head + "".join(before + text + after for before, text, after in kept)

    for index in reversed(range(len(kept))):
        if limit is None or len(joined()) <= limit:
            break
        before, text, after = kept[index]
        room = len(text) - (len(joined()) - limit)
        if room >= _SHORTEST_PART:
            kept[index] = (before, shorten(text, room), after)
        else:
            del kept[index]
    return shorten(joined(), limit)


def _listing(locale: str, items: Sequence[Mapping[str, object]], limit: int | None) -> str:
    """Every appointment on one line; without services if that is what fits."""
    separator = _LIST_SEPARATOR[locale]

    def line(with_service: bool) -> str:
        entries = []
        for item in items:
            service = _text(item, "service") if with_service else ""
            entry = f"{_text(item, 'date')} {_text(item, 'time')}" + (
                f" {service}" if service else ""
            )
            ref = _text(item, "ref")
            entries.append(f"{entry} (ref {ref})" if locale == "en" else f"{entry} {ref}")
        return separator.join(entries)

    full = line(with_service=True)
    if limit is None or len(full) <= limit:
        return full
    return shorten(line(with_service=False), limit)


def _items(ctx: Mapping[str, object]) -> list[Mapping[str, object]]:
    items = ctx["appointments"]
    if not isinstance(items, Sequence) or isinstance(items, str):
        raise TypeError("appointments must be a list")
    return [item for item in items if isinstance(item, Mapping)]


def _text(ctx: Mapping[str, object], key: str) -> str:
    raw = ctx[key]
    return "" if raw is None else str(raw).strip()
