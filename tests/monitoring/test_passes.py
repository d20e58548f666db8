"""The monitoring pass: each item stored exactly once across watches and passes, linked to
its person and organisation, every source's run recorded, failures recorded rather than
thrown, and no request at all for a source nobody watches. (Crashes and restarts in the middle
of a pass: test_pass_restarts.py.)"""

from __future__ import annotations

import logging

import pytest

from campaign import models as m
from campaign.monitoring import passes
from campaign.monitoring.sources.base import Page
from tests.monitoring.fake_sources import (
    LATER,
    NOW,
    WQ,
    FakeApi,
    ServedSource,
    found,
    items,
    line,
    matches,
    memory,
    pages_of,
    record,
    run,
    runs,
    search,
    watch,
)
from tests.support.recorded_server import RecordedServer


@pytest.fixture
def config(app):
    app.config["MONITOR_REQUEST_INTERVAL_MS"] = 0
    return app.config


def test_a_source_nobody_watches_is_not_asked_anything(session, config):
    server = RecordedServer()
    server.mount("hansard", FakeApi({"online safety": [record(1, "online safety")]}))
    watch(session, "online safety", ["hansard"], archived=True)
    watch(session, "online safety", ["bills"])
    with server.running() as base:
        config["HANSARD_API_URL"] = f"{base}/hansard"
        report = run(session, config, sources=["hansard"], adapters={"hansard": ServedSource()})
    assert server.requests == []
    assert report.lines() == ["hansard: no watches"]
    assert not report.failed
    assert runs(session) == [] and items(session) == {}


def test_each_item_is_stored_once_with_one_match_per_watch_and_again_adds_nothing(session, config):
    e2ee = watch(session, '"end-to-end encryption" -"Kent"', [WQ])
    grooming = watch(session, "grooming\nencryption", [WQ])
    both = found(1, "Will the Minister discuss end-to-end encryption with Meta?")
    one = found(2, "Online grooming offences recorded by police")
    none = found(3, "Potholes in Kent, and end-to-end encrypted mail")
    source = memory(
        WQ,
        {
            search(e2ee.terms): pages_of([both, none], 1),
            "grooming": [Page([one, both])],
            "encryption": [Page([both, none])],
        },
    )
    first = run(session, config, adapters={WQ: source})
    # Each search string is asked once, in the watches' order.
    assert source.given == ([search(e2ee.terms), "grooming", "encryption"], [])
    assert first.sources[0].line() == f"{WQ}: 2 new items (6 seen, 0 requests)"
    assert [line for line in first.lines() if "no watches" not in line] == [first.sources[0].line()]
    stored = items(session)
    assert set(stored) == {f"{WQ}:1", f"{WQ}:2"}
    assert matches(session) == {
        ("1", e2ee.id): ["end-to-end encryption"],
        ("1", grooming.id): ["encryption"],
        ("2", grooming.id): ["grooming"],
    }
    item = stored[f"{WQ}:1"]
    assert item.status == m.ItemStatus.NEW
    assert item.licence == source.licence
    assert "end-to-end encryption" in item.snippet and item.text == both.text
    assert item.raw == {"id": 1} and item.found_at == NOW

    second = run(session, config, adapters={WQ: source}, now=LATER)
    assert second.sources[0].items_new == 0 and second.sources[0].items_seen == 6
    assert set(items(session)) == {f"{WQ}:1", f"{WQ}:2"}
    assert len(matches(session)) == 3
    assert [(r.source, r.ok, r.items_new, r.trigger) for r in runs(session)] == [
        (m.MonitorSource.WRITTEN_QUESTIONS, True, 2, "cli"),
        (m.MonitorSource.WRITTEN_QUESTIONS, True, 0, "cli"),
    ]


