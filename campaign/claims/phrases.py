"""Words around a figure that change what it says: a "not" before it, a rate over time ("one
every 8 minutes", "more than 40 a day"), a multiple said with "times" ("three times as many",
"3.5 times"), the endpoints of a change ("rose from 120 to 250"), and a direction with no
figure at all ("offences rose", "did not fall").

Used by wording.py while it reads a claim; the ranges these give are tabled in docs/claims.md.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from campaign.claims.ranges import (
    ABOUT,
    DIRECTION,
    FIGURE,
    FROM,
    PERCENT,
    PLAIN,
    RATE,
    RATE_WORD,
    TO,
    UNITS,
    Bounds,
    Expectation,
    figure_range,
    negate,
    places_of,
)

_UNIT = r"(?P<{name}>second|minute|hour|day|week|fortnight|month|year)"
# "not", "never", "no longer", "n't" ("hasn't", "didn't", "isn't"), "cannot", "neither/nor".
NEGATOR = re.compile(
    r"(?<![A-Za-z])(?:(?:has|have|had|did|does|do|is|are|was|were|will|would|could|has\s+been"
    r"|have\s+been)\s+)?(?:not(?!\s+(?:only|just)\b)|never|no\s+longer|neither|nor|cannot"
    r"|[A-Za-z]+n't)(?![A-Za-z])",
    re.IGNORECASE,
)
# A negation reaches no further back than the clause it is in.
_CLAUSE = re.compile(r"[,;:!?()\[\]]|\.(?![0-9])|\b(?:but|while|whereas|although|though)\b", re.I)
_FROM = re.compile(r"(?<![A-Za-z])from\s*$", re.IGNORECASE)
_TO = re.compile(r"(?<![A-Za-z])to\s*$", re.IGNORECASE)
BARE_RISE = ("rise", "rises", "rose", "risen", "rising", "increase", "increases", "increased",
             "increasing", "grow", "grows", "grew", "grown", "growing", "climb", "climbs",
             "climbed", "soar", "soared", "jump", "jumped", "go up", "goes up", "went up",
             "gone up", "going up")  # fmt: skip
BARE_FALL = ("fall", "falls", "fell", "fallen", "falling", "decrease", "decreases", "decreased",
             "decreasing", "decline", "declines", "declined", "declining", "drop", "drops",
             "dropped", "shrink", "shrinks", "shrank", "shrunk", "dip", "dipped", "go down",
             "goes down", "went down", "gone down", "going down")  # fmt: skip
_BARE = re.compile(
    r"(?<![A-Za-z])(?P<w>"
    + "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in BARE_RISE + BARE_FALL),
                      key=len, reverse=True))
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)  # fmt: skip
HALF = Decimal("0.5")


def unit_pattern(name: str) -> str:
    return _UNIT.format(name=name)


def negated_before(masked: str, start: int, end: int) -> str:
    """The negating words ("has not", "no longer") between `start` and `end` in the claim's
    clause, or ""."""
    window = masked[start:end]
    cut = 0
    for boundary in _CLAUSE.finditer(window):
        cut = boundary.end()
    hits = list(NEGATOR.finditer(window, cut))
    return window[hits[0].start() :].strip() if hits else ""


def apply_negation(expectation: Expectation, words: str) -> Expectation:
    if not words:
        return expectation
    negated = expectation
    for _ in NEGATOR.finditer(words):  # "not no longer a majority": each "not" turns it over
        negated = negate(negated)
    return replace(negated, phrase=f"{words} {expectation.phrase}".strip())


def endpoint_role(masked: str, start: int, seen_from: bool) -> str:
    """FROM for a number just after "from"; TO for one just after "to" once a "from" was read."""
    before = masked[max(0, start - 12) : start]
    if _FROM.search(before):
        return FROM
    if seen_from and _TO.search(before):
        return TO
    return ""


def rate(g: dict, qualifier: str, phrase: str, count) -> Expectation | None:
    """ "15 a week", "more than 40 a day": a rate per unit of time, rounded at its last
    non-zero digit (a rate is always a figure rounded from a count); "one every 8 minutes":
    one per interval, the interval rounded to what is stated (7.5 to 8.5 minutes)."""
    if g.get("ek") is not None:
        k = Decimal(_number_or_one(g["ek"], count))
        n = Decimal(_number_or_one(g["en"], count)) if g["en"] else Decimal(1)
        per = UNITS[g["eu"].lower()]
        if k <= 0 or n <= 0:
            return None
        if qualifier in (PLAIN, ABOUT):
            step = Decimal(1).scaleb(-places_of(n))
            low = k / (n + step * HALF)
            high = k / (n - step * HALF) if n > step * HALF else None
            bounds: Bounds = (low, high, False, True)
        else:
            bounds = figure_range(k / n, qualifier, Decimal(1), rounded=True)
        return Expectation(
            phrase, *bounds, scale=RATE, kind=RATE_WORD, qualifier=qualifier, figure=k / n,
            per=per, step=Decimal(1), precision=places_of(n),
        )  # fmt: skip
    figure = Decimal(_number_or_one(g["rn"], count))
    scale = {"thousand": 3, "k": 3, "million": 6, "m": 6, "bn": 9, "billion": 9}
    power = scale.get((g.get("rmag") or "").strip().lower(), 0)
    figure = figure.scaleb(power)
    per = UNITS[g["ru"].lower()]
    digits = g["rn"].replace(",", "").replace(" ", "")
    if not digits.replace(".", "").isdigit():
        step = Decimal(1)  # a number in words: "nine a day"
    elif places_of(Decimal(digits)) or not digits.isdigit():
        step = Decimal(1).scaleb(-places_of(Decimal(digits))).scaleb(power)
    else:
        step = Decimal(1).scaleb(len(digits) - len(digits.rstrip("0")) + power)
    bounds = figure_range(figure, qualifier, step, rounded=True)
    return Expectation(
        phrase, *bounds, scale=RATE, kind=RATE_WORD, qualifier=qualifier, figure=figure,
        per=per, step=step,
    )  # fmt: skip


def _number_or_one(text: str, count) -> Decimal | int:
    word = text.lower()
    if word in ("a", "an"):
        return 1
    if word.replace(",", "").replace(" ", "").replace(".", "").isdigit():
        return Decimal(word.replace(",", "").replace(" ", ""))
    return count(word)


def bare_direction(masked: str, claim: str, taken: list[tuple[int, int]]) -> Expectation | None:
    """A rise or fall said with no figure ("offences rose", "did not fall"), outside every
    figure's own words; read with its negation."""
    for hit in _BARE.finditer(masked):
        if any(start <= hit.start() < end for start, end in taken):
            continue
        word = " ".join(hit.group("w").lower().split())
        direction = 1 if word in BARE_RISE else -1
        phrase = claim[hit.start() : hit.end()]
        found = Expectation(phrase, None, None, scale=PERCENT, direction=direction, kind=DIRECTION)
        return apply_negation(found, negated_before(masked, max(0, hit.start() - 40), hit.start()))
    return None


def with_role(expectation: Expectation, role: str) -> Expectation:
    if not role or expectation.kind != FIGURE:
        return expectation
    return replace(expectation, role=role, direction=None)


__all__ = [
    "FROM",
    "TO",
    "apply_negation",
    "bare_direction",
    "endpoint_role",
    "negated_before",
    "rate",
    "unit_pattern",
    "with_role",
]
