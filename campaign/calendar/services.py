"""Which milestones a calendar holds, flattened for `feed.build_calendar`, and its URLs."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign.calendar.feed import MilestoneEvent, build_calendar
from campaign.common.choices import active_rows
from campaign.models import Ask, AskMilestone, Milestone
from campaign.reminders.rules import offsets_for, parse_offsets

log = logging.getLogger(__name__)

ALL_NAME = "Campaign milestones"


@dataclass(frozen=True)
class FeedSettings:
    """The deployment settings a calendar depends on."""

    base_url: str
    default_offsets: str
    reminder_hour: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FeedSettings:
        return cls(
            base_url=str(config["PUBLIC_BASE_URL"]).rstrip("/"),
            default_offsets=str(config["REMINDER_OFFSETS"]),
            reminder_hour=int(config["REMINDER_HOUR"]),
        )

    @property
    def host(self) -> str:
        """The domain in every event's UID, so UIDs stay unique beside other calendars."""
        return urlsplit(self.base_url).hostname or "localhost"

    def milestone_url(self, ident: int | None) -> str:
        return f"{self.base_url}/milestones/{ident}"

    def feed_url(self, token: str, ask_slug: str | None = None) -> str:
        """The absolute subscription URL: /calendar.ics?token=… (&ask=<slug>)."""
        args = {"token": token} if ask_slug is None else {"token": token, "ask": ask_slug}
        return f"{self.base_url}/calendar.ics?{urlencode(args)}"

    def webcal_url(self, token: str) -> str:
        """The same feed as a webcal:// link, which calendar apps open as a subscription."""
        return "webcal://" + self.feed_url(token).split("://", 1)[-1]


def describe_offsets(text: str) -> str:
    """'28,7,1' -> '28, 7 and 1 days'; '1' -> '1 day'; '' -> ''."""
    try:
        days = [str(n) for n in parse_offsets(text)]
    except ValueError:
        return f"{text} days"
    if not days:
        return ""
    listed = days[0] if len(days) == 1 else f"{', '.join(days[:-1])} and {days[-1]}"
    return f"{listed} day{'' if days == ['1'] else 's'}"


def find_ask(session: Session, slug: str) -> Ask | None:
    return session.exec(select(Ask).where(Ask.slug == slug)).first()


def feed_asks(session: Session) -> list[Ask]:
    """Active asks, for the per-ask feed URLs on the calendar page."""
    return active_rows(session, Ask, Ask.title)


def feed_milestones(session: Session, *, ask_id: int | None = None) -> list[Milestone]:
    """Non-archived milestones (only one ask's, given `ask_id`), by date, with everything
    their events mention loaded in a fixed number of queries."""
    query = (
        select(Milestone)
        .where(col(Milestone.archived_at).is_(None))
        .options(
            selectinload(Milestone.organisation),
            selectinload(Milestone.source),
            selectinload(Milestone.ask_links).selectinload(AskMilestone.ask),
        )
        .order_by(Milestone.milestone_date, Milestone.id)
    )
    if ask_id is not None:
        linked = select(AskMilestone.milestone_id).where(AskMilestone.ask_id == ask_id)
        query = query.where(col(Milestone.id).in_(linked))
    return list(session.exec(query))


def _offsets(milestone: Milestone, default: str) -> tuple[int, ...]:
    if milestone.done_at is not None:
        return ()
    try:
        return tuple(offsets_for(milestone, default))
    except ValueError as error:
        # Offsets are validated on entry; a bad value (e.g. imported) costs the event its
        # alarms, never the whole feed.
        log.warning("Milestone %s: no calendar alarms, bad offsets: %s", milestone.key, error)
        return ()


def to_event(milestone: Milestone, settings: FeedSettings) -> MilestoneEvent:
    source = milestone.source
    asks = sorted(
        (link.ask.title for link in milestone.ask_links if link.ask.archived_at is None),
        key=str.lower,
    )
    return MilestoneEvent(
        key=milestone.key,
        title=milestone.title,
        start=milestone.milestone_date,
        precision=milestone.date_precision,
        kind=milestone.kind.label,
        url=settings.milestone_url(milestone.id),
        planned=milestone.is_planned,
        done=milestone.done_at is not None,
        organisation=milestone.organisation.name if milestone.organisation else "",
        asks=tuple(asks),
        source=(f"{source.title} – {source.url}" if source.url else source.title) if source else "",
        description=milestone.description or "",
        done_note=milestone.done_note or "",
        offsets=_offsets(milestone, settings.default_offsets),
        last_modified=milestone.updated_at,
    )


def feed_document(
    session: Session, settings: FeedSettings, *, stamp: datetime, ask: Ask | None = None
) -> bytes:
    """The subscribable feed: every milestone, or one ask's."""
    milestones = feed_milestones(session, ask_id=ask.id if ask is not None else None)
    return build_calendar(
        (to_event(m, settings) for m in milestones),
        host=settings.host,
        stamp=stamp,
        reminder_hour=settings.reminder_hour,
        name=ALL_NAME if ask is None else f"Campaign: {ask.title}",
    )


def event_document(milestone: Milestone, settings: FeedSettings, *, stamp: datetime) -> bytes:
    """One milestone as a file to import ("Add to calendar")."""
    return build_calendar(
        [to_event(milestone, settings)],
        host=settings.host,
        stamp=stamp,
        reminder_hour=settings.reminder_hour,
    )


def event_filename(milestone: Milestone) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", milestone.key).strip("-.")
    return f"{stem or f'milestone-{milestone.id}'}.ics"
