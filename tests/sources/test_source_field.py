"""The Source field of the statistic, evidence and milestone forms is a chooser
(campaign.common.chooser_field), never a <select> of every source: without JavaScript it
is search-then-choose inside the form; a chosen id must exist and be active unless it is
the row's current source; the page's queries and size do not grow with the sources."""

from __future__ import annotations

import pytest
from sqlmodel import select

from campaign.common.choosers import MAX_MATCHES
from campaign.models import Evidence, Milestone, Statistic
from tests.revisions.helpers import edit_data
from tests.sources.test_chooser import Controls
from tests.support.querycount import page_cost

FIGURE = {"label": "Online grooming crimes", "value": "33,226", "unit": "count"}
ITEM = {"title": "A mother on her son", "kind": "case_study", "sensitivity": "internal"}
EVENT = {"title": "Codes in force", "date": "2026-07", "kind": "compliance_deadline"}

# Each form with a Source field: (new page, what else a valid post needs, its table).
FORMS = {
    "statistic": ("/statistics/new", FIGURE, Statistic),
    "evidence": ("/evidence/new", ITEM, Evidence),
    "milestone": ("/milestones/new", EVENT, Milestone),
}


def rows(session, model):
    session.expire_all()
    return session.exec(select(model)).all()


@pytest.fixture
def crime_sources(make):
    """Two active sources matching "crime", one not, and an archived one matching."""
    ons = make.source(title="ONS crime survey", publisher="Office for National Statistics")
    police = make.source(title="Police recorded crime", publisher="Home Office")
    make.source(title="Childline annual review", publisher="NSPCC")
    old = make.source(title="Old crime figures", publisher=None)
    return ons, police, old


@pytest.mark.parametrize("kind", FORMS)
def test_search_then_choose_without_javascript(client, session, make, crime_sources, kind):
    path, valid, model = FORMS[kind]
    ons, police, old = crime_sources
    client.post(f"/sources/{old.id}/archive")

    # Typing words that match two sources saves nothing: the field offers them as radios,
    # and everything else typed is kept.
    typed = {**valid, "source_id": "", "source_id_find": "crime"}
    offered = client.post(path, data=typed)
    assert offered.status_code == 422 and rows(session, model) == []
    html = offered.get_data(as_text=True)
    assert "Choose one of the 2 sources matching “crime”." in html
    assert 'id="source_id_find-error"' in html
    page = Controls(html)
    assert page.radios["source_id"] == [str(ons.id), str(police.id)]
    assert page.inputs["source_id_find"] == "crime"
    assert page.hidden["source_id_asked"] == "crime"
    assert "source_id" not in page.hidden  # the radios carry the choice now
    assert page.inputs["title" if "title" in valid else "label"] == typed.get(
        "title", typed.get("label")
    )

    # Choosing one and saving again saves it.
    chosen = client.post(
        path, data={**typed, "source_id": str(police.id), "source_id_asked": "crime"}
    )
    assert chosen.status_code == 302
    (row,) = rows(session, model)
    assert row.source_id == police.id


@pytest.mark.parametrize(
    ("text", "which"),
    [("office for national", "ons"), ("POLICE RECORDED CRIME — HOME OFFICE", "police")],
)
def test_one_match_or_the_exact_name_is_chosen_at_once(client, session, crime_sources, text, which):
    ons, police, _old = crime_sources
    make_it = client.post("/statistics/new", data={**FIGURE, "source_id_find": text})
    assert make_it.status_code == 302
    assert rows(session, Statistic)[0].source_id == {"ons": ons, "police": police}[which].id


def test_a_source_is_chosen_by_its_key(client, session, make):
    make.source(title="Crime survey 2023", key="crime-2023")
    wanted = make.source(title="Crime survey 2024", key="crime-2024")
    assert (
        client.post("/statistics/new", data={**FIGURE, "source_id_find": "crime-2024"}).status_code
        == 302
    )
    assert rows(session, Statistic)[0].source_id == wanted.id


def test_no_match_and_too_many_matches_are_field_errors(client, session, make):
    for n in range(MAX_MATCHES + 3):
        make.source(title=f"Survey {n:02}")
    nothing = client.post("/statistics/new", data={**FIGURE, "source_id_find": "zzz"})
    assert nothing.status_code == 422
    assert "No source matches “zzz”." in nothing.get_data(as_text=True)
    many = client.post("/statistics/new", data={**FIGURE, "source_id_find": "survey"})
    html = many.get_data(as_text=True)
    assert f"More than {MAX_MATCHES} sources match “survey”" in html
    assert len(Controls(html).radios["source_id"]) == MAX_MATCHES
    assert f"Only the first {MAX_MATCHES} matches are shown" in html
    assert rows(session, Statistic) == []


