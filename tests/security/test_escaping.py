"""Script and HTML payloads typed into every text field of every create form come back escaped
on detail and list pages (Markdown fields sanitised by nh3), and inert in briefing packs: no
live tag in the HTML pack, literal text in the Word XML and the PDF's text, no PDF JavaScript."""

from __future__ import annotations

import re

import pytest

from campaign.entities import all_entities
from campaign.packs import generation
from tests.packs.test_views import builder_data
from tests.security.documents import (
    docx_parts,
    live_markup,
    pdf_actions,
    pdf_text,
    wait_for_pack,
)
from tests.security.forms import fill

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Every registered record's create form, in catalogue order (a record after those it names).
AREAS = [entity.plural for entity in all_entities()]


# A chooser's text box (docs/choosers.md) and the area whose rows it finds.
CHOOSERS = {
    "source_id_find": "sources",
    "organisation_id_find": "organisations",
    "link_ask_id_find": "asks",
    "target_ids_find": "organisations",
    "parent_id_find": "organisations",
    "person_keys_find": "people",
    "organisation_keys_find": "organisations",
    "person_id_find": "people",
    "response_id_find": "responses",
    "status_response_id_find": "responses",
    "ask_id_find": "asks",
    "ask_find": "asks",  # a watch's (issue 19)
    "person_find": "people",
    "organisation_find": "organisations",
}


def payload(name: str, maxlength: int | None = None) -> str:
    if name == "tag_names":  # comma-separated tags of 60 characters at most
        return SCRIPT
    text = f'{SCRIPT}"><img src=x onerror=alert(1)> {name}'
    return text if maxlength is None or len(text) <= maxlength else SCRIPT[:maxlength]


@pytest.fixture
def created(app, client):
    """Every area's create form submitted through HTTP with a payload in every text field;
    {area: (detail url, typed field names)}."""
    made = {}

    def typing(name: str, maxlength: int | None = None) -> str:
        if name in CHOOSERS:  # search for the one row of that kind made above, if any
            return "script" if CHOOSERS[name] in made else ""
        return payload(name, maxlength)

    for area in AREAS:
        page = client.get(f"/{area}/new").get_data(as_text=True)
        data, typed = fill(page, f"/{area}/new", typing)
        response = client.post(f"/{area}/new", data=data)
        assert response.status_code == 302, (area, response.get_data(as_text=True)[-3000:])
        made[area] = (response.location, typed)
    yield made
    generation.shutdown(app)


def test_every_text_field_comes_back_escaped(client, created):
    for area, (detail_url, typed) in created.items():
        assert typed, area
        for url in (detail_url, f"/{area}/", f"{detail_url}/edit"):
            body = client.get(url).get_data(as_text=True)
            assert live_markup(body) == [], url
            assert SCRIPT not in body, url
            assert ESCAPED_SCRIPT in body, url
    # Markdown (ask summary, response summary, milestone description): nh3 removed the tags.
    ask_page = client.get(created["asks"][0]).get_data(as_text=True)
    assert "<img src=x" not in ask_page and "<script>" not in ask_page


def test_the_api_returns_the_payload_as_json_text(client, created):
    response = client.get("/api/v1/organisations")
    assert SCRIPT in response.get_data(as_text=True)  # the text as typed, as JSON data
    assert response.mimetype == "application/json"  # never sniffed as a page:
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _link_everything(client, ask_url: str) -> None:
    """Link the payload statistic and evidence to the payload ask, with a note (the milestone
    was linked by its own form)."""
    for kind in ("statistics", "evidence"):
        response = client.post(
            f"{ask_url}/{kind}",
            data={f"{kind}-item_id": "1", f"{kind}-note": payload("note")},
        )
        assert response.status_code == 302, (kind, response.status_code)


def _make_pack(client, slug: str, fmt: str) -> bytes:
    data = builder_data(
        slug,
        classification="internal",
        audience_organisation="",
        audience=payload("audience"),
        format=fmt,
        generate="1",
        title=payload("title", 200)[:120],
        next_steps=payload("next_steps"),
        made_by=SCRIPT,
    )
    response = client.post("/packs/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    status = wait_for_pack(client, int(response.location.rsplit("/", 1)[1]))
    assert status["status"] == "done", status
    return client.get(status["download_url"]).data


def test_packs_hold_the_payloads_as_inert_text(client, created):
    ask_url = created["asks"][0]
    _link_everything(client, ask_url)
    slug = ask_url.rsplit("/", 1)[1]

    html = _make_pack(client, slug, "html").decode("utf-8")
    assert "alert(1)" in html  # the payloads are in the pack...
    assert "<script" not in html.lower()  # ...and a pack has no script at all
    assert live_markup(html) == []

    word = "\n".join(docx_parts(_make_pack(client, slug, "docx")).values())
    assert ESCAPED_SCRIPT in word  # text in the XML, escaped
    assert "<script" not in word and not re.search(r"<img\b", word)

    pdf = _make_pack(client, slug, "pdf")
    assert SCRIPT in re.sub(r"\s+", "", pdf_text(pdf))  # shown literally, as text
    assert pdf_actions(pdf) == []  # no script, no launch action, in any object
