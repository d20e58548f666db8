"""`render_png` for Word, rendering from several threads at once, and the seed's charts."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from PIL import Image
from sqlmodel import select

from campaign.charts import render_png, render_svg
from campaign.models import Statistic
from campaign.rendering import format_figure
from tests.charts.support import OFFENCES, PLATFORMS, SHARES, Chart, Point, texts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_png_is_a_png_a_page_column_wide_at_the_asked_resolution():
    data = render_png(OFFENCES)
    assert data.startswith(PNG_SIGNATURE)
    image = _image(data)
    assert image.format == "PNG"
    assert abs(image.size[0] - 160 / 25.4 * 200) < 1  # 160 mm at 200 dpi
    assert 0.3 < image.size[1] / image.size[0] < 0.7  # a landscape block, not a strip
    assert abs(_image(render_png(OFFENCES, dpi=100)).size[0] - 160 / 25.4 * 100) < 1
    assert render_png(OFFENCES) == data  # deterministic too


def test_png_draws_dark_bars_on_white():
    image = _image(render_png(SHARES, dpi=50)).convert("RGB")
    colours = image.getcolors(maxcolors=100_000)
    most_common = max(colours)[1]
    assert most_common == (255, 255, 255)
    bar = (0x1D, 0x4E, 0x6B)
    assert sum(n for n, colour in colours if colour == bar) > image.size[0] * image.size[1] * 0.05


def test_horizontal_charts_grow_taller_with_more_bars():
    three = Chart(
        "Rows", "count", tuple(Point(f"Platform {n}", Decimal(n), str(n)) for n in (1, 2, 3))
    )
    heights = [_image(render_png(c, dpi=72)).size[1] for c in (three, PLATFORMS)]
    assert heights[0] < heights[1]


def test_rendering_from_several_threads_gives_the_same_files():
    charts = [OFFENCES, PLATFORMS, SHARES] * 2
    expected_svg = {c.title: render_svg(c) for c in charts}
    expected_png = {c.title: render_png(c, dpi=72) for c in charts}

    def both(chart):
        return chart.title, render_svg(chart), render_png(chart, dpi=72)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(both, charts))
    assert len(results) == len(charts)
    for title, svg, png in results:
        assert svg == expected_svg[title]
        assert png == expected_png[title]


def test_the_seed_charts_render_with_every_figure(seeded, session):
    rows = session.exec(
        select(Statistic)
        .where(Statistic.chart != "")
        .order_by(Statistic.period_start, Statistic.key)
    ).all()
    groups: dict[str, list[Statistic]] = {}
    for row in rows:
        groups.setdefault(row.chart, []).append(row)
    assert sorted(len(members) for members in groups.values()) == [3, 8]
    for title, members in groups.items():
        points = tuple(
            Point(s.chart_label or s.period_label, s.value, format_figure(s.value, s.unit))
            for s in members
        )
        words = texts(render_svg(Chart(title, members[0].unit, points)))
        assert title in words
        for point in points:
            assert point.label in words and point.display in words
    assert "31,892" in words or "4,312" in words
