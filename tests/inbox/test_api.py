"""`/api/v1/inbox`: the items' JSON (exactly its fields), the page's filters, the API's paging;
`/api/v1/inbox/<id>`; dismissing with a reason through the page's form (a read-write token
and an editor)."""

from __future__ import annotations

from datetime import date

from campaign.models import ApiScope, ItemRecordKind, ItemStatus, MonitorItemRecord, MonitorSource
from campaign.monitoring.sources.base import PARLIAMENT_LICENCE
from tests.accounts.test_tokens import bearer, make_token
from tests.inbox.conftest import NOW

FIELDS = {
    "id",
    "source",
    "source_id",
    "url",
    "title",
    "date",
    "snippet",
    "asks",
    "status",
    "became",
    "kind",
    "matched_terms",
    "member_id",
    "person",
    "organisation",
    "opens_on",
    "closes_on",
    "licence",
    "dismissed_reason",
    "api_url",
}


def test_an_item_as_json(client, rows, make, session):
    ask = make.ask(title="Meta", slug="meta")
    response = make.response(title="Answer")
    item = rows.item(
        rows.watch(ask=ask),
        source_id="1234",
        title="Online safety: encryption",
        date=date(2026, 11, 12),
        member_id=4321,
        organisation_name="Home Office",
        closes_on=date(2027, 1, 31),
    )
    session.add(
        MonitorItemRecord(item_id=item.id, kind=ItemRecordKind.RESPONSE, record_id=response.id)
    )
    session.commit()
    body = client.get(f"/api/v1/inbox/{item.id}").get_json()
    assert set(body) == FIELDS
    assert body["id"] == item.id and body["source"] == "written-questions"
    assert (body["source_id"], body["title"], body["date"]) == (
        "1234",
        "Online safety: encryption",
        "2026-11-12",
    )
    assert (body["asks"], body["matched_terms"], body["status"]) == (
        ["meta"],
        ["online safety"],
        "new",
    )
    assert (body["member_id"], body["person"], body["organisation"]) == (4321, None, "Home Office")
    assert (body["opens_on"], body["closes_on"]) == (None, "2027-01-31")
    assert body["licence"] == PARLIAMENT_LICENCE and body["dismissed_reason"] == ""
    assert body["became"] == [
        {
            "kind": "response",
            "key": response.key,
            "url": f"http://localhost/api/v1/responses/{response.key}",
        }
    ]
    missing = client.get("/api/v1/inbox/999999")
    assert missing.status_code == 404 and "999999" in missing.get_json()["error"]["detail"]


def test_the_list_filters_and_pages(client, rows, make):
    meta = make.ask(slug="meta")
    other = make.ask(slug="other")
    on_meta, on_other = rows.watch(ask=meta, key="on-meta"), rows.watch(ask=other)
    rows.item(on_meta, title="Meta answer")
    rows.item(on_meta, title="Meta debate", source=MonitorSource.HANSARD, date=date(2026, 11, 3))
    rows.item(on_other, title="Other", status=ItemStatus.DISMISSED)

    def titles(query: str) -> list[str]:
        response = client.get(f"/api/v1/inbox?{query}")
        assert response.status_code == 200, response.get_json()
        return [item["title"] for item in response.get_json()["items"]]

    assert titles("") == ["Meta debate", "Meta answer"]
    assert titles("ask=meta&source=hansard") == ["Meta debate"]
    assert titles("watch=on-meta&status=all") == ["Meta debate", "Meta answer"]
    assert titles("status=dismissed") == ["Other"]
    assert titles("status=all&ask=other") == ["Other"]
    body = client.get("/api/v1/inbox?per_page=1&ask=meta").get_json()
    assert (body["page"], body["per_page"], body["total"]) == (1, 1, 2)
    assert body["next"] == "http://localhost/api/v1/inbox?ask=meta&per_page=1&page=2"
    last = client.get(body["next"]).get_json()
    assert [i["title"] for i in last["items"]] == ["Meta answer"] and last["next"] is None
    for query, name in [
        ("ask=nope", "ask"),
        ("source=fax", "source"),
        ("status=old", "status"),
        ("person=nobody", "person"),
        ("organisation=nobody", "organisation"),
        ("watch=nope", "watch"),
        ("per_page=0", "per_page"),
    ]:
        refused = client.get(f"/api/v1/inbox?{query}")
        assert refused.status_code == 400, query
        assert refused.get_json()["error"]["detail"].startswith(f"{name}: "), query


def test_dismissing_through_the_api(app, client, client_as, rows, session):
    item = rows.item(rows.watch())
    url = f"/api/v1/inbox/{item.id}/dismiss"
    refused = client.post(url, json={"reason": " "})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {
        "reason": ["Enter why you are dismissing this item."]
    }
    assert client.post(url, json={"reason": 3}).status_code == 422
    session.expire_all()
    assert session.get(type(item), item.id).status == ItemStatus.NEW

    reader = make_token(app, "editor", ApiScope.READ)
    assert client.post(url, json={"reason": "x"}, headers=bearer(reader)).status_code == 403
    viewer = make_token(app, "viewer", ApiScope.READ)
    assert client.get(url.rsplit("/", 1)[0], headers=bearer(viewer)).status_code == 200
    assert client_as("viewer").post(url, json={"reason": "x"}).status_code == 403

    writer = make_token(app, "editor", ApiScope.READ_WRITE)
    done = client.post(url, json={"reason": "Not ours"}, headers=bearer(writer))
    assert done.status_code == 200, done.get_json()
    assert (done.get_json()["status"], done.get_json()["dismissed_reason"]) == (
        "dismissed",
        "Not ours",
    )
    session.expire_all()
    stored = session.get(type(item), item.id)
    assert stored.triaged_at == NOW and stored.triaged_by_id is not None
