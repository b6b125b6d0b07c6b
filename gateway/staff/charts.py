"""Small charts drawn on the server as inline SVG: no script, no library, readable offline.

Pure: values in, SVG markup out. The SVG scales to its container (viewBox), so it fits a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 28


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]
    #: A CSS class of the console's stylesheet (its colour).
    css: str


def _x(i: int, n: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * (i + 0.5) / n if n else 0)


def _y(value: float, top: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - (value / top if top else 0))


def _frame(labels: Sequence[str], top: float, fmt: str, title: str) -> list[str]:
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for fraction in (0, 0.5, 1):
        y = _y(top * fraction, top)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">'
            f"{escape(fmt.format(top * fraction))}</text>"
        )
    for i, label in enumerate(labels):
        if i in labelled(len(labels)):
            parts.append(
                f'<text class="axis" x="{_x(i, len(labels)):.1f}" y="{HEIGHT - 10}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return parts


def labelled(count: int, most: int = 6) -> range:
    """Which of ``count`` labels are written: at most ``most`` (they must not overlap on a
    phone), evenly spaced and counted back from the newest, which is always written."""
    step = max(1, -(-count // most))
    return range((count - 1) % step, count, step)


def line_chart(labels: Sequence[str], series: Sequence[Series], *, title: str) -> Markup:
    """Rates (0 to 1) over time, one line per series; a gap where a value is unknown."""
    parts = _frame(labels, 1.0, "{:.0%}", title)
    for one in series:
        points: list[str] = []
        for i, value in enumerate(one.values):
            if value is None:
                continue
            x, y = _x(i, len(labels)), _y(value, 1.0)
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle class="{one.css}" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>')
        if len(points) > 1:
            parts.append(f'<polyline class="{one.css}" fill="none" points="{" ".join(points)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str, css: str) -> Markup:
    """Amounts (costs) per period as bars, each with its value above it."""
    top = max([*values, 0.0]) * 1.15 or 1.0
    parts = _frame(labels, top, "{:.0f}", title)
    width = (WIDTH - LEFT - RIGHT) / max(1, len(labels)) * 0.6
    for i, value in enumerate(values):
        x, y = _x(i, len(labels)), _y(value, top)
        parts.append(
            f'<rect class="{css}" x="{x - width / 2:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{_y(0, top) - y:.1f}"/>'
            f'<text class="value" x="{x:.1f}" y="{y - 3:.1f}" text-anchor="middle">'
            f"{value:.2f}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def paired_bar_chart(
    labels: Sequence[str],
    pairs: Sequence[tuple[float | None, float | None]],
    *,
    top: float,
    title: str,
    css: tuple[str, str],
) -> Markup:
    """Two values per label side by side (before, now: a stylist's average last quarter and
    this one), each with its value above it; nothing drawn where a value is unknown."""
    parts = _frame(labels, top, "{:.0f}", title)
    width = (WIDTH - LEFT - RIGHT) / max(1, len(labels)) * 0.35
    for i, pair in enumerate(pairs):
        for side, value in enumerate(pair):
            if value is None:
                continue
            x = _x(i, len(labels)) + (side - 0.5) * width
            y = _y(value, top)
            parts.append(
                f'<rect class="{css[side]}" x="{x - width / 2:.1f}" y="{y:.1f}" '
                f'width="{width * 0.9:.1f}" height="{_y(0, top) - y:.1f}"/>'
                f'<text class="value" x="{x:.1f}" y="{y - 3:.1f}" text-anchor="middle">'
                f"{value:.1f}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))
