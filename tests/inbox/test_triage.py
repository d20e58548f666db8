"""Triage in one step: each action opens the record's own form prefilled from the item, and
saving it makes the record through the record's own service, links it back to the item and
marks the item linked, all at once; a refused form saves nothing. Dismissing needs a reason."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest
from sqlmodel import select
from werkzeug.datastructures import MultiDict

from campaign.models import (
    AskMilestone,
    Commitment,
    Evidence,
    ItemRecordKind,
    ItemStatus,
    Milestone,
    MonitorItem,
    MonitorItemRecord,
    MonitorSource,
    Organisation,
    Person,
    Response,
    ResponseAsk,
)
from campaign.monitoring.sources.base import GOVUK_LICENCE, PARLIAMENT_LICENCE
from campaign.revisions.history import revisions_of
from tests.inbox.conftest import NOW


def form_of(response) -> MultiDict:
    """What a browser would post from the page's triage form, untouched."""
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    html = lxml.html.fromstring(response.get_data(as_text=True))
    [form] = [
        f for f in html.forms if f.method == "POST" and ("title" in f.fields or "note" in f.fields)
    ]
    return MultiDict(form.form_values())


def changed(values: MultiDict, **changes: str) -> MultiDict:
    out = MultiDict(values)
    for name, value in changes.items():
        out.setlist(name, [value])
    return out


def value_of(values: MultiDict, name: str) -> str:
    return values[name]


def _state(session, item_id: int):
    session.expire_all()
    item = session.get(MonitorItem, item_id)
    records = session.exec(
        select(MonitorItemRecord).where(MonitorItemRecord.item_id == item_id)
    ).all()
    return item, records


@pytest.fixture
def answer(rows, make, session):
    """A written answer from the Home Office about the Meta ask, by a known MP."""
    home = Organisation(key="home-office", name="Home Office", kind="government")
    person = Person(key="jess-phillips", name="Jess Phillips MP", kind="mp", notes="Met in May.")
    session.add_all([home, person])
    session.commit()
    meta = make.ask(title="Meta: keep children safe", slug="meta")
    watch = rows.watch(ask=meta, key="meta-watch")
    item = rows.item(
        watch,
        title="Online safety: encryption",
        date=date(2026, 11, 12),
        organisation_name="Home Office",
        member_name="Jess Phillips",
        person_id=person.id,
        snippet="The Government expects Meta to protect children's online safety.",
        text="The Government expects Meta to protect children's online safety. Ofcom will act.",
        url="https://questions-statements.parliament.uk/written-questions/detail/2026-11-10/1234",
    )
    return item, meta, home, person


def test_a_written_answer_becomes_a_response_with_a_position(client, session, answer):
    item, meta, home, _person = answer
    page = client.get(f"/inbox/{item.id}/response")
    values = form_of(page)
    assert value_of(values, "title") == "Online safety: encryption"
    assert value_of(values, "organisation_id") == str(home.id)
    assert value_of(values, "response_date") == "2026-11-12"
    assert value_of(values, "channel") == "parliamentary_answer"
    assert value_of(values, "url") == item.url
    assert value_of(values, "summary").startswith("The Government expects Meta")
    # The ask the item concerns comes first, its position to be chosen ("No position" until).
    assert value_of(values, "positions-0-ask_id") == str(meta.id)
    assert value_of(values, "positions-0-position") == "no_position"
    assert PARLIAMENT_LICENCE in page.get_data(as_text=True)

    saved = client.post(
        f"/inbox/{item.id}/response", data=changed(values, **{"positions-0-position": "supports"})
    )
    assert saved.status_code == 302
    response = session.exec(select(Response)).one()
    assert saved.headers["Location"].endswith(f"/responses/{response.id}")
    assert (response.title, response.organisation_id, response.response_date) == (
        "Online safety: encryption",
        home.id,
        date(2026, 11, 12),
    )
    [link] = session.exec(select(ResponseAsk)).all()
    assert (link.ask_id, link.position) == (meta.id, "supports")
    stored, records = _state(session, item.id)
    assert stored.status == ItemStatus.LINKED and stored.triaged_at == NOW
    assert [(r.kind, r.record_id) for r in records] == [(ItemRecordKind.RESPONSE, response.id)]
    detail = client.get(f"/responses/{response.id}").get_data(as_text=True)
    assert "From the monitoring inbox" in detail and f'href="/inbox/{item.id}"' in detail
    assert PARLIAMENT_LICENCE in detail


