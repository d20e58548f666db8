"""What the checker knows about one statistic: `FigureFacts`, plain frozen data copied from a
Statistic row (`facts_from_statistic`), so checking needs no database; with the inputs'
values by position (None for one not published), the period's length in days (for rates) and
the value's range (a total including suppressed small numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import product

from campaign.models.enums import StatisticFormula, StatisticUnit

_F = StatisticFormula
_YEAR_LABEL = re.compile(r"(?:FY\s?)?((?:19|20)[0-9]{2})(?:\s?[-/–]\s?((?:19|20)?[0-9]{2}))?", re.I)


@dataclass(frozen=True, slots=True)
class FigureFacts:
    """What the checker needs to know about one statistic; `inputs` one level deep, in order."""

    key: str
    label: str
    value: Decimal | None
    unit: StatisticUnit | str
    formula: StatisticFormula | str | None = None
    computed_value: Decimal | None = None
    claim: str = ""
    published_wording: str = ""  # the whole sentence as published; it can show a change
    period_label: str = ""
    period_start: date | None = None
    period_end: date | None = None
    geography: str = ""
    coverage: str = ""
    has_source: bool = False
    as_of: date | None = None
    source_published_on: date | None = None
    archived: bool = False
    inputs: tuple[FigureFacts, ...] = ()
    # Positions of a derived statistic's inputs recorded as "not published" (0 the first).
    unpublished: tuple[int, ...] = ()
    # A range's upper bound (`value` its lower bound): a total with suppressed small numbers.
    value_max: Decimal | None = None

    @property
    def checked_max(self) -> Decimal | None:
        """The top of the checked value's range, or None when it is exact. For a derived
        statistic whose inputs include a range: the formula's extreme over the inputs' ranges
        (every formula here moves one way in each input, so the corners give the extremes)."""
        if not self.formula:
            return self.value_max
        if self.computed_value is None or not any(i.value_max is not None for i in self.inputs):
            return None
        ranges = [(i.checked_value, i.value_max or i.checked_value) for i in self.inputs]
        if any(low is None for low, _ in ranges):
            return None
        results = [_compute(self.formula, corner) for corner in product(*ranges)]
        known = [r for r in results if r is not None]
        if len(known) < len(results):
            return None
        return max([*known, self.computed_value])

    @property
    def checked_min(self) -> Decimal | None:
        if not self.formula or self.checked_max is None:
            return self.checked_value
        ranges = [(i.checked_value, i.value_max or i.checked_value) for i in self.inputs]
        values = [self.computed_value, *(_compute(self.formula, c) for c in product(*ranges))]
        return min(v for v in values if v is not None)  # none is None: checked_max has a value

    @property
    def checked_value(self) -> Decimal | None:
        """The computed value of a derived statistic, the published value otherwise."""
        return self.computed_value if self.formula else self.value

    @property
    def input_values(self) -> tuple[Decimal | None, ...]:
        """The inputs' values by position: None for one not published, archived or empty."""
        known = iter(self.inputs)
        count = len(self.inputs) + len(self.unpublished)
        values: list[Decimal | None] = []
        for position in range(count):
            if position in self.unpublished:
                values.append(None)
                continue
            item = next(known)
            values.append(None if item.archived else item.checked_value)
        return tuple(values)

    @property
    def period_days(self) -> int | None:
        return period_days(self.period_start, self.period_end, self.period_label)

    @property
    def dated(self) -> date | None:
        return self.as_of or self.period_end or self.source_published_on


def facts_from_statistic(statistic, *, with_inputs: bool = True) -> FigureFacts:
    """FigureFacts from a Statistic row (or anything with its attributes). Load `source` and
    `inputs` (with each input's `input`) eagerly when doing this for many rows."""
    source = statistic.source
    inputs: tuple[FigureFacts, ...] = ()
    unpublished: tuple[int, ...] = ()
    if with_inputs and statistic.formula:
        links = list(statistic.inputs)
        inputs = tuple(facts_from_statistic(link.input, with_inputs=False) for link in links)
        unpublished = unpublished_positions(
            statistic.formula, [getattr(link, "position", i) for i, link in enumerate(links)]
        )
    return FigureFacts(
        key=statistic.key,
        label=statistic.label,
        value=statistic.value,
        unit=statistic.unit,
        formula=statistic.formula,
        computed_value=statistic.computed_value,
        claim=statistic.claim or "",
        published_wording=getattr(statistic, "published_wording", "") or "",
        period_label=statistic.period_label or "",
        period_start=statistic.period_start,
        period_end=statistic.period_end,
        geography=statistic.geography or "",
        coverage=statistic.coverage or "",
        has_source=source is not None or statistic.source_id is not None,
        as_of=statistic.as_of,
        source_published_on=source.published_on if source is not None else None,
        archived=statistic.archived_at is not None,
        inputs=inputs,
        unpublished=unpublished,
        value_max=getattr(statistic, "value_max", None),
    )


def _compute(formula, values) -> Decimal | None:
    """The formula (as statistics/formulas.py computes it) over exact values; None when it
    divides by zero."""
    a, b = values[0], values[-1]
    try:
        return {
            _F.PERCENT_CHANGE: lambda: (b - a) / a * 100,
            _F.SHARE: lambda: a / b * 100,
            _F.RATIO: lambda: a / b,
            _F.DIFFERENCE: lambda: a - b,
            _F.SUM: lambda: sum(values, Decimal(0)),
        }[formula]()
    except (ArithmeticError, KeyError):
        return None


def unpublished_positions(formula, positions: list[int]) -> tuple[int, ...]:
    """The positions of a formula's inputs that have no row: recorded as not published. A
    percent change, share, difference or ratio has two (0 and 1); a sum at least two, its
    not-published inputs first (see statistics/derived.py)."""
    size = max(2, max([*positions, -1]) + 1)
    return tuple(p for p in range(size) if p not in positions)


def period_days(start: date | None, end: date | None, label: str = "") -> int | None:
    """Days in a statistic's period, both ends included (1 April 2024 to 31 March 2025: 365).
    Without dates, a label that is a financial year ("2024/25", "2024-25", "2024/2025": April
    to March) or a calendar year ("2024") gives its days; anything else is unknown."""
    if start is not None and end is not None:
        return (end - start).days + 1 if end >= start else None
    match = _YEAR_LABEL.fullmatch(" ".join(label.split()))
    if match is None:
        return None
    first = int(match.group(1))
    if match.group(2) is None:
        return (date(first + 1, 1, 1) - date(first, 1, 1)).days
    second = int(match.group(2))
    if second < 100:
        second += first // 100 * 100
    if second != first + 1:
        return None
    return (date(second, 4, 1) - date(first, 4, 1)).days
