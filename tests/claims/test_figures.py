"""Checking whole statistics: the value checked, the published value of a derived statistic,
and every flag, on the seed campaign's figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from campaign.claims import (
    FigureFacts,
    FlagKind,
    Verdict,
    check_figure,
    check_figures,
    facts_from_statistic,
)

D = Decimal
TODAY = date(2025, 6, 1)
MAX_AGE = 3 * 365
Y2122 = dict(period_label="2021/22", period_start=date(2021, 4, 1), period_end=date(2022, 3, 31))
Y2223 = dict(period_label="2022/23", period_start=date(2022, 4, 1), period_end=date(2023, 3, 31))
COMPARABLE = {"geography": "UK (comparable police forces)", "coverage": "Comparable forces"}


def count(key: str, label: str, value: str, **fields) -> FigureFacts:
    return FigureFacts(key, label, D(value), "count", has_source=True, **fields)


COMPARABLE_2122 = count("c2122", "Comparable forces, 2021/22", "25582", **Y2122, **COMPARABLE)
COMPARABLE_2223 = count("c2223", "Comparable forces, 2022/23", "31892", **Y2223, **COMPARABLE)
TOTAL_2223 = count(
    "t2223",
    "35 forces, 2022/23",
    "33226",
    **Y2223,
    geography="UK (responding police forces)",
    coverage="35 forces provided useable data",
)
PLATFORMS = "UK (responding police forces)"
INSTANCES = count("all", "Platform-identified instances", "9876", **Y2223, geography=PLATFORMS)
SNAPCHAT = count(
    "snap", "Snapchat instances", "4312", **Y2223, geography=PLATFORMS, coverage="Keyword search"
)


def derived(formula, inputs, value, claim="", unit="percent", **fields) -> FigureFacts:
    a, b = (i.value for i in inputs[:2]) if len(inputs) >= 2 else (None, None)
    computed = fields.pop("computed_value", None)
    if computed is None and a is not None:
        computed = {
            "percent_change": lambda: (b - a) / a * 100,
            "share": lambda: a / b * 100,
            "sum": lambda: sum(i.value for i in inputs),
            "difference": lambda: a - b,
            "ratio": lambda: a / b,
        }[formula]()
    fields = {"has_source": True, "as_of": date(2024, 1, 1), **fields}
    return FigureFacts(
        f"d-{formula}", f"Derived {formula}", D(value), unit, formula=formula,
        computed_value=computed, claim=claim, inputs=tuple(inputs), **fields,
    )  # fmt: skip


def check(facts: FigureFacts):
    return check_figure(facts, today=TODAY, max_age_days=MAX_AGE)


def kinds(result) -> list[FlagKind]:
    return [flag.kind for flag in result.flags]


def test_the_seed_rise_is_consistent_and_clean():
    rise = derived(
        "percent_change", [COMPARABLE_2122, COMPARABLE_2223], "25", "a 25% increase in offences"
    )
    result = check(rise)
    assert result.verdict == Verdict.CONSISTENT
    assert result.check.value == rise.computed_value  # the computed value, not the typed 25
    assert result.flags == ()
    assert not result.is_inconsistent and not result.has_flags
    assert (result.key, result.label) == ("d-percent_change", "Derived percent_change")


def test_a_rise_across_different_forces_is_flagged_but_the_wording_decides_the_verdict():
    rise = derived("percent_change", [COMPARABLE_2122, TOTAL_2223], "30", "a 30% rise")
    result = check(rise)
    assert result.verdict == Verdict.CONSISTENT  # 25,582 -> 33,226 is a 29.9% rise
    [flag] = result.flags
    assert flag.kind == FlagKind.MISMATCHED_COVERAGE
    assert flag.message == (
        "“Comparable forces, 2021/22” and “35 forces, 2022/23” cover different ground "
        "(“UK (comparable police forces)” and “UK (responding police forces)”)."
    )
    assert result.has_flags and not result.is_inconsistent


def test_coverage_is_compared_ignoring_case_and_spacing_and_blanks_are_unknown():
    shouty = replace(COMPARABLE_2223, geography="uk  (COMPARABLE police forces)")
    assert kinds(check(derived("percent_change", [COMPARABLE_2122, shouty], "25"))) == []
    other_notes = replace(COMPARABLE_2122, coverage="Forces with three years of data")
    result = check(derived("difference", [other_notes, COMPARABLE_2122], "6310", unit="count"))
    assert kinds(result) == [FlagKind.MISMATCHED_COVERAGE]
    assert "their coverage notes differ" in result.flags[0].message
    blank = replace(COMPARABLE_2223, geography="", coverage="")
    assert kinds(check(derived("percent_change", [COMPARABLE_2122, blank], "25"))) == []


def test_a_share_needs_only_the_same_geography():
    snapchat = derived("share", [SNAPCHAT, INSTANCES], "44", "almost half (44%)")
    result = check(snapchat)
    assert result.verdict == Verdict.CONSISTENT
    assert result.flags == ()  # "Keyword search" coverage on the part alone is fine
    elsewhere = replace(SNAPCHAT, geography="England and Wales")
    assert kinds(check(derived("share", [elsewhere, INSTANCES], "44"))) == [
        FlagKind.MISMATCHED_COVERAGE
    ]


def test_a_share_whose_part_exceeds_its_whole():
    result = check(derived("share", [TOTAL_2223, INSTANCES], "336"))
    assert FlagKind.PART_EXCEEDS_WHOLE in kinds(result)
    message = next(f.message for f in result.flags if f.kind == FlagKind.PART_EXCEEDS_WHOLE)
    assert message == (
        "The part “35 forces, 2022/23” (33,226) is larger than the whole "
        "“Platform-identified instances” (9,876)."
    )


def test_a_change_within_one_period_is_flagged():
    result = check(derived("percent_change", [TOTAL_2223, COMPARABLE_2223], "-4"))
    assert FlagKind.SAME_PERIOD in kinds(result)
    message = next(f.message for f in result.flags if f.kind == FlagKind.SAME_PERIOD)
    assert message == (
        "“35 forces, 2022/23” and “Comparable forces, 2022/23” are both for 2022/23: a change "
        "needs two different periods."
    )


@pytest.mark.parametrize("formula", ["share", "sum", "difference", "ratio"])
def test_inputs_for_different_periods_are_flagged(formula):
    result = check(derived(formula, [COMPARABLE_2122, COMPARABLE_2223], "1", unit="count"))
    assert FlagKind.MISMATCHED_PERIOD in kinds(result)
    assert FlagKind.SAME_PERIOD not in kinds(result)


def test_a_period_without_a_label_is_named_by_its_dates_in_the_one_date_format():
    unlabelled = replace(TOTAL_2223, period_label="")
    result = check(derived("percent_change", [unlabelled, COMPARABLE_2223], "-4"))
    message = next(f.message for f in result.flags if f.kind == FlagKind.SAME_PERIOD)
    assert "are both for 1 April 2022 to 31 March 2023: a change" in message


def test_periods_compare_dates_when_both_have_them_and_labels_otherwise():
    relabelled = replace(COMPARABLE_2223, period_label="April 2022 to March 2023")
    same = derived("sum", [replace(SNAPCHAT, **COMPARABLE), relabelled], "1", unit="count")
    assert FlagKind.MISMATCHED_PERIOD not in kinds(check(same))
    undated = replace(COMPARABLE_2223, period_start=None, period_end=None)
    labelled = derived("sum", [replace(COMPARABLE_2122, period_start=None), undated], "1")
    assert FlagKind.MISMATCHED_PERIOD in kinds(check(replace(labelled, unit="count")))
    unknown = replace(undated, period_label="")
    assert FlagKind.MISMATCHED_PERIOD not in kinds(check(derived("sum", [undated, unknown], "1")))


def test_a_derived_statistic_whose_published_value_is_wrong_is_inconsistent():
    rise = derived("percent_change", [COMPARABLE_2122, COMPARABLE_2223], "30")
    result = check(rise)
    assert result.verdict == Verdict.INCONSISTENT
    assert result.check.reason == (
        "The published value 30% does not match 24.7% computed from its inputs."
    )
    [published] = result.check.failed
    assert published.kind == "value" and published.figure == D(30)


def test_a_wrong_published_value_and_a_wrong_claim_are_both_reported():
    rise = derived("percent_change", [COMPARABLE_2122, COMPARABLE_2223], "30", "a 30% rise")
    result = check(rise)
    assert result.verdict == Verdict.INCONSISTENT
    assert result.check.reason == (
        "24.7% does not round to 30%; and the published value 30% does not match 24.7% "
        "computed from its inputs."
    )
    assert [e.kind for e in result.check.failed] == ["stated", "value"]


@pytest.mark.parametrize(("value", "ok"), [("25", True), ("24.7", True), ("24.6", False)])
def test_the_published_value_is_compared_at_its_own_precision(value, ok):
    rise = derived("percent_change", [COMPARABLE_2122, COMPARABLE_2223], value)
    assert (check(rise).verdict == Verdict.UNVERIFIABLE) is ok  # no claim: unverifiable if ok


def test_a_fall_published_without_its_sign_is_fine_when_the_words_carry_it():
    before = replace(COMPARABLE_2223, **Y2122)
    after = replace(COMPARABLE_2122, **Y2223)
    fall = derived("percent_change", [before, after], "20", "a 20% fall")
    assert check(fall).verdict == Verdict.CONSISTENT  # 31,892 -> 25,582 is a fall of 19.8%
    assert check(replace(fall, claim="")).verdict == Verdict.INCONSISTENT


def test_a_missing_input_makes_the_value_unverifiable():
    result = check(derived("share", [SNAPCHAT], "44", "almost half (44%)"))
    assert result.verdict == Verdict.UNVERIFIABLE
    assert result.check.reason == (
        "Base not published: “Derived share” needs 2 inputs (part, whole) but has 1."
    )
    assert kinds(result) == [FlagKind.MISSING_INPUT]


def test_an_archived_input_is_a_missing_input():
    archived = replace(INSTANCES, archived=True)
    result = check(derived("share", [SNAPCHAT, archived], "44", "almost half (44%)"))
    assert result.verdict == Verdict.UNVERIFIABLE
    assert result.check.reason == (
        "The value cannot be checked: “Platform-identified instances”, an input of "
        "“Derived share”, is archived."
    )


def test_non_numeric_inputs_make_the_value_unverifiable():
    other = replace(INSTANCES, unit="other")
    result = check(derived("share", [SNAPCHAT, other], "44", "almost half (44%)"))
    assert result.verdict == Verdict.UNVERIFIABLE
    assert kinds(result) == [FlagKind.NON_NUMERIC_INPUT]
    percent = replace(COMPARABLE_2223, unit="percent", value=D(44))
    mixed = check(derived("sum", [COMPARABLE_2122, percent], "25626", unit="count"))
    assert mixed.verdict == Verdict.UNVERIFIABLE
    assert FlagKind.NON_NUMERIC_INPUT in kinds(mixed)
    assert "adds figures in different units" in mixed.check.reason


def test_no_source_and_stale():
    old = count("old", "Old figure", "100", claim="100", as_of=date(2020, 1, 1))
    result = check(replace(old, has_source=False))
    assert result.verdict == Verdict.CONSISTENT
    assert [(f.kind, f.message) for f in result.flags] == [
        (FlagKind.NO_SOURCE, "“Old figure” has no source."),
        (FlagKind.STALE, "“Old figure” dates from 1 January 2020, more than 3 years ago."),
    ]


@pytest.mark.parametrize(
    ("fields", "stale"),
    [
        ({"as_of": date(2022, 6, 2)}, False),  # exactly 3 × 365 days: not older
        ({"as_of": date(2022, 6, 1)}, True),
        ({"period_end": date(2020, 3, 31)}, True),  # no as-of: the period's end
        ({"source_published_on": date(2020, 3, 31)}, True),  # then the source's date
        ({"as_of": date(2025, 1, 1), "period_end": date(2020, 3, 31)}, False),  # as-of first
        ({}, False),  # no date at all: no flag
    ],
)
def test_stale_uses_the_first_date_there_is(fields, stale):
    result = check(count("x", "X", "1", **fields))
    assert (FlagKind.STALE in kinds(result)) is stale


def test_a_statistic_with_neither_formula_nor_claim_is_still_returned():
    result = check(count("plain", "Plain", "35"))
    assert result.verdict == Verdict.UNVERIFIABLE
    assert result.check.reason == "No claim recorded."
    assert result.flags == ()


def test_check_figures_checks_each_in_order():
    results = check_figures([TOTAL_2223, SNAPCHAT], today=TODAY, max_age_days=MAX_AGE)
    assert [r.key for r in results] == ["t2223", "snap"]


def test_facts_from_a_statistic_row():
    source = SimpleNamespace(published_on=date(2023, 10, 26))
    link = SimpleNamespace(
        input=SimpleNamespace(
            key="c2122", label="Comparable", value=D(25582), unit="count", formula=None,
            computed_value=None, claim="", period_label="2021/22", period_start=None,
            period_end=None, geography="UK", coverage="", source=None, source_id=None,
            as_of=None, archived_at=datetime(2024, 1, 1), inputs=[],
        )
    )  # fmt: skip
    statistic = SimpleNamespace(
        key="rise", label="Rise", value=D(25), unit="percent", formula="percent_change",
        computed_value=D("24.67"), claim="a 25% increase", period_label="", period_start=None,
        period_end=None, geography="UK", coverage="", source=source, source_id=3, as_of=None,
        archived_at=None, inputs=[link],
    )  # fmt: skip
    facts = facts_from_statistic(statistic)
    assert (facts.key, facts.has_source) == ("rise", True)
    assert facts.source_published_on == source.published_on
    assert not facts.archived
    [only] = facts.inputs
    assert (only.key, only.archived, only.has_source, only.inputs) == ("c2122", True, False, ())
    assert check(facts).verdict == Verdict.UNVERIFIABLE  # one input, and that one archived
