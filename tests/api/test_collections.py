"""Sources, responses, milestones and organisations: shapes, references and filters."""

from datetime import date

import pytest

from campaign import models as m
from campaign.models.types import utcnow
from tests.api.conftest import BASE


def test_source_shape_and_links_to_what_cites_it(get, make):
    make.source(
        key="foi",
        title="Police FOI",
        kind="foi_return",
        publisher="NSPCC",
        published_on=date(2024, 8, 1),
        url="https://example.org/foi",
        method="FOI to 45 forces",
        coverage="43 answered",
    )
    body = get("/api/v1/sources/foi")
    assert {k: body[k] for k in ("key", "title", "kind", "publisher", "published_on")} == {
        "key": "foi",
        "title": "Police FOI",
        "kind": "foi_return",
        "publisher": "NSPCC",
        "published_on": "2024-08-01",
    }
    assert (body["url"], body["method"], body["coverage"]) == (
        "https://example.org/foi",
        "FOI to 45 forces",
        "43 answered",
    )
    assert body["api_url"] == f"{BASE}/sources/foi"
    assert body["statistics_url"] == f"{BASE}/statistics?source=foi"
    assert body["evidence_url"] == f"{BASE}/evidence?source=foi"
    assert body["milestones_url"] == f"{BASE}/milestones?source=foi"


def test_source_filters(get, make):
    make.source(key="a", title="Annual report", kind="report", publisher="Ofcom")
    make.source(key="b", title="Bill", kind="legislation", publisher="Parliament")

    def keys(query):
        return [s["key"] for s in get(f"/api/v1/sources?{query}")["items"]]

    assert keys("kind=legislation") == ["b"]
    assert keys("q=ofcom") == ["a"]  # search covers the publisher too
    assert keys("q=annual") == ["a"]


def test_response_shape_with_its_positions_on_asks(get, make):
    ofcom = make.organisation(key="ofcom", name="Ofcom")
    first = make.ask(slug="first", title="A first ask")
    second = make.ask(slug="second", title="B second ask")
    dropped = make.ask(slug="dropped", title="C dropped", archived_at=utcnow())
    reply = make.response(
        key="ofcom-letter",
        title="Ofcom's reply",
        organisation=ofcom,
        response_date=date(2025, 2, 3),
        channel="letter",
        direction="sent",
        summary="We asked for a meeting.",
        url="https://example.org/letter",
        reply_expected_by=date(2025, 3, 3),
    )
    for ask, position in ((second, "opposes"), (first, "supports"), (dropped, "supports")):
        make.link(
            m.ResponseAsk(response_id=reply.id, ask_id=ask.id, position=position, note=ask.slug)
        )
    body = get("/api/v1/responses/ofcom-letter")
    assert body["organisation"] == {
        "key": "ofcom",
        "name": "Ofcom",
        "api_url": f"{BASE}/organisations/ofcom",
    }
    assert (body["date"], body["channel"], body["direction"]) == ("2025-02-03", "letter", "sent")
    assert (body["summary"], body["url"], body["reply_expected_by"]) == (
        "We asked for a meeting.",
        "https://example.org/letter",
        "2025-03-03",
    )
    assert body["api_url"] == f"{BASE}/responses/ofcom-letter"
    assert [(a["slug"], a["position"], a["note"]) for a in body["asks"]] == [
        ("first", "supports", "first"),
        ("second", "opposes", "second"),
    ]


def test_response_filters_and_newest_first(get, make):
    ofcom = make.organisation(key="ofcom")
    meta = make.organisation(key="meta")
    ask = make.ask(slug="the-ask")
    old = make.response(key="old", organisation=ofcom, response_date=date(2024, 1, 1))
    make.response(key="new", organisation=meta, response_date=date(2025, 1, 1), direction="sent")
    make.response(key="mid", organisation=ofcom, response_date=date(2024, 6, 1), channel="meeting")
    make.link(m.ResponseAsk(response_id=old.id, ask_id=ask.id))

    def keys(query):
        return [r["key"] for r in get(f"/api/v1/responses?{query}")["items"]]

    assert keys("") == ["new", "mid", "old"]
    assert keys("sort=date") == ["old", "mid", "new"]
    assert keys("organisation=ofcom") == ["mid", "old"]
    assert keys("ask=the-ask") == ["old"]
    assert keys("direction=sent") == ["new"]
    assert keys("channel=meeting") == ["mid"]


