"""`GET /api/v1/claims`: every checked claim as JSON, filtered by ask, verdict and flag; bad
filters are the API's usual 400."""

from __future__ import annotations

import pytest

from tests.claims.helpers import figures, link
from tests.support.querycount import count_queries

BASE = "http://localhost/api/v1"


@pytest.fixture
def get(client):
    def fetch(url: str, *, status: int = 200):
        response = client.get(url)
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        return response.get_json()

    return fetch


def test_every_claim_with_its_verdict_reason_and_flags(get, make):
    figures(make)
    body = get("/api/v1/claims")
    assert body["total"] == 4 and len(body["items"]) == 4
    assert body["counts"] == {"inconsistent": 1, "unverifiable": 1, "consistent": 2}
    assert [item["key"] for item in body["items"]] == [
        "rise-bad",
        "vague",
        "offences-total",
        "rise-ok",
    ]
    bad = body["items"][0]
    assert bad == {
        "key": "rise-bad",
        "label": "Rise in offences (overstated)",
        "claim": "a 30% rise",
        "value_checked": "24.665780627",
        "value_display": "24.67%",
        "derived": True,
        "verdict": "inconsistent",
        "reason": bad["reason"],
        "honest_wording": "a 25% rise",
        "failed": ["30%", "30% (the published value)"],
        "flags": [],
        "api_url": f"{BASE}/statistics/rise-bad",
    }
    assert bad["reason"].startswith("24.7% does not round to 30%")
    vague = body["items"][1]
    assert vague["flags"] == [{"kind": "no_source", "message": "“A vague figure” has no source."}]
    assert vague["value_checked"] == "12" and vague["derived"] is False
    total = body["items"][2]
    assert (total["value_checked"], total["failed"]) == ("33226", [])
    assert total["verdict"] == "consistent"


def test_filters_by_ask_verdict_and_flag(get, make):
    f = figures(make)
    ask = make.ask(slug="strengthen-codes")
    link(make, ask, f.rise_bad, f.total)
    for_ask = get("/api/v1/claims?ask=strengthen-codes")
    assert [i["key"] for i in for_ask["items"]] == ["rise-bad", "offences-total"]
    assert for_ask["counts"] == {"inconsistent": 1, "unverifiable": 0, "consistent": 1}
    consistent = get("/api/v1/claims?ask=strengthen-codes&verdict=consistent")
    assert [i["key"] for i in consistent["items"]] == ["offences-total"]
    assert consistent["total"] == 1 and consistent["counts"] == for_ask["counts"]
    flagged = get("/api/v1/claims?flag=any")
    assert [i["key"] for i in flagged["items"]] == ["vague"]
    assert get("/api/v1/claims?flag=stale")["items"] == []


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("ask=no-such-ask", "ask: no ask 'no-such-ask'"),
        ("verdict=wrong", "verdict: must be one of consistent, inconsistent, unverifiable"),
        ("flag=wrong", "flag: must be one of any, mismatched_coverage"),
        ("ask=%00", "ask: must not contain a NUL character"),
        ("page=0", "page: must be a whole number from 1"),
        ("per_page=201", "per_page: must be a whole number from 1 to 200"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(get, make, query, detail):
    body = get(f"/api/v1/claims?{query}", status=400)
    assert body["error"]["status"] == 400 and body["error"]["title"] == "Bad Request"
    assert body["error"]["detail"].startswith(detail)


def test_read_only(client):
    response = client.post("/api/v1/claims")
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405


def test_a_fixed_number_of_queries_however_many_claims(app, get, make):
    def queries() -> int:
        get("/api/v1/claims")
        with count_queries(app) as statements:
            get("/api/v1/claims")
        return len(statements)

    figures(make, suffix="-0")
    few = queries()
    for n in range(1, 8):
        figures(make, suffix=f"-{n}")
    assert get("/api/v1/claims")["total"] == 32
    assert queries() == few


def test_paged_on_request_in_the_same_order(get, make):
    figures(make)
    whole = [i["key"] for i in get("/api/v1/claims")["items"]]
    first = get("/api/v1/claims?per_page=3")
    assert [i["key"] for i in first["items"]] == whole[:3]
    assert (first["page"], first["per_page"], first["total"]) == (1, 3, 4)
    assert first["next"] == f"{BASE}/claims?per_page=3&page=2"
    second = get(first["next"].removeprefix("http://localhost"))
    assert [i["key"] for i in second["items"]] == whole[3:]
    assert second["next"] is None and second["counts"] == first["counts"]
    # The filters are kept in `next` and `total` counts what passes them, not the page.
    consistent = get("/api/v1/claims?verdict=consistent&per_page=1")
    assert consistent["total"] == 2 and len(consistent["items"]) == 1
    assert consistent["next"] == f"{BASE}/claims?verdict=consistent&per_page=1&page=2"
    assert get("/api/v1/claims?page=9")["items"] == []
