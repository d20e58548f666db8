"""The nearest honest wording for a value, in the claim's own style.

A percent change: "a 25% rise", "a 12% fall", or a multiple ("almost doubled") when the claim
used one. A share: a verbal quantifier that holds plus the rounded percentage ("almost half
(44%)", "a quarter (26%)", "more than a fifth (21%)"), or just the percentage when the claim
stated only a percentage. A number: the number with the claim's qualifier, rounded as the
claim rounded ("more than 33,000"), or exactly ("33,226").
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from campaign.claims.ranges import (
    ABOUT,
    ALMOST,
    AT_LEAST,
    FIGURE,
    HUNDRED,
    LESS,
    MORE,
    MULTIPLE,
    PERCENT,
    PLAIN,
    POINTS,
    STATED,
    UNITS,
    UP_TO,
    VERBAL,
    Expectation,
    format_decimal,
    format_significant,
    fraction_range,
    multiple_range,
    one_in_range,
    per_unit,
    round_half_up,
)
from campaign.claims.wording import NUMBER_WORDS

# The style groups a suggestion is drawn from; a claim's own style is tried first.
_FRACTIONS: dict[str, int | Decimal] = {
    "half": 2, "a third": 3, "two thirds": Decimal(3) / 2, "a quarter": 4,
    "three quarters": Decimal(4) / 3, "a fifth": 5, "a tenth": 10,
}  # fmt: skip
_MULTIPLES: dict[str, int | Decimal] = {
    "doubled": 2, "tripled": 3, "quadrupled": 4, "halved": Decimal("0.5"),
}  # fmt: skip
_PREFIX = {PLAIN: "", ALMOST: "almost ", MORE: "more than "}
_BELOW = {ALMOST: "almost", LESS: "less than", UP_TO: "up to"}
_WORDS = {n: w for w, n in NUMBER_WORDS.items()}
_MAGNITUDE = re.compile(r"(?<=[0-9])\s?(million|billion|thousand|bn|mn|m|k)\b", re.IGNORECASE)
_POWERS = {"thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9}


def _candidates(style: str, qualifier: str) -> list[Expectation]:
    if style == "one_in":
        return [
            Expectation(f"{_PREFIX[qualifier]}1 in {n}", *fraction_range(
                HUNDRED / n, qualifier, one_in_range(1, n)), kind=VERBAL, qualifier=qualifier,
                figure=HUNDRED / n)
            for n in range(2, 21)
        ]  # fmt: skip
    if style == "majority":
        return [
            Expectation("almost all", Decimal(90), HUNDRED, True, False, kind=VERBAL),
            Expectation("the majority", Decimal(50), HUNDRED, False, True, kind=VERBAL),
            Expectation("a minority", Decimal(0), Decimal(50), True, False, kind=VERBAL),
        ]
    return [
        Expectation(f"{_PREFIX[qualifier]}{words}", *fraction_range(HUNDRED / d, qualifier),
                    kind=VERBAL, qualifier=qualifier, figure=HUNDRED / d)
        for words, d in _FRACTIONS.items()
    ]  # fmt: skip


_GROUPS = {
    (style, q): tuple(_candidates(style, q))
    for style in ("fraction", "one_in")
    for q in (PLAIN, ALMOST, MORE)
}
_GROUPS["majority", PLAIN] = tuple(_candidates("majority", PLAIN))


def honest_wording(
    value: Decimal, kind: str, expectations: tuple[Expectation, ...], *, money: bool = False
) -> str:
    """The nearest honest wording for `value` of `kind` (change, share, percent, ratio,
    number), following the style of `expectations` (what the claim said)."""
    if kind == "change":
        return change_wording(value, expectations)
    if kind in ("share", "percent"):
        return share_wording(value, expectations, verbal_default=kind == "share")
    return number_wording(value, expectations, money=money)


def change_wording(value: Decimal, expectations: tuple[Expectation, ...]) -> str:
    multiple = next((e for e in expectations if e.scale == MULTIPLE), None)
    if multiple is not None:
        for group in _MULTIPLE_GROUPS[_family(multiple.qualifier)]:
            holding = [e for e in group if e.holds(value)]
            if holding:
                return min(holding, key=lambda e: abs(abs(value) - _figure(e))).phrase
    stated = next((e for e in expectations if e.kind == STATED), None)
    places = (stated.precision or 0) if stated else 0
    size = round_half_up(abs(value), places)
    if size == 0:
        return f"no change ({format_decimal(size, places)}%)"
    word = next((e.word for e in expectations if e.word and e.direction == _sign(value)), "")
    word = word or ("rise" if value > 0 else "fall")
    figure = format_decimal(size, places)
    article = "an" if figure.startswith("8") or figure.split(".")[0] in ("11", "18") else "a"
    return f"{article} {figure}% {word}"


def share_wording(
    value: Decimal, expectations: tuple[Expectation, ...], *, verbal_default: bool = True
) -> str:
    points = next((e for e in expectations if e.kind == POINTS), None)
    if points is not None:
        return f"{format_decimal(value, points.precision or 0)} percentage points"
    verbal = next((e for e in expectations if e.kind == VERBAL), None)
    stated = next((e for e in expectations if e.kind == STATED and e.scale == PERCENT), None)
    places = (stated.precision or 0) if stated else 0
    if verbal is None and (stated is not None or not verbal_default):
        return f"{format_decimal(value, places)}%"
    chosen = _verbal(value, verbal)
    if chosen is None:
        return f"{format_decimal(value, places)}%"
    while places < 4 and not chosen.holds(round_half_up(value, places)):
        places += 1  # "almost half (49.6%)", never "almost half (50%)"
    return f"{chosen.phrase} ({format_decimal(value, places)}%)"


def number_wording(
    value: Decimal, expectations: tuple[Expectation, ...], *, money: bool = False
) -> str:
    pound = "£" if money else ""
    figure = next((e for e in expectations if e.kind == FIGURE), None)
    if figure is None or figure.step is None:
        return f"{pound}{format_decimal(value, places_of_value(value))}"
    step, qualifier = figure.step, figure.qualifier
    magnitude = _MAGNITUDE.search(figure.phrase)
    power = _POWERS[magnitude.group(1).lower()] if magnitude else 0

    def show(number: Decimal) -> str:
        shown = format_decimal(number.scaleb(-power), max(0, -step.scaleb(-power).adjusted()))
        return f"{pound}{shown}" + (magnitude.group(0) if magnitude else "")

    step = _useful_step(value, step)
    down = (value / step).to_integral_value(ROUND_FLOOR) * step
    up = (value / step).to_integral_value(ROUND_CEILING) * step
    if qualifier == MORE and value > 0:
        below = down if down < value else down - step
        while step > 1 and below < value * Decimal("0.9"):  # never "more than 0": finer
            step = step / 10
            below = (value / step).to_integral_value(ROUND_FLOOR) * step
            below = below if below < value else below - step
        return f"more than {show(below)}"
    if qualifier == AT_LEAST:
        return f"at least {show(down)}"
    if qualifier in (ALMOST, LESS, UP_TO) and value > 0:
        top = up if up > value or qualifier == UP_TO else up + step
        if qualifier != ALMOST or value >= top * Decimal("0.9"):
            return f"{_BELOW[qualifier]} {show(top)}"
    if qualifier == ABOUT or (qualifier == PLAIN and figure.low != figure.high):
        if round_half_up(value / step, 0) == 0:
            step = step / 10
        prefix = "about " if qualifier == ABOUT else ""
        return f"{prefix}{show(round_half_up(value / step, 0) * step)}"
    return f"{pound}{format_decimal(value, places_of_value(value))}"


def _useful_step(value: Decimal, step: Decimal) -> Decimal:
    """The claim's rounding step, made finer (by tens) until the value keeps at least one
    significant digit at it: 943 against "more than 1,000" is worded in hundreds, not "0"."""
    value = abs(value)
    while step > 1 and value > 0 and step > value:
        step = step / 10
    return step


def rate_wording(expectation: Expectation, rate: Decimal) -> str:
    """The nearest honest rate in the claim's own style: "one every 9 minutes", "about 38 a
    day", "more than 38 a day" (`rate` is per the expectation's unit of time)."""
    unit_seconds = expectation.per
    if unit_seconds is None:
        raise ValueError(f"“{expectation.phrase}” is not a rate")
    if rate <= 0:
        return "none"
    if "every" in expectation.phrase.lower():
        interval = unit_seconds / rate  # seconds between two
        names = sorted(UNITS.items(), key=lambda item: item[1], reverse=True)
        name, seconds = next(((n, s) for n, s in names if interval >= s), names[-1])
        count = round_half_up(interval / seconds, expectation.precision or 0)
        if count == 1:
            return f"one every {name}"
        return f"one every {format_decimal(count)} {name}s"
    step = Decimal(1).scaleb(max(rate.adjusted() - 1, 0))  # two significant figures
    unit = per_unit(unit_seconds)
    qualifier = _family(expectation.qualifier)
    if qualifier == MORE:
        below = (rate / step).to_integral_value(ROUND_FLOOR) * step
        below = below if below < rate else below - step
        if below > 0:
            return f"more than {format_decimal(below)} {unit}"
    if qualifier == ALMOST:
        above = (rate / step).to_integral_value(ROUND_CEILING) * step
        above = above if above > rate else above + step
        if rate >= above * Decimal("0.9"):
            return f"almost {format_decimal(above)} {unit}"
    rounded = round_half_up(rate / step, 0) * step
    if rounded == 0:
        return f"{format_significant(rate, 2)} {unit}"
    return f"about {format_decimal(rounded)} {unit}"


