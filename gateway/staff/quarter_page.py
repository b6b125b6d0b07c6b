"""The quarter view of the console's Stats: how each stylist is rated by the customers who
answered the survey after their visit, against the quarter before, and which unhappy customers
to call back; the same report as a CSV download, and the owner's survey settings."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from gateway import clock
from gateway.domain.quarters import Quarter
from gateway.models import Salon
from gateway.queries.feedback_report import ReportJson, quarter_report, report_csv
from gateway.services import ServiceError
from gateway.services.salons.settings import SalonChange, change_salon
from gateway.staff import KEPT_FORMS, bp, db, t
from gateway.staff.charts import paired_bar_chart
from gateway.staff.refusals import field_words, reason_words


def _quarter(asked: str | None) -> Quarter:
    """The quarter asked for (``?quarter=2026Q4``), else the salon's current one."""
    if asked is None:
        return Quarter.of(clock.now(), g.salon.timezone)
    try:
        return Quarter.parse(asked)
    except ValueError:
        abort(404)


def _report(quarter: Quarter) -> tuple[ReportJson, Salon]:
    with db().sessions() as s:
        salon = s.get_one(Salon, g.salon.id)
        return quarter_report(s, salon, quarter), salon


@bp.get("/stats/quarter")
def quarter_stats() -> str:
    return _quarter_page(_quarter(request.args.get("quarter")))


def _survey_kept(page: str, typed: Mapping[str, str]) -> tuple[str, int] | None:
    """The quarter's page after a change of language, the owner's survey settings as she left
    them, nothing saved; anyone else (no such form) gets the page at its address."""
    back = urlsplit(page)
    if not g.staff.is_owner or back.path != url_for("staff.quarter_stats"):
        return None
    quarter = _quarter(parse_qs(back.query).get("quarter", [None])[0])
    return _quarter_page(quarter, {name: typed.get(name, "") for name in _SURVEY_FIELDS}), 200


_SURVEY_FIELDS = ("survey_enabled", "survey_delay_minutes", "survey_min_days_between")
KEPT_FORMS["survey-settings"] = _survey_kept


def _quarter_page(quarter: Quarter, survey_form: Mapping[str, str] | None = None) -> str:
    report, salon = _report(quarter)
    names = [s["stylist"] or t("scored_no_stylist") for s in report["stylists"]]
    chart = paired_bar_chart(
        names,
        [(s["previous_average"], s["average"]) for s in report["stylists"]],
        top=5,
        title=t("trend_chart", previous=report["previous"]["quarter"], quarter=str(quarter)),
        css=("s-before", "s-now"),
    )
    return render_template(
        "staff/stats_quarter.html",
        report=report,
        quarter=quarter,
        chart=chart,
        salon=salon,
        scores=("5", "4", "3", "2", "1"),
        pct=_percent,
        average=_average,
        survey_form=survey_form,
        # The owner's survey settings go with a change of language (``_survey_kept``).
        language_kept="survey-settings" if g.staff.is_owner else None,
        language_next=url_for("staff.quarter_stats", quarter=str(quarter)),
    )


@bp.get("/stats/quarter.csv")
def quarter_csv() -> Response:
    quarter = _quarter(request.args.get("quarter"))
    report, _salon = _report(quarter)
    return Response(
        report_csv(report).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="feedback-{quarter}.csv"'},
    )


@bp.post("/stats/surveys")
def survey_settings() -> Response:
    """The owner switches surveys on or off and sets when they go."""
    if not g.staff.is_owner:
        abort(403, t("owners_only_settings"))
    try:
        with db().transaction() as s:
            change_salon(
                s,
                s.get_one(Salon, g.salon.id),
                SalonChange(
                    survey_enabled=request.form.get("survey_enabled") == "1",
                    survey_delay_minutes=_whole(request.form.get("survey_delay_minutes")),
                    survey_min_days_between=_whole(request.form.get("survey_min_days_between")),
                ),
                now=clock.now(),
                allow_private_webhooks=current_app.extensions["settings"].allow_private_webhooks,
                # Surveys send texts: the API's check of the deployment applies here too.
                provider_problem=current_app.extensions["sms_providers"].problem,
            )
    except ServiceError as exc:
        # Nothing on this form can fix a provider this server cannot send through: say so
        # in staff's words, naming who can, as the birthday card does.
        if exc.field == "provider":
            why = t("error_provider_cannot_send", reason=exc.message)
        else:
            why = reason_words(exc.reason, exc.values, exc.message)
        named = field_words(exc.field)
        if named:
            flash(t("refused_not_saved_field", field=named, why=why), "error")
        else:
            flash(t("not_saved_because", why=why), "error")
    else:
        flash(t("saved"), "ok")
    return redirect(url_for("staff.quarter_stats", quarter=request.form.get("quarter") or None))


def _whole(raw: str | None) -> int:
    """A number typed in a form; anything else is refused by the setting's own rule."""
    try:
        return int((raw or "").strip())
    except ValueError:
        return -1


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def _average(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
