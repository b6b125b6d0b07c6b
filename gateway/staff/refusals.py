"""Why a console form was refused, said in the staff member's language.

The services refuse with the API's English sentence (``ServiceError.message``, which CRM
developers rely on) and, where staff can meet the refusal, a stable ``reason`` key with the
``values`` its sentence needs; a request model's refusal has its validation code. The console
shows the words ``refused_<reason>`` (``refusal_words``) in the staff member's language, naming
the field as they call it when the refusal is about what was typed, and falls back to the
English sentence only for a refusal that has no words yet (new ones are found in review).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from flask import flash, request
from pydantic import ValidationError

from gateway.api.errors import from_validation
from gateway.domain.lifecycle import AppointmentStatus
from gateway.services.desk.stats import STATUS_LABELS
from gateway.services.errors import Conflict, ServiceError
from gateway.staff import locale, t
from gateway.staff.i18n import has_words

#: The forms' fields named in the receptionist's words when one is wrong.
FIELD_WORDS: Final = {
    "customer.phone": "field_customer_phone",
    "customer.name": "field_customer_name",
    "service": "field_service",
    "stylist": "field_stylist",
    "starts_at": "field_new_time",
    "duration_minutes": "field_duration",
    "intent": "field_intent",
    "method": "field_consent_method",
    "evidence": "field_evidence",
    "email": "email",
    "password": "password",
    "survey_delay_minutes": "field_survey_delay",
    "survey_min_days_between": "field_survey_interval",
}

#: Values that are an appointment's status, said as the console's badges say it.
_STATUS_VALUES: Final = ("status", "wanted")


class FormError(Exception):
    """A console form's own field that is missing or unreadable (a date, a time), and why
    (``reason``, its words ``refused_<reason>``) where the field's name alone does not say."""

    def __init__(self, field: str, message: str = "", *, reason: str | None = None) -> None:
        super().__init__(message)
        self.field, self.message, self.reason = field, message, reason


#: What a console form can be refused with: a field the form lacks, a value the API's rules
#: refuse, or the service's refusal.
Refusal = FormError | ValidationError | ServiceError


def field_words(field: str | None) -> str | None:
    """The field as staff call it; an answer template's ``values.<field>`` by its own name."""
    if not field:
        return None
    key = FIELD_WORDS.get(field)
    if field.startswith("values."):
        key = "field_" + field.removeprefix("values.")
    return t(key) if key and has_words(key) else None


def reason_words(reason: str | None, values: dict[str, object], english: str) -> str:
    """The refusal's sentence in staff's language, or ``english`` when it has no words yet."""
    key = f"refused_{reason}"
    if reason is None or not has_words(key):
        return english
    labels = STATUS_LABELS.get(locale(), STATUS_LABELS["zh-CN"])
    shown = {
        name: labels[AppointmentStatus(value)]
        if name in _STATUS_VALUES and isinstance(value, str)
        else value
        for name, value in values.items()
    }
    return t(key, **shown)


def refused_field(exc: Refusal) -> str | None:
    """The field a refusal is about, as the API names it (``customer.phone``, ``starts_at``),
    or None. A Conflict refuses for the state of things (a cancelled appointment, a customer
    who opted out), not for what was typed, so it names none."""
    if isinstance(exc, FormError):
        return exc.field
    if isinstance(exc, ValidationError):
        return from_validation(exc).field
    return None if isinstance(exc, Conflict) else exc.field


def refusal_text(exc: Refusal, **shown: object) -> str:
    """What staff read: the field they should look at, when the refusal is about what was
    typed, and why; ``shown`` adds to the service's values what only the page knows (the
    offer page's ``row``, a letter)."""
    if isinstance(exc, FormError):
        why = reason_words(exc.reason, {}, exc.message)
    elif isinstance(exc, ValidationError):
        error = from_validation(exc)
        why = reason_words(error.code, {}, error.message)
    else:
        # A time offered is named by its row's letter on the offer page (``shown``); anywhere
        # else (an offer made from the salon's availability) by its number, as the service has it.
        values = {"row": exc.values.get("n", ""), **exc.values, **shown}
        why = reason_words(exc.reason, values, exc.message)
    named = field_words(refused_field(exc))
    if named and why:
        return t("refused_beside_field", field=named, why=why)
    if named:
        return t("check_field", field=named)
    return why


def flash_refusal(exc: Refusal) -> None:
    """Tell staff why their form was refused, in their language."""
    flash(refusal_text(exc), "error")


@dataclass(frozen=True, slots=True)
class KeptForm:
    """A refused form as it comes back: which one (its element's id), every field as it was
    typed, the inputs at fault (the first takes the focus) and why, in the flash's words."""

    form: str
    values: Mapping[str, str]
    invalid: tuple[str, ...]
    why: str
    #: With nothing at fault (a form a change of language took along), the input focused.
    focus: str = ""


def kept_form(exc: Refusal, form: str, inputs: Mapping[str, tuple[str, ...]]) -> KeptForm:
    """Flash why ``form`` was refused and keep it as typed. ``inputs`` is the form's own table:
    each field the API names (``customer.phone``, ``starts_at``) and the inputs that hold it
    (``phone``; ``day`` and ``time``); a refusal of no field of the form marks none."""
    flash_refusal(exc)
    names = dict.fromkeys(name for held in inputs.values() for name in held)
    return KeptForm(
        form=form,
        values={name: request.form.get(name, "") for name in names},
        invalid=inputs.get(refused_field(exc) or "", ()),
        why=refusal_text(exc),
    )
