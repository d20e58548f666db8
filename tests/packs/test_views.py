"""The packs pages: the builder, the preview, generating and downloading, the list, retrying."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import func, select

from campaign.models import (
    AskStatistic,
    Pack,
    PackClassification,
    PackFormat,
    PackStatus,
)
from tests.responses.helpers import page_text

OFCOM_ASK = "ofcom-strengthen-illegal-harms-codes"
GROOMING_ASK = "detect-grooming-sextortion-new-images"  # cites a restricted case study
SECTIONS = ["summary", "statistics", "charts", "evidence", "positions", "milestones", "contacts"]


def builder_data(*slugs: str, **fields) -> dict:
    """The builder's form as a browser posts it, the given asks ticked in that order."""
    data = {
        "title": "Briefing for Ofcom",
        "audience_organisation": "ofcom",
        "audience": "",
        "meeting_date": "2026-12-03",
        "sections": SECTIONS,
        "classification": "external",
        "format": "pdf",
        "next_steps": "Ask Ofcom for **a date**.",
        "made_by": "Ann Example",
    }
    for index, slug in enumerate(slugs):
        data.update({f"asks-{index}-slug": slug, f"asks-{index}-include": "y"})
        data[f"asks-{index}-order"] = str(index + 1)
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def count_packs(session) -> int:
    return session.exec(select(func.count()).select_from(Pack)).one()


