from datetime import date

from flask import url_for

from campaign.models import AskEvidence, Evidence, Sensitivity
from tests.sources.support import all_rows, fresh

ITEM = {
    "title": "A mother on her son's grooming",
    "kind": "case_study",
    "text": "He was 12 when it started.\n\nThe app never flagged it.",
    "attribution": "Parent, North West England",
    "evidence_date": "2024-02-01",
    "sensitivity": "internal",
}
SECRET = "Lives in Wigan, attends St Marys school"


def test_create_evidence_and_show_it(client, session, make):
    source = make.source(title="Helpline case notes", publisher="NSPCC")
    response = client.post("/evidence/new", data={**ITEM, "source_id": str(source.id)})
    assert response.status_code == 302
    [item] = all_rows(session, Evidence)
    assert (item.key, item.kind, item.sensitivity) == (
        "a-mother-on-her-son-s-grooming",
        "case_study",
        "internal",
    )
    assert item.evidence_date == date(2024, 2, 1) and item.is_composite is False
    page = client.get(response.location).get_data(as_text=True)
    assert "<p>He was 12 when it started.</p>" in page
    assert "<p>The app never flagged it.</p>" in page
    assert "Parent, North West England" in page and "Helpline case notes" in page
    assert "Restricted" not in page and "Composite" not in page


def test_the_new_form_defaults_to_internal_and_hints_at_composites(client):
    page = client.get("/evidence/new").get_data(as_text=True)
    assert '<option value="internal" selected>' in page
    assert "must be marked composite" in page
    assert "Composite — based on real accounts, not a direct quote" in page


def test_missing_title_is_refused_beside_the_field(client, session):
    response = client.post("/evidence/new", data={**ITEM, "title": ""})
    assert response.status_code == 422
    assert 'id="title-error"' in response.get_data(as_text=True)
    assert all_rows(session, Evidence) == []


def test_edit_evidence(client, session, make):
    item = make.evidence(title="Quote", kind="quote")
    response = client.post(
        f"/evidence/{item.id}/edit",
        data={**ITEM, "title": "Quote", "sensitivity": "restricted", "is_composite": "y"},
    )
    assert response.status_code == 302
    saved = fresh(session).get(Evidence, item.id)
    assert saved.sensitivity == Sensitivity.RESTRICTED and saved.is_composite
    assert saved.key == item.key


def test_composite_items_always_say_so(client, make):
    item = make.evidence(title="Composite account", kind="case_study", is_composite=True)
    page = client.get(f"/evidence/{item.id}").get_data(as_text=True)
    assert "Composite: not a direct quote" in page
    assert "<blockquote>" not in page  # never styled as a quotation
    quote = make.evidence(title="Direct quote", kind="quote", attribution="Ofcom CEO")
    assert "<blockquote>" in client.get(f"/evidence/{quote.id}").get_data(as_text=True)


def test_restricted_text_never_appears_in_lists(client, make):
    make.evidence(
        title="Restricted case",
        text=SECRET,
        attribution="Jane, 14",
        sensitivity=Sensitivity.RESTRICTED,
    )
    make.evidence(title="Public quote", text="Publicly quoted words")
    for url in ("/evidence/", "/evidence/?sensitivity=restricted", "/evidence/?q=Wigan"):
        page = client.get(url).get_data(as_text=True)
        assert SECRET not in page and "Jane, 14" not in page
    listed = client.get("/evidence/").get_data(as_text=True)
    assert "Restricted case" in listed
    assert '<span class="badge badge-restricted">Restricted</span>' in listed
    assert "Publicly quoted words" not in listed  # no text column at all
    # Searching must not reveal what restricted text says; public text is searchable.
    assert "Restricted case" not in client.get("/evidence/?q=wigan").get_data(as_text=True)
    assert "Restricted case" not in client.get("/evidence/?q=jane").get_data(as_text=True)
    assert "Public quote" in client.get("/evidence/?q=publicly").get_data(as_text=True)


def test_restricted_detail_has_a_banner_and_is_not_found_when_not_allowed(
    client, make, monkeypatch
):
    item = make.evidence(
        title="Restricted case", text=SECRET, attribution="Jane, 14", sensitivity="restricted"
    )
    page = client.get(f"/evidence/{item.id}").get_data(as_text=True)
    assert "Restricted — do not share outside the team" in page
    assert SECRET in page and "Jane, 14" in page
    # Without clearance the item is not there at all.
    monkeypatch.setattr("campaign.evidence.views.can_see_restricted", lambda: False)
    hidden = client.get(f"/evidence/{item.id}")
    assert hidden.status_code == 404
    assert SECRET not in hidden.get_data(as_text=True)


