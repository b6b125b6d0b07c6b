"""Book and move at the front desk: the forms of Today for a customer who calls. Read with the
API's own request models (the same validation as ``POST`` and ``PATCH /appointments``) and
written by ``services.desk_bookings``, so the CRM hears of what staff did here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Final
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from flask import abort, flash, g, redirect, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from gateway import clock
from gateway.api.schemas.requests import AppointmentChange, NewAppointment
from gateway.models import Salon
from gateway.queries.appointments import appointment_by_id
from gateway.services import ServiceError
from gateway.services.desk.bookings import DeskBooking, book_at_desk, move_at_desk
from gateway.services.salons.providers import home_region
from gateway.staff import KEPT_FORMS, bp, db, safe_next, t
from gateway.staff.pages import day_page
from gateway.staff.refusals import FormError, KeptForm, Refusal, kept_form

#: Each form's inputs, under the name the API gives the field they hold: a refusal naming that
#: field marks them (a time is the day and the time typed).
BOOKING_INPUTS: Final[Mapping[str, tuple[str, ...]]] = {
    "customer.phone": ("phone",),
    "customer.name": ("name",),
    "service": ("service",),
    "stylist": ("stylist",),
    "starts_at": ("day", "time"),
    "duration_minutes": ("duration_minutes",),
}
MOVE_INPUTS: Final[Mapping[str, tuple[str, ...]]] = {
    "starts_at": ("day", "time"),
    "stylist": ("stylist",),
}


def _form(name: str) -> str | None:
    return request.form.get(name, "").strip() or None


def starts_at_from_form(salon: Salon) -> str:
    """The ``day`` and ``time`` fields as the API's ``starts_at``, in the salon's timezone."""
    try:
        day = date.fromisoformat(request.form.get("day", ""))
        at = time.fromisoformat(request.form.get("time", ""))
    except ValueError:
        raise FormError("starts_at") from None
    return datetime.combine(day, at, tzinfo=ZoneInfo(salon.timezone)).isoformat()


def _day_of(page: str) -> str:
    """The ``day`` of Today's page at ``page`` (a console path), "" for the salon's today."""
    back = urlsplit(safe_next(page, url_for("staff.today")))
    return parse_qs(back.query).get("day", [""])[0] if back.path == url_for("staff.today") else ""


def refused(exc: Refusal, form: str, inputs: Mapping[str, tuple[str, ...]]) -> tuple[str, int]:
    """The day's page the form was sent from, the refused form open as it was typed, its
    inputs at fault marked, and why (422): nothing is typed twice while the customer waits."""
    day = _day_of(request.form.get("next", ""))
    return day_page(day, refused=kept_form(exc, form, inputs), status=422)


def _booking_kept(page: str, typed: Mapping[str, str]) -> tuple[str, int] | None:
    """The day's page after a change of language, the booking form open as she left it; None
    when she typed nothing in it (the day's page as it is, its form shut)."""
    names = dict.fromkeys(name for held in BOOKING_INPUTS.values() for name in held)
    values = {name: typed.get(name, "").strip() for name in names}
    began = any(values[name] for name in ("phone", "name", "service", "stylist", "time"))
    if not began and values["duration_minutes"] in ("", "60"):
        return None
    return day_page(_day_of(page), refused=KeptForm("new-booking", values, (), ""))


KEPT_FORMS["new-booking-form"] = _booking_kept


def _move_kept(page: str, typed: Mapping[str, str]) -> tuple[str, int] | None:
    """The day's page after a change of language, the one appointment's move form she typed in
    last open as she left it (its ``appointment``); nothing moved. Another salon's appointment
    is not found (404), as the move itself would say: never her own day in its place."""
    appointment = typed.get("appointment", "")
    if not appointment.isdigit():
        return None
    with db().sessions() as s:
        if appointment_by_id(s, salon_id=g.salon.id, appointment_id=int(appointment)) is None:
            abort(404)
    values = {name: typed.get(name, "").strip() for name in ("day", "time", "stylist")}
    return day_page(_day_of(page), refused=KeptForm(f"move-{appointment}", values, (), ""))


KEPT_FORMS["move-form"] = _move_kept


@bp.post("/appointments")
def book_here() -> Response | tuple[str, int]:
    """A customer who called: booked, and texted the confirmation request."""
    salon: Salon = g.salon
    try:
        fields: dict[str, object] = {
            "external_id": "desk",
            "customer": {"phone": request.form.get("phone", ""), "name": _form("name")},
            "service": _form("service"),
            "stylist": _form("stylist"),
            "starts_at": starts_at_from_form(salon),
        }
        length = _form("duration_minutes")
        if length is not None:
            # A form sends text; the API's rule (whole minutes, 5 to 1440) reads a number.
            fields["duration_minutes"] = int(length) if length.isdigit() else length
        asked = NewAppointment.model_validate(fields, context={"region": home_region(salon)})
        with db().transaction() as s:
            booked = book_at_desk(
                s,
                salon=s.get_one(Salon, salon.id),
                booking=DeskBooking(
                    phone=asked.customer.phone,
                    customer_name=asked.customer.name,
                    service=asked.service,
                    stylist=asked.stylist,
                    starts_at=asked.starts_at,
                    duration_minutes=asked.duration_minutes,
                ),
                now=clock.now(),
            )
            day = booked.starts_at.astimezone(ZoneInfo(salon.timezone)).date()
    except (FormError, ValidationError, ServiceError) as exc:
        return refused(exc, "new-booking", BOOKING_INPUTS)
    flash(t("booked"), "ok")
    return redirect(url_for("staff.today", day=day.isoformat()))


@bp.post("/appointments/<int:appointment_id>/move")
def move_here(appointment_id: int) -> Response | tuple[str, int]:
    """Move to a date and time (and a stylist, when one is typed); the customer is texted."""
    back = safe_next(request.form.get("next"), url_for("staff.today"))
    salon: Salon = g.salon
    try:
        asked = AppointmentChange.model_validate(
            {"starts_at": starts_at_from_form(salon), "stylist": _form("stylist")}
        )
        assert asked.starts_at is not None
        with db().transaction() as s:
            appointment = appointment_by_id(
                s, salon_id=salon.id, appointment_id=appointment_id, for_update=True
            )
            if appointment is None:
                abort(404)
            move_at_desk(
                s,
                appointment=appointment,
                starts_at=asked.starts_at,
                stylist=asked.stylist,
                now=clock.now(),
            )
    except (FormError, ValidationError, ServiceError) as exc:
        return refused(exc, f"move-{appointment_id}", MOVE_INPUTS)
    flash(t("moved"), "ok")
    return redirect(back)
