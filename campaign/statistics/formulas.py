"""The arithmetic of derived statistics: pure functions, exact with `decimal`, no database.

A derived statistic is a formula over other statistics, its inputs, in order:

- percent change (from, to): (to − from) ÷ from × 100, in percent;
- share (part, whole): part ÷ whole × 100, in percent;
- sum (a, b, …): a + b + …, in the inputs' unit;
- difference (a, b): a − b, in the inputs' unit;
- ratio (numerator, denominator): numerator ÷ denominator, a ratio.

Results are rounded (half up) to `PLACES` decimal places and written without trailing zeros,
so the stored text (`Statistic.computed_value`, at most 48 characters) is short and the same
on every run: 4,312 of 9,876 is 43.6613608749, not a 60-digit fraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from campaign.models.enums import StatisticFormula, StatisticUnit
from campaign.models.types import canonical_decimal

PLACES = 10
MAX_CHARS = 48  # the computed_value column (DecimalText)
_QUANTUM = Decimal(1).scaleb(-PLACES)
# Enough digits that no intermediate step rounds: inputs have at most 28 significant digits.
_CONTEXT = Context(prec=100, rounding=ROUND_HALF_UP)

F = StatisticFormula

# What each input is, in order (a sum's inputs are simply added).
ROLE_NAMES: dict[StatisticFormula, tuple[str, ...]] = {
    F.PERCENT_CHANGE: ("from", "to"),
    F.SHARE: ("part", "whole"),
    F.DIFFERENCE: ("a", "b"),
    F.RATIO: ("numerator", "denominator"),
}

# Choices for the form: the formula with its inputs in order.
LABELS: dict[StatisticFormula, str] = {
    F.PERCENT_CHANGE: "Percent change (from, to)",
    F.SHARE: "Share (part, whole)",
    F.SUM: "Sum (a, b, …)",
    F.DIFFERENCE: "Difference (a − b)",
    F.RATIO: "Ratio (numerator ÷ denominator)",
}

# The formula in words: the first text goes before the first input, the second between inputs
# ("Percent change from 25,582 to 31,892").
WORDS: dict[StatisticFormula, tuple[str, str]] = {
    F.PERCENT_CHANGE: ("Percent change from", "to"),
    F.SHARE: ("Share:", "of"),
    F.SUM: ("Sum:", "+"),
    F.DIFFERENCE: ("Difference:", "−"),
    F.RATIO: ("Ratio:", "÷"),
}

# "a percent change", "a share" …: for messages.
NOUNS: dict[StatisticFormula, str] = {
    F.PERCENT_CHANGE: "a percent change",
    F.SHARE: "a share",
    F.SUM: "a sum",
    F.DIFFERENCE: "a difference",
    F.RATIO: "a ratio",
}


def required_inputs(formula: StatisticFormula) -> tuple[int, int | None]:
    """(fewest, most) inputs the formula takes; most is None for no limit."""
    return (2, None) if StatisticFormula(formula) is F.SUM else (2, 2)


def inputs_problem(formula: StatisticFormula, count: int) -> str | None:
    """What is wrong with giving `count` inputs to `formula`, or None."""
    formula = StatisticFormula(formula)
    low, high = required_inputs(formula)
    if low <= count and (high is None or count <= high):
        return None
    given = f"{count} {'was' if count == 1 else 'were'} given"
    if high is None:
        return f"{NOUNS[formula].capitalize()} needs at least {low} inputs; {given}."
    roles = ", ".join(ROLE_NAMES[formula])
    return f"{NOUNS[formula].capitalize()} needs exactly {high} inputs ({roles}); {given}."


def result_unit(formula: StatisticFormula, input_units: Sequence[StatisticUnit]) -> StatisticUnit:
    """The unit of the result: percent for a percent change or share, ratio for a ratio, the
    inputs' (first input's) unit for a sum or difference."""
    formula = StatisticFormula(formula)
    if formula in (F.PERCENT_CHANGE, F.SHARE):
        return StatisticUnit.PERCENT
    if formula is F.RATIO:
        return StatisticUnit.RATIO
    return StatisticUnit(input_units[0])


def compute(formula: StatisticFormula, values: Sequence[Decimal]) -> Decimal:
    """The exact result, rounded to PLACES decimal places, without trailing zeros.

    ValueError (with a message for people) for the wrong number of inputs, division by zero,
    or a result too long to store."""
    formula = StatisticFormula(formula)
    problem = inputs_problem(formula, len(values))
    if problem:
        raise ValueError(problem)
    values = [Decimal(v) for v in values]
    if not all(v.is_finite() for v in values):
        raise ValueError("Every input must be a finite number.")
    c = _CONTEXT
    match formula:
        case F.SUM:
            result = Decimal(0)
            for value in values:
                result = c.add(result, value)
        case F.DIFFERENCE:
            result = c.subtract(values[0], values[1])
        case F.PERCENT_CHANGE:
            start, end = values
            _nonzero(start, "the “from” value")
            result = c.divide(c.multiply(c.subtract(end, start), 100), start)
        case F.SHARE:
            part, whole = values
            _nonzero(whole, "the whole")
            result = c.divide(c.multiply(part, 100), whole)
        case F.RATIO:
            numerator, denominator = values
            _nonzero(denominator, "the denominator")
            result = c.divide(numerator, denominator)
    return _stored(result)


def _nonzero(value: Decimal, what: str) -> None:
    if value.is_zero():
        raise ValueError(f"Cannot divide by zero: {what} is 0.")


def _stored(result: Decimal) -> Decimal:
    try:
        rounded = result.quantize(_QUANTUM, context=_CONTEXT)
    except InvalidOperation:
        raise ValueError("The result is too large to store.") from None
    text = canonical_decimal(rounded)
    if len(text) > MAX_CHARS:
        raise ValueError("The result is too large to store.")
    return Decimal(text)