def test_list_filters_sorts_and_paginates(make_app, make):
    app = make_app(PER_PAGE=2)
    report = make.source(title="Report")
    make.evidence(title="Alpha", kind="quote", sensitivity="public", source_id=report.id)
    make.evidence(title="Bravo", kind="case_study", sensitivity="restricted", is_composite=True)
    make.evidence(
        title="Charlie", kind="quote", sensitivity="internal", evidence_date=date(2024, 1, 1)
    )
    client = app.test_client()

    def shown(query):
        page = client.get(f"/evidence/?{query}").get_data(as_text=True)
        return {title for title in ("Alpha", "Bravo", "Charlie") if title in page}

    assert shown("kind=quote") == {"Alpha", "Charlie"}
    assert shown("sensitivity=restricted") == {"Bravo"}
    assert shown(f"source={report.id}") == {"Alpha"}
    assert shown("source=none") == {"Bravo", "Charlie"}
    assert shown("kind=bogus") == shown("sensitivity=secret") == set()
    first = client.get("/evidence/?sort=-title").get_data(as_text=True)
    assert first.index("Charlie") < first.index("Bravo") and "Alpha" not in first
    assert "Composite: not a direct quote" in first and "Page 1 of 2" in first
    assert shown("sort=-title&page=2") == {"Alpha"}
    dated = client.get("/evidence/?sort=-date").get_data(as_text=True)
    assert "1 January 2024" in dated and dated.index("Charlie") < dated.index("Alpha")


def test_link_ask_id_links_after_existing_links_and_returns_to_the_ask(app, client, make):
    ask = make.ask(title="Ofcom: grooming codes", slug="ofcom-grooming")
    earlier = make.evidence(title="Earlier")
    make.link(AskEvidence(ask_id=ask.id, evidence_id=earlier.id, rank=0))
    form = client.get(f"/evidence/new?link_ask_id={ask.id}").get_data(as_text=True)
    assert f'<input type="hidden" name="link_ask_id" value="{ask.id}">' in form
    response = client.post("/evidence/new", data={**ITEM, "link_ask_id": str(ask.id)})
    with app.test_request_context():
        assert response.location == url_for("asks.detail", ident="ofcom-grooming")
    page = client.get(response.location).get_data(as_text=True)
    assert "Linked to ask “Ofcom: grooming codes”." in page
    new = client.get("/evidence/?q=mother").get_data(as_text=True)
    assert "A mother on her son" in new


def test_linked_rank_and_detail_list_the_ask(client, session, make):
    ask = make.ask(title="Ofcom: grooming codes", slug="ofcom-grooming")
    earlier = make.evidence(title="Earlier")
    make.link(AskEvidence(ask_id=ask.id, evidence_id=earlier.id, rank=0, note="lead case"))
    client.post("/evidence/new", data={**ITEM, "link_ask_id": str(ask.id)})
    item = all_rows(session, Evidence)[-1]
    link = session.get(AskEvidence, {"ask_id": ask.id, "evidence_id": item.id})
    assert link.rank == 1
    page = client.get(f"/evidence/{earlier.id}").get_data(as_text=True)
    assert 'href="/asks/ofcom-grooming"' in page and "lead case" in page


def test_archive_hides_and_restore_brings_back(client, make):
    item = make.evidence(title="Old quote")
    client.post(f"/evidence/{item.id}/archive", follow_redirects=True)
    assert "Old quote" not in client.get("/evidence/").get_data(as_text=True)
    assert "Old quote" in client.get("/evidence/?archived=1").get_data(as_text=True)
    client.post(f"/evidence/{item.id}/restore", follow_redirects=True)
    assert "Old quote" in client.get("/evidence/").get_data(as_text=True)


def test_text_fields_are_escaped(client, session):
    script = "<script>alert(1)</script>"
    client.post(
        "/evidence/new",
        data={**ITEM, "title": script, "text": script, "attribution": script, "kind": "quote"},
    )
    [item] = all_rows(session, Evidence)
    for url in ("/evidence/", f"/evidence/{item.id}", f"/evidence/{item.id}/edit"):
        page = client.get(url).get_data(as_text=True)
        assert script not in page and "&lt;script&gt;" in page
