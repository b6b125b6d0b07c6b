"""The words of every SMS the gateway sends, rendered from ``templates_sms/<locale>/<name>.txt``.

Templates are Jinja2 with StrictUndefined: a variable the caller forgot raises instead of sending
a customer a blank. Optional values (service, stylist) are passed as ``None`` or ``""`` and the
templates read well without them. Autoescape is off (this is plain text, not HTML); the result is
stripped, and a template is one line unless it deliberately has more.

Dates and times are formatted by the caller with ``gateway.domain.wording.appointment_when``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final

import jinja2

from gateway.domain.wording import SUPPORTED_LOCALES

TEMPLATE_ROOT: Final = Path(__file__).resolve().parent.parent / "templates_sms"

#: Every message name; each locale has one ``<name>.txt`` for each.
TEMPLATE_NAMES: Final[tuple[str, ...]] = (
    "confirmation_request",
    "confirmed",
    "change_received",
    "cancelled",
    "already_cancelled",
    "cancelled_by_salon",
    "reminder",
    "reminder_unconfirmed",
    "help",
    "ambiguous",
    "no_appointment",
    "opted_out",
    "opted_in",
    # Staff's own words, answering a customer (gateway/services/answers.py).
    "staff_answer",
)


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_ROOT, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def render(name: str, locale: str, **ctx: object) -> str:
    """The body of the SMS ``name`` in ``locale`` (one of SUPPORTED_LOCALES) filled with ``ctx``.

    Raises ValueError for an unsupported locale, LookupError for an unknown message name, and
    jinja2.UndefinedError when the template uses a variable ``ctx`` does not give.
    """
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(
            f"no SMS templates for locale {locale!r}; expected one of {SUPPORTED_LOCALES}"
        )
    if name not in TEMPLATE_NAMES:
        raise LookupError(f"no SMS template named {name!r}; known: {', '.join(TEMPLATE_NAMES)}")
    template = _environment().get_template(f"{locale}/{name}.txt")
    return template.render(**ctx).strip()
