"""`/api/v1/interactions`: read and write through the interaction's form, with the attendees
(user e-mails, person keys), organisations (keys) and asks (slug + outcome) nested; the
follow-up actions nested read only; refusals name the field and save nothing."""

from __future__ import annotations

from sqlmodel import select

from campaign import models as m
from tests.interactions.helpers import interaction, person, user

BODY = {"title": "Call with DSIT", "kind": "call", "occurred_at": "2026-07-14T15:30"}


def _count(session) -> int:
    session.expire_all()
    return len(session.exec(select(m.Interaction)).all())


def test_the_api_writes_and_reads_the_nested_links(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dawes = person(make, session, "Dame Melanie Dawes")
    officer = user(session, "officer@test.example", name="Sam Officer")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    created = client.post(
        "/api/v1/interactions",
        json={
            **BODY,
            "user_emails": ["Officer@Test.Example"],
            "person_keys": [dawes.key],
            "organisation_keys": ["ofcom"],
            "asks": [{"ask": ask.slug, "discussed": True, "outcome": "Will consider"}],
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["occurred_at"] == "2026-07-14T14:30:00+00:00"  # UTC: 15:30 BST
    assert body["users"] == [{"email": officer.email, "name": "Sam Officer"}]
    assert [p["key"] for p in body["people"]] == [dawes.key]
    assert [o["key"] for o in body["organisations"]] == [ofcom.key]
    assert [(a["slug"], a["outcome"]) for a in body["asks"]] == [(ask.slug, "Will consider")]
    assert body["actions"] == [] and body["response"] is None
    key = body["key"]
    # PATCH changes what it names: the asks are replaced, the rest kept.
    patched = client.patch(f"/api/v1/interactions/{key}", json={"asks": []})
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["asks"] == [] and patched.get_json()["people"] == body["people"]
    owner = session.exec(select(m.User).where(m.User.email == officer.email)).one()
    row = session.exec(select(m.Interaction).where(m.Interaction.key == key)).one()
    session.add(m.FollowUpAction(interaction_id=row.id, description="Write", owner_id=owner.id))
    session.commit()
    shown = client.get(f"/api/v1/interactions/{key}").get_json()
    assert [(a["description"], a["owner"], a["open"]) for a in shown["actions"]] == [
        ("Write", officer.email, True)
    ]
    refused = client.patch(f"/api/v1/interactions/{key}", json={"actions": []})
    assert refused.status_code == 422 and "actions" in refused.get_json()["error"]["fields"]


def test_the_api_refuses_naming_each_field_and_saves_nothing(client, session, make):
    make.ask(title="Publish the codes", slug="publish-the-codes")
    cases = [
        ({"title": ""}, "title"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"kind": "seance"}, "kind"),
        ({"user_emails": ["nobody@test.example"]}, "user_emails"),
        ({"person_keys": ["no-such-person"]}, "person_keys"),
        ({"organisation_keys": ["no-such-org"]}, "organisation_keys"),
        ({"asks": [{"ask": "no-such-ask", "discussed": True}]}, "asks"),
        ({"asks": [{"ask": "publish-the-codes", "outcome": "x" * 2001}]}, "asks.0.outcome"),
    ]
    for change, field in cases:
        response = client.post("/api/v1/interactions", json={**BODY, **change})
        assert response.status_code == 422, (change, response.get_json())
        assert field in response.get_json()["error"]["fields"], (change, response.get_json())
    assert _count(session) == 0


def test_the_api_lists_with_filters(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dawes = person(make, session, "Dame Melanie Dawes")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    interaction(
        make,
        title="Summer",
        occurred_at="2026-07-14T10:00",
        person_keys=[dawes.key],
        organisation_keys=[ofcom.key],
        asks=[{"ask": ask.slug, "discussed": True, "outcome": ""}],
    )
    interaction(make, title="Winter", kind="call", occurred_at="2026-01-05T10:00")

    def titles(query: str) -> list[str]:
        response = client.get(f"/api/v1/interactions?{query}")
        assert response.status_code == 200, response.get_json()
        return [item["title"] for item in response.get_json()["items"]]

    assert titles("") == ["Summer", "Winter"]  # newest first
    assert titles("kind=call") == ["Winter"]
    assert titles(f"person={dawes.key}") == ["Summer"]
    assert titles("organisation=ofcom") == ["Summer"]
    assert titles(f"ask={ask.slug}") == ["Summer"]
    assert titles("from=2026-07-14") == ["Summer"]
    assert titles("to=2026-07-13") == ["Winter"]
    assert client.get("/api/v1/interactions?from=soon").status_code == 400
    assert client.get("/api/v1/interactions?person=nobody").status_code == 400


def test_its_values_round_trip_through_the_form(app, session, make):
    """What revision restores and the write API rely on (tests/revisions/test_formdata.py
    checks the seed's rows the same way)."""
    from campaign.common.formdata import form_values, to_formdata
    from campaign.interactions.entity import ENTITY

    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dawes = person(make, session, "Dame Melanie Dawes")
    officer = user(session, "officer@test.example")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    row = interaction(
        make,
        occurred_at="2026-10-25T01:30",  # the hour that happens twice: the first (BST)
        user_emails=[officer.email],
        person_keys=[dawes.key],
        organisation_keys=[ofcom.key],
        asks=[{"ask": ask.slug, "discussed": True, "outcome": "Line one\nline two"}],
        notes="Internal",
    )
    with app.test_request_context(method="POST"):
        values = ENTITY.values_of(row)
        assert values["occurred_at"] == "2026-10-25T01:30"
        assert values["asks"] == [
            {"ask": ask.slug, "discussed": True, "outcome": "Line one\nline two"}
        ]
        form = ENTITY.bound_form(session, row, to_formdata(values))
        assert form.errors == {}
        assert form_values(form) == values
