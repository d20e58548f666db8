"""The statistics a source's returns add up to. Pure: rows in, `StatisticSpec`s out.

For each period: the offences recorded by the forces providing usable data, and how many
forces that is, with the coverage in words. For each pair of periods (earlier, later), and for
all periods together, the *comparable forces* (usable data in each of those periods) and their
totals per period, plus the percent change between them. Per period, each platform's total.
Keys are deterministic (`returns-<source key>-…`), so a re-import updates rather than adds.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from slugify import slugify

from campaign.models import Statistic, StatisticFormula, StatisticUnit
from campaign.models.base import KEY_LENGTH
from campaign.rendering import format_date, format_number

# Up to this many periods, every pair gets its comparable-force subset; beyond it (monthly
# returns, say) only consecutive periods and each period against the latest do.
ALL_PAIRS_UP_TO = 12
GEOGRAPHY = "UK (forces providing usable data)"
COMPARABLE_GEOGRAPHY = "UK (comparable police forces)"


@dataclass(frozen=True)
class Row:
    """What aggregation needs of one force's return, stored or about to be."""

    force: str
    period_label: str
    period_start: date | None
    period_end: date | None
    offences: int | None
    platforms: tuple[tuple[str, int], ...]
    imported: tuple[str, date]  # (file name, UK day it was imported)
    offences_max: int | None = None  # a suppressed figure: offences to offences_max


@dataclass(frozen=True)
class Period:
    label: str
    start: date | None
    end: date | None
    usable: dict[str, int]  # force -> offences (a suppressed figure's low end)
    no_data: list[str]  # forces asked that gave no usable data
    rows: list[Row] = field(repr=False)
    suppressed: dict[str, int] = field(default_factory=dict)  # force -> its figure's high end

    @property
    def asked(self) -> int:
        return len(self.usable) + len(self.no_data)

    @property
    def total(self) -> int:
        """The total's low end (the exact total when no figure is suppressed)."""
        return sum(self.usable.values())

    def total_max(self, forces: Iterable[str] | None = None) -> int | None:
        """The high end of the total over `forces` (all the usable ones by default), or None
        when none of them is suppressed (the total is exact)."""
        chosen = self.usable if forces is None else forces
        if not any(f in self.suppressed for f in chosen):
            return None
        return sum(self.suppressed.get(f, self.usable[f]) for f in chosen)

    @property
    def slug(self) -> str:
        return slugify(self.label) or "period"


@dataclass(frozen=True)
class StatisticSpec:
    key: str
    label: str
    value: Decimal
    unit: StatisticUnit
    period_label: str
    period_start: date | None
    period_end: date | None
    geography: str
    coverage: str
    basis: str
    chart: str
    chart_label: str
    formula: StatisticFormula | None = None
    input_keys: tuple[str, ...] = ()
    value_max: Decimal | None = None  # a range's high end (`value` its low end)

    # What the returns say; the caveats, the date it holds as of and the claim wording are
    # what people write about the figure, and a sync leaves them alone.
    WRITTEN = tuple(
        name
        for name in Statistic.__content__
        if name not in ("caveats", "as_of", "published_wording", "claim")
    )

    def values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.WRITTEN}


def periods(rows: Iterable[Row]) -> list[Period]:
    """The periods in `rows`, earliest first (undated ones last, by label)."""
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.period_label, []).append(row)
    result = []
    for label, members in grouped.items():
        members.sort(key=lambda r: r.force)
        first = members[0]
        result.append(
            Period(
                label=label,
                start=first.period_start,
                end=first.period_end,
                usable={r.force: r.offences for r in members if r.offences is not None},
                no_data=[r.force for r in members if r.offences is None],
                rows=members,
                suppressed={
                    r.force: r.offences_max
                    for r in members
                    if r.offences is not None and r.offences_max is not None
                },
            )
        )
    return sorted(result, key=lambda p: (p.start is None, p.start or date.min, p.label))


def statistics(source_key: str, rows: Iterable[Row], *, changes: bool) -> list[StatisticSpec]:
    """Every statistic the rows add up to; `changes`: include the percent changes (derived
    statistics, when the derived-statistics feature is installed)."""
    found = periods(rows)
    specs: list[StatisticSpec] = []
    for period in found:
        specs.extend(_period_statistics(source_key, period))
    for subset in _subsets(found):
        specs.extend(_comparable_statistics(source_key, subset, found, changes=changes))
    from campaign.returns.platforms import platform_statistics  # it builds on this module

    for period in found:
        specs.extend(platform_statistics(source_key, period))
    return specs


