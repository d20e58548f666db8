"""Checking a value against a claim's words: consistent, inconsistent or unverifiable, with one
sentence saying why and the nearest honest wording for the value.

The value is in the statistic's unit: a percent change or share in percent (24.665… for a
rise of 24.7%), a count as counted. Which words apply to which values:
- a percentage or verbal share ("44%", "almost half") to a percentage: a share, a percent
  change (its size, when the words give a direction), or any statistic in percent;
- a multiple ("doubled") to a percent change (doubled = a rise of 100%), a statistic in percent
  that the words call a change, or a ratio (2.0 = doubled);
- a number ("more than 33,000") to a count, £ (only "£" numbers need £), a ratio or other.
Words that cannot apply make the check unverifiable, unless other words already failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from campaign.claims.honest import honest_wording, places_of_value, rate_wording
from campaign.claims.phrases import NEGATOR
from campaign.claims.ranges import (
    ABOUT,
    DIRECTION,
    FROM,
    HUNDRED,
    MULTIPLE,
    NUMBER,
    PERCENT,
    PLAIN,
    POINTS,
    RATE,
    STATED,
    UNITS,
    Expectation,
    format_decimal,
    format_significant,
    per_unit,
    round_half_up,
)
from campaign.claims.wording import parse_claim
from campaign.models.enums import LabelledEnum, StatisticFormula, StatisticUnit

CHANGE, SHARE, PERCENTAGE, RATIO, COUNT = "change", "share", "percent", "ratio", "number"
_WHAT = {
    CHANGE: "a percent change",
    SHARE: "a share (a percentage)",
    PERCENTAGE: "a percentage",
    RATIO: "a ratio",
    StatisticUnit.COUNT: "a count",
    StatisticUnit.GBP: "an amount in pounds",
}


class Verdict(LabelledEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIABLE = "unverifiable"


# The order claims are listed in, most urgent first (the Claims page, the API, check-claims;
# stored as `statistics.claim_rank`).
VERDICT_ORDER = {Verdict.INCONSISTENT: 0, Verdict.UNVERIFIABLE: 1, Verdict.CONSISTENT: 2}


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """The outcome of checking one value against one claim.

    `failed` holds the expectations that did not hold (never empty when inconsistent);
    `honest_wording` is the nearest honest wording for the value ("" with no value).
    """

    verdict: Verdict
    value: Decimal | None
    expectations: tuple[Expectation, ...]
    failed: tuple[Expectation, ...]
    reason: str
    honest_wording: str
    claim: str = ""


def value_kind(unit: StatisticUnit | str, formula: StatisticFormula | str | None) -> str:
    """change, share, percent, ratio or number: what kind of value a statistic holds."""
    if formula == StatisticFormula.PERCENT_CHANGE:
        return CHANGE
    if formula == StatisticFormula.SHARE:
        return SHARE
    if formula == StatisticFormula.RATIO or unit == StatisticUnit.RATIO:
        return RATIO
    return PERCENTAGE if unit == StatisticUnit.PERCENT else COUNT


BASE_NOT_PUBLISHED = "Base not published"


def talks_change(expectations: Sequence[Expectation]) -> bool:
    """The words describe a change: a direction, a multiple, percentage points, endpoints."""
    return any(
        e.direction is not None or e.scale == MULTIPLE or e.kind == POINTS or e.role
        for e in expectations
    )


def check_claim(
    claim: str,
    value: Decimal | None,
    *,
    unit: StatisticUnit | str,
    formula: StatisticFormula | str | None,
    inputs: Sequence[Decimal | None] | None = None,
    period_days: int | None = None,
    value_max: Decimal | None = None,
) -> ClaimCheck:
    """Whether `value` bears out every expectation in `claim`.

    `inputs` are a derived statistic's input values by position (None for one not published
    or missing; leave out when not known, e.g. in the docs' table); `period_days` is the length
    of the statistic's period, for rates ("one every 8 minutes"). With `value_max` the value
    is a range, [value, value_max] (a total including suppressed small numbers): the claim is
    consistent only if it holds for every value in it, unverifiable if for some."""
    parsed = parse_claim(claim or "")
    expectations = parsed.expectations
    kind = value_kind(unit, formula)
    no_base = _base_not_published(parsed.text, expectations, kind, formula, inputs)
    if no_base:
        return ClaimCheck(Verdict.UNVERIFIABLE, value, expectations, (), no_base, "", parsed.text)
    if value is None:
        reason = "The value could not be computed." if formula else "No value recorded."
        return ClaimCheck(Verdict.UNVERIFIABLE, None, expectations, (), reason, "", parsed.text)
    wording_kind = CHANGE if kind == PERCENTAGE and talks_change(expectations) else kind
    if kind == RATIO and any(e.scale == MULTIPLE for e in expectations):
        honest = honest_wording((value - 1) * HUNDRED, CHANGE, expectations)
    else:
        money = unit == StatisticUnit.GBP
        honest = honest_wording(value, wording_kind, expectations, money=money)
    if parsed.problem:
        reason = parsed.problem if parsed.problem.endswith(".") else parsed.problem + "."
        return ClaimCheck(Verdict.UNVERIFIABLE, value, (), (), reason, honest, parsed.text)

    failed: list[tuple[Expectation, Decimal]] = []
    partly: list[Expectation] = []
    ranged = value_max is not None and value_max != value
    mismatch = ""
    for expectation in expectations:
        problem = "" if expectation.role else _mismatch(expectation, kind, unit)
        compared = value
        if not problem and expectation.role:
            compared, problem = _endpoint(expectation, value, kind, inputs)
        elif not problem and expectation.per is not None:
            compared, problem = _rate(expectation, value, period_days)
        if problem:
            mismatch = mismatch or problem
            continue
        top = compared
        if ranged and value_max is not None and not expectation.role:
            top = (
                value_max
                if expectation.per is None
                else _rate(expectation, value_max, period_days)[0]
            )
        if expectation.scale == MULTIPLE and kind == RATIO:
            compared = (value - 1) * HUNDRED  # a ratio of 2 is a rise of 100%: doubled
            top = (top - 1) * HUNDRED
        if ranged:
            every, some = holds_over(expectation, compared, top)
        else:
            every = some = expectation.holds(compared)
        if not some:
            failed.append((expectation, compared))
        elif not every:
            partly.append(expectation)
    rate = next((e for e in expectations if e.per is not None), None)
    if rate is not None and kind == COUNT and period_days:
        honest = rate_wording(rate, _rate(rate, value, period_days)[0])
    if failed:
        reason = _failure(*failed[0], kind=kind, unit=unit)
        misses = tuple(e for e, _ in failed)
        return ClaimCheck(
            Verdict.INCONSISTENT, value, expectations, misses, reason, honest, parsed.text
        )
    if mismatch:
        return ClaimCheck(
            Verdict.UNVERIFIABLE, value, expectations, (), mismatch, honest, parsed.text
        )
    if partly and value_max is not None:
        low, high = (
            describe_value(value, kind, unit=unit),
            describe_value(value_max, kind, unit=unit),
        )
        reason = (
            f"The figure is a range, {low} to {high} (it includes suppressed numbers): "
            f"“{partly[0].phrase}” holds for part of it only."
        )
        return ClaimCheck(Verdict.UNVERIFIABLE, value, expectations, (), reason, "", parsed.text)
    subject = describe_value(value, wording_kind, unit=unit, expectation=expectations[0])
    reason = f"{_capital(subject)} is consistent with “{parsed.text}”."
    return ClaimCheck(Verdict.CONSISTENT, value, expectations, (), reason, honest, parsed.text)


def holds_over(expectation: Expectation, low: Decimal, high: Decimal) -> tuple[bool, bool]:
    """(for every value, for some value) in [low, high]: the expectation's truth changes only
    at its bounds (and at 0, for a direction), so those points and the midpoints between them
    decide it exactly."""
    if high < low:
        low, high = high, low
    points = {low, high}
    for bound in (expectation.low, expectation.high, Decimal(0)):
        if bound is not None:
            points.update(b for b in (bound, -bound) if low < b < high)
    ordered = sorted(points)
    points.update((a + b) / 2 for a, b in zip(ordered, ordered[1:], strict=False))
    results = [expectation.holds(point) for point in points]
    return all(results), any(results)


def _base_not_published(text, expectations, kind, formula, inputs) -> str:
    """Why a change or share cannot be checked for want of its inputs, or ""."""
    if formula and inputs is not None:
        needed = 2
        if len(inputs) < needed or any(i is None for i in inputs):
            what = _WHAT.get(kind, "a figure").split(" ", 1)[-1]
            return (
                f"{BASE_NOT_PUBLISHED}: an input of this {what} is not known: it cannot be checked."
            )
        return ""
    if not formula and kind == PERCENTAGE and talks_change(expectations):
        return (
            f"{BASE_NOT_PUBLISHED}: “{text}” describes a change, but the statistic is a "
            "figure as published with no inputs; record it as a percent change (or a "
            "difference) over the figures it compares to check it."
        )
    return ""


def _endpoint(e: Expectation, value: Decimal, kind: str, inputs) -> tuple[Decimal, str]:
    """The figure an endpoint ("from 120", "to 250") is compared with, or why it cannot be."""
    quoted = f"“{e.phrase}”"
    if kind == CHANGE:
        if inputs is None or len(inputs) < 2:
            return value, f"{BASE_NOT_PUBLISHED}: {quoted} names an input that is not known."
        figure = inputs[0] if e.role == FROM else inputs[1]
        if figure is None:
            return value, f"{BASE_NOT_PUBLISHED}: {quoted} names an input that is not known."
        return figure, ""
    if kind in (StatisticUnit.COUNT, StatisticUnit.GBP, COUNT) and e.role != FROM:
        return value, ""
    if kind in (StatisticUnit.COUNT, StatisticUnit.GBP, COUNT):
        return value, f"{BASE_NOT_PUBLISHED}: the “from” figure {quoted} is not recorded."
    return value, f"{quoted} is an endpoint of a change, but the statistic is {_WHAT[kind]}."


def _rate(e: Expectation, value: Decimal, period_days: int | None) -> tuple[Decimal, str]:
    """The count as a rate in the expectation's unit of time over the statistic's period."""
    if e.per is None:
        return value, ""  # not a rate
    if not period_days or period_days <= 0:
        return value, (
            f"“{e.phrase}” is a rate, but the statistic's period is not known (give its "
            "start and end dates)."
        )
    seconds = Decimal(period_days * 86400)
    per = e.per
    if per == UNITS["year"] and period_days in (365, 366):
        per = seconds  # a year's figure for a year's period: the period is the year
    return value * per / seconds, ""


def describe_value(
    value: Decimal,
    kind: str,
    *,
    unit: StatisticUnit | str = "",
    expectation: Expectation | None = None,
) -> str:
    """The value in words: "a rise of 24.7%", "43.7%", "33,226", "£1,250,000"."""
    if kind in (CHANGE, SHARE, PERCENTAGE):
        if kind != CHANGE and (expectation is None or expectation.direction is None):
            return f"{shown_percent(value, expectation)}%"
        if value == 0:
            return "no change"
        size = shown_percent(abs(value), expectation)
        return f"a {'rise' if value > 0 else 'fall'} of {size}%"
    pound = "£" if unit == StatisticUnit.GBP else ""
    return f"{pound}{format_decimal(value, places_of_value(value))}"


def shown_percent(value: Decimal, expectation: Expectation | None = None) -> str:
    """A percentage to one decimal more than the claim stated, or more where rounding would
    blur which side of the claim's range it is on (25.49 against "25%" shows as 25.49)."""
    if expectation is None:
        return format_decimal(value, 1)
    places = (expectation.precision or 0) + 1 if expectation.kind in (STATED, POINTS) else 1
    inside = expectation.in_range(value)
    while places < 6 and expectation.in_range(round_half_up(value, places)) != inside:
        places += 1
    return format_decimal(value, places)


