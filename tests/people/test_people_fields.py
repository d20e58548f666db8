"""A person's tags (the asks' vocabulary), lawful basis and data source through every door:
the page, the API (with `?tag=`), bundles and revisions; and `?q=` finding a person by the
title of a role."""

from __future__ import annotations

import yaml
from sqlmodel import func, select

from campaign.bundles.exporter import export_bundle
from campaign.models import LawfulBasis, Person, PersonRole, Revision, Tag

NEW = {"name": "Jo Member", "kind": "mp", "notes": ""}


def _person(session, key: str = "jo-member") -> Person:
    session.expire_all()
    return session.exec(select(Person).where(Person.key == key)).one()


def test_tags_lawful_basis_and_source_are_written_on_the_page(client, session):
    session.add(Tag(name="encryption"))  # an ask's tag already: shared, not duplicated
    session.commit()
    form = client.get("/people/new").get_data(as_text=True)
    assert 'name="tag_names"' in form and 'name="lawful_basis"' in form
    assert 'name="data_source"' in form and 'value="legitimate_interests" selected' in form

    response = client.post(
        "/people/new",
        data={
            **NEW,
            "tag_names": "Select  Committee, encryption, ENCRYPTION",
            "lawful_basis": "consent",
            "data_source": "Their business card.",
        },
    )

    assert response.status_code == 302
    person = _person(session)
    assert [t.name for t in person.tags] == ["encryption", "select committee"]
    assert (person.lawful_basis, person.data_source) == (
        LawfulBasis.CONSENT,
        "Their business card.",
    )
    assert session.exec(select(func.count()).select_from(Tag)).one() == 2
    edit = client.get(f"/people/{person.id}/edit").get_data(as_text=True)
    assert 'value="encryption, select committee"' in edit


def test_a_change_of_tags_alone_is_one_new_version_with_a_revision(client, session):
    client.post("/people/new", data={**NEW, "tag_names": "encryption"})
    person = _person(session)
    data = {**NEW, "tag_names": "encryption, grooming", "version": "1"}

    assert client.post(f"/people/{person.id}/edit", data=data).status_code == 302

    person = _person(session)
    assert person.version == 2 and [t.name for t in person.tags] == ["encryption", "grooming"]
    revisions = session.exec(select(Revision).where(Revision.entity == "person")).all()
    assert len(revisions) == 2
    assert "grooming" in client.get(f"/people/{person.id}/history").get_data(as_text=True)
    # Saving the same tags again changes nothing.
    same = {**data, "version": "2"}
    assert client.post(f"/people/{person.id}/edit", data=same).status_code == 302
    assert _person(session).version == 2


def test_the_api_shows_writes_and_filters_by_tag(client, session):
    created = client.post(
        "/api/v1/people",
        json={
            "name": "Lord Example",
            "kind": "peer",
            "tag_names": "select committee, encryption",
            "lawful_basis": "public_task",
            "data_source": "Hansard.",
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["tags"] == ["encryption", "select committee"]
    assert (body["lawful_basis"], body["data_source"]) == ("public_task", "Hansard.")
    client.post("/api/v1/people", json={"name": "Other", "kind": "journalist"})
    patched = client.patch("/api/v1/people/other", json={"tag_names": "encryption"})
    assert patched.status_code == 200 and patched.get_json()["tags"] == ["encryption"]
    assert patched.get_json()["lawful_basis"] == "legitimate_interests"  # the default

    def keys(query: str) -> list[str]:
        return [item["key"] for item in client.get(f"/api/v1/people?{query}").get_json()["items"]]

    assert keys("tag=encryption") == ["lord-example", "other"]
    assert keys("tag=select+committee") == ["lord-example"]
    assert keys("lawful_basis=public_task") == ["lord-example"]
    missing = client.get("/api/v1/people?tag=nope")
    assert missing.status_code == 400 and "no tag named 'nope'" in missing.get_data(as_text=True)


def test_every_door_refuses_a_bad_basis_or_tag_by_name_and_saves_nothing(client, session):
    long_tag = "x" * 61
    page = client.post("/people/new", data={**NEW, "lawful_basis": "because"})
    assert page.status_code == 422 and b'id="lawful_basis-error"' in page.data
    page = client.post("/people/new", data={**NEW, "tag_names": f"ok, {long_tag}"})
    assert page.status_code == 422 and b'id="tag_names-error"' in page.data
    api = client.post("/api/v1/people", json={**NEW, "lawful_basis": "because"})
    assert api.status_code == 422 and "lawful_basis" in api.get_json()["error"]["fields"]
    api = client.post("/api/v1/people", json={**NEW, "tag_names": long_tag})
    assert api.status_code == 422
    assert api.get_json()["error"]["fields"]["tag_names"] == [
        f"Keep each tag to 60 characters: “{long_tag}” is too long."
    ]
    assert session.exec(select(func.count()).select_from(Person)).one() == 0
    assert session.exec(select(func.count()).select_from(Tag)).one() == 0


def test_the_bundle_section_carries_the_basis_and_the_source(app, runner, session, tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\npeople:\n"
        "  - key: jo\n    name: Jo Member\n    kind: mp\n    lawful_basis: consent\n"
        "    data_source: Met at conference.\n"
        "  - key: bad\n    name: Bad\n    kind: mp\n    lawful_basis: because\n"
    )
    refused = runner.invoke(args=["import-bundle", str(path)])
    assert refused.exit_code != 0 and "people[1].lawful_basis" in refused.output
    path.write_text(path.read_text().split("  - key: bad")[0])

    assert runner.invoke(args=["import-bundle", str(path)]).exit_code == 0

    person = _person(session, "jo")
    assert (person.lawful_basis, person.data_source) == (LawfulBasis.CONSENT, "Met at conference.")
    with app.app_context():
        exported = yaml.safe_load(export_bundle(session))
    assert exported["people"] == [
        {
            "key": "jo",
            "name": "Jo Member",
            "kind": "mp",
            "lawful_basis": "consent",
            "data_source": "Met at conference.",
        }
    ]


def test_a_search_finds_a_person_by_a_roles_title(client, session):
    for name in ("Jo Member", "Sam Official", "Pat Reporter"):
        client.post("/api/v1/people", json={"name": name, "kind": "other"})
    jo, sam = _person(session), _person(session, "sam-official")
    session.add_all(
        [
            PersonRole(person_id=jo.id, title="Minister for Safeguarding"),
            PersonRole(person_id=sam.id, title="Head of Safeguarding Policy"),
        ]
    )
    session.commit()

    def found(q: str) -> list[str]:
        answer = client.get("/api/v1/people", query_string={"q": q}).get_json()
        return [item["key"] for item in answer["items"]]

    assert found("minister for SAFEGUARDING") == ["jo-member"]
    assert found("safeguarding") == ["jo-member", "sam-official"]
    assert found("Reporter") == ["pat-reporter"]  # their own columns still
    assert found("Chief Executive") == []
