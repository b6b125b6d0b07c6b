"""Today (any day) and customers: the front desk's view of appointments and threads, and the
one-tap status changes staff make, through the same service as the API's PATCH."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from gateway import clock
from gateway.domain.lifecycle import (
    OPEN_STATUSES,
    STAFF_MOVES,
    AppointmentStatus,
    staff_move_allowed,
)
from gateway.domain.marketing import STAFF_METHODS
from gateway.domain.offer_status import OfferSource
from gateway.domain.phones import for_display
from gateway.models import Appointment, Customer, Message, MessageDirection
from gateway.queries.appointments import (
    appointment_by_id,
    appointments_on,
    local_day,
    search_customers,
)
from gateway.queries.threads import (
    appointment_threads,
    customer_appointments,
    customer_by_id,
    customer_thread,
)
from gateway.services import ServiceError, StaffEdit, edit_appointment
from gateway.services.customers.consent import current_consent
from gateway.services.desk.answers import AnswerOptions, answer_options
from gateway.services.desk.stats import STATUS_LABELS
from gateway.services.offers.new_times import NoSlotsToOffer, offer_on_request
from gateway.services.salons.providers import home_region
from gateway.staff import bp, db, locale, safe_next, t
from gateway.staff.i18n import day_words, length_words
from gateway.staff.refusals import KeptForm, flash_refusal

#: The days Today can show. Typed addresses reach any date Python reads (0001-01-01 to
#: 9999-12-31); at those edges the day's bounds in the salon's timezone or the next-day link
#: fall off the calendar, and no salon books there.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)

#: The order of one-tap actions on an appointment card.
ACTIONS = (
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.COMPLETED,
    AppointmentStatus.NO_SHOW,
    AppointmentStatus.CANCELLED,
)


#: A desktop's day view has a column per stylist, up to this many (console.css draws them).
MAX_COLUMNS = 6


def stylist_columns(appointments: Sequence[Appointment]) -> dict[str | None, int]:
    """The day's stylists in the order their first appointment comes, each with its column
    (1…); those past ``MAX_COLUMNS``, and appointments without a stylist, share the last."""
    columns: dict[str | None, int] = {}
    for appointment in appointments:
        if appointment.stylist not in columns:
            columns[appointment.stylist] = min(len(columns) + 1, MAX_COLUMNS)
    return columns


def status_labels() -> dict[AppointmentStatus, str]:
    return STATUS_LABELS.get(locale(), STATUS_LABELS["zh-CN"])


def actions_for(appointment: Appointment, now: datetime) -> list[AppointmentStatus]:
    """The moves the staff transition table allows from here, in button order."""
    begun = appointment.starts_at <= now
    return [
        wanted
        for wanted in ACTIONS
        if wanted != appointment.status
        and appointment.status in STAFF_MOVES[wanted]
        and staff_move_allowed(appointment.status, wanted, has_begun=begun) is None
    ]


def local(value: datetime | None, fmt: str = "%H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(g.salon.timezone)).strftime(fmt)


@bp.app_template_global("local_time")
def _local_time(value: datetime | None, fmt: str = "%H:%M") -> str:
    return local(value, fmt)


@bp.app_template_global("ends_at")
def _ends_at(appointment: Appointment) -> datetime:
    return appointment.starts_at + timedelta(minutes=appointment.duration_minutes)


@bp.app_template_global("length")
def _length(minutes: int) -> str:
    return length_words(locale(), minutes)


@bp.app_template_global("phone")
def _phone(e164: str) -> str:
    """A customer's number as the front desk dials it (138 0013 8000 in a mainland salon)."""
    return for_display(e164, home_region(g.salon))


@bp.get("/")
def home() -> Response:
    return redirect(url_for("staff.today"))


def shown_day(raw: str, now: datetime) -> date:
    """The day Today shows for its ``day`` parameter: the salon's today when there is none, or
    none that can be read or shown."""
    try:
        day = date.fromisoformat(raw) if raw else local_day(g.salon, now)
    except ValueError:
        day = local_day(g.salon, now)
    if not FIRST_DAY <= day <= LAST_DAY:
        day = local_day(g.salon, now)  # as for a day that cannot be read
    return day


@bp.get("/today")
def today() -> tuple[str, int]:
    return day_page(request.args.get("day", ""))


