"""The ask page's link endpoints reach only the evidence the user may see: without clearance a
restricted item's id answers 404 exactly as an id that does not exist, names nothing and changes
nothing (issue 12, finding 2)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from campaign.models import AskEvidence, Sensitivity

TITLE = "Childline: girl, 14, groomed on a game"
NOTE = "Cleared note: the case behind the letter"
MISSING = 999_999


@pytest.fixture
def ask_with_hidden_link(make):
    """An ask linking [public A, restricted, public B] in that order, and an unlinked
    restricted item."""
    ask = make.ask(title="Age checks", slug="age-checks")
    first = make.evidence(title="Public quote A")
    hidden = make.evidence(title=TITLE, sensitivity=Sensitivity.RESTRICTED)
    last = make.evidence(title="Public quote B")
    for rank, item in enumerate((first, hidden, last)):
        make.link(AskEvidence(ask_id=ask.id, evidence_id=item.id, rank=rank, note=NOTE))
    unlinked = make.evidence(title=f"{TITLE} (second)", sensitivity=Sensitivity.RESTRICTED)
    return ask, first, hidden, last, unlinked


def _links(session, ask) -> list[tuple[int, int, str]]:
    session.expire_all()
    rows = session.exec(select(AskEvidence).where(AskEvidence.ask_id == ask.id)).all()
    return sorted((row.evidence_id, row.rank, row.note) for row in rows)


def _flashes(client) -> list:
    with client.session_transaction() as state:
        return list(state.get("_flashes", []))


REQUESTS = {
    "link": lambda item_id: (
        "/asks/age-checks/evidence",
        {"evidence-item_id": str(item_id), "evidence-note": "Uncleared note"},
    ),
    "note": lambda item_id: (f"/asks/age-checks/evidence/{item_id}/note", {"note": "Overwritten"}),
    "move": lambda item_id: (f"/asks/age-checks/evidence/{item_id}/move", {"direction": "down"}),
    "unlink": lambda item_id: (f"/asks/age-checks/evidence/{item_id}/unlink", {}),
}


@pytest.mark.parametrize("action", list(REQUESTS))
def test_a_restricted_id_is_not_found_without_clearance(
    client_as, session, ask_with_hidden_link, action
):
    ask, _first, hidden, _last, unlinked = ask_with_hidden_link
    target = unlinked if action == "link" else hidden
    before = _links(session, ask)
    client = client_as("editor")

    url, data = REQUESTS[action](target.id)
    refused = client.post(url, data=data)
    missing_url, missing_data = REQUESTS[action](MISSING)
    missing = client.post(missing_url, data=missing_data)

    assert refused.status_code == missing.status_code == 404
    assert refused.get_data() == missing.get_data()  # exactly as an id that does not exist
    assert "Childline" not in refused.get_data(as_text=True)
    assert _flashes(client) == []
    assert _links(session, ask) == before
    page = client.get("/asks/age-checks").get_data(as_text=True)
    assert "Childline" not in page


@pytest.mark.parametrize("action", list(REQUESTS))
def test_a_cleared_editor_reaches_restricted_links(
    client_as, session, ask_with_hidden_link, action
):
    ask, _first, hidden, _last, unlinked = ask_with_hidden_link
    target = unlinked if action == "link" else hidden
    url, data = REQUESTS[action](target.id)
    response = client_as("editor", clearance=True).post(url, data=data)
    assert response.status_code == 302
    links = {evidence_id: (rank, note) for evidence_id, rank, note in _links(session, ask)}
    expected = {
        "link": lambda: links[unlinked.id] == (3, "Uncleared note"),
        "note": lambda: links[hidden.id][1] == "Overwritten",
        "move": lambda: links[hidden.id][0] == 2,
        "unlink": lambda: hidden.id not in links,
    }[action]
    assert expected(), links


def test_moving_without_clearance_steps_over_hidden_items(client_as, session, ask_with_hidden_link):
    """Moving B up swaps it with A, the item above it that the user sees: a hidden item in
    between neither blocks the move nor moves itself."""
    ask, first, hidden, last, _unlinked = ask_with_hidden_link
    client = client_as("editor")
    response = client.post(f"/asks/age-checks/evidence/{last.id}/move", data={"direction": "up"})
    assert response.status_code == 302
    ranks = {evidence_id: rank for evidence_id, rank, _note in _links(session, ask)}
    assert ranks == {last.id: 0, hidden.id: 1, first.id: 2}
