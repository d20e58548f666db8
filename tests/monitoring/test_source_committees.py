"""The `committees` source against a local stand-in for the Committees API (recorded and
generated items in the API's real shape), through a real HttpClient: no test reaches the
network."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources import adapter
from campaign.monitoring.sources.base import PARLIAMENT_LICENCE, Query
from campaign.monitoring.sources.committees import Committees
from tests.support.monitoring_fixtures.parliament_business import (
    COMMITTEES_PREFIX,
    CommitteesFixture,
    json_reply,
)
from tests.support.recorded_server import RecordedServer

BUSINESS = "/api/CommitteeBusiness"
EVIDENCE = "/api/WrittenEvidence"
DAY = date(2026, 12, 7)
SCOPE = "<p>The committee will examine how <strong>Ofcom</strong> enforces the Act.</p>"


@pytest.fixture
def committees():
    return CommitteesFixture()


@dataclass
class Server(RecordedServer):
    base: str = ""  # http://127.0.0.1:PORT while it runs


@pytest.fixture
def server(committees):
    server = Server()
    server.mount(COMMITTEES_PREFIX, committees.handler)
    with server.running() as base:
        server.base = base
        yield server


def client_for(server, **options) -> HttpClient:
    options = {"interval": 0, "sleep": lambda seconds: None, **options}
    return HttpClient(f"{server.base}/{COMMITTEES_PREFIX}", **options)


def read(server, query: Query, **options):
    pages = list(Committees().pages(client_for(server, **options), query))
    return pages, [item for page in pages for item in page.items]


def requests_to(server, path):
    return [r for r in server.requests_to(COMMITTEES_PREFIX) if r.path == path]


def add_open_inquiry(committees, business_id=7702, *, closes=date(2027, 1, 15)):
    return committees.add_inquiry(
        business_id,
        f"Online safety (fixture {business_id})",
        opened=date(2026, 9, 1),
        scope=SCOPE,
        accepting=(date(2026, 11, 20), closes),
    )


def test_the_adapter_is_registered_under_its_name():
    source = adapter("committees")
    assert isinstance(source, Committees)
    assert (source.name, source.setting) == ("committees", "COMMITTEES_API_URL")
    assert source.licence == PARLIAMENT_LICENCE


def test_queries_drop_quote_marks_and_searches_the_api_refuses():
    queries = Committees().queries(['"online safety"', "online safety", "x", "AI"], [])
    assert queries == ["online safety", "AI"]  # SearchTerm "must be 2 characters or more"


def test_an_open_inquiry_with_its_closing_date(committees, server):
    add_open_inquiry(committees)

    pages, [item] = read(server, Query("online safety", first_day=DAY))

    assert item.source_id == "business/7702"
    assert item.kind == "Open inquiry"
    assert item.title == "Online safety (fixture 7702)"
    assert item.url == "https://committees.parliament.uk/work/7702/"
    assert (item.date, item.opens_on, item.closes_on) == (
        date(2026, 11, 20),
        date(2026, 11, 20),
        date(2027, 1, 15),
    )
    assert item.snippet == "The committee will examine how Ofcom enforces the Act."
    assert "Ofcom enforces" in item.text and item.text.startswith(item.title)
    assert item.raw["scope"] == SCOPE
    [listing] = requests_to(server, BUSINESS)
    assert (listing.arg("SearchTerm"), listing.arg("Status")) == ("online safety", "Open")
    assert listing.arg("SortOrder") == "DateOpenedNewest"
    assert len(requests_to(server, f"{BUSINESS}/7702")) == 1
    assert pages[0].problems == []


def test_a_rolling_call_has_no_closing_date_and_wrapped_items_are_read(committees, server):
    committees.wrapped = True
    add_open_inquiry(committees, closes=None)

    _, [item] = read(server, Query("online safety", first_day=DAY))

    assert (item.source_id, item.closes_on) == ("business/7702", None)


def test_an_open_business_not_taking_evidence_is_no_item_but_its_evidence_is(committees, server):
    committees.add_inquiry(7703, "Online safety follow-up (fixture)", opened=date(2026, 6, 1))
    committees.add_inquiry(
        7704, "Online safety old (fixture)", opened=date(2025, 1, 1), closed=date(2025, 6, 1)
    )
    committees.add_evidence(501, 7703, published=DAY, organisation="NSPCC (fixture)")
    committees.add_evidence(502, 7704, published=DAY, organisation="Closed (fixture)")

    _, items = read(server, Query("online safety", first_day=DAY))

    assert [i.source_id for i in items] == ["evidence/501"]
    assert [r.arg("CommitteeBusinessId") for r in requests_to(server, EVIDENCE)] == ["7703"]


def test_recorded_written_evidence_with_its_submitter(committees, server):
    add_open_inquiry(committees)
    committees.add_recorded_evidence(7702, published=DAY)

    _, items = read(server, Query("online safety", first_day=DAY))

    evidence = next(i for i in items if i.kind == "Written evidence")
    assert evidence.source_id == "evidence/1"
    assert (
        evidence.title == "Written evidence from International Alert: Online safety (fixture 7702)"
    )
    assert evidence.organisation == "International Alert"
    assert evidence.date == DAY
    assert "EU External Affairs Sub-Committee" in evidence.text
    assert evidence.raw["internalReference"] == "ZIN0001"
    # The capture has no legacyHtmlUrl or files: the inquiry's page is the public link.
    assert evidence.url == "https://committees.parliament.uk/work/7702/"


def test_evidence_urls_are_the_ones_the_api_gives(committees, server):
    add_open_inquiry(committees)
    committees.add_evidence(
        501,
        7702,
        published=DAY,
        name="A Person (fixture)",
        legacy_html_url="https://committees.parliament.uk/writtenevidence/501/html/",
    )
    committees.add_evidence(
        502,
        7702,
        published=DAY,
        organisation="Org (fixture)",
        files=[
            {
                "fileName": "e.pdf",
                "fileSize": 1,
                "fileDataFormat": "Pdf",
                "url": "https://committees.parliament.uk/writtenevidence/502/pdf/",
            },
            {
                "fileName": "e.html",
                "fileSize": 1,
                "fileDataFormat": "Html",
                "url": "https://committees.parliament.uk/writtenevidence/502/html/",
            },
        ],
    )

    _, items = read(server, Query("online safety", first_day=DAY))

    urls = {i.source_id: i.url for i in items}
    assert urls["evidence/501"] == "https://committees.parliament.uk/writtenevidence/501/html/"
    assert urls["evidence/502"] == "https://committees.parliament.uk/writtenevidence/502/html/"
    titles = {i.source_id: i.title for i in items}
    assert titles["evidence/501"].startswith("Written evidence from A Person (fixture):")


def test_the_since_day_is_sent_and_older_evidence_left_out(committees, server):
    add_open_inquiry(committees)
    committees.add_evidence(501, 7702, published=date(2026, 12, 1), organisation="Old (fixture)")
    committees.add_evidence(502, 7702, published=DAY, organisation="New (fixture)")

    _, items = read(server, Query("online safety", since=datetime(2026, 12, 7, 15, tzinfo=UTC)))

    assert [r.arg("StartDate") for r in requests_to(server, EVIDENCE)] == ["2026-12-07"]
    assert [i.source_id for i in items] == ["business/7702", "evidence/502"]


def test_paging_reads_every_page_with_the_right_totals(committees, server):
    add_open_inquiry(committees)
    for number in range(65):  # 3 pages of 30
        committees.add_evidence(600 + number, 7702, published=DAY, organisation=f"O{number}")

    pages, items = read(server, Query("online safety", first_day=DAY))

    evidence_requests = requests_to(server, EVIDENCE)
    assert [r.arg("Skip") for r in evidence_requests] == ["0", "30", "60"]
    assert {r.arg("Take") for r in evidence_requests} == {"30"}
    assert [len(p.items) for p in pages] == [1, 30, 30, 5]
    assert {i.source_id for i in items if i.kind == "Written evidence"} == {
        f"evidence/{600 + n}" for n in range(65)
    }


def test_inquiries_are_paged(committees, server):
    for number in range(61):
        add_open_inquiry(committees, 7000 + number)

    pages, items = read(server, Query("online safety", first_day=DAY))

    assert [r.arg("Skip") for r in requests_to(server, BUSINESS)] == ["0", "30", "60"]
    assert len([i for i in items if i.kind == "Open inquiry"]) == 61


def test_a_503_is_retried_then_the_answer_is_read(committees, server):
    add_open_inquiry(committees)
    server.fail(COMMITTEES_PREFIX, [503])
    waits: list[float] = []

    _, items = read(server, Query("online safety", first_day=DAY), sleep=waits.append)

    assert [i.source_id for i in items] == ["business/7702"]
    assert waits == [2.0]
    assert len(requests_to(server, BUSINESS)) == 2


def test_a_503_every_time_fails_naming_the_url_and_the_status(committees, server):
    add_open_inquiry(committees)
    server.fail(COMMITTEES_PREFIX, [503, 503])

    with pytest.raises(FetchError) as failure:
        read(server, Query("online safety", first_day=DAY), retries=1)

    message = str(failure.value)
    assert f"{server.base}/{COMMITTEES_PREFIX}/api/CommitteeBusiness?SearchTerm=online+safety" in (
        message
    )
    assert "HTTP 503" in message


def test_a_slow_answer_fails_after_the_timeout(committees, server):
    add_open_inquiry(committees)
    server.stall(COMMITTEES_PREFIX, 1.0)

    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        read(server, Query("online safety", first_day=DAY), timeout=0.3, retries=0)


def test_malformed_items_are_skipped_and_named_and_the_others_kept(committees, server):
    add_open_inquiry(committees)
    committees.malformed_business.append((0, {"title": "No id (fixture)"}))
    committees.add_evidence(501, 7702, published=DAY, organisation="Kept (fixture)")
    committees.malformed_evidence.append((0, {"publicationDate": "2026-12-07T00:00:00"}))
    committees.malformed_evidence.append((2, {"id": 503, "publicationDate": None}))

    pages, items = read(server, Query("online safety", first_day=DAY))

    assert [i.source_id for i in items] == ["business/7702", "evidence/501"]
    assert [p.problems for p in pages] == [
        ["inquiry result 1: no id or title"],
        ["inquiry 7702, evidence result 1: no id", "evidence 503: no publicationDate"],
    ]


def test_an_inquiry_whose_details_are_gone_keeps_its_listing(committees, server):
    add_open_inquiry(committees)
    original = committees.handler

    def details_gone(request):
        if request.path == f"{BUSINESS}/7702":
            return json_reply({"status": 404}, 404)
        return original(request)

    server.mount(COMMITTEES_PREFIX, details_gone)

    [page, _evidence], [item] = read(server, Query("online safety", first_day=DAY))

    assert page.problems == ["inquiry 7702: its details answered HTTP 404"]
    assert (item.source_id, item.snippet, item.closes_on) == (
        "business/7702",
        "",
        date(2027, 1, 15),
    )
