"""What a reminder says: the e-mail's subject, plain-text and HTML bodies, and the in-app
notification's title, body and link. One Message per reminder, shared by its recipients; the
bodies come from the Jinja templates in templates/reminders/ (the HTML autoescaped)."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from campaign.common.text import one_line
from campaign.models import DatePrecision, DuePrecision
from campaign.reminders.facts import MilestoneFacts, ResponseFacts
from campaign.reminders.planning import Reminder, ReminderSettings, uk_date
from campaign.reminders.stakeholder_facts import ActionFacts, CommitmentFacts, StanceFacts
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


# -- Stakeholder reminders (issue 18): actions due, stances to re-check, late commitments ----
SEASONS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


def promised_for(value: date, precision: DuePrecision) -> str:
    """How a commitment's due period reads: '31 March 2026', 'May 2026', 'spring 2026',
    'winter 2026–27', '2027' (a season is three months from its first: spring from March)."""
    if precision == DuePrecision.SEASON:
        season = SEASONS.get(value.month)
        if season is None:
            return f"the three months from {format_date(value, DatePrecision.MONTH)}"
        if season == "winter":
            return f"winter {value.year}–{(value.year + 1) % 100:02d}"
        return f"{season} {value.year}"
    return format_date(value, DatePrecision(precision.value))


def action_message(
    action: ActionFacts, reminder: Reminder, *, now: datetime, settings: ReminderSettings
) -> Message:
    when = countdown((reminder.target_date - uk_date(now)).days)
    due = format_date(reminder.target_date, DatePrecision.DAY)
    path = f"/interactions/{action.interaction_key}"
    what = one_line(action.description)
    interaction = one_line(action.interaction_title)
    met_on = format_date(action.occurred_at, DatePrecision.DAY)
    people = ", ".join(one_line(p) for p in action.people)
    context = {
        "action": action,
        "when": when,
        "due": due,
        "long_date": long_date(reminder.target_date),
        "met_on": met_on,
        "people": people,
        "owner": action.owner_name,
        "url": settings.base_url + path,
    }
    owner = f" Owner: {one_line(action.owner_name)}." if action.owner_name else " No owner."
    return Message(
        subject=f"Action due {when}: {what} ({due})",
        title=f"Action due {when}: {what}"[:TITLE_LENGTH],
        body=f"Due {due}. From “{interaction}” on {met_on}"
        + (f" with {people}" if people else "")
        + f".{owner}",
        path=path,
        template="reminders/action",
        context=context,
    )


def stance_message(
    stance: StanceFacts, reminder: Reminder, *, now: datetime, settings: ReminderSettings
) -> Message:
    when = countdown((reminder.target_date - uk_date(now)).days)
    recheck = format_date(reminder.target_date, DatePrecision.DAY)
    path = f"/people/{stance.person_key}"
    person, ask = one_line(stance.person_name), one_line(stance.ask_title)
    assessed = format_date(stance.assessed_on, DatePrecision.DAY)
    by = f" by {one_line(stance.assessed_by)}" if stance.assessed_by else ""
    context = {
        "stance": stance,
        "person": person,
        "when": when,
        "recheck": recheck,
        "long_date": long_date(reminder.target_date),
        "assessed": assessed,
        "assessed_by": stance.assessed_by,
        "ask_url": f"{settings.base_url}/asks/{stance.ask_slug}",
        "url": settings.base_url + path,
    }
    return Message(
        subject=f"Re-check stance: {person} on “{ask}” (re-check by {recheck})",
        title=f"Re-check {person}’s stance on “{ask}” ({when})"[:TITLE_LENGTH],
        body=f"Assessed {stance.stance.label.lower()} on {assessed}{by}. Re-check by {recheck}.",
        path=path,
        template="reminders/stance",
        context=context,
    )


def commitment_message(
    commitment: CommitmentFacts, reminder: Reminder, *, now: datetime, settings: ReminderSettings
) -> Message:
    due_by = format_date(reminder.target_date, DatePrecision.DAY)
    late_days = (uk_date(now) - reminder.target_date).days
    late = f"{late_days} day{'s' if late_days != 1 else ''} late"
    path = f"/commitments/{commitment.key}"
    who, what = one_line(commitment.who), one_line(commitment.title)
    promised = (
        promised_for(commitment.due_on, commitment.due_precision) if commitment.due_on else due_by
    )
    context = {
        "commitment": commitment,
        "who": who,
        "due_by": due_by,
        "promised": promised,
        "late": late,
        "ask_url": (
            f"{settings.base_url}/asks/{commitment.ask_slug}" if commitment.ask_slug else None
        ),
        "url": settings.base_url + path,
    }
    ask = f" Ask: {one_line(commitment.ask_title)}." if commitment.ask_title else ""
    return Message(
        subject=f"Commitment late: {who}: “{what}” (due by {due_by})",
        title=f"Commitment late: {who}: “{what}”"[:TITLE_LENGTH],
        body=f"Promised for {promised}, due by {due_by}: {late}, not yet kept.{ask}",
        path=path,
        template="reminders/commitment",
        context=context,
    )
