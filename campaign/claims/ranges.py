"""What a wording allows: an `Expectation` is one range a value must fall in, and the rules
that turn a figure or fraction plus a qualifier ("almost", "more than", "about") into one.

The ranges are the contract documented in docs/claims.md; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

# What an expectation is compared with.
PERCENT = "percent"  # a percentage: a share, or the size of a percent change
NUMBER = "number"  # a count, £, or any other plain number
MULTIPLE = "multiple"  # a percent change said as a multiple ("doubled" = a rise of 100%)
RATE = "rate"  # a count said as a rate over time ("15 a week"): compared per `per` seconds

# What kind of words it came from (the honest wording follows the claim's own style).
STATED = "stated"  # a stated percentage: "25%", "24.7 per cent"
POINTS = "points"  # "5 percentage points"
VERBAL = "verbal"  # "almost half", "a quarter", "one in four", "the majority"
MULTIPLE_WORD = "multiple"  # "doubled", "almost halved", "a threefold rise"
FIGURE = "number"  # "more than 33,000", "£1.2 million", "33,226"
PUBLISHED = "value"  # the published value of a derived statistic (see figures.py)
RATE_WORD = "rate"  # "one every 8 minutes", "more than 40 a day"
DIRECTION = "direction"  # a direction with no figure: "rose", "did not fall"

# Endpoints of a change ("rose from 120 to 250"): which input each number is.
FROM, TO = "from", "to"

# Qualifiers, by meaning; every spelling maps to one of these (wording.QUALIFIERS).
PLAIN = ""
ABOUT = "about"
ALMOST = "almost"
MORE = "more than"
AT_LEAST = "at least"
UP_TO = "up to"
LESS = "less than"

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_HALF = Decimal("0.5")
# (low, high, low_inclusive, high_inclusive): a range in the value's units, a bound None if open
Bounds = tuple[Decimal | None, Decimal | None, bool, bool]


@dataclass(frozen=True, slots=True)
class Expectation:
    """One thing a claim says about the value: it lies between `low` and `high`.

    A bound of None is open. With a `direction` (+1 a rise, -1 a fall) the value must have that
    sign and its size is compared with the range. `figure` is the number the words state, in
    the value's units (33000 for "33,000", 25 for "a quarter", 100 for "doubled"); `step` is the
    unit it was rounded to ("33,000" about -> 1000; "24.7%" -> 0.1).
    """

    phrase: str
    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool = True
    high_inclusive: bool = False
    scale: str = PERCENT
    direction: int | None = None
    precision: int | None = None
    kind: str = STATED
    qualifier: str = PLAIN
    figure: Decimal | None = None
    step: Decimal | None = None
    money: bool = False
    word: str = ""  # the noun that gave the direction ("increase", "fall"), if any
    negated: bool = False  # "not", "no longer", "n't" before it: the value must NOT be in range
    role: str = ""  # FROM or TO for an endpoint of a change ("from 120 to 250")
    per: Decimal | None = None  # a rate: seconds in its unit of time (a day: 86400)

    def sign_holds(self, value: Decimal) -> bool:
        return self.direction is None or value * self.direction > 0

    def in_range(self, value: Decimal) -> bool:
        """The value (its size, when the expectation has a direction) is within the range."""
        if self.direction is not None:
            value = abs(value)
        if self.low is not None and (
            value < self.low or (value == self.low and not self.low_inclusive)
        ):
            return False
        if self.high is None or value < self.high:
            return True
        return value == self.high and self.high_inclusive

    def holds(self, value: Decimal) -> bool:
        inside = self.sign_holds(value) and self.in_range(value)
        return not inside if self.negated else inside

    def describe(self) -> str:
        """The range in words: "between 40% and 50%", "above 33,000", "a rise of at least 100%"."""
        show = self._show
        low, high = self.low, self.high
        if self.direction is None:
            above, below = "above", "below"
            prefix = ""
        else:
            above, below = "more than", "less than"
            prefix = "a rise of " if self.direction > 0 else "a fall of "
        if low is not None and high is not None:
            if low == high:
                text = f"exactly {show(low)}"
            else:
                text = f"between {show(low)} and {show(high)}"
        elif low is not None:
            text = f"at least {show(low)}" if self.low_inclusive else f"{above} {show(low)}"
        elif high is not None:
            text = f"at most {show(high)}" if self.high_inclusive else f"{below} {show(high)}"
        else:
            text = ""
            prefix = prefix.removesuffix(" of ") or "any value"
        if self.per is not None:
            text += f" {per_unit(self.per)}"
        return ("not " if self.negated else "") + prefix + text

    def _show(self, bound: Decimal) -> str:
        if self.scale == RATE:
            return format_significant(bound)
        if self.scale == NUMBER:
            return ("£" if self.money else "") + format_decimal(bound)
        return f"{format_decimal(bound)}%"


UNITS = {  # seconds in each unit of time a rate can be given in
    "second": Decimal(1),
    "minute": Decimal(60),
    "hour": Decimal(3600),
    "day": Decimal(86400),
    "week": Decimal(7 * 86400),
    "fortnight": Decimal(14 * 86400),
    "month": Decimal(365 * 86400) / 12,
    "year": Decimal(365 * 86400),
}


def per_unit(seconds: Decimal) -> str:
    name = next((n for n, s in UNITS.items() if s == seconds), "")
    return f"a {name}" if name else f"per {format_decimal(seconds)} seconds"


def negate(expectation: Expectation) -> Expectation:
    """The expectation read with a "not" before it. A bound is turned over where the words say
    which side is meant ("not more than half": at most half; "has not doubled": a rise below
    the doubled range, or a fall; "has not halved": a fall smaller than that, or a rise);
    otherwise the value must lie outside the range ("not a quarter", "no longer a majority").
    Either way a value that held before does not hold now."""
    e = expectation
    flip = {  # qualifier: (low, high, low inclusive, high inclusive, the qualifier it becomes)
        MORE: (None, e.low, True, not e.low_inclusive, UP_TO),
        AT_LEAST: (None, e.low, True, not e.low_inclusive, LESS),
        UP_TO: (e.high, None, not e.high_inclusive, False, MORE),
        LESS: (e.high, None, not e.high_inclusive, False, AT_LEAST),
    }
    bounded = e.low is not None if e.qualifier in (MORE, AT_LEAST) else e.high is not None
    if e.direction is None and e.per is None and e.qualifier in flip and bounded:
        low, high, low_inc, high_inc, qualifier = flip[e.qualifier]
        return _replace(e, low, high, low_inc, high_inc, qualifier=qualifier)
    signed = (
        e.scale == MULTIPLE and e.direction is not None and e.qualifier in (PLAIN, ABOUT, ALMOST)
    )
    if signed and e.low is not None:
        # compared signed: a rise below the range (or any fall); a fall smaller than the range
        if e.direction == 1:
            return _replace(e, None, e.low, True, not e.low_inclusive, direction=None)
        return _replace(e, -e.low, None, not e.low_inclusive, False, direction=None)
    return _replace(e, e.low, e.high, e.low_inclusive, e.high_inclusive, negated=not e.negated)


def _replace(e: Expectation, low, high, low_inc, high_inc, **changes) -> Expectation:
    phrase = changes.pop("phrase", e.phrase)
    return replace(
        e, low=low, high=high, low_inclusive=low_inc, high_inclusive=high_inc, phrase=phrase,
        qualifier=changes.pop("qualifier", e.qualifier), **changes,
    )  # fmt: skip


def format_decimal(value: Decimal, places: int | None = None) -> str:
    """'33,226', '24.7', '36.67': thousands separators; `places` rounds half-up to that many
    decimals, otherwise at most two decimals are shown, without trailing zeros."""
    if places is None:
        text = f"{round_half_up(value, 2):,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{round_half_up(value, places):,f}"
    return "0" if text.lstrip("-").strip("0.,") == "" else text


def format_significant(value: Decimal, digits: int = 3) -> str:
    """At least `digits` significant digits for a small number (0.125, 0.0417), at most two
    decimals for a larger one (38.36, 1,250)."""
    if value == 0 or abs(value) >= 10 ** (digits - 1):
        return format_decimal(value)
    places = digits - 1 - value.adjusted()
    return format_decimal(value, places).rstrip("0").rstrip(".")


def round_half_up(value: Decimal, places: int) -> Decimal:
    """24.65 -> 24.7 at one place; -24.65 -> -24.7 (half away from zero, like a press office)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def places_of(value: Decimal) -> int:
    """Decimal places as written: Decimal('24.7') -> 1, Decimal('25') -> 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rounding_range(figure: Decimal, step: Decimal) -> tuple[Decimal, Decimal]:
    """The values that round half-up to `figure` at `step`: 25 at 1 -> [24.5, 25.5)."""
    return figure - step * _HALF, figure + step * _HALF


def figure_range(figure: Decimal, qualifier: str, step: Decimal, *, rounded: bool) -> Bounds:
    """(low, high, low_inclusive, high_inclusive) for a stated number or percentage.

    Plain: rounds to the figure at `step` when `rounded` (percentages, "1.2 million"),
    otherwise exactly the figure ("33,226"). About: rounds to it. Almost: [90% of it, it).
    More than: above it. At least: it or more. Up to: at most it. Less than: below it.
    """
    if qualifier == PLAIN and not rounded:
        return figure, figure, True, True
    if qualifier in (PLAIN, ABOUT):
        low, high = rounding_range(figure, step)
        return low, high, True, False
    return {
        ALMOST: (figure * Decimal("0.9"), figure, True, False),
        MORE: (figure, None, False, False),
        AT_LEAST: (figure, None, True, False),
        UP_TO: (None, figure, True, True),
        LESS: (None, figure, True, False),
    }[qualifier]


def fraction_range(fraction: Decimal, qualifier: str, plain: Bounds | None = None) -> Bounds:
    """(low, high, low_inclusive, high_inclusive) in percent for a fraction (a quarter = 25).

    Plain or about: within a tenth of it ([22.5, 27.5] for a quarter) unless `plain` gives the
    range ("one in four" uses rounding). Almost, just under, less than: at least four fifths of
    it and below it ("almost half" = [40, 50)). More than: above it, by at most a quarter of it
    ("more than a fifth" = (20, 25]). At least: it up to a quarter more. Up to: [4/5 of it, it].
    """
    if qualifier in (PLAIN, ABOUT):
        if plain is not None:
            return plain
        return fraction * Decimal("0.9"), min(fraction * Decimal("1.1"), HUNDRED), True, True
    near = fraction * Decimal("0.8")
    above = min(fraction * Decimal("1.25"), HUNDRED)
    return {
        ALMOST: (near, fraction, True, False),
        LESS: (near, fraction, True, False),
        UP_TO: (near, fraction, True, True),
        MORE: (fraction, above, False, True),
        AT_LEAST: (fraction, above, True, True),
    }[qualifier]


def one_in_range(k: int, n: int) -> Bounds:
    """ "K in N": the share whose N rounds to the stated one: [100K/(N+½), 100K/(N−½))."""
    return HUNDRED * k / (n + _HALF), HUNDRED * k / (n - _HALF), True, False


def multiple_range(
    multiple: Decimal, qualifier: str
) -> tuple[Decimal | None, Decimal | None, bool, bool, int]:
    """(low, high, low_inclusive, high_inclusive, direction) as the size of a percent change.

    A rise to M times: plain within 5% of M (doubled = a rise of 90% to 110%); almost: from
    90% of M up to M (almost doubled = [80%, 100%)); more than: above M (> 100%); at least: M
    or more. Halved: a fall of 45% to 55%; almost halved [40%, 50%); more than halved (50%, 100%].
    """
    if multiple < 1:
        size = (1 - multiple) * HUNDRED
        low, high, low_inc, high_inc = fraction_range(size, qualifier)
        if qualifier in (MORE, AT_LEAST):
            high = HUNDRED
        return low, high, low_inc, high_inc, -1

    def change(m: Decimal) -> Decimal:
        return (m - 1) * HUNDRED

    rise = change(multiple)
    bounds = {
        PLAIN: (change(multiple * Decimal("0.95")), change(multiple * Decimal("1.05")), True, True),
        ALMOST: (change(multiple * Decimal("0.9")), rise, True, False),
        LESS: (change(multiple * Decimal("0.9")), rise, True, False),
        UP_TO: (change(multiple * Decimal("0.9")), rise, True, True),
        MORE: (rise, None, False, False),
        AT_LEAST: (rise, None, True, False),
    }
    bounds[ABOUT] = bounds[PLAIN]
    return (*bounds[qualifier], 1)
