"""Only a user cleared for restricted evidence may make evidence restricted, through the form as
through the API and bundles: one rule, `campaign.accounts.access` (issue 12, finding 3)."""

from __future__ import annotations

import re

from campaign.accounts.access import RESTRICTED_NEEDS_CLEARANCE
from campaign.models import Evidence, Sensitivity
from tests.sources.support import all_rows, fresh

ITEM = {
    "title": "A girl's account of a livestream",
    "kind": "case_study",
    "text": "It started on a game.",
    "sensitivity": "restricted",
}


def _sensitivity_errors(page: str) -> str:
    found = re.search(
        r'<p id="sensitivity-error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>(.*?)</p>',
        page,
        re.S,
    )
    return found.group(1).strip() if found else ""


def test_an_uncleared_editor_cannot_create_restricted_evidence(client_as, session):
    response = client_as("editor").post("/evidence/new", data=ITEM)
    assert response.status_code == 422
    assert _sensitivity_errors(response.get_data(as_text=True)) == RESTRICTED_NEEDS_CLEARANCE
    assert all_rows(session, Evidence) == []


def test_an_uncleared_editor_cannot_make_evidence_restricted(client_as, session, make):
    item = make.evidence(title="A public quote", sensitivity=Sensitivity.PUBLIC)
    response = client_as("editor").post(
        f"/evidence/{item.id}/edit", data={**ITEM, "title": "Changed", "version": item.version}
    )
    assert response.status_code == 422
    assert _sensitivity_errors(response.get_data(as_text=True)) == RESTRICTED_NEEDS_CLEARANCE
    saved = fresh(session).get(Evidence, item.id)
    assert (saved.title, saved.sensitivity) == ("A public quote", Sensitivity.PUBLIC)


def test_the_form_does_not_offer_restricted_without_clearance(client_as):
    uncleared = client_as("editor").get("/evidence/new").get_data(as_text=True)
    assert re.search(r'<option value="restricted" disabled>[^<]*needs clearance', uncleared)
    cleared = client_as("editor", clearance=True).get("/evidence/new").get_data(as_text=True)
    assert '<option value="restricted">Restricted</option>' in cleared


def test_a_cleared_editor_may_create_and_edit_restricted_evidence(client_as, session, make):
    client = client_as("editor", clearance=True)
    assert client.post("/evidence/new", data=ITEM).status_code == 302
    [created] = all_rows(session, Evidence)
    assert created.sensitivity == Sensitivity.RESTRICTED

    item = make.evidence(title="A public quote", sensitivity=Sensitivity.PUBLIC)
    response = client.post(
        f"/evidence/{item.id}/edit", data={**ITEM, "title": "Now restricted", "version": 1}
    )
    assert response.status_code == 302
    saved = fresh(session).get(Evidence, item.id)
    assert (saved.title, saved.sensitivity) == ("Now restricted", Sensitivity.RESTRICTED)


def test_the_api_refuses_with_the_same_rule(client_as, session, make):
    client = client_as("editor")
    created = client.post("/api/v1/evidence", json={**ITEM, "kind": "case_study"})
    assert created.status_code == 403
    assert created.get_json()["error"]["detail"] == RESTRICTED_NEEDS_CLEARANCE
    item = make.evidence(key="public-quote", sensitivity=Sensitivity.PUBLIC)
    changed = client.patch("/api/v1/evidence/public-quote", json={"sensitivity": "restricted"})
    assert changed.status_code == 403
    assert changed.get_json()["error"]["detail"] == RESTRICTED_NEEDS_CLEARANCE
    assert fresh(session).get(Evidence, item.id).sensitivity == Sensitivity.PUBLIC
    assert len(all_rows(session, Evidence)) == 1
