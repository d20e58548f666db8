"""Charts as files: a standalone SVG document (PDF packs) or a PNG (Word packs).

The SVG keeps its text as text (`svg.fonttype` none, DejaVu Sans), so a PDF made from it still
has extractable words; it starts with `<title>` and `<desc>` (the text alternative) and carries
`role="img"` and an `aria-label`. Output is deterministic: no date, no generator metadata,
and element ids are hashed with a fixed salt, so the same chart gives the same bytes.

Packs embed the SVG as an `<img src="data:…">`: the app's Content-Security-Policy forbids
inline `style` attributes, which an inline matplotlib SVG needs.
"""

from __future__ import annotations

import base64
import io
import re
from xml.sax.saxutils import escape, quoteattr  # nosec B406  # escapes output, parses nothing

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG

from campaign.charts.draw import Chart, build_figure

# Read by the SVG backend at save time. Constants, set once at import (never at render time,
# when another thread may be drawing): text stays text; ids do not depend on a random salt.
mpl.rcParams["svg.fonttype"] = "none"
mpl.rcParams["svg.hashsalt"] = "campaign-charts"

# No <metadata> at all: no date, no generator version, nothing that varies between runs.
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_PNG_METADATA = {"Software": None}
_SVG_ROOT = re.compile(r"<svg\b[^>]*>")


def alt_text(chart: Chart) -> str:
    """The chart's own text alternative, or one made from its points."""
    alt = getattr(chart, "alt", None)
    if alt:
        return str(alt)
    values = "; ".join(f"{p.label}: {p.display}" for p in chart.points)
    return f"Bar chart, {chart.title}. {values}."


def render_svg(chart: Chart, *, show_title: bool = True) -> str:
    """The chart as a standalone SVG document (UTF-8 text).

    `show_title=False` leaves the title out of the drawing (it stays in `<title>`), for a
    page that prints the chart's title as its own heading."""
    figure = build_figure(chart, show_title=show_title)
    buffer = io.StringIO()
    FigureCanvasSVG(figure)  # attaches itself to the figure
    figure.savefig(buffer, format="svg", metadata=_SVG_METADATA)
    return _accessible(buffer.getvalue(), chart.title, alt_text(chart))


def render_png(chart: Chart, *, dpi: int = 200, show_title: bool = True) -> bytes:
    """The same chart as a PNG image, for Word."""
    figure = build_figure(chart, show_title=show_title)
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi, metadata=_PNG_METADATA)
    return buffer.getvalue()


def svg_data_uri(svg: str) -> str:
    """`data:image/svg+xml;base64,…` for an `<img src>`."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _accessible(svg: str, title: str, description: str) -> str:
    """`role="img"`, an `aria-label`, and `<title>` and `<desc>` as the root's first children."""
    root = _SVG_ROOT.search(svg)
    if root is None:  # pragma: no cover (matplotlib always writes one)
        raise ValueError("not an SVG document")
    tag = root.group(0)
    opened = f'{tag[:-1]} role="img" aria-label={quoteattr(title)}>'
    children = f"\n <title>{escape(title)}</title>\n <desc>{escape(description)}</desc>"
    return svg[: root.start()] + opened + children + svg[root.end() :]
