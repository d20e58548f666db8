"""The monitoring health page (/monitoring/) and the dashboard's warning: every source's state,
the current gap and the week's closed gaps worded from the fetch runs, noisy watches."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from campaign import models as m
from campaign.monitoring import health
from tests.support.alert_rows import AlertRows

QUESTIONS = m.MonitorSource.WRITTEN_QUESTIONS
BILLS = m.MonitorSource.BILLS
NOW = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)  # GMT: UK time is UTC
URL = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions"
HTTP_503 = f"{URL}: HTTP 503 (tried 4 times)"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: NOW)


@pytest.fixture
def rows(session):
    return AlertRows(session)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page(client) -> str:
    response = client.get("/monitoring/")
    assert response.status_code == 200
    return text_of(response.get_data(as_text=True))


def by_source(session) -> dict[m.MonitorSource, health.SourceHealth]:
    return {s.source: s for s in health.source_health(session, now=NOW)}


def test_a_failing_source_shows_its_current_gap_on_the_page_and_the_dashboard(
    app, client, rows, session
):
    rows.watch(sources=("written-questions", "bills"))
    rows.run(QUESTIONS, at("2026-12-07 08:00"), True)
    for hour in ("09:00", "10:00", "11:00"):
        rows.run(QUESTIONS, at(f"2026-12-07 {hour}"), False, error=HTTP_503)
    rows.run(BILLS, at("2026-12-07 11:00"), True)

    questions = by_source(session)[QUESTIONS]
    assert questions.state == "NOT CHECKED"
    assert questions.gap_text == (
        "Written questions and answers not checked since 09:00 on 7 December 2026: "
        "HTTP 503 (3 failed checks)"
    )
    assert (questions.last_checked, questions.last_success) == (
        at("2026-12-07 11:00"),
        at("2026-12-07 08:00"),
    )
    assert by_source(session)[BILLS].state == "OK"

    shown = page(client)
    assert (
        "Written questions and answers not checked since 09:00 on 7 December 2026: "
        "HTTP 503 (3 failed checks)." in shown
    )
    dashboard = client.get("/").get_data(as_text=True)
    assert 'id="monitoring-warning"' in dashboard
    assert "not checked since 09:00 on 7 December 2026: HTTP 503" in text_of(dashboard)
    assert 'href="/monitoring/"' in dashboard


def test_a_gap_followed_by_a_success_is_a_closed_interval_of_the_week(app, client, rows, session):
    rows.watch()
    rows.run(QUESTIONS, at("2026-11-28 09:00"), False, error=HTTP_503)  # over a week ago
    rows.run(QUESTIONS, at("2026-11-28 10:00"), True)
    rows.run(QUESTIONS, at("2026-12-06 08:00"), True)
    rows.run(QUESTIONS, at("2026-12-06 22:00"), False, error=f"{URL}: no answer within 20 s")
    rows.run(QUESTIONS, at("2026-12-07 06:00"), True)
    rows.run(QUESTIONS, at("2026-12-07 09:00"), False, error=HTTP_503)
    rows.run(QUESTIONS, at("2026-12-07 09:30"), None)  # still running (or died): no verdict
    rows.run(QUESTIONS, at("2026-12-07 12:00"), False, error=HTTP_503)
    rows.run(QUESTIONS, at("2026-12-07 15:00"), True, problems=("question 123: no date",))

    questions = by_source(session)[QUESTIONS]
    assert questions.state == "OK" and questions.current_gap is None
    assert [g.closed for g in questions.gaps] == [
        "not checked from 09:00 to 15:00 on 7 December: HTTP 503",
        "not checked from 22:00 on 6 December to 06:00 on 7 December: no answer within 20 s",
    ]
    shown = page(client)
    assert (
        "Written questions and answers not checked from 09:00 to 15:00 on 7 December: "
        "HTTP 503 (2 failed checks)" in shown
    )
    assert "28 November" not in shown
    assert "Written questions and answers: question 123: no date" in shown
    assert 'id="monitoring-warning"' not in client.get("/").get_data(as_text=True)


def test_never_checked_and_no_watches_and_new_items_of_the_week(app, client, rows, session):
    rows.watch(sources=("bills",))
    rows.watch(sources=("bills", "hansard"), archived_at=at("2026-12-01 00:00"))
    rows.run(m.MonitorSource.HANSARD, at("2026-12-07 09:00"), False, error=HTTP_503)
    rows.item("This week", source=BILLS, found_at=at("2026-12-01 16:00"))
    rows.item("Last week", source=BILLS, found_at=at("2026-11-30 15:59"))
    states = {s.source: (s.state, s.watches, s.new_items) for s in by_source(session).values()}
    assert states[BILLS] == ("Never checked", 1, 1)
    assert states[m.MonitorSource.HANSARD] == ("No watches", 0, 0)  # failing, but unwatched
    assert states[QUESTIONS] == ("No watches", 0, 0)
    assert health.failing(session) == []
    shown = page(client)
    assert "Bills Never checked 1 never never 1" in shown
    assert 'id="monitoring-warning"' not in client.get("/").get_data(as_text=True)


def test_watches_show_their_items_and_dismissals_of_the_week(app, client, rows, session):
    noisy = rows.watch(name="Encryption (noisy)")
    quiet = rows.watch(name="Age assurance")
    rows.watch(name="Archived", archived_at=at("2026-12-01 00:00"))
    for n in range(3):
        status = m.ItemStatus.DISMISSED if n else m.ItemStatus.NEW
        rows.found(f"Item {n}", at("2026-12-05 10:00"), noisy, status=status)
    rows.found("Old", at("2026-11-29 10:00"), noisy, quiet, status=m.ItemStatus.DISMISSED)
    rows.found("Shared", at("2026-12-06 10:00"), noisy, quiet)
    noise = [(w.watch.name, w.items, w.dismissed) for w in health.watch_noise(session, now=NOW)]
    assert noise == [("Age assurance", 1, 0), ("Encryption (noisy)", 4, 2)]
    shown = page(client)
    assert "Age assurance 1 0 Encryption (noisy) 4 2" in shown
    assert "Archived" not in shown


def test_the_page_escapes_what_it_shows(app, client, rows):
    rows.watch(name="<script>alert(1)</script>")
    rows.run(QUESTIONS, at("2026-12-07 09:00"), True, problems=("<b>bad</b> item",))
    html = client.get("/monitoring/").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>bad</b>" not in html


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_viewers_and_up_read_the_page_and_the_signed_out_are_sent_to_sign_in(
    app, client_as, anonymous_client, role
):
    assert client_as(role).get("/monitoring/").status_code == 200
    response = anonymous_client.get("/monitoring/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
