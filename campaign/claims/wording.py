"""Reading a published claim into what its words allow.

`parse_claim("almost half (44%)")` gives two expectations, both of which must hold: "almost
half" (a share in [40%, 50%)) and "44%" (rounds to 44: [43.5%, 44.5%)). Years, periods
("2022/23"), dates, ages and footnote markers are not figures and are skipped. The wordings
understood, and the range each maps to, are tabled in docs/claims.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from campaign.claims import phrases
from campaign.claims.ranges import (
    ABOUT,
    ALMOST,
    AT_LEAST,
    FIGURE,
    HUNDRED,
    LESS,
    MORE,
    MULTIPLE,
    MULTIPLE_WORD,
    NUMBER,
    PERCENT,
    PLAIN,
    POINTS,
    STATED,
    UP_TO,
    VERBAL,
    Bounds,
    Expectation,
    figure_range,
    fraction_range,
    multiple_range,
    one_in_range,
    places_of,
    rounding_range,
)

QUALIFIERS = {
    **dict.fromkeys(
        ["almost", "nearly", "just under", "just below", "not quite", "just short of"], ALMOST
    ),
    **dict.fromkeys(
        [
            "about",
            "around",
            "roughly",
            "approximately",
            "approx.",
            "approx",
            "some",
            "circa",
            "c.",
            "~",
            "close to",
            "an estimated",
            "an average of",
        ],
        ABOUT,
    ),
    **dict.fromkeys(
        [
            "more than",
            "over",
            "above",
            "upwards of",
            "in excess of",
            "greater than",
            "higher than",
            "just over",
            "just above",
            "well over",
            "well above",
        ],
        MORE,
    ),
    **dict.fromkeys(["at least", "no fewer than", "no less than", "a minimum of"], AT_LEAST),
    **dict.fromkeys(["up to", "as many as", "no more than", "at most", "a maximum of"], UP_TO),
    **dict.fromkeys(["less than", "fewer than", "under", "below"], LESS),
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
MULTIPLES: dict[str, int | Decimal] = {
    "doubl": 2, "double": 2, "trebl": 3, "treble": 3, "tripl": 3, "triple": 3, "quadrupl": 4,
    "quadruple": 4, "halv": Decimal("0.5"), "halve": Decimal("0.5"),
}  # fmt: skip
MAJORITY: dict[str, Bounds] = {  # word -> (low, high, low_inclusive, high_inclusive)
    "majority": (Decimal(50), HUNDRED, False, True),
    "most": (Decimal(60), HUNDRED, False, True),  # readers hear far more than half (docs)
    "vast majority": (Decimal(80), HUNDRED, True, True),
    "minority": (Decimal(0), Decimal(50), True, False),
    "almost all": (Decimal(90), HUNDRED, True, False),
}
RISE_WORDS = frozenset({
    "increase", "increases", "increased", "rise", "rises", "rose", "risen", "rising", "grew",
    "grown", "growth", "jump", "jumps", "jumped", "climbed", "surge", "surged", "soared", "uplift",
    "hike", "up", "higher", "more", "went up", "gone up",
})  # fmt: skip
FALL_WORDS = frozenset({
    "fall", "falls", "fell", "fallen", "falling", "decrease", "decreases", "decreased", "decline",
    "declines", "declined", "drop", "drops", "dropped", "reduction", "reductions", "reduced", "cut",
    "dip", "dipped", "shrank", "shrunk", "down", "lower", "fewer", "less", "went down",
})  # fmt: skip
NOUNS = {"increase", "rise", "jump", "growth", "surge", "uplift", "hike", "fall", "decrease",
         "decline", "drop", "reduction", "cut", "dip"}  # fmt: skip


def _alternation(words) -> str:
    """Longest first, so "more than" wins over "more"; spaces match any whitespace."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_WORD_NUMBER = _alternation(NUMBER_WORDS)
