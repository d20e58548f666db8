"""The classes of wording that used to give a false "consistent" or "not understood": no
published base, negation, rates over the statistic's period, multiples, stated endpoints, and
the honest wording offered instead. Examples are our own, not the issue's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaign.claims import Verdict, check_claim, parse_claim

D = Decimal
CHANGE = {"unit": "percent", "formula": "percent_change"}
SHARE = {"unit": "percent", "formula": "share"}
PERCENT = {"unit": "percent", "formula": None}
RATIO = {"unit": "ratio", "formula": "ratio"}
COUNT = {"unit": "count", "formula": None}
YEAR_2023_24 = 366  # 1 April 2023 to 31 March 2024 (29 February 2024)
YEAR_2025_26 = 365

CONSISTENT, INCONSISTENT, UNVERIFIABLE = (
    Verdict.CONSISTENT,
    Verdict.INCONSISTENT,
    Verdict.UNVERIFIABLE,
)


def verdict(claim, value, **kind):
    return check_claim(claim, D(value), **kind).verdict


@pytest.mark.parametrize(
    "claim",
    ["a 37% jump since 2019", "referrals fell 8% on the year", "up 12 percentage points",
     "have trebled since 2015", "two and a half times as many", "rose from 310 to 480"],
)  # fmt: skip
@pytest.mark.parametrize("value", ["37", "8", "-8", "12", "200", "54.8"])
def test_a_published_change_with_no_base_is_never_consistent(claim, value):
    check = check_claim(claim, D(value), **PERCENT)
    assert check.verdict is UNVERIFIABLE, check.reason
    assert check.reason.startswith("Base not published")
    assert check.honest_wording == ""


def test_a_change_or_share_with_an_input_not_published_is_unverifiable_however_worded():
    for inputs in [(None, D(480)), (D(310), None), (None, None)]:
        for claim in ("a 55% rise", "rose from 310 to 480", "more than half", "doubled"):
            kind = SHARE if claim == "more than half" else CHANGE
            check = check_claim(claim, D("54.84"), inputs=inputs, **kind)
            assert check.verdict is UNVERIFIABLE and "Base not published" in check.reason


def test_a_plain_share_and_a_plain_count_are_still_checked_against_their_words():
    assert verdict("nearly two thirds (63%)", "63", **PERCENT) is CONSISTENT
    assert verdict("nearly two thirds (63%)", "68", **PERCENT) is INCONSISTENT
    assert verdict("more than 7,000 referrals", "7214", **COUNT) is CONSISTENT


@pytest.mark.parametrize(
    ("claim", "value", "kind", "expected"),
    [
        ("hasn't quadrupled", "300", CHANGE, INCONSISTENT),
        ("hasn't quadrupled", "150", CHANGE, CONSISTENT),
        ("has not quite doubled", "95", CHANGE, CONSISTENT),  # "not quite" is "almost"
        ("is no longer the majority", "52", SHARE, INCONSISTENT),
        ("is no longer the majority", "48", SHARE, CONSISTENT),
        ("have not risen", "3.2", CHANGE, INCONSISTENT),
        ("have not risen", "-1.5", CHANGE, CONSISTENT),
        ("did not go down", "-0.4", CHANGE, INCONSISTENT),
        ("never more than a third", "36", SHARE, INCONSISTENT),
        ("never more than a third", "30", SHARE, CONSISTENT),
        ("not less than 60%", "59", SHARE, INCONSISTENT),
        ("isn't 30%", "30.2", SHARE, INCONSISTENT),
        ("fewer than half of forces", "51", SHARE, INCONSISTENT),
        ("fewer than half of forces", "46", SHARE, CONSISTENT),
        ("not a rise of 10%, but a 4% fall", "-4", CHANGE, CONSISTENT),  # "but" ends it
        ("not 3,100 but 2,950", "2950", COUNT, CONSISTENT),
        ("not only did reports rise by 18%", "18.2", CHANGE, CONSISTENT),  # not a negation
        ("not 3,100 but 2,950", "3100", COUNT, INCONSISTENT),
    ],
)
def test_a_verdict_never_ignores_a_not(claim, value, kind, expected):
    check = check_claim(claim, D(value), **kind)
    assert check.verdict is expected, check.reason


def test_the_reason_quotes_the_negated_words():
    check = check_claim("hasn't quadrupled", D(300), **CHANGE)
    assert "“hasn't quadrupled”" in check.reason


@pytest.mark.parametrize(
    ("claim", "count", "days", "expected"),
    [
        ("a referral every 3 minutes", "175680", YEAR_2023_24, CONSISTENT),  # 480 a day
        ("a referral every 3 minutes", "125000", YEAR_2023_24, INCONSISTENT),  # 4.2 minutes
        ("about 200 a month", "2400", YEAR_2025_26, CONSISTENT),
        ("about 200 a month", "3300", YEAR_2025_26, INCONSISTENT),
        ("more than 25 a week", "1400", YEAR_2025_26, CONSISTENT),  # 26.8 a week
        ("more than 25 a week", "1250", YEAR_2025_26, INCONSISTENT),  # 23.97 a week
        ("more than 25 a week", "26", YEAR_2025_26, INCONSISTENT),  # the rate's number
        ("three offences an hour", "26280", YEAR_2025_26, CONSISTENT),
        ("nine children each day", "3285", YEAR_2025_26, CONSISTENT),
        ("nine children each day", "9", YEAR_2025_26, INCONSISTENT),
        ("almost 60 a day", "21000", 366, CONSISTENT),  # 57.4 a day
        ("about 200 a month", "200", 31, CONSISTENT),  # a month's figure, a month long
    ],
)
def test_a_rate_is_the_count_over_the_statistics_period(claim, count, days, expected):
    check = check_claim(claim, D(count), **COUNT, period_days=days)
    assert check.verdict is expected, check.reason


def test_a_rate_with_no_period_is_unverifiable_never_compared_with_the_count():
    for count in ("25", "1400", "130000"):
        check = check_claim("more than 25 a week", D(count), **COUNT)
        assert check.verdict is UNVERIFIABLE
        assert "period is not known" in check.reason


def test_a_rate_on_anything_but_a_count_cannot_apply():
    assert verdict("more than 25 a week", "30", **SHARE, period_days=365) is UNVERIFIABLE


@pytest.mark.parametrize(
    ("claim", "value", "kind", "expected"),
    [
        ("four times as many", "4.1", RATIO, CONSISTENT),
        ("four times as many", "3.2", RATIO, INCONSISTENT),
        ("four times as many", "310", CHANGE, CONSISTENT),
        ("2.5 times as likely", "2.45", RATIO, CONSISTENT),
        ("2.5 times as likely", "1.9", RATIO, INCONSISTENT),
        ("2.5-fold", "150", CHANGE, CONSISTENT),
        ("a 2.5-fold rise", "190", CHANGE, INCONSISTENT),
        ("almost three times as many", "2.8", RATIO, CONSISTENT),
        ("almost three times as many", "3.05", RATIO, INCONSISTENT),
        ("more than twice as likely", "2.3", RATIO, CONSISTENT),
        ("more than twice as likely", "1.8", RATIO, INCONSISTENT),
        ("twice as high", "100", CHANGE, CONSISTENT),
        ("five times higher", "5", RATIO, CONSISTENT),
        ("quadrupling", "-20", CHANGE, INCONSISTENT),
        ("halving", "-52", CHANGE, CONSISTENT),
        ("have more than halved", "-49", CHANGE, INCONSISTENT),
    ],
)
def test_multiples_on_percent_changes_and_ratios(claim, value, kind, expected):
    check = check_claim(claim, D(value), **kind)
    assert check.verdict is expected, check.reason


def test_a_count_of_times_is_a_count_not_a_multiple():
    [e] = parse_claim("flagged 2,718 times").expectations
    assert (e.low, e.high, e.scale) == (D(2718), D(2718), "number")
    assert verdict("flagged 2,718 times", "2718", **COUNT) is CONSISTENT


@pytest.mark.parametrize(
    ("claim", "inputs", "expected"),
    [
        ("increased from 3,400 to 5,100", (D(3400), D(5100)), CONSISTENT),
        ("increased from 3,400 to 5,100", (D(3400), D(5150)), INCONSISTENT),
        ("increased from 3,400 to 5,100", (D(3300), D(5100)), INCONSISTENT),
        ("up from 3,400", (D(3400), D(5100)), CONSISTENT),
        ("from about 3,000 in 2019/20 to about 5,000 in 2024/25", (D(3400), D(5100)), CONSISTENT),
        ("from about 3,000 in 2019/20 to about 5,000 in 2024/25", (D(3600), D(5100)), INCONSISTENT),
        ("fell from 5,100 to 3,400", (D(5100), D(3400)), CONSISTENT),
        ("fell from 5,100 to 3,400", (D(3400), D(5100)), INCONSISTENT),  # the wrong way round
    ],
)
def test_stated_endpoints_are_checked_against_the_inputs(claim, inputs, expected):
    value = (inputs[1] - inputs[0]) / inputs[0] * 100
    check = check_claim(claim, value, inputs=inputs, **CHANGE)
    assert check.verdict is expected, check.reason


def test_wrong_endpoints_say_which_and_what_it_is():
    value = (D(5100) - D(3300)) / D(3300) * 100
    check = check_claim("increased from 3,400 to 5,100", value, inputs=(D(3300), D(5100)), **CHANGE)
    assert check.reason == "The “from” figure is 3,300, not “3,400” (exactly 3,400)."


@pytest.mark.parametrize(
    ("claim", "value", "honest"),
    [
        ("more than 1,000 referrals", "640", "more than 600"),
        ("more than 10,000", "7412", "more than 7,000"),
        ("about 5,000", "380", "about 400"),
        ("almost 2,000", "961", "almost 1,000"),
        ("more than 40 thousand", "38200", "more than 38 thousand"),
    ],
)
def test_the_honest_wording_is_one_a_press_officer_would_use(claim, value, honest):
    check = check_claim(claim, D(value), **COUNT)
    assert check.verdict is INCONSISTENT
    assert check.honest_wording == honest
    assert " 0" not in check.honest_wording


def test_the_honest_wording_for_a_rate_keeps_the_rate():
    check = check_claim("more than 25 a week", D(1250), **COUNT, period_days=365)
    assert check.honest_wording == "more than 23 a week"
    check = check_claim("a referral every 3 minutes", D(125000), **COUNT, period_days=366)
    assert check.honest_wording == "one every 4 minutes"


def test_a_range_holds_only_if_the_claim_holds_across_it():
    within = check_claim("more than 4,000", D(4480), value_max=D(4520), **COUNT)
    assert within.verdict is CONSISTENT
    straddles = check_claim("about 4,500", D(4480), value_max=D(4560), **COUNT)
    assert straddles.verdict is UNVERIFIABLE
    assert "holds for part of it only" in straddles.reason
    outside = check_claim("fewer than 4,000", D(4480), value_max=D(4520), **COUNT)
    assert outside.verdict is INCONSISTENT
