"""What the monitoring inbox's alerts say (docs/monitoring.md, "Alerts"): an immediate alert
about one item, a recipient's daily digest, and the digest's one in-app notice. The e-mail
bodies come from templates/monitoring/alert.* and digest.* (the HTML autoescaped), as the
reminders' do (campaign.reminders.content)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from campaign.common.text import one_line
from campaign.models import DatePrecision
from campaign.monitoring.terms import highlight
from campaign.reminders.content import TITLE_LENGTH, Message
from campaign.reminders.planning import ReminderSettings
from campaign.rendering import format_date

NO_ASK = "Watches on people and organisations"  # a digest's group for watches without an ask


@dataclass(frozen=True)
class AskRef:
    title: str
    slug: str


@dataclass
class ItemFacts:
    """An item as an alert shows it, with what its watches add: the terms they matched and the
    asks they concern."""

    id: int
    title: str
    source_label: str
    date: date
    kind: str
    snippet: str
    licence: str
    url: str
    terms: list[str] = field(default_factory=list)
    asks: list[AskRef] = field(default_factory=list)

    def add(self, terms: list[str], ask: AskRef | None) -> None:
        self.terms.extend(t for t in terms if t not in self.terms)
        if ask is not None and ask not in self.asks:
            self.asks.append(ask)
            self.asks.sort(key=lambda a: (a.title.casefold(), a.slug))

    @property
    def path(self) -> str:
        return f"/inbox/{self.id}"

    @property
    def highlighted(self) -> Markup:
        return highlight(self.snippet, self.terms)

    @property
    def day(self) -> str:
        return format_date(self.date, DatePrecision.DAY)


def _context(item: ItemFacts, settings: ReminderSettings) -> dict:
    return {
        "item": item,
        "title": one_line(item.title),
        "url": settings.base_url + item.path,
        "asks": [
            {"title": a.title, "url": f"{settings.base_url}/asks/{a.slug}"} for a in item.asks
        ],
    }


def alert_message(item: ItemFacts, *, settings: ReminderSettings) -> Message:
    """One item for the owners of the immediate watches that found it (one Message, shared)."""
    title = one_line(item.title)
    asks = "; ".join(one_line(a.title) for a in item.asks)
    return Message(
        subject=f"Monitoring alert: {title} ({item.source_label}, {item.day})",
        title=f"New in the monitoring inbox: {title}"[:TITLE_LENGTH],
        body=f"{item.source_label}, {item.day}."
        + (f" Matched: {', '.join(item.terms)}." if item.terms else "")
        + (f" Asks: {asks}." if asks else ""),
        path=item.path,
        template="monitoring/alert",
        context=_context(item, settings),
    )


@dataclass
class Group:
    heading: str
    items: list[ItemFacts]


def groups(items: list[ItemFacts]) -> list[Group]:
    """The digest's items grouped by the asks they concern (an item concerning two asks is
    listed once, under both titles), the groups by heading, newest items first."""
    by_heading: dict[str, list[ItemFacts]] = {}
    for item in items:
        heading = "; ".join(one_line(a.title) for a in item.asks) or NO_ASK
        by_heading.setdefault(heading, []).append(item)
    return [
        Group(heading, sorted(found, key=lambda i: (i.date, i.id), reverse=True))
        for heading, found in sorted(
            by_heading.items(), key=lambda pair: (pair[0] == NO_ASK, pair[0].casefold())
        )
    ]


def count(n: int) -> str:
    return f"{n} new item{'s' if n != 1 else ''}"


def digest_message(day: date, items: list[ItemFacts], *, settings: ReminderSettings) -> Message:
    """One recipient's digest of the day: every new item of their digest watches, once."""
    when = format_date(day, DatePrecision.DAY)
    return Message(
        subject=f"Monitoring digest: {count(len(items))} ({when})",
        title=f"{count(len(items))} in the monitoring inbox"[:TITLE_LENGTH],
        body=f"The daily digest of {when}.",
        path="/inbox/",
        template="monitoring/digest",
        context={
            "when": when,
            "count": count(len(items)),
            "groups": [
                {"heading": g.heading, "entries": [_context(i, settings) for i in g.items]}
                for g in groups(items)
            ],
            "inbox_url": f"{settings.base_url}/inbox/",
        },
    )


def digest_notice(day: date, total: int) -> Message:
    """The digest's in-app notification: one for the team, whoever the e-mails went to."""
    when = format_date(day, DatePrecision.DAY)
    title = f"{count(total)} in the monitoring inbox"
    return Message(
        subject=title,
        title=title,
        body=f"The daily digest of {when}.",
        path="/inbox/",
        text="",
        html="",
    )
