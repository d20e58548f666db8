"""How well each source is being checked (the health page, /monitoring/; docs/monitoring.md,
"Health and gaps"), from the record of every fetch (MonitorRun).

A *gap* runs from the first failed run after a success (or the first run ever) to the next
successful run: the source was not checked meanwhile. The current gap is the one still open
(the last finished runs failed); the gaps of the last 7 days are those closed in them. A run
still going (or whose process died: `ok` is None) neither opens nor closes a gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from campaign.clock import UK
from campaign.models import ItemStatus, MonitorItem, MonitorMatch, MonitorRun, MonitorSource, Watch
from campaign.rendering import format_date

WEEK = timedelta(days=7)
OK, NOT_CHECKED, NEVER, NO_WATCHES = "OK", "NOT CHECKED", "Never checked", "No watches"


def short_error(error: str) -> str:
    """'https://…/api/writtenquestions: HTTP 503 (tried 4 times)' -> 'HTTP 503'; otherwise
    the error without the URL it starts with."""
    found = re.search(r"\bHTTP \d{3}\b", error)
    if found:
        return found.group(0)
    text = re.sub(r"^https?://\S+?:\s+", "", error.strip())
    return text or "failed"


def _uk(moment: datetime) -> datetime:
    return moment.astimezone(UK)


def clock_time(moment: datetime) -> str:
    return f"{_uk(moment):%H:%M}"


def day_month(moment: datetime) -> str:
    local = _uk(moment)
    return f"{local.day} {local:%B}"


@dataclass
class Gap:
    """Checks that failed one after another: from the first failure to the next success."""

    start: datetime
    end: datetime | None = None  # the next successful run's start; None while still open
    failures: int = 0
    errors: list[str] = field(default_factory=list)  # short, each once, oldest first

    def add(self, run: MonitorRun) -> None:
        self.failures += 1
        error = short_error(run.error)
        if error not in self.errors:
            self.errors.append(error)

    @property
    def error(self) -> str:
        return "; ".join(self.errors)

    def current(self, label: str) -> str:
        """'Written questions and answers not checked since 09:00 on 7 December 2026:
        HTTP 503 (3 failed checks)'."""
        checks = f"{self.failures} failed check{'s' if self.failures != 1 else ''}"
        since = f"{clock_time(self.start)} on {format_date(self.start)}"
        return f"{label} not checked since {since}: {self.error} ({checks})"

    @property
    def closed(self) -> str:
        """'not checked from 09:00 to 15:00 on 7 December: HTTP 503'."""
        end = self.end or self.start
        if day_month(self.start) == day_month(end) and end - self.start < timedelta(days=1):
            span = f"from {clock_time(self.start)} to {clock_time(end)} on {day_month(end)}"
        else:
            span = (
                f"from {clock_time(self.start)} on {day_month(self.start)} "
                f"to {clock_time(end)} on {day_month(end)}"
            )
        return f"not checked {span}: {self.error}"


@dataclass
class SourceHealth:
    source: MonitorSource
    watches: int
    last_checked: datetime | None = None
    last_success: datetime | None = None
    current_gap: Gap | None = None
    gaps: list[Gap] = field(default_factory=list)  # closed in the last 7 days, newest first
    new_items: int = 0  # found in the last 7 days
    problems: list[str] = field(default_factory=list)  # malformed items of the last run

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def state(self) -> str:
        if not self.watches:
            return NO_WATCHES
        if self.last_checked is None:
            return NEVER
        return NOT_CHECKED if self.current_gap else OK

    @property
    def failing(self) -> bool:
        return self.state == NOT_CHECKED

    @property
    def gap_text(self) -> str:
        return self.current_gap.current(self.label) if self.current_gap else ""


def active_watch_counts(session: Session) -> dict[MonitorSource, int]:
    """How many active (not archived) watches use each source."""
    counts = dict.fromkeys(MonitorSource, 0)
    for sources in session.exec(
        select(col(Watch.sources)).where(col(Watch.archived_at).is_(None))
    ).all():
        for name in set(sources or []):
            if name in MonitorSource._value2member_map_:
                counts[MonitorSource(name)] += 1
    return counts


