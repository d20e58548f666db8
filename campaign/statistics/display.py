"""How a derived statistic reads on its page: the formula in words, each input with its value
("Percent change from 25,582 to 31,892 = 24.67%"), and why a value cannot be computed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from campaign.models import Statistic, StatisticFormula
from campaign.rendering import format_figure
from campaign.statistics import formulas
from campaign.statistics.derived import NOT_PUBLISHED, input_keys, input_value

_CENTS = Decimal("0.01")


def format_computed(value: Decimal | None, unit) -> str:
    """A computed value for reading: whole numbers as they are, others to 2 decimal places
    ('24.67%'); the exact value goes in a tooltip beside it."""
    if value is None:
        return ""
    if value != value.to_integral_value():
        value = value.quantize(_CENTS, rounding=ROUND_HALF_UP)
    return format_figure(value, unit)


@dataclass(frozen=True)
class Term:
    """One input in the formula's words: 'to' 31,892 (its label, linked)."""

    words: str  # the words before it: "Percent change from", "to", "+"
    role: str  # "from", "part", "a" …; "" for a sum's inputs
    statistic: Statistic | None  # None: not published
    value: Decimal | None  # what it contributes: None when archived, not computed or published
    display: str  # "31,892", or why there is no value

    @property
    def exact(self) -> str:
        if self.value is None or self.statistic is None:
            return ""
        return format_figure(self.value, self.statistic.unit)


def formula_terms(statistic: Statistic) -> list[Term]:
    """The formula's inputs in order, each with the words before it; [] if not derived."""
    if statistic.formula is None:
        return []
    formula = StatisticFormula(statistic.formula)
    first, between = formulas.WORDS[formula]
    roles = formulas.ROLE_NAMES.get(formula, ())
    terms = []
    links = {link.position: link for link in statistic.inputs}
    for position, key in enumerate(input_keys(statistic)):
        words = first if position == 0 else between
        role = roles[position] if position < len(roles) else ""
        if key == NOT_PUBLISHED:
            terms.append(Term(words, role, None, None, "not published"))
            continue
        stat = links[position].input
        value = None if stat.archived_at is not None else input_value(stat)
        if stat.archived_at is not None:
            display = "archived"
        elif value is None:
            display = "not computed"
        else:
            display = format_computed(value, stat.unit)
        terms.append(
            Term(
                words=words,
                role=role,
                statistic=stat,
                value=value,
                display=display,
            )
        )
    return terms


def why_not_computed(statistic: Statistic) -> str:
    """Why a derived statistic has no computed value, in a sentence; "" when it has one."""
    if statistic.formula is None or statistic.computed_value is not None:
        return ""
    terms = formula_terms(statistic)
    for term in terms:
        if term.statistic is None:
            which = f"“{term.role}” input" if term.role else "input"
            return f"Its {which} is not published (base not published)."
        if term.statistic.archived_at is not None:
            return f"Its input “{term.statistic.label}” is archived."
        if term.value is None:
            return f"Its input “{term.statistic.label}” has no computed value."
    try:
        formulas.compute(statistic.formula, [term.value for term in terms])
    except ValueError as error:
        return str(error)
    return "It has not been computed yet."
