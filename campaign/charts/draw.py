"""A bar chart as a matplotlib `Figure`, built with the object-oriented API only.

Never pyplot: packs are rendered in background threads and pyplot's global figure manager is
not thread-safe. Each call builds its own `Figure`; styling is passed to each artist rather
than set in the global rcParams.

The chart is sized for a column of an A4 page (160 mm wide). Horizontal bars, one per row and
the first point at the top, when there are more than `MAX_COLUMNS` points or a long label;
vertical bars (columns) otherwise. The value axis starts at zero; every bar carries its
`display` string exactly as given ("31,892", "44%"), never a re-formatted number.

Speed: the layout is computed here from measured text widths, and labels, gridlines and the
value scale are drawn as plain artists on an axes with its axis machinery switched off. That
is several times faster than matplotlib's tick objects and constrained layout (which measure
every label repeatedly), and a pack may draw dozens of charts.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from matplotlib import font_manager
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.ft2font import LoadFlags
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

PT = 1 / 72  # inches per point
MM = 1 / 25.4  # inches per millimetre
WIDTH = 160 * MM
COLUMN_PLOT_HEIGHT = 150  # points: the plot area of a column chart
ROW_HEIGHT = 21  # points per bar of a horizontal chart (more for labels of several lines)
BAR_POINTS = 13  # the thickness of a horizontal bar, in points
COLUMN_THICKNESS = 0.6  # the width of a column, as a share of the space per column
MAX_COLUMNS = 5  # more points than this: horizontal bars
MAX_COLUMN_LABEL = 14  # a longer label: horizontal bars
ROW_LABEL_WIDTH = 30  # characters per line of a horizontal bar's label
TITLE_WIDTH = 72  # characters per line of the title

FONT = "DejaVu Sans"
LABEL_SIZE = 8.5  # category and value labels
SCALE_SIZE = 7.5  # the value scale
TITLE_SIZE = 10
LINE_HEIGHT = 1.25  # em
ASCENT = 0.76  # em: DejaVu Sans's capitals and ascenders
PAD = 6  # points: the figure's margin, and gaps between blocks
GAP = 4  # points between a label and what it labels

BAR = "#1d4e6b"  # dark blue-teal: prints well in colour and in greyscale
TEXT = "#1a1a1a"
MUTED = "#555555"
RULE = "#d9d9d9"
# Text, never mathtext: a "$" in a label is just a dollar sign.
TEXT_STYLE: dict[str, Any] = {"fontfamily": FONT, "parse_math": False}
_PROPS = font_manager.FontProperties(family=FONT)  # for measuring labels before drawing


class Point(Protocol):  # read-only, so frozen dataclasses (ChartPoint) qualify
    @property
    def label(self) -> str: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def display(self) -> str: ...


class Chart(Protocol):  # read-only, so frozen dataclasses (ChartData) qualify
    @property
    def title(self) -> str: ...
    @property
    def unit(self) -> Any: ...  # a StatisticUnit, or its value ("percent")
    @property
    def points(self) -> Sequence[Point]: ...


def is_horizontal(chart: Chart) -> bool:
    """Rows for many points or long labels, columns for a few short ones."""
    points = chart.points
    return len(points) > MAX_COLUMNS or any(len(p.label) > MAX_COLUMN_LABEL for p in points)


@dataclass(frozen=True)
class _Layout:
    """Sizes in points; the plot's box measured from the figure's bottom left."""

    width: float
    height: float
    left: float
    bottom: float
    plot_width: float
    plot_height: float
    thickness: float  # of a bar, as a share of the space per bar

    def axes_box(self) -> list[float]:
        return [
            self.left / self.width,
            self.bottom / self.height,
            self.plot_width / self.width,
            self.plot_height / self.height,
        ]


def build_figure(chart: Chart, *, show_title: bool = True) -> Figure:
    """The chart drawn on a new `Figure` (no canvas attached: the caller picks SVG or Agg)."""
    points = list(chart.points)
    if not points:
        raise ValueError(f"The chart {chart.title!r} has no points to draw.")
    horizontal = is_horizontal(chart)
    labels = [_wrap(p.label, ROW_LABEL_WIDTH if horizontal else MAX_COLUMN_LABEL) for p in points]
    displays = [p.display for p in points]
    values = [float(p.value) for p in points]  # for drawing only: the labels are exact
    title = _wrap(chart.title, TITLE_WIDTH) if show_title else ""
    formatter = _formatter(chart.unit)
    layout = _layout(labels, values, title, formatter, horizontal)

    figure = Figure(figsize=(layout.width * PT, layout.height * PT), facecolor="white")
    axes = figure.add_axes(layout.axes_box())
    axes.set_axis_off()  # no tick machinery: everything below is a plain artist
    if horizontal:  # room at the bar ends for the widest value label
        room = (max(_width(d, LABEL_SIZE) for d in displays) + GAP + 2) / layout.plot_width
    else:
        room = (LABEL_SIZE * LINE_HEIGHT + GAP) / layout.plot_height
    lower, upper = _value_limits(values, room)
    axes.add_collection(_bars(values, layout.thickness, horizontal), autolim=False)
    if horizontal:
        axes.set_xlim(lower, upper)
        axes.set_ylim(len(points) - 0.5, -0.5)  # the first point at the top, as listed
    else:
        axes.set_xlim(-0.5, len(points) - 0.5)
        axes.set_ylim(lower, upper)
    _draw_scale(axes, figure, lower, upper, formatter, horizontal)
    _draw_labels(axes, figure, labels, displays, values, horizontal)
    if title:
        figure.text(
            PAD / layout.width,
            1 - PAD / layout.height,
            title,
            ha="left",
            va="top",
            fontsize=TITLE_SIZE,
            fontweight="bold",
            color=TEXT,
            linespacing=LINE_HEIGHT,
            **TEXT_STYLE,
        )
    return figure


def _layout(labels: list[str], values: list[float], title: str, formatter, horizontal: bool):
    """The figure's size and the plot's box, from the measured widths of the labels."""
    # The scale's numbers are chosen later (from limits that need the plot's size): measure
    # a number as long as the longest of them can be.
    low, high = min(0.0, *values), max(0.0, *values)
    scale_width = max(_width(formatter(float(f"{v * 1.25:.3g}")), SCALE_SIZE) for v in (low, high))
    title_height = _lines(title) * TITLE_SIZE * LINE_HEIGHT + 2 * GAP if title else 0.0
    width = WIDTH / PT
    if horizontal:
        row = max(ROW_HEIGHT, max(map(_lines, labels)) * LABEL_SIZE * LINE_HEIGHT + GAP)
        left = PAD + max(_width(label, LABEL_SIZE) for label in labels) + GAP
        bottom = PAD + SCALE_SIZE * LINE_HEIGHT + GAP
        plot_width = width - left - PAD - scale_width / 2
        plot_height = row * len(labels)
        thickness = BAR_POINTS / row
    else:
        left = PAD + scale_width + GAP
        bottom = PAD + max(map(_lines, labels)) * LABEL_SIZE * LINE_HEIGHT + GAP
        plot_width = width - left - PAD
        plot_height = COLUMN_PLOT_HEIGHT
        thickness = COLUMN_THICKNESS
    height = bottom + plot_height + PAD + title_height
    return _Layout(width, height, left, bottom, plot_width, plot_height, thickness)


def _bars(values: list[float], thickness: float, horizontal: bool) -> PolyCollection:
    """All the bars as one collection (one artist: much faster than a patch per bar);
    `thickness` is a share of the space per bar."""
    half = thickness / 2
    boxes = []
    for n, value in enumerate(values):
        start, end = sorted((0.0, value))
        box = [(start, n - half), (end, n - half), (end, n + half), (start, n + half)]
        boxes.append(box if horizontal else [(y, x) for x, y in box])
    return PolyCollection(boxes, facecolors=BAR, edgecolors="none", linewidths=0, zorder=2)


def _draw_scale(axes, figure, lower, upper, formatter, horizontal: bool) -> None:
    """Light gridlines with their numbers, and the zero line the bars start from."""
    ticks = [
        t
        for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(lower, upper)
        if lower - 1e-9 * (upper - lower) <= t <= upper
    ]
    if horizontal:
        lines, transform = axes.vlines, axes.get_xaxis_transform()
        shifted = offset_copy(transform, figure, y=-GAP, units="points")
        place = {"ha": "center", "va": "top"}
    else:
        lines, transform = axes.hlines, axes.get_yaxis_transform()
        shifted = offset_copy(transform, figure, x=-GAP, units="points")
        place = {"ha": "right", "va": "center"}
    # `colors=`, not `color=`: the default colour would first be looked up in the cycle.
    lines(ticks, 0, 1, transform=transform, colors=RULE, linewidths=0.6, zorder=1)
    lines([0], 0, 1, transform=transform, colors=MUTED, linewidths=0.8, zorder=3)
    for tick in ticks:
        xy = (tick, 0) if horizontal else (0, tick)
        axes.text(
            *xy,
            formatter(tick),
            transform=shifted,
            fontsize=SCALE_SIZE,
            color=MUTED,
            **place,
            **TEXT_STYLE,
        )


def _draw_labels(axes, figure, labels, displays, values, horizontal: bool) -> None:
    """Each bar's label beside the axis and its value (the display string) at its end."""
    style = {"fontsize": LABEL_SIZE, "color": TEXT, "linespacing": LINE_HEIGHT, **TEXT_STYLE}
    if horizontal:
        at_axis = offset_copy(axes.get_yaxis_transform(), figure, x=-GAP, units="points")
        for row, label in enumerate(labels):
            axes.text(0, row, label, transform=at_axis, ha="right", va="center", **style)
    else:
        # On one baseline ("top" would follow each word's own tallest letter).
        below = -(GAP + ASCENT * LABEL_SIZE)
        at_axis = offset_copy(axes.get_xaxis_transform(), figure, y=below, units="points")
        for column, label in enumerate(labels):
            axes.text(column, 0, label, transform=at_axis, ha="center", va="baseline", **style)
    for n, (display, value) in enumerate(zip(displays, values, strict=True)):
        sign = -1 if value < 0 else 1
        if horizontal:
            end = offset_copy(axes.transData, figure, x=sign * 3, units="points")
            ha, va, xy = ("left" if sign > 0 else "right"), "center", (value, n)
        else:
            end = offset_copy(axes.transData, figure, y=sign * 3, units="points")
            ha, va, xy = "center", ("bottom" if sign > 0 else "top"), (n, value)
        axes.text(*xy, display, transform=end, ha=ha, va=va, zorder=4, **style)


