"""Checking one statistic: its claim against its (computed) value, plus the flags beyond the
wording (inputs that cover different ground or periods, a part larger than its whole, a
missing or non-numeric input, no source, an old figure).

Works on `FigureFacts`, plain frozen data copied from a Statistic (`facts_from_statistic`), so
it needs no database and checks thousands of statistics in a fraction of a second. Only the
wording (and, for a derived statistic, its published value) decides the verdict; flags are
reported beside it, except that a missing or non-numeric input makes the value unverifiable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from campaign.claims.facts import FigureFacts
from campaign.claims.honest import places_of_value
from campaign.claims.ranges import (
    NUMBER,
    PERCENT,
    PUBLISHED,
    Expectation,
    format_decimal,
    places_of,
    round_half_up,
    rounding_range,
)
from campaign.claims.verdicts import (
    BASE_NOT_PUBLISHED,
    COUNT,
    RATIO,
    ClaimCheck,
    Verdict,
    check_claim,
    describe_value,
    talks_change,
    value_kind,
)
from campaign.claims.wording import parse_claim
from campaign.models.enums import LabelledEnum, StatisticFormula, StatisticUnit
from campaign.rendering import format_date

_F = StatisticFormula
_ROLES: dict[str, str] = {
    _F.PERCENT_CHANGE: "from, to", _F.SHARE: "part, whole", _F.DIFFERENCE: "a, b",
    _F.RATIO: "a, b", _F.SUM: "a, b, …",
}  # fmt: skip
_SAME_COVERAGE = (_F.PERCENT_CHANGE, _F.DIFFERENCE, _F.RATIO, _F.SUM)
_SAME_PERIOD = (_F.SHARE, _F.SUM, _F.DIFFERENCE, _F.RATIO)


class FlagKind(LabelledEnum):
    MISMATCHED_COVERAGE = "mismatched_coverage"
    MISMATCHED_PERIOD = "mismatched_period"
    SAME_PERIOD = "same_period"
    PART_EXCEEDS_WHOLE = "part_exceeds_whole"
    MISSING_INPUT = "missing_input"
    NON_NUMERIC_INPUT = "non_numeric_input"
    NO_SOURCE = "no_source"
    STALE = "stale"

    @property
    def label(self) -> str:
        return {
            "mismatched_coverage": "Inputs cover different ground",
            "mismatched_period": "Inputs are for different periods",
            "same_period": "Change within one period",
            "part_exceeds_whole": "Part larger than whole",
            "missing_input": "Input missing",
            "non_numeric_input": "Input not a number",
            "no_source": "No source",
            "stale": "Out of date",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    message: str  # names the statistics involved, in curly quotes


@dataclass(frozen=True, slots=True)
class ClaimResult:
    facts: FigureFacts
    check: ClaimCheck
    flags: tuple[Flag, ...]

    @property
    def key(self) -> str:
        return self.facts.key

    @property
    def label(self) -> str:
        return self.facts.label

    @property
    def verdict(self) -> Verdict:
        return self.check.verdict

    @property
    def is_inconsistent(self) -> bool:
        return self.check.verdict == Verdict.INCONSISTENT

    @property
    def has_flags(self) -> bool:
        return bool(self.flags)


def check_figure(facts: FigureFacts, *, today: date, max_age_days: int) -> ClaimResult:
    """The verdict on `facts` (its claim against its checked value) and every flag."""
    checked_max = facts.checked_max
    check = check_claim(
        facts.claim,
        facts.checked_min if checked_max is not None else facts.checked_value,
        unit=facts.unit,
        formula=facts.formula,
        inputs=facts.input_values if facts.formula else None,
        period_days=facts.period_days,
        value_max=checked_max,
    )
    if _published_as_a_change(facts) and check.verdict is not Verdict.UNVERIFIABLE:
        reason = (
            f"{BASE_NOT_PUBLISHED}: the published wording “{facts.published_wording}” "
            "describes a change, but the statistic is a figure as published with no inputs; "
            "record it as a percent change over the figures it compares to check it."
        )
        check = replace(
            check, verdict=Verdict.UNVERIFIABLE, failed=(), reason=reason, honest_wording=""
        )
    flags = _input_flags(facts) if facts.formula else []
    blocking = next(
        (f for f in flags if f.kind in (FlagKind.MISSING_INPUT, FlagKind.NON_NUMERIC_INPUT)), None
    )
    if blocking is not None:
        short = facts.unpublished or len(facts.inputs) < 2
        lead = BASE_NOT_PUBLISHED if short else "The value cannot be checked"
        reason = f"{lead}: {blocking.message}"
        check = replace(
            check, verdict=Verdict.UNVERIFIABLE, failed=(), reason=reason, honest_wording=""
        )
    elif facts.formula and facts.value is not None and facts.computed_value is not None:
        # (a range's published value is checked by its words only)
        check = check if checked_max is not None else _check_published_value(facts, check)
    if not facts.has_source:
        flags.append(Flag(FlagKind.NO_SOURCE, f"“{facts.label}” has no source."))
    stale = stale_flag(facts, today=today, max_age_days=max_age_days)
    if stale is not None:
        flags.append(stale)
    return ClaimResult(facts, check, tuple(flags))


def stale_flag(facts: FigureFacts, *, today: date, max_age_days: int) -> Flag | None:
    """ "Out of date": the figure's date (as of, else period end, else its source's
    publication date) is more than `max_age_days` before `today`. Never stored: it depends
    on the day (claims/listing.py asks the same question in SQL)."""
    dated = facts.dated
    if dated is None or (today - dated).days <= max_age_days:
        return None
    message = f"“{facts.label}” dates from {dated.day} {dated:%B %Y}, {_age(max_age_days)}."
    return Flag(FlagKind.STALE, message)


def check_figures(
    facts: Iterable[FigureFacts], *, today: date, max_age_days: int
) -> list[ClaimResult]:
    return [check_figure(f, today=today, max_age_days=max_age_days) for f in facts]


def _input_flags(facts: FigureFacts) -> list[Flag]:
    formula, inputs, name = facts.formula, facts.inputs, f"“{facts.label}”"
    flags = []
    needed = 2
    described = _ROLES.get(formula or "", "")
    roles = described.split(", ") if formula != _F.SUM else None
    for position in facts.unpublished:
        role = f"the “{roles[position]}”" if roles and position < len(roles) else "one"
        message = f"{role} input of {name} is not published."
        flags.append(Flag(FlagKind.MISSING_INPUT, message[0].upper() + message[1:]))
    if len(inputs) + len(facts.unpublished) < needed:
        at_least = "at least " if formula == _F.SUM else ""
        message = f"{name} needs {at_least}{needed} inputs ({described}) but has "
        flags.append(Flag(FlagKind.MISSING_INPUT, message + f"{len(inputs)}."))
    for item in inputs:
        if item.archived:
            message = f"“{item.label}”, an input of {name}, is archived."
            flags.append(Flag(FlagKind.MISSING_INPUT, message))
        elif item.checked_value is None:
            message = f"“{item.label}”, an input of {name}, has no value."
            flags.append(Flag(FlagKind.MISSING_INPUT, message))
        if item.unit == StatisticUnit.OTHER:
            message = f"“{item.label}”, an input of {name}, is not a number (its unit is other)."
            flags.append(Flag(FlagKind.NON_NUMERIC_INPUT, message))
    if formula == _F.SUM:
        units = {str(i.unit) for i in inputs if i.unit != StatisticUnit.OTHER}
        if len(units) > 1:
            parts = ", ".join(f"“{i.label}” ({StatisticUnit(i.unit).label})" for i in inputs)
            message = f"{name} adds figures in different units: {parts}."
            flags.append(Flag(FlagKind.NON_NUMERIC_INPUT, message))
    if len(inputs) < 2:
        return flags
    first = inputs[0]
    if formula in _SAME_COVERAGE or formula == _F.SHARE:
        other = next((i for i in inputs[1:] if _differ(first, i, formula == _F.SHARE)), None)
        if other is not None:
            if _norm(first.geography) != _norm(other.geography):
                detail = f"“{first.geography}” and “{other.geography}”"
            else:
                detail = "their coverage notes differ"
            message = f"“{first.label}” and “{other.label}” cover different ground ({detail})."
            flags.append(Flag(FlagKind.MISMATCHED_COVERAGE, message))
    if formula in _SAME_PERIOD:
        other = next((i for i in inputs[1:] if _same_period(first, i) is False), None)
        if other is not None:
            message = (
                f"“{first.label}” ({_period(first)}) and “{other.label}” ({_period(other)}) "
                "are for different periods."
            )
            flags.append(Flag(FlagKind.MISMATCHED_PERIOD, message))
    if formula == _F.PERCENT_CHANGE and _same_period(first, inputs[1]):
        message = (
            f"“{first.label}” and “{inputs[1].label}” are both for {_period(first)}: a change "
            "needs two different periods."
        )
        flags.append(Flag(FlagKind.SAME_PERIOD, message))
    if formula == _F.SHARE:
        part, whole = inputs[0].checked_value, inputs[1].checked_value
        if part is not None and whole is not None and part > whole:
            message = (
                f"The part “{first.label}” ({_show(part, first.unit)}) is larger than the "
                f"whole “{inputs[1].label}” ({_show(whole, inputs[1].unit)})."
            )
            flags.append(Flag(FlagKind.PART_EXCEEDS_WHOLE, message))
    return flags


def _published_as_a_change(facts: FigureFacts) -> bool:
    """A plain percentage whose published sentence describes a change ("a 64% rise since
    2016/17"), whatever the claim field holds ("64%")."""
    if facts.formula or facts.unit != StatisticUnit.PERCENT or not facts.published_wording:
        return False
    return talks_change(parse_claim(facts.published_wording).expectations)


def _check_published_value(facts: FigureFacts, check: ClaimCheck) -> ClaimCheck:
    """A derived statistic's published value must round to its computed value at the
    published value's own precision (25 for 24.67 is fine; 30 is not)."""
    value, computed = facts.value, facts.computed_value
    if value is None or computed is None:
        return check  # nothing to compare
    places = places_of(value)
    if round_half_up(computed, places) == value:
        return check
    directional = any(e.direction is not None for e in check.expectations)
    if (
        facts.formula == _F.PERCENT_CHANGE
        and value > 0
        and directional
        and round_half_up(abs(computed), places) == value
    ):
        return check  # "a 12% fall" published as 12: the words carry the sign
    kind = value_kind(facts.unit, facts.formula)
    percent = "" if kind in (COUNT, RATIO) else "%"
    pound = "£" if facts.unit == StatisticUnit.GBP else ""
    published = f"{pound}{format_decimal(value, places)}{percent}"
    shown_places = places + 1 if percent else min(places_of_value(computed), 2)
    computed_text = f"{pound}{format_decimal(computed, shown_places)}{percent}"
    low, high = rounding_range(value, Decimal(1).scaleb(-places))
    expectation = Expectation(
        f"{published} (the published value)", low, high, scale=NUMBER if kind in (COUNT, RATIO)
        else PERCENT, precision=places, kind=PUBLISHED, figure=value,
    )  # fmt: skip
    sentence = (
        f"the published value {published} does not match {computed_text} computed from its inputs"
    )
    if check.verdict == Verdict.INCONSISTENT:
        reason = f"{check.reason.rstrip('.')}; and {sentence}."
    else:
        reason = f"{sentence[0].upper()}{sentence[1:]}."
    return replace(
        check, verdict=Verdict.INCONSISTENT, failed=(*check.failed, expectation), reason=reason
    )


def _show(value: Decimal, unit: StatisticUnit | str) -> str:
    text = describe_value(value, COUNT, unit=unit)
    return f"{text}%" if unit == StatisticUnit.PERCENT else text


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _differ(a: FigureFacts, b: FigureFacts, geography_only: bool) -> bool:
    """Different ground: both sides say where (or what) they cover, and they say different
    things. A blank is unknown, not a difference."""
    if _known_and_different(a.geography, b.geography):
        return True
    return not geography_only and _known_and_different(a.coverage, b.coverage)


def _known_and_different(x: str, y: str) -> bool:
    return x != y and bool(x.strip()) and bool(y.strip()) and _norm(x) != _norm(y)


def _same_period(a: FigureFacts, b: FigureFacts) -> bool | None:
    """True or False when both periods are known (dates when both have them, else labels)."""
    if a.period_start and a.period_end and b.period_start and b.period_end:
        return (a.period_start, a.period_end) == (b.period_start, b.period_end)
    if a.period_label.strip() and b.period_label.strip():
        return _norm(a.period_label) == _norm(b.period_label)
    return None


def _period(facts: FigureFacts) -> str:
    if facts.period_label.strip():
        return facts.period_label.strip()
    if facts.period_start and facts.period_end:
        return f"{format_date(facts.period_start)} to {format_date(facts.period_end)}"
    return "no stated period"


def _age(max_age_days: int) -> str:
    if max_age_days >= 365 and max_age_days % 365 == 0:
        years = max_age_days // 365
        return f"more than {years} year{'s' if years > 1 else ''} ago"
    return f"more than {max_age_days} days ago"