def test_a_stored_item_is_left_as_triaged_but_gains_a_new_watchs_match(session, config):
    first = watch(session, "grooming", [WQ])
    source = memory(WQ, {"grooming": [Page([found(1, "grooming on platforms")])]})
    run(session, config, adapters={WQ: source})
    item = items(session)[f"{WQ}:1"]
    item.status, item.dismissed_reason = m.ItemStatus.DISMISSED, "Not about our asks"
    session.add(item)
    session.commit()
    second = watch(session, "platforms", [WQ])
    changed = found(1, "grooming on platforms", title="A new title")
    source.pages_by_query = {"grooming": [Page([changed])], "platforms": [Page([changed])]}
    report = run(session, config, adapters={WQ: source}, now=LATER)
    assert report.sources[0].items_new == 0
    item = items(session)[f"{WQ}:1"]
    assert (item.status, item.dismissed_reason, item.title) == (
        m.ItemStatus.DISMISSED,
        "Not about our asks",
        "Item 1",
    )
    assert set(matches(session)) == {("1", first.id), ("1", second.id)}


def test_the_same_publication_from_another_source_points_at_the_first(session, config):
    watch(session, "online safety", [WQ, "written-statements"])
    url = "https://questions-statements.parliament.uk/written-statements/detail/2026-12-01/HCWS1"
    questions = memory(WQ, {"online safety": [Page([found(7, "online safety", url=url)])]})
    statements = memory(
        "written-statements",
        {"online safety": [Page([found("HCWS1", "online safety act", url=url)])]},
    )
    run(session, config, adapters={WQ: questions, "written-statements": statements})
    stored = items(session)
    original, duplicate = stored[f"{WQ}:7"], stored["written-statements:HCWS1"]
    assert original.duplicate_of_id is None
    assert duplicate.duplicate_of_id == original.id


def test_items_are_linked_to_the_person_and_organisation_they_come_from(session, config, make):
    phillips = m.Person(key="p-1", name="Member A", kind=m.PersonKind.MP, parliament_member_id=4038)
    erased = m.Person(
        key="erased-person-2",
        name="Erased person",
        kind=m.PersonKind.MP,
        parliament_member_id=172,
        erased_at=NOW,
    )
    session.add_all([phillips, erased])
    session.commit()
    home_office = make.organisation(name="Home Office")
    watch(session, "grooming", [WQ])
    source = memory(
        WQ,
        {
            "grooming": [
                Page(
                    [
                        found(1, "grooming", member_id=4038, organisation="HOME OFFICE"),
                        found(2, "grooming", member_id=172, member_name="Someone"),
                        found(3, "grooming", organisation="Department of Nowhere"),
                    ]
                )
            ]
        },
    )
    run(session, config, adapters={WQ: source})
    stored = items(session)
    first, second, third = (stored[f"{WQ}:{n}"] for n in (1, 2, 3))
    assert (first.person_id, first.organisation_id) == (phillips.id, home_office.id)
    assert (second.person_id, second.member_id, second.member_name) == (None, 172, "Someone")
    assert (third.organisation_id, third.organisation_name) == (None, "Department of Nowhere")


def test_a_failed_source_is_recorded_with_its_error_and_the_others_still_run(session, config):
    watch(session, "online safety", [WQ, "hansard"])
    server = RecordedServer()
    server.mount(
        "hansard", FakeApi({"online safety": [record(1, "online safety")]}, fail_pages={1})
    )
    questions = memory(WQ, {"online safety": [Page([found(1, "online safety")])]})
    with server.running() as base:
        config["HANSARD_API_URL"] = f"{base}/hansard"
        report = run(session, config, adapters={WQ: questions, "hansard": ServedSource()})
    url = f"{base}/hansard/items?q=online+safety&page=1&since=2026-11-30"
    assert report.failed
    assert line(report, WQ) == f"{WQ}: 1 new item (1 seen, 0 requests)"
    assert line(report, "hansard") == f"hansard: NOT CHECKED: {url}: HTTP 503 (tried 4 times)"
    assert len(server.requests) == 4  # MONITOR_RETRIES = 3
    wq_run, hansard_run = runs(session)
    assert (wq_run.ok, wq_run.error, wq_run.items_new) == (True, "", 1)
    assert hansard_run.ok is False and hansard_run.finished_at is not None
    assert hansard_run.error == f"{url}: HTTP 503 (tried 4 times)"
    assert (hansard_run.requests, hansard_run.items_seen) == (4, 0)
    assert set(items(session)) == {f"{WQ}:1"}


