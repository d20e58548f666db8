"""The organisation and ask choosers of the forms (campaign.common.chooser_field): the
response form's required Organisation, the milestone's Organisation, and "Link to ask" on
new statistics, evidence and milestones. The Source field has its own tests
(tests/sources/test_source_field.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from campaign.models import Ask, AskEvidence, AskMilestone, AskStatistic, Milestone, Response
from tests.packs.test_views import builder_data
from tests.sources.test_chooser import Controls
from tests.support.querycount import page_cost

RESPONSE = {"title": "Ofcom replies", "response_date": "2025-03-01", "channel": "letter"}
EVENT = {"title": "Codes in force", "date": "2026-07", "kind": "compliance_deadline"}
ARCHIVED = datetime(2025, 1, 1, tzinfo=UTC)


def rows(session, model):
    session.expire_all()
    return session.exec(select(model)).all()


def test_the_response_organisation_is_searched_then_chosen(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ofsted = make.organisation(name="Ofsted")
    make.organisation(name="Old Ofwat", archived_at=ARCHIVED)

    blank = client.post("/responses/new", data={**RESPONSE, "organisation_id_find": ""})
    assert blank.status_code == 422
    assert (
        "Choose the organisation." in blank.text and 'id="organisation_id_find-error"' in blank.text
    )
    offered = client.post("/responses/new", data={**RESPONSE, "organisation_id_find": "of"})
    assert "Choose one of the 2 organisations matching “of”." in offered.text
    page = Controls(offered.text)
    assert page.radios["organisation_id"] == [str(ofcom.id), str(ofsted.id)]
    assert page.inputs["title"] == "Ofcom replies" and rows(session, Response) == []

    chosen = client.post(
        "/responses/new",
        data={
            **RESPONSE,
            "organisation_id_find": "of",
            "organisation_id_asked": "of",
            "organisation_id": str(ofcom.id),
        },
    )
    assert chosen.status_code == 302
    assert rows(session, Response)[0].organisation_id == ofcom.id


def test_an_organisation_is_chosen_by_its_name_in_any_case(client, session, make):
    make.organisation(name="Ofcom Scotland")
    ofcom = make.organisation(name="Ofcom")
    saved = client.post("/milestones/new", data={**EVENT, "organisation_id_find": "OFCOM"})
    assert saved.status_code == 302
    assert rows(session, Milestone)[0].organisation_id == ofcom.id


@pytest.mark.parametrize("bad", ["999999", "x"])
def test_an_unknown_organisation_id_is_a_field_error(client, session, bad):
    refused = client.post("/responses/new", data={**RESPONSE, "organisation_id": bad})
    assert refused.status_code == 422
    assert "Choose an existing organisation." in refused.text
    assert rows(session, Response) == []


def test_an_archived_organisation_is_kept_only_as_the_current_one(client, session, make):
    old = make.organisation(name="Old regulator", archived_at=ARCHIVED)
    refused = client.post("/milestones/new", data={**EVENT, "organisation_id": str(old.id)})
    assert "“Old regulator” is archived: choose an active organisation." in refused.text
    milestone = make.milestone(organisation_id=old.id)
    edit = f"/milestones/{milestone.id}/edit"
    form = Controls(client.get(edit).text)
    assert form.inputs["organisation_id_find"] == "Old regulator"
    kept = client.post(edit, data={**EVENT, "organisation_id": str(old.id)})
    assert kept.status_code == 302
    assert session.get(Milestone, milestone.id).organisation_id == old.id


@pytest.mark.parametrize(
    ("path", "data", "link"),
    [
        ("/statistics/new", {"label": "S", "value": "1", "unit": "count"}, AskStatistic),
        ("/evidence/new", {"title": "E", "kind": "quote", "sensitivity": "internal"}, AskEvidence),
        ("/milestones/new", EVENT, AskMilestone),
    ],
)
def test_link_to_ask_is_chosen_by_title_or_slug_and_only_active(
    client, session, make, path, data, link
):
    make.ask(title="Scan for grooming", slug="scan-grooming")
    wanted = make.ask(title="Scan for known abuse images", slug="scan-known")
    dropped = make.ask(title="Dropped ask", slug="dropped", archived_at=ARCHIVED)
    several = client.post(path, data={**data, "link_ask_id_find": "scan"})
    assert "Choose one of the 2 asks matching “scan”." in several.text
    archived = client.post(path, data={**data, "link_ask_id": str(dropped.id)})
    assert "“Dropped ask” is archived: choose an active ask." in archived.text
    assert rows(session, link) == []
    saved = client.post(path, data={**data, "link_ask_id_find": "SCAN-KNOWN"})
    assert saved.status_code == 302
    assert [row.ask_id for row in rows(session, link)] == [wanted.id]


@pytest.mark.parametrize("path", ["/responses/new", "/milestones/new"])
def test_queries_and_page_size_do_not_grow_with_organisations_and_asks(app, make, path):
    client = app.test_client()

    make.organisation(name="Ofcom")
    make.ask(title="An ask")
    few = page_cost(app, client, path)
    for n in range(100):
        make.organisation(name=f"Organisation {n:03} with a long name that would fill a select")
    many = page_cost(app, client, path)
    assert many == few


def test_the_pack_audience_is_an_organisation_chosen_by_key(client, make):
    make.organisation(name="Ofcom", key="ofcom")
    make.organisation(name="Ofsted", key="ofsted")
    make.organisation(name="Old Ofwat", key="ofwat", archived_at=ARCHIVED)
    make.ask(title="Strengthen the codes", slug="strengthen-codes")
    builder = client.get("/packs/new").text
    assert 'name="audience_organisation_find"' in builder and 'value="ofsted"' not in builder

    def preview(**fields):
        return client.post("/packs/new", data=builder_data("strengthen-codes", **fields))

    several = preview(audience_organisation="", audience_organisation_find="of", preview="1")
    assert several.status_code == 422
    assert Controls(several.text).radios["audience_organisation"] == ["ofcom", "ofsted"]
    chosen = preview(audience_organisation="", audience_organisation_find="OFSTED", preview="1")
    assert chosen.status_code == 200 and "Ofsted" in chosen.text
    archived = preview(audience_organisation="ofwat", preview="1")
    assert "“Old Ofwat” is archived: choose an active organisation." in archived.text
    unknown = preview(audience_organisation="nobody", preview="1")
    assert "Choose an existing organisation." in unknown.text


ASK = {"title": "Age checks", "slug": "age-checks", "status": "active", "priority": "high"}


def targets(session, slug="age-checks"):
    session.expire_all()
    ask = session.exec(select(Ask).where(Ask.slug == slug)).one()
    return [o.name for o in ask.targets]


def test_targets_are_added_by_search_and_removed_by_unticking(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ofsted = make.organisation(name="Ofsted")
    meta = make.organisation(name="Meta", kind="company")
    # One match is added at once; other targets ticked are kept.
    made = client.post("/asks/new", data={**ASK, "target_ids": [meta.id], "target_ids_find": "ofc"})
    assert made.status_code == 302 and targets(session) == ["Meta", "Ofcom"]
    # Several matches are offered as checkboxes; nothing is saved until one is ticked.
    edit = "/asks/age-checks/edit"
    kept = [str(meta.id), str(ofcom.id)]
    offered = client.post(edit, data={**ASK, "target_ids": kept, "target_ids_find": "of"})
    assert offered.status_code == 422
    assert "Choose one of the 2 organisations matching “of”." in offered.text
    page = Controls(offered.text)
    assert f'type="checkbox" name="target_ids" value="{meta.id}" checked' in offered.text
    assert page.inputs["target_ids_find"] == "of" and targets(session) == ["Meta", "Ofcom"]
    ticked = {**ASK, "target_ids": [str(meta.id), str(ofsted.id)], "target_ids_find": "of"}
    saved = client.post(edit, data={**ticked, "target_ids_asked": "of"})
    assert saved.status_code == 302 and targets(session) == ["Meta", "Ofsted"]  # Ofcom unticked
    form = client.get(edit).text
    assert re.search(
        rf'name="target_ids" value="{ofsted.id}" checked[^>]*>\s*<label[^>]*>Ofsted</label>', form
    )
    assert Controls(form).inputs["target_ids_find"] == ""


def test_an_archived_target_is_kept_only_by_an_ask_that_has_it(client, session, make):
    gone = make.organisation(name="Gone regulator")
    client.post("/asks/new", data={**ASK, "target_ids": [gone.id]})
    gone.archived_at = ARCHIVED
    make.link(gone)
    other = {**ASK, "title": "Other", "slug": "other", "target_ids": [gone.id]}
    refused = client.post("/asks/new", data=other)
    assert "“Gone regulator” is archived: choose an active organisation." in refused.text
    kept = client.post("/asks/age-checks/edit", data={**ASK, "target_ids": [gone.id]})
    assert kept.status_code == 302 and targets(session) == ["Gone regulator"]


def test_the_ask_form_does_not_grow_with_organisations(app, make):
    client = app.test_client()
    ask = make.ask(title="Age checks", slug="age-checks")
    ofcom = make.organisation(name="Ofcom")
    client.post("/asks/age-checks/edit", data={**ASK, "target_ids": [ofcom.id]})
    client.get("/asks/age-checks")  # shows the "Saved" message
    make.organisation(name="Ofsted")  # both measures follow a write, as below
    pages = ("/asks/new", f"/asks/{ask.slug}/edit")

    few = {page: page_cost(app, client, page) for page in pages}
    for n in range(100):
        make.organisation(name=f"Organisation {n:03} with a long name that would fill a select")
    assert {page: page_cost(app, client, page) for page in pages} == few
