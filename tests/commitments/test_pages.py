"""Commitments' pages: the form (one due field at its precision, who made it), opened from a
response, status changes with evidence and their history, late flags on the list and the
page, and the milestone a commitment creates and moves."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from campaign.models import (
    AskMilestone,
    Commitment,
    CommitmentChange,
    CommitmentStatus,
    DatePrecision,
    DuePrecision,
    Milestone,
    MilestoneMove,
    ResponseAsk,
)

CREATE = {"commitment_action": "create_milestone"}
MOVE = {"commitment_action": "move_milestone"}


def _commitments(session) -> list[Commitment]:
    session.expire_all()
    return list(session.exec(select(Commitment).order_by(Commitment.id)))


def test_opened_from_a_response_the_form_is_prefilled_and_saves_a_season(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Publish the codes")
    response = make.response(
        title="Ofcom's roadmap", organisation=ofcom, response_date=date(2026, 2, 10)
    )
    make.link(ResponseAsk(response_id=response.id, ask_id=ask.id, position="supports"))
    form = client.get(f"/commitments/new?response={response.key}").get_data(as_text=True)
    assert 'value="Ofcom"' in form and 'value="Publish the codes"' in form
    assert 'value="Ofcom&#39;s roadmap"' in form or 'value="Ofcom\'s roadmap"' in form
    assert 'value="2026-02-10"' in form
    posted = client.post(
        "/commitments/new",
        data={
            "title": "Ofcom will publish the second version of the codes",
            "organisation_id": ofcom.id,
            "made_on": "2026-02-10",
            "due": "Spring 2026",
            "response_id": response.id,
            "ask_id": ask.id,
            "status": "open",
        },
    )
    assert posted.status_code == 302, posted.get_data(as_text=True)
    [row] = _commitments(session)
    assert (row.due_on, row.due_precision) == (date(2026, 3, 1), DuePrecision.SEASON)
    assert (row.organisation_id, row.response_id, row.ask_id) == (ofcom.id, response.id, ask.id)
    page = client.get(posted.location).get_data(as_text=True)
    assert "by spring 2026" in page and "by the end of 31 May 2026" in page
    assert "Late" in page  # open, and spring 2026 ended before 15 June 2026
    assert 'value="spring 2026"' in client.get(f"/commitments/{row.id}/edit").get_data(as_text=True)


def test_the_form_refuses_naming_each_field_and_saves_nothing(client, session):
    refused = client.post("/commitments/new", data={"title": "", "due": "soon", "status": "open"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="title-error"' in page and 'id="due-error"' in page
    assert 'id="person_id_find-error"' in page  # who made it: a person or an organisation
    assert "Choose who made it: a person, an organisation, or both." in page
    assert "Use a day (2026-03-31), a month (2026-03), a season (spring 2026)" in page
    assert _commitments(session) == []


def test_a_status_change_needs_evidence_and_is_kept_in_the_history(
    client, client_as, session, commitment, make
):
    row = commitment(title="The minister will write", due="2026-07-31")
    letter = make.response(title="The minister's letter")
    url = f"/commitments/{row.id}/edit"
    status = {"commitment_action": "status"}
    refused = client.post(url, data={**status, "status": "kept", "status_note": " "})
    assert refused.status_code == 422
    assert 'id="status_note-error"' in refused.get_data(as_text=True)
    assert _commitments(session)[0].status == CommitmentStatus.OPEN
    assert client.post(url, data={**status, "status": "", "status_note": "x"}).status_code == 422
    future = client.post(
        url, data={**status, "status": "kept", "status_note": "x", "status_on": "2026-06-16"}
    )
    assert future.status_code == 422 and 'id="status_on-error"' in future.get_data(as_text=True)
    assert client.post(url, data={"commitment_action": "delete"}).status_code == 400
    assert (
        client_as("viewer")
        .post(url, data={**status, "status": "kept", "status_note": "x"})
        .status_code
        == 403
    )

    done = client.post(
        url,
        data={
            **status,
            "status": "kept",
            "status_note": "The letter arrived.",
            "status_url": "https://example.org/letter",
            "status_response_id": letter.id,
            "status_on": "2026-06-12",
        },
    )
    assert done.status_code == 302
    again = client.post(
        url, data={**status, "status": "open", "status_note": "The letter was a holding reply."}
    )
    assert again.status_code == 302
    [row] = _commitments(session)
    assert row.status == CommitmentStatus.OPEN
    changes = session.exec(select(CommitmentChange).order_by(CommitmentChange.id)).all()
    assert [(c.old_status, c.new_status, c.changed_on) for c in changes] == [
        (CommitmentStatus.OPEN, CommitmentStatus.KEPT, date(2026, 6, 12)),
        (CommitmentStatus.KEPT, CommitmentStatus.OPEN, date(2026, 6, 15)),
    ]
    assert (changes[0].evidence_url, changes[0].response_id) == (
        "https://example.org/letter",
        letter.id,
    )
    assert changes[0].changed_by_id is not None
    page = client.get(f"/commitments/{row.id}").get_data(as_text=True)
    assert "Kept → Open" in page and "Open → Kept" in page
    assert page.index("The letter was a holding reply.") < page.index("The letter arrived.")
    viewer_page = client_as("viewer").get(f"/commitments/{row.id}").get_data(as_text=True)
    assert "Open → Kept" in viewer_page and "Change the status" not in viewer_page


def test_the_edit_form_records_a_status_change_only_with_evidence(client, session, commitment):
    row = commitment(due="2026-07")
    data = {
        "title": row.title,
        "organisation_id": row.organisation_id,
        "due": "2026-07",
        "status": "broken",
        "version": row.version,
    }
    refused = client.post(f"/commitments/{row.id}/edit", data=data)
    assert refused.status_code == 422 and 'id="status_note-error"' in refused.get_data(as_text=True)
    saved = client.post(
        f"/commitments/{row.id}/edit", data={**data, "status_note": "Dropped from the bill."}
    )
    assert saved.status_code == 302
    [row] = _commitments(session)
    [change] = row.changes
    assert (row.status, change.note) == (CommitmentStatus.BROKEN, "Dropped from the bill.")


def test_the_list_flags_and_filters_the_late_ones(client, session, commitment):
    commitment(title="Past its month", due="2026-05")  # open, May is over: late
    commitment(title="Due this month", due="2026-06")  # open, June is not over
    commitment(title="Marked late", due="2027", status="late", status_note="They said so.")
    commitment(title="Kept already", due="2026-01", status="kept", status_note="Published.")
    every = client.get("/commitments/").get_data(as_text=True)
    assert every.count("govuk-tag--red") == 2
    late = client.get("/commitments/?late=1").get_data(as_text=True)
    assert "Past its month" in late and "Marked late" in late
    assert "Due this month" not in late and "Kept already" not in late
    kept = client.get("/commitments/?status=kept").get_data(as_text=True)
    assert "Kept already" in kept and "Past its month" not in kept


def test_archive_and_restore(client, session, commitment):
    row = commitment(title="To be archived")
    link = f'href="/commitments/{row.id}">To be archived</a>'
    assert client.post(f"/commitments/{row.id}/archive").status_code == 302
    assert link not in client.get("/commitments/").get_data(as_text=True)
    assert link in client.get("/commitments/?archived=1").get_data(as_text=True)
    assert client.post(f"/commitments/{row.id}/restore").status_code == 302
    assert link in client.get("/commitments/").get_data(as_text=True)


def test_a_commitment_creates_its_milestone_and_moves_it_to_a_new_due_date(
    client, session, commitment, make
):
    ask = make.ask(title="Publish the codes")
    row = commitment(title="Codes, second version", due="spring 2027", ask_id=ask.id)
    made = client.post(f"/commitments/{row.id}/edit", data=CREATE)
    assert made.status_code == 302
    [milestone] = session.exec(select(Milestone)).all()
    assert (milestone.milestone_date, milestone.date_precision) == (
        date(2027, 5, 1),
        DatePrecision.MONTH,
    )
    assert milestone.title == "Codes, second version" and milestone.is_planned
    assert [link.ask_id for link in session.exec(select(AskMilestone))] == [ask.id]
    [row] = _commitments(session)
    assert row.milestone_id == milestone.id
    page = client.get(f"/commitments/{row.id}").get_data(as_text=True)
    assert "May 2027" in page and "Update milestone" in page
    assert client.post(f"/commitments/{row.id}/edit", data=CREATE).status_code == 422  # one only

    unchanged = client.post(f"/commitments/{row.id}/edit", data=MOVE)
    assert unchanged.status_code == 422
    assert "already on May 2027" in unchanged.get_data(as_text=True)
    data = {
        "title": row.title,
        "organisation_id": row.organisation_id,
        "ask_id": ask.id,
        "due": "2027-09-30",
        "status": "open",
        "version": row.version,
    }
    assert client.post(f"/commitments/{row.id}/edit", data=data).status_code == 302
    assert client.post(f"/commitments/{row.id}/edit", data=MOVE).status_code == 302
    session.expire_all()
    milestone = session.get(Milestone, milestone.id)
    assert (milestone.milestone_date, milestone.date_precision) == (
        date(2027, 9, 30),
        DatePrecision.DAY,
    )
    [move] = session.exec(select(MilestoneMove)).all()
    assert (move.old_date, move.new_date) == (date(2027, 5, 1), date(2027, 9, 30))
    assert move.note == "The commitment is now due by 30 September 2027."


def test_the_ask_page_lists_its_commitments_late_ones_first(client, session, commitment, make):
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    commitment(title="Later promise", due="2026-12", ask_id=ask.id)
    commitment(title="Overdue promise", due="2026-04-30", ask_id=ask.id)
    commitment(title="Another ask's promise", due="2026-04-30")
    page = client.get("/asks/publish-the-codes").get_data(as_text=True)
    assert "Commitments (2)" in page
    section = page[page.index('id="commitments"') :]
    assert section.index("Overdue promise") < section.index("Later promise")
    assert "Another ask" not in section
    assert section.count("govuk-tag--red") == 1
    add = f'href="/commitments/new?ask_id={ask.id}"'
    assert add in section  # "Add commitment", with the ask chosen:
    assert 'value="Publish the codes"' in client.get(f"/commitments/new?ask_id={ask.id}").get_data(
        as_text=True
    )
