"""Which statistics make a chart: those sharing a chart title (`Statistic.chart`), drawn as one
bar each, labelled with `chart_label` or else the period. Used by the ask page and by packs.

Pure: it reads attributes of the statistics it is given and never queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from campaign.models import StatisticUnit
from campaign.rendering import format_statistic


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: Decimal
    display: str  # the figure as printed: "31,892", "44%"
    statistic_key: str


@dataclass(frozen=True)
class ChartData:
    """A chart: frozen and hashable, so its rendering can be cached."""

    title: str
    unit: StatisticUnit
    points: tuple[ChartPoint, ...]

    @property
    def alt(self) -> str:
        values = "; ".join(f"{p.label}: {p.display}" for p in self.points)
        return f"Bar chart, {self.title}. {values}."


def group_charts(statistics: Iterable[Any]) -> list[tuple[ChartData, list[Any]]]:
    """One chart per chart title among `statistics` (in order of first appearance), with the
    statistics drawn in it. A chart needs at least two points of one unit: points of another
    unit than the first are left out. Points follow their periods when these differ, else
    the order given (an ask's ranking)."""
    groups: dict[str, list[Any]] = {}
    for stat in statistics:
        if stat.chart:
            groups.setdefault(stat.chart, []).append(stat)
    charts = []
    for title, members in groups.items():
        unit = members[0].unit
        members = [s for s in members if s.unit == unit]
        if len(members) < 2:
            continue
        if len({s.period_start for s in members}) > 1:
            members.sort(key=lambda s: (s.period_start is None, s.period_start or date.min))
        points = tuple(
            ChartPoint(
                s.chart_label or s.period_label or s.label,
                s.value,
                format_statistic(s),
                s.key,
            )
            for s in members
        )
        charts.append((ChartData(title, StatisticUnit(unit), points), members))
    return charts