def test_an_adapters_unexpected_error_is_recorded_and_logged_and_others_still_run(
    session, config, caplog
):
    watch(session, "online safety", [WQ, "written-statements"])
    broken = memory(WQ, {"online safety": [Page()]}, fail_before=0, error=KeyError("answer"))
    statements = memory(
        "written-statements", {"online safety": [Page([found("S1", "online safety")])]}
    )
    with caplog.at_level(logging.ERROR, logger="campaign.monitoring"):
        report = run(session, config, adapters={WQ: broken, "written-statements": statements})
    assert report.sources[0].line() == f"{WQ}: NOT CHECKED: unexpected error: KeyError: 'answer'"
    assert report.sources[1].items_new == 1
    assert runs(session)[0].error == "unexpected error: KeyError: 'answer'"
    logged = [r for r in caplog.records if "unexpected error" in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # with its traceback


def test_queries_start_from_the_first_day_then_from_the_last_complete_read(session, config):
    config["MONITOR_FIRST_DAYS"] = 3
    watch(session, "grooming", [WQ])
    source = memory(WQ, {"grooming": [Page([found(1, "grooming")])]})
    run(session, config, adapters={WQ: source})
    run(session, config, adapters={WQ: source}, now=LATER)
    first, second = source.asked
    assert (first.search, first.since, first.first_day.isoformat()) == (
        "grooming",
        None,
        "2026-12-04",
    )
    assert second.since == NOW


def test_a_feeds_items_match_only_the_watches_that_list_that_feed(session, config):
    ofcom_feed, ico_feed = "https://example.org/ofcom.xml", "https://example.org/ico.xml"
    ofcom = watch(session, "children", ["feed"], feeds=[ofcom_feed])
    ico = watch(session, "children", ["feed"], feeds=[ico_feed])
    feeds = memory(
        "feed",
        {
            ofcom_feed: [Page([found("ofcom-1", "children online")])],
            ico_feed: [Page([found("ico-1", "children's code")])],
        },
    )
    run(session, config, adapters={"feed": feeds})
    assert feeds.given == (["children"], [ofcom_feed, ico_feed])
    assert set(matches(session)) == {("ofcom-1", ofcom.id), ("ico-1", ico.id)}


def test_an_unknown_source_is_refused_naming_the_real_ones(session, config):
    with pytest.raises(ValueError, match="'hansrad'.*written-questions, written-statements"):
        run(session, config, sources=["hansrad"])


def test_malformed_items_are_reported_as_problems_of_the_run(session, config):
    watch(session, "grooming", ["hansard"])
    api = FakeApi({"grooming": [record(1, "grooming"), {"text": "grooming, but no id"}]})
    server = RecordedServer()
    server.mount("hansard", api)
    with server.running() as base:
        config["HANSARD_API_URL"] = f"{base}/hansard"
        report = run(session, config, sources=["hansard"], adapters={"hansard": ServedSource()})
    assert report.lines() == ["hansard: 1 new item (1 seen, 1 request)", "  skipped: item 1: no id"]
    assert runs(session)[0].problems == ["item 1: no id"]


def test_the_alerts_run_after_the_pass_and_their_failure_is_reported(
    session, config, monkeypatch, caplog
):
    calls = []
    monkeypatch.setattr(
        passes.alerts, "after_pass", lambda s, c, *, now: calls.append((s, c, now, len(items(s))))
    )
    watch(session, "grooming", [WQ])
    source = memory(WQ, {"grooming": [Page([found(1, "grooming")])]})
    run(session, config, adapters={WQ: source})
    assert calls == [(session, config, NOW, 1)]

    def broken(*args, **kw):
        raise RuntimeError("no mailer")

    monkeypatch.setattr(passes.alerts, "after_pass", broken)
    report = run(session, config, adapters={WQ: source}, now=LATER)
    assert report.failed and report.lines()[-1] == "alerts: NOT SENT: RuntimeError: no mailer"
    assert len(runs(session)) == 2 and len(items(session)) == 1
