import re

from sqlmodel import select

from campaign.models import Ask, AskStatus, Priority, Tag


def _ask(session, slug):
    session.expire_all()
    return session.exec(select(Ask).where(Ask.slug == slug)).one()


def _form(**overrides):
    data = {
        "title": "End-to-end encryption must not stop child protection",
        "slug": "",
        "summary": "Meta should **keep** detection working.",
        "status": "active",
        "priority": "high",
        "owner": "Priya Shah",
        "owner_email": "priya@example.org",
        "tag_names": "",
    }
    data.update(overrides)
    return data


def test_create_an_ask_with_targets_and_tags(client, session, make):
    meta = make.organisation(name="Meta", kind="company")
    ofcom = make.organisation(name="Ofcom")
    response = client.post(
        "/asks/new",
        data=_form(
            target_ids=[str(meta.id), str(ofcom.id)],
            tag_names="Encryption,  Illegal   HARMS codes, encryption, ",
        ),
    )
    assert response.status_code == 302
    assert response.location.endswith("/asks/end-to-end-encryption-must-not-stop-child-protection")
    ask = _ask(session, "end-to-end-encryption-must-not-stop-child-protection")
    assert ask.status is AskStatus.ACTIVE and ask.priority is Priority.HIGH
    assert ask.owner == "Priya Shah" and ask.owner_email == "priya@example.org"
    assert [o.name for o in ask.targets] == ["Meta", "Ofcom"]
    assert [t.name for t in ask.tags] == ["encryption", "illegal harms codes"]
    page = client.get(response.location).get_data(as_text=True)
    assert "Created ask" in page
    assert "<strong>keep</strong>" in page


def test_existing_tags_are_reused_not_duplicated(client, session, make):
    make.ask(title="First", slug="first")
    client.post("/asks/new", data=_form(title="One", tag_names="encryption"))
    client.post("/asks/new", data=_form(title="Two", tag_names="Encryption, age checks"))
    assert sorted(session.exec(select(Tag.name)).all()) == ["age checks", "encryption"]
    assert [t.name for t in _ask(session, "two").tags] == ["age checks", "encryption"]


def test_missing_title_and_bad_email_are_refused_beside_the_fields(client, session):
    response = client.post("/asks/new", data=_form(title="", owner_email="not-an-email"))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert 'id="title-error"' in text and 'id="owner_email-error"' in text
    assert re.search(r'aria-describedby="[^"]*\btitle-error"', text)  # the field names its error
    assert session.exec(select(Ask)).all() == []


def test_bad_slug_is_refused_beside_the_field(client, session):
    for slug in ("Has Capitals", "trailing-", "under_score"):
        response = client.post("/asks/new", data=_form(slug=slug))
        assert response.status_code == 422
        assert 'id="slug-error"' in response.get_data(as_text=True)
    assert session.exec(select(Ask)).all() == []


def test_reserved_slug_is_refused_and_never_generated(client, session):
    response = client.post("/asks/new", data=_form(slug="new"))
    assert response.status_code == 422
    assert "reserved" in response.get_data(as_text=True)
    assert session.exec(select(Ask)).all() == []
    response = client.post("/asks/new", data=_form(title="New"))
    assert response.status_code == 302
    assert not response.location.endswith("/asks/new")
    assert session.exec(select(Ask.slug)).one() == "new-ask"


def test_generated_slugs_are_unique(client, session):
    for _ in range(3):
        assert client.post("/asks/new", data=_form(title="Age checks")).status_code == 302
    assert sorted(session.exec(select(Ask.slug)).all()) == [
        "age-checks",
        "age-checks-2",
        "age-checks-3",
    ]


def test_a_chosen_slug_must_be_unique(client, session, make):
    make.ask(title="Existing", slug="age-checks")
    response = client.post("/asks/new", data=_form(title="Other", slug="age-checks"))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert 'id="slug-error"' in text and "already uses" in text
    assert len(session.exec(select(Ask)).all()) == 1


def test_unknown_target_is_refused(client, session, make):
    response = client.post("/asks/new", data=_form(target_ids=["999999"]))
    assert response.status_code == 422
    assert 'id="target_ids_find-error"' in response.get_data(as_text=True)
    assert session.exec(select(Ask)).all() == []


def test_archived_organisations_are_not_offered_as_targets(client, make):
    make.organisation(name="Active Org")
    make.organisation(name="Another Org")
    make.organisation(name="Gone Org", archived_at=_past())
    text = client.get("/asks/new").get_data(as_text=True)
    # Targets is a chooser (docs/choosers.md): no organisation is listed until searched for
    assert 'name="target_ids_find"' in text
    assert "Active Org" not in text and "Gone Org" not in text
    found = client.post("/asks/new", data=_form(target_ids_find="org")).get_data(as_text=True)
    assert "Choose one of the 2 organisations matching “org”." in found
    assert "Active Org" in found and "Another Org" in found and "Gone Org" not in found


