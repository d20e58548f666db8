"""Interactions (issue 18, part H2): the pages. A meeting is recorded in UK time and stored in
UTC, with our attendees, theirs, their organisations and the asks discussed; refusals name the
field or the row and save nothing; the list filters; history, archive and restore."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlmodel import select

from campaign import models as m
from tests.interactions.helpers import fresh, interaction, person, user

FORM = {"title": "Meeting with Ofcom", "kind": "meeting", "occurred_at": "2026-07-14T15:30"}


def input_tag(page: str, name: str, value: str | None = None) -> str:
    """The `<input …>` named `name` (with that value, if given)."""
    for found in re.findall(r"<input\b[^>]*>", page):
        if f'name="{name}"' in found and (value is None or f'value="{value}"' in found):
            return found
    raise AssertionError(f"no input {name}={value}")


def discussed_tag(page: str, slug: str) -> str:
    """The "Discussed" checkbox of the row of the ask `slug`."""
    for found in re.findall(r'<input\b[^>]*name="asks-(\d+)-ask"[^>]*>', page):
        hidden = input_tag(page, f"asks-{found}-ask")
        if f'value="{slug}"' in hidden:
            return input_tag(page, f"asks-{found}-discussed")
    raise AssertionError(f"no row for the ask {slug}")


def _all(session) -> list[m.Interaction]:
    session.expire_all()
    return list(session.exec(select(m.Interaction).order_by(m.Interaction.id)))


def test_a_meeting_is_recorded_in_uk_time_with_its_attendees_and_asks(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dawes = person(make, session, "Dame Melanie Dawes", organisation=ofcom)
    officer = user(session, "officer@test.example", name="Sam Officer")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    other = make.ask(title="Other ask", slug="other-ask")
    third = make.ask(title="Third ask", slug="third-ask")
    data = {
        **FORM,
        "location": "Riverside House",
        "user_emails": [officer.email],
        "person_keys": [dawes.key],
        "asks-0-ask": ask.slug,
        "asks-0-discussed": "y",
        "asks-0-outcome": "Ofcom will consider it.",
        "asks-1-ask": other.slug,
        "asks-2-ask": third.slug,
        "asks-2-outcome": "Typed, not ticked: discussed too.",
        "summary": "We asked for **publication**.",
        "notes": "Internal: she seemed open.",
    }
    response = client.post("/interactions/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    [row] = _all(session)
    # 15:30 British Summer Time is 14:30 UTC.
    assert row.occurred_at == datetime(2026, 7, 14, 14, 30, tzinfo=UTC)
    assert [u.email for u in row.users] == [officer.email]
    assert [p.key for p in row.people] == [dawes.key]
    # No organisation chosen: the attendee's current one.
    assert [o.key for o in row.organisations] == ["ofcom"]
    assert sorted((link.ask_id, link.outcome) for link in row.ask_links) == [
        (ask.id, "Ofcom will consider it."),
        (third.id, "Typed, not ticked: discussed too."),
    ]
    page = client.get(response.location).get_data(as_text=True)
    assert "14 July 2026, 15:30 BST" in page
    assert f'href="/people/{dawes.id}"' in page and f'href="/organisations/{ofcom.id}"' in page
    assert 'href="/asks/publish-the-codes"' in page and "Ofcom will consider it." in page
    assert "<strong>publication</strong>" in page and "Internal: she seemed open." in page
    # The edit form shows the moment back in UK time, and the ask ticked.
    edit = client.get(f"/interactions/{row.id}/edit").get_data(as_text=True)
    assert 'value="2026-07-14T15:30"' in edit
    assert "checked" in discussed_tag(edit, "publish-the-codes")
    assert "checked" not in discussed_tag(edit, "other-ask")


def test_a_winter_moment_is_gmt_and_an_offset_is_taken_as_given(client, session):
    assert client.post("/interactions/new", data={**FORM, "occurred_at": "2026-01-05T09:00"})
    assert (
        client.post(
            "/interactions/new", data={**FORM, "occurred_at": "2026-01-05T09:00+05:00"}
        ).status_code
        == 302
    )
    first, second = _all(session)
    assert first.occurred_at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert second.occurred_at == datetime(2026, 1, 5, 4, 0, tzinfo=UTC)


def test_chosen_organisations_win_over_the_attendees(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dsit = make.organisation(name="DSIT", key="dsit")
    former = make.organisation(name="Former employer", key="former")
    dawes = person(make, session, "Dame Melanie Dawes", organisation=ofcom)
    session.add(
        m.PersonRole(
            person_id=dawes.id,
            title="Old post",
            organisation_id=former.id,
            ended_on=datetime(2020, 1, 1).date(),
        )
    )
    session.commit()
    chosen = {**FORM, "person_keys": [dawes.key], "organisation_keys": [dsit.key]}
    assert client.post("/interactions/new", data=chosen).status_code == 302
    defaulted = {**FORM, "person_keys": [dawes.key]}
    assert client.post("/interactions/new", data=defaulted).status_code == 302
    first, second = _all(session)
    assert [o.key for o in first.organisations] == ["dsit"]
    assert [o.key for o in second.organisations] == ["ofcom"]  # an ended role is not used


def test_refusals_name_the_field_or_the_row_and_save_nothing(client, session, make):
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    data = {
        "title": " ",
        "kind": "meeting",
        "occurred_at": "14 July",
        "user_emails": ["nobody@test.example"],
        "person_keys_find": "zzz-no-such-person",
        "asks-0-ask": ask.slug,
        "asks-0-outcome": "x" * 2001,
    }
    response = client.post("/interactions/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("title", "occurred_at", "user_emails", "person_keys_find"):
        assert f'id="{field}-error"' in page, field
    assert "Enter the date and time" in page
    assert "No active user has the e-mail address nobody@test.example." in page
    assert "No person matches “zzz-no-such-person”." in page
    assert "Publish the codes: Field cannot be longer than 2000 characters." in page
    assert _all(session) == []


def test_a_new_interaction_is_dated_now_in_uk_time(make_app):
    client = make_app(CLOCK=lambda: datetime(2026, 7, 14, 14, 30, 59, tzinfo=UTC)).test_client()
    page = client.get("/interactions/new").get_data(as_text=True)
    assert 'value="2026-07-14T15:30"' in input_tag(page, "occurred_at")


def test_opened_from_a_person_or_an_ask_it_is_prefilled(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dawes = person(make, session, "Dame Melanie Dawes", organisation=ofcom)
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    page = client.get(f"/interactions/new?person={dawes.key}").get_data(as_text=True)
    assert "checked" in input_tag(page, "person_keys", dawes.key)
    assert "checked" in input_tag(page, "organisation_keys", "ofcom")
    page = client.get(f"/interactions/new?ask_id={ask.id}").get_data(as_text=True)
    assert "checked" in discussed_tag(page, ask.slug)
    # An unknown person or ask prefills nothing, and is no error.
    assert client.get("/interactions/new?person=nobody&ask_id=x").status_code == 200


def test_the_list_filters_by_kind_person_organisation_ask_and_uk_days(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dawes = person(make, session, "Dame Melanie Dawes", organisation=ofcom)
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    meeting = interaction(
        make,
        title="Summer meeting",
        occurred_at="2026-07-14T00:30",  # 13 July, 23:30 UTC
        person_keys=[dawes.key],
        asks=[{"ask": ask.slug, "discussed": True, "outcome": ""}],
    )
    interaction(make, title="Winter call", kind="call", occurred_at="2026-01-05T09:00")

    def listed(query: str) -> set[str]:
        page = client.get(f"/interactions/?{query}").get_data(as_text=True)
        return {t for t in ("Summer meeting", "Winter call") if t in page}

    assert listed("") == {"Summer meeting", "Winter call"}
    assert listed("kind=call") == {"Winter call"}
    assert listed(f"person={dawes.id}") == {"Summer meeting"}
    assert listed(f"organisation={ofcom.id}") == {"Summer meeting"}
    assert listed(f"ask={ask.id}") == {"Summer meeting"}
    # Days are UK days: 00:30 BST on 14 July is on the 14th, though 13 July in UTC.
    assert listed("from=2026-07-14") == {"Summer meeting"}
    assert listed("to=2026-07-13") == {"Winter call"}
    assert listed("from=2026-01-01&to=2026-01-31") == {"Winter call"}
    assert listed("from=not-a-date") == set()
    assert meeting.id is not None


def test_history_archive_and_restore(client, session, make):
    row = interaction(make, title="A call")
    data = {**FORM, "title": "A call, renamed", "version": "1"}
    assert client.post(f"/interactions/{row.id}/edit", data=data).status_code == 302
    assert "A call, renamed" in client.get(f"/interactions/{row.id}/history").get_data(as_text=True)
    assert client.post(f"/interactions/{row.id}/archive").status_code == 302
    assert fresh(session, row.id).archived_at is not None
    client.get(f"/interactions/{row.id}")  # shows (and so clears) the flashed message
    assert "A call, renamed" not in client.get("/interactions/").get_data(as_text=True)
    assert client.post(f"/interactions/{row.id}/restore").status_code == 302
    assert fresh(session, row.id).archived_at is None


def test_viewers_read_and_cannot_write(client_as, make):
    row = interaction(make, title="A call")
    viewer = client_as("viewer")
    page = viewer.get(f"/interactions/{row.id}").get_data(as_text=True)
    assert "A call" in page and "Add an action" not in page and "Record as a response" not in page
    assert viewer.post("/interactions/new", data=FORM).status_code == 403