def _mismatch(expectation: Expectation, kind: str, unit: StatisticUnit | str) -> str:
    what = _WHAT.get(kind) or _WHAT.get(unit, "a number")
    quoted = f"“{expectation.phrase}”"
    if expectation.kind == DIRECTION and kind not in (CHANGE, PERCENTAGE):
        return f"{quoted} describes a change, but the statistic is {what}."
    if expectation.scale == RATE and kind != COUNT:
        return f"{quoted} is a rate over time, but the statistic is {what}."
    if expectation.kind == POINTS and kind != PERCENTAGE:
        return f"{quoted} is a change in percentage points, but the statistic is {what}."
    if expectation.scale == PERCENT and kind not in (CHANGE, SHARE, PERCENTAGE):
        return f"{quoted} describes a percentage, but the statistic is {what}."
    if expectation.scale == MULTIPLE and kind not in (CHANGE, PERCENTAGE, RATIO):
        return f"{quoted} describes a change, but the statistic is {what}."
    if expectation.scale == NUMBER:
        if kind not in (COUNT, RATIO):
            return f"{quoted} is a number, but the statistic is {what}."
        if expectation.money and unit != StatisticUnit.GBP:
            return f"{quoted} is an amount in pounds, but the statistic is {what}."
    return ""


def _failure(expectation: Expectation, value: Decimal, *, kind: str, unit) -> str:
    """One sentence: why `value` does not bear out `expectation`."""
    if not expectation.sign_holds(value):
        said = "rose" if (expectation.direction or 0) > 0 else "fell"
        if expectation.scale == NUMBER:
            moved = f"is {describe_value(value, COUNT, unit=unit)}"
        elif value == 0:
            moved = "did not change"
        else:
            moved = f"{'rose' if value > 0 else 'fell'} by {shown_percent(abs(value))}%"
        return f"The figure {moved}, but the claim says it {said}."
    size = abs(value) if expectation.direction is not None else value
    if expectation.per is not None:
        rate = f"{format_significant(value)} {per_unit(expectation.per)}"
        return f"{rate} is not “{expectation.phrase}” ({expectation.describe()})."
    if expectation.role:
        which = "“from”" if expectation.role == FROM else "“to”"
        shown = describe_value(value, COUNT, unit=unit)
        said = f"“{expectation.phrase}” ({expectation.describe()})"
        return f"The {which} figure is {shown}, not {said}."
    if expectation.scale == NUMBER:
        subject = describe_value(value, COUNT, unit=unit)
    elif expectation.kind == DIRECTION:
        subject = describe_value(value, CHANGE)
    elif expectation.scale == MULTIPLE:
        subject = describe_value(value, CHANGE, expectation=expectation)
    else:
        subject = f"{shown_percent(size, expectation)}%"
    if _said_not(expectation):
        return f"{_capital(subject)} contradicts “{expectation.phrase}” ({expectation.describe()})."
    figure = expectation.figure if expectation.qualifier in (PLAIN, ABOUT) else None
    if expectation.kind in (STATED, POINTS) and figure is not None:
        stated = format_decimal(figure, expectation.precision or 0)
        points = " percentage points" if expectation.kind == POINTS else "%"
        return f"{subject} does not round to {stated}{points}."
    return f"{_capital(subject)} is not “{expectation.phrase}” ({expectation.describe()})."


def _said_not(expectation: Expectation) -> bool:
    return expectation.negated or NEGATOR.match(expectation.phrase) is not None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
