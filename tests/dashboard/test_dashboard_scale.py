"""The dashboard with a large portfolio: asks capped per status with "show all", each target's
latest position chosen in SQL (never the whole position history in Python), and the same
number of queries however many asks and responses there are. Clock: 1 March 2025."""

import random
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.dashboard import services
from campaign.dashboard.positions import latest_target_positions
from campaign.models import AskTarget, Position, ResponseAsk
from campaign.responses import positions
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

CLOCK = {"CLOCK": lambda: datetime(2025, 3, 1, 12, tzinfo=UTC)}
CAP = services.ASKS_PER_STATUS
_ROW_TITLE = re.compile(r'<th scope="row"><a href="/asks/[^"]+">([^<]+)</a></th>')


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


def _asks_in(html: str, status: str) -> list[str]:
    start = html.index(f'<h3 id="status-{status}">')
    end = html.find("<h3 ", start + 1)
    if end == -1:
        end = html.index('id="upcoming-heading"')
    return _ROW_TITLE.findall(html[start:end])


def test_each_status_shows_its_first_asks_with_a_show_all_link(client, make):
    for n in range(CAP + 3):
        make.ask(title=f"Active {n:02d}", status="active", priority="medium")
    make.ask(title="Zebra urgent", status="active", priority="high")
    make.ask(title="Met one", status="met")
    html = client.get("/").get_data(as_text=True)
    text = page_text(client.get("/"))

    assert "Active (14)" in text and "Met (1)" in text
    active = _asks_in(html, "active")
    assert active == ["Zebra urgent"] + [f"Active {n:02d}" for n in range(CAP - 1)]
    assert (
        '<a href="/?show=active#status-active">Show all 14 active asks</a>' in html
    )  # a plain link: no JavaScript, its words say where it goes
    assert "Show all 1 met" not in html
    assert _asks_in(html, "met") == ["Met one"]

    everything = client.get("/?show=active")
    all_html = everything.get_data(as_text=True)
    assert _asks_in(all_html, "active") == ["Zebra urgent"] + [
        f"Active {n:02d}" for n in range(CAP + 3)
    ]
    assert '<a href="/#status-active">Show only the first 10 active asks</a>' in all_html
    assert "Show all 14" not in all_html


def test_an_unknown_status_to_show_is_ignored(client, make):
    for n in range(CAP + 1):
        make.ask(title=f"Draft {n:02d}", status="draft")
    html = client.get("/?show=everything").get_data(as_text=True)
    assert len(_asks_in(html, "draft")) == CAP
    assert "Show all 11 draft asks" in html


def test_the_dashboard_does_not_load_the_position_history(client, make, monkeypatch):
    org = make.organisation(name="Ofcom")
    ask = make.ask(title="Scan for known CSAM")
    make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
    reply = make.response(organisation=org, response_date=date(2025, 1, 15))
    make.link(ResponseAsk(response_id=reply.id, ask_id=ask.id, position=Position.SUPPORTS))

    def refuse(*args, **kwargs):
        raise AssertionError("the dashboard read every position into Python")

    monkeypatch.setattr(positions, "position_history", refuse)
    response = client.get("/")
    assert response.status_code == 200
    assert "Ofcom: Supports (15 January 2025)" in page_text(response)


def test_latest_positions_in_sql_agree_with_the_history(session, make):
    """Random responses, same-day ones, archived ones and non-targets: the SQL choice equals
    the latest entry of the full history for every (ask, target)."""
    rng = random.Random(15)
    orgs = [make.organisation() for _ in range(6)]
    asks = [make.ask() for _ in range(5)]
    targets = set()
    for ask in asks:
        for org in rng.sample(orgs, 3):
            make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
            targets.add((ask.id, org.id))
    for _ in range(80):
        reply = make.response(
            organisation=rng.choice(orgs),
            response_date=date(2025, 1, 1) + timedelta(days=rng.randrange(6)),
            archived_at=datetime(2025, 2, 1, tzinfo=UTC) if rng.random() < 0.2 else None,
        )
        for ask in rng.sample(asks, rng.randrange(1, 3)):
            make.link(
                ResponseAsk(
                    response_id=reply.id, ask_id=ask.id, position=rng.choice(list(Position))
                )
            )
    ids = [ask.id for ask in asks]
    expected = {
        (ask_id, org_id): entry
        for ask_id, by_org in positions.latest_of(positions.position_history(session, ids)).items()
        for org_id, entry in by_org.items()
        if (ask_id, org_id) in targets
    }
    got = {
        (ask_id, org_id): entry
        for ask_id, by_org in latest_target_positions(session, ids).items()
        for org_id, entry in by_org.items()
    }
    assert len(expected) > 10
    assert got == expected
    assert latest_target_positions(session, []) == {}


def test_queries_do_not_grow_with_asks_and_positions(make_app, make):
    app = make_app(**CLOCK)
    client = app.test_client()

    def add(asks, replies_each):
        for i in range(asks):
            org = make.organisation()
            ask = make.ask(status=["active", "met"][i % 2])
            make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
            for day in range(replies_each):
                reply = make.response(
                    organisation=org, response_date=date(2025, 1, 1) + timedelta(days=day)
                )
                make.link(ResponseAsk(response_id=reply.id, ask_id=ask.id))

    add(2, 1)
    with count_queries(app) as few:
        assert client.get("/").status_code == 200
    add(3 * CAP, 4)
    with count_queries(app) as many:
        text = page_text(client.get("/"))
    assert "Active (16)" in text and "Show all 16 active asks" in text
    assert len(few) == len(many)
