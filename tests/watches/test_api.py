"""`/api/v1/watches`: read and write through the same form as the pages, by the names the docs
give (`ask` a slug, `person` and `organisation` keys, `sources` and `feeds` lists, `owner` an
e-mail address); every rule refused naming its field; viewers read, editors write."""

from __future__ import annotations

from sqlmodel import select

from campaign.models import AlertLevel, Watch
from campaign.people.entity import ENTITY as PERSON
from tests.support.accounts import email_for

OWNER = email_for("admin", True)


def test_post_get_patch_and_list_with_filters(client, session, make, watch):
    make.ask(title="Keep children safe on Meta", slug="meta")
    person = make.record(PERSON, name="Jo Minister", kind="minister")
    make.organisation(name="Ofcom", key="ofcom")
    created = client.post(
        "/api/v1/watches",
        json={
            "name": "Meta and encryption",
            "ask": "meta",
            "person": person.key,
            "terms": '"end-to-end encryption" Meta\nencrypt* -WhatsApp',
            "sources": ["written-questions", "feed"],
            "feeds": ["https://www.ofcom.org.uk/news.rss"],
            "alert_level": "immediate",
            "owner": OWNER,
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    tracked = ("archived_at", "created_at", "updated_at", "version")
    assert body["archived_at"] is None and body["version"] == 1
    assert {k: body[k] for k in body if k not in tracked} == {
        "key": "meta-and-encryption",
        "name": "Meta and encryption",
        "ask": "meta",
        "person": person.key,
        "organisation": None,
        "terms": '"end-to-end encryption" Meta\nencrypt* -WhatsApp',
        "sources": ["written-questions", "feed"],
        "feeds": ["https://www.ofcom.org.uk/news.rss"],
        "alert_level": "immediate",
        "owner": OWNER,
        "api_url": "http://localhost/api/v1/watches/meta-and-encryption",
    }
    assert client.get("/api/v1/watches/meta-and-encryption").get_json() == body

    patched = client.patch(
        "/api/v1/watches/meta-and-encryption",
        json={"organisation": "ofcom", "sources": ["hansard"], "feeds": [], "owner": ""},
    )
    assert patched.status_code == 200, patched.get_json()
    row = session.exec(select(Watch)).one()
    session.refresh(row)
    assert (row.organisation.key, row.sources, row.feeds, row.owner_id) == (
        "ofcom",
        ["hansard"],
        [],
        None,
    )
    assert row.alert_level == AlertLevel.IMMEDIATE  # not named: kept

    watch(name="Digest on Ofcom", organisation="ofcom", sources=["govuk"])

    def names(query: str) -> list[str]:
        answer = client.get(f"/api/v1/watches?{query}")
        assert answer.status_code == 200, answer.get_json()
        return [item["name"] for item in answer.get_json()["items"]]

    assert names("") == ["Digest on Ofcom", "Meta and encryption"]
    assert names("ask=meta") == ["Meta and encryption"]
    assert names(f"person={person.key}") == ["Meta and encryption"]
    assert names("organisation=ofcom") == ["Digest on Ofcom", "Meta and encryption"]
    assert names("source=govuk") == ["Digest on Ofcom"]
    assert names("alert_level=digest") == ["Digest on Ofcom"]
    assert client.get("/api/v1/watches?source=parliament").status_code == 400
    assert client.get("/api/v1/watches?ask=nothing").status_code == 400
    assert client.get(f"/api/v1/watches?owner={OWNER}").status_code == 200


def _fields(client, body: dict, *, key: str | None = None) -> dict:
    if key is None:
        answer = client.post("/api/v1/watches", json=body)
    else:
        answer = client.patch(f"/api/v1/watches/{key}", json=body)
    assert answer.status_code == 422, answer.get_json()
    return answer.get_json()["error"]["fields"]


def test_the_api_refuses_as_the_form_does_naming_the_field(client, session, make, watch):
    make.organisation(name="Ofcom", key="ofcom")
    base = {"name": "W", "organisation": "ofcom", "terms": "Ofcom", "sources": ["hansard"]}
    fields = _fields(client, {"name": "", "terms": "", "sources": []})
    assert fields["name"] == ["Enter a name for the watch."]
    assert fields["terms"] == ["Enter at least one word or phrase to look for."]
    assert fields["sources"] == ["Choose at least one source."]
    assert "an ask, a person or an organisation" in fields["ask"][0]
    assert "Close the quotation marks" in _fields(client, {**base, "terms": '"Ofcom'})["terms"][0]
    assert "sources" in _fields(client, {**base, "sources": ["parliament"]})
    assert "sources" in _fields(client, {**base, "sources": "hansard"})  # a list, not a text
    feeds = _fields(client, {**base, "sources": ["feed"]})["feeds"][0]
    assert feeds.startswith("Enter at least one feed address")
    feeds = _fields(client, {**base, "feeds": ["https://example.org/feed"]})["feeds"][0]
    assert feeds.startswith("Tick “RSS/Atom feeds”")
    feeds = _fields(client, {**base, "sources": ["feed"], "feeds": ["ftp://example.org/f"]})
    assert "is not a feed address" in feeds["feeds"][0]
    assert "alert_level" in _fields(client, {**base, "alert_level": "loud"})
    owner = _fields(client, {**base, "owner": "nobody@example.org"})["owner"]
    assert owner == ["No active user has the e-mail address nobody@example.org."]
    assert "ask" in _fields(client, {**base, "ask": "no-such-ask"})
    row = watch(name="Kept as it was", organisation="ofcom")
    assert "terms" in _fields(client, {"terms": "-only"}, key=row.key)
    assert session.exec(select(Watch.name)).all() == ["Kept as it was"]


def test_viewers_read_and_editors_write(client_as, make, watch):
    make.organisation(name="Ofcom", key="ofcom")
    row = watch(name="Ofcom's codes", organisation="ofcom")
    body = {"name": "W", "organisation": "ofcom", "terms": "Ofcom", "sources": ["hansard"]}
    viewer = client_as("viewer")
    assert viewer.get("/api/v1/watches").status_code == 200
    assert viewer.get(f"/api/v1/watches/{row.key}").status_code == 200
    assert viewer.post("/api/v1/watches", json=body).status_code == 403
    assert viewer.patch(f"/api/v1/watches/{row.key}", json={"name": "X"}).status_code == 403
    editor = client_as("editor")
    assert editor.post("/api/v1/watches", json=body).status_code == 201
    assert editor.patch(f"/api/v1/watches/{row.key}", json={"name": "X"}).status_code == 200
    history = editor.get(f"/api/v1/watches/{row.key}/revisions")
    assert history.status_code == 200
