"""Evidence: sensitivity and composite flags, and restricted case studies never leak: without
clearance they are not there at all."""

from datetime import date

import pytest

from campaign import models as m
from campaign.evidence import entity as evidence_entity
from tests.api.conftest import all_text

SECRET_TEXT = "Zebra-7f3a: the child's own account, never to leave the charity"
SECRET_ATTRIBUTION = "Quokka-9b1c, aged 14, Leeds"


@pytest.fixture
def evidence_set(make):
    source = make.source(key="case-notes", title="Case notes", kind="case_note")
    ask = make.ask(slug="the-ask", title="The ask")
    restricted = make.evidence(
        key="restricted-case",
        title="A restricted case study",
        kind="case_study",
        text=SECRET_TEXT,
        attribution=SECRET_ATTRIBUTION,
        sensitivity="restricted",
        is_composite=True,
        evidence_date=date(2025, 5, 1),
        source=source,
    )
    public = make.evidence(
        key="public-quote",
        title="A public quote",
        kind="quote",
        text="Public words",
        attribution="A parent",
        sensitivity="public",
    )
    internal = make.evidence(
        key="internal-finding",
        title="An internal finding",
        kind="research_finding",
        text="Internal words",
        sensitivity="internal",
    )
    for rank, item in enumerate((restricted, public, internal)):
        make.link(m.AskEvidence(ask_id=ask.id, evidence_id=item.id, rank=rank))
    return restricted


def test_evidence_shape(get, evidence_set):
    body = get("/api/v1/evidence/public-quote")
    assert (body["kind"], body["sensitivity"], body["composite"], body["redacted"]) == (
        "quote",
        "public",
        False,
        False,
    )
    assert (body["text"], body["attribution"]) == ("Public words", "A parent")
    assert body["asks"][0]["slug"] == "the-ask"


def test_restricted_evidence_shape(client_as, evidence_set):
    restricted = client_as("viewer", clearance=True).get("/api/v1/evidence/restricted-case")
    restricted = restricted.get_json()
    assert restricted["composite"] is True
    assert restricted["date"] == "2025-05-01"
    assert restricted["source"]["key"] == "case-notes"


def test_restricted_evidence_is_not_there_without_clearance(get, evidence_set):
    body = get("/api/v1/evidence/restricted-case", status=404)
    assert body["error"]["detail"] == "No evidence item with that key."
    assert [e["key"] for e in get("/api/v1/evidence")["items"]] == [
        "public-quote",
        "internal-finding",
    ]
    assert get("/api/v1/evidence?sensitivity=restricted")["items"] == []
    internal = get("/api/v1/evidence/internal-finding")
    assert internal["redacted"] is False and internal["text"] == "Internal words"


def test_restricted_text_appears_in_no_api_response(client_as, evidence_set):
    client = client_as("editor")  # any role: without clearance nothing restricted shows
    urls = [
        "/api/v1/evidence",
        "/api/v1/evidence?sensitivity=restricted",
        "/api/v1/evidence?kind=case_study",
        "/api/v1/evidence?ask=the-ask",
        "/api/v1/evidence?source=case-notes",
        "/api/v1/evidence?per_page=1&page=1",
        "/api/v1/asks",
        "/api/v1/asks/the-ask",
        "/api/v1/sources",
        "/api/v1/sources/case-notes",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = all_text(response)
        assert "Zebra-7f3a" not in text and "Quokka-9b1c" not in text, url
        assert "restricted-case" not in text and "A restricted case study" not in text, url
    assert client.get("/api/v1/evidence/restricted-case").status_code == 404
    embedded = client.get("/api/v1/asks/the-ask").get_json()["evidence"]
    assert [(e["key"], e["redacted"]) for e in embedded] == [
        ("public-quote", False),
        ("internal-finding", False),
    ]


def test_search_cannot_probe_restricted_text(get, evidence_set):
    assert get("/api/v1/evidence?q=Zebra-7f3a")["items"] == []
    assert get("/api/v1/evidence?q=Quokka")["items"] == []
    assert get("/api/v1/evidence?q=restricted case")["items"] == []


def test_clearance_lifts_the_redaction(client_as, evidence_set):
    client = client_as("viewer", clearance=True)
    body = client.get("/api/v1/evidence/restricted-case").get_json()
    assert body["redacted"] is False
    assert (body["text"], body["attribution"]) == (SECRET_TEXT, SECRET_ATTRIBUTION)
    embedded = client.get("/api/v1/asks/the-ask").get_json()["evidence"][0]
    assert embedded["text"] == SECRET_TEXT


def test_serialiser_redacts_by_flag(app, evidence_set):
    with app.test_request_context():
        shown = evidence_entity.fields(evidence_set, can_see_restricted=True)
        hidden = evidence_entity.fields(evidence_set, can_see_restricted=False)
    assert shown["text"] == SECRET_TEXT and shown["redacted"] is False
    assert "text" not in hidden and "attribution" not in hidden and hidden["redacted"] is True


def test_evidence_filters(get, evidence_set):
    def keys(query):
        return [e["key"] for e in get(f"/api/v1/evidence?{query}")["items"]]

    assert keys("sensitivity=public") == ["public-quote"]
    assert keys("kind=research_finding") == ["internal-finding"]
    assert keys("source=case-notes") == []  # its one item is restricted: not there uncleared
    assert keys("ask=the-ask") == ["public-quote", "internal-finding"]
