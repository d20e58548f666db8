"""Reading claims into expectations: what is read, what is not, and the edges of each range.

The full table of wordings and ranges is checked in test_docs.py against docs/claims.md.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaign.claims import parse_claim
from campaign.claims.ranges import MULTIPLE, NUMBER, PERCENT

D = Decimal


def only(text: str):
    [expectation] = parse_claim(text).expectations
    return expectation


@pytest.mark.parametrize(
    ("text", "low", "high", "low_inclusive", "high_inclusive", "scale", "direction"),
    [
        ("25%", D("24.5"), D("25.5"), True, False, PERCENT, None),
        ("24.7%", D("24.65"), D("24.75"), True, False, PERCENT, None),
        ("24.70%", D("24.695"), D("24.705"), True, False, PERCENT, None),
        ("a 25% increase", D("24.5"), D("25.5"), True, False, PERCENT, 1),
        ("fell by 12%", D("11.5"), D("12.5"), True, False, PERCENT, -1),
        ("a 12% reduction", D("11.5"), D("12.5"), True, False, PERCENT, -1),
        ("almost half", D(40), D(50), True, False, PERCENT, None),
        ("a quarter", D("22.5"), D("27.5"), True, True, PERCENT, None),
        ("more than a fifth", D(20), D(25), False, True, PERCENT, None),
        ("majority", D(50), D(100), False, True, PERCENT, None),
        ("minority", D(0), D(50), True, False, PERCENT, None),
        ("almost all", D(90), D(100), True, False, PERCENT, None),
        ("doubled", D(90), D(110), True, True, MULTIPLE, 1),
        ("almost doubled", D(80), D(100), True, False, MULTIPLE, 1),
        ("more than doubled", D(100), None, False, False, MULTIPLE, 1),
        # Once as many: the same within 5%, and "more than" it a rise of any size (mypy found
        # `-None` here: these two raised TypeError and took the statistic form down with them).
        ("1.0 times as many", D(-5), D(5), True, True, MULTIPLE, None),
        ("more than 1 times as many", D(0), None, False, False, MULTIPLE, None),
        ("at least 1 times as many", D(0), None, True, False, MULTIPLE, None),
        ("halved", D(45), D(55), True, True, MULTIPLE, -1),
        ("more than 33,000", D(33000), None, False, False, NUMBER, None),
        ("almost 10,000", D(9000), D(10000), True, False, NUMBER, None),
        ("about 33,000", D(32500), D(33500), True, False, NUMBER, None),
        ("about 33,226", D("33225.5"), D("33226.5"), True, False, NUMBER, None),
        ("at least 500", D(500), None, True, False, NUMBER, None),
        ("up to 500", None, D(500), True, True, NUMBER, None),
        ("33,226", D(33226), D(33226), True, True, NUMBER, None),
        ("£1.2 million", D(1150000), D(1250000), True, False, NUMBER, None),
        ("1.2m", D(1150000), D(1250000), True, False, NUMBER, None),
        ("2 billion", D(1500000000), D(2500000000), True, False, NUMBER, None),
    ],
)
def test_wording_to_range(text, low, high, low_inclusive, high_inclusive, scale, direction):
    e = only(text)
    assert (e.low, e.high) == (low, high)
    if low is not None:
        assert e.low_inclusive is low_inclusive
    if high is not None:
        assert e.high_inclusive is high_inclusive
    assert (e.scale, e.direction) == (scale, direction)


@pytest.mark.parametrize(
    ("n", "low", "high"),
    [(2, D(40), D("66.67")), (4, D("22.22"), D("28.57")), (10, D("9.52"), D("10.53"))],
)
def test_one_in_n_is_what_rounds_to_n(n, low, high):
    e = only(f"1 in {n}")
    assert (round(e.low, 2), round(e.high, 2)) == (low, high)
    assert e.holds(D(100) / (n + D("0.5")))  # the lower edge is in
    assert not e.holds(D(100) / (n - D("0.5")))  # the upper edge is out


@pytest.mark.parametrize(
    ("words", "digits"),
    [("one in four", "1 in 4"), ("one in every ten", "1 in 10"), ("three out of ten", "3 in 10")],
)
def test_one_in_n_in_words_means_the_same_as_in_digits(words, digits):
    assert (only(words).low, only(words).high) == (only(digits).low, only(digits).high)


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("25%", ["24.5", "25.4999"], ["24.4999", "25.5"]),
        ("24.7%", ["24.65", "24.7499"], ["24.6499", "24.75"]),
        ("almost half", ["40", "49.99"], ["39.99", "50"]),
        ("a quarter", ["22.5", "27.5"], ["22.49", "27.51"]),
        ("more than a fifth", ["20.01", "25"], ["20", "25.01"]),
        ("majority", ["50.01", "100"], ["50"]),
        ("more than 33,000", ["33001", "1000000"], ["33000", "32999"]),
        ("about 33,000", ["32500", "33499"], ["32499", "33500"]),
        ("almost 10,000", ["9000", "9999"], ["8999", "10000"]),
    ],
)
def test_edges(text, inside, outside):
    e = only(text)
    assert all(e.holds(D(v)) for v in inside)
    assert not any(e.holds(D(v)) for v in outside)


def test_a_direction_needs_the_sign_and_compares_the_size():
    rise, fall = only("a 25% increase"), only("a 12% fall")
    assert rise.holds(D("24.67")) and not rise.holds(D("-24.67"))
    assert fall.holds(D("-12.3")) and not fall.holds(D("12.3"))
    assert not rise.holds(D(0))
    up_to = only("a rise of up to 5%")
    assert up_to.holds(D(3)) and not up_to.holds(D(0)) and not up_to.holds(D(-3))


@pytest.mark.parametrize(
    "text",
    [
        "in 2023",
        "since 2017",
        "2022/23",
        "between 2021/22 and 2022/23",
        "2017-18",
        "FY23",
        "Q1",
        "31 March",
        "over the past 5 years",
        "five years ago",
        "children aged 13 to 17",
        "13-year-olds",
        "footnote 3",
        "offences[1]",
        "(2)",
        "section 121",
        "the first half of 2023",
        "3rd",
        "the most common",
        "someone in four",
        "on behalf of",
    ],
)
def test_years_periods_dates_and_markers_are_not_figures(text):
    parsed = parse_claim(text)
    assert parsed.expectations == ()
    assert parsed.problem == f"No figure or quantifier found in “{text}”"


def test_figures_around_years_and_footnotes_are_still_read():
    parsed = parse_claim("a 25% increase in offences between 2021/22 and 2022/23[2]")
    assert [e.phrase for e in parsed.expectations] == ["25%"]
    parsed = parse_claim("33,226¹ offences in 2023")
    assert [(e.phrase, e.low) for e in parsed.expectations] == [("33,226", D(33226))]
    seed = "a 79% increase on figures from five years ago (2022/23 compared to 2017/18)"
    [e] = parse_claim(seed).expectations
    assert (e.phrase, e.direction, e.word) == ("79%", 1, "increase")


def test_combined_phrases_give_every_expectation_in_order():
    parsed = parse_claim("Snapchat was involved in almost half (44%) of instances")
    assert [(e.phrase, e.kind) for e in parsed.expectations] == [
        ("almost half", "verbal"),
        ("44%", "stated"),
    ]
    assert parsed.problem == ""


def test_case_quotes_spaces_and_per_cent_do_not_matter():
    assert only("“Almost HALF”").low == only("almost half").low
    assert only("25 PER CENT").low == only("25%").low == only("25 percent").low
    assert only("33\u00a0226 offences").low == D(33226)
    assert only("‘more than 33,000’").phrase == "more than 33,000"


def test_the_phrase_is_the_words_as_they_appear():
    assert only("Rose By ALMOST Half").phrase == "ALMOST Half"
    assert only("More than £1.2m").phrase == "More than £1.2m"


def test_nothing_to_read():
    assert parse_claim("").problem == "No claim recorded"
    assert parse_claim("   ").problem == "No claim recorded"
    assert parse_claim("significant").problem == "No figure or quantifier found in “significant”"


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("almost half", "between 40% and 50%"),
        ("more than 33,000", "above 33,000"),
        ("at least 40%", "at least 40%"),
        ("less than 10%", "below 10%"),
        ("up to 500", "at most 500"),
        ("33,226", "exactly 33,226"),
        ("a 25% increase", "a rise of between 24.5% and 25.5%"),
        ("more than doubled", "a rise of more than 100%"),
        ("halved", "a fall of between 45% and 55%"),
        ("£1.2 million", "between £1,150,000 and £1,250,000"),
    ],
)
def test_describe_gives_the_range_in_words(text, described):
    assert only(text).describe() == described


def test_precision_is_the_decimals_stated():
    assert only("25%").precision == 0
    assert only("24.7%").precision == 1
    assert only("a 3.25% fall").precision == 2


def test_parsing_is_cached_and_immutable():
    assert parse_claim("almost half (44%)") is parse_claim("almost half (44%)")
    with pytest.raises(AttributeError):
        only("25%").low = D(0)
