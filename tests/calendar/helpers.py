"""Helpers for the calendar tests: parse a feed, read the stored token."""

from __future__ import annotations

import icalendar
from sqlmodel import select

from campaign.models import AppSetting


def parse(body: bytes) -> icalendar.Calendar:
    """Parse strictly enough to fail on a broken document: every line CRLF-terminated and
    folded to 75 octets, no parse errors recorded on any component."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    assert b"\n" not in body.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(body)
    assert all(not component.errors for component in calendar.walk())
    return calendar


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def triggers(event: icalendar.Event) -> list:
    return [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]


def stored_token(session) -> str | None:
    return session.exec(select(AppSetting.value).where(AppSetting.key == "calendar_token")).first()
