"""The timeline: upcoming then past, by month; precision; filters; done; moves; reminders."""

import re
from datetime import UTC, date, datetime

import pytest

from campaign.models import AskMilestone, DatePrecision, MilestoneMove
from tests.milestones.helpers import CLOCK, NOW, outline, titles
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

URL = "/milestones/timeline"


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


def _day(make, title, when, **kw):
    return make.milestone(title=title, milestone_date=when, **kw)


def _month(make, title, year, month, **kw):
    return make.milestone(
        title=title, milestone_date=date(year, month, 1), date_precision="month", **kw
    )


def _year(make, title, year, **kw):
    return make.milestone(title=title, milestone_date=date(year, 1, 1), date_precision="year", **kw)


def test_upcoming_first_by_date_then_past_latest_first_grouped_by_month(client, make):
    _day(make, "Yesterday", date(2026, 11, 23))
    _year(make, "Final statements", 2027, is_planned=True)
    _day(make, "In two weeks", date(2026, 12, 8))
    _day(make, "Today", date(2026, 11, 24))
    _month(make, "This month", 2026, 11)
    _day(make, "Consultation closes", date(2025, 10, 20))
    _day(make, "Tomorrow", date(2026, 11, 25))
    _month(make, "Register", 2026, 12, is_planned=True)
    _year(make, "Last year", 2025)

    assert outline(client.get(URL)) == [
        "upcoming",
        "#upcoming-2026-11",
        "This month",
        "Today",
        "Tomorrow",
        "#upcoming-2026-12",
        "Register",
        "In two weeks",
        "#upcoming-2027",
        "Final statements",
        "past",
        "#past-2026-11",
        "Yesterday",
        "#past-2025-10",
        "Consultation closes",
        "#past-2025",
        "Last year",
    ]


def test_group_headings_and_dates_at_their_precision(client, make):
    _month(make, "Register of categorised services", 2026, 12, is_planned=True)
    _year(make, "Final statements", 2027, is_planned=True)
    _day(make, "Fees regime", date(2026, 12, 8))
    page = client.get(URL)
    html = page.get_data(as_text=True)
    assert '<h3 id="upcoming-2026-12"><time datetime="2026-12">December 2026</time></h3>' in html
    assert '<h3 id="upcoming-2027"><time datetime="2027">2027</time></h3>' in html
    text = page_text(page)
    assert "December 2026 (planned)" in text
    assert "2027 (planned)" in text
    assert "January 2027" not in text  # a year is never shown as its first month
    assert '<time datetime="2026-12-08">8 December 2026</time>' in html


def test_days_to_go_for_days_and_the_period_named_for_months_and_years(client, make):
    _day(make, "Today", date(2026, 11, 24))
    _day(make, "Tomorrow", date(2026, 11, 25))
    _day(make, "Soon", date(2026, 12, 8))
    _month(make, "Current month", 2026, 11)
    _month(make, "A later month", 2027, 7)
    _year(make, "Current year", 2026)
    _year(make, "A later year", 2028)
    _day(make, "Gone", date(2026, 11, 1))
    text = page_text(client.get(URL))
    for expected in (
        "Today 24 November 2026 · today",
        "Tomorrow 25 November 2026 · tomorrow",
        "Soon 8 December 2026 · in 14 days",
        "Current month November 2026 · this month",
        "A later month July 2027 · in July 2027",
        "Current year 2026 · this year",
        "A later year 2028 · in 2028",
    ):
        assert expected in text
    assert "in 2 days" not in text  # no count to the first day of July or of 2028
    assert "Gone 1 November 2026 · Statement" in text  # past: no countdown


