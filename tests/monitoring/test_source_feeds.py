"""The feed adapter against the fixture server: real HttpClient, real feedparser, no network."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import pytest
from flask import Flask

from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources import adapter
from campaign.monitoring.sources.base import Query
from campaign.monitoring.sources.feeds import Feeds
from tests.support.monitoring_fixtures.feeds import PREFIX, FeedsFixture
from tests.support.recorded_server import RecordedServer

DEC = date(2026, 12, 1)


@pytest.fixture
def fixture() -> FeedsFixture:
    return FeedsFixture()


@pytest.fixture
def server(fixture: FeedsFixture) -> Iterator[tuple[RecordedServer, str]]:
    server = RecordedServer()
    server.mount(PREFIX, fixture.handler)
    with server.running() as base:
        yield server, f"{base}/{PREFIX}"


def fetch(url: str, *, since=None, first_day=DEC, etag="", last_modified="", **kw):
    kw.setdefault("interval", 0)
    kw.setdefault("timeout", 5)
    client = HttpClient(sleep=lambda seconds: None, **kw)
    query = Query(url, since, first_day, etag=etag, last_modified=last_modified)
    [page] = list(Feeds().pages(client, query))
    return page


def ofcom(fixture: FeedsFixture, **kw):
    feed = fixture.add_feed("/ofcom.xml", **kw)
    fixture.add_entry(
        "/ofcom.xml",
        id="ofcom-2",
        title="Online safety: new duties for platforms",
        link="https://www.ofcom.org.uk/news/new-duties",
        summary="<p>Platforms must <b>protect children</b>.</p><script>alert(1)</script>",
        published=datetime(2026, 12, 4, 10, tzinfo=UTC),
    )
    fixture.add_entry(
        "/ofcom.xml",
        id="ofcom-1",
        title="Older news",
        link="https://www.ofcom.org.uk/news/older",
        summary="Before the window.",
        published=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )
    return feed


def test_the_adapter_is_registered_and_its_queries_are_the_feed_urls():
    source = adapter("feed")
    assert isinstance(source, Feeds)
    assert (source.name, source.setting, source.licence) == ("feed", None, "")
    feeds = ["https://a.example/rss", " https://b.example/atom ", "https://a.example/rss", ""]
    assert source.queries(["online safety"], feeds) == [
        "https://a.example/rss",
        "https://b.example/atom",
    ]


def test_an_rss_feed_becomes_items_with_the_feeds_licence(server):
    _, base = server
    page = fetch(f"{base}/newsroom.xml")
    first, second = page.items
    assert first.source_id == "regulator-news-1001"  # the guid
    assert first.url == "https://regulator.example/news/illegal-harms-codes"
    assert first.title == "Codes of practice on illegal harms come into force (fixture)"
    assert first.date == date(2026, 12, 3)
    assert first.text == (
        "Codes of practice on illegal harms come into force (fixture) Online services must now "
        "protect users from illegal harms, including child sexual abuse material."
    )
    assert first.kind == "News"
    assert first.organisation == "Regulator newsroom (fixture)"
    licence = "Copyright Regulator (fixture). Reuse under the Open Government Licence v3.0."
    assert first.raw["licence"] == licence
    assert first.raw["feed"]["url"] == f"{base}/newsroom.xml"
    assert first.raw["published"] == "Thu, 03 Dec 2026 09:30:00 GMT"
    assert second.source_id == "https://regulator.example/news/age-assurance"
    assert second.date == date(2026, 12, 1)
    assert page.problems == []
    assert page.etag.startswith('"')


def test_the_rfc_4287_atom_example(server):
    _, base = server
    page = fetch(f"{base}/rfc4287.xml", first_day=date(2003, 12, 1))
    [item] = page.items
    assert item.source_id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert item.url == "http://example.org/2003/12/13/atom03"
    assert item.title == "Atom-Powered Robots Run Amok"
    assert item.date == date(2003, 12, 13)  # `updated`: it has no `published`
    assert item.text == "Atom-Powered Robots Run Amok Some text."
    assert item.organisation == "Example Feed"
    assert item.raw["licence"] == ""  # the feed states no rights


def test_entries_before_the_since_day_are_skipped_and_html_is_plain(fixture, server):
    _, base = server
    ofcom(fixture)
    fixture.add_entry(
        "/ofcom.xml",
        id="ofcom-3",
        title="Same day, earlier",
        summary="x",
        published=datetime(2026, 12, 3, 0, 30, tzinfo=UTC),
    )
    page = fetch(f"{base}/ofcom.xml", since=datetime(2026, 12, 3, 15, 0, tzinfo=UTC))
    assert [i.source_id for i in page.items] == ["ofcom-2", "ofcom-3"]  # its whole day again
    assert page.items[0].text == (
        "Online safety: new duties for platforms Platforms must protect children."
    )


def test_an_atom_entry_uses_published_then_updated_and_its_own_rights(fixture, server):
    _, base = server
    fixture.add_feed("/atom.xml", kind="atom", title="Meta newsroom (fixture)", rights="© Meta")
    fixture.add_entry(
        "/atom.xml",
        id="tag:meta,2026:1",
        title="Encryption update",
        link="/news/encryption",
        summary="<p>End-to-end encryption</p>",
        updated=datetime(2026, 12, 5, 12, tzinfo=UTC),
        rights="CC BY 4.0",
    )
    fixture.add_entry(
        "/atom.xml",
        id="tag:meta,2026:2",
        title="Teen accounts",
        link="/news/teens",
        published=datetime(2026, 12, 2, 8, tzinfo=UTC),
        updated=datetime(2026, 12, 6, 8, tzinfo=UTC),
    )
    first, second = fetch(f"{base}/atom.xml").items
    assert first.date == date(2026, 12, 5)
    # A relative link resolves against the feed's URL ("/news/…" from ".../feeds/atom.xml").
    assert first.url == f"http://127.0.0.1:{urlsplit(base).port}/news/encryption"
    assert (first.raw["licence"], second.raw["licence"]) == ("CC BY 4.0", "© Meta")
    assert second.date == date(2026, 12, 2)  # published, not updated


def test_an_entry_without_a_date_takes_the_fetch_day_from_the_clock(fixture, server):
    _, base = server
    fixture.add_feed("/undated.xml")
    fixture.add_entry("/undated.xml", id="u-1", title="Undated news", summary="no date")
    app = Flask("clock")
    app.config["CLOCK"] = lambda: datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    with app.app_context():
        [item] = fetch(f"{base}/undated.xml").items
    assert item.date == date(2026, 12, 7)


def test_conditional_requests_answer_not_modified(fixture, server):
    recorded_server, base = server
    ofcom(fixture)
    first = fetch(f"{base}/ofcom.xml")
    assert first.etag and first.last_modified == "Fri, 04 Dec 2026 10:00:00 GMT"
    again = fetch(f"{base}/ofcom.xml", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.items == []
    assert (again.etag, again.last_modified) == (first.etag, first.last_modified)
    sent = recorded_server.requests_to(PREFIX)[-1].headers
    assert sent["If-None-Match"] == first.etag
    assert sent["If-Modified-Since"] == first.last_modified
    only_date = fetch(f"{base}/ofcom.xml", last_modified=first.last_modified)
    assert only_date.not_modified
    fixture.add_entry(
        "/ofcom.xml",
        id="ofcom-4",
        title="New",
        summary="n",
        published=datetime(2026, 12, 7, 9, tzinfo=UTC),
    )
    changed = fetch(f"{base}/ofcom.xml", etag=first.etag, last_modified=first.last_modified)
    assert not changed.not_modified and changed.etag != first.etag
    assert "ofcom-4" in [i.source_id for i in changed.items]


def test_a_malformed_entry_is_skipped_and_named(fixture, server):
    _, base = server
    ofcom(fixture)
    fixture.add_entry("/ofcom.xml", id=None, link=None, title="Broken (fixture)", summary="x")
    page = fetch(f"{base}/ofcom.xml")
    assert [i.source_id for i in page.items] == ["ofcom-2"]
    assert page.problems == ["entry 3 (Broken (fixture)): no id or link"]


def test_a_document_that_is_not_a_feed_is_a_fetch_error_naming_the_url(fixture, server):
    _, base = server
    fixture.add_document("/broken.xml", b"<html><body><p>Our newsroom has moved")
    with pytest.raises(FetchError, match=f"{base}/broken.xml: not a feed that can be read"):
        fetch(f"{base}/broken.xml")
    fixture.add_document(
        "/page.xml", b"<html><body><p>Well-formed, but a web page</p></body></html>"
    )
    with pytest.raises(FetchError, match=r"page.xml: not a feed that can be read \(neither RSS"):
        fetch(f"{base}/page.xml")
    fixture.add_feed("/empty.xml")
    assert fetch(f"{base}/empty.xml").items == []  # a feed with no entries yet is no error


def test_a_long_id_is_kept_as_its_digest(fixture, server):
    _, base = server
    fixture.add_feed("/long.xml")
    long_id = "https://example.org/" + "a" * 400
    fixture.add_entry(
        "/long.xml",
        id=long_id,
        title="Long",
        link="https://example.org/x",
        summary="s",
        published=datetime(2026, 12, 2, tzinfo=UTC),
    )
    [item] = fetch(f"{base}/long.xml").items
    assert item.source_id.startswith("sha256:") and len(item.source_id) == 71
    assert item.raw["id"] == long_id


def test_a_503_then_success_is_retried(fixture, server):
    recorded_server, base = server
    ofcom(fixture)
    recorded_server.fail(PREFIX, [503])
    page = fetch(f"{base}/ofcom.xml")
    assert [i.source_id for i in page.items] == ["ofcom-2"]
    assert len(recorded_server.requests_to(PREFIX)) == 2


def test_a_503_every_time_is_a_fetch_error_naming_the_url(fixture, server):
    recorded_server, base = server
    ofcom(fixture)
    recorded_server.fail(PREFIX, [503] * 3)
    with pytest.raises(FetchError) as error:
        fetch(f"{base}/ofcom.xml", retries=2)
    assert str(error.value).startswith(f"{base}/ofcom.xml: HTTP 503")


def test_a_slow_feed_is_a_fetch_error(fixture, server):
    recorded_server, base = server
    ofcom(fixture)
    recorded_server.stall(PREFIX, 1.0)
    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        fetch(f"{base}/ofcom.xml", timeout=0.3, retries=0)
