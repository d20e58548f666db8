"""Column types that keep values exact and portable across SQLite and PostgreSQL."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import DateTime, String
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def canonical_decimal(value: Decimal) -> str:
    """'33226', '0.25', '-1.5': no exponent, no trailing zeros."""
    if not value.is_finite():
        raise ValueError("not a finite number")
    # Not value.normalize(): it rounds to the context's 28 significant digits.
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


class DecimalText(TypeDecorator):
    """An exact decimal stored as canonical text.

    SQLite has no exact decimal type (SQLAlchemy's Numeric goes through float there), and a
    figure in a briefing pack must come back exactly as typed.
    """

    impl = String(48)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        try:
            return canonical_decimal(Decimal(str(value)))
        except InvalidOperation as exc:  # pragma: no cover - validated upstream
            raise ValueError(f"not a number: {value!r}") from exc

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both databases (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class StrEnumType(TypeDecorator):
    """A Python StrEnum stored as its value in a VARCHAR (no database enum types to migrate)."""

    impl = String(40)
    cache_ok = True

    def __init__(self, enum_cls: type[enum.StrEnum], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enum_cls = enum_cls

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum_cls(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_cls(value)
