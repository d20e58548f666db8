"""The current time, injectable for tests: set `app.config["CLOCK"]` to a callable returning an
aware datetime. Dates are the UK's (Europe/London): a consultation closes on a UK calendar day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

UK = ZoneInfo("Europe/London")


def now() -> datetime:
    if has_app_context():
        clock = current_app.config.get("CLOCK")
        if clock is not None:
            return clock()
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(UK).date()
