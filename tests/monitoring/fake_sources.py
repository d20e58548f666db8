"""Small sources for testing the monitoring pass without the real adapters (their own tests
use recorded responses in each API's real shape; the pass only needs the `Source` protocol).

- `MemorySource`: serves `Page`s from memory per search string, records the `Query`s it was
  given, and can raise before a given page (a crash in an adapter, or a process being killed).
- `run(session, config, ...)`: a pass at NOW with those fakes, and `items`, `matches`, `runs`,
  `cursors` to read what it stored.
- `ServedSource`: reads pages over HTTP, through the pass's `HttpClient`, from a `FakeApi`
  mounted on tests/support/recorded_server.py (a deliberately simple JSON shape of our own:
  {"items": [...], "next": page or null}), with ETag support and 503s on chosen pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

from sqlmodel import Session, select

from campaign import models as m
from campaign.models import MonitorSource, Watch
from campaign.monitoring import passes
from campaign.monitoring.http import HttpClient
from campaign.monitoring.sources.base import (
    PARLIAMENT_LICENCE,
    PARLIAMENT_LICENCE_URL,
    Found,
    Page,
    Query,
)
from campaign.monitoring.terms import parse
from tests.support.recorded_server import Reply, Request

DAY = date(2026, 12, 1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def found(ident: int | str, text: str, **kw: Any) -> Found:
    """An item as an adapter gives it; the title is part of the matched text."""
    kw.setdefault("url", f"https://example.org/items/{ident}")
    kw.setdefault("title", f"Item {ident}")
    kw.setdefault("date", DAY)
    return Found(source_id=str(ident), text=f"{kw['title']}. {text}", raw={"id": ident}, **kw)


def pages_of(items: list[Found], size: int) -> list[Page]:
    return [Page(items=items[i : i + size]) for i in range(0, len(items), size)]


_keys = iter(range(1, 1_000_000))


def watch(
    session: Session,
    terms: str,
    sources: list[str],
    *,
    feeds: list[str] | None = None,
    archived: bool = False,
    **kw: Any,
) -> Watch:
    """A Watch row, committed (the watches' own form and service are another area's)."""
    n = next(_keys)
    row = Watch(
        key=kw.pop("key", f"watch-{n}"),
        name=kw.pop("name", f"Watch {n}"),
        terms=terms,
        sources=sources,
        feeds=feeds or [],
        archived_at=at("2026-12-01 00:00") if archived else None,
        **kw,
    )
    session.add(row)
    session.commit()
    return row


class Killed(BaseException):
    """The process stopping (like KeyboardInterrupt or SystemExit): not an adapter's error."""


class MemorySource:
    name: ClassVar[str] = MonitorSource.WRITTEN_QUESTIONS.value
    licence: ClassVar[str] = PARLIAMENT_LICENCE
    licence_url: ClassVar[str] = PARLIAMENT_LICENCE_URL
    setting: ClassVar[str | None] = None

    def __init__(
        self,
        pages: dict[str, list[Page]] | None = None,
        *,
        fail_before: int | None = None,
        error: BaseException | None = None,
    ) -> None:
        self.pages_by_query = pages or {}
        self.fail_before = fail_before  # the index of the page not reached
        self.error = error or RuntimeError("the adapter broke")
        self.asked: list[Query] = []
        self.given: tuple[list[str], list[str]] | None = None

    def queries(self, search_strings: list[str], feeds: list[str]) -> list[str]:
        self.given = (list(search_strings), list(feeds))
        return list(feeds) if self.name == MonitorSource.FEED else list(search_strings)

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        self.asked.append(query)
        for index, page in enumerate(self.pages_by_query.get(query.search, [])):
            if index == self.fail_before:
                raise self.error
            yield page


def memory(name: str, pages: dict[str, list[Page]] | None = None, **kw: Any) -> MemorySource:
    """A MemorySource for the source called `name`."""
    kind = type(f"Memory_{name}", (MemorySource,), {"name": name})
    return kind(pages, **kw)


