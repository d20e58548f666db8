"""Checking values against claims: the seed campaign's claims, wrong claims, words that cannot
apply, and the honest wording offered for each value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaign.claims import Verdict, check_claim
from campaign.models.enums import StatisticFormula, StatisticUnit

D = Decimal
CHANGE = {"unit": StatisticUnit.PERCENT, "formula": StatisticFormula.PERCENT_CHANGE}
SHARE = {"unit": StatisticUnit.PERCENT, "formula": StatisticFormula.SHARE}
PERCENT = {"unit": StatisticUnit.PERCENT, "formula": None}
COUNT = {"unit": StatisticUnit.COUNT, "formula": None}
GBP = {"unit": StatisticUnit.GBP, "formula": None}
RATIO = {"unit": StatisticUnit.RATIO, "formula": StatisticFormula.RATIO}


def change(before: int, after: int) -> Decimal:
    return (D(after) - D(before)) / D(before) * 100


def share(part: int, whole: int) -> Decimal:
    return D(part) / D(whole) * 100


@pytest.mark.parametrize(
    ("claim", "value", "kind", "honest"),
    [
        ("a 25% increase in offences", change(25582, 31892), CHANGE, "a 25% increase"),
        ("a 79% increase", change(17817, 31892), CHANGE, "a 79% increase"),
        ("almost half (44%)", share(4312, 9876), SHARE, "almost half (44%)"),
        ("a quarter", share(2591, 9876), SHARE, "a quarter (26%)"),
        ("more than a fifth", share(2069, 9876), SHARE, "more than a fifth (21%)"),
        ("more than 33,000", D(33226), COUNT, "more than 33,000"),
    ],
)
def test_the_seed_claims_are_consistent(claim, value, kind, honest):
    check = check_claim(claim, value, **kind)
    assert check.verdict == Verdict.CONSISTENT, check.reason
    assert check.failed == ()
    assert check.value == value
    assert check.honest_wording == honest
    assert check.reason.endswith(f"is consistent with “{claim}”.")


def test_a_consistent_reason_shows_the_value():
    check = check_claim("a 25% increase in offences", change(25582, 31892), **CHANGE)
    assert check.reason == "A rise of 24.7% is consistent with “a 25% increase in offences”."
    check = check_claim("almost half (44%)", share(4312, 9876), **SHARE)
    assert check.reason == "43.7% is consistent with “almost half (44%)”."


@pytest.mark.parametrize(
    ("claim", "value", "kind", "reason", "honest"),
    [
        ("a 30% rise", D("24.67"), CHANGE, "24.7% does not round to 30%.", "a 25% rise"),
        (
            "half",
            share(4312, 9876),
            SHARE,
            "43.7% is not “half” (between 45% and 55%).",
            "almost half (44%)",
        ),
        (
            "a 25% fall",
            D("24.67"),
            CHANGE,
            "The figure rose by 24.7%, but the claim says it fell.",
            "a 25% rise",
        ),
        (
            "doubled",
            change(17817, 31892),
            CHANGE,
            "A rise of 79.0% is not “doubled” (a rise of between 90% and 110%).",
            "a 79% rise",
        ),
        (
            "more than 34,000",
            D(33226),
            COUNT,
            "33,226 is not “more than 34,000” (above 34,000).",
            "more than 33,000",
        ),
        (
            "one in four",
            D(30),
            SHARE,
            "30.0% is not “one in four” (between 22.22% and 28.57%).",
            "one in three (30%)",
        ),
        ("24.7%", D("24.76"), SHARE, "24.76% does not round to 24.7%.", "24.8%"),
    ],
)
def test_wrong_claims_are_inconsistent_with_a_reason_and_an_honest_wording(
    claim, value, kind, reason, honest
):
    check = check_claim(claim, value, **kind)
    assert check.verdict == Verdict.INCONSISTENT
    assert check.reason == reason
    assert check.honest_wording == honest
    assert check.failed and set(check.failed) <= set(check.expectations)


def test_every_part_of_a_combined_claim_must_hold():
    # 49.6% is "almost half" but does not round to 44%.
    check = check_claim("almost half (44%)", D("49.6"), **SHARE)
    assert check.verdict == Verdict.INCONSISTENT
    assert [e.phrase for e in check.failed] == ["44%"]
    # 44.2% rounds to 44% but is not "half".
    check = check_claim("half (44%)", D("44.2"), **SHARE)
    assert [e.phrase for e in check.failed] == ["half"]


def test_the_value_shown_in_a_reason_never_blurs_the_edge():
    check = check_claim("25%", D("25.4999"), **SHARE)
    assert check.verdict == Verdict.CONSISTENT
    assert check.reason.startswith("25.4999% is consistent")  # not "25.5%"
    check = check_claim("25%", D("25.5"), **SHARE)
    assert check.reason == "25.5% does not round to 25%."


PERCENTAGE_WORDS = "describes a percentage, but the statistic is"


@pytest.mark.parametrize(
    ("claim", "kind", "reason"),
    [
        ("almost half", COUNT, f"“almost half” {PERCENTAGE_WORDS} a count."),
        ("44%", COUNT, f"“44%” {PERCENTAGE_WORDS} a count."),
        (
            "doubled",
            SHARE,
            "“doubled” describes a change, but the statistic is a share (a percentage).",
        ),
        ("33,226", SHARE, "“33,226” is a number, but the statistic is a share (a percentage)."),
        (
            "£1.2 million",
            COUNT,
            "“£1.2 million” is an amount in pounds, but the statistic is a count.",
        ),
        (
            "5 percentage points",
            CHANGE,
            "“5 percentage points” is a change in percentage points, but the statistic is a percent"
            " change.",
        ),
    ],
)
def test_words_that_cannot_apply_are_unverifiable(claim, kind, reason):
    check = check_claim(claim, D(40), **kind)
    assert check.verdict == Verdict.UNVERIFIABLE
    assert check.reason == reason
    assert check.failed == ()


def test_a_definite_failure_outweighs_words_that_cannot_apply():
    check = check_claim("33,226 (50%)", D("43.66"), **SHARE)
    assert check.verdict == Verdict.INCONSISTENT
    assert [e.phrase for e in check.failed] == ["50%"]


@pytest.mark.parametrize(
    ("claim", "value", "formula", "reason"),
    [
        ("a 25% rise", None, StatisticFormula.PERCENT_CHANGE, "The value could not be computed."),
        ("25%", None, None, "No value recorded."),
        ("", D(25), None, "No claim recorded."),
        ("   ", D(25), None, "No claim recorded."),
        ("significant", D(25), None, "No figure or quantifier found in “significant”."),
    ],
)
def test_unverifiable_without_a_value_or_readable_words(claim, value, formula, reason):
    check = check_claim(claim, value, unit=StatisticUnit.PERCENT, formula=formula)
    assert check.verdict == Verdict.UNVERIFIABLE
    assert check.reason == reason
    assert check.honest_wording == ("" if value is None else "25%")


def test_a_percent_without_a_formula_that_the_words_call_a_change_has_no_base():
    # The figure was typed in from the same words: checking it against them proves nothing.
    for value in (D(25), D(31), D(-25)):
        for claim in ("a 25% increase", "a 25% fall", "doubled", "up 5 percentage points"):
            check = check_claim(claim, value, **PERCENT)
            assert check.verdict == Verdict.UNVERIFIABLE, (claim, value)
            assert check.reason.startswith("Base not published:")
            assert check.honest_wording == ""


def test_plain_strings_work_for_unit_and_formula():
    check = check_claim("a quarter", share(2591, 9876), unit="percent", formula="share")
    assert check.verdict == Verdict.CONSISTENT


def test_multiples_against_a_ratio_and_a_percent_change():
    assert check_claim("doubled", D("2.02"), **RATIO).verdict == Verdict.CONSISTENT
    assert check_claim("doubled", D("1.5"), **RATIO).verdict == Verdict.INCONSISTENT
    assert check_claim("doubled", D("2.02"), **RATIO).honest_wording == "doubled"
    assert check_claim("more than halved", D(-60), **CHANGE).verdict == Verdict.CONSISTENT


@pytest.mark.parametrize(
    ("claim", "value", "kind", "honest"),
    [
        # percent changes: the claim's precision and noun; multiples when the claim used one
        ("a 24.7% jump", D("24.66"), CHANGE, "a 24.7% jump"),
        ("rose by 30%", D("24.67"), CHANGE, "a 25% rise"),
        ("a 12% rise", D("-12.3"), CHANGE, "a 12% fall"),
        ("a 10% increase", D("8.2"), CHANGE, "an 8% increase"),
        ("a 10% increase", D("11.2"), CHANGE, "an 11% increase"),
        ("a 10% increase", D("0.2"), CHANGE, "no change (0%)"),
        ("doubled", D("85"), CHANGE, "almost doubled"),
        ("almost doubled", D("150"), CHANGE, "more than doubled"),
        ("almost doubled", D("290"), CHANGE, "almost quadrupled"),
        ("more than doubled", D("230"), CHANGE, "more than tripled"),
        ("halved", D("-60"), CHANGE, "more than halved"),
        ("doubled", D("30"), CHANGE, "a 30% rise"),
        # shares: a quantifier that holds, the claim's style first, plus the percentage
        ("half", D("52"), SHARE, "half (52%)"),
        ("more than half", D("43.66"), SHARE, "almost half (44%)"),
        ("almost a third", D("24"), SHARE, "almost a quarter (24%)"),
        ("a third", D("20.95"), SHARE, "a fifth (21%)"),
        ("almost half", D("49.6"), SHARE, "almost half (49.6%)"),
        ("the majority", D("50.3"), SHARE, "the majority (50.3%)"),
        ("majority", D("95"), SHARE, "almost all (95%)"),
        ("1 in 4", D("20"), SHARE, "1 in 5 (20%)"),
        ("one in four", D("12.5"), SHARE, "one in eight (13%)"),
        ("44%", D("43.66"), SHARE, "44%"),
        ("43.7%", D("43.66"), SHARE, "43.7%"),
        ("", D("43.66"), SHARE, "almost half (44%)"),
        ("", D("43.66"), PERCENT, "44%"),
        ("a half", D("120"), SHARE, "120%"),
        # numbers: the claim's qualifier, rounded as the claim rounded
        ("more than 34,000", D(33226), COUNT, "more than 33,000"),
        ("more than 33,000", D(33000), COUNT, "more than 32,000"),
        ("about 34,000", D(33226), COUNT, "about 33,000"),
        ("almost 10,000", D(9700), COUNT, "almost 10,000"),
        ("at least 30,000", D(33226), COUNT, "at least 30,000"),
        ("£1.2 million", D(1260000), GBP, "£1.3 million"),
        ("£1.2m", D(1260000), GBP, "£1.3m"),
        ("a maximum of 500", D(620), COUNT, "up to 700"),
        ("33,000", D(33226), COUNT, "33,226"),
        ("", D("1234.5"), GBP, "£1,234.5"),
    ],
)
def test_honest_wording(claim, value, kind, honest):
    assert check_claim(claim, value, **kind).honest_wording == honest
