from decimal import Decimal

import pytest

from campaign.models.types import canonical_decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("33226", "33226"),
        ("12.50", "12.5"),
        ("0.000", "0"),
        ("-0", "0"),
        ("1E+3", "1000"),
        ("1.0000000000000000000000000000001", "1.0000000000000000000000000000001"),
        ("123456789012345678901234567890123", "123456789012345678901234567890123"),
    ],
)
def test_canonical_decimal_is_exact(value, text):
    assert canonical_decimal(Decimal(value)) == text


def test_long_decimals_survive_the_database(make, session):
    value = Decimal("1.0000000000000000000000000000001")
    stat = make.statistic(value=value)
    session.expire_all()
    assert session.get(type(stat), stat.id).value == value
