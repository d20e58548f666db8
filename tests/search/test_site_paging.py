"""Searching everything pages from the index (issue 17, "search p95 < 50 ms at scale 10"): one
statement ranks, pages and counts, PostgreSQL ranks from the stored vectors, and the results
are the same as before: one order across kinds and pages, each record listed and counted once
(also when found both by its own words and through a linked organisation), and a row that is
archived, restored or restricted moves in the index at once."""

from __future__ import annotations

from sqlmodel import select

from campaign import models as m
from tests.search.test_everywhere import _get
from tests.support.querycount import count_queries

WORD = "quuxpaging"


def _keys(body: dict) -> list[tuple[str, str]]:
    return [(item["type"], item.get("slug") or item["key"]) for item in body["items"]]


def _target(make, ask: m.Ask, organisation: m.Organisation) -> None:
    make.link(m.AskTarget(ask_id=ask.id, organisation_id=organisation.id))


def _portfolio(make) -> None:
    """Rows of five kinds that match WORD: by title, by body, and asks through their target."""
    organisation = make.organisation(name=f"{WORD.title()} Ltd", key="quux-ltd")
    for n in range(3):
        make.statistic(label=f"{WORD} figure {n}", key=f"stat-{n}")
    make.statistic(label="Body only", key="stat-body", caveats=f"see {WORD} notes")
    make.source(title=f"{WORD} report", key="src")
    own = make.ask(title=f"Regulate {WORD}", slug="own-ask")
    _target(make, own, organisation)  # found by its words AND through its target
    _target(make, make.ask(title="Through the target only", slug="via-ask"), organisation)
    make.evidence(title="Quote", key="ev", text=f"{WORD} in a quote")


def test_pages_follow_one_order_across_kinds_and_list_each_record_once(client, make):
    _portfolio(make)
    everything = _get(client, f"q={WORD}&per_page=50")
    keys = _keys(everything)
    assert len(keys) == len(set(keys)) == everything["total"] == 9
    assert everything["counts"] == {
        "ask": 2,
        "evidence": 1,
        "organisation": 1,
        "source": 1,
        "statistic": 4,
    }
    # A match of its own ranks above a match through a link; a title above a body.
    assert keys.index(("ask", "own-ask")) < keys.index(("ask", "via-ask"))
    assert keys.index(("statistic", "stat-0")) < keys.index(("statistic", "stat-body"))
    paged, page = [], 1
    while True:
        body = _get(client, f"q={WORD}&per_page=2&page={page}")
        assert body["counts"] == everything["counts"] and body["total"] == 9
        paged += _keys(body)
        if body["next"] is None:
            break
        page += 1
    assert paged == keys and page == 5


def test_a_kind_filter_keeps_the_records_found_through_a_link(client, make):
    _portfolio(make)
    body = _get(client, f"q={WORD}&type=ask")
    assert _keys(body) == [("ask", "own-ask"), ("ask", "via-ask")]
    assert body["total"] == 2 and body["counts"]["statistic"] == 4
    body = _get(client, f"q={WORD}&type=statistic,source&per_page=3")
    assert {kind for kind, _ in _keys(body)} <= {"statistic", "source"}
    assert body["total"] == 5 and len(body["items"]) == 3


def test_one_statement_ranks_pages_and_counts(app, client, make):
    _portfolio(make)
    with count_queries(app) as statements:
        _get(client, f"q={WORD}")
    ranked = [s for s in statements if "ORDER BY score" in s]
    assert len(ranked) == 1 and "count(*)" in ranked[0]
    # PostgreSQL ranks from the stored vectors: no statement recomputes one from the text.
    assert not [s for s in statements if "to_tsvector" in s]


def test_restricting_archiving_and_restoring_move_a_row_in_the_index(
    client, client_as, make, session
):
    make.evidence(key="moving", title="Moving item", text=f"the {WORD} text")
    item = session.exec(select(m.Evidence).where(m.Evidence.key == "moving")).one()
    uncleared, cleared = client_as("editor"), client_as("editor", clearance=True)
    assert _keys(_get(uncleared, f"q={WORD}")) == [("evidence", "moving")]

    form = {"title": "Moving item", "kind": "quote", "text": f"the {WORD} text"}
    restricted = {**form, "sensitivity": "restricted", "version": item.version}
    assert client.post(f"/evidence/{item.id}/edit", data=restricted).status_code == 302
    assert _get(uncleared, "q=moving")["total"] == 0
    assert _get(uncleared, f"q={WORD}")["counts"] == {}
    assert _keys(_get(cleared, "q=moving")) == [("evidence", "moving")]
    assert _get(cleared, f"q={WORD}")["total"] == 0  # its text is not indexed

    session.refresh(item)
    public = {**form, "sensitivity": "public", "version": item.version}
    assert client.post(f"/evidence/{item.id}/edit", data=public).status_code == 302
    assert _keys(_get(uncleared, f"q={WORD}")) == [("evidence", "moving")]

    assert client.post(f"/evidence/{item.id}/archive").status_code == 302
    assert _get(uncleared, f"q={WORD}")["total"] == 0
    body = _get(uncleared, f"q={WORD}&archived=1")
    assert [(i["key"], i["archived"]) for i in body["items"]] == [("moving", True)]
    assert "<mark>" in body["items"][0]["snippet_html"]  # the snippet found its row
    assert client.post(f"/evidence/{item.id}/restore").status_code == 302
    assert _keys(_get(uncleared, f"q={WORD}")) == [("evidence", "moving")]
