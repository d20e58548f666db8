"""A person's page (issue 18): roles, tags, their current stance on each ask with its history,
every interaction they attended and every commitment they made (late ones flagged); an erased
person shows as "Erased person" with no personal field."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.models import CommitmentStatus, DuePrecision, PersonRole, PersonTag, Tag
from campaign.people.person_page import detail_url
from tests.support import stances as rows
from tests.support.querycount import count_queries

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TODAY = date(2026, 12, 7)


@pytest.fixture
def clocked(make_app):
    return make_app(CLOCK=lambda: NOW)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_shows_roles_tags_stances_with_history_interactions_and_commitments(
    clocked, session, make
):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Age checks", slug="age-checks")
    jo = rows.person(session, "Jo Director", organisation=ofcom, email="jo@example.org")
    session.add(PersonRole(person_id=jo.id, title="Policy lead", ended_on=date(2024, 3, 31)))
    tag = Tag(name="select committee")
    session.add(tag)
    session.commit()
    session.add(PersonTag(person_id=jo.id, tag_id=tag.id))
    session.commit()
    meeting = rows.interaction(session, jo, title="Codes meeting")
    rows.stance(session, jo, ask, "sceptic", date(2026, 3, 1), evidence="First letter")
    rows.stance(
        session,
        jo,
        ask,
        "supporter",
        date(2026, 11, 3),
        interaction_id=meeting.id,
        recheck_by=TODAY - timedelta(days=1),
    )
    rows.commitment(
        session,
        jo,
        title="Publish the codes",
        due_on=date(2026, 3, 1),
        due_precision=DuePrecision.SEASON,
        ask_id=ask.id,
    )
    rows.commitment(session, jo, title="Write by March", due_on=date(2027, 3, 31))
    rows.commitment(
        session, jo, title="Already kept", due_on=date(2026, 1, 1), status=CommitmentStatus.KEPT
    )

    client = clocked.test_client()
    page = client.get(f"/people/{jo.id}").get_data(as_text=True)
    text = _text(page)
    assert "Policy lead" in text and "Director" in text and "Current" in text  # both roles
    assert "select committee" in text
    current = page[page.index('class="striped current-stances"') :]
    current = current[: current.index("</table>")]
    assert "Supporter" in current and "Sceptic" not in current  # the newest assessment
    assert "Re-check due" in current and "Codes meeting" in current
    history = page[page.index('class="stance-history"') :]
    history = _text(history[: history.index("</details>")])
    assert "1 earlier assessment" in history
    assert "1 March 2026 Sceptic" in history and "3 November 2026 (current) Supporter" in history
    assert "First letter" in history
    interactions = _text(page[page.index('id="interactions"') : page.index('id="commitments"')])
    assert "Codes meeting" in interactions and "Meeting" in interactions
    commitments = page[page.index('id="commitments"') :]
    commitments = commitments[: commitments.index("</section>")]
    rows_html = commitments.split("<tr>")[2:]
    # The title is the row's header cell, a link once the commitments' pages exist.
    late = {_text(row.split("</th>")[0]).strip(): "badge-late" in row for row in rows_html}
    # Spring 2026 ended on 31 May: late. Not yet due, and kept: not late.
    assert late == {"Publish the codes": True, "Write by March": False, "Already kept": False}
    assert "by 31 May 2026" in _text(commitments)
    assert 'href="/people/stances/new?person=' in page  # Record a stance, for an admin


def test_links_to_interaction_and_commitment_pages_only_where_they_exist(app):
    class Row:
        id = 7
        slug = "age-checks"

    with app.test_request_context():
        assert detail_url("asks.detail", Row()) == "/asks/age-checks"  # the area's own address
        assert detail_url("no_such_area.detail", Row()) is None


def test_the_page_costs_the_same_queries_with_more_stances(app, client, session, make):
    jo = rows.person(session, "Jo", organisation=make.organisation())
    ask = make.ask()
    rows.stance(session, jo, ask, "neutral", date(2026, 1, 1))
    rows.commitment(session, jo, ask_id=ask.id)
    rows.interaction(session, jo)
    with count_queries(app) as few:
        assert client.get(f"/people/{jo.id}").status_code == 200
    for n in range(5):
        other = make.ask()
        rows.stance(session, jo, other, "supporter", date(2026, 2, 1 + n))
        rows.stance(session, jo, other, "champion", date(2026, 3, 1 + n))
        rows.commitment(session, jo, ask_id=make.ask().id)  # an ask with no stance of theirs
        rows.interaction(session, jo)
    with count_queries(app) as many:
        assert client.get(f"/people/{jo.id}").status_code == 200
    assert len(many) == len(few)


def test_an_erased_person_shows_no_personal_field(app, client, session, make):
    ask = make.ask()
    jo = rows.person(
        session,
        "Jo Secret",
        email="jo@secret.example",
        party="Green",
        organisation=make.organisation(),
    )
    rows.stance(session, jo, ask, "neutral", date(2026, 1, 1))
    jo.erased_at = datetime(2026, 12, 1, tzinfo=UTC)
    session.add(jo)
    session.commit()
    page = client.get(f"/people/{jo.id}").get_data(as_text=True)
    assert "<title>Erased person" in page and "<h1>Erased person</h1>" in page
    for personal in ("Jo Secret", "jo@secret.example", "Green", "Director"):
        assert personal not in page, personal
    assert "Neutral" in page  # the stance keeps its place
    assert "Record a stance" not in page