def test_kind_organisation_asks_and_reminders_are_shown(client, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Scan for known CSAM")
    archived_ask = make.ask(title="Old ask", archived_at=NOW)
    closes = _day(
        make,
        "Technology notices consultation closes",
        date(2026, 12, 8),
        kind="consultation_closes",
        organisation_id=ofcom.id,
    )
    make.link(AskMilestone(ask_id=ask.id, milestone_id=closes.id))
    make.link(AskMilestone(ask_id=archived_ask.id, milestone_id=closes.id))
    _month(make, "Register", 2026, 12)
    _day(make, "Quiet", date(2026, 12, 9), reminder_offsets="")
    _day(make, "Custom", date(2026, 12, 10), reminder_offsets="14,2")
    page = client.get(URL)
    text = page_text(page)
    assert (
        "Technology notices consultation closes 8 December 2026 · in 14 days · "
        "Consultation closes · Ofcom Asks: Scan for known CSAM Reminders 28, 7, 1 days before"
    ) in text
    assert "Old ask" not in text
    assert f'href="/asks/{ask.slug}">Scan for known CSAM</a>' in page.get_data(as_text=True)
    assert (
        "Register December 2026 · in December 2026 · Statement No reminders: the date is "
        "only known to the month." in text
    )
    assert "Quiet 9 December 2026 · in 15 days · Statement No reminders: turned off" in text
    assert "Custom 10 December 2026 · in 16 days · Statement Reminders 14, 2 days before" in text


def test_filters_by_ask_organisation_and_kind(client, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Scan for known CSAM")
    linked = _day(make, "Linked", date(2026, 12, 1))
    make.link(AskMilestone(ask_id=ask.id, milestone_id=linked.id))
    _day(make, "Ofcom's", date(2025, 6, 1), organisation_id=ofcom.id)
    _day(make, "A report", date(2027, 3, 1), kind="report")
    _day(make, "Archived", date(2026, 12, 2), archived_at=NOW)

    assert titles(client.get(URL)) == ["Linked", "A report", "Ofcom's"]
    assert titles(client.get(f"{URL}?ask={ask.id}")) == ["Linked"]
    assert titles(client.get(f"{URL}?organisation={ofcom.id}")) == ["Ofcom's"]
    assert titles(client.get(f"{URL}?kind=report")) == ["A report"]
    assert titles(client.get(f"{URL}?kind=report&organisation={ofcom.id}")) == []
    assert titles(client.get(f"{URL}?kind=bogus")) == []
    assert titles(client.get(f"{URL}?ask=x")) == []
    assert "No milestones match." in page_text(client.get(f"{URL}?kind=bogus"))
    # the filter form keeps the choice and works without JavaScript (GET)
    html = client.get(f"{URL}?organisation={ofcom.id}").get_data(as_text=True)
    assert f'<input type="hidden" name="organisation" value="{ofcom.id}">' in html
    assert "Organisation: <strong>Ofcom</strong>" in html
    assert '<form method="get" class="filters"' in html
    # search, then choose (docs/choosers.md): the organisation is offered once searched for
    found = client.get(f"{URL}?organisation_find=ofc").get_data(as_text=True)
    assert f'<input type="radio" name="organisation" value="{ofcom.id}"> Ofcom' in found


def test_done_milestones_are_hidden_unless_asked_for_and_then_marked(client, make):
    _day(
        make,
        "Consultation closes",
        date(2025, 10, 20),
        done_at=datetime(2025, 10, 17, 15, tzinfo=UTC),
        done_note="our consultation response submitted",
        done_url="https://example.org/our-response",
    )
    _day(make, "Open", date(2026, 12, 1))
    hidden = client.get(URL)
    assert titles(hidden) == ["Open"]
    assert "1 done milestone hidden: show done." in page_text(hidden)
    assert 'href="/milestones/timeline?done=1"' in hidden.get_data(as_text=True)
    shown = client.get(f"{URL}?done=1")
    assert titles(shown) == ["Open", "Consultation closes"]
    assert "✓ Done 17 October 2025: our consultation response submitted" in page_text(shown)
    html = shown.get_data(as_text=True)
    assert (
        '<a href="https://example.org/our-response">our consultation response submitted</a>' in html
    )
    assert 'name="done" value="1" checked' in html
    assert "hidden" not in page_text(shown)


def test_a_moved_milestone_says_where_from(client, make, session):
    moved = _day(make, "Fees statement", date(2026, 12, 8))
    for old, new in ((date(2026, 6, 30), date(2026, 9, 1)), (date(2026, 9, 1), date(2026, 12, 8))):
        session.add(
            MilestoneMove(
                milestone_id=moved.id,
                old_date=old,
                old_precision=DatePrecision.DAY,
                new_date=new,
                new_precision=DatePrecision.DAY,
                moved_at=datetime(2026, new.month - 1, 1, tzinfo=UTC),
            )
        )
    session.commit()
    _day(make, "Never moved", date(2026, 12, 9))
    text = page_text(client.get(URL))
    assert (
        "Fees statement 8 December 2026 · in 14 days · Statement Moved from 1 September 2026"
        in (text)
    )
    assert text.count("Moved from") == 1


def test_html_in_titles_and_notes_is_escaped(client, make):
    _day(
        make,
        "<script>alert('t')</script>",
        date(2026, 12, 1),
        done_at=NOW,
        done_note="<img src=x onerror=alert(1)>",
    )
    html = client.get(f"{URL}?done=1").get_data(as_text=True)
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_reachable_from_the_milestones_list_and_marks_the_nav(client, make):
    html = client.get("/milestones/").get_data(as_text=True)
    assert '<a href="/milestones/timeline">Timeline</a>' in html
    timeline = client.get(URL).get_data(as_text=True)
    assert re.search(
        r'href="/milestones/" aria-current="page"><strong[^>]*>Milestones</strong></a>', timeline
    )
    assert '<a href="/milestones/timeline" aria-current="page">Timeline</a>' in timeline


def test_queries_do_not_grow_with_milestones(make_app, make, session):
    app = make_app(**CLOCK)
    client = app.test_client()

    def add(n):
        for i in range(n):
            milestone = make.milestone(
                milestone_date=date(2026 + i % 2, 1 + i % 12, 1),
                date_precision=("day", "month", "year")[i % 3],
                organisation_id=make.organisation().id,
                done_at=NOW if i % 4 == 0 else None,
            )
            make.link(AskMilestone(ask_id=make.ask().id, milestone_id=milestone.id))
            session.add(
                MilestoneMove(
                    milestone_id=milestone.id,
                    old_date=date(2025, 1, 1),
                    old_precision=DatePrecision.DAY,
                    new_date=milestone.milestone_date,
                    new_precision=milestone.date_precision,
                )
            )
            session.commit()

    add(3)
    with count_queries(app) as few:
        assert client.get(f"{URL}?done=1").status_code == 200
        assert client.get(URL).status_code == 200
    add(27)
    with count_queries(app) as many:
        assert client.get(f"{URL}?done=1").status_code == 200
        assert client.get(URL).status_code == 200
    assert len(few) == len(many)
    assert len(titles(client.get(f"{URL}?done=1"))) == 30
