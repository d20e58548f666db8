"""Small text and date helpers for demo rows: wording a figure the way a campaign would publish
it, filling templates from the word lists, and picking dates."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TypeVar

from campaign.demo import words

_T = TypeVar("_T")

# Published wording for a percentage, in the order a campaign would reach for them; the
# first the claim checker accepts for the figure is used (see share_wording).
_SHARE_PHRASES = (
    "nine in ten",
    "three quarters",
    "two thirds",
    "more than half",
    "around half",
    "almost half",
    "around a third",
    "around a quarter",
    "more than a fifth",
    "one in five",
    "one in six",
    "one in seven",
    "one in eight",
    "one in nine",
    "more than one in ten",
    "one in ten",
    "fewer than one in ten",
)


def pick(rng: random.Random, weighted: Sequence[tuple[_T, int]]) -> _T:
    """One of the values of (value, weight) pairs, as likely as its weight."""
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def fill(rng: random.Random, template: str) -> str:
    """Fill {product}, {feature}, {harm}, {place}, {age} placeholders from the word lists."""
    return template.format(
        product=rng.choice(words.PRODUCTS).lower(),
        feature=rng.choice(words.FEATURES),
        harm=rng.choice(words.HARMS),
        place=rng.choice(words.PLACES),
        age=rng.randint(11, 17),
    )


def share_wording(percent: Decimal) -> str:
    """Decimal('44.2') -> 'almost half (44%)': the first phrase the claim checker accepts for
    the figure (demo claims are honest unless made wrong on purpose), else the percentage
    alone."""
    rounded = f"{percent.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"
    for phrase in _SHARE_PHRASES:
        wording = f"{phrase} ({rounded})"
        if _holds(wording, percent):
            return wording
    return rounded


def _holds(wording: str, percent: Decimal) -> bool:
    from campaign.claims import Verdict, check_claim
    from campaign.models import StatisticUnit

    check = check_claim(wording, percent, unit=StatisticUnit.PERCENT, formula=None)
    return check.verdict is Verdict.CONSISTENT


def count_wording(value: Decimal) -> str:
    """Decimal('7312') -> 'more than 7,300': two significant figures, rounded down."""
    if value < 100:
        return f"{value:,}"
    step = Decimal(10) ** (len(str(int(value))) - 2)
    floor = (value / step).to_integral_value(rounding=ROUND_DOWN) * step
    return f"more than {int(floor):,}" if floor < value else f"{int(floor):,}"


def money_wording(value: Decimal) -> str:
    """Decimal('1234567.89') -> '£1.2 million' (rounded, as "£1.2 million" is read); smaller
    sums to the pound."""
    if value >= 1_000_000:
        millions = (value / 1_000_000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"£{millions} million"
    return f"£{int(value):,}"


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def financial_year(start_year: int) -> tuple[str, date, date]:
    """2023 -> ('2023/24', 2023-04-01, 2024-03-31): the UK financial year."""
    return (
        f"{start_year}/{(start_year + 1) % 100:02d}",
        date(start_year, 4, 1),
        date(start_year + 1, 3, 31),
    )


def person(rng: random.Random) -> tuple[str, str]:
    """A staff member's name and an example.org address."""
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    return f"{first} {last}", f"{first}.{last}@example.org".lower()


def key(prefix: str, kind: str, number: int) -> str:
    """'demo-1-', 'statistic', 7 -> 'demo-1-statistic-0007'."""
    return f"{prefix}{kind}-{number:04d}"
