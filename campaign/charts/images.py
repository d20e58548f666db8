"""Charts as `<img>` sources for the app's pages, cached: the same chart (a frozen ChartData)
is drawn once per process, however often its page is viewed."""

from __future__ import annotations

from functools import lru_cache

from campaign.charts.grouping import ChartData


@lru_cache(maxsize=512)
def chart_data_uri(chart: ChartData) -> str:
    """The chart as an SVG data URI, its title left to the page's own caption. A data URI,
    because the app's CSP forbids the inline style attributes an inline SVG would need."""
    from campaign.charts.render import render_svg, svg_data_uri

    return svg_data_uri(render_svg(chart, show_title=False))
