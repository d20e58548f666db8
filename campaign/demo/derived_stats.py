"""Derived statistics in the demo data: about one statistic in eleven is computed from others,
with the claim a campaign would publish, and one derived claim in twenty is deliberately
wrong (its published figure too, as a slip in the arithmetic would be) so that the claim
checker has something to find.

In each block of 100 statistics (one chart series each, see chart_series.py):
- from the series: the latest year's percent change on the year before and on the first
  year, and the difference in offences on the year before;
- from a total of counselling sessions and three of its topics (four ordinary rows of the
  block rewritten as counts, the last ones, never a series' rows): each topic's share of the
  total, the sum of the first two topics and that sum's share of the total (derived from a
  derived statistic), and the ratio of the first topic to the second.

Rows are converted in place, from their own random stream, so the other statistics are
exactly what they would be without derived ones and the number of statistics is unchanged.
Every row gets the formula columns (a bulk insert needs the same columns in every row); a
plain row's claim is its published wording. Values are computed here with the app's own
formulas, so what is written is what the app would recompute.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from campaign.demo import words
from campaign.demo.chart_series import SERIES_EVERY
from campaign.demo.text import count_wording, share_wording
from campaign.models import StatisticFormula, StatisticUnit
from campaign.statistics.formulas import compute

F = StatisticFormula
GROUP_ROWS = 4 + 9  # a total and three topics, then their nine derived statistics
WRONG_EVERY = 20  # one derived claim in twenty is wrong


def make_derived(
    rng: random.Random, rows: list[dict], series: list[list[int]]
) -> list[tuple[int, int, int]]:
    """Turn some statistic `rows` into derived ones, in place; return the formulas' inputs as
    (derived row index, position, input row index)."""
    for row in rows:
        row.update(formula=None, computed_value=None, claim=row["published_wording"])
    builder = _Builder(rng, rows)
    for indexes in series:
        block_end = min(len(rows), indexes[0] + SERIES_EVERY)
        free = list(range(indexes[-1] + 1, block_end))
        if len(free) < 3 + GROUP_ROWS:
            continue
        builder.from_series(indexes, free[-(3 + GROUP_ROWS) : -GROUP_ROWS])
        builder.from_total(free[-GROUP_ROWS:])
    return builder.inputs


class _Builder:
    def __init__(self, rng: random.Random, rows: list[dict]):
        self.rng = rng
        self.rows = rows
        self.inputs: list[tuple[int, int, int]] = []
        self.made = 0

    def from_series(self, indexes: list[int], slots: list[int]) -> None:
        first, previous, latest = (self.rows[i] for i in (indexes[0], indexes[-2], indexes[-1]))
        stem = latest["label"].rsplit(", ", 1)[0].replace("Police-recorded offences", "offences")
        base = {
            key: latest[key]
            for key in ("geography", "coverage", "as_of", "source_id", "period_end")
        }
        base["caveats"] = ""
        since = (indexes[-2], previous)
        for slot, (start_index, start), formula in zip(
            slots,
            (since, (indexes[0], first), since),
            (F.PERCENT_CHANGE, F.PERCENT_CHANGE, F.DIFFERENCE),
            strict=True,
        ):
            period = f"{start['period_label']} to {latest['period_label']}"
            if formula is F.DIFFERENCE:
                label = f"Change in police-recorded {stem}, {period}"
                inputs = [indexes[-1], start_index]  # latest − previous
                basis = f"{latest['period_label']} minus {start['period_label']}"
            else:
                label = f"Percent change in police-recorded {stem}, {period}"
                inputs = [start_index, indexes[-1]]
                basis = f"(latest − earlier) ÷ earlier, {period}"
            self._derive(
                slot,
                formula,
                inputs,
                label=label,
                period_label=period,
                period_start=start["period_start"],
                basis=basis,
                **base,
            )

    def from_total(self, slots: list[int]) -> None:
        total_at, *parts_at = slots[:4]
        total = self.rows[total_at]
        harms = self.rng.sample(words.HARMS, 3)
        period = total["period_label"]
        whole = self.rng.randint(5_000, 40_000)
        shares = [self.rng.randint(5, 30) for _ in harms]
        common = {
            key: total[key]
            for key in ("period_label", "period_start", "period_end", "geography", "as_of")
        }
        base = {
            **common,
            "unit": StatisticUnit.COUNT,
            "coverage": "Sessions where the topic was recorded",
            "caveats": words.COUNSELLING_CAVEATS[0],
            "basis": "Counselling sessions, as recorded",
            "source_id": total["source_id"],
        }
        for at, label, value in [
            (total_at, "online harms", whole),
            *zip(parts_at, harms, [whole * share // 100 for share in shares], strict=True),
        ]:
            figure = Decimal(value)
            wording = count_wording(figure)
            self.rows[at].update(
                base,
                label=f"Counselling sessions with children about {label}, {period}",
                value=figure,
                published_wording=wording,
                claim=wording,
            )
        derived = {key: value for key, value in base.items() if key != "basis"}
        derived["caveats"] = ""
        about = "Share of counselling sessions about online harms that were about"
        one, two, three, both, both_share, ratio = slots[4:10]
        for slot, part_at, harm in zip((one, two, three), parts_at, harms, strict=True):
            self._derive(
                slot,
                F.SHARE,
                [part_at, total_at],
                **derived,
                label=f"{about} {harm}, {period}",
                basis=f"Sessions about {harm} of all sessions about online harms",
            )
        either = f"{harms[0]} or {harms[1]}"
        # The ratio reads "2.3 times as many": the larger topic over the smaller.
        more, fewer = sorted(zip(parts_at[:2], harms[:2], strict=True), key=self._value)[::-1]
        self._derive(
            both,
            F.SUM,
            parts_at[:2],
            **derived,
            label=f"Counselling sessions with children about {either}, {period}",
            basis=f"Sessions about {harms[0]} plus sessions about {harms[1]}",
        )
        self._derive(
            both_share,
            F.SHARE,
            [both, total_at],
            **derived,
            label=f"{about} {either}, {period}",
            basis=f"Sessions about {either} of all sessions about online harms",
        )
        self._derive(
            ratio,
            F.RATIO,
            [more[0], fewer[0]],
            **derived,
            label=f"Counselling sessions about {more[1]} for each one about {fewer[1]}, {period}",
            basis=f"Sessions about {more[1]} divided by sessions about {fewer[1]}",
        )

    def _value(self, item: tuple[int, str]) -> Decimal:
        return self.rows[item[0]]["value"]

    def _derive(self, at: int, formula: StatisticFormula, inputs: list[int], **fields) -> None:
        values = [_input_value(self.rows[i]) for i in inputs]
        exact = compute(formula, values)
        self.made += 1
        wrong = self.made % WRONG_EVERY == 3
        published, claim = _published(formula, exact, wrong=wrong)
        unit = {F.PERCENT_CHANGE: "percent", F.SHARE: "percent", F.RATIO: "ratio"}
        self.rows[at].update(
            fields,
            unit=StatisticUnit(unit.get(formula, "count")),
            value=published,
            formula=formula,
            computed_value=exact,
            published_wording=claim,
            claim=claim,
            chart="",
            chart_label="",
        )
        self.inputs += [(at, position, i) for position, i in enumerate(inputs)]


def _input_value(row: dict) -> Decimal:
    return row["value"] if row["formula"] is None else row["computed_value"]


def _published(formula: StatisticFormula, exact: Decimal, *, wrong: bool) -> tuple[Decimal, str]:
    """The figure as a campaign would publish it, and its claim; a wrong one overstates it."""
    places = Decimal("0.1") if formula is F.RATIO else Decimal(1)
    figure = exact.quantize(places, rounding=ROUND_HALF_UP)
    if wrong:
        figure += max(abs(figure) // 2, Decimal(7) if formula is not F.RATIO else Decimal(1))
    match formula:
        case F.PERCENT_CHANGE if figure < 0:
            return figure, f"a {-figure}% fall"
        case F.PERCENT_CHANGE:
            return figure, f"a {figure}% increase" if figure else "no change"
        case F.SHARE:
            return figure, share_wording(figure)
        case F.RATIO:
            return figure, f"{figure} times as many"
        case F.DIFFERENCE if figure < 0:
            return figure, f"{-figure:,} fewer offences"
        case F.DIFFERENCE:
            return figure, f"{figure:,} more offences"
    return figure, count_wording(figure)
