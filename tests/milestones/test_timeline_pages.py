"""The timeline's pages: whole months, "Earlier" and "Later", filters kept, a fixed number of
queries whatever the number of milestones. Today is 24 November 2026 (tests/milestones/helpers)."""

import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import insert

from campaign.milestones import timeline_windows
from campaign.milestones.timeline_windows import choose_window, month_index, parse_month
from campaign.models import AskMilestone, Milestone, MilestoneKind, MilestoneMove
from tests.milestones.helpers import CLOCK, NOW, outline, titles
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

URL = "/milestones/timeline"
NOV_2026 = month_index(date(2026, 11, 1))
_LINK = re.compile(r'<a href="([^"]+)" rel="(prev|next)">')


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(timeline_windows, "PAGE_SIZE", 4)


def _links(response) -> dict[str, str]:
    html = response.get_data(as_text=True).replace("&amp;", "&")
    return {rel: href for href, rel in _LINK.findall(html)}


def _monthly(make, months, per_month=2, **kw):
    """`per_month` milestones titled 'YYYY-MM n' on the 10th of each (year, month)."""
    for year, month in months:
        for n in range(per_month):
            make.milestone(
                title=f"{year}-{month:02d} {n}", milestone_date=date(year, month, 10), **kw
            )


def _walk(client, start: str, rel: str) -> list[list[str]]:
    """The titles of each page, following `rel` links from `start` to the end."""
    pages, address = [], start
    while address:
        response = client.get(address)
        assert response.status_code == 200
        pages.append(titles(response))
        address = _links(response).get(rel)
        assert len(pages) < 50
    return pages


def test_a_small_timeline_is_one_page_without_page_links(client, make):
    _monthly(make, [(2025, 1), (2026, 11), (2028, 6)])
    page = client.get(URL)
    assert len(titles(page)) == 6
    assert _links(page) == {}
    assert 'aria-label="Timeline pages' not in page.get_data(as_text=True)


def test_pages_hold_whole_months_and_together_show_every_milestone_once(client, make, small_pages):
    months = [(2026, m) for m in range(5, 13)] + [(2027, m) for m in range(1, 5)]
    _monthly(make, months)
    first = client.get(URL)
    # Around today's month: November, then December and October, alternately, up to 4.
    assert outline(first) == [
        "upcoming",
        "#upcoming-2026-12",
        "2026-12 0",
        "2026-12 1",
        "past",
        "#past-2026-11",
        "2026-11 1",
        "2026-11 0",
    ]
    assert "Showing November 2026 to December 2026" in page_text(first)
    links = _links(first)
    assert links == {
        "prev": f"{URL}?until=2026-10",
        "next": f"{URL}?from=2027-01",
    }
    later = _walk(client, links["next"], "next")
    earlier = _walk(client, links["prev"], "prev")
    assert [len(p) for p in later] == [4, 4]
    assert [len(p) for p in earlier] == [4, 4, 4]
    seen = [t for p in [titles(first), *later, *earlier] for t in p]
    assert Counter(seen) == Counter(f"{y}-{m:02d} {n}" for y, m in months for n in (0, 1))
    # An earlier page is all past, latest first, grouped by month.
    assert outline(client.get(links["prev"])) == [
        "upcoming",
        "past",
        "#past-2026-10",
        "2026-10 1",
        "2026-10 0",
        "#past-2026-09",
        "2026-09 1",
        "2026-09 0",
    ]
    earlier_page = page_text(client.get(links["prev"]))
    assert "Showing September 2026 to October 2026" in earlier_page
    assert "Later (from November 2026)" in earlier_page
    assert "Earlier (to August 2026)" in earlier_page


def test_page_links_keep_the_filters_and_done(client, make, small_pages):
    ofcom = make.organisation(name="Ofcom")
    _monthly(make, [(2026, m) for m in range(1, 13)], organisation_id=ofcom.id)
    _monthly(make, [(2026, m) for m in range(1, 13)], per_month=1)  # not Ofcom's
    page = client.get(f"{URL}?organisation={ofcom.id}&done=1")
    links = _links(page)
    assert links["prev"] == f"{URL}?organisation={ofcom.id}&done=1&until=2026-10"
    earlier = client.get(links["prev"])
    assert titles(earlier) == ["2026-10 1", "2026-10 0", "2026-09 1", "2026-09 0"]
    assert _links(earlier)["next"] == f"{URL}?organisation={ofcom.id}&done=1&from=2026-11"
    # the filter form still shows the choice on the next page
    shown = earlier.get_data(as_text=True)
    assert f'<input type="hidden" name="organisation" value="{ofcom.id}">' in shown


def test_the_current_years_year_milestone_stays_on_the_first_page(client, make, small_pages):
    make.milestone(
        title="Final statements",
        milestone_date=date(2026, 1, 1),
        date_precision="year",
    )
    _monthly(make, [(2026, m) for m in range(1, 12)], per_month=1)
    first = client.get(URL)
    assert titles(first)[0] == "Final statements"  # upcoming: this year
    assert "Final statements 2026 · this year" in page_text(first)
    january = client.get(f"{URL}?until=2026-01")
    assert titles(january) == ["2026-01 0"]


