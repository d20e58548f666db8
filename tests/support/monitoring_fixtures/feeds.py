"""A stand-in for RSS 2.0 and Atom feeds (regulators' and companies' newsrooms).

Mount it on a RecordedServer: `server.mount(PREFIX, fixture.handler)`; a feed's URL is then
f"{base}/{PREFIX}/ofcom.xml". Each feed answers its document with an `ETag` (a digest of the
body) and a `Last-Modified` (its newest entry's time), and answers 304 with no body to a
request whose If-None-Match or If-Modified-Since is still current, as conditional GET works.

Two documents are recorded (recorded/feeds/README.md): RFC 4287's example Atom feed and a
small RSS 2.0 newsroom in the specification's shape. `add_feed` / `add_entry` build more in
the same shapes (RSS 2.0 `item`s or Atom `entry`s); `add_document` serves any bytes (a feed
that does not parse, an entry with no id or link).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from tests.support.recorded_server import Reply, Request

PREFIX = "feeds"
RECORDED = Path(__file__).parent / "recorded" / "feeds"
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


@dataclass
class Entry:
    id: str | None
    title: str
    link: str | None
    summary: str  # HTML
    published: datetime | None
    updated: datetime | None = None
    rights: str = ""


@dataclass
class Feed:
    kind: str  # "rss" or "atom"
    title: str
    link: str
    rights: str = ""
    entries: list[Entry] = field(default_factory=list)
    document: bytes | None = None  # served as is (recorded or broken documents)
    last_modified: datetime | None = None

    def body(self) -> bytes:
        if self.document is not None:
            return self.document
        return (rss(self) if self.kind == "rss" else atom(self)).encode("utf-8")

    def content_type(self) -> str:
        return RSS_TYPE if self.kind == "rss" else ATOM_TYPE


class FeedsFixture:
    def __init__(self, *, with_recorded: bool = True) -> None:
        self.feeds: dict[str, Feed] = {}
        if with_recorded:
            self.add_document("/newsroom.xml", (RECORDED / "newsroom.rss").read_bytes())
            self.add_document(
                "/rfc4287.xml", (RECORDED / "rfc4287-example.atom").read_bytes(), kind="atom"
            )

    def add_feed(
        self,
        path: str,
        *,
        kind: str = "rss",
        title: str = "Ofcom news (fixture)",
        link: str = "https://www.ofcom.org.uk/news-centre",
        rights: str = "",
    ) -> Feed:
        feed = Feed(kind, title, link, rights)
        self.feeds[path] = feed
        return feed

    def add_entry(
        self,
        path: str,
        *,
        id: str | None,
        title: str,
        link: str | None = None,
        summary: str = "",
        published: datetime | None = None,
        updated: datetime | None = None,
        rights: str = "",
    ) -> Entry:
        entry = Entry(id, title, link, summary, published, updated, rights)
        self.feeds[path].entries.append(entry)
        return entry

    def add_document(self, path: str, document: bytes, *, kind: str = "rss") -> Feed:
        feed = Feed(kind, "", "", document=document)
        self.feeds[path] = feed
        return feed

    def handler(self, request: Request) -> Reply:
        feed = self.feeds.get(request.path)
        if feed is None:
            return Reply(404, "<html><body>Not found</body></html>", "text/html")
        body = feed.body()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag}
        newest = feed.last_modified or max(
            (e.updated or e.published for e in feed.entries if e.updated or e.published),
            default=None,
        )
        if newest is not None:
            headers["Last-Modified"] = format_datetime(newest, usegmt=True)
        match = request.headers.get("If-None-Match")
        since = request.headers.get("If-Modified-Since")
        if (match and match == etag) or (
            not match and since and since == headers.get("Last-Modified")
        ):
            return Reply(304, b"", feed.content_type(), headers)
        return Reply(200, body, feed.content_type(), headers)


def rss(feed: Feed) -> str:
    items = []
    for e in feed.entries:
        parts = [f"<title>{escape(e.title)}</title>"] if e.title else []
        if e.link:
            parts.append(f"<link>{escape(e.link)}</link>")
        parts.append(f"<description>{escape(e.summary)}</description>")
        if e.id:
            parts.append(f'<guid isPermaLink="false">{escape(e.id)}</guid>')
        if e.published:
            parts.append(f"<pubDate>{format_datetime(e.published, usegmt=True)}</pubDate>")
        items.append("<item>" + "".join(parts) + "</item>")
    rights = f"<copyright>{escape(feed.rights)}</copyright>" if feed.rights else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(feed.title)}</title><link>{escape(feed.link)}</link>"
        f"<description>{escape(feed.title)}</description>{rights}"
        + "".join(items)
        + "</channel></rss>"
    )


def atom(feed: Feed) -> str:
    entries = []
    for e in feed.entries:
        parts = [f"<title>{escape(e.title)}</title>"] if e.title else []
        if e.link:
            parts.append(f"<link href={quoteattr(e.link)}/>")
        if e.id:
            parts.append(f"<id>{escape(e.id)}</id>")
        if e.published:
            parts.append(f"<published>{e.published.isoformat()}</published>")
        if e.updated:
            parts.append(f"<updated>{e.updated.isoformat()}</updated>")
        if e.rights:
            parts.append(f"<rights>{escape(e.rights)}</rights>")
        parts.append(f'<summary type="html">{escape(e.summary)}</summary>')
        entries.append("<entry>" + "".join(parts) + "</entry>")
    rights = f"<rights>{escape(feed.rights)}</rights>" if feed.rights else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(feed.title)}</title><link href={quoteattr(feed.link)}/>"
        f"<id>{escape(feed.link)}</id><updated>2026-12-07T00:00:00Z</updated>{rights}"
        + "".join(entries)
        + "</feed>"
    )
