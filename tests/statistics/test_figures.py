"""Reading figures exactly: accepted forms, refused forms, and the canonical stored form."""

from decimal import Decimal

import pytest

from campaign.models.types import canonical_decimal
from campaign.statistics.figures import parse_figure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("33,226", "33226"),
        ("1,234,567.5", "1234567.5"),
        ("25", "25"),
        ("0.5", "0.5"),
        (".5", "0.5"),
        ("-3", "-3"),
        ("\u22123", "-3"),  # a typographic minus sign, as pasted from a report
        (" 44 ", "44"),
        ("12.50", "12.5"),
        ("0.1", "0.1"),  # a float would store 0.1000000000000000055511151231257827…
        ("1234567890123456789012345678", "1234567890123456789012345678"),
    ],
)
def test_accepted_figures_are_exact(text, expected):
    value = parse_figure(text)
    assert isinstance(value, Decimal)
    assert canonical_decimal(value) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "digits only"),
        ("1e5", "in full"),
        ("2.5E-3", "in full"),
        ("NaN", "digits only"),
        ("Infinity", "digits only"),
        ("-inf", "digits only"),
        ("3,32", "commas only between thousands"),  # a European decimal comma?
        ("33 226", "digits only"),
        ("44%", "unit"),
        ("£5", "unit"),
        ("1_000", "digits only"),
        ("1.2.3", "digits only"),
        ("-", "digits only"),
        ("12345678901234567890123456789", "at most 28"),
        ("   ", "Enter the figure"),
    ],
)
def test_refused_figures_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_figure(text)
