"""A monitoring pass: read every watched source since its cursor and store what matches.

For each selected source that an active watch names, the pass asks the source's adapter
(campaign.monitoring.sources) for one query per search string (or feed URL) of those watches,
reads each query a page at a time and stores each page in its own transaction
(campaign.monitoring.store). A query's cursor (`MonitorCursor`: the time it was read up to,
and the validators for a conditional request) moves on only when the query has been read to
the end, in the same transaction as its last page. So a pass stopped half-way loses nothing
(the next pass reads again from the old cursor) and duplicates nothing (items are unique by
source and source id).

Every source read gets a `MonitorRun`, committed as it starts and finished with its outcome:
a failed source is recorded (the health page shows the gap) and the other sources still run.
A run left unfinished by a process that died is closed as failed by the next pass.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from campaign import clock
from campaign.clock import UK
from campaign.models import MonitorCursor, MonitorRun, MonitorSource, Watch
from campaign.monitoring import alerts
from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources import NAMES, adapter
from campaign.monitoring.sources.base import Page, Query, Source
from campaign.monitoring.store import Candidate, store_page
from campaign.monitoring.terms import TermsError, parse
from campaign.reminders.bulk import dialect_insert

log = logging.getLogger("campaign.monitoring")

INTERRUPTED = "interrupted: the process stopped during the fetch"
STALE_AFTER = timedelta(hours=1)  # a run still open after this long belongs to a dead process
CURSOR_QUERY_LENGTH = 1000  # MonitorCursor.query's column

ClientFactory = Callable[..., HttpClient]


@dataclass
class SourceReport:
    """What one source gave in a pass; `ok` is None when no watch names it (not read)."""

    source: str
    ok: bool | None = None
    error: str = ""
    requests: int = 0
    items_seen: int = 0
    items_new: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.ok is None:
            return f"{self.source}: no watches"
        if not self.ok:
            return f"{self.source}: NOT CHECKED: {self.error}"
        noun = "item" if self.items_new == 1 else "items"
        return (
            f"{self.source}: {self.items_new} new {noun} "
            f"({self.items_seen} seen, {self.requests} request{'s' * (self.requests != 1)})"
        )


@dataclass
class PassReport:
    sources: list[SourceReport] = field(default_factory=list)
    alerts_error: str = ""  # the alerts hook failed (the items are stored all the same)

    @property
    def failed(self) -> bool:
        return any(s.ok is False for s in self.sources) or bool(self.alerts_error)

    @property
    def items_new(self) -> int:
        return sum(s.items_new for s in self.sources)

    def lines(self) -> list[str]:
        lines = []
        for report in self.sources:
            lines.append(report.line())
            lines.extend(f"  skipped: {problem}" for problem in report.problems)
        if self.alerts_error:
            lines.append(f"alerts: NOT SENT: {self.alerts_error}")
        return lines

    def summary(self) -> str:
        return "; ".join(report.line() for report in self.sources)


def selected(sources: Sequence[str] | None) -> list[str]:
    """The source names to read, in the order given, each once (all when None); ValueError
    naming the valid names for any other."""
    if not sources:
        return list(NAMES)
    unknown = [name for name in sources if name not in NAMES]
    if unknown:
        raise ValueError(
            f"Unknown monitoring source {unknown[0]!r}: the sources are {', '.join(NAMES)}."
        )
    return list(dict.fromkeys(sources))


def close_interrupted(session: Session, *, now: datetime, source: str | None = None) -> int:
    """Close as failed the runs a dead process left open: those older than STALE_AFTER, and
    (when `source` is given) any of that source, whose new run is starting. Commits."""
    stale = col(MonitorRun.started_at) < now - STALE_AFTER
    which = or_(stale, col(MonitorRun.source) == source) if source is not None else stale
    closed = session.exec(
        update(MonitorRun)
        .where(col(MonitorRun.ok).is_(None), which)
        .values(ok=False, error=INTERRUPTED, finished_at=now)
    ).rowcount
    session.commit()
    return closed or 0


def cursor_key(query: str) -> str:
    """The cursor's key for a query: the query itself, or for one longer than the column, its
    start and a digest of the whole."""
    if len(query) <= CURSOR_QUERY_LENGTH:
        return query
    digest = hashlib.sha256(query.encode()).hexdigest()
    return f"{query[: CURSOR_QUERY_LENGTH - len(digest) - 3]} #{digest}"


def _watches(session: Session) -> list[Watch]:
    return list(
        session.exec(select(Watch).where(col(Watch.archived_at).is_(None)).order_by(col(Watch.id)))
    )


def _candidates(watches: Sequence[Watch], source: str, problems: list[str]) -> list[Candidate]:
    candidates = []
    for watch in watches:
        if source not in (watch.sources or []) or watch.id is None:
            continue
        try:
            terms = parse(watch.terms)
        except TermsError as error:  # stored before the form refused it: say so, go on
            problems.append(f"watch {watch.key}: {error}")
            continue
        candidates.append(Candidate(watch.id, terms, frozenset(watch.feeds or [])))
    return candidates


def _client(config: Mapping[str, Any], source: Source, factory: ClientFactory) -> HttpClient:
    base_url = str(config[source.setting]) if source.setting else ""
    return factory(
        base_url,
        timeout=float(config["MONITOR_TIMEOUT_SECONDS"]),
        retries=int(config["MONITOR_RETRIES"]),
        interval=int(config["MONITOR_REQUEST_INTERVAL_MS"]) / 1000,
    )


def run(
    *,
    session: Session,
    config: Mapping[str, Any],
    sources: Sequence[str] | None = None,
    trigger: str = "cli",
    now: datetime | None = None,
    adapters: Mapping[str, Source] | None = None,
    client_factory: ClientFactory = HttpClient,
) -> PassReport:
    """One monitoring pass over `sources` (all by default). Commits as it goes: the session
    must be the pass's own. `adapters` replaces the registered adapters by source name."""
    names = selected(sources)
    start = now or clock.now()
    close_interrupted(session, now=start)
    watches = _watches(session)
    report = PassReport()
    for name in names:
        problems: list[str] = []
        candidates = _candidates(watches, name, problems)
        if not candidates:
            report.sources.append(SourceReport(name, problems=problems))
            continue
        report.sources.append(
            _read_source(
                session,
                config=config,
                name=name,
                source=(adapters or {}).get(name),
                candidates=candidates,
                watches=[w for w in watches if name in (w.sources or [])],
                start=start,
                trigger=trigger,
                client_factory=client_factory,
                problems=problems,
            )
        )
    session.commit()
    try:
        alerts.after_pass(session, config, now=start)
        session.commit()
    except Exception as error:  # noqa: BLE001  # the items are stored: report, go on
        session.rollback()
        log.exception("Monitoring alerts failed after the pass")
        report.alerts_error = f"{type(error).__name__}: {error}"
    return report


