"""The response form: fields, one position row per ask, validation and archive."""

from datetime import UTC, datetime

from sqlmodel import select

from campaign.models import Position, Response, ResponseAsk
from tests.responses.helpers import page_text

ARCHIVED = datetime(2025, 1, 1, tzinfo=UTC)


def form_data(org, rows=(), **overrides):
    """Form fields as the browser posts them; `rows` are (ask, position, note) triples."""
    data = {
        "title": "Ofcom statement on illegal harms codes",
        "organisation_id": str(org.id),
        "response_date": "2025-02-10",
        "channel": "consultation_statement",
        "direction": "received",
        "summary": "",
        "url": "",
        "reply_expected_by": "",
    }
    for i, (ask, position, note) in enumerate(rows):
        data[f"positions-{i}-ask_id"] = str(ask.id)
        data[f"positions-{i}-position"] = position
        data[f"positions-{i}-note"] = note
    data.update(overrides)
    return data


def links_of(session, response_id):
    session.expire_all()
    rows = session.exec(select(ResponseAsk).where(ResponseAsk.response_id == response_id)).all()
    return {row.ask_id: (row.position, row.note) for row in rows}


def test_the_form_offers_one_row_per_active_ask_and_prefills_from_ask_id(client, make):
    make.organisation(name="Ofcom")
    scanning = make.ask(title="Scan for known CSAM")
    make.ask(title="Age assurance for under-13s")
    make.ask(title="Archived ask", archived_at=ARCHIVED)
    page = client.get(f"/responses/new?ask_id={scanning.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index("Age assurance for under-13s") < html.index("Scan for known CSAM")
    assert "Archived ask" not in html
    assert "Not about this ask" in html
    # the prefilled ask's row is linked ("no position"); the other is not
    assert '<option selected value="no_position">' in html
    assert html.count('selected value="no_position"') == 1
    assert 'id="positions-1-ask_id"' in html and f'value="{scanning.id}"' in html


def test_create_with_positions_on_two_asks_then_unlink_one(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    scanning = make.ask(title="Scan for known CSAM")
    age = make.ask(title="Age assurance for under-13s")
    other = make.ask(title="Transparency reports")
    created = client.post(
        "/responses/new",
        data=form_data(
            ofcom,
            [
                (age, "partly_supports", "Only for the largest services"),
                (scanning, "opposes", ""),
                (other, "", ""),
            ],
        ),
    )
    assert created.status_code == 302
    response = session.exec(select(Response)).one()
    assert response.organisation_id == ofcom.id
    assert links_of(session, response.id) == {
        age.id: (Position.PARTLY_SUPPORTS, "Only for the largest services"),
        scanning.id: (Position.OPPOSES, ""),
    }

    detail = client.get(created.location)
    assert 'class="badge badge-partly_supports"' in detail.get_data(as_text=True)
    assert 'class="badge badge-opposes"' in detail.get_data(as_text=True)

    edit_page = client.get(f"/responses/{response.id}/edit").get_data(as_text=True)
    assert "Only for the largest services</textarea>" in edit_page
    assert '<option selected value="opposes">' in edit_page

    saved = client.post(
        f"/responses/{response.id}/edit",
        data=form_data(
            ofcom,
            [(age, "supports", "Now for all services"), (scanning, "", ""), (other, "", "")],
        ),
    )
    assert saved.status_code == 302
    assert links_of(session, response.id) == {age.id: (Position.SUPPORTS, "Now for all services")}


def test_a_response_about_no_ask_is_allowed_and_says_so(client, session, make):
    meta = make.organisation(name="Meta")
    make.ask(title="Scan for known CSAM")
    created = client.post("/responses/new", data=form_data(meta, title="Meta blog post"))
    assert created.status_code == 302
    assert "Not linked to any ask" in page_text(client.get(created.location))


def test_missing_fields_are_refused_beside_them_and_nothing_is_saved(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Scan for known CSAM")
    refused = client.post(
        "/responses/new",
        data=form_data(ofcom, [(ask, "supports", "")], title="", organisation_id=""),
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="title-error"' in html
    assert 'id="organisation_id_find-error"' in html and "Choose the organisation." in html
    # the ask rows are still there with what was chosen
    assert "Scan for known CSAM" in html and '<option selected value="supports">' in html
    assert session.exec(select(Response)).all() == []
    assert session.exec(select(ResponseAsk)).all() == []


def test_reply_expected_by_must_be_on_or_after_the_date(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask()
    refused = client.post(
        "/responses/new",
        data=form_data(
            ofcom,
            [(ask, "no_position", "")],
            direction="sent",
            response_date="2025-02-10",
            reply_expected_by="2025-02-09",
        ),
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="reply_expected_by-error"' in html
    assert "cannot be expected before" in html
    assert session.exec(select(Response)).all() == []
    assert session.exec(select(ResponseAsk)).all() == []

    same_day = client.post(
        "/responses/new",
        data=form_data(
            ofcom, direction="sent", response_date="2025-02-10", reply_expected_by="2025-02-10"
        ),
    )
    assert same_day.status_code == 302


def test_only_sent_items_expect_a_reply(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    refused = client.post(
        "/responses/new",
        data=form_data(ofcom, direction="received", reply_expected_by="2025-03-01"),
    )
    assert refused.status_code == 422
    assert 'id="reply_expected_by-error"' in refused.get_data(as_text=True)
    assert session.exec(select(Response)).all() == []


def test_a_note_without_a_position_is_refused_in_its_row(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Scan for known CSAM")
    refused = client.post(
        "/responses/new", data=form_data(ofcom, [(ask, "", "They mentioned it in passing")])
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="positions-0-error"' in html and "Choose a position to keep this note" in html
    assert "They mentioned it in passing</textarea>" in html
    assert session.exec(select(Response)).all() == []


def test_an_unknown_ask_is_refused(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    data = form_data(ofcom, **{"positions-0-ask_id": "99999", "positions-0-position": "supports"})
    refused = client.post("/responses/new", data=data)
    assert refused.status_code == 422
    assert "Unknown ask" in refused.get_data(as_text=True)
    assert session.exec(select(Response)).all() == []


def test_editing_keeps_a_link_to_an_ask_archived_since(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Old ask")
    response = make.response(organisation=ofcom, title="Old letter")
    make.link(ResponseAsk(response_id=response.id, ask_id=ask.id, position=Position.SUPPORTS))
    ask.archived_at = ARCHIVED
    make.link(ask)
    edit_page = client.get(f"/responses/{response.id}/edit").get_data(as_text=True)
    assert "Old ask (archived)" in edit_page and '<option selected value="supports">' in edit_page


def test_a_position_note_keeps_its_line_breaks_through_an_edit(client, session, make):
    """The note is a text area: its lines come back in the edit form and survive a save (a
    one-line input would drop them)."""
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Strengthen the codes")
    response = make.response(organisation=ofcom, title="Ofcom letter")
    note = "Accepts the principle.\nNo timetable given."
    make.link(ResponseAsk(response_id=response.id, ask_id=ask.id, position="supports", note=note))
    edit_page = client.get(f"/responses/{response.id}/edit").get_data(as_text=True)
    assert "<textarea" in edit_page and "Accepts the principle.\nNo timetable given." in edit_page
    data = form_data(ofcom, [(ask, "supports", note.replace("\n", "\r\n"))], title="Ofcom letter")
    data["version"] = str(response.version)
    assert client.post(f"/responses/{response.id}/edit", data=data).status_code == 302
    position, saved = links_of(session, response.id)[ask.id]
    # The browser's CRLF is the same text (campaign.common.formdata).
    assert position is Position.SUPPORTS and saved.replace("\r\n", "\n") == note


def test_archive_hides_and_restore_brings_back(client, make):
    response = make.response(title="Meta reply on encryption")
    assert "Meta reply on encryption" in page_text(client.get("/responses/"))
    archived = client.post(f"/responses/{response.id}/archive", follow_redirects=True)
    assert "Archived on" in page_text(archived)
    assert "Meta reply on encryption" not in page_text(client.get("/responses/"))
    assert "Meta reply on encryption" in page_text(client.get("/responses/?archived=1"))
    restored = client.post(f"/responses/{response.id}/restore", follow_redirects=True)
    assert "Restored response" in page_text(restored)
    assert "Meta reply on encryption" in page_text(client.get("/responses/"))


def test_html_in_text_fields_is_escaped(client, make):
    ofcom = make.organisation(name="<b>Ofcom</b>")
    ask = make.ask(title="<i>Ask</i>")
    response = make.response(
        organisation=ofcom,
        title="<script>alert('title')</script>",
        summary="Fine **bold** <img src=x onerror=alert(1)> [x](javascript:alert(2))",
        url="https://example.org/?q=<x>",
    )
    make.link(
        ResponseAsk(response_id=response.id, ask_id=ask.id, note="<script>alert('note')</script>")
    )
    for page in (client.get(f"/responses/{response.id}"), client.get("/responses/")):
        html = page.get_data(as_text=True)
        assert "<script>alert" not in html
        assert "<b>Ofcom</b>" not in html and "<i>Ask</i>" not in html
    detail = client.get(f"/responses/{response.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;title&#39;)" in detail
    assert "&lt;script&gt;alert(&#39;note&#39;)" in detail
    assert "<strong>bold</strong>" in detail
    assert "<img" not in detail and 'href="javascript' not in detail
    edit = client.get(f"/responses/{response.id}/edit").get_data(as_text=True)
    assert "<i>Ask</i>" not in edit and "&lt;i&gt;Ask&lt;/i&gt;" in edit
