"""Milestones known to a month or a year on the dashboard, with the clock pinned to Monday
7 December 2026: "Coming up" orders them by the end of their period, and a planned milestone
whose period is over without being done is flagged as slipped (the dashboard, the timeline's
Past and the milestones list's "When" filter), never silently past."""

from datetime import UTC, date, datetime

import pytest

from campaign.dashboard import services
from tests.dashboard.test_dashboard import section
from tests.responses.helpers import page_text

TODAY = date(2026, 12, 7)
CLOCK = {"CLOCK": lambda: datetime(2026, 12, 7, 12, tzinfo=UTC)}
DONE = datetime(2026, 8, 3, 9, tzinfo=UTC)


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


def test_coming_up_is_in_order_of_the_end_of_each_period(client, session, make):
    for title, when, precision in (
        ("Online safety review", date(2027, 1, 1), "year"),
        ("Ofcom statement", date(2027, 1, 16), "day"),
        ("Codes laid", date(2027, 1, 1), "month"),
        ("Roadmap update", date(2026, 12, 1), "month"),
        ("Select committee", date(2026, 12, 20), "day"),
        ("Consultation closes", date(2026, 12, 31), "day"),
    ):
        make.milestone(title=title, milestone_date=when, date_precision=precision, is_planned=True)
    expected = [
        "Select committee",  # 20 December 2026
        "Consultation closes",  # 31 December 2026: a day before a month ending that day
        "Roadmap update",  # December 2026: by 31 December 2026
        "Ofcom statement",  # 16 January 2027
        "Codes laid",  # January 2027: by 31 January 2027
        "Online safety review",  # 2027: by 31 December 2027
    ]
    rows = services.upcoming_milestones(session, today=TODAY)
    assert [row.milestone.title for row in rows] == expected
    text = section(page_text(client.get("/")), "Coming up in the next 60 days", "Slipped:")
    assert sorted(expected, key=text.index) == expected
    assert "2027 (planned) Online safety review from 2027" in text


def test_a_planned_milestone_whose_period_is_over_undone_is_flagged_slipped(client, make):
    def plan(title, when, precision="day", **kw):
        make.milestone(
            title=title, milestone_date=when, date_precision=precision, is_planned=True, **kw
        )

    plan("Codes (July)", date(2026, 7, 1), "month")
    plan("Report (day)", date(2026, 12, 6))
    plan("Strategy (year)", date(2025, 1, 1), "year")
    # Not slipped: done, its month not over, not a plan, archived.
    plan("Done plan", date(2026, 7, 1), "month", done_at=DONE)
    plan("December plan", date(2026, 12, 1), "month")
    make.milestone(title="Hearing held", milestone_date=date(2026, 11, 2))
    plan("Archived plan", date(2026, 6, 1), archived_at=DONE)

    text = page_text(client.get("/"))
    assert "Slipped (3)" in text  # the dashboard's section links
    slipped = section(text, "Slipped: planned but not done", "Latest responses received")
    assert "6 December 2026 (planned) Report (day) Slipped" in slipped
    assert "July 2026 (planned) Codes (July) Slipped" in slipped
    assert "2025 (planned) Strategy (year) Slipped" in slipped
    assert slipped.index("Report (day)") < slipped.index("Codes (July)") < slipped.index("Strategy")
    for title in ("Done plan", "December plan", "Hearing held", "Archived plan"):
        assert title not in slipped
    coming = section(text, "Coming up in the next 60 days", "Slipped:")
    assert "December plan" in coming and "Codes (July)" not in coming

    # The milestones list filters them; the timeline flags them under Past.
    listed = page_text(client.get("/milestones/?when=slipped"))
    assert all(t in listed for t in ("Codes (July)", "Report (day)", "Strategy (year)"))
    assert not any(t in listed for t in ("Done plan", "December plan", "Hearing held"))
    timeline = page_text(client.get("/milestones/timeline?done=1"))
    past = timeline[timeline.index("Past") :]
    assert "July 2026 (planned) · Slipped: planned, not done" in past
    assert "Hearing held" in past and past.count("Slipped: planned, not done") == 3
    upcoming = timeline[: timeline.index("Past")]
    assert "Slipped" not in upcoming


def test_the_dashboard_shows_the_latest_slipped_and_links_to_all(client, make):
    for month in range(1, 12):
        make.milestone(
            title=f"Plan {month:02d}",
            milestone_date=date(2026, month, 1),
            date_precision="month",
            is_planned=True,
        )
    text = page_text(client.get("/"))
    slipped = section(text, "Slipped: planned but not done", "Latest responses received")
    assert "All 11 slipped milestones (showing the latest 10)" in slipped
    assert "Plan 11" in slipped and "Plan 02" in slipped and "Plan 01" not in slipped
    html = client.get("/").get_data(as_text=True)
    assert 'href="/milestones/?when=slipped&amp;sort=-date"' in html


def test_no_slipped_milestone_says_so(client):
    assert "No planned milestone has slipped." in page_text(client.get("/"))
