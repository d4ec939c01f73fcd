"""Charts as SVG text, drawn on the server: a time series and horizontal bars.

The drawings scale to their container (a `viewBox`, no fixed size), so they stay readable on a
phone; every label is escaped, so a product title cannot inject markup. Each chart carries a
`<title>` for screen readers; the admin page shows the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
PALETTE = ("#1f6feb", "#d9480f", "#2f9e44", "#7048e8")
FONT = "font-family='system-ui, sans-serif'"


@dataclass(frozen=True)
class Series:
    """One line of a time series."""

    name: str
    values: Sequence[float]


def _nice_max(value: float) -> float:
    """A round axis maximum at or above value (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _open(title: str, height: int) -> list[str]:
    return [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {height}' "
        f"role='img' aria-label='{escape(title)}' {FONT} font-size='20'>",
        f"<title>{escape(title)}</title>",
        f"<rect width='{WIDTH}' height='{height}' fill='#ffffff'/>",
        f"<text x='12' y='26' font-size='22' font-weight='600' fill='#1a1a1a'>"
        f"{escape(title)}</text>",
    ]


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Lines over the labels (days), a y axis from zero, a legend, first and last labels."""
    height, left, right, top, bottom = 300, 64, 16, 64, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = _nice_max(max((v for s in series for v in s.values), default=0))
    parts = _open(title, height)
    for tick in range(5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f"<line x1='{left}' x2='{WIDTH - right}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e5e5e5'/>"
        )
        parts.append(
            f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' fill='#555'>"
            f"{_number(value)}</text>"
        )
    count = len(labels)

    def x_of(index: int) -> float:
        return left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    for number, line in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = " ".join(
            f"{x_of(i):.1f},{top + plot_h - plot_h * v / peak:.1f}"
            for i, v in enumerate(line.values)
        )
        if points:
            parts.append(
                f"<polyline fill='none' stroke='{colour}' stroke-width='2.5' points='{points}'/>"
            )
        legend_x = left + number * 220
        parts.append(
            f"<rect x='{legend_x}' y='36' width='14' height='14' fill='{colour}'/>"
            f"<text x='{legend_x + 20}' y='50' fill='#1a1a1a'>{escape(line.name)}</text>"
        )
    if labels:
        parts.append(
            f"<text x='{left}' y='{height - 14}' fill='#555'>{escape(labels[0])}</text>"
            f"<text x='{WIDTH - right}' y='{height - 14}' text-anchor='end' fill='#555'>"
            f"{escape(labels[-1])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(title: str, bars: Sequence[tuple[str, float]], *, unit: str = "") -> str:
    """Horizontal bars, one per row with its label above and its value at the end."""
    row, top = 54, 44
    height = top + max(1, len(bars)) * row + 12
    peak = max((value for _, value in bars), default=0) or 1
    parts = _open(title, height)
    if not bars:
        parts.append(f"<text x='12' y='{top + 24}' fill='#555'>No data in this period</text>")
    for index, (label, value) in enumerate(bars):
        y = top + index * row
        width = max(2.0, (WIDTH - 120) * value / peak)
        shown = label if len(label) <= 48 else label[:47] + "…"
        parts.append(
            f"<text x='12' y='{y + 20}' fill='#1a1a1a'>{escape(shown)}</text>"
            f"<rect x='12' y='{y + 28}' width='{width:.1f}' height='18' rx='3' "
            f"fill='{PALETTE[0]}'/>"
            f"<text x='{12 + width + 6:.1f}' y='{y + 44}' fill='#1a1a1a'>"
            f"{escape(_number(value) + unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
