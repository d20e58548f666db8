"""The API's writes: POST creates, PATCH changes the named fields, both validated by the
items' own forms; versions, ETag and If-Match; restricted evidence; nothing half-saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from campaign.db import get_engine
from campaign.entities import entity_for
from campaign.models import (
    Ask,
    Evidence,
    Milestone,
    Position,
    Response,
    Sensitivity,
    Source,
    Statistic,
)
from tests.api.conftest import BASE


@pytest.fixture
def world(make):
    """An organisation, a source and an ask for new items to refer to (by key)."""
    make.organisation(key="ofcom", name="Ofcom")
    make.source(key="src", title="A source")
    make.ask(slug="an-ask", title="An ask")


NEW = {
    "asks": (
        Ask,
        "slug",
        {
            "title": "Ban nudify apps",
            "targets": ["ofcom"],
            "tag_names": "apps, ai",
            "status": "active",
        },
    ),
    "statistics": (
        Statistic,
        "key",
        {"label": "Offences recorded", "value": "33,226", "unit": "count", "source": "src"},
    ),
    "sources": (Source, "key", {"title": "Ofcom report", "publisher": "Ofcom", "kind": "report"}),
    "evidence": (
        Evidence,
        "key",
        {
            "title": "A quote",
            "kind": "quote",
            "text": "Words",
            "sensitivity": "internal",
            "is_composite": True,
            "source": "src",
            "link_ask": "an-ask",
        },
    ),
    "responses": (
        Response,
        "key",
        {
            "title": "Ofcom replies",
            "organisation": "ofcom",
            "response_date": "2025-03-01",
            "channel": "letter",
            "positions": [{"ask": "an-ask", "position": "supports", "note": "Agreed"}],
        },
    ),
    "milestones": (
        Milestone,
        "key",
        {
            "title": "Codes in force",
            "date": "2026-07",
            "kind": "duty_in_force",
            "organisation": "ofcom",
        },
    ),
}


def fetch(session, model, **where):
    session.expire_all()
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.exec(query).all()


@pytest.mark.parametrize("collection", NEW)
def test_post_creates_the_item(client, session, world, collection):
    model, url_field, body = NEW[collection]
    response = client.post(f"/api/v1/{collection}", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    item = response.get_json()
    ident = item[url_field]
    assert response.headers["Location"] == f"{BASE}/{collection}/{ident}" == item["api_url"]
    assert item["version"] == 1 and response.headers["ETag"] == '"1"'
    [row] = fetch(session, model, **{url_field: ident})
    # what GET answers is what POST answered
    assert client.get(f"/api/v1/{collection}/{ident}").get_json() == item
    assert row.version == 1


def test_posted_rows_hold_what_was_sent(client, session, world):
    for collection in NEW:
        assert client.post(f"/api/v1/{collection}", json=NEW[collection][2]).status_code == 201
    [ask] = fetch(session, Ask, slug="ban-nudify-apps")
    assert [t.key for t in ask.targets] == ["ofcom"] and sorted(t.name for t in ask.tags) == [
        "ai",
        "apps",
    ]
    [stat] = fetch(session, Statistic, key="offences-recorded")
    assert stat.value == Decimal("33226") and stat.source.key == "src"
    [item] = fetch(session, Evidence, key="a-quote")
    assert item.is_composite and item.sensitivity == Sensitivity.INTERNAL
    assert [link.ask.slug for link in item.ask_links] == ["an-ask"]
    [reply] = fetch(session, Response, key="ofcom-replies")
    assert [(link.ask.slug, link.position, link.note) for link in reply.ask_links] == [
        ("an-ask", Position.SUPPORTS, "Agreed")
    ]
    [milestone] = fetch(session, Milestone, key="codes-in-force")
    assert milestone.milestone_date == date(2026, 7, 1) and milestone.organisation.key == "ofcom"


def test_decimals_stay_exact(client, session):
    for value in ("0.1", Decimal("0.1")):  # a JSON string, and a JSON number
        body = {"label": f"Share {value!r}", "value": value, "unit": "percent"}
        response = client.post("/api/v1/statistics", json=body)
        assert response.status_code == 201 and response.get_json()["value"] == "0.1"
    raw = client.post(
        "/api/v1/statistics",
        data='{"label": "Raw", "value": 0.30000000000000004, "unit": "ratio"}',
        content_type="application/json",
    )
    assert raw.get_json()["value"] == "0.30000000000000004"
    assert {s.value for s in fetch(session, Statistic)} == {
        Decimal("0.1"),
        Decimal("0.30000000000000004"),
    }


BAD = [
    ("statistics", {"label": "Lots", "value": "lots", "unit": "count"}, "value"),
    ("statistics", {"value": "3", "unit": "count"}, "label"),
    (
        "statistics",
        {"label": "x", "value": "3", "unit": "count", "period_start": "31/02/2024"},
        "period_start",
    ),
    ("asks", {"summary": "no title"}, "title"),
    ("asks", {"title": "T", "status": "sort-of"}, "status"),
    ("asks", {"title": "T", "targets": ["no-such-org"]}, "targets"),
    ("evidence", {"title": "E", "kind": "quote", "source": "nope"}, "source"),
    ("responses", {"title": "R", "organisation": "ofcom", "channel": "letter"}, "response_date"),
    ("milestones", {"title": "M", "date": "next week", "kind": "statement"}, "date"),
    ("sources", {"title": "S", "kind": "report", "url": "javascript:alert(1)"}, "url"),
]


@pytest.mark.parametrize(("collection", "body", "field"), BAD, ids=[f"{c}-{f}" for c, _b, f in BAD])
def test_a_bad_value_is_a_422_naming_the_field(client, session, world, collection, body, field):
    model = NEW[collection][0]
    before = len(fetch(session, model))
    response = client.post(f"/api/v1/{collection}", json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["status"] == 422 and field in error["fields"] and error["fields"][field]
    assert field in error["detail"]
    assert len(fetch(session, model)) == before  # nothing written


def test_every_bad_field_is_named(client):
    body = {"value": "lots", "unit": "count", "period_end": "soon"}
    fields = client.post("/api/v1/statistics", json=body).get_json()["error"]["fields"]
    assert set(fields) == {"label", "value", "period_end"}


def test_a_service_refusal_is_a_422_naming_its_field(client, session):
    body = {
        "label": "Backwards",
        "value": "1",
        "unit": "count",
        "period_start": "2024-04-01",
        "period_end": "2023-03-31",
    }
    response = client.post("/api/v1/statistics", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "period_end": ["The period cannot end before it starts."]
    }
    assert fetch(session, Statistic) == []


def test_unknown_fields_are_named(client, make):
    make.ask(slug="s", title="Same")
    for method, url in (("post", "/api/v1/asks"), ("patch", "/api/v1/asks/s")):
        response = getattr(client, method)(
            url, json={"title": "T", "colour": "red", "api_url": "x"}
        )
        assert response.status_code == 422
        error = response.get_json()["error"]
        assert set(error["fields"]) == {"colour", "api_url"} and "colour" in error["detail"]
    assert client.get("/api/v1/asks/s").get_json()["title"] == "Same"


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('{"value": NaN}', "application/json", 400),
        ("title=x", "application/x-www-form-urlencoded", 415),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(client, data, content_type, status):
    response = client.post("/api/v1/asks", data=data, content_type=content_type)
    assert response.status_code == status and response.get_json()["error"]["status"] == status


def test_a_nested_value_is_refused(client):
    response = client.post("/api/v1/asks", json={"title": {"en": "T"}, "status": ["active"]})
    assert set(response.get_json()["error"]["fields"]) == {"title", "status"}


# -- PATCH -----------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_named(client, session, world, make):
    ofcom = fetch(session, Ask, slug="an-ask")[0]
    stat = make.statistic(
        key="figure",
        label="A figure",
        value=Decimal("12.5"),
        unit="percent",
        caveats="Careful",
        geography="UK",
    )
    before = entity_for(Statistic).values_of(stat)
    response = client.patch("/api/v1/statistics/figure", json={"value": "13"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["value"] == "13" and body["version"] == 2 and response.headers["ETag"] == '"2"'
    [row] = fetch(session, Statistic, key="figure")
    after = entity_for(Statistic).values_of(row)
    assert {k for k in before if before[k] != after[k]} == {"value"}
    assert (row.caveats, row.geography, row.version) == ("Careful", "UK", 2)
    assert ofcom.title == "An ask"


@pytest.mark.parametrize("collection", NEW)
def test_patch_each_kind_of_item(client, session, world, collection):
    model, url_field, body = NEW[collection]
    ident = client.post(f"/api/v1/{collection}", json=body).get_json()[url_field]
    title = "label" if collection == "statistics" else "title"
    response = client.patch(f"/api/v1/{collection}/{ident}", json={title: "Renamed"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()[title] == "Renamed" and response.get_json()["version"] == 2
    [row] = fetch(session, model, **{url_field: ident})
    assert getattr(row, title) == "Renamed" and row.version == 2
    # the rest is as posted
    assert client.get(f"/api/v1/{collection}/{ident}").get_json() == response.get_json()


def test_patch_a_responses_positions_and_references(client, session, world, make):
    make.organisation(key="meta", name="Meta")
    make.ask(slug="other-ask", title="Other ask")
    key = client.post("/api/v1/responses", json=NEW["responses"][2]).get_json()["key"]
    body = {"organisation": "meta", "positions": [{"ask": "other-ask", "position": "opposes"}]}
    response = client.patch(f"/api/v1/responses/{key}", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    [row] = fetch(session, Response, key=key)
    assert row.organisation.key == "meta"
    assert [(link.ask.slug, link.position) for link in row.ask_links] == [
        ("other-ask", Position.OPPOSES)
    ]
    bad = client.patch(
        f"/api/v1/responses/{key}", json={"positions": [{"ask": "nope", "position": "supports"}]}
    )
    assert bad.status_code == 422 and "positions.0.ask" in bad.get_json()["error"]["fields"]


def test_patch_of_an_unknown_item_is_a_404(client):
    response = client.patch("/api/v1/statistics/no-such-key", json={"label": "x"})
    assert response.status_code == 404
    assert response.get_json()["error"]["detail"] == "No statistic with key 'no-such-key'."


def test_a_bad_patch_changes_nothing(client, session, make):
    make.statistic(key="figure", label="Kept", value=Decimal(5))
    response = client.patch("/api/v1/statistics/figure", json={"label": "New", "value": "lots"})
    assert response.status_code == 422
    [row] = fetch(session, Statistic, key="figure")
    assert (row.label, row.value, row.version) == ("Kept", Decimal(5), 1)


# -- versions --------------------------------------------------------------------------------


def test_get_carries_the_version_as_an_etag(client, make):
    make.ask(slug="a")
    response = client.get("/api/v1/asks/a")
    assert response.get_json()["version"] == 1 and response.headers["ETag"] == '"1"'


@pytest.mark.parametrize("how", ["if-match", "body"])
def test_a_stale_version_is_a_409_and_changes_nothing(client, session, make, how):
    make.ask(slug="a", title="First")
    assert client.patch("/api/v1/asks/a", json={"title": "Second"}).status_code == 200
    headers = {"If-Match": '"1"'} if how == "if-match" else {}
    body = {"title": "Lost update", **({"version": 1} if how == "body" else {})}
    response = client.patch("/api/v1/asks/a", json=body, headers=headers)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["current"]["title"] == "Second" and error["current"]["version"] == 2
    assert response.headers["ETag"] == '"2"'
    [row] = fetch(session, Ask, slug="a")
    assert (row.title, row.version) == ("Second", 2)
    # with the current version it goes through
    ok = client.patch("/api/v1/asks/a", json={"title": "Third"}, headers={"If-Match": '"2"'})
    assert ok.status_code == 200 and ok.get_json()["version"] == 3


def test_a_bad_version_is_a_422(client, make):
    make.ask(slug="a")
    assert client.patch("/api/v1/asks/a", json={"version": "two"}).status_code == 422
    assert client.patch("/api/v1/asks/a", json={}, headers={"If-Match": '"x"'}).status_code == 422
    assert client.patch("/api/v1/asks/a", json={}, headers={"If-Match": "*"}).status_code == 200


def test_a_save_that_loses_a_race_is_a_409(client, session, make, monkeypatch, app):
    """Someone else's save lands between reading the item and writing it: StaleDataError."""
    make.ask(slug="a", title="First")
    views = entity_for(Ask)
    real_update = views.update

    def update_after_a_rival(obj, *, session, data):
        with Session(get_engine()) as rival:
            rival.exec(
                update(Ask).where(Ask.slug == "a").values(title="Rival", version=Ask.version + 1)
            )
            rival.commit()
        return real_update(obj, session=session, data=data)

    monkeypatch.setattr(views, "update", update_after_a_rival)
    response = client.patch("/api/v1/asks/a", json={"title": "Mine"})
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["error"]["current"]["title"] == "Rival"
    [row] = fetch(session, Ask, slug="a")
    assert (row.title, row.version) == ("Rival", 2)


