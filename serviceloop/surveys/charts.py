"""The analysis charts as server-side SVG: no chart library, no script, no inline style.

The content security policy forbids inline style and script, so every look comes from
classes in static/surveys/charts.css and SVG presentation attributes; text elements
inherit the page's font, which reads Chinese. Every text is escaped here: a question code
or a campaign's name is data, not markup.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The quadrants of the importance–performance chart, by where they lie (x: importance,
# y: performance), with statistics.quadrant's names.
QUADRANT_CORNERS = {
    "overkill": ("left", "top"),
    "keep_up": ("right", "top"),
    "low_priority": ("left", "bottom"),
    "concentrate": ("right", "bottom"),
}


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    kind: str = ""  # a class: the point's quadrant


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Box:
    """The plotting area inside the drawing, and the values at its edges."""

    left: float
    top: float
    width: float
    height: float
    x_low: float
    x_high: float
    y_low: float
    y_high: float

    def x(self, value: float) -> float:
        return self.left + (value - self.x_low) / (self.x_high - self.x_low) * self.width

    def y(self, value: float) -> float:
        return self.top + (self.y_high - value) / (self.y_high - self.y_low) * self.height

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _num(value: float) -> str:
    return f"{value:.1f}"


def _text(x: float, y: float, text: str, css: str, anchor: str = "start") -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" class="{css}" text-anchor="{anchor}">'
        f"{escape(text)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, css: str) -> str:
    return f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" class="{css}"/>'


def _svg(width: int, height: int, title: str, description: str, body: list[str]) -> SafeString:
    # role="img" with a title and description: a screen reader says what the chart shows.
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — every text is escaped


def zoomed(values: Sequence[float], low: float, high: float, step: float = 0.5) -> tuple:
    """An axis range holding `values`, rounded out to `step`, within the scale low..high,
    so points bunched between 3.5 and 4.5 on a 1–5 scale spread over the chart."""
    if not values:
        return low, high
    start = max(low, math.floor(min(values) / step) * step - step)
    end = min(high, math.ceil(max(values) / step) * step + step)
    if end - start < step:
        return low, high
    return start, end


def _ticks(low: float, high: float, step: float) -> list[float]:
    """Round values from low to high, `step` apart (twice as far while over ten)."""
    while (high - low) / step > 10:
        step *= 2
    first = math.ceil(low / step - 1e-9) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def quadrant_chart(
    points: Sequence[Point],
    *,
    cross_x: float,
    cross_y: float,
    scale: tuple[float, float],
    quadrant_names: dict[str, str],
    x_title: str,
    y_title: str,
    cross_note: str,
    title: str,
) -> SafeString:
    """Importance (x) against performance (y), a labelled dot an item, cross-hairs at
    (cross_x, cross_y) said on the chart by `cross_note`, a quadrant's name in each corner."""
    width, height = 640, 480
    x_low, x_high = zoomed([p.x for p in points] + [cross_x], *scale)
    y_low, y_high = zoomed([p.y for p in points] + [cross_y], *scale)
    box = Box(64, 40, width - 64 - 24, height - 40 - 78, x_low, x_high, y_low, y_high)
    body = [
        f'<rect x="{_num(box.left)}" y="{_num(box.top)}" width="{_num(box.width)}" '
        f'height="{_num(box.height)}" class="chart-area"/>'
    ]
    body += _axes(box, x_title, y_title)
    cx, cy = box.x(cross_x), box.y(cross_y)
    body.append(_line(cx, box.top, cx, box.bottom, "chart-cross"))
    body.append(_line(box.left, cy, box.right, cy, "chart-cross"))
    for quadrant, (side, edge) in QUADRANT_CORNERS.items():
        x = box.left + 6 if side == "left" else box.right - 6
        y = box.top + 16 if edge == "top" else box.bottom - 8
        anchor = "start" if side == "left" else "end"
        body.append(_text(x, y, quadrant_names[quadrant], f"chart-quadrant {quadrant}", anchor))
    body += _points(box, points)
    body.append(_text(box.left, height - 10, cross_note, "chart-note"))
    return _svg(width, height, title, cross_note, body)


# Points closer than this (in drawing units) share one label: "A1, A2, A5 +3".
NEAR = 6
LABELLED = 3


def _points(box: Box, points: Sequence[Point]) -> list[str]:
    """A dot an item; items drawn on top of one another are named in one label, placed
    left of the dots near the right edge so it stays inside the drawing."""
    groups: dict[tuple[int, int], list[Point]] = {}
    for point in points:
        spot = (round(box.x(point.x) / NEAR), round(box.y(point.y) / NEAR))
        groups.setdefault(spot, []).append(point)
    body = []
    for group in groups.values():
        for point in group:
            px, py = box.x(point.x), box.y(point.y)
            body.append(
                f'<g class="chart-point {escape(point.kind)}" data-code="{escape(point.label)}">'
                f'<circle cx="{_num(px)}" cy="{_num(py)}" r="4"/>'
                f"<title>{escape(point.label)}: {point.x:.2f} / {point.y:.2f}</title></g>"
            )
        codes = ", ".join(point.label for point in group[:LABELLED])
        if len(group) > LABELLED:
            codes += f" +{len(group) - LABELLED}"
        px, py = box.x(group[0].x), box.y(group[0].y)
        near_right = px > box.right - 12 * len(codes) / 2
        body.append(
            _text(
                px - 6 if near_right else px + 6,
                py - 6,
                codes,
                "chart-label",
                "end" if near_right else "start",
            )
        )
    return body


