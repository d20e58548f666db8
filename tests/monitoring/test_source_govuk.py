"""The GOV.UK adapter against the fixture server: real HttpClient, recorded shapes, no network."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources import adapter
from campaign.monitoring.sources.base import GOVUK_LICENCE, Query
from campaign.monitoring.sources.govuk import GovUk
from tests.support.monitoring_fixtures.govuk import PREFIX, GovUkFixture
from tests.support.recorded_server import RecordedServer


@pytest.fixture
def fixture() -> GovUkFixture:
    return GovUkFixture()


@pytest.fixture
def server(fixture: GovUkFixture) -> Iterator[tuple[RecordedServer, str]]:
    server = RecordedServer()
    server.mount(PREFIX, fixture.handler)
    with server.running() as base:
        yield server, f"{base}/{PREFIX}"


def client_for(base: str, **kw) -> HttpClient:
    kw.setdefault("interval", 0)
    kw.setdefault("timeout", 5)
    return HttpClient(base, sleep=lambda seconds: None, **kw)


def run(base: str, search: str, *, since=None, first_day=None, **kw):
    pages = list(GovUk().pages(client_for(base, **kw), Query(search, since, first_day)))
    return pages, [item for page in pages for item in page.items]


def test_the_adapter_is_registered_under_its_source_name():
    source = adapter("govuk")
    assert isinstance(source, GovUk)
    assert (source.name, source.setting, source.licence) == (
        "govuk",
        "GOVUK_API_URL",
        GOVUK_LICENCE,
    )
    assert source.queries(["online safety", " Meta ", "online safety", ""], ["https://x"]) == [
        "online safety",
        "Meta",
    ]


def test_a_recorded_search_result_becomes_an_item(server):
    _, base = server
    _, items = run(base, "vehicle tax", first_day=date(2017, 12, 1))
    [item] = items
    assert item.source_id == "/vehicle-tax"  # `_id`: this result has no content_id
    assert item.url == "https://www.gov.uk/vehicle-tax"
    assert item.title == "Tax your vehicle"
    assert item.date == date(2017, 12, 7)
    assert item.organisation == "Driver and Vehicle Licensing Agency"
    assert item.kind == "Transaction"  # its `format`; no content_store_document_type in it
    assert item.text.startswith("Tax your vehicle Renew or tax your vehicle for the first time")
    assert item.raw["es_score"] == 17.194002
    assert (item.opens_on, item.closes_on) == (None, None)


def test_a_consultation_takes_its_dates_from_the_content_api(server):
    recorded_server, base = server
    _, items = run(base, "doctoral loans", first_day=date(2016, 11, 1))
    [item] = items
    assert item.source_id == "bc6eceb8-377e-40f8-911f-f715bc2e5b93"  # content_id
    assert item.url == "https://www.gov.uk/government/consultations/postgraduate-doctoral-loans"
    assert item.kind == "Consultation"
    assert item.date == date(2016, 11, 7)
    assert (item.opens_on, item.closes_on) == (date(2016, 11, 4), date(2216, 12, 16))
    assert item.organisation == "Department for Education"
    assert "income-contingent basis" in item.text  # the consultation's body is matched too
    assert item.raw["content_item"]["details"]["political"] is True
    paths = [r.path for r in recorded_server.requests_to(PREFIX)]
    assert paths == [
        "/api/search.json",
        "/api/content/government/consultations/postgraduate-doctoral-loans",
    ]


def test_the_search_sends_the_documented_parameters_and_the_since_day(server):
    recorded_server, base = server
    since = datetime(2026, 12, 3, 23, 10, tzinfo=UTC)
    run(base, "online safety", since=since, first_day=date(2026, 11, 1))
    [request] = recorded_server.requests_to(PREFIX)
    assert request.arg("q") == "online safety"
    assert request.arg("filter_public_timestamp") == "from:2026-12-03"  # its whole day again
    assert request.arg("order") == "-public_timestamp"
    assert (request.arg("start"), request.arg("count")) == ("0", "100")
    assert {"title", "description", "link", "public_timestamp", "content_id"} <= set(
        request.args("fields")
    )
    run(base, "online safety", first_day=date(2026, 11, 1))
    assert recorded_server.requests_to(PREFIX)[-1].arg("filter_public_timestamp") == (
        "from:2026-11-01"
    )


def test_only_items_since_the_day_come_back_newest_first(fixture, server):
    _, base = server
    fixture.add_result(title="Online safety news A", link="/a", published=date(2026, 12, 1))
    fixture.add_result(title="Online safety news B", link="/b", published=date(2026, 12, 4))
    fixture.add_result(title="Online safety news C", link="/c", published=date(2026, 12, 3))
    _, items = run(base, "online safety", first_day=date(2026, 12, 3))
    assert [i.url for i in items] == ["https://www.gov.uk/b", "https://www.gov.uk/c"]
    assert items[0].kind == "News" and items[0].organisation == "Home Office"


def test_paging_follows_start_until_the_total(fixture, server, monkeypatch):
    recorded_server, base = server
    monkeypatch.setattr("campaign.monitoring.sources.govuk.PAGE_SIZE", 2)
    for day in range(1, 6):
        fixture.add_result(
            title=f"Online safety update {day}", link=f"/news/{day}", published=date(2026, 12, day)
        )
    pages, items = run(base, "online safety", first_day=date(2026, 12, 1))
    assert [len(page.items) for page in pages] == [2, 2, 1]
    assert [i.date.day for i in items] == [5, 4, 3, 2, 1]
    assert len({i.source_id for i in items}) == 5
    starts = [r.arg("start") for r in recorded_server.requests_to(PREFIX)]
    assert starts == ["0", "2", "4"]  # total 5: no fourth request


def test_a_malformed_result_is_skipped_and_named(fixture, server):
    _, base = server
    fixture.add_result(title="Online safety one", link="/one", published=date(2026, 12, 2))
    fixture.add_malformed(link="/broken", published=date(2026, 12, 3))
    fixture.add_result(title="Online safety two", link="/two", published=date(2026, 12, 1))
    [page], items = run(base, "online safety", first_day=date(2026, 12, 1))
    assert [i.title for i in items] == ["Online safety one", "Online safety two"]
    assert page.problems == ["result 1 (/broken): no title"]


def test_a_consultation_gone_from_the_content_api_keeps_its_item(fixture, server):
    _, base = server
    fixture.add_consultation(
        title="Online safety consultation",
        link="/government/consultations/online-safety",
        published=date(2026, 12, 2),
        opening=datetime(2026, 12, 2, 9, tzinfo=UTC),
        closing=datetime(2027, 2, 24, 23, 45, tzinfo=UTC),
    )
    del fixture.content["/government/consultations/online-safety"]
    [page], [item] = run(base, "online safety", first_day=date(2026, 12, 1))
    assert item.kind == "Consultation" and item.closes_on is None
    assert page.problems[0].startswith("result 1 (/government/consultations/online-safety)")
    assert "HTTP 404" in page.problems[0]


def test_a_consultation_built_like_the_recorded_one(fixture, server):
    _, base = server
    fixture.add_consultation(
        title="Online safety: age assurance",
        link="/government/consultations/age-assurance",
        published=datetime(2026, 12, 2, 10, tzinfo=UTC),
        opening=datetime(2026, 12, 2, 10, tzinfo=UTC),
        closing=datetime(2027, 2, 24, 23, 59, tzinfo=UTC),
        document_type="closed_consultation",
        organisation_title="Department for Science, Innovation and Technology",
    )
    _, [item] = run(base, "age assurance", first_day=date(2026, 12, 1))
    assert item.kind == "Closed consultation"
    assert (item.opens_on, item.closes_on) == (date(2026, 12, 2), date(2027, 2, 24))
    assert item.organisation == "Department for Science, Innovation and Technology"


def test_a_503_then_success_is_retried(fixture, server):
    recorded_server, base = server
    fixture.add_result(title="Online safety", link="/x", published=date(2026, 12, 2))
    recorded_server.fail(PREFIX, [503])
    _, items = run(base, "online safety", first_day=date(2026, 12, 1))
    assert [i.url for i in items] == ["https://www.gov.uk/x"]
    assert len(recorded_server.requests_to(PREFIX)) == 2


def test_a_503_every_time_is_a_fetch_error_naming_the_url(server):
    recorded_server, base = server
    recorded_server.fail(PREFIX, [503] * 3)
    with pytest.raises(FetchError) as error:
        run(base, "online safety", first_day=date(2026, 12, 1), retries=2)
    assert f"{base}/api/search.json?q=online+safety" in str(error.value)
    assert "HTTP 503" in str(error.value)


def test_a_slow_answer_is_a_fetch_error(server):
    recorded_server, base = server
    recorded_server.stall(PREFIX, 1.0)
    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        run(base, "online safety", first_day=date(2026, 12, 1), timeout=0.3, retries=0)


def test_a_422_says_the_parameters_were_refused(server, monkeypatch):
    recorded_server, base = server
    monkeypatch.setattr("campaign.monitoring.sources.govuk.PAGE_SIZE", 5000)  # over 1500
    with pytest.raises(FetchError) as error:
        run(base, "online safety", first_day=date(2026, 12, 1))
    assert error.value.status == 422
    assert "HTTP 422" in str(error.value)
    assert "refused the search's parameters as invalid" in str(error.value)
    assert len(recorded_server.requests_to(PREFIX)) == 1  # not retried


def test_public_urls():
    from campaign.monitoring.sources.govuk import public_url

    assert public_url("/government/news/x") == "https://www.gov.uk/government/news/x"
    assert public_url("government/news/x") == "https://www.gov.uk/government/news/x"
    assert public_url("https://www.nhs.uk/a") == "https://www.nhs.uk/a"
