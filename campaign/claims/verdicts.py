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

from dataclasses import dataclass
from decimal import Decimal

from campaign.claims.honest import honest_wording, places_of_value
from campaign.claims.ranges import (
    ABOUT,
    HUNDRED,
    MULTIPLE,
    NUMBER,
    PERCENT,
    PLAIN,
    POINTS,
    STATED,
    Expectation,
    format_decimal,
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


def check_claim(
    claim: str,
    value: Decimal | None,
    *,
    unit: StatisticUnit | str,
    formula: StatisticFormula | str | None,
) -> ClaimCheck:
    """Whether `value` bears out every expectation in `claim`."""
    parsed = parse_claim(claim or "")
    expectations = parsed.expectations
    kind = value_kind(unit, formula)
    if value is None:
        reason = "The value could not be computed." if formula else "No value recorded."
        return ClaimCheck(Verdict.UNVERIFIABLE, None, expectations, (), reason, "", parsed.text)
    talks_change = any(e.direction is not None or e.scale == MULTIPLE for e in expectations)
    wording_kind = CHANGE if kind == PERCENTAGE and talks_change else kind
    if kind == RATIO and any(e.scale == MULTIPLE for e in expectations):
        honest = honest_wording((value - 1) * HUNDRED, CHANGE, expectations)
    else:
        money = unit == StatisticUnit.GBP
        honest = honest_wording(value, wording_kind, expectations, money=money)
    if parsed.problem:
        reason = parsed.problem if parsed.problem.endswith(".") else parsed.problem + "."
        return ClaimCheck(Verdict.UNVERIFIABLE, value, (), (), reason, honest, parsed.text)

    failed: list[tuple[Expectation, Decimal]] = []
    mismatch = ""
    for expectation in expectations:
        problem = _mismatch(expectation, kind, unit)
        if problem:
            mismatch = mismatch or problem
            continue
        compared = value
        if expectation.scale == MULTIPLE and kind == RATIO:
            compared = (value - 1) * HUNDRED  # a ratio of 2 is a rise of 100%: doubled
        if not expectation.holds(compared):
            failed.append((expectation, compared))
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
    subject = describe_value(value, wording_kind, unit=unit, expectation=expectations[0])
    reason = f"{_capital(subject)} is consistent with “{parsed.text}”."
    return ClaimCheck(Verdict.CONSISTENT, value, expectations, (), reason, honest, parsed.text)


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
        said = "rose" if expectation.direction > 0 else "fell"
        if expectation.scale == NUMBER:
            moved = f"is {describe_value(value, COUNT, unit=unit)}"
        elif value == 0:
            moved = "did not change"
        else:
            moved = f"{'rose' if value > 0 else 'fell'} by {shown_percent(abs(value))}%"
        return f"The figure {moved}, but the claim says it {said}."
    size = abs(value) if expectation.direction is not None else value
    if expectation.scale == NUMBER:
        subject = describe_value(value, COUNT, unit=unit)
    elif expectation.scale == MULTIPLE:
        subject = describe_value(value, CHANGE, expectation=expectation)
    else:
        subject = f"{shown_percent(size, expectation)}%"
    rounds = expectation.qualifier in (PLAIN, ABOUT) and expectation.figure is not None
    if expectation.kind in (STATED, POINTS) and rounds:
        stated = format_decimal(expectation.figure, expectation.precision or 0)
        points = " percentage points" if expectation.kind == POINTS else "%"
        return f"{subject} does not round to {stated}{points}."
    return f"{_capital(subject)} is not “{expectation.phrase}” ({expectation.describe()})."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
