"""`flask monitor --once [--source NAME]`: one pass now, one line per source, exit status 1
when a source could not be checked; without --once, where the schedule lives (exit 2)."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from campaign import models as m
from campaign.monitoring.sources import ADAPTERS
from tests.monitoring.fake_sources import FakeApi, record, watch
from tests.support.recorded_server import RecordedServer

SERVED = {
    "written-questions": (
        "tests.monitoring.fake_sources:ServedQuestions",
        "PARLIAMENT_QUESTIONS_API_URL",
    ),
    "hansard": ("tests.monitoring.fake_sources:ServedSource", "HANSARD_API_URL"),
    "bills": ("tests.monitoring.fake_sources:ServedBills", "BILLS_API_URL"),
}


@pytest.fixture
def server(app, monkeypatch):
    """The fixture server, with the written-questions, hansard and bills adapters replaced by
    tests/monitoring/fake_sources.py's, reading it (the real adapters are tested on their own)."""
    server = RecordedServer()
    app.config.update(MONITOR_REQUEST_INTERVAL_MS=0, MONITOR_RETRIES=0)
    with server.running() as base:
        for name, (adapter, setting) in SERVED.items():
            monkeypatch.setitem(ADAPTERS, m.MonitorSource(name), adapter)
            app.config[setting] = f"{base}/{name}"
        server.base = base  # type: ignore[attr-defined]
        yield server


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def test_without_once_it_says_where_the_schedule_is_and_exits_2(runner):
    result = runner.invoke(args=["monitor"])
    assert result.exit_code == 2
    assert "`flask scheduler`" in result.output and "every 60 minutes" in result.output
    assert "flask monitor --once [--source NAME]" in result.output


def test_once_checks_every_watched_source_and_prints_a_line_each(runner, server, session):
    watch(session, "grooming", ["written-questions", "hansard"])
    server.mount(
        "written-questions", FakeApi({"grooming": [record(n, "grooming") for n in (1, 2, 3)]})
    )
    server.mount("hansard", FakeApi({"grooming": [record(9, "grooming")]}))
    result = runner.invoke(args=["monitor", "--once"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "written-questions: 3 new items (3 seen, 2 requests)",
        "written-statements: no watches",
        "hansard: 1 new item (1 seen, 1 request)",
        "bills: no watches",
        "committees: no watches",
        "govuk: no watches",
        "feed: no watches",
    ]
    again = runner.invoke(args=["monitor", "--once"])
    assert again.output.splitlines()[0] == "written-questions: 0 new items (3 seen, 2 requests)"
    assert count(session, m.MonitorItem) == 4
    session.expire_all()
    assert {r.trigger for r in session.exec(select(m.MonitorRun))} == {"cli"}


def test_a_source_that_fails_is_named_with_its_error_and_exits_1(runner, server, session):
    watch(session, "grooming", ["written-questions", "hansard"])
    server.mount("written-questions", FakeApi({"grooming": [record(1, "grooming")]}))
    server.mount("hansard", FakeApi(fail_pages={1}))
    result = runner.invoke(args=["monitor", "--once"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "written-questions: 1 new item (1 seen, 1 request)"
    # The since-date is the real clock's: the CLI runs at the time it is run.
    assert lines[2].startswith(f"hansard: NOT CHECKED: {server.base}/hansard/items?q=grooming&")
    assert lines[2].endswith(": HTTP 503 (tried 1 time)")
    assert count(session, m.MonitorItem) == 1


def test_source_limits_the_pass_to_the_sources_named(runner, server, session):
    watch(session, "grooming", ["written-questions", "hansard"])
    server.mount("written-questions", FakeApi({"grooming": [record(1, "grooming")]}))
    server.mount("hansard", FakeApi({"grooming": [record(2, "grooming")]}))
    result = runner.invoke(args=["monitor", "--once", "--source", "hansard", "--source", "bills"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "hansard: 1 new item (1 seen, 1 request)",
        "bills: no watches",
    ]
    assert [r.prefix for r in server.requests] == ["hansard"]


def test_an_unknown_source_is_refused_naming_the_sources(runner):
    result = runner.invoke(args=["monitor", "--once", "--source", "hansrad"])
    assert result.exit_code == 2
    assert "hansrad" in result.output
    assert "written-questions" in result.output and "feed" in result.output
