"""`render_svg`: an accessible, deterministic, standalone SVG whose words stay text."""

from __future__ import annotations

import base64
import subprocess
import sys
from decimal import Decimal

import pytest

from campaign.charts import alt_text, is_horizontal, render_svg, svg_data_uri
from campaign.models import StatisticUnit
from campaign.packs.parts import ChartPoint, PackChart
from tests.charts.support import OFFENCES, PLATFORMS, SHARES, SVG, bars, chart, parse, texts


@pytest.mark.parametrize("figure", [OFFENCES, PLATFORMS, SHARES], ids=lambda c: c.title[:20])
def test_svg_is_a_document_with_title_desc_and_every_label_as_text(figure):
    svg = render_svg(figure)
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"')
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("role"), root.get("aria-label")) == ("img", figure.title)
    first, second = list(root)[:2]
    assert (first.tag, first.text) == (f"{SVG}title", figure.title)
    assert (second.tag, second.text) == (f"{SVG}desc", alt_text(figure))
    words = texts(svg)
    for point in figure.points:
        assert point.display in words  # exactly as given, never re-formatted
        assert point.label in words
    assert figure.title in words
    assert "DejaVu Sans" in svg and "<path d=" in svg
    # Text is text: no glyphs drawn as paths, no script, no embedded fonts or images.
    for absent in ("<script", "glyph", "@font-face", "<image", "<metadata", "Date"):
        assert absent not in svg


def test_same_chart_same_bytes_even_in_another_process():
    svg = render_svg(PLATFORMS)
    assert render_svg(PLATFORMS) == svg
    program = (
        "import sys; from campaign.charts import render_svg; "
        "from tests.charts.support import PLATFORMS; sys.stdout.write(render_svg(PLATFORMS))"
    )
    other = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    assert other == svg
    assert render_svg(OFFENCES) != svg


def test_few_short_labels_are_columns_many_or_long_are_rows():
    assert not is_horizontal(OFFENCES) and not is_horizontal(SHARES)
    assert is_horizontal(PLATFORMS)  # eight bars
    long_label = chart(
        "Two", "count", ("A label far too long for a column", "1", "1"), ("B", "2", "2")
    )
    assert is_horizontal(long_label)
    six = chart("Six", "count", *[(f"{n}", str(n), str(n)) for n in range(1, 7)])
    assert is_horizontal(six)


def test_columns_stand_on_one_baseline_with_heights_in_proportion():
    boxes = bars(render_svg(OFFENCES))
    assert len(boxes) == 3
    assert len({round(bottom, 3) for _, _, _, bottom in boxes}) == 1  # one zero line
    heights = [bottom - top for _, top, _, bottom in boxes]
    widths = {round(right - left, 3) for left, _, right, _ in boxes}
    assert len(widths) == 1 and heights[2] > widths.pop()  # upright columns
    for height, point in zip(heights, OFFENCES.points, strict=True):
        assert height / heights[2] == pytest.approx(float(point.value / Decimal(31892)), rel=1e-4)


def test_rows_start_at_zero_in_the_listed_order_with_lengths_in_proportion():
    boxes = bars(render_svg(PLATFORMS))
    assert len(boxes) == 8
    assert len({round(left, 3) for left, _, _, _ in boxes}) == 1  # all start at zero
    tops = [top for _, top, _, _ in boxes]
    assert tops == sorted(tops)  # Snapchat first, at the top (SVG y grows downwards)
    lengths = [right - left for left, _, right, _ in boxes]
    for length, point in zip(lengths, PLATFORMS.points, strict=True):
        assert length / lengths[0] == pytest.approx(float(point.value / 4312), rel=1e-4)


def test_the_scale_is_in_the_unit():
    shares = [t for t in texts(render_svg(SHARES)) if t not in {p.display for p in SHARES.points}]
    assert {"0%", "10%", "20%"} <= set(shares)
    money = chart("Spend", StatisticUnit.GBP, ("2023", "125000", "£125,000"), ("2024", "5", "£5"))
    assert {"£0", "£100,000"} <= set(texts(render_svg(money)))
    assert {"0", "10,000", "30,000"} <= set(texts(render_svg(OFFENCES)))


def test_awkward_text_is_escaped_and_never_mathtext():
    odd = chart(
        "Costs & <risks> of $x$ “quoted”",
        "other",
        ("A & B", "1.5", "1.5"),
        ("$y$ <tag>", "-2", "−2"),
    )
    svg = render_svg(odd)
    words = texts(svg)
    assert {"A & B", "$y$ <tag>", "1.5", "−2", "Costs & <risks> of $x$ “quoted”"} <= set(words)
    assert parse(svg).get("aria-label") == odd.title
    # Two short labels: columns. The negative one hangs from the zero line the other stands on.
    (_, top_a, _, bottom_a), (_, top_b, _, bottom_b) = bars(svg)
    assert top_b == pytest.approx(bottom_a) and bottom_b > top_b and top_a < bottom_a


def test_long_labels_and_titles_are_wrapped_not_lost():
    label = "Counselling sessions with children about online grooming and sextortion"
    long = chart("Title " * 30, "count", (label, "120", "120"), ("Short", "80", "80"))
    lines = texts(render_svg(long))
    assert label not in lines and long.title.strip() not in lines  # wrapped over several lines…
    wrapped = [x for x in lines if not (x.isdigit() or x.startswith("Title") or x == "Short")]
    assert len(wrapped) >= 2 and " ".join(wrapped) == label  # …no word lost
    assert sum(line.startswith("Title") for line in lines) == 3
    assert max(len(line) for line in lines if not line.startswith("Title")) <= 30


def test_the_alt_text_is_the_charts_own_when_it_has_one():
    pack_chart = PackChart(
        "Platforms",
        StatisticUnit.COUNT,
        (
            ChartPoint("Snapchat", Decimal(4312), "4,312", "s"),
            ChartPoint("Kik", Decimal(494), "494", "k"),
        ),
        (1, 2),
    )
    desc = list(parse(render_svg(pack_chart)))[1]
    assert desc.text == pack_chart.alt == "Bar chart, Platforms. Snapchat: 4,312; Kik: 494."
    assert alt_text(OFFENCES) == (
        "Bar chart, Child abuse image offences recorded by comparable police forces. "
        "2017/18: 17,817; 2021/22: 25,582; 2022/23: 31,892."
    )


def test_without_the_drawn_title_it_is_still_the_svg_title():
    svg = render_svg(OFFENCES, show_title=False)
    assert OFFENCES.title not in texts(svg)
    assert list(parse(svg))[0].text == OFFENCES.title
    titled = render_svg(OFFENCES)
    assert float(parse(svg).get("height")[:-2]) < float(parse(titled).get("height")[:-2])


def test_the_page_column_width_and_a_data_uri():
    svg = render_svg(OFFENCES)
    assert parse(svg).get("width") == f"{160 / 25.4 * 72:.6f}pt"  # 160 mm
    uri = svg_data_uri(svg)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == svg


def test_a_chart_needs_a_point():
    with pytest.raises(ValueError, match="no points"):
        render_svg(chart("Empty", "count"))