def _read_source(
    session: Session,
    *,
    config: Mapping[str, Any],
    name: str,
    source: Source | None,
    candidates: list[Candidate],
    watches: list[Watch],
    start: datetime,
    trigger: str,
    client_factory: ClientFactory,
    problems: list[str],
) -> SourceReport:
    close_interrupted(session, now=start, source=name)
    record = MonitorRun(source=MonitorSource(name), started_at=start, trigger=trigger[:20])
    session.add(record)
    session.commit()
    report = SourceReport(name, problems=problems)
    client: HttpClient | None = None
    try:
        source = source or adapter(name)
        client = _client(config, source, client_factory)
        searches = list(dict.fromkeys(s for c in candidates for s in c.terms.search_strings() if s))
        feeds = list(dict.fromkeys(url for w in watches for url in (w.feeds or [])))
        first_day = start.astimezone(UK).date() - timedelta(days=int(config["MONITOR_FIRST_DAYS"]))
        for text in dict.fromkeys(source.queries(searches, feeds)):
            _read_query(
                session,
                name=name,
                source=source,
                client=client,
                text=text,
                candidates=candidates,
                start=start,
                first_day=first_day,
                record=record,
                report=report,
            )
        report.ok = True
    except FetchError as error:
        session.rollback()
        report.ok, report.error = False, str(error)
        log.warning("Monitoring %s not checked: %s", name, error)
    except Exception as error:  # noqa: BLE001  # an adapter's bug must not stop the others
        session.rollback()
        report.ok, report.error = False, f"unexpected error: {type(error).__name__}: {error}"
        log.exception("Monitoring %s failed with an unexpected error", name)
    report.requests = client.requests if client is not None else 0
    _finish(session, record, report)
    return report


