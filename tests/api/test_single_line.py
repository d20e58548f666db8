"""The API refuses one-line fields with a line break, naming the field, and saves nothing: it
validates through the items' own forms (issue 12, finding 4)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from campaign.common.text import MESSAGE
from campaign.models import Milestone, Response
from tests.api.test_writes import NEW, fetch, world  # noqa: F401  (world is a fixture)

# The first one-line field of each collection's body, and its label in the message.
HEADLINE = {
    "asks": ("title", "Title"),
    "statistics": ("label", "Label"),
    "sources": ("title", "Title"),
    "evidence": ("title", "Title"),
    "responses": ("title", "Title"),
    "milestones": ("title", "Title"),
}


def test_every_writable_collection_is_covered():
    assert set(HEADLINE) == set(NEW)


@pytest.mark.parametrize("collection", NEW)
def test_post_refuses_a_line_break_in_the_headline_field(client, session, world, collection):  # noqa: F811
    model, _url_field, body = NEW[collection]
    field, label = HEADLINE[collection]
    before = len(fetch(session, model))
    response = client.post(
        f"/api/v1/{collection}", json={**body, field: "Ofcom\r\nBcc: leak@example.net"}
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["fields"] == {field: [f"{label} {MESSAGE}."]}
    assert f"{field}: {label} {MESSAGE}." in error["detail"]
    assert len(fetch(session, model)) == before


def test_patch_refuses_a_milestone_title_with_a_line_break(client, make, session):
    milestone = make.milestone(title="Codes laid", key="codes-laid")
    response = client.patch(
        "/api/v1/milestones/codes-laid", json={"title": "Codes laid\nagain", "version": 1}
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"title": [f"Title {MESSAGE}."]}
    session.expire_all()
    assert session.exec(select(Milestone.title)).all() == ["Codes laid"]
    assert session.get(Milestone, milestone.id).version == 1


def test_a_response_with_a_note_over_several_lines_can_still_be_changed(
    client,
    session,
    world,  # noqa: F811
):
    """Position notes may run over several lines (the seed's do), so changing the response's
    other fields must not trip over them; its title is still one line."""
    _model, _url, body = NEW["responses"]
    positions = [{"ask": "an-ask", "position": "supports", "note": "Agreed.\nTeam's view."}]
    created = client.post("/api/v1/responses", json={**body, "positions": positions})
    assert created.status_code == 201, created.get_data(as_text=True)
    url = f"/api/v1/responses/{created.get_json()['key']}"
    assert client.patch(url, json={"summary": "Replied."}).status_code == 200
    refused = client.patch(url, json={"title": "Ofcom\r\nreplies"})
    assert refused.get_json()["error"]["fields"] == {"title": [f"Title {MESSAGE}."]}
    [row] = fetch(session, Response)
    assert row.title == "Ofcom replies" and row.ask_links[0].note == "Agreed.\nTeam's view."