def _axes(box: Box, x_title: str, y_title: str) -> list[str]:
    body = []
    for value in _ticks(box.x_low, box.x_high, 0.5):
        x = box.x(value)
        body.append(_line(x, box.bottom, x, box.bottom + 4, "chart-axis"))
        body.append(_text(x, box.bottom + 18, f"{value:.1f}", "chart-tick", "middle"))
    for value in _ticks(box.y_low, box.y_high, 0.5):
        y = box.y(value)
        body.append(_line(box.left - 4, y, box.left, y, "chart-axis"))
        body.append(_text(box.left - 8, y + 4, f"{value:.1f}", "chart-tick", "end"))
    body.append(_text(box.left + box.width / 2, box.bottom + 40, x_title, "chart-title", "middle"))
    body.append(_text(box.left, box.top - 12, y_title, "chart-title"))
    return body


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    scale: tuple[float, float],
    y_title: str,
    title: str,
    zoom: bool = True,
) -> SafeString:
    """A line a series over the campaigns in `x_labels` (a gap where a value is missing);
    series `i` takes the class `series-i` (charts.css colours it, the legend repeats it)."""
    width, height = 640, 320
    known = [v for s in series for v in s.values if v is not None]
    y_low, y_high = zoomed(known, *scale, step=_step(scale)) if zoom else scale
    slots = max(len(x_labels) - 1, 1)
    box = Box(64, 30, width - 64 - 40, height - 30 - 60, 0, slots, y_low, y_high)
    body = [
        f'<rect x="{_num(box.left)}" y="{_num(box.top)}" width="{_num(box.width)}" '
        f'height="{_num(box.height)}" class="chart-area"/>'
    ]
    for value in _ticks(y_low, y_high, _step(scale)):
        y = box.y(value)
        body.append(_line(box.left, y, box.right, y, "chart-grid"))
        body.append(
            _text(
                box.left - 8,
                y + 4,
                f"{value:.0f}" if _step(scale) >= 1 else f"{value:.1f}",
                "chart-tick",
                "end",
            )
        )
    for index, label in enumerate(x_labels):
        x = box.x(index if len(x_labels) > 1 else 0.5)
        body.append(_text(x, box.bottom + 18, _short(label), "chart-tick", "middle"))
    body.append(_text(box.left, box.top - 10, y_title, "chart-title"))
    for number, line in enumerate(series):
        css = series_class(number)
        spots = [
            (box.x(i if len(x_labels) > 1 else 0.5), box.y(v))
            for i, v in enumerate(line.values)
            if v is not None
        ]
        if len(spots) > 1:
            path = " ".join(f"{_num(x)},{_num(y)}" for x, y in spots)
            body.append(f'<polyline points="{path}" class="chart-line {css}"/>')
        for (x, y), value in zip(spots, [v for v in line.values if v is not None], strict=True):
            body.append(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" class="chart-dot {css}">'
                f"<title>{escape(line.name)}: {value:.2f}</title></circle>"
            )
    return _svg(width, height, title, y_title, body)


SERIES_COLOURS = 12  # charts.css colours series-0 … series-11


def series_class(number: int) -> str:
    return f"series-{number % SERIES_COLOURS}"


def _step(scale: tuple[float, float]) -> float:
    return 0.5 if scale[1] - scale[0] <= 10 else 10


def _short(label: str, most: int = 14) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


def distribution_bars(distribution: dict[int, int], scale: Sequence[int]) -> SafeString:
    """A small column a score of the scale, heights by share of the answers."""
    width, height, gap = 10, 24, 2
    total_width = len(scale) * (width + gap)
    most = max(distribution.values(), default=0) or 1
    body = []
    for index, score in enumerate(scale):
        count = distribution.get(score, 0)
        bar = round(count / most * height, 1)
        body.append(
            f'<rect x="{index * (width + gap)}" y="{_num(height - bar)}" width="{width}" '
            f'height="{_num(max(bar, 0.5))}" class="chart-bar">'
            f"<title>{score}: {count}</title></rect>"
        )
    description = ", ".join(f"{score}: {distribution.get(score, 0)}" for score in scale)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-mini" width="{total_width}" '
        f'height="{height}" viewBox="0 0 {total_width} {height}" role="img" '
        f'aria-label="{escape(description)}">'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — numbers only
