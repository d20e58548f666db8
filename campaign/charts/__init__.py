"""Bar charts for briefing packs: SVG for the PDF, PNG for Word.

A chart is any object with `.title`, `.unit` (a `StatisticUnit` or its value), `.points`
(each with `.label`, `.value` as an exact `Decimal`, and `.display`, the figure as printed)
and, optionally, `.alt` (its text alternative): `campaign.packs.parts.PackChart` is one.

    svg = render_svg(chart)            # a standalone SVG document, as text
    src = svg_data_uri(svg)            # for <img src=…>
    png = render_png(chart, dpi=200)   # bytes, for Word

Rendering is thread-safe (no pyplot, no rcParams changed while drawing) and deterministic.
"""

from campaign.charts.draw import is_horizontal
from campaign.charts.render import alt_text, render_png, render_svg, svg_data_uri

__all__ = ["alt_text", "is_horizontal", "render_png", "render_svg", "svg_data_uri"]