def _value_limits(values: list[float], room: float) -> tuple[float, float]:
    """From zero (or the lowest negative value) to the highest value, leaving `room` (a share
    of the plot) beyond each bar end for its value label."""
    room = min(room, 0.4)
    low, high = min(0.0, *values), max(0.0, *values)
    sides = (high > 0) + (low < 0)
    total = ((high - low) or 1.0) / (1 - sides * room)
    upper = high + total * room if high > 0 else (0.0 if low < 0 else 1.0)
    lower = low - total * room if low < 0 else 0.0
    return lower, upper


def _formatter(unit: Any):
    """Numbers on the scale in the unit's style: 10% (percent points), £20,000, 30,000."""
    unit = str(getattr(unit, "value", unit))
    prefix, suffix = {"percent": ("", "%"), "gbp": ("£", "")}.get(unit, ("", ""))

    def number(value: float) -> str:
        sign = "−" if value < 0 else ""  # a minus sign, not a hyphen
        return f"{sign}{prefix}{abs(value):,.10g}{suffix}"

    return number


def _width(text: str, size: float) -> float:
    """The width in points of the widest line of `text` in DejaVu Sans at `size`."""
    font = font_manager.get_font(font_manager.findfont(_PROPS))  # one per thread
    font.set_size(size, 72)
    widest = 0.0
    for line in text.split("\n"):
        font.set_text(line, 0.0, flags=LoadFlags.NO_HINTING)
        widest = max(widest, font.get_width_height()[0] / 64)
    return widest


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(" ".join(label.split()), width)) or label