_DIGITS = r"(?>(?:[0-9]{1,3}(?:[, ][0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?)"
_NUM = rf"(?<![0-9A-Za-z.,]){_DIGITS}(?![0-9A-Za-z])"
_PCT = r"\s?%|\s?per\s?cent\b"
_TOKEN = re.compile(
    rf"""
    (?=\S)(?<![A-Za-z])(?:(?P<q>{_alternation(QUALIFIERS)})(?:\s+|(?<=[~.])))?
    (?:
      (?P<ek>{_WORD_NUMBER}|an?|[0-9]{{1,3}})(?:\s+(?!every\b)[a-z][a-z-]*){{0,3}}?\s+every\s+
        (?:(?P<en>{_WORD_NUMBER}|{_DIGITS})\s+)?{phrases.unit_pattern("eu")}s?\b
    | (?P<rn>(?<![0-9A-Za-z.,]){_DIGITS}|{_WORD_NUMBER})(?P<rmag>\s?(?:thousand|million|k|m|bn)\b)?
        (?:\s+(?!(?:an?|per|each|every|in|of|and|or)\b)[a-z][a-z-]*){{0,3}}?
        \s+(?:an?|per|each)\s+{phrases.unit_pattern("ru")}\b
    | (?P<times>twice|thrice
        |(?:{_WORD_NUMBER}|[0-9]{{1,2}}(?:\.[0-9]+)?)(?P<andhalf>\s+and\s+a\s+half)?\s*(?:times|x))
        (?:\s+(?:as\s+(?:many|much|high|likely|large|big|great|often|common)|higher|more
                |greater|larger|bigger)\b
          |(?=\s+(?:the|that|than|what|its|their|over)\b)
          |(?:(?<=twice)|(?<=thrice))(?!\s+(?:an?|per|each|every)\s+[a-z]))
    | (?P<xtimes>[0-9]{{1,2}}\.[0-9]+)\s*times\b
    | (?:between\s+(?P<r1>{_NUM})\s?(?:%|per\s?cent)?\s+and
        |(?P<r1d>{_NUM})\s?(?:%|per\s?cent)?\s*[-–])\s*(?P<r2>{_NUM})(?:{_PCT})
    | (?P<mult>(?:doubl|trebl|tripl|quadrupl|halv)(?:ed|ing)|double|treble|triple|quadruple|halve)\b
    | (?P<fold>{_WORD_NUMBER}|[0-9]{{1,2}}(?:\.[0-9]+)?)[\s-]?fold\b
    | (?P<k>{_WORD_NUMBER}|(?<![0-9.,])[0-9]{{1,2}})\s+(?:in|out\s+of)\s+(?:every\s+)?
        (?P<n>{_WORD_NUMBER}|[0-9]{{1,3}})\b
    | (?P<major>(?:the|a)\s+(?:vast|overwhelming)\s+majority|(?:the\s+|a\s+)?majority
        |(?<!the\s)(?<!at\s)\bmost\b|(?:a\s+)?minority|(?:almost|nearly|virtually|practically)\s+all\b)
    | (?:(?P<fnum>a|an|{_WORD_NUMBER})[\s-]+(?P<den>{_alternation(DENOMINATORS)})s?\b
        |\b(?P<half>half)\b)
    | (?P<cur>£|\$|€)?\s?(?P<neg>-(?=[0-9]))?(?P<num>(?<![0-9A-Za-z.,]){_DIGITS})
      (?:\s?(?P<mag>million|billion|thousand|bn|mn|m|k)\b)?
      (?P<pct>{_PCT}|\s+percentage\s+points?\b|\s?pp\b)?(?![0-9A-Za-z])
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_NOT_FIGURES = re.compile(
    rf"""
      \b(?:19|20)[0-9]{{2}}\s*[-–/]\s*(?:(?:19|20)[0-9]{{2}}|[0-9]{{2}})\b    # 2022/23, 2021-2022
    | \b[0-9]{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b                         # 31 March
    | \b[0-9]+(?:st|nd|rd|th)\b | \b(?:fy|q|h)[0-9]{{1,4}}\b               # 3rd, FY23, Q1
    | \[\s*[0-9]+\s*\] | \([0-9]{{1,2}}\) | \b(?:foot)?notes?\s+[0-9]+ | \bfn\s?[0-9]+
    | \b(?:page|p\.|section|s\.|clause|part|schedule|article|annex|table|figure|chart)\s?[0-9]+
    | \b(?:in|over|within|during|after|for|(?:the\s+)?(?:last|past|previous|next))\s+
        (?:the\s+)?(?:last\s+|past\s+)?[0-9]+\s+(?:years?|months?|weeks?|days?|decades?)\b
    | \b[0-9]+\s+(?:years?|months?|weeks?|days?)\s+(?:ago|earlier|before|later|old)\b
    | \b[0-9]+(?:\s*[-–]\s*[0-9]+)?[\s-]+years?[\s-]+olds?\b
    | \baged?\s+[0-9]+(?:\s*(?:[-–]|to)\s*[0-9]+)?
    | \bunder[\s-][0-9]+s\b | \b(?:first|second|last|past)\s+half\b | \bhalf[\s-](?:year|term)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_AFTER = re.compile(
    r"\s*(?:[-–]\s*)?(?:(?:year|month)[\s-]+on[\s-]+(?:year|month)\s+|annual\s+|overall\s+)?"
    rf"(?P<w>{_alternation(RISE_WORDS | FALL_WORDS)})\b",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    rf"\b(?P<w>{_alternation(RISE_WORDS | FALL_WORDS)})"
    r"\s+(?:by\s+|of\s+)?(?:a\s+|an\s+)?$",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"(?:ed|ing)$")
_SAME_LENGTH = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2009": " ",
     "\u202f": " ", "\u2212": "-", "\u2010": "-", "\u2011": "-"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedClaim:
    text: str
    expectations: tuple[Expectation, ...]
    problem: str = ""  # why nothing could be read, or ""


@lru_cache(maxsize=8192)
def parse_claim(text: str) -> ParsedClaim:
    """Every figure and quantifier in `text`, each as an Expectation; all must hold."""
    claim = " ".join((text or "").split())
    if not claim:
        return ParsedClaim(claim, (), "No claim recorded")
    plain = claim.translate(_SAME_LENGTH)
    masked = _NOT_FIGURES.sub(lambda m: " " * len(m.group()), plain)
    found: list[Expectation] = []
    taken: list[tuple[int, int]] = []
    previous_end, seen_from = 0, False
    for match in _TOKEN.finditer(masked):
        expectation = _read(match, claim, masked)
        if expectation is None:
            continue
        if match.group("num") is not None:
            role = phrases.endpoint_role(masked, match.start(), seen_from)
            seen_from = seen_from or role == phrases.FROM
            expectation = phrases.with_role(expectation, role)
        negation = phrases.negated_before(masked, previous_end, match.start())
        found.append(phrases.apply_negation(expectation, negation))
        taken.append((match.start(), match.end()))
        previous_end = match.end()
    if not any(e.direction is not None or e.scale == MULTIPLE for e in found):
        bare = phrases.bare_direction(masked, claim, taken)
        if bare is not None:
            found.append(bare)
    if not found:
        return ParsedClaim(claim, (), f"No figure or quantifier found in “{claim}”")
    return ParsedClaim(claim, tuple(found))


def _read(match: re.Match, claim: str, masked: str) -> Expectation | None:
    g = match.groupdict()
    qualifier = QUALIFIERS.get(" ".join(g["q"].lower().split()), PLAIN) if g["q"] else PLAIN
    phrase = claim[match.start() : match.end()].strip()
    if g["ek"] is not None or g["rn"] is not None:
        return phrases.rate(g, qualifier, phrase, _count)
    if g["num"] is not None:
        return _number(g, qualifier, phrase, match, masked)
    if g["r2"] is not None:
        low, high = _decimal(g["r1"] or g["r1d"]), _decimal(g["r2"])
        if low >= high:
            return None
        step = Decimal(1).scaleb(-max(places_of(low), places_of(high)))
        low_bound, high_bound = rounding_range(low, step)[0], rounding_range(high, step)[1]
        direction, word = _direction(match, masked)
        return Expectation(
            phrase, low_bound, high_bound, scale=PERCENT, direction=direction, kind=STATED,
            precision=places_of(step), step=step, word=word,
        )  # fmt: skip
    if g["mult"] is not None or g["fold"] is not None or g["times"] or g["xtimes"]:
        if g["times"] or g["xtimes"]:
            said = (g["times"] or g["xtimes"]).lower().replace("times", "").strip().rstrip("x")
            said = " ".join(said.replace("and a half", "").split())
            said = {"twice": "2", "thrice": "3"}.get(said, said)
            multiple = Decimal(said) if said[:1].isdigit() else Decimal(_count(said))
            multiple += Decimal("0.5") if g["andhalf"] else 0
            if multiple < 1:
                return None
        elif g["mult"] is not None:
            stem = g["mult"].lower()
            multiple = Decimal(MULTIPLES[stem if stem in MULTIPLES else _SUFFIX.sub("", stem)])
        else:
            fold = g["fold"]
            multiple = Decimal(fold) if fold[:1].isdigit() else Decimal(_count(fold))
            if multiple < 2:
                return None
        bottom, top, low_inc, high_inc, rise = multiple_range(multiple, qualifier)
        sign: int | None = rise
        if multiple == 1:  # "1.0 times as many": the same, within 5% either way; "more than
            sign = None  # 1 times as many" (no upper bound): a rise; "at least": no fall
            bottom = bottom if top is None else -top
        figure = (multiple - 1) * HUNDRED if multiple > 1 else (1 - multiple) * HUNDRED
        return Expectation(
            phrase, bottom, top, low_inc, high_inc, MULTIPLE, sign, kind=MULTIPLE_WORD,
            qualifier=qualifier, figure=figure,
        )  # fmt: skip
    direction, word = _direction(match, masked)
    if g["k"] is not None:
        k, n = _count(g["k"]), _count(g["n"])
        if not 1 <= k < n <= 100:
            return None
        fraction = HUNDRED * k / n
        bounds = fraction_range(fraction, qualifier, one_in_range(k, n))
    elif g["major"] is not None:
        words = g["major"].lower().split()
        key = "almost all" if words[-1] == "all" else words[-1]
        key = "vast majority" if words[-2:-1] in (["vast"], ["overwhelming"]) else key
        bounds = MAJORITY[key]
        fraction, qualifier, phrase = None, PLAIN, claim[match.start("major") : match.end()]
    else:
        numerator = 1 if g["half"] or g["fnum"].lower() in ("a", "an") else _count(g["fnum"])
        denominator = 2 if g["half"] else DENOMINATORS[g["den"].lower()]
        if numerator >= denominator:
            return None
        fraction = HUNDRED * numerator / denominator
        bounds = fraction_range(fraction, qualifier)
    return Expectation(
        phrase, *bounds, scale=PERCENT, direction=direction, kind=VERBAL, qualifier=qualifier,
        figure=fraction, word=word,
    )  # fmt: skip


def _number(g: dict, qualifier: str, phrase: str, match, masked: str) -> Expectation | None:
    digits = g["num"].replace(",", "").replace(" ", "")
    figure = Decimal(digits)
    places = places_of(figure)
    pct, mag, cur = (g["pct"] or "").strip().lower(), (g["mag"] or "").lower(), g["cur"]
    bare = not (pct or mag or cur or g["q"] or g["neg"]) and g["num"].isdigit()
    if bare and len(digits) == 4 and 1900 <= figure <= 2099:
        return None  # a year: "in 2023", "since 2017"
    direction, word = _direction(match, masked)
    if g["neg"]:
        direction = -1
    if pct:
        step = Decimal(1).scaleb(-places)
        low, high, low_inc, high_inc = figure_range(figure, qualifier, step, rounded=True)
        return Expectation(
            phrase, low, high, low_inc, high_inc, PERCENT, direction, places,
            POINTS if "point" in pct or pct == "pp" else STATED, qualifier, figure, step,
            word=word,
        )  # fmt: skip
    scale = {"thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9}
    power = scale.get(mag, 0)
    if places:
        step = Decimal(1).scaleb(-places)
    else:
        whole = digits.split(".")[0]
        step = Decimal(1).scaleb(len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0)
    rounded = bool(places or power)
    low, high, low_inc, high_inc = figure_range(
        figure.scaleb(power), qualifier, step.scaleb(power), rounded=rounded
    )
    return Expectation(
        phrase, low, high, low_inc, high_inc, NUMBER, direction, places, FIGURE, qualifier,
        figure.scaleb(power), step.scaleb(power), money=cur == "£", word=word,
    )  # fmt: skip


def _direction(match: re.Match, masked: str) -> tuple[int | None, str]:
    """+1 or -1 from a rise or fall word just after ("25% increase") or before ("rose by"),
    with the noun when there is one ("increase")."""
    after = _AFTER.match(masked, match.end())
    hit = after or _BEFORE.search(masked, max(0, match.start() - 40), match.start())
    if hit is None:
        return None, ""
    word = " ".join(hit.group("w").lower().split())
    return (1 if word in RISE_WORDS else -1), word if word in NOUNS else ""


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace(" ", ""))
