"""People (issue 18, first part): a record added through the entity registry. Its pages, API,
bundle section, revisions and site search come from its description; the member id is one
person's on every door."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml
from sqlmodel import select

from campaign.bundles.exporter import export_bundle
from campaign.models import House, Person, PersonKind, Revision

NEW = {"name": "Jo Member", "kind": "mp", "party": "Labour", "house": "commons", "notes": ""}


def _people(session) -> list[Person]:
    session.expire_all()
    return list(session.exec(select(Person).order_by(Person.id)))


def test_a_person_is_written_on_their_page_and_has_a_history(client, session):
    response = client.post(
        "/people/new",
        data={**NEW, "constituency": "Leeds North", "parliament_member_id": "4711"},
    )
    assert response.status_code == 302
    [person] = _people(session)
    assert (person.key, person.kind, person.house) == ("jo-member", PersonKind.MP, House.COMMONS)
    assert (person.constituency, person.parliament_member_id, person.email) == (
        "Leeds North",
        4711,
        "",
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "Leeds North" in page and "House of Commons" in page and ">MP<" in page
    assert f'href="/people/{person.id}/edit#constituency"' in page  # a Change link
    data = {
        **NEW,
        "house": "",
        "email": "jo@example.org",
        "parliament_member_id": "",
        "version": "1",
    }
    assert client.post(f"/people/{person.id}/edit", data=data).status_code == 302
    [person] = _people(session)
    assert (person.house, person.parliament_member_id, person.email) == (
        None,
        None,
        "jo@example.org",
    )
    assert b"jo@example.org" in client.get(f"/people/{person.id}/history").data
    revisions = session.exec(select(Revision).where(Revision.entity == "person")).all()
    assert len(revisions) == 2
    listed = client.get("/people/?kind=mp&party=Labour").get_data(as_text=True)
    assert "Jo Member" in listed
    assert "Jo Member" not in client.get("/people/?house=lords").get_data(as_text=True)


def test_the_page_and_the_api_refuse_the_same_way_naming_the_field(client, session):
    page = client.post("/people/new", data={**NEW, "name": " ", "email": "not an address"})
    assert page.status_code == 422
    assert b'id="name-error"' in page.data and b'id="email-error"' in page.data
    api = client.post("/api/v1/people", json={"kind": "mp", "email": "not an address"})
    assert api.status_code == 422
    assert {"name", "email"} <= set(api.get_json()["error"]["fields"])
    bad_kind = client.post("/api/v1/people", json={"name": "X", "kind": "senator"})
    assert bad_kind.status_code == 422 and "kind" in bad_kind.get_json()["error"]["fields"]
    assert _people(session) == []


def test_the_api_lists_writes_and_nests_the_roles(client, session, make):
    created = client.post(
        "/api/v1/people",
        json={"name": "Lord Example", "kind": "peer", "house": "lords", "parliament_member_id": 12},
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["key"], body["house"], body["parliament_member_id"]) == (
        "lord-example",
        "lords",
        12,
    )
    assert body["roles"] == [] and body["version"] == 1
    assert created.headers["Location"].endswith("/api/v1/people/lord-example")
    patched = client.patch("/api/v1/people/lord-example", json={"party": "Crossbench"})
    assert patched.status_code == 200 and patched.get_json()["party"] == "Crossbench"
    assert patched.get_json()["parliament_member_id"] == 12  # kept: not in the PATCH
    listed = client.get("/api/v1/people?kind=peer&house=lords").get_json()
    assert [item["key"] for item in listed["items"]] == ["lord-example"]
    assert client.get("/api/v1/people?house=commons").get_json()["items"] == []
    assert client.get("/api/v1/people?kind=senator").status_code == 400


def test_a_parliament_member_id_is_one_persons_on_every_door(client, session):
    first = client.post("/people/new", data={**NEW, "parliament_member_id": "172"})
    assert first.status_code == 302
    message = "Parliament member id 172 already belongs to “Jo Member”."
    page = client.post("/people/new", data={**NEW, "name": "Other", "parliament_member_id": "172"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'id="parliament_member_id-error"' in html and message in html
    api = client.post(
        "/api/v1/people", json={"name": "Other", "kind": "mp", "parliament_member_id": 172}
    )
    assert api.status_code == 422
    assert api.get_json()["error"]["fields"]["parliament_member_id"] == [message]
    other = client.post("/api/v1/people", json={"name": "Other", "kind": "mp"})
    assert other.status_code == 201
    patched = client.patch("/api/v1/people/other", json={"parliament_member_id": 172})
    assert patched.status_code == 422
    assert patched.get_json()["error"]["fields"]["parliament_member_id"] == [message]
    [jo, other_row] = _people(session)
    edit = {**NEW, "name": "Other", "parliament_member_id": "172", "version": "1"}
    refused = client.post(f"/people/{other_row.id}/edit", data=edit)
    assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    # Saving a person with their own id again is no clash.
    same = {**NEW, "parliament_member_id": "172", "notes": "Met once.", "version": "1"}
    assert client.post(f"/people/{jo.id}/edit", data=same).status_code == 302
    assert [p.parliament_member_id for p in _people(session)] == [172, None]
    assert client.post("/people/new", data={**NEW, "parliament_member_id": "0"}).status_code == 422


def _add_role(client, person, **data):
    form = {
        "role_action": "add",
        "title": "",
        "organisation_id": "",
        "started_on": "",
        "ended_on": "",
    }
    return client.post(f"/people/{person.id}/edit", data={**form, **data})


def _end_role(client, person, role_id, ended_on):
    data = {"role_action": "end", "role_id": str(role_id), f"end-{role_id}-ended_on": ended_on}
    return client.post(f"/people/{person.id}/edit", data=data)


def test_an_mp_who_becomes_a_minister_keeps_the_first_role_ended(app, client, session, make):
    app.config["CLOCK"] = lambda: datetime(2025, 10, 1, 12, tzinfo=UTC)
    office = make.organisation(name="Home Office", key="home-office")
    client.post("/people/new", data=NEW)
    [person] = _people(session)
    added = _add_role(client, person, title="MP for Leeds North", started_on="2019-12-12")
    assert added.status_code == 302 and added.location.endswith(f"/people/{person.id}#roles")
    [mp] = _people(session)[0].roles
    assert _end_role(client, person, mp.id, "2025-09-05").status_code == 302
    minister = _add_role(
        client,
        person,
        title="Minister for Safeguarding",
        organisation_id=str(office.id),
        organisation_id_find="Home Office",
        started_on="2025-09-06",
    )
    assert minister.status_code == 302
    body = client.get("/api/v1/people/jo-member").get_json()
    assert [(r["title"], r["started_on"], r["ended_on"], r["current"]) for r in body["roles"]] == [
        ("Minister for Safeguarding", "2025-09-06", None, True),
        ("MP for Leeds North", "2019-12-12", "2025-09-05", False),
    ]
    assert body["roles"][0]["organisation"]["key"] == "home-office"
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    roles = page[page.index('id="roles"') :]
    assert roles.index("Minister for Safeguarding") < roles.index("MP for Leeds North")
    listed = client.get("/people/").get_data(as_text=True)
    assert "Minister for Safeguarding" in listed and "Home Office" in listed
    assert "MP for Leeds North" not in listed
    # A role ending after today is still held; its end is shown.
    _add_role(client, person, title="Chair, APPG", started_on="2024-01-01", ended_on="2025-12-31")
    body = client.get("/api/v1/people/jo-member").get_json()
    assert [r["title"] for r in body["roles"] if r["current"]] == [
        "Minister for Safeguarding",
        "Chair, APPG",
    ]


def test_role_forms_refuse_what_makes_no_sense_and_only_editors_see_them(
    app, client, client_as, session
):
    app.config["CLOCK"] = lambda: datetime(2025, 10, 1, 12, tzinfo=UTC)
    client.post("/people/new", data=NEW)
    [person] = _people(session)
    refused = _add_role(client, person, started_on="2025-02-01", ended_on="2025-01-01")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="title-error"' in html and "The end must be on or after the start." in html
    assert _add_role(client, person, title="MP", started_on="2020-01-01").status_code == 302
    [role] = _people(session)[0].roles
    early = _end_role(client, person, role.id, "2019-01-01")
    assert early.status_code == 422
    assert f'id="end-{role.id}-ended_on-error"' in early.get_data(as_text=True)
    assert _end_role(client, person, role.id + 1, "2025-01-01").status_code == 404
    assert _people(session)[0].roles[0].ended_on is None
    viewer = client_as("viewer")
    page = viewer.get(f"/people/{person.id}").get_data(as_text=True)
    assert "MP" in page and "Add a role" not in page and "End role" not in page
    assert _add_role(viewer, person, title="Sneaky").status_code == 403
    assert _end_role(viewer, person, role.id, "2025-01-01").status_code == 403
    assert "Add a role" in client.get(f"/people/{person.id}").get_data(as_text=True)


def test_people_are_found_by_name_and_by_their_roles_organisation(client, session, make):
    regulator = make.organisation(name="Quuxregulator", key="quuxregulator")
    client.post("/people/new", data={**NEW, "name": "Quuxname Person", "kind": "regulator_staff"})
    [person] = _people(session)
    _add_role(client, person, title="Director", organisation_id=str(regulator.id))
    by_name = client.get("/api/v1/search?q=quuxname").get_json()["items"]
    assert [(i["type"], i["key"]) for i in by_name] == [("person", "quuxname-person")]
    by_org = client.get("/api/v1/search?q=quuxregulator").get_json()["items"]
    assert ("person", "quuxname-person") in [(i["type"], i["key"]) for i in by_org]


def test_people_go_through_a_bundle_and_back(app, runner, session, tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\npeople:\n"
        "  - key: jo\n    name: Jo Member\n    kind: mp\n    party: Labour\n    house: commons\n"
        "  - key: old\n    name: Old Contact\n    kind: journalist\n    archived: true\n"
        "  - key: bad\n    name: Bad\n    kind: senator\n    email: nope\n"
    )
    refused = runner.invoke(args=["import-bundle", str(path)])
    assert refused.exit_code != 0
    assert "people[2].kind" in refused.output and "people[2].email" in refused.output
    assert _people(session) == []
    path.write_text(path.read_text().split("  - key: bad")[0])
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        exported = yaml.safe_load(export_bundle(session))
    assert exported["people"] == [
        {"key": "jo", "name": "Jo Member", "kind": "mp", "party": "Labour", "house": "commons"},
        {"key": "old", "name": "Old Contact", "kind": "journalist", "archived": True},
    ]
