"""Restarts and failures in the middle of a pass: a pass interrupted after page 2 of 4 (an
adapter's error, the process being killed, the source failing) loses nothing and duplicates
nothing when run again, the cursor moves only after a complete read, runs a dead process left
open are closed as interrupted, and a source's ETag is kept and sent back."""

from __future__ import annotations

import pytest

from campaign import models as m
from campaign.monitoring import passes
from campaign.monitoring.sources.base import Page
from tests.monitoring.fake_sources import (
    LATER,
    NOW,
    WQ,
    FakeApi,
    Killed,
    ServedSource,
    at,
    cursors,
    found,
    items,
    line,
    matches,
    memory,
    pages_of,
    record,
    run,
    runs,
    watch,
)
from tests.support.recorded_server import RecordedServer


@pytest.fixture
def config(app):
    app.config["MONITOR_REQUEST_INTERVAL_MS"] = 0
    return app.config


def test_runs_left_open_by_a_dead_process_are_closed_as_interrupted(session, config):
    old = m.MonitorRun(source=m.MonitorSource.BILLS, started_at=at("2026-12-07 07:59"))
    recent_other = m.MonitorRun(source=m.MonitorSource.HANSARD, started_at=at("2026-12-07 08:55"))
    recent_same = m.MonitorRun(
        source=m.MonitorSource.WRITTEN_QUESTIONS, started_at=at("2026-12-07 08:55")
    )
    session.add_all([old, recent_other, recent_same])
    session.commit()
    watch(session, "grooming", [WQ])
    run(session, config, adapters={WQ: memory(WQ)})
    bills, hansard, questions, new = runs(session)
    assert (bills.ok, bills.error, bills.finished_at) == (False, passes.INTERRUPTED, NOW)
    assert passes.INTERRUPTED == "interrupted: the process stopped during the fetch"
    assert (hansard.ok, hansard.error) == (None, "")  # another source, under an hour old
    assert (questions.ok, questions.error) == (False, passes.INTERRUPTED)
    assert (new.source, new.ok) == (m.MonitorSource.WRITTEN_QUESTIONS, True)


def _four_pages() -> list[Page]:
    return pages_of([found(n, f"grooming report {n}") for n in range(1, 9)], 2)


@pytest.mark.parametrize(
    "interruption",
    [RuntimeError("connection reset by the adapter"), Killed("the process was stopped")],
    ids=["adapter-error", "process-killed"],
)
def test_a_pass_interrupted_after_page_2_of_4_loses_nothing_and_duplicates_nothing(
    session, config, interruption
):
    watch(session, "grooming", [WQ])
    source = memory(WQ, {"grooming": _four_pages()}, fail_before=2, error=interruption)
    killed = isinstance(interruption, Killed)
    if killed:
        with pytest.raises(Killed):
            run(session, config, adapters={WQ: source})
        assert runs(session)[0].ok is None  # as a dead process leaves it
    else:
        run(session, config, adapters={WQ: source})
        assert runs(session)[0].ok is False
    # Each page is committed once the next one has been asked for (so the last is known as
    # such): an adapter's error still stores page 2; a killed process stops before it.
    kept = 2 if killed else 4
    assert set(items(session)) == {f"{WQ}:{n}" for n in range(1, kept + 1)}
    assert runs(session)[0].items_new == kept
    cursor = cursors(session)[(WQ, "grooming")]
    assert cursor.seen_until is None  # not read to the end: not advanced

    source.fail_before = None
    report = run(session, config, adapters={WQ: source}, now=LATER)
    assert source.asked[-1].since is None  # read again from the old cursor
    assert report.sources[0].items_new == 8 - kept
    assert sorted(items(session)) == sorted(f"{WQ}:{n}" for n in range(1, 9))
    assert len(matches(session)) == 8
    assert cursors(session)[(WQ, "grooming")].seen_until == LATER
    first, second = runs(session)
    assert (first.ok, second.ok) == (False, True)
    if killed:
        assert first.error == passes.INTERRUPTED
    else:
        assert first.error == "unexpected error: RuntimeError: connection reset by the adapter"


def test_a_source_failing_after_page_2_of_4_is_read_again_from_its_old_cursor(session, config):
    watch(session, "grooming", ["hansard"])
    api = FakeApi({"grooming": [record(n, f"grooming report {n}") for n in range(1, 9)]})
    api.fail_pages = {3}
    server = RecordedServer()
    server.mount("hansard", api)
    with server.running() as base:
        config["HANSARD_API_URL"] = f"{base}/hansard"
        failed = run(session, config, adapters={"hansard": ServedSource()})
        assert line(failed, "hansard").endswith(
            "&page=3&since=2026-11-30: HTTP 503 (tried 4 times)"
        )
        assert set(items(session)) == {f"hansard:{n}" for n in (1, 2, 3, 4)}
        assert cursors(session)[("hansard", "grooming")].seen_until is None
        api.fail_pages = set()
        again = run(session, config, adapters={"hansard": ServedSource()}, now=LATER)
    assert line(again, "hansard") == "hansard: 4 new items (8 seen, 4 requests)"
    assert len(items(session)) == 8 and len(matches(session)) == 8
    assert cursors(session)[("hansard", "grooming")].seen_until == LATER
    # The second pass asked from the first day again, not from the failed pass's start.
    assert {r.arg("since") for r in server.requests} == {"2026-11-30"}


def test_the_etag_is_kept_and_sent_next_time_and_a_304_means_nothing_new(session, config):
    watch(session, "grooming", ["hansard"])
    api = FakeApi({"grooming": [record(1, "grooming")]}, etag='"v1"')
    server = RecordedServer()
    server.mount("hansard", api)
    with server.running() as base:
        config["HANSARD_API_URL"] = f"{base}/hansard"
        run(session, config, adapters={"hansard": ServedSource()})
        cursor = cursors(session)[("hansard", "grooming")]
        assert (cursor.etag, cursor.seen_until) == ('"v1"', NOW)
        second = run(session, config, adapters={"hansard": ServedSource()}, now=LATER)
    first_request, second_request = server.requests
    assert "If-None-Match" not in first_request.headers
    assert second_request.headers["If-None-Match"] == '"v1"'
    assert second_request.arg("since") == NOW.isoformat()
    assert line(second, "hansard") == "hansard: 0 new items (0 seen, 1 request)"
    cursor = cursors(session)[("hansard", "grooming")]
    assert (cursor.etag, cursor.seen_until) == ('"v1"', LATER)