def make_key(source_key: str, *parts: str) -> str:
    """`returns-<source key>-<parts…>`, shortened with a hash if it would pass the key length."""
    key = "-".join(("returns", source_key, *parts))
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    return f"{key[: KEY_LENGTH - 11].rstrip('-')}-{digest}"


def forces_phrase(n: int) -> str:
    return f"{n} force{'s' if n != 1 else ''}"


def forces_possessive(n: int) -> str:
    """ "35 forces'", "1 force's"."""
    return f"{n} forces'" if n != 1 else "1 force's"


def fit(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def imports(rows: Iterable[Row]) -> str:
    seen = sorted({r.imported for r in rows}, key=lambda i: (i[1], i[0]))
    if len(seen) > 3:
        name, day = seen[-1]
        return f"imported from {len(seen)} files, latest {name} on {format_date(day)}"
    return "imported " + " and ".join(f"{name} on {format_date(day)}" for name, day in seen)


def _coverage(period: Period) -> str:
    usable, asked = len(period.usable), period.asked
    if not period.no_data:
        text = f"All {forces_phrase(asked)} asked provided usable data for {period.label}."
    else:
        text = (
            f"{usable} of {forces_phrase(asked)} asked provided usable data for {period.label}; "
            f"no usable data from: {', '.join(period.no_data)}."
        )
    return text + suppressed_caveat(period, period.usable)


def suppressed_caveat(period: Period, forces: Iterable[str]) -> str:
    """' Suppressed small numbers from: Kent Police (0 to 4), …; the total is at least 4,480
    (at most 4,488).', or '' when none of `forces` sent a suppressed figure for `period`."""
    chosen = sorted(f for f in forces if f in period.suppressed)
    if not chosen:
        return ""
    named = ", ".join(
        f"{f} ({format_number(period.usable[f])} to {format_number(period.suppressed[f])})"
        for f in chosen
    )
    members = list(forces)
    low = sum(period.usable[f] for f in members)
    return (
        f" Suppressed small numbers from: {named}; the total for {period.label} is at least "
        f"{format_number(low)} (at most {format_number(period.total_max(members))})."
    )


def _decimal(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _period_statistics(source_key: str, period: Period) -> list[StatisticSpec]:
    n = len(period.usable)
    common: dict[str, Any] = dict(
        unit=StatisticUnit.COUNT,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        geography=GEOGRAPHY,
        coverage=_coverage(period),
        chart_label=period.label,
    )
    usable_rows = [r for r in period.rows if r.offences is not None]
    specs = []
    if n:
        specs.append(
            StatisticSpec(
                key=make_key(source_key, "offences", period.slug),
                label=f"Offences recorded by the {forces_phrase(n)} providing usable data, "
                f"{period.label}",
                value=Decimal(period.total),
                value_max=_decimal(period.total_max()),
                basis=f"Sum of {forces_possessive(n)} returns ({imports(usable_rows)})",
                chart="Offences recorded by the forces providing usable data in each period",
                **{**common, "chart_label": fit(f"{period.label} ({forces_phrase(n)})", 80)},
            )
        )
    specs.append(
        StatisticSpec(
            key=make_key(source_key, "forces", period.slug),
            label=f"Police forces providing usable data, {period.label}",
            value=Decimal(n),
            basis=f"Count of the returns with an offences figure ({imports(period.rows)})",
            chart="Police forces providing usable data",
            **common,
        )
    )
    return specs


@dataclass(frozen=True)
class Subset:
    """The forces with usable data in every one of `periods` (two, or all of them)."""

    periods: tuple[Period, ...]
    forces: frozenset[str]
    everything: bool  # the set of all periods, rather than a pair

    @property
    def slug(self) -> str:
        if self.everything:
            return "comparable-all"
        return "comparable-" + "-".join(p.slug for p in self.periods)

    @property
    def which(self) -> str:
        labels = [p.label for p in self.periods]
        if not self.everything:
            return f"both {labels[0]} and {labels[1]}"
        if len(labels) <= 4:
            return "all of " + ", ".join(labels[:-1]) + f" and {labels[-1]}"
        return f"all {len(labels)} periods from {labels[0]} to {labels[-1]}"


def _subsets(found: Sequence[Period]) -> list[Subset]:
    if len(found) <= ALL_PAIRS_UP_TO:
        pairs = list(itertools.combinations(found, 2))
    else:
        consecutive = list(itertools.pairwise(found))
        latest = [(p, found[-1]) for p in found[:-2]]
        pairs = consecutive + latest
    groups: list[tuple[tuple[Period, ...], bool]] = [(pair, False) for pair in pairs]
    if len(found) >= 3:
        groups.append((tuple(found), True))
    subsets = []
    for group, everything in groups:
        common = frozenset.intersection(*(frozenset(p.usable) for p in group))
        if common:
            subsets.append(Subset(tuple(group), common, everything))
    return subsets


def _comparable_statistics(
    source_key: str, subset: Subset, found: Sequence[Period], *, changes: bool
) -> list[StatisticSpec]:
    n = len(subset.forces)
    left_out = sorted(set().union(*(p.usable.keys() | set(p.no_data) for p in subset.periods)))
    left_out = [f for f in left_out if f not in subset.forces]
    coverage = f"{forces_phrase(n)} supplied usable figures for {subset.which} (comparable forces)."
    if left_out:
        coverage += (
            " Left out for lack of usable figures in one or more of these periods: "
            f"{', '.join(left_out)}."
        )
    chart = fit(
        f"Offences recorded by the {forces_phrase(n)} with usable data for {subset.which}", 120
    )
    specs: dict[str, StatisticSpec] = {}
    for period in subset.periods:
        rows = [r for r in period.rows if r.force in subset.forces]
        total = sum(period.usable[f] for f in subset.forces)
        key = make_key(source_key, subset.slug, "offences", period.slug)
        specs[period.label] = StatisticSpec(
            key=key,
            value_max=_decimal(period.total_max(subset.forces)),
            label=fit(
                f"Offences recorded by the {forces_phrase(n)} with usable data for "
                f"{subset.which}, {period.label}",
                300,
            ),
            value=Decimal(total),
            unit=StatisticUnit.COUNT,
            period_label=period.label,
            period_start=period.start,
            period_end=period.end,
            geography=COMPARABLE_GEOGRAPHY,
            coverage=coverage + suppressed_caveat(period, subset.forces),
            basis=f"Sum of {forces_possessive(n)} returns for {period.label} ({imports(rows)})",
            chart=chart,
            chart_label=fit(period.label, 80),
        )
    result = list(specs.values())
    if changes:
        # A pair: its change. All periods: each earlier one to the latest (the first only, for
        # a long series), as the NSPCC compared 2017/18 and 2021/22 with 2022/23.
        latest = subset.periods[-1]
        earlier_periods = subset.periods[:-1]
        if len(earlier_periods) >= ALL_PAIRS_UP_TO:
            earlier_periods = earlier_periods[:1]
        for earlier in earlier_periods:
            change = _change(source_key, subset, earlier, latest, specs, coverage)
            if change is not None:
                result.append(change)
    return result


def _change(
    source_key: str,
    subset: Subset,
    earlier: Period,
    later: Period,
    specs: dict[str, StatisticSpec],
    coverage: str,
) -> StatisticSpec | None:
    before, after = specs[earlier.label], specs[later.label]
    if before.value == 0:
        return None  # a change from nothing is not a percentage (nor from "0 to 4")
    exact = (after.value - before.value) / before.value * 100
    value = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    value_max = None
    if before.value_max is not None or after.value_max is not None:
        # A range: the least change (after's low end from before's high end) to the most.
        low_before, high_before = before.value, before.value_max or before.value
        low_after, high_after = after.value, after.value_max or after.value
        least = (low_after - high_before) / high_before * 100
        most = (high_after - low_before) / low_before * 100
        value = least.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
        value_max = most.quantize(Decimal("0.1"), rounding=ROUND_CEILING)
        coverage += (
            f" Suppressed small numbers make the change a range: from {format_number(value)}% "
            f"to {format_number(value_max)}%."
        )
    span = f"{earlier.label} to {later.label}"
    n = len(subset.forces)
    suffix = "change" if not subset.everything else f"change-{earlier.slug}-{later.slug}"
    return StatisticSpec(
        key=make_key(source_key, subset.slug, suffix),
        label=fit(
            f"Change in offences recorded by the {forces_phrase(n)} with usable data for "
            f"{subset.which}, {span}",
            300,
        ),
        value=value,
        value_max=value_max,
        unit=StatisticUnit.PERCENT,
        period_label=fit(span, 40),
        period_start=earlier.start,
        period_end=later.end,
        geography=COMPARABLE_GEOGRAPHY,
        coverage=coverage,
        basis=(
            f"({format_number(after.value)} − {format_number(before.value)}) ÷ "
            f"{format_number(before.value)} × 100, rounded to 0.1"
        ),
        chart="Change in offences recorded by comparable forces",
        chart_label=fit(span, 80),
        formula=StatisticFormula.PERCENT_CHANGE,
        input_keys=(before.key, after.key),
    )
