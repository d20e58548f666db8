"""Milestones: the one-field precise date, linking to an ask, filters, archive, escaping."""

import re
from datetime import UTC, date, datetime

from sqlmodel import select

from campaign.models import AskMilestone, DatePrecision, Milestone
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

CLOCK = {"CLOCK": lambda: datetime(2025, 3, 1, 12, tzinfo=UTC)}


def form_data(**overrides):
    data = {
        "title": "Children's access assessments due",
        "date": "2026-07",
        "kind": "compliance_deadline",
        "description": "",
        "organisation_id": "",
        "source_id": "",
        "link_ask_id": "",
    }
    data.update(overrides)
    return data


def test_a_month_is_stored_at_its_precision_and_shown_as_such(client, session):
    created = client.post("/milestones/new", data=form_data(is_planned="y"))
    assert created.status_code == 302
    milestone = session.exec(select(Milestone)).one()
    assert milestone.milestone_date == date(2026, 7, 1)
    assert milestone.date_precision == DatePrecision.MONTH
    assert milestone.is_planned
    detail = client.get(created.location)
    assert "July 2026 (planned)" in page_text(detail)
    assert '<time datetime="2026-07">July 2026</time>' in detail.get_data(as_text=True)
    assert "July 2026 (planned)" in page_text(client.get("/milestones/"))
    edit = client.get(f"/milestones/{milestone.id}/edit").get_data(as_text=True)
    assert 'value="2026-07"' in edit


def test_a_day_and_a_year(client, session):
    client.post("/milestones/new", data=form_data(title="Statement", date="2023-10-26"))
    client.post("/milestones/new", data=form_data(title="Review", date=" 2027 "))
    rows = {m.title: m for m in session.exec(select(Milestone))}
    assert (rows["Statement"].milestone_date, rows["Statement"].date_precision) == (
        date(2023, 10, 26),
        DatePrecision.DAY,
    )
    assert (rows["Review"].milestone_date, rows["Review"].date_precision) == (
        date(2027, 1, 1),
        DatePrecision.YEAR,
    )
    text = page_text(client.get("/milestones/"))
    assert "26 October 2023" in text and "2027" in text and "January 2027" not in text
    edit = client.get(f"/milestones/{rows['Review'].id}/edit").get_data(as_text=True)
    assert 'value="2027"' in edit


def test_a_bad_date_is_refused_beside_the_field(client, session):
    for text, message in (
        ("July 2026", "Use YYYY-MM-DD, YYYY-MM or YYYY."),
        ("2026-13", "Not a real date: 2026-13."),
        ("2026-02-30", "Not a real date: 2026-02-30."),
        ("", "Enter a date."),
    ):
        refused = client.post("/milestones/new", data=form_data(date=text))
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        assert 'id="date-error"' in html and message in html
        assert re.search(r'aria-describedby="[^"]*\bdate-error"', html)  # the field names its error
    assert session.exec(select(Milestone)).all() == []


