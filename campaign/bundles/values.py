"""The bundle format's value types that are not plain text: exact decimals, ISO dates, a
milestone's day/month/year date and timestamps (campaign.bundles.schema uses them)."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation, getcontext
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainValidator, WithJsonSchema

from campaign import models as m
from campaign.models.enums import DatePrecision
from campaign.models.precise_dates import parse_precise_date
from campaign.models.types import canonical_decimal

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _exact_decimal(value: Any) -> Decimal:
    # bool is an int subclass and a float has already lost digits: refuse both. The YAML
    # loader turns unquoted decimals into Decimal from their text, never via float.
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError("not a number")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a number")
    # Storing a value normalises it in the decimal context, which would round away digits
    # beyond its precision (28): refuse those rather than store a different figure.
    precision = getcontext().prec
    if len("".join(map(str, number.as_tuple().digits)).rstrip("0")) > precision:
        raise ValueError(f"too many digits: at most {precision} significant digits")
    # The stored text must fit its column. The exponent is checked first so that "1e999999"
    # is refused before it is written out in full.
    limit = m.Statistic.__table__.c.value.type.impl.length
    if abs(number.adjusted()) >= limit or len(canonical_decimal(number)) > limit:
        raise ValueError(f"too many digits: at most {limit} characters")
    return number


ExactDecimal = Annotated[
    Decimal,
    PlainValidator(_exact_decimal),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"},
                {"type": "number"},
            ],
            "description": 'An exact decimal, best written as a string: "33226", "0.5".',
        }
    ),
]


def _iso_date(value: Any) -> date:
    # A datetime is a date subclass: a timestamp is not a date.
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"not a real date: {value.strip()}") from None
    raise ValueError("use an ISO date, YYYY-MM-DD")


IsoDate = Annotated[
    date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})
]


def _precise_date(value: Any) -> tuple[date, DatePrecision]:
    if isinstance(value, bool) or not isinstance(value, str | int | date) or hasattr(value, "hour"):
        raise ValueError("use YYYY-MM-DD, YYYY-MM or YYYY")
    return parse_precise_date(value)


PreciseDate = Annotated[
    tuple[date, DatePrecision],
    PlainValidator(_precise_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
            "description": "A day (2023-10-26), a month (2026-07) or a year (2027); the "
            "precision is the form written.",
        }
    ),
]


def _aware(value: Any) -> Any:
    """A timestamp without a zone is taken as UTC."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


Timestamp = Annotated[datetime, BeforeValidator(_aware)]
