"""Bar charts for briefing packs: SVG for the PDF, PNG for Word.

A chart is any object with `.title`, `.unit` (a `StatisticUnit` or its value), `.points`
(each with `.label`, `.value` as an exact `Decimal`, and `.display`, the figure as printed)
and, optionally, `.alt` (its text alternative): `campaign.packs.parts.PackChart` is one.

    svg = render_svg(chart)            # a standalone SVG document, as text
    src = svg_data_uri(svg)            # for <img src=…>
    png = render_png(chart, dpi=200)   # bytes, for Word

Rendering is thread-safe (no pyplot, no rcParams changed while drawing) and deterministic.
Which statistics make a chart is `campaign.charts.grouping` (pure; no matplotlib).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["alt_text", "is_horizontal", "render_png", "render_svg", "svg_data_uri"]

_LAZY = {
    "alt_text": "campaign.charts.render",
    "render_png": "campaign.charts.render",
    "render_svg": "campaign.charts.render",
    "svg_data_uri": "campaign.charts.render",
    "is_horizontal": "campaign.charts.draw",
}


def __getattr__(name: str) -> Any:
    # matplotlib takes about half a second to import: load it on first use, not whenever a
    # module imports campaign.charts.grouping.
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