def _finish(session: Session, record: MonitorRun, report: SourceReport) -> None:
    record.ok = report.ok
    record.error = report.error
    record.problems = list(report.problems)
    record.requests = report.requests
    record.items_seen = report.items_seen
    record.items_new = report.items_new
    record.finished_at = max(clock.now(), record.started_at)
    session.add(record)
    session.commit()


def _lookahead(pages: Iterator[Page]) -> Iterator[tuple[Page, bool]]:
    """(page, is_last): the next page is fetched before a page is handed on, so the last one
    is known as such. A failure fetching the next page comes after the page before it."""
    try:
        current = next(pages)
    except StopIteration:
        return
    while True:
        try:
            following = next(pages)
        except StopIteration:
            yield current, True
            return
        except Exception:
            yield current, False
            raise
        yield current, False
        current = following


def _read_query(
    session: Session,
    *,
    name: str,
    source: Source,
    client: HttpClient,
    text: str,
    candidates: list[Candidate],
    start: datetime,
    first_day: date,
    record: MonitorRun,
    report: SourceReport,
) -> None:
    cursor = _cursor(session, name, cursor_key(text), start)
    query = Query(
        search=text,
        since=cursor.seen_until,
        first_day=first_day,
        etag=cursor.etag,
        last_modified=cursor.last_modified,
    )
    feed = text if name == MonitorSource.FEED else None
    validators: tuple[str, str] | None = None
    pages = iter(source.pages(client, query))
    any_page = False
    for page, last in _lookahead(pages):
        any_page = True
        if validators is None and not page.not_modified:
            validators = (page.etag, page.last_modified)
        if not page.not_modified:
            stored = store_page(
                session,
                source=name,
                page=page,
                candidates=candidates,
                licence=source.licence,
                now=start,
                feed=feed,
                problems=report.problems,
            )
            report.items_seen += stored.seen
            report.items_new += stored.new
        report.problems.extend(p for p in page.problems if p not in report.problems)
        record.items_seen, record.items_new = report.items_seen, report.items_new
        record.problems = list(report.problems)
        session.add(record)
        if last:
            _advance(session, cursor, start, validators)
        session.commit()
    if not any_page:  # nothing at all to read: read to the end all the same
        _advance(session, cursor, start, None)
        session.commit()


def _cursor(session: Session, name: str, key: str, start: datetime) -> MonitorCursor:
    """The query's cursor, made (never read yet) if need be: ON CONFLICT DO NOTHING, so two
    passes at once share one."""
    table = MonitorCursor.__table__  # type: ignore[attr-defined]
    session.exec(
        dialect_insert(session.get_bind())(table)
        .values(source=name, query=key, etag="", last_modified="", updated_at=start)
        .on_conflict_do_nothing(index_elements=["source", "query"])
    )
    session.commit()
    return session.exec(
        select(MonitorCursor).where(MonitorCursor.source == name, MonitorCursor.query == key)
    ).one()


def _advance(
    session: Session, cursor: MonitorCursor, start: datetime, validators: tuple[str, str] | None
) -> None:
    cursor.seen_until = start
    if validators is not None:  # a 304 keeps the validators it was asked with
        cursor.etag, cursor.last_modified = validators[0][:500], validators[1][:100]
    cursor.updated_at = start
    session.add(cursor)
