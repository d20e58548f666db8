"""Storing what a source found, exactly once: one page of `Found` items at a time.

An item is kept only when at least one watch's terms match its text (the sources' own search
is a first sieve: campaign.monitoring.terms). It is inserted with `INSERT … ON CONFLICT DO
NOTHING` on its unique (source, source_id), and each matching watch gets a `MonitorMatch` the
same way (primary key (item, watch)), so two passes at once, a pass run again after a crash,
or an item found by several watches never make a second row. An item already stored is never
changed (its status and triage belong to the officers); a watch that matches it for the first
time gains its match.

No commit here: campaign.monitoring.passes commits each page, with its query's cursor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from campaign.models import ItemStatus, MonitorItem, MonitorMatch, Organisation, Person
from campaign.monitoring.sources.base import Found, Page
from campaign.monitoring.terms import Terms, snippet
from campaign.reminders.bulk import dialect_insert

ITEMS = MonitorItem.__table__  # type: ignore[attr-defined]
MATCHES = MonitorMatch.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Candidate:
    """An active watch of the source being read: its id, parsed terms and feed URLs."""

    watch_id: int
    terms: Terms
    feeds: frozenset[str] = frozenset()


@dataclass
class Stored:
    seen: int = 0  # items the page held
    new: int = 0  # items inserted by this call
    matched: int = 0  # items that matched at least one watch


def matching(found: Found, candidates: Sequence[Candidate], *, feed: str | None = None):
    """{watch id: the terms matched} for the watches whose terms match the item's text; for a
    feed's item (`feed` is its URL), only among the watches that list that feed."""
    matched: dict[int, list[str]] = {}
    for candidate in candidates:
        if feed is not None and feed not in candidate.feeds:
            continue
        terms = candidate.terms.matches(found.text)
        if terms:
            matched[candidate.watch_id] = terms
    return matched


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _limits(found: Found) -> str | None:
    """Why an item cannot be stored as it is (its id or URL longer than the columns), or None."""
    if not found.source_id or len(found.source_id) > 300:
        return f"item {found.source_id[:40]!r}: its id is empty or longer than 300 characters"
    if len(found.url) > 2000:
        return f"item {found.source_id}: its URL is longer than 2000 characters"
    return None


def _people(session: Session, member_ids: Iterable[int]) -> dict[int, int]:
    """Members API id -> the id of the Person with it (not erased)."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    query = select(Person.parliament_member_id, Person.id).where(
        col(Person.parliament_member_id).in_(wanted),
        col(Person.erased_at).is_(None),
    )
    return {
        member: person
        for member, person in session.exec(query)
        if member is not None and person is not None
    }


def _organisations(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Lower-cased name -> an Organisation with that name: a live one before an archived one,
    then the oldest (the query orders them so the preferred one comes last)."""
    wanted = sorted({name.lower() for name in names if name})
    if not wanted:
        return {}
    lowered = func.lower(Organisation.name)
    query = (
        select(lowered, Organisation.id)
        .where(lowered.in_(wanted))
        .order_by(col(Organisation.archived_at).is_(None), col(Organisation.id).desc())
    )
    return {name: ident for name, ident in session.exec(query) if ident is not None}


def _originals(session: Session, source: str, urls: Iterable[str]) -> dict[str, int]:
    """URL -> the first item from ANOTHER source with that URL (itself not a duplicate)."""
    wanted = sorted({url for url in urls if url})
    if not wanted:
        return {}
    query = (
        select(MonitorItem.url, MonitorItem.id)
        .where(
            col(MonitorItem.url).in_(wanted),
            col(MonitorItem.source) != source,
            col(MonitorItem.duplicate_of_id).is_(None),
        )
        .order_by(col(MonitorItem.id).desc())
    )
    return {url: ident for url, ident in session.exec(query) if ident is not None}


def store_page(
    session: Session,
    *,
    source: str,
    page: Page,
    candidates: Sequence[Candidate],
    licence: str,
    now: datetime,
    feed: str | None = None,
    problems: list[str] | None = None,
) -> Stored:
    """Insert the page's matching items that are new, and every new (item, watch) match.
    Items that cannot be stored are named in `problems`."""
    result = Stored(seen=len(page.items))
    wanted: dict[str, tuple[Found, dict[int, list[str]]]] = {}
    for found in page.items:
        matched = matching(found, candidates, feed=feed)
        if not matched:
            continue
        if (problem := _limits(found)) is not None:
            if problems is not None:
                problems.append(problem)
            continue
        if found.source_id in wanted:  # twice on one page: one item, every watch's match
            matched = {**wanted[found.source_id][1], **matched}
        wanted[found.source_id] = (found, matched)
    result.matched = len(wanted)
    if not wanted:
        return result
    items = [found for found, _ in wanted.values()]
    people = _people(session, (f.member_id for f in items if f.member_id is not None))
    organisations = _organisations(session, (f.organisation for f in items))
    originals = _originals(session, source, (f.url for f in items))
    by_terms = {c.watch_id: c.terms for c in candidates}
    rows = [
        _row(found, matched, source, licence, now, people, organisations, originals, by_terms)
        for found, matched in wanted.values()
    ]
    insert = dialect_insert(session.get_bind())
    inserted = session.exec(
        insert(ITEMS)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["source", "source_id"])
        .returning(ITEMS.c.id)
    ).all()
    result.new = len(inserted)
    ids = dict(
        session.exec(
            select(MonitorItem.source_id, MonitorItem.id).where(
                MonitorItem.source == source,
                col(MonitorItem.source_id).in_(list(wanted)),
            )
        ).all()
    )
    matches = [
        {"item_id": ids[source_id], "watch_id": watch_id, "terms": terms, "matched_at": now}
        for source_id, (_, matched) in wanted.items()
        if source_id in ids
        for watch_id, terms in matched.items()
    ]
    if matches:
        session.exec(
            insert(MATCHES)
            .values(matches)
            .on_conflict_do_nothing(index_elements=["item_id", "watch_id"])
        )
    return result


def _row(
    found: Found,
    matched: dict[int, list[str]],
    source: str,
    licence: str,
    now: datetime,
    people: dict[int, int],
    organisations: dict[str, int],
    originals: dict[str, int],
    by_terms: dict[int, Terms],
) -> dict[str, Any]:
    first_terms = by_terms[next(iter(matched))]
    return {
        "source": source,
        "source_id": found.source_id,
        "url": found.url,
        "title": found.title[:500],
        "kind": found.kind[:100],
        "date": _day(found.date),
        "snippet": found.snippet or snippet(found.text, first_terms),
        "text": found.text,
        "member_id": found.member_id,
        "member_name": found.member_name[:200],
        "person_id": people.get(found.member_id) if found.member_id is not None else None,
        "organisation_name": found.organisation[:300],
        "organisation_id": organisations.get(found.organisation.lower()),
        "opens_on": found.opens_on,
        "closes_on": found.closes_on,
        # A feed entry carries its own licence line in raw["licence"] (sources/feeds.py);
        # every other source's is the adapter's.
        "licence": (_own_licence(found) or licence)[:500],
        "raw": dict(found.raw),
        "status": ItemStatus.NEW,
        "dismissed_reason": "",
        "duplicate_of_id": originals.get(found.url),
        "found_at": now,
    }


def _own_licence(found: Found) -> str:
    own = found.raw.get("licence") if isinstance(found.raw, Mapping) else None
    return own.strip() if isinstance(own, str) else ""
