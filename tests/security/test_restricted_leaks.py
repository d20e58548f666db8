"""Restricted evidence never leaks to a user without clearance: every GET page of the app with
real ids (lists with `?q=`, asks, evidence, sources, the dashboard, the JSON API, packs pages,
calendar files), every export, and briefing packs in every format, internal and external.

One restricted case study, linked to a seed ask and source, carries a marker in every field. Its
text and attribution must appear nowhere. Its title and key are shown as labels (documented in
docs/accounts.md), see `test_restricted_titles_are_hidden_too`. The same crawl as a cleared user
finds the text, so the search can fail.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.entities import all_entities
from campaign.packs import generation
from tests.packs.test_views import builder_data
from tests.security.crawl import get_urls
from tests.security.documents import readable, wait_for_pack

TEXT = "LEAKMARKER-7f3a-text"
ATTRIBUTION = "LEAKMARKER-7f3a-attribution"
TITLE = "LEAKMARKER-7f3a-title"
KEY = "leakmarker-7f3a-key"
SECRET = re.compile(r"leakmarker-7f3a-(text|attribution)", re.IGNORECASE)
ANY_MARKER = re.compile(r"leakmarker-7f3a", re.IGNORECASE)


@pytest.fixture
def campaign(seeded, session, make):
    """The seed campaign plus one restricted case study carrying the markers; lists show every
    row on one page."""
    seeded.config["PER_PAGE"] = 1000
    ask = session.exec(select(m.Ask).order_by(m.Ask.id)).first()
    source = session.exec(select(m.Source).order_by(m.Source.id)).first()
    item = make.evidence(
        key=KEY,
        title=TITLE,
        kind=m.EvidenceKind.CASE_STUDY,
        sensitivity=m.Sensitivity.RESTRICTED,
        text=f"{TEXT}: it happened every night. **{TEXT}** in Markdown too.",
        attribution=ATTRIBUTION,
        source_id=source.id,
    )
    make.link(m.AskEvidence(ask_id=ask.id, evidence_id=item.id))
    for entity in all_entities():  # a row of every kind of record, the ones the seed lacks too
        if entity.sample is not None:
            make.record(entity)
    yield seeded, ask, item
    generation.shutdown(seeded)


def crawl(app, session, client) -> dict[str, str]:
    """url -> body (as text) of every GET page, with `?q=` searches for part of the marker
    (a page echoes its search box: the whole marker there would be found on every page)."""
    bodies = {}
    for url in get_urls(app, session, query="q=7f3a"):
        response = client.get(url)
        assert response.status_code < 500, url
        bodies[url] = response.get_data().decode("utf-8", "replace")
        response.close()
    return bodies


def calendar_feed(runner) -> str:
    result = runner.invoke(args=["calendar-token"])
    assert result.exit_code == 0, result.output
    url = result.output.strip().splitlines()[-1]
    return url[url.index("/calendar.ics") :]


def make_packs(client, ask) -> list[int]:
    """Previews and generates a pack in every format, external and internal, as `client`."""
    pack_ids = []
    for classification in ("external", "internal"):
        audience = {"audience_organisation": "ofcom", "audience": ""}
        if classification == "internal":
            audience = {"audience_organisation": "", "audience": "The team"}
        preview = client.post(
            "/packs/new",
            data=builder_data(ask.slug, classification=classification, preview="1", **audience),
        )
        assert preview.status_code == 200, preview.get_data(as_text=True)
        assert not ANY_MARKER.search(preview.get_data(as_text=True)), classification
        for fmt in ("html", "pdf", "docx"):
            data = builder_data(
                ask.slug, classification=classification, format=fmt, generate="1", **audience
            )
            response = client.post("/packs/new", data=data)
            assert response.status_code == 302, response.get_data(as_text=True)
            pack_ids.append(int(response.location.rsplit("/", 1)[1]))
    return pack_ids


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_no_page_api_export_or_pack_shows_restricted_text(
    campaign, session, client_as, role, runner
):
    app, ask, _item = campaign
    client = client_as(role)
    leaks = []
    if role == "editor":  # viewers may not make packs (403, tests/accounts/test_guard.py)
        for pack_id in make_packs(client, ask):
            status = wait_for_pack(client, pack_id)
            assert status["status"] == "done", status
            download = client.get(status["download_url"])
            assert download.status_code == 200
            text = readable(download.data, download.content_type)
            if ANY_MARKER.search(text):  # the whole item is left out of a pack: title too
                leaks.append(f"pack {pack_id} ({download.content_type})")
    pages = crawl(app, session, client)
    assert len(pages) > 300  # the crawl reached the seed's rows
    feed = client.get(calendar_feed(runner))
    assert feed.status_code == 200
    pages["calendar feed"] = feed.get_data(as_text=True)
    leaks += [url for url, body in pages.items() if SECRET.search(body)]
    assert not leaks, f"restricted text shown to a {role} without clearance at: {leaks}"
    # The whole-campaign export holds it: refused.
    assert client.get("/bundles/export.yaml").status_code == 403
    assert f"/evidence/{_item.id}/edit" in pages  # crawled, and not there for this user
    assert client.get(f"/evidence/{_item.id}/edit").status_code == 404
    assert client.get(f"/evidence/{_item.id}").status_code == 404


def test_a_cleared_user_finds_it_so_the_search_can_fail(campaign, session, client_as):
    app, _ask, item = campaign
    pages = crawl(app, session, client_as("viewer", clearance=True))
    assert SECRET.search(pages[f"/evidence/{item.id}"])
    assert SECRET.search(pages[f"/api/v1/evidence/{KEY}"])


def test_restricted_titles_are_hidden_too(campaign, session, client_as):
    app, _ask, _item = campaign
    pages = crawl(app, session, client_as("viewer"))
    shown = [url for url, body in pages.items() if ANY_MARKER.search(body)]
    assert not shown, shown