# -- who may write ---------------------------------------------------------------------------


def test_viewers_cannot_write(client_as, session, make):
    make.ask(slug="a", title="Kept")
    viewer = client_as("viewer", clearance=True)
    assert viewer.post("/api/v1/asks", json={"title": "No"}).status_code == 403
    assert viewer.patch("/api/v1/asks/a", json={"title": "No"}).status_code == 403
    assert [a.title for a in fetch(session, Ask)] == ["Kept"]
    assert client_as("editor").patch("/api/v1/asks/a", json={"title": "Yes"}).status_code == 200


def test_anonymous_cannot_write(anonymous_client):
    response = anonymous_client.post("/api/v1/asks", json={"title": "No"})
    assert response.status_code == 401 and response.get_json()["error"]["status"] == 401


# -- restricted evidence ---------------------------------------------------------------------


@pytest.fixture
def restricted(make):
    return make.evidence(
        key="secret", title="Secret", text="Restricted words", sensitivity=Sensitivity.RESTRICTED
    )


def test_without_clearance_restricted_evidence_cannot_be_changed(client_as, session, restricted):
    editor = client_as("editor")
    response = editor.patch("/api/v1/evidence/secret", json={"title": "Changed"})
    assert response.status_code == 404  # as for GET: without clearance it is not there
    assert editor.get("/api/v1/evidence/secret").status_code == 404
    assert "Restricted words" not in response.get_data(as_text=True)
    [row] = fetch(session, Evidence, key="secret")
    assert (row.title, row.version) == ("Secret", 1)