def _runs(session: Session, source: MonitorSource, window: datetime) -> list[MonitorRun]:
    """The source's finished runs from its last success before `window` on (all of them if
    none succeeded then), oldest first: enough to see every gap that touches the window."""
    last_ok = session.exec(
        select(func.max(MonitorRun.started_at)).where(
            col(MonitorRun.source) == source,
            col(MonitorRun.ok).is_(True),
            col(MonitorRun.started_at) < window,
        )
    ).one()
    query = select(MonitorRun).where(
        col(MonitorRun.source) == source, col(MonitorRun.ok).is_not(None)
    )
    if last_ok is not None:
        query = query.where(col(MonitorRun.started_at) >= last_ok)
    order = (col(MonitorRun.started_at), col(MonitorRun.id))
    return list(session.exec(query.order_by(*order)).all())


def _follow(health: SourceHealth, runs: list[MonitorRun]) -> None:
    gap: Gap | None = None
    for run in runs:
        health.last_checked = run.started_at
        health.problems = list(run.problems or [])
        if run.ok:
            health.last_success = run.started_at
            if gap is not None:
                # Closed in the window: the runs start at the last success before it.
                gap.end = run.started_at
                health.gaps.insert(0, gap)
                gap = None
        else:
            gap = gap or Gap(run.started_at)
            gap.add(run)
    health.current_gap = gap


def source_health(session: Session, *, now: datetime) -> list[SourceHealth]:
    """Every source, in MonitorSource's order."""
    window = now - WEEK
    watches = active_watch_counts(session)
    new_items = dict(
        session.exec(
            select(col(MonitorItem.source), func.count())
            .where(col(MonitorItem.found_at) >= window)
            .group_by(col(MonitorItem.source))
        ).all()
    )
    result = []
    for source in MonitorSource:
        health = SourceHealth(source, watches[source], new_items=new_items.get(source, 0))
        _follow(health, _runs(session, source, window))
        result.append(health)
    return result


def failing(session: Session) -> list[SourceHealth]:
    """The sources some active watch uses whose last finished run failed (the dashboard's
    warning): two grouped queries, no gap walking."""
    watches = active_watch_counts(session)

    def latest(ok: bool) -> dict[MonitorSource, datetime]:
        rows = session.exec(
            select(col(MonitorRun.source), func.max(MonitorRun.started_at))
            .where(col(MonitorRun.ok).is_(ok))
            .group_by(col(MonitorRun.source))
        ).all()
        return {MonitorSource(source): at for source, at in rows}

    succeeded, failed = latest(True), latest(False)
    result = []
    for source, count in watches.items():
        last_failed = failed.get(source)
        if not count or last_failed is None or last_failed < succeeded.get(source, last_failed):
            continue
        health = SourceHealth(source, count)
        _follow(health, _runs(session, source, last_failed))
        if health.current_gap is not None:  # not if a success started at the same moment
            result.append(health)
    return result


@dataclass
class WatchNoise:
    watch: Watch
    items: int = 0  # matched in the last 7 days
    dismissed: int = 0  # of those, dismissed


def watch_noise(session: Session, *, now: datetime) -> list[WatchNoise]:
    """Each active watch with how many items it matched in the last 7 days and how many of
    those were dismissed (one grouped query), by name."""
    dismissed = case((col(MonitorItem.status) == ItemStatus.DISMISSED, 1), else_=0)
    counts = {
        watch_id: (items, int(dismissed_count or 0))
        for watch_id, items, dismissed_count in session.exec(
            select(col(MonitorMatch.watch_id), func.count(), func.sum(dismissed))
            .join(MonitorItem, col(MonitorItem.id) == col(MonitorMatch.item_id))
            .where(col(MonitorMatch.matched_at) >= now - WEEK)
            .group_by(col(MonitorMatch.watch_id))
        ).all()
    }
    watches = session.exec(
        select(Watch)
        .where(col(Watch.archived_at).is_(None))
        .order_by(func.lower(col(Watch.name)), col(Watch.id))
    ).all()
    return [WatchNoise(w, *counts.get(w.id or 0, (0, 0))) for w in watches]
