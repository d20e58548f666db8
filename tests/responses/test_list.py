"""The responses list: filters (incl. awaiting reply), sorting, the reply status and N+1."""

from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.models import Position, ResponseAsk
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

CLOCK = {"CLOCK": lambda: datetime(2025, 3, 1, 12, tzinfo=UTC)}


def titles_in(client, url):
    text = page_text(client.get(url))
    return {
        t for t in ("Ofcom letter", "Ofcom reply", "Meta statement", "Meta letter") if t in text
    }


@pytest.fixture
def logged(make):
    ofcom = make.organisation(name="Ofcom")
    meta = make.organisation(name="Meta", kind="company")
    ask = make.ask(title="Scan for known CSAM")
    rows = {
        "ofcom_letter": make.response(
            organisation=ofcom,
            title="Ofcom letter",
            direction="sent",
            channel="letter",
            response_date=date(2025, 1, 10),
            reply_expected_by=date(2025, 2, 10),
        ),
        "ofcom_reply": make.response(
            organisation=ofcom,
            title="Ofcom reply",
            channel="letter",
            response_date=date(2025, 2, 20),
        ),
        "meta_statement": make.response(
            organisation=meta, title="Meta statement", response_date=date(2025, 1, 5)
        ),
        "meta_letter": make.response(
            organisation=meta,
            title="Meta letter",
            direction="sent",
            channel="letter",
            response_date=date(2025, 1, 20),
            reply_expected_by=date(2025, 3, 20),
        ),
    }
    make.link(
        ResponseAsk(response_id=rows["meta_statement"].id, ask_id=ask.id, position=Position.OPPOSES)
    )
    return {"ofcom": ofcom, "meta": meta, "ask": ask, **rows}


def test_filters(client, logged):
    assert titles_in(client, f"/responses/?organisation={logged['meta'].id}") == {
        "Meta statement",
        "Meta letter",
    }
    assert titles_in(client, "/responses/?channel=letter") == {
        "Ofcom letter",
        "Ofcom reply",
        "Meta letter",
    }
    assert titles_in(client, "/responses/?direction=sent") == {"Ofcom letter", "Meta letter"}
    assert titles_in(client, f"/responses/?ask={logged['ask'].id}") == {"Meta statement"}
    # Ofcom replied after our letter; Meta's statement came before ours, so it is no reply
    assert titles_in(client, "/responses/?reply=awaiting") == {"Meta letter"}
    assert titles_in(client, "/responses/?channel=nonsense") == set()
    assert titles_in(client, "/responses/?organisation=abc") == set()


def test_overdue_filter_uses_the_injected_clock(make_app, logged):
    client = make_app(**CLOCK).test_client()
    assert titles_in(client, "/responses/?reply=overdue") == set()  # due 20 March
    later = make_app(CLOCK=lambda: datetime(2025, 3, 21, 12, tzinfo=UTC)).test_client()
    assert titles_in(later, "/responses/?reply=overdue") == {"Meta letter"}


def test_an_archived_reply_does_not_count(client, make, logged):
    reply = logged["ofcom_reply"]
    reply.archived_at = datetime(2025, 3, 1, tzinfo=UTC)
    make.link(reply)
    assert titles_in(client, "/responses/?reply=awaiting") == {"Ofcom letter", "Meta letter"}


def test_sorting_newest_first_by_default_and_by_organisation(client, logged):
    text = page_text(client.get("/responses/"))
    order = ["Ofcom reply", "Meta letter", "Ofcom letter", "Meta statement"]
    assert sorted(order, key=text.index) == order
    text = page_text(client.get("/responses/?sort=organisation"))
    assert text.index("Meta statement") < text.index("Ofcom letter")
    text = page_text(client.get("/responses/?sort=-organisation"))
    assert text.index("Ofcom letter") < text.index("Meta statement")


def test_reply_status_on_the_detail_page(make_app, logged):
    client = make_app(**CLOCK).test_client()
    replied = page_text(client.get(f"/responses/{logged['ofcom_letter'].id}"))
    assert "Reply expected by 10 February 2025 — replied on 20 February 2025: Ofcom reply" in (
        replied
    )
    awaiting = page_text(client.get(f"/responses/{logged['meta_letter'].id}"))
    assert "Reply expected by 20 March 2025 — awaiting reply" in awaiting
    late = make_app(CLOCK=lambda: datetime(2025, 3, 23, 12, tzinfo=UTC)).test_client()
    overdue = page_text(late.get(f"/responses/{logged['meta_letter'].id}"))
    assert "Reply expected by 20 March 2025 — overdue (3 days)" in overdue
    received = page_text(client.get(f"/responses/{logged['meta_statement'].id}"))
    assert "Reply expected" not in received


def test_list_queries_do_not_grow_with_rows(make_app, make):
    app = make_app(PER_PAGE=50)
    client = app.test_client()

    def add(n):
        for i in range(n):
            org = make.organisation()
            ask = make.ask()
            response = make.response(
                organisation=org, response_date=date(2025, 1, 1) + timedelta(days=i)
            )
            make.link(ResponseAsk(response_id=response.id, ask_id=ask.id))

    add(3)
    with count_queries(app) as few:
        assert client.get("/responses/?reply=awaiting&sort=organisation").status_code == 200
        assert client.get("/responses/").status_code == 200
    add(27)
    with count_queries(app) as many:
        assert client.get("/responses/?reply=awaiting&sort=organisation").status_code == 200
        assert client.get("/responses/").status_code == 200
    assert page_text(client.get("/responses/")).count("Response ") >= 30
    assert len(few) == len(many)
