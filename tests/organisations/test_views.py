from sqlmodel import select

from campaign.models import Organisation


def test_create_organisation_with_parent(client, session, make):
    meta = make.organisation(name="Meta", key="meta", kind="company")
    response = client.post(
        "/organisations/new",
        data={"name": "Instagram", "kind": "company", "parent_id": str(meta.id)},
    )
    assert response.status_code == 302
    instagram = session.exec(select(Organisation).where(Organisation.name == "Instagram")).one()
    assert instagram.parent_id == meta.id
    assert instagram.key == "instagram"
    page = client.get(response.location)
    assert b"Part of" in page.data and b"Meta" in page.data


def test_missing_name_is_refused_beside_the_field(client, session):
    response = client.post("/organisations/new", data={"name": "", "kind": "company"})
    assert response.status_code == 422
    assert b'id="name-error"' in response.data
    assert session.exec(select(Organisation)).all() == []


def test_an_organisation_cannot_be_its_own_ancestor(client, session, make):
    meta = make.organisation(name="Meta", kind="company")
    instagram = make.organisation(name="Instagram", kind="company", parent_id=meta.id)
    response = client.post(
        f"/organisations/{meta.id}/edit",
        data={"name": "Meta", "kind": "company", "parent_id": str(instagram.id)},
    )
    assert response.status_code == 422
    assert "part of itself" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Organisation, meta.id).parent_id is None


def test_archive_hides_and_restore_brings_back(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    assert b"Ofcom" in client.get("/organisations/").data
    archived = client.post(f"/organisations/{ofcom.id}/archive", follow_redirects=True)
    assert "Archived on" in archived.get_data(as_text=True)
    assert b"Ofcom" not in client.get("/organisations/").data
    assert b"Ofcom" in client.get("/organisations/?archived=1").data
    client.post(f"/organisations/{ofcom.id}/restore", follow_redirects=True)
    assert b"Ofcom" in client.get("/organisations/").data


def test_list_filters_sorts_and_paginates(make_app, session, make):
    app = make_app(PER_PAGE=2)
    for name in ("Charlie", "Alpha", "Bravo"):
        make.organisation(name=name, kind="company")
    make.organisation(name="Delta", kind="regulator")
    client = app.test_client()
    text = client.get("/organisations/?kind=company&sort=-name").get_data(as_text=True)
    assert text.index("Charlie") < text.index("Bravo")
    assert "Alpha" not in text and "Delta" not in text and "Page 1 of 2" in text
    assert "Alpha" in client.get("/organisations/?kind=company&sort=-name&page=2").get_data(
        as_text=True
    )
    assert "Delta" in client.get("/organisations/?q=delt").get_data(as_text=True)


def test_unknown_filter_values_match_nothing_rather_than_fail(client, make):
    make.organisation(name="Ofcom", kind="regulator")
    response = client.get("/organisations/?kind=bogus")
    assert response.status_code == 200
    assert "No organisations match." in response.get_data(as_text=True)


def test_a_website_must_be_a_web_address(client, session):
    response = client.post(
        "/organisations/new",
        data={"name": "Evil", "kind": "other", "website": "javascript://example.com/%0aalert(1)"},
    )
    assert response.status_code == 422
    assert "starting http:// or https://" in response.get_data(as_text=True)
    assert session.exec(select(Organisation)).all() == []


def test_part_of_is_a_chooser(client, session, make):
    # "Part of" finds the parent by name (docs/choosers.md), never lists every organisation,
    # keeps an archived parent only as the current one, and still refuses the organisation
    # itself.
    from datetime import UTC, datetime

    from tests.sources.test_chooser import Controls

    meta = make.organisation(name="Meta Platforms", kind="company")
    make.organisation(name="Metropolitan Police", kind="regulator")
    form = client.get("/organisations/new").get_data(as_text=True)
    assert 'name="parent_id_find"' in form and "Metropolitan Police" not in form

    offered = client.post(
        "/organisations/new", data={"name": "Instagram", "kind": "company", "parent_id_find": "met"}
    )
    assert offered.status_code == 422
    assert "Choose one of the 2 organisations matching “met”." in offered.text
    assert Controls(offered.text).inputs["name"] == "Instagram"
    chosen = client.post(
        "/organisations/new",
        data={"name": "Instagram", "kind": "company", "parent_id_find": "meta platforms"},
    )
    assert chosen.status_code == 302
    instagram = session.exec(select(Organisation).where(Organisation.name == "Instagram")).one()
    assert instagram.parent_id == meta.id

    meta.archived_at = datetime(2025, 1, 1, tzinfo=UTC)
    session.add(meta)
    session.commit()
    kept = client.post(
        f"/organisations/{instagram.id}/edit",
        data={"name": "Instagram", "kind": "company", "parent_id": str(meta.id)},
    )
    assert kept.status_code == 302
    itself = client.post(
        f"/organisations/{meta.id}/edit",
        data={"name": "Meta Platforms", "kind": "company", "parent_id": str(meta.id)},
    )
    assert itself.status_code == 422