def test_a_refused_response_saves_nothing(client, session, answer):
    item = answer[0]
    values = form_of(client.get(f"/inbox/{item.id}/response"))
    refused = client.post(
        f"/inbox/{item.id}/response",
        data=changed(values, organisation_id="", organisation_id_find="", channel=""),
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Choose the organisation." in html and "Choose the channel" in html
    assert session.exec(select(Response)).all() == []
    stored, records = _state(session, item.id)
    assert stored.status == ItemStatus.NEW and records == []


def test_a_refused_position_saves_nothing(client, session, answer):
    """The service refuses after the response is added: the request's unit of work is rolled
    back, so neither the response nor the item's link is kept."""
    item = answer[0]
    values = form_of(client.get(f"/inbox/{item.id}/response"))
    refused = client.post(
        f"/inbox/{item.id}/response", data=changed(values, **{"positions-0-ask_id": "999999"})
    )
    assert refused.status_code == 422
    assert session.exec(select(Response)).all() == []
    assert _state(session, item.id)[1] == []


def test_a_consultation_becomes_a_milestone_with_its_closing_date(client, session, rows, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    item = rows.item(
        rows.watch(ask=ask),
        source=MonitorSource.GOVUK,
        kind="Consultation",
        title="Consultation on age assurance",
        url="https://www.gov.uk/government/consultations/age-assurance",
        date=date(2026, 11, 1),
        closes_on=date(2027, 1, 31),
        licence=GOVUK_LICENCE,
    )
    values = form_of(client.get(f"/inbox/{item.id}/milestone"))
    assert value_of(values, "date") == "2027-01-31"
    assert value_of(values, "kind") == "consultation_closes"
    assert value_of(values, "link_ask_id") == str(ask.id)
    saved = client.post(f"/inbox/{item.id}/milestone", data=values)
    assert saved.status_code == 302
    milestone = session.exec(select(Milestone)).one()
    assert milestone.milestone_date == date(2027, 1, 31)
    assert item.url in milestone.description
    assert session.exec(select(AskMilestone.ask_id)).all() == [ask.id]
    stored, records = _state(session, item.id)
    assert stored.status == ItemStatus.LINKED
    assert [(r.kind, r.record_id) for r in records] == [(ItemRecordKind.MILESTONE, milestone.id)]
    page = client.get(f"/milestones/{milestone.id}").get_data(as_text=True)
    assert "From the monitoring inbox" in page and GOVUK_LICENCE in page
    # Reminders follow as for any milestone: its page lists the ones to come.
    assert "Reminders" in page


def test_a_refused_milestone_saves_nothing(client, session, rows):
    item = rows.item(rows.watch())
    values = form_of(client.get(f"/inbox/{item.id}/milestone"))
    refused = client.post(f"/inbox/{item.id}/milestone", data=changed(values, date="soon"))
    assert refused.status_code == 422
    assert session.exec(select(Milestone)).all() == []
    assert _state(session, item.id)[0].status == ItemStatus.NEW


def test_an_item_becomes_public_evidence(client, session, rows, make):
    ask = make.ask()
    item = rows.item(rows.watch(ask=ask), member_name="Baroness Kidron", title="Debate quote")
    values = form_of(client.get(f"/inbox/{item.id}/evidence"))
    assert value_of(values, "sensitivity") == "public"
    assert value_of(values, "attribution") == "Baroness Kidron"
    saved = client.post(f"/inbox/{item.id}/evidence", data=values)
    assert saved.status_code == 302
    evidence = session.exec(select(Evidence)).one()
    assert evidence.sensitivity == "public" and item.url in evidence.text
    assert _state(session, item.id)[0].status == ItemStatus.LINKED
    page = client.get(f"/evidence/{evidence.id}").get_data(as_text=True)
    assert "From the monitoring inbox" in page


def test_a_refused_evidence_item_saves_nothing(client, session, rows):
    item = rows.item(rows.watch())
    values = form_of(client.get(f"/inbox/{item.id}/evidence"))
    refused = client.post(f"/inbox/{item.id}/evidence", data=changed(values, title=""))
    assert refused.status_code == 422
    assert session.exec(select(Evidence)).all() == []
    assert _state(session, item.id)[1] == []


def test_a_promise_becomes_a_commitment(client, session, answer):
    item, meta, home, person = answer
    values = form_of(client.get(f"/inbox/{item.id}/commitment"))
    assert value_of(values, "person_id") == str(person.id)
    assert value_of(values, "organisation_id") == str(home.id)
    assert value_of(values, "made_on") == "2026-11-12"
    assert value_of(values, "source_url") == item.url
    assert value_of(values, "ask_id") == str(meta.id)
    # The due date is the officer's to read from the text: the form asks for it.
    refused = client.post(f"/inbox/{item.id}/commitment", data=values)
    assert refused.status_code == 422 and "Enter when it is due." in refused.get_data(as_text=True)
    assert session.exec(select(Commitment)).all() == []
    assert _state(session, item.id)[0].status == ItemStatus.NEW
    saved = client.post(f"/inbox/{item.id}/commitment", data=changed(values, due="spring 2027"))
    assert saved.status_code == 302
    commitment = session.exec(select(Commitment)).one()
    assert (commitment.person_id, commitment.ask_id) == (person.id, meta.id)
    assert commitment.source_note.endswith("Online safety: encryption")
    assert _state(session, item.id)[1][0].kind == ItemRecordKind.COMMITMENT
    page = client.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "From the monitoring inbox" in page


def test_a_note_on_a_person_is_appended_and_revisioned(client, session, answer):
    item, _meta, _home, person = answer
    before = len(revisions_of(session, person))
    values = form_of(client.get(f"/inbox/{item.id}/person-note"))
    assert value_of(values, "person_id") == str(person.id)
    line = f"2026-11-12 Written questions and answers: Online safety: encryption {item.url}"
    assert value_of(values, "note") == line
    saved = client.post(f"/inbox/{item.id}/person-note", data=values)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/people/{person.id}")
    session.expire_all()
    stored = session.get(Person, person.id)
    assert stored.notes == f"Met in May.\n\n{line}"
    assert len(revisions_of(session, stored)) == before + 1
    assert _state(session, item.id)[1][0].kind == ItemRecordKind.PERSON_NOTE
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "From the monitoring inbox" in page


def test_a_note_needs_a_person_and_text(client, session, rows):
    item = rows.item(rows.watch())
    values = form_of(client.get(f"/inbox/{item.id}/person-note"))
    refused = client.post(f"/inbox/{item.id}/person-note", data=changed(values, note=""))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Choose the person." in html and "Enter the note to add." in html
    assert _state(session, item.id)[0].status == ItemStatus.NEW


def test_dismissing_needs_a_reason(client, session, rows):
    item = rows.item(rows.watch())
    refused = client.post(f"/inbox/{item.id}/dismiss", data={"reason": "  "})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Enter why you are dismissing this item." in html
    assert 'href="#reason"' in html and 'id="reason-error"' in html  # the summary links to it
    assert _state(session, item.id)[0].status == ItemStatus.NEW
    done = client.post(
        f"/inbox/{item.id}/dismiss", data={"reason": "Not about our asks", "next": "/inbox/"}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/inbox/"
    stored = _state(session, item.id)[0]
    assert (stored.status, stored.dismissed_reason, stored.triaged_at) == (
        ItemStatus.DISMISSED,
        "Not about our asks",
        NOW,
    )
    assert stored.triaged_by_id is not None
    page = client.get(f"/inbox/{item.id}").get_data(as_text=True)
    assert "dismissed by" in page and "Reason: Not about our asks" in page
    elsewhere = client.post(
        f"/inbox/{item.id}/dismiss", data={"reason": "x", "next": "https://evil.example/"}
    )
    assert elsewhere.headers["Location"] == f"/inbox/{item.id}"
