"""The arithmetic of derived statistics: exact decimals, 10 places, clear errors (no DB)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaign.models import StatisticFormula, StatisticUnit
from campaign.models.types import canonical_decimal
from campaign.statistics.formulas import (
    MAX_CHARS,
    ROLE_NAMES,
    compute,
    inputs_problem,
    required_inputs,
    result_unit,
)

F = StatisticFormula
D = Decimal


@pytest.mark.parametrize(
    ("formula", "values", "expected"),
    [
        # The press release's figures, to 10 places (half up).
        (F.PERCENT_CHANGE, ["25582", "31892"], "24.665780627"),  # 24.66578062700…
        (F.PERCENT_CHANGE, ["17817", "31892"], "78.9975865746"),
        (F.SHARE, ["4312", "9876"], "43.6614013771"),
        (F.SHARE, ["2591", "9876"], "26.2353179425"),
        (F.SHARE, ["2069", "9876"], "20.9497772377"),
        (F.SUM, ["1217", "852", "522"], "2591"),
        (F.SUM, ["0.1", "0.2"], "0.3"),  # never through floating point
        (F.DIFFERENCE, ["31892", "25582"], "6310"),
        (F.DIFFERENCE, ["0.3", "0.1"], "0.2"),
        (F.RATIO, ["31892", "17817"], "1.7899758657"),
        (F.PERCENT_CHANGE, ["200", "150"], "-25"),  # a fall is negative
        (F.SHARE, ["1", "3"], "33.3333333333"),
        (F.SHARE, ["2", "3"], "66.6666666667"),  # rounded half up at the 10th place
        (F.RATIO, ["1", "8"], "0.125"),  # trailing zeros dropped
        (F.SHARE, ["50", "100"], "50"),
    ],
)
def test_each_formula_is_exact(formula, values, expected):
    result = compute(formula, [D(v) for v in values])
    assert isinstance(result, Decimal)
    assert canonical_decimal(result) == expected
    assert str(result) == expected  # already short: no exponent, no trailing zeros


def test_results_keep_ten_places_and_round_half_up():
    assert compute(F.RATIO, [D(1), D(3)]) == D("0.3333333333")
    assert compute(F.SUM, [D("0.00000000005"), D(0)]) == D("0.0000000001")
    assert compute(F.SUM, [D("0.00000000004"), D(0)]) == D(0)
    assert compute(F.SUM, [D("1.123456789012"), D(0)]) == D("1.123456789")


def test_large_exact_inputs_are_not_rounded_before_the_tenth_place():
    big = D("1234567890123456789012345678")  # 28 digits
    assert compute(F.SUM, [big, D(1)]) == D("1234567890123456789012345679")
    assert compute(F.DIFFERENCE, [big, big]) == D(0)


def test_a_result_too_long_to_store_is_refused():
    with pytest.raises(ValueError, match="too large"):
        compute(F.PERCENT_CHANGE, [D("0.0000000000000000000000000001"), D("9" * 28)])
    assert len(canonical_decimal(compute(F.SUM, [D("9" * 28), D("0.5")]))) <= MAX_CHARS


@pytest.mark.parametrize(
    ("formula", "values", "what"),
    [
        (F.PERCENT_CHANGE, ["0", "5"], "the “from” value is 0"),
        (F.SHARE, ["5", "0"], "the whole is 0"),
        (F.RATIO, ["5", "0.0"], "the denominator is 0"),
    ],
)
def test_division_by_zero_is_a_clear_error(formula, values, what):
    with pytest.raises(ValueError, match="Cannot divide by zero") as error:
        compute(formula, [D(v) for v in values])
    assert what in str(error.value)


def test_input_counts():
    assert required_inputs(F.SUM) == (2, None)
    for formula in (F.PERCENT_CHANGE, F.SHARE, F.DIFFERENCE, F.RATIO):
        assert required_inputs(formula) == (2, 2)
    assert inputs_problem(F.SUM, 5) is None
    assert inputs_problem(F.SUM, 1) == "A sum needs at least 2 inputs; 1 was given."
    assert inputs_problem(F.SHARE, 3) == (
        "A share needs exactly 2 inputs (part, whole); 3 were given."
    )
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        compute(F.RATIO, [D(1)])


def test_role_names_and_result_units():
    assert ROLE_NAMES[F.PERCENT_CHANGE] == ("from", "to")
    assert ROLE_NAMES[F.SHARE] == ("part", "whole")
    assert ROLE_NAMES[F.DIFFERENCE] == ("a", "b")
    assert ROLE_NAMES[F.RATIO] == ("numerator", "denominator")
    U = StatisticUnit
    assert result_unit(F.PERCENT_CHANGE, [U.COUNT, U.COUNT]) is U.PERCENT
    assert result_unit(F.SHARE, [U.GBP, U.GBP]) is U.PERCENT
    assert result_unit(F.RATIO, [U.COUNT, U.COUNT]) is U.RATIO
    assert result_unit(F.SUM, [U.GBP, U.GBP]) is U.GBP
    assert result_unit(F.DIFFERENCE, [U.PERCENT, U.PERCENT]) is U.PERCENT
