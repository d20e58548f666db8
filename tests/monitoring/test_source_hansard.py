"""The Hansard adapter against the fixture server, through a real HttpClient over HTTP
(campaign/monitoring/sources/hansard.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources import adapter
from campaign.monitoring.sources.base import PARLIAMENT_LICENCE, Query
from campaign.monitoring.sources.hansard import TRAILING_DAYS, Hansard
from tests.support.monitoring_fixtures.parliament import HANSARD_PREFIX, HansardFixture
from tests.support.recorded_server import RecordedServer

DAY = date(2026, 12, 2)
SINCE = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PATH = "/search/contributions/Spoken.json"


@pytest.fixture
def api():
    return HansardFixture()


@pytest.fixture
def server(api):
    server = RecordedServer()
    server.mount(HANSARD_PREFIX, api.handler)
    with server.running() as base:
        server.base = base  # type: ignore[attr-defined]
        yield server


def fetch(server, query: Query, *, page_size=100, sleeps=None, timeout=5.0, retries=2):
    client = HttpClient(
        f"{server.base}/{HANSARD_PREFIX}",
        timeout=timeout,
        retries=retries,
        backoff=2.0,
        interval=0,
        sleep=(sleeps.append if sleeps is not None else lambda seconds: None),
    )
    pages = list(Hansard(page_size=page_size).pages(client, query))
    return pages, [item for page in pages for item in page.items]


def test_the_adapter_is_registered_under_its_name():
    source = adapter("hansard")
    assert isinstance(source, Hansard)
    assert source.setting == "HANSARD_API_URL"
    assert source.licence == PARLIAMENT_LICENCE
    assert source.queries(["online safety", "online safety"], []) == ["online safety"]


def test_a_contribution_with_its_speaker_house_and_public_url(api, server):
    api.add_contribution(
        debate="Online Safety Act 2023: Implementation",
        text="<p>The <em>Online Safety Act</em> must protect children.</p>",
        sitting_on=DAY,
        member_id=900_031,
        member_name="Fixture Member",
        attributed_to="Fixture Member (Fixture Constituency) (Fixture Party)",
        ext_id="C-ABC-1",
        debate_ext_id="D-XYZ-9",
    )
    api.add_contribution(
        debate="Online Safety Act 2023: Implementation",
        text="My Lords, online safety matters.",
        sitting_on=date(2026, 12, 3),
        house="Lords",
        member_id=900_032,
        member_name="",
        attributed_to="Lord Fixture",
    )
    api.add_contribution(debate="Farming", text="Farming.", sitting_on=DAY)

    _, items = fetch(server, Query("online safety", first_day=date(2026, 12, 1)))

    commons, lords = items
    assert commons.source_id == "C-ABC-1"
    assert commons.kind == "Commons debate contribution"
    assert commons.date == DAY
    assert commons.title == "Online Safety Act 2023: Implementation"
    assert commons.text == (
        "Online Safety Act 2023: Implementation The Online Safety Act must protect children."
    )
    assert (commons.member_id, commons.member_name) == (900_031, "Fixture Member")
    assert commons.organisation == ""
    assert commons.url == (
        "https://hansard.parliament.uk/Commons/2026-12-02/debates/D-XYZ-9/link#contribution-C-ABC-1"
    )
    assert commons.raw["ContributionExtId"] == "C-ABC-1"
    assert lords.kind == "Lords debate contribution"
    assert lords.member_name == "Lord Fixture"  # AttributedTo when MemberName is empty
    assert lords.url.startswith("https://hansard.parliament.uk/Lords/2026-12-03/debates/")


def test_since_asks_again_from_a_trailing_window_oldest_first(api, server):
    assert TRAILING_DAYS == 5
    early = api.add_contribution(
        debate="Online safety", text="Early.", sitting_on=date(2026, 12, 1)
    )
    late = api.add_contribution(debate="Online safety", text="Late.", sitting_on=date(2026, 12, 7))
    published_late = api.add_contribution(debate="Online safety", text="Lag.", sitting_on=DAY)

    _, items = fetch(server, Query("online safety", since=SINCE))

    # A sitting published after the last fetch (2 December) is still found.
    assert [item.source_id for item in items] == [
        published_late["ContributionExtId"],
        late["ContributionExtId"],
    ]
    assert early["ContributionExtId"] not in {item.source_id for item in items}
    [request] = server.requests_to(HANSARD_PREFIX)
    assert request.path == PATH
    assert request.arg("queryParameters.startDate") == "2026-12-02"
    assert request.arg("queryParameters.orderBy") == "SittingDateAsc"
    assert request.arg("queryParameters.searchTerm") == "online safety"


def test_a_first_fetch_starts_on_its_first_day(api, server):
    fetch(server, Query("online safety", first_day=date(2026, 11, 30)))
    [request] = server.requests_to(HANSARD_PREFIX)
    assert request.arg("queryParameters.startDate") == "2026-11-30"


def test_paging_reads_every_page_with_the_api_totals(api, server):
    for number in range(7):
        api.add_contribution(debate="Online safety", text=f"Speech {number}.", sitting_on=DAY)

    pages, items = fetch(server, Query("online safety", since=SINCE), page_size=3)

    assert [len(page.items) for page in pages] == [3, 3, 1]
    assert len({item.source_id for item in items}) == 7
    requests = server.requests_to(HANSARD_PREFIX)
    assert [r.arg("queryParameters.skip") for r in requests] == ["0", "3", "6"]
    assert {r.arg("queryParameters.take") for r in requests} == {"3"}


def test_a_503_is_retried_with_backoff(api, server):
    api.add_contribution(debate="Online safety", text="Speech.", sitting_on=DAY)
    server.fail(HANSARD_PREFIX, [503, 503])
    sleeps: list[float] = []

    _, items = fetch(server, Query("online safety", since=SINCE), sleeps=sleeps)

    assert len(items) == 1
    assert sleeps == [2.0, 4.0]
    assert len(server.requests_to(HANSARD_PREFIX)) == 3


def test_a_503_every_time_is_a_fetch_error_naming_the_url(api, server):
    server.fail(HANSARD_PREFIX, [503] * 2)
    with pytest.raises(FetchError) as raised:
        fetch(server, Query("online safety", since=SINCE), retries=1)
    message = str(raised.value)
    assert f"{server.base}/{HANSARD_PREFIX}{PATH}?" in message
    assert "HTTP 503" in message


def test_a_slow_answer_is_a_fetch_error(api, server):
    server.stall(HANSARD_PREFIX, 1.0)
    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        fetch(server, Query("online safety", since=SINCE), timeout=0.3, retries=0)


def test_a_malformed_contribution_is_skipped_and_named(api, server):
    results = [
        api.add_contribution(debate="Online safety", text=f"Speech {n}.", sitting_on=DAY)
        for n in range(3)
    ]
    api.spoil(results[1], "DebateSectionExtId")

    pages, items = fetch(server, Query("online safety", since=SINCE))

    assert [item.source_id for item in items] == [
        results[0]["ContributionExtId"],
        results[2]["ContributionExtId"],
    ]
    assert pages[0].problems == ["contributions, result 2: no debate id (DebateSectionExtId)"]


def test_a_contribution_without_its_own_id_gets_a_stable_one(api, server):
    result = api.add_contribution(
        debate="Online safety", text="Speech.", sitting_on=DAY, debate_ext_id="D-1"
    )
    result["ContributionExtId"] = None  # which the API may send ([IAI])

    _, [first] = fetch(server, Query("online safety", since=SINCE))
    _, [again] = fetch(server, Query("online safety", since=SINCE))

    assert first.source_id == again.source_id
    assert first.source_id.startswith("debate-")
    assert first.url == "https://hansard.parliament.uk/Commons/2026-12-02/debates/D-1/link"