@dataclass
class FakeApi:
    """A handler for RecordedServer: GET /items?q=…&page=N&since=… answers `items` (dicts made
    by `record`) whose text contains nothing in particular: the pass does the matching."""

    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by search string
    page_size: int = 2
    etag: str = ""
    fail_pages: set[int] = field(default_factory=set)  # these pages answer 503

    def __call__(self, request: Request) -> Reply:
        if self.etag and request.headers.get("If-None-Match") == self.etag:
            return Reply(304, "")
        page = int(request.arg("page", "1") or "1")
        if page in self.fail_pages:
            return Reply(503, '{"error": "unavailable"}')
        items = self.items.get(request.arg("q") or "", [])
        start = (page - 1) * self.page_size
        more = start + self.page_size < len(items)
        body = {"items": items[start : start + self.page_size], "next": page + 1 if more else None}
        headers = {"ETag": self.etag} if self.etag else {}
        return Reply(200, json.dumps(body), headers=headers)


def record(ident: int, text: str, **kw: Any) -> dict[str, Any]:
    return {"id": ident, "text": text, "title": kw.pop("title", f"Item {ident}"), **kw}


class ServedSource:
    """Reads a FakeApi mounted at the base URL its `setting` names."""

    name: ClassVar[str] = MonitorSource.HANSARD.value
    licence: ClassVar[str] = PARLIAMENT_LICENCE
    licence_url: ClassVar[str] = PARLIAMENT_LICENCE_URL
    setting: ClassVar[str | None] = "HANSARD_API_URL"

    def queries(self, search_strings: list[str], feeds: list[str]) -> list[str]:
        return list(search_strings)

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        since = query.since.isoformat() if query.since else (query.first_day or DAY).isoformat()
        number = 1
        while True:
            fetched = client.get(
                "/items",
                {"q": query.search, "page": number, "since": since},
                etag=query.etag if number == 1 else "",
            )
            if fetched.not_modified:
                yield Page(not_modified=True)
                return
            body = fetched.json()
            yield Page(
                items=[
                    found(
                        item["id"],
                        item["text"],
                        title=item["title"],
                        url=item.get("url", f"https://example.org/items/{item['id']}"),
                        member_id=item.get("member_id"),
                        organisation=item.get("organisation", ""),
                    )
                    for item in body["items"]
                    if "id" in item
                ],
                problems=[f"item {n}: no id" for n, i in enumerate(body["items"]) if "id" not in i],
                etag=fetched.etag,
            )
            if not body["next"]:
                return
            number = body["next"]


class ServedQuestions(ServedSource):
    name = MonitorSource.WRITTEN_QUESTIONS.value
    setting = "PARLIAMENT_QUESTIONS_API_URL"


class ServedBills(ServedSource):
    name = MonitorSource.BILLS.value
    setting = "BILLS_API_URL"


def no_sleep(seconds: float) -> None:
    """HttpClient's backoff, injected: tests never wait."""


def quick_client(base_url: str = "", **kw: Any) -> HttpClient:
    return HttpClient(base_url, sleep=no_sleep, **kw)


def later(moment: datetime, **kw: float) -> datetime:
    return moment + timedelta(**kw)


# -- running a pass and reading what it stored ------------------------------------------------
NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)
LATER = datetime(2026, 12, 7, 10, tzinfo=UTC)
WQ = "written-questions"


def run(session: Session, config: Any, **kw: Any) -> passes.PassReport:
    """A pass at NOW (unless `now=` says otherwise), its backoff never slept."""
    kw.setdefault("now", NOW)
    return passes.run(session=session, config=config, client_factory=quick_client, **kw)


def items(session) -> dict[str, m.MonitorItem]:
    session.expire_all()
    rows = session.exec(select(m.MonitorItem).order_by(m.MonitorItem.id)).all()
    return {f"{row.source.value}:{row.source_id}": row for row in rows}


def matches(session) -> dict[tuple[str, int], list[str]]:
    session.expire_all()
    rows = session.exec(select(m.MonitorMatch, m.MonitorItem).join(m.MonitorItem)).all()
    return {(item.source_id, match.watch_id): match.terms for match, item in rows}


def runs(session) -> list[m.MonitorRun]:
    session.expire_all()
    return list(session.exec(select(m.MonitorRun).order_by(m.MonitorRun.id)))


def cursors(session) -> dict[tuple[str, str], m.MonitorCursor]:
    session.expire_all()
    return {(c.source.value, c.query): c for c in session.exec(select(m.MonitorCursor))}


def line(report: passes.PassReport, source: str) -> str:
    return next(r.line() for r in report.sources if r.source == source)


def search(terms: str) -> str:
    """The search string a watch with these terms sends (its first alternative)."""
    return parse(terms).search_strings()[0]
