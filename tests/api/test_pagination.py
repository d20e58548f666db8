from decimal import Decimal
from urllib.parse import parse_qs

from tests.api.conftest import BASE


def test_pages_follow_next_links_to_the_end(get, make):
    for n in range(5):
        make.statistic(key=f"s{n}", label=f"Statistic {n}")
    first = get("/api/v1/statistics?per_page=2")
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 5)
    assert first["next"] == f"{BASE}/statistics?per_page=2&page=2"
    keys, url = [], "/api/v1/statistics?per_page=2"
    pages = 0
    while url:
        body = get(url.removeprefix("http://localhost"))
        keys += [s["key"] for s in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert keys == ["s0", "s1", "s2", "s3", "s4"]


def test_next_link_keeps_the_filters(get, make):
    source = make.source(key="foi")
    for n in range(3):
        make.statistic(key=f"p{n}", label=f"Percent {n}", unit="percent", source=source)
    make.statistic(key="count", unit="count", source=source)
    body = get("/api/v1/statistics?unit=percent&source=foi&q=percent&per_page=2&sort=-label")
    assert body["total"] == 3
    assert [s["key"] for s in body["items"]] == ["p2", "p1"]
    path, _, query = body["next"].partition("?")
    assert path == f"{BASE}/statistics"
    assert parse_qs(query) == {
        "sort": ["-label"],
        "q": ["percent"],
        "unit": ["percent"],
        "source": ["foi"],
        "per_page": ["2"],
        "page": ["2"],
    }
    last = get(body["next"].removeprefix("http://localhost"))
    assert [s["key"] for s in last["items"]] == ["p0"] and last["next"] is None


def test_default_page_size_is_50(get, make, session):
    from campaign.models import Organisation

    session.add_all(
        Organisation(key=f"org-{n:02d}", name=f"Org {n:02d}", kind="other") for n in range(51)
    )
    session.commit()
    body = get("/api/v1/organisations")
    assert (len(body["items"]), body["per_page"], body["total"]) == (50, 50, 51)
    assert body["next"] == f"{BASE}/organisations?page=2"
    assert [o["key"] for o in get("/api/v1/organisations?page=2")["items"]] == ["org-50"]
    assert len(get("/api/v1/organisations?per_page=200")["items"]) == 51


def test_a_page_past_the_end_is_empty(get, make):
    make.statistic(key="only", value=Decimal("1"))
    body = get("/api/v1/statistics?page=3")
    assert body["items"] == [] and body["total"] == 1 and body["next"] is None


def test_empty_collections(get):
    for collection in ("asks", "statistics", "sources", "evidence", "responses", "milestones"):
        body = get(f"/api/v1/{collection}")
        assert body == {"items": [], "page": 1, "per_page": 50, "total": 0, "next": None}
