"""The `bills` source against a local stand-in for the Bills API (recorded and generated bills
in the API's real shape), through a real HttpClient: no test reaches the network."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources import adapter
from campaign.monitoring.sources.base import PARLIAMENT_LICENCE, Query
from campaign.monitoring.sources.bills import Bills
from tests.support.monitoring_fixtures.parliament_business import (
    BILLS_PREFIX,
    BillsFixture,
    json_reply,
)
from tests.support.recorded_server import RecordedServer

LISTING = "/api/v1/Bills"


@pytest.fixture
def bills():
    return BillsFixture()


@dataclass
class Server(RecordedServer):
    base: str = ""  # http://127.0.0.1:PORT while it runs


@pytest.fixture
def server(bills):
    server = Server()
    server.mount(BILLS_PREFIX, bills.handler)
    with server.running() as base:
        server.base = base
        yield server


def client_for(server, **options) -> HttpClient:
    options = {"interval": 0, "sleep": lambda seconds: None, **options}
    return HttpClient(f"{server.base}/{BILLS_PREFIX}", **options)


def read(server, query: Query, **options):
    pages = list(Bills().pages(client_for(server, **options), query))
    return pages, [item for page in pages for item in page.items]


def listings(server):
    return [r for r in server.requests_to(BILLS_PREFIX) if r.path == LISTING]


def add_online_safety_bill(bills, bill_id=9001, *, updated=datetime(2026, 12, 7, 9, 30)):
    bills.add_bill(
        bill_id,
        f"Online Safety (Fixture {bill_id}) Bill",
        updated=updated,
        long_title="A Bill (fixture) to make provision about online safety.",
        member_id=172,
        member_name="Member (fixture)",
        department="Department for Science, Innovation and Technology",
    )


def test_the_adapter_is_registered_under_its_name():
    source = adapter("bills")
    assert isinstance(source, Bills)
    assert (source.name, source.setting) == ("bills", "BILLS_API_URL")
    assert source.licence == PARLIAMENT_LICENCE


def test_queries_are_the_search_strings_without_quote_marks_each_once():
    queries = Bills().queries(['"online safety" Ofcom', "online safety Ofcom", "encryption"], [])
    assert queries == ["online safety Ofcom", "encryption"]


def test_a_recorded_bill_gives_an_item_per_sitting_with_its_fields(bills, server):
    recorded = bills.add_recorded()

    pages, items = read(server, Query("High Streets", first_day=date(2024, 3, 12)))

    [item] = items
    assert item.source_id == "bill/3548/stage/18467/sitting/15578"
    assert item.title == (
        "High Streets (Designation, Review and Improvement Plan) Bill: "
        "Committee stage (Commons), 13 March 2024"
    )
    assert item.url == "https://bills.parliament.uk/bills/3548"
    assert item.date == date(2024, 3, 13)
    assert item.kind == "Bill stage"
    assert (item.member_id, item.member_name) == (4643, "Jack Brereton")
    assert item.organisation == ""
    assert item.snippet == recorded["longTitle"]
    assert "designate high streets in their area" in item.text
    assert item.text.startswith(item.title)
    assert item.raw["bill"] == recorded
    assert item.raw["sitting"]["date"] == "2024-03-13T00:00:00"
    assert pages[0].problems == []
    [listing] = listings(server)
    assert listing.arg("SearchTerm") == "High Streets"
    assert listing.arg("SortOrder") == "DateUpdatedDescending"
    paths = [r.path for r in server.requests_to(BILLS_PREFIX)]
    assert paths == [LISTING, "/api/v1/Bills/3548", "/api/v1/Bills/3548/Stages"]


def test_a_department_sponsor_is_the_organisation(bills, server):
    add_online_safety_bill(bills)
    bills.add_stage(9001, 7001, "2nd reading", sittings=[(8001, date(2026, 12, 7))])

    _, [item] = read(server, Query("online safety", first_day=date(2026, 12, 1)))

    assert item.organisation == "Department for Science, Innovation and Technology"
    assert (item.member_id, item.member_name) == (172, "Member (fixture)")
    assert item.title == "Online Safety (Fixture 9001) Bill: 2nd reading (Commons), 7 December 2026"


def test_paging_reads_every_page_with_the_right_totals(bills, server):
    for number in range(45):  # 3 pages of 20
        add_online_safety_bill(bills, 9000 + number, updated=datetime(2026, 12, 7, 0, number))
        bills.add_stage(
            9000 + number,
            7000 + number,
            "1st reading",
            sittings=[(8000 + number, date(2026, 12, 7))],
        )

    pages, items = read(server, Query("online safety", first_day=date(2026, 12, 7)))

    assert [r.arg("Skip") for r in listings(server)] == ["0", "20", "40"]
    assert {r.arg("Take") for r in listings(server)} == {"20"}
    assert len(pages) == 3
    assert [len(p.items) for p in pages] == [20, 20, 5]
    assert {item.source_id for item in items} == {
        f"bill/{9000 + n}/stage/{7000 + n}/sitting/{8000 + n}" for n in range(45)
    }
    assert items[0].source_id == "bill/9044/stage/7044/sitting/8044"  # newest first


def test_paging_stops_at_the_first_bill_updated_before_the_day(bills, server):
    for number in range(25):  # the newest 5 are updated on the day, the rest before it
        updated = datetime(2026, 12, 7 if number >= 20 else 1, 8, number)
        add_online_safety_bill(bills, 9000 + number, updated=updated)
        bills.add_stage(
            9000 + number,
            7000 + number,
            "1st reading",
            sittings=[(8000 + number, date(2026, 12, 7))],
        )
    since = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)

    _, items = read(server, Query("online safety", since=since))

    assert len(listings(server)) == 1  # the second page is never asked for
    assert sorted(i.source_id.split("/")[1] for i in items) == [str(9020 + n) for n in range(5)]
    detail_requests = {r.path for r in server.requests_to(BILLS_PREFIX)} - {LISTING}
    assert "/api/v1/Bills/9019" not in detail_requests


def test_sittings_long_before_the_day_are_left_out_and_undated_ones_skipped(bills, server):
    add_online_safety_bill(bills)
    bills.add_stage(9001, 7001, "1st reading", sittings=[(8001, date(2026, 10, 1))])
    bills.add_stage(9001, 7002, "2nd reading", sittings=[(8002, date(2026, 12, 2))])
    bills.add_stage(
        9001, 7003, "Committee stage", sittings=[(8003, date(2026, 12, 9)), (8004, None)]
    )

    _, items = read(server, Query("online safety", since=datetime(2026, 12, 7, tzinfo=UTC)))

    # 2 December: recorded late, within a week of the day; 9 December: a sitting to come.
    assert [i.source_id for i in items] == [
        "bill/9001/stage/7002/sitting/8002",
        "bill/9001/stage/7003/sitting/8003",
    ]


def test_a_new_sitting_is_a_new_item_and_a_known_one_keeps_its_id(bills, server):
    add_online_safety_bill(bills)
    bills.add_stage(9001, 7001, "Committee stage", sittings=[(8001, date(2026, 12, 7))])
    query = Query("online safety", first_day=date(2026, 12, 7))
    _, before = read(server, query)

    bills.add_sitting(9001, 7001, 8002, date(2026, 12, 8))
    bills.bills[9001]["lastUpdate"] = "2026-12-08T09:00:00"
    _, after = read(server, query)

    assert {i.source_id for i in after} - {i.source_id for i in before} == {
        "bill/9001/stage/7001/sitting/8002"
    }
    again = next(i for i in after if i.source_id == before[0].source_id)
    assert (again.title, again.date, again.url) == (before[0].title, before[0].date, before[0].url)


def test_a_503_is_retried_then_the_answer_is_read(bills, server):
    bills.add_recorded()
    server.fail(BILLS_PREFIX, [503])
    waits: list[float] = []

    _, items = read(
        server, Query("High Streets", first_day=date(2024, 3, 12)), sleep=waits.append, backoff=1.5
    )

    assert [i.source_id for i in items] == ["bill/3548/stage/18467/sitting/15578"]
    assert waits == [1.5]
    assert len(listings(server)) == 2


def test_a_503_every_time_fails_naming_the_url_and_the_status(bills, server):
    bills.add_recorded()
    server.fail(BILLS_PREFIX, [503, 503, 503])

    with pytest.raises(FetchError) as failure:
        read(server, Query("High Streets", first_day=date(2024, 3, 12)), retries=2)

    assert f"{server.base}/{BILLS_PREFIX}/api/v1/Bills?SearchTerm=High+Streets" in str(
        failure.value
    )
    assert "HTTP 503" in str(failure.value)
    assert failure.value.status == 503


def test_a_slow_answer_fails_after_the_timeout(bills, server):
    bills.add_recorded()
    server.stall(BILLS_PREFIX, 1.0)

    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        read(server, Query("High Streets", first_day=date(2024, 3, 12)), timeout=0.3, retries=0)


def test_a_malformed_bill_is_skipped_and_named_and_the_others_kept(bills, server):
    add_online_safety_bill(bills, 9001)
    bills.add_stage(9001, 7001, "1st reading", sittings=[(8001, date(2026, 12, 7))])
    add_online_safety_bill(bills, 9002, updated=datetime(2026, 12, 7, 8))
    bills.add_stage(9002, 7002, "1st reading", sittings=[(8002, date(2026, 12, 7))])
    bills.add_malformed({"shortTitle": "No id (fixture) Bill"}, position=1)
    bills.add_malformed({"billId": 9003, "shortTitle": "No date (fixture) Bill"}, position=2)

    [page] = list(
        Bills().pages(client_for(server), Query("online safety", first_day=date(2026, 12, 7)))
    )

    assert page.problems == ["result 2: no billId", "bill 9003: no lastUpdate"]
    assert [i.source_id for i in page.items] == [
        "bill/9001/stage/7001/sitting/8001",
        "bill/9002/stage/7002/sitting/8002",
    ]


def test_a_malformed_stage_is_named_and_the_other_stages_kept(bills, server):
    add_online_safety_bill(bills)
    bills.add_stage(9001, 7001, "1st reading", sittings=[(8001, date(2026, 12, 7))])
    bills.stages[9001].append({"description": "2nd reading", "stageSittings": []})

    [page] = list(
        Bills().pages(client_for(server), Query("online safety", first_day=date(2026, 12, 7)))
    )

    assert page.problems == ["bill 9001, stage 2: no id or description"]
    assert [i.source_id for i in page.items] == ["bill/9001/stage/7001/sitting/8001"]


def test_stages_are_paged_too(bills, server):
    add_online_safety_bill(bills)
    for number in range(23):
        bills.add_stage(
            9001, 7000 + number, f"Stage {number}", sittings=[(8000 + number, date(2026, 12, 7))]
        )

    _, items = read(server, Query("online safety", first_day=date(2026, 12, 7)))

    stage_requests = [r for r in server.requests_to(BILLS_PREFIX) if r.path.endswith("/Stages")]
    assert [r.arg("Skip") for r in stage_requests] == ["0", "20"]
    assert len(items) == 23


def test_a_bill_whose_details_or_stages_are_gone_is_named(bills, server):
    add_online_safety_bill(bills, 9001)
    bills.add_stage(9001, 7001, "1st reading", sittings=[(8001, date(2026, 12, 7))])
    add_online_safety_bill(bills, 9002, updated=datetime(2026, 12, 7, 8))
    bills.add_stage(9002, 7002, "1st reading", sittings=[(8002, date(2026, 12, 7))])

    def gone(request):
        if request.path in ("/api/v1/Bills/9001", "/api/v1/Bills/9002/Stages"):
            return json_reply({"status": 404, "title": "Not Found"}, 404)
        return bills.handler(request)

    server.mount(BILLS_PREFIX, gone)

    [page] = list(
        Bills().pages(client_for(server), Query("online safety", first_day=date(2026, 12, 7)))
    )

    assert page.problems == [
        "bill 9001: its details answered HTTP 404",
        "bill 9002: its stages answered HTTP 404",
    ]
    # Without its details the bill is read from the listing: no long title, no sponsor.
    [item] = page.items
    assert (item.source_id, item.member_id, item.snippet) == (
        "bill/9001/stage/7001/sitting/8001",
        None,
        "",
    )