@pytest.fixture
def small(make):
    """Ofcom and two asks (one with a figure), plus an archived ask."""
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    first = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    second = make.ask(title="Pause encryption", slug="pause-encryption")
    make.ask(title="Old ask", slug="old-ask", archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    figure = make.statistic(label="Offences recorded", key="offences", value=33226)
    make.link(AskStatistic(ask_id=first.id, statistic_id=figure.id))
    return ofcom, first, second


def keep(session, **kw) -> Pack:
    """A pack record made directly (for the list and state tests)."""
    kw.setdefault("title", "Briefing")
    kw.setdefault("audience", "Ofcom")
    kw.setdefault("classification", PackClassification.EXTERNAL)
    kw.setdefault("format", PackFormat.PDF)
    kw.setdefault("settings", {"title": kw["title"], "ask_slugs": ["strengthen-codes"]})
    pack = Pack(**kw)
    session.add(pack)
    session.commit()
    return pack


def test_the_builder_lists_every_live_ask_and_preselects_the_one_asked_for(client, small):
    page = client.get("/packs/new?ask=pause-encryption")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Strengthen the codes" in html and "Pause encryption" in html
    assert "Old ask" not in html  # archived asks cannot go in a pack
    # The preselected ask comes first, ticked and numbered 1; the other is offered unticked.
    assert re.search(r'name="asks-0-slug" type="hidden" value="pause-encryption"', html)
    assert re.search(r'checked id="asks-0-include"|id="asks-0-include"[^>]*checked', html)
    assert re.search(r'name="asks-0-order" type="number" value="1"', html)
    assert not re.search(r'id="asks-1-include"[^>]*checked', html)
    for section in SECTIONS:  # every section ticked by default
        assert re.search(rf'checked[^>]*value="{section}"|value="{section}"[^>]*checked', html)
    assert re.search(r'checked[^>]*value="external"|value="external"[^>]*checked', html)
    assert re.search(r'checked[^>]*value="pdf"|value="pdf"[^>]*checked', html)
    text = page_text(page)
    assert "leave out evidence that is not public" in text
    assert "Word" in text and "Summary of asks" in text


def test_builder_errors_name_the_fields_and_nothing_is_kept(client, session, small):
    page = client.post(
        "/packs/new",
        data=builder_data(title="", audience_organisation="", made_by="", sections=[], generate="1")
        | {"asks-0-slug": "strengthen-codes", "asks-0-order": ""},
    )
    assert page.status_code == 422
    text = page_text(page)
    assert "Enter the pack's title." in text
    assert "Choose at least one ask to include." in text
    assert "Say who the pack is for" in text
    assert "Enter who prepared the pack." in text
    assert "Choose at least one section." in text
    assert count_packs(session) == 0


def test_builder_refuses_two_audiences_and_a_bad_order(client, session, small):
    data = builder_data("strengthen-codes", audience="Peers", generate="1")
    data["asks-0-order"] = "first"
    page = client.post("/packs/new", data=data)
    assert page.status_code == 422
    text = page_text(page)
    assert "Choose an organisation or type the audience, not both." in text
    assert "Order of “Strengthen the codes”:" in text
    assert count_packs(session) == 0


def test_an_ask_archived_meanwhile_is_reported_beside_the_asks(client, session, small):
    data = builder_data("old-ask", generate="1")
    page = client.post("/packs/new", data=data)
    assert page.status_code == 422
    assert "The ask “old-ask” is archived" in page_text(page)
    assert count_packs(session) == 0


def test_preview_of_an_external_pack_shows_figures_and_no_restricted_material(
    seeded, client, session
):
    page = client.post("/packs/new", data=builder_data(OFCOM_ASK, GROOMING_ASK, preview="1"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'href="/static/packs/pack.css"' in html
    assert '<article class="pack' in html
    text = page_text(page)
    assert "Preview: Briefing for Ofcom" in text
    assert "25%" in text and "33,226" in text  # the ask's figures
    assert "Childline snapshot" not in text  # restricted evidence stays out
    assert "25% rise&#39; headline" not in html  # so do the team's notes
    assert re.search(r"Left out of this external pack \d+ restricted evidence", text)
    assert count_packs(session) == 0  # a preview keeps nothing

    internal = client.post(
        "/packs/new",
        data=builder_data(OFCOM_ASK, GROOMING_ASK, classification="internal", preview="1"),
    )
    text = page_text(internal)
    assert "Childline snapshot" in text and "CONFIDENTIAL" in text
    assert "25% rise&#39; headline" in internal.get_data(as_text=True)
    assert "Left out of this external pack" not in text


def test_the_preview_page_can_generate_exactly_what_it_shows(client, session, small):
    page = client.post("/packs/new", data=builder_data("pause-encryption", "strengthen-codes"))
    html = page.get_data(as_text=True)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert hidden["title"] == "Briefing for Ofcom" and hidden["meeting_date"] == "2026-12-03"
    assert hidden["asks-0-slug"] == "pause-encryption" and hidden["asks-1-order"] == "2"
    back = client.post("/packs/new", data={**hidden, "sections": SECTIONS, "edit": "1"})
    assert back.status_code == 200 and "New briefing pack" in page_text(back)
    assert count_packs(session) == 0


def test_generate_polls_to_done_and_downloads_the_kept_bytes(client, session, small, wait_for_pack):
    response = client.post(
        "/packs/new",
        data=builder_data("pause-encryption", "strengthen-codes", generate="1"),
    )
    assert response.status_code == 302
    pack_id = int(response.location.rsplit("/", 1)[1])
    assert response.location == f"/packs/{pack_id}"

    status = wait_for_pack(client, pack_id)
    assert status == {
        "status": "done",
        "progress": 100,
        "stage": "Done",
        "error": None,
        "download_url": f"/packs/{pack_id}/download",
    }
    pack = session.get(Pack, pack_id)
    assert pack.settings["ask_slugs"] == ["pause-encryption", "strengthen-codes"]
    assert (pack.audience, pack.made_by) == ("Ofcom", "Ann Example")
    # The account that asked for it is kept beside the free-text "Prepared by".
    assert (pack.requested_by_user_id, pack.requested_by) == (client.user.id, client.user.email)
    page = client.get(f"/packs/{pack_id}").get_data(as_text=True)
    assert f"by {client.user.email}" in page

    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF")
    assert hashlib.sha256(download.data).hexdigest() == pack.sha256
    assert len(download.data) == pack.size
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=2026-12-03-briefing-for-ofcom.pdf"
    )
    assert download.headers["ETag"] == f'"{pack.sha256}"'
    again = client.get(status["download_url"], headers={"If-None-Match": f'"{pack.sha256}"'})
    assert again.status_code == 304

    detail = page_text(client.get(f"/packs/{pack_id}"))
    assert "Download" in detail and pack.sha256 in detail
    assert "Pause encryption" in detail and "Strengthen the codes" in detail
    assert "Ask Ofcom for a date." in detail  # next steps, as Markdown
    # The list links the kept file for download again.
    listing = client.get("/packs/").get_data(as_text=True)
    assert f'href="/packs/{pack_id}/download" download' in listing
    # "Prepared by" is remembered for the next pack.
    assert 'value="Ann Example"' in client.get("/packs/new").get_data(as_text=True)


def test_a_pack_in_progress_shows_its_progress_and_cannot_be_downloaded(client, session):
    pack = keep(
        session,
        status=PackStatus.RUNNING,
        progress=30,
        stage="Laying out the PDF",
        started_at=datetime.now(UTC),
    )
    page = client.get(f"/packs/{pack.id}")
    html = page.get_data(as_text=True)
    assert '<progress id="pack-progress-bar" max="100" value="30">' in html
    assert "Laying out the PDF" in html
    assert f'data-status-url="/packs/{pack.id}/status"' in html
    assert "/static/js/pack-progress.js" in html
    assert '<noscript><meta http-equiv="refresh"' in html
    assert ">Download<" not in html
    assert f"/packs/{pack.id}/download" not in client.get("/packs/").get_data(as_text=True)
    download = client.get(f"/packs/{pack.id}/download")
    assert download.status_code == 409
    assert "no file yet: it is running" in page_text(download)
    assert client.get("/packs/9999").status_code == 404
    assert client.get("/packs/9999/status").status_code == 404
    assert client.get("/packs/9999/download").status_code == 404


def test_a_failed_pack_shows_its_error_and_is_generated_again(
    client, session, small, wait_for_pack
):
    pack = keep(
        session,
        title="Briefing for Ofcom",
        settings=builder_settings(),
        status=PackStatus.FAILED,
        error="The ask “strengthen-codes” is archived: restore it to include it.",
    )
    text = page_text(client.get(f"/packs/{pack.id}"))
    assert "The pack could not be generated." in text and "is archived" in text
    response = client.post(f"/packs/{pack.id}/retry")
    assert response.status_code == 302
    assert wait_for_pack(client, pack.id)["status"] == "done"
    refused = client.post(f"/packs/{pack.id}/retry", follow_redirects=True)
    assert "This pack has been generated" in page_text(refused)


def test_an_interrupted_pack_can_be_generated_again(client, session, small, wait_for_pack):
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    pack = keep(
        session,
        settings=builder_settings(),
        status=PackStatus.RUNNING,
        created_at=long_ago,
        started_at=long_ago,
    )
    assert client.get(f"/packs/{pack.id}/status").get_json()["status"] == "interrupted"
    text = page_text(client.get(f"/packs/{pack.id}"))
    assert "Generation was interrupted" in text and "Generate again" in text
    client.post(f"/packs/{pack.id}/retry")
    assert wait_for_pack(client, pack.id)["status"] == "done"


def test_a_running_pack_is_not_started_twice(client, session, small):
    pack = keep(session, status=PackStatus.RUNNING, started_at=datetime.now(UTC))
    page = client.post(f"/packs/{pack.id}/retry", follow_redirects=True)
    assert "still being generated" in page_text(page)
    session.refresh(pack)
    assert pack.status is PackStatus.RUNNING


def builder_settings() -> dict:
    return {
        "title": "Briefing for Ofcom",
        "ask_slugs": ["strengthen-codes"],
        "format": "html",
        "audience": "Ofcom",
        "audience_organisation_key": "ofcom",
        "meeting_date": "2026-12-03",
        "next_steps": "Follow up in January.",
        "made_by": "Ann Example",
    }


def test_generate_again_prefills_the_builder_from_a_kept_pack(client, session, small):
    pack = keep(session, settings={**builder_settings(), "sections": ["summary", "evidence"]})
    html = client.get(f"/packs/new?from={pack.id}").get_data(as_text=True)
    assert 'value="Briefing for Ofcom"' in html
    assert '<input type="hidden" name="audience_organisation" value="ofcom">' in html
    assert 'name="audience_organisation_find" value="Ofcom"' in html  # a chooser: its name
    assert 'value="2026-12-03"' in html and "Follow up in January." in html
    assert re.search(r'checked[^>]*value="html"|value="html"[^>]*checked', html)
    assert re.search(r'checked[^>]*value="evidence"|value="evidence"[^>]*checked', html)
    assert not re.search(r'checked[^>]*value="charts"|value="charts"[^>]*checked', html)
    assert re.search(r'name="asks-0-slug" type="hidden" value="strengthen-codes"', html)
    assert client.get("/packs/new?from=9999").status_code == 404


def test_the_list_filters_searches_and_pages_newest_first(make_app, session, small):
    client = make_app(PER_PAGE=2).test_client()
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    keep(session, title="Ofcom board", created_at=start, status=PackStatus.DONE, size=2048)
    keep(
        session,
        title="Peers' briefing",
        audience="Cross-party peers",
        classification=PackClassification.INTERNAL,
        format=PackFormat.DOCX,
        created_at=start + timedelta(days=1),
        status=PackStatus.FAILED,
        meeting_date=date(2026, 12, 3),
    )
    keep(session, title="Meta meeting", audience="Meta", created_at=start + timedelta(days=2))

    def titles(query: str) -> list[str]:
        html = client.get(f"/packs/{query}").get_data(as_text=True)
        return re.findall(r'<a href="/packs/\d+">([^<]+)</a>', html)

    assert titles("") == ["Meta meeting", "Peers&#39; briefing"]  # newest first, 2 a page
    assert titles("?page=2") == ["Ofcom board"]
    assert titles("?classification=internal") == ["Peers&#39; briefing"]
    assert titles("?format=pdf") == ["Meta meeting", "Ofcom board"]
    assert titles("?status=done") == ["Ofcom board"]
    assert titles("?q=PEERS") == ["Peers&#39; briefing"]  # title or audience, any case
    assert titles("?q=meta") == ["Meta meeting"]
    assert titles("?status=nonsense") == []
    text = page_text(client.get("/packs/?status=done"))
    assert "2.0 KB" in text and "1 November 2026, 09:00 GMT" in text


def test_the_ask_page_and_the_nav_lead_to_the_builder(client, small):
    html = client.get("/asks/strengthen-codes").get_data(as_text=True)
    assert 'href="/packs/new?ask=strengthen-codes"' in html and "Briefing pack" in html
    assert 'href="/packs/"' in html


def test_the_builder_carries_a_csrf_token(make_app, small):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    html = client.get("/packs/new").get_data(as_text=True)
    assert 'name="csrf_token"' in html
    refused = client.post("/packs/new", data=builder_data("strengthen-codes", generate="1"))
    assert refused.status_code == 400


def test_prepared_by_starts_as_the_signed_in_users_name(client_as, small):
    editor = client_as("editor")
    page = editor.get("/packs/new").get_data(as_text=True)
    assert f'value="{editor.user.name}"' in page