def test_a_month_fuller_than_a_page_is_shown_whole(client, make, small_pages):
    _monthly(make, [(2026, 11)], per_month=6)
    _monthly(make, [(2026, 12)], per_month=1)
    first = client.get(URL)
    assert len(titles(first)) == 6
    assert _links(first) == {"next": f"{URL}?from=2026-12"}


def test_an_unreadable_month_shows_the_first_page(client, make, small_pages):
    _monthly(make, [(2026, 11), (2027, 6), (2028, 6)])
    first = titles(client.get(URL))
    for bad in ("from=2026-13", "until=soon", "from=0000-05", "from="):
        assert titles(client.get(f"{URL}?{bad}")) == first


def test_the_first_and_last_months_there_can_be(client, make):
    make.milestone(title="Far off", milestone_date=date(9999, 12, 31))
    make.milestone(title="Long ago", milestone_date=date(1, 1, 1))
    assert titles(client.get(f"{URL}?from=9999-12")) == ["Far off"]
    assert titles(client.get(f"{URL}?until=0001-01")) == ["Long ago"]
    assert titles(client.get(URL)) == ["Far off", "Long ago"]


def test_an_empty_page_says_which_months(client, make, small_pages):
    _monthly(make, [(2025, 1)])
    page = client.get(f"{URL}?from=2026-03")
    assert "No milestones match in March 2026." in page_text(page)
    assert _links(page) == {"prev": f"{URL}?until=2026-02"}


def test_choose_window_around_today_and_from_either_side():
    counts = Counter({NOV_2026 - 3: 1, NOV_2026 - 1: 2, NOV_2026: 1, NOV_2026 + 2: 5})
    window = choose_window(counts, today=NOV_2026, size=4)
    # later: January 2027 (5) does not fit, so that side stops; earlier: October, then
    # August fits too (1 + 2 + 1 = 4)
    assert (window.first, window.last) == (NOV_2026 - 3, NOV_2026)
    assert (window.earlier, window.later) == (None, NOV_2026 + 1)
    window = choose_window(counts, today=NOV_2026, start=NOV_2026 + 1, size=4)
    assert (window.first, window.last, window.later) == (NOV_2026 + 1, NOV_2026 + 2, None)
    assert window.earlier == NOV_2026
    window = choose_window(counts, today=NOV_2026, end=NOV_2026 - 1, size=2)
    assert (window.first, window.last) == (NOV_2026 - 1, NOV_2026 - 1)
    assert (window.earlier, window.later) == (NOV_2026 - 2, NOV_2026)
    empty = choose_window(Counter(), today=NOV_2026)
    assert (empty.first, empty.last, empty.earlier, empty.later) == (
        NOV_2026,
        NOV_2026,
        None,
        None,
    )


def test_parse_month():
    assert parse_month("2027-03") == 2027 * 12 + 2
    for bad in (None, "", "2027-3", "2027-00", "2027-13", "March", "0000-01", "2027-03-01"):
        assert parse_month(bad) is None


def _bulk(session, count: int, ask_id: int, prefix: str) -> None:
    """`count` milestones over 50 months, each with an ask link and a move, written with Core
    inserts (fast)."""
    rows = [
        {
            "key": f"{prefix}-{i}",
            "title": f"{prefix} {i}",
            "milestone_date": date(2024 + (i % 50) // 12, (i % 50) % 12 + 1, 1 + i % 28),
            "date_precision": "day",
            "kind": MilestoneKind.STATEMENT,
            "created_at": NOW,
            "updated_at": NOW,
        }
        for i in range(count)
    ]
    session.execute(insert(Milestone.__table__), rows)
    ids = session.scalars(
        Milestone.__table__.select()
        .with_only_columns(Milestone.__table__.c.id)
        .where(Milestone.__table__.c.key.like(f"{prefix}-%"))
    ).all()
    session.execute(
        insert(AskMilestone.__table__), [{"ask_id": ask_id, "milestone_id": i} for i in ids]
    )
    session.execute(
        insert(MilestoneMove.__table__),
        [
            {
                "milestone_id": i,
                "old_date": date(2023, 1, 1),
                "old_precision": "day",
                "new_date": date(2024, 1, 1),
                "new_precision": "day",
                "moved_at": NOW,
                "note": "",
            }
            for i in ids
        ],
    )
    session.commit()


def test_queries_are_the_same_for_a_few_milestones_and_for_thousands(make_app, make, session):
    app = make_app(**CLOCK)
    client = app.test_client()
    ask = make.ask()
    _bulk(session, 6, ask.id, "few")
    with count_queries(app) as few:
        assert client.get(URL).status_code == 200
        assert client.get(f"{URL}?done=1&until=2026-10").status_code == 200
    _bulk(session, 2_000, ask.id, "many")
    with count_queries(app) as many:
        first = client.get(URL)
        assert client.get(f"{URL}?done=1&until=2026-10").status_code == 200
    assert len(few) == len(many)
    shown = len(titles(first))
    assert 0 < shown <= timeline_windows.PAGE_SIZE
    assert set(_links(first)) == {"prev", "next"}
