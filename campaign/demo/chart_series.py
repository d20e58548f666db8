"""Chart series in the demo data: runs of yearly counts that share a chart title, so briefing
packs (and their benchmarks) have charts to draw.

One series starts at every `SERIES_EVERY`-th statistic: 3 to 6 consecutive financial years of
one police-recorded count, the latest ending at least a year before `today`, each row's
value a plausible change on the year before. Statistics and asks both scale linearly, so there
is about one series per ask at any scale, and `ask_link_rows` links each ask to its own.

The rows are rewritten in place, from their own random stream, so the other statistics are
exactly what they would be without series. Chart titles carry the series number: unique in a
batch, so two series never merge into one chart.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from campaign.demo import words
from campaign.demo.text import count_wording, financial_year
from campaign.models import StatisticUnit

SERIES_EVERY = 100  # statistics per series: BASE_COUNTS has 100 statistics per ask
SERIES_LENGTH = (3, 6)  # years


def make_series(rng: random.Random, rows: list[dict], *, today: date) -> list[list[int]]:
    """Turn runs of statistic `rows` into yearly series, in place; return each series' row
    indexes, oldest year first. Every row gets the chart columns (a bulk insert needs the same
    columns in every row): blank outside a series."""
    for row in rows:
        row.update(chart="", chart_label="")
    series = []
    low, high = SERIES_LENGTH
    for number, start in enumerate(range(0, len(rows) - low + 1, SERIES_EVERY), start=1):
        length = min(rng.randint(low, high), len(rows) - start)
        offence = rng.choice(words.OFFENCES)
        geography = rng.choice(words.GEOGRAPHIES)
        stem = f"Police-recorded offences of {offence}"
        chart = f"{stem}, {geography} (series {number})"
        latest = today.year - rng.randint(2, 3)  # financial years that have ended
        value = rng.randint(800, 30_000)
        indexes = list(range(start, start + length))
        for year, index in zip(range(latest - length + 1, latest + 1), indexes, strict=True):
            period_label, period_start, period_end = financial_year(year)
            figure = Decimal(value)
            rows[index].update(
                label=f"{stem}, {period_label}",
                value=figure,
                unit=StatisticUnit.COUNT,
                period_label=period_label,
                period_start=period_start,
                period_end=period_end,
                geography=geography,
                coverage=f"{rng.randint(30, 43)} of 43 forces",
                as_of=min(today, period_end + timedelta(days=120)),
                published_wording=count_wording(figure),
                basis="Offences with an online flag, as recorded",
                chart=chart,
                chart_label="",  # the bars are labelled by their periods
            )
            value = max(1, value * rng.randint(85, 140) // 100)  # -15% to +40% a year
        series.append(indexes)
    return series
