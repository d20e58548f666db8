"""Reading a figure exactly as typed: "33,226" -> Decimal("33226"), never through float.

Accepted: digits with an optional sign and decimal point, and commas only as thousands
separators ("33,226", "1,234,567.5", "-3", "0.5", ".5").

Refused, each with a message saying what to type instead:
- exponent notation ("1e5"): published figures are never written that way, so in this field
  it is almost always a slip (a stray "e" silently turns 15 into 1,500,000 for "15e5"), and
  the exact digits are always easy to type;
- NaN, Infinity, "£", "%", spaces inside the number, and misplaced commas ("3,32"): a comma
  that does not separate thousands may be a European decimal comma, so guessing could
  change the figure;
- more than 28 digits, the most a decimal keeps without rounding.

The stored form is canonical (models.types.DecimalText): "12.50" is stored and shown as
"12.5". Trailing zeros carry no meaning in a value; how a figure was worded in public is kept
in `published_wording`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from wtforms import StringField

MAX_DIGITS = 28
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?")
_EXPONENT = re.compile(r"[+-]?[\d,]*\.?\d*[eE][+-]?\d+")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})  # minus sign, en dash


def parse_figure(text: str) -> Decimal:
    """The exact Decimal for `text`; ValueError with a message for the user otherwise."""
    value = text.strip().translate(_MINUS_SIGNS)
    if not value:
        raise ValueError("Enter the figure, e.g. 33,226 or 0.5.")
    if _EXPONENT.fullmatch(value):
        raise ValueError("Write the number out in full (e.g. 100000, not 1e5).")
    if not _NUMBER.fullmatch(value) or not re.search(r"\d", value):
        raise ValueError(
            "Enter digits only, e.g. 33,226, 0.5 or -3. Use commas only between thousands; "
            "choose %, £ and so on as the unit."
        )
    digits = sum(c.isdigit() for c in value)
    if digits > MAX_DIGITS:
        raise ValueError(f"Too many digits: at most {MAX_DIGITS}.")
    return Decimal(value.replace(",", ""))


class FigureField(StringField):
    """A text input holding an exact Decimal, shown with thousands separators."""

    def process_data(self, value):
        """A Decimal from the row, or text prefilled from the query string (`?value=25`);
        text that is not a figure is dropped rather than shown as if it were one."""
        if isinstance(value, str):
            try:
                value = parse_figure(value)
            except ValueError:
                value = None
        self.data = value

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0] != "":
            self.data = parse_figure(valuelist[0])

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{Decimal(self.data):,f}"
