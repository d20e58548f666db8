"""Any RSS or Atom feed (`feed`): a regulator's or a company's newsroom. The query IS the
feed's URL (watches list their feeds); each entry since the day becomes an item.

The HTTP is ours (HttpClient: timeout, retries with backoff, a polite rate) and conditional
(If-None-Match / If-Modified-Since from the last answer's ETag / Last-Modified; a 304 is
`Page(not_modified=True)`). feedparser 6.0.x only parses the bytes it is given: its own HTTP
options are gone in feedparser 7 (docs/monitoring-sources.md, "RSS/Atom: feedparser").

A feed has no fixed licence: the class's `licence` is "", and each item carries the feed's
own rights line (Atom `rights`, RSS `copyright`; an entry's own `rights` wins) as
`raw["licence"]` ("" when the feed gives none). docs/monitoring.md ("Source: feed") says how
to add a feed.
"""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import feedparser  # type: ignore[import-untyped]  # no stubs; it only parses bytes here

from campaign import clock
from campaign.models import MonitorSource
from campaign.monitoring.http import Fetched, FetchError, HttpClient
from campaign.monitoring.sources.base import Found, Page, Query, plain, text_of

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
ID_LENGTH = 300  # MonitorItem.source_id
TITLE_LENGTH = 500  # MonitorItem.title
UNTITLED_LENGTH = 120  # an entry with no title is named by the start of its summary
# What an entry keeps in `raw` (JSON-compatible: the parsed dates are dropped).
RAW_KEYS = ("id", "link", "title", "summary", "published", "updated", "author", "rights")


class Feeds:
    name: ClassVar[str] = MonitorSource.FEED.value
    licence: ClassVar[str] = ""  # each item's own: Found.raw["licence"]
    licence_url: ClassVar[str] = ""
    setting: ClassVar[str | None] = None

    def queries(self, search_strings: list[str], feeds: list[str]) -> list[str]:
        """The watches' distinct feed URLs, in their order."""
        return list(dict.fromkeys(url.strip() for url in feeds if url.strip()))

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        url = query.search
        fetched = client.get(url, accept=ACCEPT, etag=query.etag, last_modified=query.last_modified)
        if fetched.not_modified:
            yield Page(
                not_modified=True,
                etag=fetched.etag or query.etag,
                last_modified=fetched.last_modified or query.last_modified,
            )
            return
        parsed = parse(fetched.body, url=fetched.url, content_type=_header(fetched, "Content-Type"))
        if not parsed.get("entries") and (parsed.get("bozo") or not parsed.get("version")):
            reason = parsed.get("bozo_exception") or "neither RSS nor Atom"
            raise FetchError(f"{url}: not a feed that can be read ({reason})")
        since = _since_day(query)
        fetch_day = clock.today()
        page = Page(etag=fetched.etag, last_modified=fetched.last_modified)
        if parsed.get("bozo"):
            page.problems.append(f"{url}: read leniently ({parsed.get('bozo_exception')})")
        feed = _plain_dict(parsed.get("feed"))
        for number, entry in enumerate(parsed.get("entries") or [], start=1):
            entry = _plain_dict(entry)
            found, problem = entry_found(entry, number, feed=feed, url=url, fetch_day=fetch_day)
            if problem:
                page.problems.append(problem)
            if found is not None and (since is None or found.date >= since):
                page.items.append(found)
        yield page


def parse(body: bytes, *, url: str, content_type: str = "") -> Any:
    """feedparser over the bytes only (a stream: never a URL or a path it would open itself);
    relative links resolve against the feed's URL."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    return feedparser.parse(io.BytesIO(body), response_headers=headers)


def entry_found(
    entry: Mapping[str, Any], number: int, *, feed: Mapping[str, Any], url: str, fetch_day: date
) -> tuple[Found | None, str]:
    """One entry as a Found, or None and why it was skipped."""
    link = text_of(entry.get("link"))
    source_id = text_of(entry.get("id")) or link
    title = plain(entry.get("title"))
    summary = plain(_summary(entry))
    if not source_id:
        return None, f"entry {number} ({title or 'untitled'}): no id or link"
    if not title and not summary:
        return None, f"entry {number} ({source_id}): no title or summary"
    if not title:
        title = _shortened(summary, UNTITLED_LENGTH)
    day = _day(entry.get("published_parsed")) or _day(entry.get("updated_parsed")) or fetch_day
    licence = text_of(entry.get("rights")) or text_of(feed.get("rights"))
    raw: dict[str, Any] = {k: entry[k] for k in RAW_KEYS if isinstance(entry.get(k), str)}
    raw["feed"] = {
        k: feed[k] for k in ("title", "link", "rights") if isinstance(feed.get(k), str)
    } | {"url": url}
    raw["licence"] = licence
    found = Found(
        source_id=stable_id(source_id),
        url=_public_url(link, source_id, feed, url),
        title=title[:TITLE_LENGTH],
        date=day,
        text=" ".join(part for part in (title, summary) if part),
        raw=raw,
        kind="News",
        organisation=plain(feed.get("title"))[:300],
    )
    return found, ""


def stable_id(source_id: str) -> str:
    """The id as stored: an id longer than the column (a long URL) is kept as its digest."""
    if len(source_id) <= ID_LENGTH:
        return source_id
    return "sha256:" + hashlib.sha256(source_id.encode()).hexdigest()


def _summary(entry: Mapping[str, Any]) -> str:
    summary = text_of(entry.get("summary"))
    if summary:
        return summary
    content = entry.get("content")
    if isinstance(content, list) and content and isinstance(content[0], Mapping):
        return text_of(content[0].get("value"))
    return ""


def _public_url(link: str, source_id: str, feed: Mapping[str, Any], url: str) -> str:
    """The entry's page: its link, else an id that is a web address, else the feed's site."""
    for candidate in (link, source_id, text_of(feed.get("link")), url):
        if candidate.startswith(("https://", "http://")):
            return candidate
    return url


def _day(parsed: Any) -> date | None:
    """The UK day of feedparser's parsed date (a UTC struct_time)."""
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        moment = datetime(*parsed[:6], tzinfo=UTC)
    except ValueError:
        return None
    return moment.astimezone(clock.UK).date()


def _since_day(query: Query) -> date | None:
    if query.since is not None:
        return query.since.astimezone(clock.UK).date()
    return query.first_day


def _shortened(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def _plain_dict(value: Any) -> dict[str, Any]:
    """feedparser's dict as a plain dict: its own `get` maps missing keys to others
    ("updated" to "published") with a DeprecationWarning; the stored keys are what we read."""
    return dict(dict.items(value)) if isinstance(value, dict) else {}


def _header(fetched: Fetched, name: str) -> str:
    for key, value in fetched.headers.items():
        if key.lower() == name.lower():
            return str(value)
    return ""
