"""Mark done / undo and move on the milestone page; the edit form's date change is a move too;
each change announces itself to the reminder engine."""

import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlmodel import select

from campaign import signals
from campaign.models import DatePrecision, Milestone, MilestoneMove
from tests.milestones.helpers import CLOCK, NOW
from tests.responses.helpers import page_text


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


@contextmanager
def announced():
    """The ids sent with milestone_changed while the block runs."""
    ids = []

    def receiver(sender, **kw):
        assert sender is Milestone
        ids.append(kw["id"])

    with signals.milestone_changed.connected_to(receiver):
        yield ids


def fresh(session, milestone):
    session.expire_all()
    return session.get(Milestone, milestone.id)


DONE = {
    "done-note": "our consultation response submitted",
    "done-url": "https://www.example.org/our-response.pdf",
}


def test_mark_done_shows_the_mark_everywhere_and_undo_clears_it(client, make, session):
    milestone = make.milestone(title="Technology notices consultation closes")
    with announced() as ids:
        done = client.post(f"/milestones/{milestone.id}/done", data=DONE)
    assert done.status_code == 302 and done.location == f"/milestones/{milestone.id}"
    assert ids == [milestone.id]
    row = fresh(session, milestone)
    assert row.done_at == NOW
    assert row.done_note == "our consultation response submitted"
    assert row.done_url == "https://www.example.org/our-response.pdf"

    mark = "✓ Done 24 November 2026: our consultation response submitted"
    detail = client.get(f"/milestones/{milestone.id}")
    assert mark in page_text(detail)
    assert (
        '<a href="https://www.example.org/our-response.pdf">our consultation response submitted'
        "</a>" in detail.get_data(as_text=True)
    )
    assert "No reminders: the milestone is done." in page_text(detail)
    assert "✓ Done 24 November 2026" in page_text(client.get("/milestones/"))
    assert mark in page_text(client.get("/milestones/timeline?done=1"))

    with announced() as ids:
        undone = client.post(f"/milestones/{milestone.id}/undone")
    assert undone.status_code == 302 and ids == [milestone.id]
    row = fresh(session, milestone)
    assert (row.done_at, row.done_note, row.done_url) == (None, "", None)
    assert "✓ Done" not in page_text(client.get(f"/milestones/{milestone.id}"))
    assert "✓ Done" not in page_text(client.get("/milestones/"))


def test_done_without_a_link_or_note(client, make, session):
    milestone = make.milestone()
    assert client.post(f"/milestones/{milestone.id}/done", data={}).status_code == 302
    row = fresh(session, milestone)
    assert row.done_at == NOW and row.done_url is None and row.done_note == ""
    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert "✓ Done 24 November 2026 " in text and "24 November 2026:" not in text


def test_a_bad_link_is_refused_beside_the_field(client, make, session):
    milestone = make.milestone()
    with announced() as ids:
        refused = client.post(
            f"/milestones/{milestone.id}/done",
            data={"done-note": "sent", "done-url": "javascript:alert(1)"},
        )
    assert refused.status_code == 422 and ids == []
    html = refused.get_data(as_text=True)
    assert 'id="done-url-error"' in html and "starting http:// or https://" in html
    assert "<details open>" in html.replace("<details open >", "<details open>")
    assert 'value="sent"' in html  # what was typed is kept
    assert fresh(session, milestone).done_at is None


def test_done_and_undo_with_csrf_protection_on(make_app, make, session):
    client = make_app(WTF_CSRF_ENABLED=True, **CLOCK).test_client()
    milestone = make.milestone()
    url = f"/milestones/{milestone.id}"
    assert client.post(f"{url}/done", data=DONE).status_code == 400
    assert fresh(session, milestone).done_at is None

    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="done-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"{url}/done", data={**DONE, "done-csrf_token": token}).status_code == 302
    assert fresh(session, milestone).done_at == NOW

    assert client.post(f"{url}/undone").status_code == 400
    page = client.get(url).get_data(as_text=True)
    undo = re.search(r'action="[^"]+/undone".*?name="csrf_token" value="([^"]+)"', page, re.S)
    assert client.post(f"{url}/undone", data={"csrf_token": undo.group(1)}).status_code == 302
    assert fresh(session, milestone).done_at is None