@pytest.mark.parametrize(
    ("written", "precision", "expected", "display"),
    [
        (date(2023, 10, 26), "day", "2023-10-26", "26 October 2023"),
        (date(2026, 7, 1), "month", "2026-07", "July 2026"),
        (date(2027, 1, 1), "year", "2027", "2027"),
    ],
)
def test_milestone_dates_keep_their_precision(get, make, written, precision, expected, display):
    make.milestone(key="m", milestone_date=written, date_precision=precision)
    body = get("/api/v1/milestones/m")
    assert body["date"] == expected
    assert body["date_precision"] == precision
    assert body["date_display"] == display


def test_milestone_shape_and_filters(get, make):
    ofcom = make.organisation(key="ofcom", name="Ofcom")
    source = make.source(key="roadmap", title="Roadmap")
    ask = make.ask(slug="the-ask", title="The ask")
    codes = make.milestone(
        key="codes",
        title="Codes in force",
        milestone_date=date(2025, 3, 17),
        kind="duty_in_force",
        is_planned=True,
        description="Illegal harms duties",
        organisation=ofcom,
        source=source,
    )
    make.milestone(key="early", title="Early", milestone_date=date(2024, 1, 1), kind="report")
    make.link(m.AskMilestone(ask_id=ask.id, milestone_id=codes.id, note="deadline"))

    body = get("/api/v1/milestones/codes")
    assert (body["kind"], body["planned"], body["description"]) == (
        "duty_in_force",
        True,
        "Illegal harms duties",
    )
    assert body["organisation"]["key"] == "ofcom"
    assert body["source"]["key"] == "roadmap" and body["source"]["title"] == "Roadmap"
    assert body["asks"] == [
        {
            "slug": "the-ask",
            "title": "The ask",
            "note": "deadline",
            "api_url": f"{BASE}/asks/the-ask",
        }
    ]

    def keys(query):
        return [x["key"] for x in get(f"/api/v1/milestones?{query}")["items"]]

    assert keys("") == ["early", "codes"]  # by date
    assert keys("organisation=ofcom") == ["codes"]
    assert keys("ask=the-ask") == ["codes"]
    assert keys("source=roadmap") == ["codes"]
    assert keys("kind=report") == ["early"]
    assert keys("q=codes") == ["codes"]


def test_organisation_shape_parent_and_children(get, make):
    meta = make.organisation(key="meta", name="Meta", kind="company", website="https://meta.com")
    make.organisation(key="instagram", name="Instagram", kind="company", parent=meta)
    make.organisation(key="whatsapp", name="WhatsApp", kind="company", parent=meta)
    make.organisation(key="old-app", name="Old app", parent=meta, archived_at=utcnow())
    make.organisation(key="ofcom", name="Ofcom", kind="regulator")

    body = get("/api/v1/organisations/meta")
    assert (body["name"], body["kind"], body["website"], body["parent"]) == (
        "Meta",
        "company",
        "https://meta.com",
        None,
    )
    assert [c["key"] for c in body["children"]] == ["instagram", "whatsapp"]
    assert body["asks_url"] == f"{BASE}/asks?target=meta"
    assert body["responses_url"] == f"{BASE}/responses?organisation=meta"
    assert body["milestones_url"] == f"{BASE}/milestones?organisation=meta"
    assert get("/api/v1/organisations/instagram")["parent"] == {
        "key": "meta",
        "name": "Meta",
        "api_url": f"{BASE}/organisations/meta",
    }

    def keys(query):
        return [o["key"] for o in get(f"/api/v1/organisations?{query}")["items"]]

    assert keys("") == ["instagram", "meta", "ofcom", "whatsapp"]
    assert keys("kind=regulator") == ["ofcom"]
    assert keys("q=INSTA") == ["instagram"]
    assert keys("archived=1") == ["old-app"]
    assert keys("archived=0") == ["instagram", "meta", "ofcom", "whatsapp"]
