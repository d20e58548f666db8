"""A statistic's rules that compare its fields, in one place for every door: the forms and the
API through the service (services.py), bundles through their schema (bundles/schema.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

PERIOD_ORDER = "The period cannot end before it starts."
RANGE_ORDER = (
    "The upper bound cannot be below the value: a range runs from the value up to the upper bound."
)


def period_error(start: date | None, end: date | None) -> str | None:
    if start is not None and end is not None and end < start:
        return PERIOD_ORDER
    return None


def range_error(value: Decimal | None, value_max: Decimal | None) -> str | None:
    """A range (a total that includes suppressed small numbers) is [value, value_max]."""
    if value is not None and value_max is not None and value_max < value:
        return RANGE_ORDER
    return None
