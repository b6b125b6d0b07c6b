"""The customer's marketing card in the console: their birthday, tags and consent to marketing,
and staff recording consent they witnessed (in store, or a paper form, with the evidence) or
its withdrawal. Read with the API's own request model and written by the same service, so the
history says which staff member recorded it and the CRM hears ``consent.changed``. A refused
record brings the customer's page back (422) with the method and evidence as typed, the field at
fault marked and why beside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from flask import abort, flash, g, redirect, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from gateway import clock
from gateway.api.schemas.customer_requests import ConsentRequest
from gateway.domain.marketing import STAFF_METHODS
from gateway.models import Staff
from gateway.queries.threads import customer_by_id
from gateway.services import ServiceError
from gateway.services.customers.consent import Recorder, record_consent
from gateway.staff import KEPT_FORMS, bp, db, page_id, safe_next, t
from gateway.staff.pages import customer_page
from gateway.staff.refusals import FormError, KeptForm, kept_form

#: The consent form's inputs, under the name the API gives the field they hold.
CONSENT_INPUTS: Final[Mapping[str, tuple[str, ...]]] = {
    "method": ("method",),
    "evidence": ("evidence",),
}


@bp.post("/customers/<int:customer_id>/consent")
def record_consent_here(customer_id: int) -> Response | tuple[str, int]:
    """``marketing`` "yes" with ``method`` (in_store, paper_form) and ``evidence``, or "no"."""
    back = safe_next(request.form.get("next"), url_for("staff.customer", customer_id=customer_id))
    giving = request.form.get("marketing") == "yes"
    try:
        if giving and request.form.get("method") not in STAFF_METHODS:
            raise FormError("method", reason="consent_staff_method")
        asked = ConsentRequest.model_validate(
            {
                "marketing": giving,
                "method": request.form.get("method") if giving else None,
                "evidence": request.form.get("evidence") or None,
            }
        )
        with db().transaction() as s:
            found = customer_by_id(s, salon_id=g.salon.id, customer_id=customer_id)
            if found is None:
                abort(404)
            s.refresh(found, with_for_update=True)
            member = s.get_one(Staff, g.staff.id)
            record_consent(s, found, asked.statement(), by=Recorder.staff(member), now=clock.now())
    except (FormError, ValidationError, ServiceError) as exc:
        if giving:
            kept = kept_form(exc, "consent-form", CONSENT_INPUTS)
        else:
            kept = kept_form(exc, "consent-withdraw-form", {})
        return customer_page(customer_id, refused=kept, status=422)
    flash(t("consent_recorded" if giving else "consent_withdrawn"), "ok")
    return redirect(back)


def _consent_kept(page: str, typed: Mapping[str, str]) -> tuple[str, int] | None:
    """The customer's page after a change of language, the consent form as she left it (the
    method chosen, the evidence typed), nothing recorded; only as the page itself shows it."""
    customer_id = page_id(page, "staff.customer", "customer_id")
    if customer_id is None:
        return None
    values = {name: typed.get(name, "") for name in CONSENT_INPUTS}
    return customer_page(customer_id, refused=KeptForm("consent-form", values, (), ""))


KEPT_FORMS["consent-form"] = _consent_kept
