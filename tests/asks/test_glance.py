"""The top of the ask page, "At a glance" (campaign/asks/glance.py): each target's position,
the three headline figures with their source, the next milestone, the open follow-ups; and
the sections below it, reached from the contents and collapsed until opened."""

import re
from datetime import UTC, date, datetime

import pytest

from campaign.models import AskMilestone, AskStatistic, AskTarget, Milestone, ResponseAsk

CLOCK = {"CLOCK": lambda: datetime(2026, 7, 15, 12, tzinfo=UTC)}


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


def _glance(client, slug="age-checks") -> str:
    html = client.get(f"/asks/{slug}").get_data(as_text=True)
    match = re.search(r'<section id="at-a-glance".*?</section>', html, re.S)
    assert match, "no At a glance section"
    return match.group(0)


def _block(glance: str, heading: str) -> str:
    start = glance.index(f"<h3>{heading}</h3>")
    following = glance.find("<h3>", start + 1)
    return glance[start : following if following != -1 else None]


def test_headline_figures_are_the_first_three_live_statistics_in_order(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    source = make.source(title="Online harms survey 2024", publisher="Ofcom")
    labels = ["Fourth", "Archived", "First", "Second", "Third"]
    ranks = [4, 0, 1, 2, 3]
    for label, rank in zip(labels, ranks, strict=True):
        archived = datetime(2025, 1, 1, tzinfo=UTC) if label == "Archived" else None
        stat = make.statistic(
            label=f"{label} figure", source_id=source.id, archived_at=archived, period_label="2024"
        )
        make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id, rank=rank))

    figures = _block(_glance(client), "Headline figures")
    shown = re.findall(r"(\w+) figure</a>", figures)
    assert shown == ["First", "Second", "Third"]
    assert figures.count("Online harms survey 2024</a>, Ofcom") == 3


def test_a_headline_figure_without_a_source_says_so(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    make.link(AskStatistic(ask_id=ask.id, statistic_id=make.statistic(label="Bare").id))
    assert "No source recorded" in _block(_glance(client), "Headline figures")


def test_next_milestone_is_the_first_not_over_not_done(client, make, session):
    ask = make.ask(title="Age checks", slug="age-checks")
    milestones = [
        # over, not done: not next (it slipped, the dashboard says so)
        make.milestone(title="Consultation closed", milestone_date=date(2026, 7, 1)),
        # this month, still "July 2026": next only after the day milestone ending sooner
        make.milestone(
            title="Codes in July", milestone_date=date(2026, 7, 1), date_precision="month"
        ),
        make.milestone(title="Board meeting", milestone_date=date(2026, 7, 20)),
        make.milestone(
            title="Done early", milestone_date=date(2026, 7, 16), done_at=CLOCK["CLOCK"]()
        ),
        make.milestone(
            title="Archived one",
            milestone_date=date(2026, 7, 16),
            archived_at=datetime(2026, 1, 1, tzinfo=UTC),
        ),
    ]
    for m in milestones:
        make.link(AskMilestone(ask_id=ask.id, milestone_id=m.id))
    block = _block(_glance(client), "Next milestone")
    assert "Board meeting" in block and "20 July 2026" in block
    for other in ("Consultation closed", "Codes in July", "Done early", "Archived one"):
        assert other not in block

    # Without the day milestone, the month milestone is next: "July 2026" is not over yet.
    board = session.get(Milestone, milestones[2].id)
    board.archived_at = datetime(2026, 1, 1, tzinfo=UTC)
    session.commit()
    block = _block(_glance(client), "Next milestone")
    assert "Codes in July" in block and "July 2026" in block


def test_no_milestone_coming_up_says_so(client, make):
    make.ask(title="Age checks", slug="age-checks")
    assert "No milestone coming up." in _block(_glance(client), "Next milestone")


def test_open_follow_ups_are_sent_items_awaiting_a_reply(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    meta = make.organisation(name="Meta", kind="company")
    ofcom = make.organisation(name="Ofcom")
    make.link(AskTarget(ask_id=ask.id, organisation_id=meta.id))

    def sent(org, title, expected, **kw):
        response = make.response(
            organisation=org,
            title=title,
            direction="sent",
            channel="letter",
            reply_expected_by=expected,
            **{"response_date": date(2026, 6, 1), **kw},
        )
        make.link(ResponseAsk(response_id=response.id, ask_id=ask.id, position="no_position"))
        return response

    sent(meta, "Letter to Meta", date(2026, 7, 10))
    sent(ofcom, "Letter to Ofcom", date(2026, 8, 1))
    sent(ofcom, "Answered letter", date(2026, 6, 20), response_date=date(2026, 5, 1))
    sent(meta, "Archived letter", date(2026, 6, 20), archived_at=datetime(2026, 6, 2, tzinfo=UTC))
    reply = make.response(
        organisation=ofcom, title="Ofcom reply", response_date=date(2026, 5, 10)
    )  # received: answers the May letter only
    assert reply.direction.value == "received"

    block = _block(_glance(client), "Open follow-ups")
    assert block.index("Letter to Meta") < block.index("Letter to Ofcom")  # due soonest first
    assert "5 days overdue" in block  # expected 10 July, today 15 July
    assert "Answered letter" not in block and "Archived letter" not in block
    assert "Ofcom reply" not in block


def test_nothing_awaiting_a_reply_says_so(client, make):
    make.ask(title="Age checks", slug="age-checks")
    assert "Nothing awaiting a reply." in _block(_glance(client), "Open follow-ups")


def test_contents_link_every_section_and_sections_start_collapsed(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    stat = make.statistic(label="Reports received")
    make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id))
    html = client.get("/asks/age-checks").get_data(as_text=True)
    nav = re.search(r'<nav class="ask-contents".*?</nav>', html, re.S).group(0)
    for anchor in ("at-a-glance", "summary", "targets", "statistics", "evidence", "responses"):
        assert f'href="#{anchor}"' in nav and f'id="{anchor}"' in html
    assert 'href="#milestones"' in nav and "Statistics (1)" in nav
    assert '<details class="section-body" id="statistics-items">' in html  # closed
    assert html.index('id="at-a-glance"') < html.index('id="statistics"')
    # The linking forms are collapsed too, and the full history is linked at the top.
    for kind in ("statistics", "evidence", "milestones"):
        assert f'<details class="link-existing" id="link-{kind}">' in html
    assert html.index(">Full history (") < html.index('id="at-a-glance"')

    opened = client.get("/asks/age-checks?open=statistics").get_data(as_text=True)
    assert '<details class="section-body" id="statistics-items" open>' in opened


def test_a_refused_or_searched_link_form_opens_again(client, make):
    make.ask(title="Age checks", slug="age-checks")
    make.statistic(label="Grooming crimes recorded")
    refused = client.post("/asks/age-checks/statistics", data={"statistics-item_id": ""})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert '<details class="link-existing" id="link-statistics" open>' in html
    assert '<details class="link-existing" id="link-evidence">' in html  # the others stay shut
    searched = client.get("/asks/age-checks?evidence_q=abc").get_data(as_text=True)
    assert '<details class="link-existing" id="link-evidence" open>' in searched