def test_organisation_and_source_are_chosen_and_shown(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    roadmap = make.source(title="Ofcom roadmap to regulation")
    make.organisation(name="Archived org", archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    page = client.get("/milestones/new").get_data(as_text=True)
    # choosers (docs/choosers.md): the form lists no organisation or source
    assert 'name="organisation_id_find"' in page and 'name="source_id_find"' in page
    assert "Ofcom roadmap to regulation" not in page and "Archived org" not in page
    created = client.post(
        "/milestones/new",
        data=form_data(organisation_id=str(ofcom.id), source_id=str(roadmap.id), date="2025"),
    )
    assert created.status_code == 302
    detail = client.get(created.location).get_data(as_text=True)
    assert f'href="/organisations/{ofcom.id}">Ofcom</a>' in detail
    assert f'href="/sources/{roadmap.id}">Ofcom roadmap to regulation</a>' in detail
    assert '<time datetime="2025">2025</time>' in detail


def test_edit_changes_the_precision(client, session, make):
    milestone = make.milestone(milestone_date=date(2026, 7, 1), date_precision="month")
    saved = client.post(
        f"/milestones/{milestone.id}/edit", data=form_data(title=milestone.title, date="2026-07-15")
    )
    assert saved.status_code == 302
    session.expire_all()
    again = session.get(Milestone, milestone.id)
    assert (again.milestone_date, again.date_precision) == (date(2026, 7, 15), DatePrecision.DAY)


def test_link_ask_id_is_prefilled_and_links_on_create(client, session, make):
    ask = make.ask(title="Scan for known CSAM")
    page = client.get(f"/milestones/new?link_ask_id={ask.id}").get_data(as_text=True)
    assert f'name="link_ask_id" value="{ask.id}"' in page
    assert 'name="link_ask_id_find" value="Scan for known CSAM"' in page
    created = client.post("/milestones/new", data=form_data(link_ask_id=str(ask.id)))
    assert created.status_code == 302
    milestone = session.exec(select(Milestone)).one()
    link = session.exec(select(AskMilestone)).one()
    assert (link.ask_id, link.milestone_id) == (ask.id, milestone.id)
    assert "Scan for known CSAM" in page_text(client.get(created.location))
    # the edit form does not offer it: links are made on create or from the ask's page
    assert 'name="link_ask_id"' not in client.get(f"/milestones/{milestone.id}/edit").get_data(
        as_text=True
    )


def test_filters_and_default_sort(make_app, make):
    client = make_app(**CLOCK).test_client()
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask()
    past = make.milestone(title="Past day", milestone_date=date(2025, 2, 28))
    this_month = make.milestone(
        title="This month", milestone_date=date(2025, 3, 1), date_precision="month"
    )
    make.milestone(
        title="Next year", milestone_date=date(2026, 1, 1), date_precision="year", kind="report"
    )
    make.milestone(title="Last year", milestone_date=date(2024, 1, 1), date_precision="year")
    make.milestone(title="Ofcom's", milestone_date=date(2025, 6, 1), organisation_id=ofcom.id)
    make.link(AskMilestone(ask_id=ask.id, milestone_id=past.id))
    make.link(AskMilestone(ask_id=ask.id, milestone_id=this_month.id))

    def titles(url):
        text = page_text(client.get(url))
        names = ("Past day", "This month", "Next year", "Last year", "Ofcom's")
        return [t for t in sorted(names, key=lambda t: text.find(t)) if t in text]

    assert titles("/milestones/") == ["Last year", "Past day", "This month", "Ofcom's", "Next year"]
    assert titles("/milestones/?sort=-date")[0] == "Next year"
    assert titles("/milestones/?when=upcoming") == ["This month", "Ofcom's", "Next year"]
    assert titles("/milestones/?when=past") == ["Last year", "Past day"]
    assert titles("/milestones/?kind=report") == ["Next year"]
    assert titles(f"/milestones/?organisation={ofcom.id}") == ["Ofcom's"]
    assert titles(f"/milestones/?ask={ask.id}") == ["Past day", "This month"]
    assert titles("/milestones/?kind=bogus") == []


def test_archive_hides_and_restore_brings_back(client, make):
    milestone = make.milestone(title="Super-complaints regime")
    assert "Super-complaints regime" in page_text(client.get("/milestones/"))
    archived = client.post(f"/milestones/{milestone.id}/archive", follow_redirects=True)
    assert "Archived on" in page_text(archived)
    assert "Super-complaints regime" not in page_text(client.get("/milestones/"))
    assert "Super-complaints regime" in page_text(client.get("/milestones/?archived=1"))
    client.post(f"/milestones/{milestone.id}/restore", follow_redirects=True)
    assert "Super-complaints regime" in page_text(client.get("/milestones/"))


def test_html_in_text_fields_is_escaped(client, make):
    milestone = make.milestone(
        title="<script>alert('m')</script>", description="<img src=x onerror=alert(1)> *ok*"
    )
    for url in (f"/milestones/{milestone.id}", "/milestones/", f"/milestones/{milestone.id}/edit"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img" not in html
        assert "&lt;script&gt;" in html
    assert "<em>ok</em>" in client.get(f"/milestones/{milestone.id}").get_data(as_text=True)


def test_list_queries_do_not_grow_with_rows(make_app, make):
    app = make_app(PER_PAGE=50)
    client = app.test_client()

    def add(n):
        for _ in range(n):
            milestone = make.milestone(organisation_id=make.organisation().id)
            make.link(AskMilestone(ask_id=make.ask().id, milestone_id=milestone.id))

    add(3)
    with count_queries(app) as few:
        assert client.get("/milestones/?when=upcoming").status_code == 200
    add(27)
    with count_queries(app) as many:
        assert client.get("/milestones/?when=upcoming").status_code == 200
    assert len(few) == len(many)