def test_move_records_the_old_date_and_shows_the_history(client, make, session):
    milestone = make.milestone(title="Fees statement", milestone_date=date(2026, 6, 30))
    with announced() as ids:
        moved = client.post(
            f"/milestones/{milestone.id}/move",
            data={"move-date": "2026-07-08", "move-note": "Ofcom extended the deadline"},
        )
    assert moved.status_code == 302 and ids == [milestone.id]
    row = fresh(session, milestone)
    assert (row.milestone_date, row.date_precision) == (date(2026, 7, 8), DatePrecision.DAY)
    move = session.exec(select(MilestoneMove)).one()
    assert (move.milestone_id, move.old_date, move.old_precision) == (
        milestone.id,
        date(2026, 6, 30),
        DatePrecision.DAY,
    )
    assert (move.new_date, move.new_precision) == (date(2026, 7, 8), DatePrecision.DAY)
    assert (move.note, move.moved_at) == ("Ofcom extended the deadline", NOW)

    # then to a month: the precision moves with it
    client.post(f"/milestones/{milestone.id}/move", data={"move-date": "2026-09"})
    row = fresh(session, milestone)
    assert (row.milestone_date, row.date_precision) == (date(2026, 9, 1), DatePrecision.MONTH)

    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert (
        "Moved from 30 June 2026 to 8 July 2026 on 24 November 2026: "
        "Ofcom extended the deadline Moved from 8 July 2026 to September 2026 on 24 November 2026"
    ) in text
    assert "Moved from 8 July 2026" in page_text(client.get("/milestones/timeline"))


def test_move_refuses_the_same_date_and_a_bad_one_beside_the_field(client, make, session):
    milestone = make.milestone(milestone_date=date(2026, 7, 1), date_precision="month")
    for text, message in (
        ("2026-07", "The milestone is already on July 2026: enter a different date."),
        ("next week", "Use YYYY-MM-DD, YYYY-MM or YYYY."),
        ("", "Enter a date."),
    ):
        with announced() as ids:
            refused = client.post(
                f"/milestones/{milestone.id}/move", data={"move-date": text, "move-note": "why"}
            )
        assert refused.status_code == 422 and ids == []
        html = refused.get_data(as_text=True)
        assert 'id="move-date-error"' in html and message in html
        assert re.search(
            r'aria-describedby="[^"]*\bmove-date-error"', html
        )  # the field names its error
    assert session.exec(select(MilestoneMove)).all() == []
    # the same month as a day is a real move
    assert (
        client.post(
            f"/milestones/{milestone.id}/move", data={"move-date": "2026-07-01"}
        ).status_code
        == 302
    )
    assert fresh(session, milestone).date_precision == DatePrecision.DAY


def test_changing_the_date_on_the_edit_form_records_a_move(client, make, session):
    milestone = make.milestone(title="Register", milestone_date=date(2026, 7, 1))
    form = page_text(client.get(f"/milestones/{milestone.id}/edit"))
    assert "A new date is kept in the date history" in form
    edit = {"title": "Register", "kind": "statement", "description": ""}
    with announced() as ids:
        saved = client.post(f"/milestones/{milestone.id}/edit", data={**edit, "date": "2026-07"})
    assert saved.status_code == 302 and ids == [milestone.id]
    move = session.exec(select(MilestoneMove)).one()
    assert (move.old_date, move.old_precision) == (date(2026, 7, 1), DatePrecision.DAY)
    assert (move.new_date, move.new_precision) == (date(2026, 7, 1), DatePrecision.MONTH)
    assert move.note == ""
    # saving again without changing the date records nothing more
    client.post(f"/milestones/{milestone.id}/edit", data={**edit, "date": "2026-07", "title": "R"})
    assert len(session.exec(select(MilestoneMove)).all()) == 1
    assert fresh(session, milestone).title == "R"
    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert "Moved from 1 July 2026 to July 2026 on 24 November 2026" in text


def test_actions_on_a_missing_milestone_are_404(client):
    for action in ("done", "undone", "move"):
        assert client.post(f"/milestones/999/{action}").status_code == 404
    assert client.get("/milestones/1/done").status_code == 405


def test_html_in_notes_is_escaped(client, make):
    milestone = make.milestone(milestone_date=date(2026, 12, 1))
    client.post(
        f"/milestones/{milestone.id}/move",
        data={"move-date": "2026-12-02", "move-note": "<script>alert('m')</script>"},
    )
    client.post(
        f"/milestones/{milestone.id}/done",
        data={"done-note": "<img src=x onerror=alert(1)>", "done-url": ""},
    )
    for url in (f"/milestones/{milestone.id}", "/milestones/timeline?done=1"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    detail = client.get(f"/milestones/{milestone.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;m&#39;)&lt;/script&gt;" in detail
