"""A person's personal data (issue 18): everything held about them in one JSON file, and
erasure, which leaves a tombstone ("Erased person") that nothing can change back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import MetaData
from sqlalchemy import select as sa_select
from sqlmodel import select

from campaign.models import (
    AuditEvent,
    AuditKind,
    Interaction,
    Person,
    PersonRole,
    PersonTag,
    Revision,
    Stance,
)
from campaign.people import personal_data
from tests.support.people_records import PeopleRecords

SECRET_NAME = "Zebedee Quillfeather"
EMAIL = "zebedee@example.org"


@pytest.fixture
def people(session):
    return PeopleRecords(session)


@pytest.fixture
def held(client, session, make, people):
    """A person made on the page, edited once, then tagged (three revisions), with a role, a
    stance with evidence, a meeting with another person and a user, and a commitment."""
    created = client.post(
        "/people/new",
        data={"name": SECRET_NAME, "kind": "mp", "party": "Labour", "email": EMAIL, "notes": ""},
    )
    assert created.status_code == 302
    person = session.exec(select(Person).where(Person.name == SECRET_NAME)).one()
    edit = {
        "name": SECRET_NAME,
        "kind": "mp",
        "party": "Labour",
        "email": EMAIL,
        "phone": "020 7946 0000",
        "constituency": "Leeds North",
        "notes": "Prefers e-mail.",
        "parliament_member_id": "4711",
        "version": "1",
    }
    assert client.post(f"/people/{person.id}/edit", data=edit).status_code == 302
    session.refresh(person)
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Close the loophole", slug="loophole")
    people.role(person, title="Shadow Minister", organisation_id=ofcom.id)
    people.tag(person, "encryption")
    people.stance(person, ask, evidence="Said so at the meeting with Zebedee.")
    other = people.person(name="Ada Other", email="ada@example.org")
    meeting = people.interaction(person, other, title="Portcullis House", asks=[(ask, "Agreed")])
    people.commitment(person, title="Will write to the minister")
    return {"person": person, "ask": ask, "meeting": meeting, "other": other}


def _export(client, person):
    response = client.post(f"/people/{person.id}/export")
    assert response.status_code == 200, response.data
    return response, json.loads(response.data)


def test_the_export_holds_everything_about_them(client, session, held):
    person = held["person"]
    response, data = _export(client, person)
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    record = data["person"]
    assert (record["name"], record["email"], record["phone"], record["notes"]) == (
        SECRET_NAME,
        EMAIL,
        "020 7946 0000",
        "Prefers e-mail.",
    )
    assert record["parliament_member_id"] == 4711
    assert record["lawful_basis"] == "legitimate_interests"
    assert record["tags"] == ["encryption"]
    assert [(r["title"], r["organisation"]) for r in record["roles"]] == [
        ("Shadow Minister", "Ofcom")
    ]
    [stance] = data["stances"]
    assert (stance["ask"], stance["stance"]) == ("loophole", "supporter")
    assert stance["evidence"].startswith("Said so")
    [meeting] = data["interactions"]
    assert meeting["title"] == "Portcullis House"
    assert meeting["other_attendees"] == ["Ada Other"]  # named only
    assert meeting["asks"] == [{"ask": "loophole", "outcome": "Agreed"}]
    assert "ada@example.org" not in response.get_data(as_text=True)
    assert [c["title"] for c in data["commitments"]] == ["Will write to the minister"]
    assert [r["version"] for r in data["revisions"]] == [1, 2, 3]
    assert data["revisions"][1]["changes"]["phone"] == ["", "020 7946 0000"]
    events = session.exec(
        select(AuditEvent).where(AuditEvent.kind == AuditKind.PERSON_EXPORTED)
    ).all()
    assert [(e.subject, e.actor_email) for e in events] == [
        (f"person {person.id}", "admin-cleared@test.example")
    ]
    # A second export lists the first one among the audit events about them.
    _, again = _export(client, person)
    assert [e["kind"] for e in again["audit_events"]] == ["person_exported"]


def test_viewers_may_not_export_and_only_admins_may_erase(client_as, held):
    person = held["person"]
    assert client_as("viewer").post(f"/people/{person.id}/export").status_code == 403
    editor = client_as("editor")
    assert editor.post(f"/people/{person.id}/export").status_code == 200
    assert editor.get(f"/people/{person.id}/erase").status_code == 403
    assert editor.post(f"/people/{person.id}/erase").status_code == 403
    assert client_as("viewer").get(f"/people/{person.id}/erase").status_code == 403


def test_the_confirmation_page_says_what_will_happen(client, held):
    person = held["person"]
    page = client.get(f"/people/{person.id}/erase").get_data(as_text=True)
    assert f"<h1>Erase {SECRET_NAME}?</h1>" in page
    assert "remove their 1 role and 1 tag" in page
    assert "delete the 3 versions in their record’s history" in page
    assert "blank the evidence text of their 1 stance" in page
    assert "Portcullis House" in page and "Will write to the minister" in page
    assert 'name="csrf_token"' in page
    # Nothing changes until the POST.
    _, data = _export(client, person)
    assert data["person"]["name"] == SECRET_NAME


def _every_text_in_the_database(session) -> str:
    metadata = MetaData()
    metadata.reflect(bind=session.connection())
    texts = []
    for table in metadata.sorted_tables:
        if table.name.startswith(("search", "site_search", "alembic")):
            continue
        for row in session.connection().execute(sa_select(table)):
            texts.append(" ".join(str(value) for value in row))
    return "\n".join(texts)


def test_erasure_leaves_a_tombstone_holding_nothing_about_them(client, session, held):
    person, meeting = held["person"], held["meeting"]
    assert SECRET_NAME in _every_text_in_the_database(session)
    response = client.post(f"/people/{person.id}/erase")
    assert response.status_code == 302
    assert response.location.endswith(f"/people/{person.id}")
    session.expire_all()
    tomb = session.get(Person, person.id)
    assert tomb.name == "Erased person" and tomb.key == f"erased-person-{person.id}"
    assert (tomb.email, tomb.phone, tomb.notes, tomb.party, tomb.constituency) == ("",) * 5
    assert (tomb.parliament_member_id, tomb.house, tomb.data_source) == (None, None, "")
    assert tomb.erased_at is not None and tomb.archived_at is not None
    assert session.exec(select(PersonRole).where(PersonRole.person_id == person.id)).all() == []
    assert session.exec(select(PersonTag).where(PersonTag.person_id == person.id)).all() == []
    assert (
        session.exec(
            select(Revision).where(Revision.entity == "person", Revision.entity_id == person.id)
        ).all()
        == []
    )
    [stance] = session.exec(select(Stance).where(Stance.person_id == person.id)).all()
    assert (stance.evidence, stance.stance.value) == ("", "supporter")  # the shape stays
    attendees = session.get(Interaction, meeting.id).people
    assert sorted(p.name for p in attendees) == ["Ada Other", "Erased person"]
    everything = _every_text_in_the_database(session)
    for held_value in (SECRET_NAME, "Zebedee", EMAIL, "020 7946 0000", "Prefers e-mail"):
        assert held_value not in everything, held_value
    [event] = session.exec(
        select(AuditEvent).where(AuditEvent.kind == AuditKind.PERSON_ERASED)
    ).all()
    assert event.subject == f"person {person.id}"
    assert event.detail["person_id"] == person.id
    assert event.detail["new_key"] == f"erased-person-{person.id}"
    assert personal_data.erased_fingerprints(session, "member") == {
        personal_data.fingerprint("member", 4711)
    }
    assert personal_data.erased_fingerprints(session, "key") == {
        personal_data.fingerprint("key", "zebedee-quillfeather")
    }
    assert "4711" not in str(event.detail) and "zebedee" not in str(event.detail)


def test_an_erased_person_is_out_of_lists_and_search_and_cannot_be_changed(client, session, held):
    person = held["person"]
    assert SECRET_NAME in client.get("/people/").get_data(as_text=True)
    client.post(f"/people/{person.id}/erase")
    listed = client.get("/people/").get_data(as_text=True)
    assert "Erased person" not in listed and SECRET_NAME not in listed
    assert "Ada Other" in listed
    assert SECRET_NAME not in client.get("/search/?q=Zebedee").get_data(as_text=True)
    assert "Erased person" not in client.get("/search/?q=Erased").get_data(as_text=True)
    # Every door that changes the record is closed.
    edit = client.post(
        f"/people/{person.id}/edit", data={"name": "Back again", "kind": "mp", "version": "2"}
    )
    assert edit.status_code == 302 and edit.location.endswith(f"/people/{person.id}")
    assert client.post(f"/people/{person.id}/restore").status_code == 302
    patched = client.patch(f"/api/v1/people/erased-person-{person.id}", json={"name": "Back"})
    assert patched.status_code == 422
    assert "has been erased" in json.dumps(patched.get_json())
    again = client.get(f"/people/{person.id}/erase")
    assert again.status_code == 302
    session.expire_all()
    tomb = session.get(Person, person.id)
    assert (tomb.name, tomb.archived_at is not None) == ("Erased person", True)
    _, data = _export(client, tomb)
    assert data["person"]["name"] == "Erased person" and data["revisions"] == []


def test_the_page_controls_follow_the_roles(app, session, held):
    from flask import render_template
    from flask_login import login_user

    from tests.support.accounts import ensure_user

    person = held["person"]

    def controls(role: str) -> str:
        user = ensure_user(app, role, False)
        with app.test_request_context():
            login_user(user)
            return render_template("people/_personal_data.html", person=person)

    assert controls("viewer").strip() == ""  # nothing for a viewer to do
    editor = controls("editor")
    assert "Export their data" in editor and "Erase this person" not in editor
    admin = controls("admin")
    assert f'action="/people/{person.id}/export"' in admin
    assert f'href="/people/{person.id}/erase"' in admin
    person.erased_at = datetime(2026, 12, 1, 12, tzinfo=UTC)
    erased = controls("admin")
    assert "erased on 1 December 2026" in erased and "Export their data" not in erased


def test_the_commands_export_and_erase(runner, session, held):
    person = held["person"]
    result = runner.invoke(args=["export-person", person.key])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["person"]["email"] == EMAIL
    assert runner.invoke(args=["export-person", "nobody"]).exit_code == 1
    refused = runner.invoke(args=["erase-person", person.key])
    assert refused.exit_code == 1 and "--yes" in refused.output
    session.expire_all()
    assert session.get(Person, person.id).name == SECRET_NAME
    erased = runner.invoke(args=["erase-person", person.key, "--yes"])
    assert erased.exit_code == 0, erased.output
    assert SECRET_NAME not in erased.output
    session.expire_all()
    assert session.get(Person, person.id).name == "Erased person"
    twice = runner.invoke(args=["erase-person", f"erased-person-{person.id}", "--yes"])
    assert twice.exit_code == 1 and "already been erased" in twice.output
    kinds = session.exec(select(AuditEvent.kind).order_by(AuditEvent.id)).all()
    assert kinds == [AuditKind.PERSON_EXPORTED, AuditKind.PERSON_ERASED]


def test_a_bundle_cannot_change_the_tombstone(runner, session, tmp_path, held):
    person = held["person"]
    assert runner.invoke(args=["erase-person", person.key, "--yes"]).exit_code == 0
    key = f"erased-person-{person.id}"
    path = tmp_path / "people.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\npeople:\n"
        f"  - key: {key}\n    name: Erased person\n    kind: mp\n    archived: true\n"
    )
    same = runner.invoke(args=["import-bundle", str(path)])
    assert same.exit_code == 0, same.output  # the tombstone as it is: nothing changes
    path.write_text(path.read_text().replace("name: Erased person", f"name: {SECRET_NAME}"))
    changed = runner.invoke(args=["import-bundle", str(path)])
    assert changed.exit_code == 1  # a row error (tests/bundles/test_people_erased.py)
    assert f"people[0].name: '{key}' has been erased" in changed.output
    session.expire_all()
    assert session.get(Person, person.id).name == "Erased person"


def test_the_lawful_basis_and_source_are_among_the_facts(client, session, held):
    person = held["person"]
    person.data_source = "Their business card, 3 March 2026"
    session.commit()
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    facts = page[page.index('class="govuk-summary-list facts"') :]
    facts = facts[: facts.index("</dl>")]
    assert "Lawful basis" in facts and "Legitimate interests" in facts
    assert "Their business card, 3 March 2026" in facts
    assert f'href="/people/{person.id}/edit#lawful_basis' in facts  # a Change link to it