def test_without_clearance_evidence_cannot_be_made_restricted(client_as, session, make):
    make.evidence(key="open", title="Open", sensitivity=Sensitivity.PUBLIC)
    editor = client_as("editor")
    body = {"title": "New secret", "kind": "case_study", "sensitivity": "restricted"}
    assert editor.post("/api/v1/evidence", json=body).status_code == 403
    assert (
        editor.patch("/api/v1/evidence/open", json={"sensitivity": "restricted"}).status_code == 403
    )
    assert fetch(session, Evidence, sensitivity=Sensitivity.RESTRICTED) == []
    assert (
        editor.patch("/api/v1/evidence/open", json={"sensitivity": "internal"}).status_code == 200
    )


def test_with_clearance_restricted_evidence_can_be_written(client_as, session, restricted):
    cleared = client_as("editor", clearance=True)
    response = cleared.patch("/api/v1/evidence/secret", json={"title": "Changed"})
    assert response.status_code == 200 and response.get_json()["text"] == "Restricted words"
    body = {
        "title": "New secret",
        "kind": "case_study",
        "text": "More",
        "sensitivity": "restricted",
    }
    assert cleared.post("/api/v1/evidence", json=body).status_code == 201
    assert len(fetch(session, Evidence, sensitivity=Sensitivity.RESTRICTED)) == 2


# -- what the areas do after a save ----------------------------------------------------------


def test_a_milestone_write_resyncs_its_reminders(client, world, monkeypatch):
    from campaign import signals

    seen = []
    monkeypatch.setattr(
        signals.milestone_changed, "send", lambda sender, **kw: seen.append(kw["id"])
    )
    made = client.post("/api/v1/milestones", json=NEW["milestones"][2])
    assert made.status_code == 201 and len(seen) == 1
    key = made.get_json()["key"]
    assert client.patch(f"/api/v1/milestones/{key}", json={"date": "2026-08-01"}).status_code == 200
    assert len(seen) == 2
