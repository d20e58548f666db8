"""The milestone pages refuse a title, a done note or a move reason with a line break, beside
the field, and save nothing (issue 12, finding 4: a title with a line break stopped every
reminder). The rule is campaign.common.text's; tests/common/test_single_line.py walks every
form."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from campaign.common.text import MESSAGE
from campaign.models import Milestone, MilestoneMove

BROKEN = "Codes laid\r\nBcc: leak@example.net"


def _field_error(page: str, field_id: str) -> str:
    start = page.index(f'id="{field_id}-error"')
    return page[start : page.index("</p>", start)]


def test_a_new_milestone_with_a_line_break_in_its_title_is_refused(client, session):
    response = client.post(
        "/milestones/new",
        data={"title": BROKEN, "date": "2026-07-01", "kind": "duty_in_force"},
    )
    assert response.status_code == 422
    assert f"Title {MESSAGE}." in _field_error(response.get_data(as_text=True), "title")
    assert session.exec(select(Milestone)).all() == []


def test_editing_a_title_to_two_lines_is_refused_and_the_title_kept(client, make, session):
    milestone = make.milestone(title="Codes laid", milestone_date=date(2026, 7, 1))
    response = client.post(
        f"/milestones/{milestone.id}/edit",
        data={
            "title": "Codes laid\u2028before Parliament",
            "date": "2026-07-01",
            "kind": milestone.kind.value,
            "version": milestone.version,
        },
    )
    assert response.status_code == 422
    assert f"Title {MESSAGE}." in _field_error(response.get_data(as_text=True), "title")
    session.expire_all()
    assert session.get(Milestone, milestone.id).title == "Codes laid"


def test_done_and_move_notes_are_one_line(client, make, session):
    milestone = make.milestone(title="Codes laid", milestone_date=date(2026, 7, 1))
    done = client.post(f"/milestones/{milestone.id}/done", data={"done-note": "Sent\nto Ofcom"})
    assert done.status_code == 422
    error = _field_error(done.get_data(as_text=True), "done-note")
    assert f"What was done {MESSAGE}." in error
    moved = client.post(
        f"/milestones/{milestone.id}/move",
        data={"move-date": "2026-09-01", "move-note": "Ofcom\r\nextended it"},
    )
    assert moved.status_code == 422
    assert f"Reason {MESSAGE}." in _field_error(moved.get_data(as_text=True), "move-note")
    session.expire_all()
    row = session.get(Milestone, milestone.id)
    assert row.done_at is None and row.milestone_date == date(2026, 7, 1)
    assert session.exec(select(MilestoneMove)).all() == []