def day_page(
    raw_day: str, *, refused: KeptForm | None = None, status: int = 200
) -> tuple[str, int]:
    """Today's page for ``raw_day``; with ``refused``, a form of the page the service refused
    (or one a change of language took along, refused for nothing), shown open as it was typed,
    answering at a path of its own (``page_path``: where the page's forms come back to)."""
    now = clock.now()
    day = shown_day(raw_day, now)
    with db().sessions() as s:
        appointments = appointments_on(s, salon=g.salon, day=day)
        threads = appointment_threads(
            s, salon_id=g.salon.id, appointment_ids=[a.id for a in appointments]
        )
        page = render_template(
            "staff/today.html",
            page_path=url_for("staff.today", day=raw_day or None),
            page_endpoint="staff.today",
            # A customer on the phone: the booking she is typing goes with a change of language.
            language_kept="new-booking-form",
            language_next=url_for("staff.today", day=raw_day or None),
            refused=refused,
            day=day,
            day_title=day_words(locale(), day),
            is_today=day == local_day(g.salon, now),
            columns=stylist_columns(appointments),
            prev_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            appointments=appointments,
            threads=threads,
            unconfirmed=[a for a in appointments if a.status == AppointmentStatus.UNCONFIRMED],
            actions={a.id: actions_for(a, now) for a in appointments},
            can_offer={a.id: a.status in OPEN_STATUSES and a.starts_at > now for a in appointments},
            labels=status_labels(),
        )
    return page, status


@bp.post("/appointments/<int:appointment_id>/status")
def set_status(appointment_id: int) -> Response:
    wanted = request.form.get("status", "")
    if wanted not in {s.value for s in STAFF_MOVES}:
        abort(400)
    back = safe_next(request.form.get("next"), url_for("staff.today"))
    try:
        with db().transaction() as s:
            appointment = appointment_by_id(
                s, salon_id=g.salon.id, appointment_id=appointment_id, for_update=True
            )
            if appointment is None:
                abort(404)
            edit_appointment(
                s,
                appointment=appointment,
                edit=StaffEdit(status=AppointmentStatus(wanted)),
                now=clock.now(),
            )
    except ServiceError as exc:
        flash_refusal(exc)
        return redirect(back)
    flash(t("updated"), "ok")
    return redirect(back)


@bp.post("/appointments/<int:appointment_id>/offer")
def make_offer(appointment_id: int) -> Response:
    """Text the customer the best slots of the salon's published availability to pick from."""
    back = safe_next(request.form.get("next"), url_for("staff.today"))
    try:
        with db().transaction() as s:
            appointment = appointment_by_id(
                s, salon_id=g.salon.id, appointment_id=appointment_id, for_update=True
            )
            if appointment is None:
                abort(404)
            offer_on_request(s, appointment, source=OfferSource.STAFF, now=clock.now())
    except NoSlotsToOffer:
        flash(t("no_slots_to_offer"), "error")
    except ServiceError as exc:
        flash_refusal(exc)
    else:
        flash(t("offer_sent"), "ok")
    return redirect(back)


@bp.get("/customers")
def customers() -> str:
    text = request.args.get("q", "")
    with db().sessions() as s:
        found = search_customers(s, salon_id=g.salon.id, text=text) if text.strip() else []
        return render_template(
            "staff/customers.html",
            q=text,
            found=found,
            # What she typed goes with a change of language, searched or not yet.
            language_form="customer-search",
            language_next=url_for("staff.customers"),
        )


@bp.get("/customers/<int:customer_id>")
def customer(customer_id: int) -> tuple[str, int]:
    return customer_page(customer_id)


def customer_page(
    customer_id: int, *, refused: KeptForm | None = None, status: int = 200
) -> tuple[str, int]:
    """The customer's page; with ``refused``, a form of it the service refused (the answer box,
    the consent form) as it was typed, answering at the customer's own path (``page_path``)."""
    with db().sessions() as s:
        found = customer_by_id(s, salon_id=g.salon.id, customer_id=customer_id)
        if found is None:
            abort(404)
        answers = answer_options(s, g.salon, now=clock.now())
        page = render_template(
            "staff/customer.html",
            page_path=url_for("staff.customer", customer_id=customer_id),
            page_endpoint="staff.customer",
            # The consent form where there is no answer box (the script takes either along).
            language_kept=answer_box(found, answers) or "consent-form",
            language_next=url_for("staff.customer", customer_id=customer_id),
            refused=refused,
            customer=found,
            appointments=customer_appointments(s, salon_id=g.salon.id, customer_id=found.id),
            thread=customer_thread(s, salon_id=g.salon.id, customer_id=found.id),
            labels=status_labels(),
            answers=answers,
            consent=current_consent(s, found.id),
            consent_methods={method.value: t("method_" + method.value) for method in STAFF_METHODS},
        )
    return page, status


def answer_box(customer: Customer | None, answers: AnswerOptions) -> str | None:
    """The id of the box a page shows for staff's own words to ``customer`` (``_thread.html``:
    one who can be texted, at a salon whose provider takes free text), which a change of
    language takes along; None where the page has none."""
    if customer is None or customer.opted_out or customer.erased_at is not None:
        return None
    return "answer" if answers.mode == "body" else None


def message_side(message: Message) -> str:
    return "in" if message.direction == MessageDirection.INBOUND else "out"


@bp.app_template_global("message_side")
def _message_side(message: Message) -> str:
    return message_side(message)
