"""What a reminder says: the e-mail's subject, plain-text and HTML bodies, and the in-app
notification's title, body and link. One Message per reminder, shared by its recipients; the
bodies come from the Jinja templates in templates/reminders/ (the HTML autoescaped)."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from campaign.common.text import one_line
from campaign.models import DatePrecision
from campaign.reminders.facts import MilestoneFacts, ResponseFacts
from campaign.reminders.planning import Reminder, ReminderSettings, uk_date
from campaign.rendering import format_date

TITLE_LENGTH = 300  # Notification.title


class Message:
    """A reminder's wording. The e-mail bodies are rendered on first use, by the mailer, so a
    reminder that goes only to the app (or a batch whose e-mails are already claimed) costs
    no template rendering. `text` and `html` may also be given outright."""

    def __init__(
        self,
        *,
        subject: str,
        title: str,
        body: str,
        path: str,
        template: str = "",
        context: dict | None = None,
        text: str | None = None,
        html: str | None = None,
    ):
        self.subject, self.title, self.body, self.path = subject, title, body, path
        self._template, self._context = template, context or {}
        self._text, self._html = text, html

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _render(f"{self._template}.txt", **self._context)
        return self._text

    @property
    def html(self) -> str:
        if self._html is None:
            self._html = _render(f"{self._template}.html", **self._context)
        return self._html


def countdown(days: int) -> str:
    """7 -> 'in 7 days', 1 -> 'tomorrow', 0 -> 'today'."""
    if days <= 0:
        return "today" if days == 0 else f"{-days} day{'s' if days < -1 else ''} ago"
    return "tomorrow" if days == 1 else f"in {days} days"


def overdue(days: int) -> str:
    """How long ago a reply was expected: 'today', 'yesterday', '3 days ago'."""
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")


def long_date(value: date) -> str:
    """'Friday 23 February 2024'."""
    return f"{value.strftime('%A')} {format_date(value, DatePrecision.DAY)}"


def _render(name: str, **context) -> str:
    return current_app.jinja_env.get_template(name).render(**context)


def _asks(asks, base_url: str) -> list[dict[str, str]]:
    return [{"title": a.title, "url": f"{base_url}/asks/{a.slug}"} for a in asks]


def milestone_message(
    milestone: MilestoneFacts, reminder: Reminder, *, now: datetime, settings: ReminderSettings
) -> Message:
    days = (milestone.milestone_date - uk_date(now)).days
    when = countdown(days)
    day = format_date(milestone.milestone_date, milestone.date_precision)
    path = f"/milestones/{milestone.id}"
    context = {
        "milestone": milestone,
        "when": when,
        "days_left": days,
        "date": day,
        "long_date": long_date(milestone.milestone_date),
        "offset_days": reminder.offset_days,
        "asks": _asks(milestone.asks, settings.base_url),
        "url": settings.base_url + path,
    }
    asks = "; ".join(one_line(a.title) for a in milestone.asks)
    title = one_line(milestone.title)  # a title saved before titles had to be one line
    return Message(
        subject=f"Reminder: {title} {when} ({day})",
        title=f"{title} {when}"[:TITLE_LENGTH],
        body=f"{day}." + (f" Linked asks: {asks}." if asks else ""),
        path=path,
        template="reminders/email",
        context=context,
    )


def follow_up_message(
    response: ResponseFacts, reminder: Reminder, *, now: datetime, settings: ReminderSettings
) -> Message:
    expected = format_date(reminder.target_date, DatePrecision.DAY)
    path = f"/responses/{response.id}"
    context = {
        "response": response,
        "sent_on": format_date(response.response_date, DatePrecision.DAY),
        "expected": expected,
        "overdue": overdue((uk_date(now) - reminder.target_date).days),
        "asks": _asks(response.asks, settings.base_url),
        "url": settings.base_url + path,
    }
    about = f"no reply yet from {one_line(response.organisation)} to “{one_line(response.title)}”"
    return Message(
        subject=f"Follow-up: {about} (expected by {expected})",
        title=f"Follow up: {about}"[:TITLE_LENGTH],
        body=f"A reply was expected by {expected}.",
        path=path,
        template="reminders/follow_up",
        context=context,
    )
