"""Milestones as iCalendar (RFC 5545) bytes: pure functions from data to a document.

The rules, explained for officers in docs/calendar.md:

- Every milestone is an all-day event (`DTSTART;VALUE=DATE`). A date known to the day lasts
  that day (`DTEND` is the next day). A date known only to the month or the year spans the
  whole month or year and says so in its summary ("(month only)"): a calendar never shows a
  precise day we do not know.
- One `VALARM` per reminder offset: `n` days before the (first possible) day, at the reminder
  hour, or on the working day before when that day is a Saturday, a Sunday or a bank holiday
  in England and Wales (the day the e-mail reminder is sent, `reminders.rules.reminder_day`;
  two offsets that land on the same day make one alarm). The trigger is a duration relative
  to the all-day start, e.g. `-P6DT15H` for "7 days before, at 09:00", which Outlook, Google
  and Apple all read. An all-day start is the viewer's local midnight, so the alarm goes off
  at 09:00 where they are, the hour the e-mail reminders are sent in UK time.
- A done milestone has no alarms; a planned one is `STATUS:TENTATIVE`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

from campaign.models.enums import DatePrecision
from campaign.reminders.rules import reminder_day
from campaign.rendering import format_date

PRODID = "-//Campaign//Policy milestones//EN"
TIMEZONE = "Europe/London"
# How often a subscribed client should fetch the feed again (clients may ignore it).
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class MilestoneEvent:
    """What one event says: the milestone, flattened to plain values."""

    key: str
    title: str
    start: date
    precision: DatePrecision
    kind: str
    url: str
    planned: bool = False
    done: bool = False
    organisation: str = ""
    asks: tuple[str, ...] = ()
    source: str = ""
    description: str = ""
    done_note: str = ""
    offsets: tuple[int, ...] = ()
    last_modified: datetime | None = None


def end_of(start: date, precision: DatePrecision) -> date:
    """The exclusive end of an all-day event: the next day, month or year."""
    match precision:
        case DatePrecision.YEAR:
            return date(start.year + 1, 1, 1)
        case DatePrecision.MONTH:
            year, month = divmod(start.month, 12)
            return date(start.year + year, month + 1, 1)
        case _:
            return start + timedelta(days=1)


def summary_of(event: MilestoneEvent) -> str:
    """'Statement (month only) (planned)', 'Consultation closes ✓ done'."""
    parts = [event.title]
    if event.precision != DatePrecision.DAY:
        parts.append(f"({event.precision.value} only)")
    if event.done:
        parts.append("✓ done")
    elif event.planned:
        parts.append("(planned)")
    return " ".join(parts)


def date_text(event: MilestoneEvent) -> str:
    return format_date(event.start, event.precision)


def description_of(event: MilestoneEvent) -> str:
    lines = [f"Kind: {event.kind}"]
    if event.precision != DatePrecision.DAY:
        lines.append(f"When: {date_text(event)} (the day is not known yet)")
    if event.organisation:
        lines.append(f"Organisation: {event.organisation}")
    if event.asks:
        lines.append(f"Asks: {'; '.join(event.asks)}")
    if event.source:
        lines.append(f"Source: {event.source}")
    if event.done:
        lines.append(f"Done: {event.done_note}" if event.done_note else "Done.")
    elif event.planned:
        lines.append("Planned: an announced plan, so the date may move.")
    text = "\n".join(lines)
    if event.description.strip():
        text += "\n\n" + event.description.strip()
    return f"{text}\n\nOpen in Campaign: {event.url}"


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def alarm_text(event: MilestoneEvent, days: int) -> str:
    """'Consultation closes is in 7 days (26 October 2023).'"""
    if event.precision != DatePrecision.DAY:
        return f"{event.title} is expected in {date_text(event)}, which starts {_in_days(days)}."
    return f"{event.title} is {_in_days(days)} ({date_text(event)})."


def trigger_for(days: int, hour: int) -> timedelta:
    """`days` before the all-day start, at `hour` o'clock: -P6DT15H for (7, 9)."""
    return timedelta(days=-days, hours=hour)


def alarm_days(event: MilestoneEvent) -> list[int]:
    """How many days before the start each alarm goes off: each offset, counted back to the
    working day its reminder is sent on; one alarm per day."""
    days = ((event.start - reminder_day(event.start, n)).days for n in event.offsets)
    return list(dict.fromkeys(days))


def uid_of(event: MilestoneEvent, host: str) -> str:
    return f"milestone-{event.key}@{host}"


def build_event(
    event: MilestoneEvent, *, host: str, stamp: datetime, reminder_hour: int
) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", uid_of(event, host))
    vevent.add("dtstamp", stamp.astimezone(UTC))
    if event.last_modified is not None:
        vevent.add("last-modified", event.last_modified.astimezone(UTC))
    vevent.add("dtstart", event.start)
    vevent.add("dtend", end_of(event.start, event.precision))
    vevent.add("summary", summary_of(event))
    vevent.add("description", description_of(event))
    vevent.add("url", event.url)
    vevent.add("categories", [event.kind])
    vevent.add("status", "TENTATIVE" if event.planned and not event.done else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT")  # a date to know, not time taken: never "busy"
    if not event.done:
        for days in alarm_days(event):
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", alarm_text(event, days))
            alarm.add("trigger", trigger_for(days, reminder_hour))
            vevent.add_component(alarm)
    return vevent


def build_calendar(
    events: Iterable[MilestoneEvent],
    *,
    host: str,
    stamp: datetime,
    reminder_hour: int,
    name: str | None = None,
) -> bytes:
    """A VCALENDAR holding one VEVENT per milestone. With a `name` it is a subscribable feed
    (X-WR-CALNAME, refresh hints); without, a file to import into an existing calendar (a
    named file would make Outlook open it as a separate calendar)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        # X- properties default to TEXT: escaped like SUMMARY, on a single line.
        calendar.add("x-wr-calname", icalendar.vText(" ".join(name.split())))
        calendar.add("x-wr-timezone", TIMEZONE)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for event in events:
        calendar.add_component(
            build_event(event, host=host, stamp=stamp, reminder_hour=reminder_hour)
        )
    return calendar.to_ical()
