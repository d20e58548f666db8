"""The dashboard's panels about people's business (issue 18): follow-ups due, late commitments,
stances to re-check. Clock pinned to Saturday 1 March 2025."""

from datetime import UTC, date, datetime, timedelta

import pytest

from campaign import models as m
from campaign.dashboard import stakeholders
from tests.responses.helpers import page_text
from tests.support.accounts import ensure_user
from tests.support.querycount import count_queries
from tests.support.stakeholder_rows import StakeholderRows

TODAY = date(2025, 3, 1)
CLOCK = {"CLOCK": lambda: datetime(2025, 3, 1, 12, tzinfo=UTC)}


@pytest.fixture
def app(make_app):
    return make_app(**CLOCK)


@pytest.fixture
def client(app):
    return app.test_client()  # signed in as the test admin


@pytest.fixture
def rows(session):
    return StakeholderRows(session)


def section(text: str, heading: str, next_heading: str) -> str:
    start = text.index(heading)
    return text[start : text.index(next_heading, start)]


def follow_ups(client) -> str:
    return section(page_text(client.get("/")), "Follow-ups due Open", "Late commitments")


def test_follow_ups_due_overdue_or_within_a_week_the_user_s_own_first(app, client, rows):
    admin = ensure_user(app, "admin", True)  # the signed-in test client's user
    other = rows.user(name="Robin Other")
    mp = rows.person(name="Jane Smith MP", key="jane-smith")
    adviser = rows.person(name="Alex Adviser", key="alex-adviser")
    meeting = rows.interaction(title="Meeting with Jane", key="meeting-jane", people=[mp, adviser])
    call = rows.interaction(title="Call with Ofcom", key="call-ofcom")
    rows.action(
        meeting, description="Overdue, other's", owner_id=other.id, due_on=TODAY - timedelta(days=3)
    )
    rows.action(
        meeting, description="Mine in a week", owner_id=admin.id, due_on=TODAY + timedelta(days=7)
    )
    rows.action(call, description="Nobody's today", due_on=TODAY)
    rows.action(
        call, description="Too far ahead", owner_id=admin.id, due_on=TODAY + timedelta(days=8)
    )
    rows.action(
        call, description="Done already", due_on=TODAY, done_at=datetime(2025, 2, 1, tzinfo=UTC)
    )
    rows.action(call, description="No due date")
    archived = rows.interaction(title="Archived", archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    rows.action(archived, description="Of an archived meeting", due_on=TODAY)

    text = follow_ups(client)
    assert (
        text.index("Mine in a week") < text.index("Overdue, other's") < text.index("Nobody's today")
    )
    for hidden in ("Too far ahead", "Done already", "No due date", "Of an archived meeting"):
        assert hidden not in text
    assert "Test admin (you) 8 March 2025 in 7 days Meeting with Jane" in text
    assert (
        "Robin Other 26 February 2025 3 days overdue Meeting with Jane Alex Adviser, Jane Smith MP"
        in text
    )
    assert "nobody 1 March 2025 today Call with Ofcom nobody recorded" in text
    assert "Follow-ups due (3)" in page_text(client.get("/"))
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/interactions/meeting-jane">Meeting with Jane</a>' in html
    assert '<a href="/people/jane-smith">Jane Smith MP</a>' in html


def test_late_commitments_agree_with_is_late_on(client, rows, make, session):
    ask = make.ask(title="Age checks that work", slug="age-checks")
    ofcom = make.organisation(name="Ofcom")
    dana = rows.person(name="Dana Director", key="dana")
    cases = {  # title: (due_on, precision, status)
        "Day yesterday": (date(2025, 2, 28), "day", "open"),
        "Day today": (TODAY, "day", "open"),
        "Month last": (date(2025, 2, 1), "month", "open"),
        "Month this": (date(2025, 3, 1), "month", "open"),
        "Winter ended": (date(2024, 12, 1), "season", "open"),  # by 28 February 2025
        "Winter 23": (date(2023, 12, 1), "season", "kept"),
        "Autumn": (date(2024, 9, 1), "season", "open"),  # by 30 November 2024
        "Spring": (date(2025, 3, 1), "season", "open"),  # March to May: not yet
        "Year last": (date(2024, 1, 1), "year", "open"),
        "Year this": (date(2025, 1, 1), "year", "open"),
        "Marked late": (date(2025, 6, 1), "day", "late"),
        "Broken": (date(2024, 6, 1), "day", "broken"),
    }
    made = [
        rows.commitment(
            title=title,
            due_on=due_on,
            due_precision=m.DuePrecision(precision),
            status=m.CommitmentStatus(status),
            person_id=dana.id,
            organisation_id=ofcom.id,
            ask_id=ask.id,
        )
        for title, (due_on, precision, status) in cases.items()
    ]
    rows.commitment(title="Archived", due_on=date(2024, 1, 1), archived_at=datetime.now(UTC))
    rows.commitment(title="No date")
    expected = {c.title for c in made if c.is_late_on(TODAY)}
    assert expected == {
        "Day yesterday",
        "Month last",
        "Winter ended",
        "Autumn",
        "Year last",
        "Marked late",
    }
    panel = stakeholders.late_commitments(session, today=TODAY)
    assert {line.title for line in panel.rows} == expected and panel.total == len(expected)
    assert [line.title for line in panel.rows][:2] == ["Autumn", "Year last"]  # by due-by date

    response = client.get("/")
    text = section(page_text(response), "Late commitments Promises", "Stances to re-check")
    assert (
        "Dana Director (Ofcom) Winter ended 28 February 2025 1 day late Age checks that work"
        in text
    )
    html = response.get_data(as_text=True)
    assert f'<a href="/commitments/{made[4].key}">Winter ended</a>' in html
    assert '<a href="/people/dana">Dana Director</a>' in html
    assert "Late commitments (6)" in page_text(response)


def test_stances_to_re_check_are_the_current_ones_due_within_a_week(client, rows, make):
    ask = make.ask(title="Age checks that work", slug="age-checks")
    other_ask = make.ask(title="Scan for known CSAM", slug="csam")
    jane = rows.person(name="Jane Smith MP", key="jane-smith")
    alex = rows.person(name="Alex Minister", key="alex")
    gone = rows.person(name="Erased person", erased_at=datetime(2025, 1, 1, tzinfo=UTC))
    rows.stance(
        jane, ask, stance=m.StanceLevel.SCEPTIC, assessed_on=date(2025, 1, 10), recheck_by=TODAY
    )
    rows.stance(jane, other_ask, assessed_on=date(2024, 12, 1), recheck_by=TODAY)  # replaced:
    rows.stance(jane, other_ask, assessed_on=date(2025, 2, 1), recheck_by=date(2025, 6, 1))
    rows.stance(alex, ask, stance=m.StanceLevel.CHAMPION, recheck_by=TODAY + timedelta(days=7))
    rows.stance(alex, other_ask, recheck_by=TODAY + timedelta(days=8))
    rows.stance(gone, ask, recheck_by=TODAY)

    response = client.get("/")
    text = section(page_text(response), "Stances to re-check People", "Asks and where")
    assert text.index("Jane Smith MP Age checks that work Sceptic") < text.index("Alex Minister")
    assert "(assessed 10 January 2025) 1 March 2025 today" in text
    assert "Champion" in text and "8 March 2025 in 7 days" in text
    assert "Scan for known CSAM" not in text and "Erased person" not in text
    assert "Stances to re-check (2)" in page_text(response)
    assert '<a href="/people/alex">Alex Minister</a>' in response.get_data(as_text=True)


def test_empty_panels_say_so(client):
    text = page_text(client.get("/"))
    assert "No follow-up actions are due in the next 7 days." in text
    assert "No commitment is late." in text
    assert "No stance is due for a re-check in the next 7 days." in text


def test_panels_are_capped_and_their_queries_do_not_grow(app, client, rows, make):
    ask = make.ask()

    def add(n):
        for _ in range(n):
            person = rows.person()
            meeting = rows.interaction(people=[person, rows.person()])
            rows.action(meeting, due_on=TODAY, owner_id=rows.user().id)
            rows.stance(person, ask, recheck_by=TODAY)
            rows.commitment(due_on=date(2025, 1, 1), person_id=person.id, ask_id=ask.id)

    add(2)
    with count_queries(app) as few:
        assert client.get("/").status_code == 200
    add(stakeholders.SHOWN)
    with count_queries(app) as many:
        text = page_text(client.get("/"))
    assert len(few) == len(many)
    total = stakeholders.SHOWN + 2
    assert f"Showing the first {stakeholders.SHOWN} of {total} follow-ups due." in text
    assert f"Showing the first {stakeholders.SHOWN} of {total} late commitments." in text
    assert f"Showing the first {stakeholders.SHOWN} of {total} stances to re-check." in text


def test_a_viewer_sees_the_panels(app, rows):
    meeting = rows.interaction(title="Meeting with Jane")
    rows.action(meeting, description="Send the pack", due_on=TODAY)
    viewer = app.test_client(as_user=("viewer", False))
    text = page_text(viewer.get("/"))
    assert "Send the pack" in text and "(you)" not in text
