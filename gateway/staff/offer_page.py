"""Offer times from an inbox item, as a receptionist does it: the best slots of the salon's
published availability shown first, each editable (date, time, stylist), the text previewed
exactly as the customer will read it, and only then sent — through the same ``make_offer`` as
the CRM's ``POST /appointments/{external_id}/offers``. Previewed, the rows take the order and
letters the text gives their times (sorted, empty rows after), so the letter beside a row is the
one the customer answers with. A refused preview or send comes back with the rows as typed, in
that order too once every row reads as a time, the row at fault marked and named by its letter
as shown, why above them (a refused send answered 422 at its own address), so no time is typed
twice. A change of language takes the rows along as they stand, previewed or not (the form goes
with it: ``language_form``), and nothing is sent by it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from gateway import clock
from gateway.domain.offer_status import OfferSource
from gateway.domain.offers import LETTERS, MAX_SLOTS, Slot, offer_order
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


Row = dict[str, str]


def _typed_rows(args: Mapping[str, str]) -> list[Row]:
    """The form's rows as typed, every one of them, empty ones too."""
    return [{part: args.get(f"{part}{i}", "").strip() for part in _PARTS} for i in range(MAX_SLOTS)]


def _empty_rows(count: int) -> list[Row]:
    return [dict.fromkeys(_PARTS, "") for _ in range(count)]


def _in_text_order(rows: list[Row], appointment: Appointment) -> tuple[list[Row], list[Slot]]:
    """The typed rows as the text letters their times: the filled ones sorted as the offer
    sorts its slots, from A, the empty ones after; and their slots, in that order (so the
    service's ``slots.<i>`` is the row shown i-th). A row that is not a time raises SlotError
    naming it as typed (nothing moves until every time can be read), no row typed SlotError
    with no row."""
    zone = ZoneInfo(g.salon.timezone)
    length = timedelta(minutes=appointment.duration_minutes)
    filled: list[tuple[Row, Slot]] = []
    rest: list[Row] = []  # no day and no time: not a time offered, kept as typed after them
    for i, row in enumerate(rows):
        if not row["day"] and not row["time"]:
            rest.append(row)
            continue
        try:
            starts = datetime.combine(
                date.fromisoformat(row["day"]), time.fromisoformat(row["time"]), zone
            )
        except ValueError:
            raise SlotError(i) from None
        stylist = row["stylist"] or appointment.stylist
        if not stylist:
            raise SlotError(i)
        filled.append((row, Slot(starts, stylist, length)))
    if not filled:
        raise SlotError()
    filled.sort(key=lambda pair: offer_order(pair[1]))
    return [row for row, _ in filled] + rest, [slot for _, slot in filled]


def _why(exc: SlotError | ServiceError) -> tuple[str, int | None]:
    """Why the rows were refused, and the row at fault (from 0) where it is one, named by its
    letter as the page shows it: a slot the service names (``slots.<i>…``) is the i-th row."""
    if isinstance(exc, SlotError):
        if exc.row is None:
            return t("no_slot_typed"), None
        return t("check_slot", row=LETTERS[exc.row]), exc.row
    where = (exc.field or "").split(".")
    at = int(where[1]) if where[0] == "slots" and len(where) > 1 and where[1].isdigit() else None
    if at is None or at >= MAX_SLOTS:
        return refusal_text(exc), None
    return refusal_text(exc, row=LETTERS[at]), at


def _item(s: Session, item_id: int) -> tuple[InboxItem, Appointment]:
    item = inbox_item(s, salon_id=g.salon.id, item_id=item_id)
    if item is None:
        abort(404)
    if item.appointment is None:
        abort(404)
    return item, item.appointment


def _rows(slots: list[Slot] | tuple[Slot, ...]) -> list[Row]:
    zone = ZoneInfo(g.salon.timezone)
    rows = [
        {
            "day": slot.starts_at.astimezone(zone).date().isoformat(),
            "time": slot.starts_at.astimezone(zone).strftime("%H:%M"),
            "stylist": slot.stylist,
        }
        for slot in sorted(slots, key=offer_order)
    ]
    return rows + _empty_rows(MAX_SLOTS - len(rows))


def _typed(args: Mapping[str, str]) -> bool:
    """Whether the address holds rows she typed (a change of language brought them back)."""
    return any(f"{part}{i}" in args for i in range(MAX_SLOTS) for part in _PARTS)


def _switched_to(item_id: int, *, preview: bool) -> str:
    """Where a change of language takes the form's rows: the offer page, previewing them again
    where a preview (or its refusal) was shown, the page opened at the text as a preview is."""
    if not preview:
        return url_for("staff.offer_times", item_id=item_id)
    return url_for("staff.offer_times", item_id=item_id, preview="1", _anchor="customer-reads")


@bp.get("/inbox/<int:item_id>/offer")
def offer_times(item_id: int) -> str | Response:
    """The proposed slots (or those staff typed), and with ``preview`` the text they make,
    the rows then in the text's order: the letter beside a row is the one the customer reads."""
    now = clock.now()
    preview = error = at_fault = None
    kept = _typed(request.args) and "preview" not in request.args
    with db().sessions() as s:
        item, appointment = _item(s, item_id)
        if kept:
            # Brought back by a change of language: as she left them, nothing checked yet.
            rows = _typed_rows(request.args)
        elif "preview" in request.args:
            # The rows as typed, so a mistake is corrected rather than typed again.
            rows = _typed_rows(request.args)
            try:
                rows, slots = _in_text_order(rows, appointment)
                # Made in a transaction that is never committed: the very text make_offer
                # writes, with its checks, and nothing sent or stored.
                with s.begin_nested() as trial:
                    offer = make_offer(s, appointment, slots, source=OfferSource.STAFF, now=now)
                    message = s.get(Message, offer.message_id) if offer.message_id else None
                    preview = message.body if message is not None else None
                    trial.rollback()
            except (SlotError, ServiceError) as exc:
                error, at_fault = _why(exc)
        else:
            rows = _rows(proposed_slots(s, appointment, now=now))
        return render_template(
            "staff/offer.html",
            page_endpoint="staff.inbox_entry",  # reached from an inbox item: its tab lit
            language_form="offer-slots",
            language_next=_switched_to(item_id, preview="preview" in request.args),
            letters=LETTERS,
            item=item,
            appointment=appointment,
            rows=rows,
            kept=kept,
            proposed=not kept and "preview" not in request.args and any(r["day"] for r in rows),
            preview=preview,
            error=error,
            at_fault=at_fault,
        )


@bp.post("/inbox/<int:item_id>/offer")
def send_offer(item_id: int) -> Response | tuple[str, int]:
    """Send what was previewed; the item waits for the customer's pick (it closes by itself).
    Refused (the customer opted out, the appointment was cancelled meanwhile), the rows come
    back as sent, in the text's order, to be previewed again once corrected (422)."""
    back = url_for("staff.inbox_entry", item_id=item_id)
    rows = _typed_rows(request.form)
    try:
        with db().transaction() as s:
            item, appointment = _item(s, item_id)
            rows, slots = _in_text_order(rows, appointment)
            make_offer(s, appointment, slots, source=OfferSource.STAFF, now=clock.now())
    except (SlotError, ServiceError) as exc:
        error, at_fault = _why(exc)
        with db().sessions() as s:
            item, appointment = _item(s, item_id)
            page = render_template(
                "staff/offer.html",
                page_endpoint="staff.inbox_entry",
                language_form="offer-slots",
                language_next=_switched_to(item_id, preview=True),
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
