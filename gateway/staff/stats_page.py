"""The stats page: this month's figures (gateway/services/desk/stats.py) and charts by week and
month, drawn on the server."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import g, render_template

from gateway import clock
from gateway.models import Salon
from gateway.services.desk.stats import salon_stats
from gateway.staff import bp, db, locale, t
from gateway.staff.charts import Series, bar_chart, line_chart
from gateway.staff.i18n import spoken_duration
from gateway.staff.pages import status_labels

WEEKS = 8
MONTHS = 6


def _start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _month_starts(today: date, count: int) -> list[date]:
    starts = [today.replace(day=1)]
    while len(starts) < count + 1:
        first = starts[0]
        starts.insert(0, (first - timedelta(days=1)).replace(day=1))
    nxt = (starts[-1] + timedelta(days=32)).replace(day=1)
    return [*starts[1:], nxt]  # count month starts, then the next month's


@bp.get("/stats")
def stats() -> str:
    tz = ZoneInfo(g.salon.timezone)
    today = clock.now().astimezone(tz).date()
    months = _month_starts(today, MONTHS)
    month_from, month_to = _start(months[-2], tz), _start(months[-1], tz)
    week_start = today - timedelta(days=today.weekday())
    weeks = [week_start - timedelta(weeks=n) for n in reversed(range(WEEKS))]
    with db().sessions() as s:
        salon = s.get_one(Salon, g.salon.id)
        this_month = salon_stats(s, salon=salon, starts_from=month_from, starts_to=month_to)
        weekly = [
            salon_stats(
                s, salon=salon, starts_from=_start(w, tz), starts_to=_start(w + timedelta(7), tz)
            )
            for w in weeks
        ]
        monthly = [
            salon_stats(s, salon=salon, starts_from=_start(a, tz), starts_to=_start(b, tz))
            for a, b in zip(months[:-2], months[1:-1], strict=True)
        ] + [this_month]
        daily_cap = salon.daily_sms_cap
    week_labels = [w.strftime("%m-%d") for w in weeks]
    month_labels = [m.strftime("%Y-%m") for m in months[:-1]]
    rates_chart = line_chart(
        week_labels,
        [
            Series(t("confirmation_rate"), [w.confirmation_rate for w in weekly], "s-confirm"),
            Series(t("no_show_rate"), [w.no_show_rate for w in weekly], "s-noshow"),
        ],
        title=f"{t('confirmation_rate')} / {t('no_show_rate')} · {t('by_week')}",
    )
    cost_chart = bar_chart(
        month_labels,
        [float(m.estimated_cost) for m in monthly],
        title=t("cost_by_month"),
        css="s-cost",
    )
    return render_template(
        "staff/stats.html",
        month=this_month,
        duration=lambda seconds: spoken_duration(locale(), seconds),
        rates_chart=rates_chart,
        cost_chart=cost_chart,
        daily_cap=daily_cap,
        labels=status_labels(),
        pct=_percent,
    )


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"