@pytest.mark.parametrize("kind", FORMS)
@pytest.mark.parametrize("bad", ["999999", "abc", "1" * 30])
def test_an_unknown_id_is_a_field_error(client, session, kind, bad):
    path, valid, model = FORMS[kind]
    refused = client.post(path, data={**valid, "source_id": bad})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Choose an existing source." in html and 'id="source_id_find-error"' in html
    assert rows(session, model) == []


def test_blank_text_means_no_source(client, session, make):
    ons = make.source(title="ONS")
    saved = client.post(
        "/statistics/new", data={**FIGURE, "source_id": str(ons.id), "source_id_find": " "}
    )
    assert saved.status_code == 302
    assert rows(session, Statistic)[0].source_id is None


def test_posting_the_id_alone_or_with_its_label_keeps_it(client, session, make):
    ons = make.source(title="ONS crime survey", publisher="ONS")
    other = make.source(title="ONS crime survey 2")
    assert (
        client.post("/statistics/new", data={**FIGURE, "source_id": str(ons.id)}).status_code == 302
    )
    label = "ons crime survey —  ons"  # any case, spaces as typed
    with_label = {**FIGURE, "label": "Second", "source_id": str(ons.id), "source_id_find": label}
    assert client.post("/statistics/new", data=with_label).status_code == 302
    assert [s.source_id for s in rows(session, Statistic)] == [ons.id, ons.id]
    assert other.id != ons.id


@pytest.mark.parametrize("kind", FORMS)
def test_an_archived_source_is_kept_only_as_the_current_one(client, session, make, kind):
    path, valid, model = FORMS[kind]
    old = make.source(title="Withdrawn report", publisher=None)
    client.post(f"/sources/{old.id}/archive")
    refused = client.post(path, data={**valid, "source_id": str(old.id)})
    assert refused.status_code == 422
    assert "“Withdrawn report” is archived: choose an active source." in refused.get_data(
        as_text=True
    )
    assert rows(session, model) == []

    row = {"statistic": make.statistic, "evidence": make.evidence, "milestone": make.milestone}[
        kind
    ](source_id=old.id)
    edit = path.replace("/new", f"/{row.id}/edit")
    form = Controls(client.get(edit).get_data(as_text=True))
    assert form.hidden["source_id"] == str(old.id)
    assert form.inputs["source_id_find"] == "Withdrawn report"
    fields = {**form.inputs, **form.hidden, **dict(valid.items())}
    fields.pop("csrf_token", None)
    kept = client.post(edit, data={**fields, "source_id": str(old.id)})
    assert kept.status_code == 302, kept.get_data(as_text=True)
    assert session.get(model, row.id).source_id == old.id
    # ...but another row cannot newly choose it
    other = {"statistic": make.statistic, "evidence": make.evidence, "milestone": make.milestone}[
        kind
    ]()
    again = client.post(
        path.replace("/new", f"/{other.id}/edit"), data={**fields, "source_id": str(old.id)}
    )
    assert again.status_code == 422


@pytest.mark.parametrize("kind", FORMS)
def test_queries_and_page_size_do_not_grow_with_the_sources(app, make, kind):
    path = FORMS[kind][0]
    client = app.test_client()
    chosen = make.source(title="Survey 000")
    row = {"statistic": make.statistic, "evidence": make.evidence, "milestone": make.milestone}[
        kind
    ](source_id=chosen.id)
    pages = (path, path.replace("/new", f"/{row.id}/edit"))

    few = {page: page_cost(app, client, page) for page in pages}
    for n in range(200):
        make.source(title=f"Survey {n:03} with a long title that would fill a select")
    many = {page: page_cost(app, client, page) for page in pages}
    assert many == few


def test_the_history_names_the_sources_it_changed(app, client, make):
    """Revision history names a chosen row through its chooser (it had the <select>'s
    choices), one query per value shown."""
    ons = make.source(title="ONS crime survey", publisher=None)
    police = make.source(title="Police recorded crime", publisher=None)
    stat = make.statistic(label="Offences", source_id=ons.id)
    data = edit_data(app, Statistic, stat.id, source_id=str(police.id))
    assert client.post(f"/statistics/{stat.id}/edit", data=data).status_code == 302
    history = client.get(f"/statistics/{stat.id}/history").text
    assert "ONS crime survey" in history and "Police recorded crime" in history