def places_of_value(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0


def _verbal(value: Decimal, verbal: Expectation | None) -> Expectation | None:
    if verbal is None:
        style, qualifier = "fraction", PLAIN
    elif verbal.figure is None:
        style, qualifier = "majority", PLAIN
    else:
        style = "one_in" if " in " in verbal.phrase or " out of " in verbal.phrase else "fraction"
        qualifier = _family(verbal.qualifier)
    order = [(style, qualifier), (style, PLAIN), (style, ALMOST), (style, MORE)]
    if style != "fraction":
        order += [("fraction", PLAIN), ("fraction", ALMOST), ("fraction", MORE)]
    order.append(("majority", PLAIN))
    digits = verbal is not None and verbal.phrase[:1].isdigit()
    for key in dict.fromkeys(order):
        if key not in _GROUPS:
            continue
        holding = [e for e in _GROUPS[key] if e.holds(value)]
        if holding:
            best = min(holding, key=lambda e: abs(value - (e.figure or value)))
            if key[0] == "one_in" and not digits:
                return _in_words(best)
            return best
    return None


def _in_words(expectation: Expectation) -> Expectation:
    prefix, _, rest = expectation.phrase.rpartition("1 in ")
    words = f"{prefix}one in {_WORDS[int(rest)]}"
    return Expectation(words, expectation.low, expectation.high, expectation.low_inclusive,
                       expectation.high_inclusive, kind=VERBAL)  # fmt: skip


def _multiples(qualifier: str) -> list[list[Expectation]]:
    """Groups of multiple wordings: the claim's qualifier first, then plain, almost, more."""
    groups = []
    for q in dict.fromkeys((qualifier, PLAIN, ALMOST, MORE)):
        group = []
        for words, multiple in _MULTIPLES.items():
            m = Decimal(multiple)
            low, high, low_inc, high_inc, direction = multiple_range(m, q)
            group.append(
                Expectation(f"{_PREFIX[q]}{words}", low, high, low_inc, high_inc, MULTIPLE,
                            direction, kind="multiple", qualifier=q, figure=abs(m - 1) * HUNDRED)
            )  # fmt: skip
        groups.append(group)
    return groups


_MULTIPLE_GROUPS = {q: _multiples(q) for q in (PLAIN, ALMOST, MORE)}


def _figure(expectation: Expectation) -> Decimal:
    """The number one of our own wordings states (each one built here states one)."""
    if expectation.figure is None:
        raise ValueError(f"“{expectation.phrase}” states no number")
    return expectation.figure


def _family(qualifier: str) -> str:
    """About -> plain; less than, up to -> almost; at least -> more than."""
    return {ABOUT: PLAIN, LESS: ALMOST, UP_TO: ALMOST, AT_LEAST: MORE}.get(qualifier, qualifier)


def _sign(value: Decimal) -> int:
    return 1 if value > 0 else -1
