"""Searching everything (issue 17): one ranked query over every record, on both databases, with
the lists' access rules: restricted evidence invisible without clearance (not in a result, a
snippet or a count), archived records only when asked for, snippets escaped."""

from __future__ import annotations

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.entities import all_entities
from campaign.search.everywhere import searchable

SECRET = "zanzibarquux"


def _get(client, query: str) -> dict:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_every_record_with_a_search_spec_is_searched():
    assert set(searchable()) == {e.name for e in all_entities() if e.search is not None}
    assert {
        "ask",
        "statistic",
        "source",
        "evidence",
        "response",
        "milestone",
        "organisation",
    } <= set(searchable())


def test_snapchat_finds_the_snap_asks_and_statistics_on_the_seed(seeded, session):
    client = seeded.test_client()
    body = _get(client, "q=snapchat&per_page=50")
    snap = session.exec(select(m.Organisation).where(m.Organisation.key == "snap")).one()
    targeting = session.exec(
        select(m.Ask.slug).join(m.AskTarget).where(m.AskTarget.organisation_id == snap.id)
    ).all()
    found = {(item["type"], item.get("slug") or item.get("key")) for item in body["items"]}
    assert {("ask", slug) for slug in targeting} <= found and len(targeting) == 3
    statistics = [item for item in body["items"] if item["type"] == "statistic"]
    assert statistics and all("snapchat" in item["title"].lower() for item in statistics)
    assert body["counts"]["ask"] == 3 and body["total"] == len(body["items"])
    organisation = next(item for item in body["items"] if item["type"] == "organisation")
    assert organisation["key"] == "snap"
    assert "<mark>Snapchat</mark>" in organisation["title_html"]


def test_words_are_matched_in_any_form_and_phrases_in_quotes(client, make):
    make.statistic(label="Recorded offences against children", key="a")
    make.statistic(label="One offence recorded", key="b")
    make.statistic(label="Children recorded offences", key="c")
    keys = lambda q: {i["key"] for i in _get(client, q)["items"]}  # noqa: E731
    assert keys("q=offence") == {"a", "b", "c"}
    assert keys('q="recorded offences"') == {"a", "c"}  # the words side by side, in order
    assert keys("q=offences children") == {"a", "c"}
    assert keys("q=%22%27%3B+DROP") == set()  # quotes and punctuation are never syntax


def test_or_and_minus_mean_the_same_on_both_databases(client, make):
    """The box reads `or` and `-word` as PostgreSQL's websearch_to_tsquery does, on SQLite too."""
    make.statistic(label="Meta encryption roll-out", key="meta")
    make.statistic(label="Instagram encryption plans", key="insta")
    make.statistic(label="Ofcom age checks", key="ofcom")
    keys = lambda q: {i["key"] for i in _get(client, q)["items"]}  # noqa: E731
    assert keys("q=encryption") == {"meta", "insta"}
    assert keys("q=encryption+-instagram") == {"meta"}
    assert keys("q=meta+or+ofcom") == {"meta", "ofcom"}
    assert keys("q=encryption+-instagram+or+age+checks") == {"meta", "ofcom"}
    assert keys('q=-"age checks"') == set()  # nothing to find, only what to leave out
    assert keys("q=or") == set()


def test_restricted_evidence_is_invisible_without_clearance(app, client_as, make):
    make.evidence(
        key="secret-case",
        title=f"Case study {SECRET}",
        text=f"{SECRET} happened",
        kind=m.EvidenceKind.CASE_STUDY,
        sensitivity=m.Sensitivity.RESTRICTED,
    )
    make.evidence(key="open", title="Open quote", text=f"an open {SECRET} mention")
    uncleared = client_as("editor")
    body = _get(uncleared, f"q={SECRET}")
    assert [item["key"] for item in body["items"]] == ["open"]
    assert body["counts"] == {"evidence": 1} and body["total"] == 1
    page = uncleared.get(f"/search/?q={SECRET}").get_data(as_text=True)
    assert "Case study" not in page and "secret-case" not in page and "(1)" in page
    cleared = client_as("editor", clearance=True)
    found = _get(cleared, f"q={SECRET}")
    assert {item["key"] for item in found["items"]} == {"secret-case", "open"}
    restricted = next(item for item in found["items"] if item["key"] == "secret-case")
    # Found by its title; its text is not in the index, so never in a snippet.
    assert SECRET not in restricted["snippet"]


def test_archived_records_only_when_asked_for(client, make, session):
    make.source(key="gone", title="Withdrawn quuxreport", kind=m.SourceKind.REPORT)
    source = session.exec(select(m.Source).where(m.Source.key == "gone")).one()
    client.post(f"/sources/{source.id}/archive")
    assert _get(client, "q=quuxreport")["total"] == 0
    body = _get(client, "q=quuxreport&archived=1")
    assert [(i["key"], i["archived"]) for i in body["items"]] == [("gone", True)]


def test_snippets_and_titles_are_escaped(client, make):
    make.statistic(label="<script>alert(1)</script> quuxfigure", key="x")
    body = _get(client, "q=quuxfigure")
    assert "<script>" not in body["items"][0]["title_html"]
    assert "&lt;script&gt;" in body["items"][0]["title_html"]
    page = client.get("/search/?q=quuxfigure").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<mark>quuxfigure</mark>" in page


def test_an_edit_is_found_at_once(client, make, session):
    make.statistic(label="Old words", key="w")
    stat = session.exec(select(m.Statistic).where(m.Statistic.key == "w")).one()
    assert (
        client.patch("/api/v1/statistics/w", json={"label": "Fresh quuxwords"}).status_code == 200
    )
    assert [i["key"] for i in _get(client, "q=quuxwords")["items"]] == ["w"]
    assert _get(client, "q=Old")["total"] == 0
    assert stat.id


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "q:"),
        ("q=a&type=nope", "type:"),
        ("q=a&archived=2", "archived:"),
        ("q=a&page=0", "page:"),
    ],
)
def test_bad_arguments_are_400s_naming_the_parameter(client, query, message):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["detail"].startswith(message)


def test_type_filters_and_paging(client, make):
    for n in range(3):
        make.statistic(label=f"Quuxpage figure {n}", key=f"s{n}")
    make.source(key="src", title="Quuxpage report", kind=m.SourceKind.REPORT)
    body = _get(client, "q=quuxpage&type=statistic&per_page=2")
    assert body["total"] == 3 and len(body["items"]) == 2 and body["next"]
    assert body["counts"] == {"statistic": 3, "source": 1}
    second = client.get("/api/v1" + body["next"].split("/api/v1", 1)[1]).get_json()
    assert len(second["items"]) == 1 and second["next"] is None
