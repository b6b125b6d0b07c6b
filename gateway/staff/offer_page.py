"""Offer times from an inbox item, as a receptionist does it: the best slots of the salon's
published availability shown first, each editable (date, time, stylist), the text previewed
exactly as the customer will read it, and only then sent — through the same ``make_offer`` as
the CRM's ``POST /appointments/{external_id}/offers``. A refused preview or send comes back with
the rows as typed, the row at fault marked and why above them (a refused send answered 422 at
its own address), so no time is typed twice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from gateway import clock
from gateway.domain.offer_status import OfferSource
from gateway.domain.offers import LETTERS, MAX_SLOTS, Slot
from gateway.models import Appointment, InboxItem, Message
from gateway.queries.inbox import inbox_item
from gateway.services import ServiceError
from gateway.services.offers.new_times import make_offer, proposed_slots
from gateway.staff import bp, db, t
from gateway.staff.refusals import refusal_text

_PARTS = ("day", "time", "stylist")


class SlotError(Exception):
    """A row of the form that is not a date, a time and a stylist (``row``, from 0), or no
    row typed at all (``row`` None)."""

    def __init__(self, row: int | None = None) -> None:
        super().__init__(row)
        self.row = row


def _typed_rows(args: Mapping[str, str]) -> list[dict[str, str]]:
    """The form's rows as typed, every one of them, empty ones too."""
    return [{part: args.get(f"{part}{i}", "").strip() for part in _PARTS} for i in range(MAX_SLOTS)]


def _why(exc: SlotError | ServiceError, rows: list[dict[str, str]]) -> tuple[str, int | None]:
    """Why the rows were refused, and the row at fault (from 0) where it is one, named by its
    letter as the page labels it: a slot the service names (``slots.<i>…``, counted among the
    slots it was given) is the i-th row typed in, empty rows left out."""
    if isinstance(exc, SlotError):
        if exc.row is None:
            return t("no_slot_typed"), None
        return t("check_slot", row=LETTERS[exc.row]), exc.row
    typed = [i for i, row in enumerate(rows) if row["day"] or row["time"]]
    where = (exc.field or "").split(".")
    at = int(where[1]) if where[0] == "slots" and len(where) > 1 and where[1].isdigit() else None
    if at is None or at >= len(typed):
        return refusal_text(exc), None
    return refusal_text(exc, row=LETTERS[typed[at]]), typed[at]


def _item(s: Session, item_id: int) -> tuple[InboxItem, Appointment]:
    item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
    if item is None:
        abort(404)
    if item.appointment is None:
        abort(404)
    return item, item.appointment


def _slots_from(args: Mapping[str, str], appointment: Appointment) -> list[Slot]:
    """The form's rows (``day0``, ``time0``, ``stylist0`` …) as slots; empty rows left out."""
    zone = ZoneInfo(g.salon.timezone)
    length = timedelta(minutes=appointment.duration_minutes)
    slots = []
    for i in range(MAX_SLOTS):
        day, at = args.get(f"day{i}", "").strip(), args.get(f"time{i}", "").strip()
        if not day and not at:
            continue
        try:
            starts = datetime.combine(date.fromisoformat(day), time.fromisoformat(at), zone)
        except ValueError:
            raise SlotError(i) from None
        stylist = args.get(f"stylist{i}", "").strip() or appointment.stylist
        if not stylist:
            raise SlotError(i)
        slots.append(Slot(starts, stylist, length))
    return slots


def _rows(slots: list[Slot] | tuple[Slot, ...]) -> list[dict[str, str]]:
    zone = ZoneInfo(g.salon.timezone)
    rows = [
        {
            "day": slot.starts_at.astimezone(zone).date().isoformat(),
            "time": slot.starts_at.astimezone(zone).strftime("%H:%M"),
            "stylist": slot.stylist,
        }
        for slot in slots
    ]
    return rows + [{"day": "", "time": "", "stylist": ""}] * (MAX_SLOTS - len(rows))


@bp.get("/inbox/<int:item_id>/offer")
def offer_times(item_id: int) -> str | Response:
    """The proposed slots (or those staff typed), and with ``preview`` the text they make."""
    now = clock.now()
    preview = error = at_fault = None
    with db().sessions() as s:
        item, appointment = _item(s, item_id)
        if "preview" in request.args:
            # The rows as typed, so a mistake is corrected rather than typed again.
            rows = _typed_rows(request.args)
            try:
                slots = _slots_from(request.args, appointment)
                if not slots:
                    raise SlotError()
                # Made in a transaction that is never committed: the very text make_offer
                # writes, with its checks, and nothing sent or stored.
                with s.begin_nested() as trial:
                    offer = make_offer(s, appointment, slots, source=OfferSource.STAFF, now=now)
                    message = s.get(Message, offer.message_id) if offer.message_id else None
                    preview = message.body if message is not None else None
                    trial.rollback()
            except (SlotError, ServiceError) as exc:
                error, at_fault = _why(exc, rows)
        else:
            rows = _rows(proposed_slots(s, appointment, now=now))
        return render_template(
            "staff/offer.html",
            page_endpoint="staff.inbox_entry",  # reached from an inbox item: its tab lit
            letters=LETTERS,
            item=item,
            appointment=appointment,
            rows=rows,
            proposed="preview" not in request.args and any(r["day"] for r in rows),
            preview=preview,
            error=error,
            at_fault=at_fault,
        )


@bp.post("/inbox/<int:item_id>/offer")
def send_offer(item_id: int) -> Response | tuple[str, int]:
    """Send what was previewed; the item waits for the customer's pick (it closes by itself).
    Refused (the customer opted out, the appointment was cancelled meanwhile), the rows come
    back as sent, to be previewed again once corrected (422)."""
    back = url_for("staff.inbox_entry", item_id=item_id)
    try:
        with db().transaction() as s:
            item, appointment = _item(s, item_id)
            slots = _slots_from(request.form, appointment)
            if not slots:
                raise SlotError()
            make_offer(s, appointment, slots, source=OfferSource.STAFF, now=clock.now())
    except (SlotError, ServiceError) as exc:
        rows = _typed_rows(request.form)
        error, at_fault = _why(exc, rows)
        with db().sessions() as s:
            item, appointment = _item(s, item_id)
            page = render_template(
                "staff/offer.html",
                page_endpoint="staff.inbox_entry",
                letters=LETTERS,
                item=item,
                appointment=appointment,
                rows=rows,
                proposed=False,
                preview=None,
                error=error,
                at_fault=at_fault,
            )
        return page, 422
    flash(t("offer_sent"), "ok")
    return redirect(back)