def test_edit_prefills_targets_and_tags_and_saves_changes(client, session, make):
    meta = make.organisation(name="Meta", kind="company")
    ofcom = make.organisation(name="Ofcom")
    client.post("/asks/new", data=_form(title="Age checks", target_ids=[str(meta.id)]))
    client.post(
        "/asks/age-checks/edit",
        data=_form(title="Age checks", target_ids=[str(meta.id)], tag_names="age, safety"),
    )
    form = client.get("/asks/age-checks/edit").get_data(as_text=True)
    assert re.search(
        rf'name="target_ids" value="{meta.id}" checked[^>]*>\s*<label[^>]*>Meta</label>', form
    )
    assert "Ofcom" not in form
    assert 'value="age, safety"' in form

    response = client.post(
        "/asks/age-checks/edit",
        data=_form(
            title="Robust age checks",
            slug="robust-age-checks",
            target_ids=[str(ofcom.id)],
            tag_names="safety",
            status="met",
        ),
    )
    assert response.status_code == 302
    assert response.location.endswith("/asks/robust-age-checks")
    ask = _ask(session, "robust-age-checks")
    assert ask.title == "Robust age checks" and ask.status is AskStatus.MET
    assert [o.name for o in ask.targets] == ["Ofcom"]
    assert [t.name for t in ask.tags] == ["safety"]
    assert client.get("/asks/age-checks").status_code == 404


def test_a_blank_slug_on_edit_keeps_the_address(client, session, make):
    make.ask(title="Age checks", slug="age-checks")
    response = client.post("/asks/age-checks/edit", data=_form(title="Renamed", slug=""))
    assert response.status_code == 302
    assert _ask(session, "age-checks").title == "Renamed"


def test_a_refused_edit_changes_nothing(client, session, make):
    make.ask(title="Taken", slug="taken")
    make.ask(title="Age checks", slug="age-checks", summary="Before")
    response = client.post(
        "/asks/age-checks/edit", data=_form(title="After", slug="taken", summary="After")
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert 'id="slug-error"' in text
    assert 'href="/asks/age-checks"' in text  # "Cancel" still points at the real address
    ask = _ask(session, "age-checks")
    assert ask.title == "Age checks" and ask.summary == "Before"


def test_an_ask_keeps_an_archived_target_when_edited(client, session, make):
    gone = make.organisation(name="Gone Org")
    client.post("/asks/new", data=_form(title="Age checks", target_ids=[str(gone.id)]))
    gone.archived_at = _past()
    make.link(gone)
    form = client.get("/asks/age-checks/edit").get_data(as_text=True)
    assert re.search(
        rf'name="target_ids" value="{gone.id}" checked[^>]*>\s*'
        r"<label[^>]*>Gone Org \(archived\)</label>",
        form,
    )
    response = client.post(
        "/asks/age-checks/edit", data=_form(title="Age checks", target_ids=[str(gone.id)])
    )
    assert response.status_code == 302
    assert [o.name for o in _ask(session, "age-checks").targets] == ["Gone Org"]


def test_archive_hides_and_restore_brings_back(client, make):
    make.ask(title="Age checks", slug="age-checks")
    assert "Age checks" in client.get("/asks/").get_data(as_text=True)
    archived = client.post("/asks/age-checks/archive", follow_redirects=True)
    assert "Archived on" in archived.get_data(as_text=True)
    assert "Age checks" not in client.get("/asks/").get_data(as_text=True)
    assert "Age checks" in client.get("/asks/?archived=1").get_data(as_text=True)
    client.post("/asks/age-checks/restore", follow_redirects=True)
    assert "Age checks" in client.get("/asks/").get_data(as_text=True)


def test_unknown_slug_is_404(client):
    assert client.get("/asks/no-such-ask").status_code == 404


def test_organisation_page_links_to_its_asks_by_slug(client, make):
    from campaign.models import AskTarget

    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Age checks", slug="age-checks")
    make.link(AskTarget(ask_id=ask.id, organisation_id=ofcom.id))
    text = client.get(f"/organisations/{ofcom.id}").get_data(as_text=True)
    assert 'href="/asks/age-checks"' in text


def _past():
    from datetime import UTC, datetime

    return datetime(2025, 1, 1, tzinfo=UTC)


def test_new_form_defaults_to_draft_and_medium_priority(client):
    text = client.get("/asks/new").get_data(as_text=True)
    assert '<option value="draft" selected>Draft</option>' in text
    assert '<option value="medium" selected>Medium</option>' in text
