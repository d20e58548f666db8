"""The scheduler's monitoring jobs: `monitor` every MONITOR_INTERVAL_MINUTES (none when 0),
resuming the last pass's interval after a restart, and `monitor-digest` daily at
MONITOR_DIGEST_HOUR UK time; running them stores items, and they never raise."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.monitoring import jobs as monitoring_jobs
from campaign.monitoring import passes
from campaign.monitoring.sources import ADAPTERS
from campaign.reminders import jobs
from campaign.reminders.scheduler import ReminderScheduler
from tests.monitoring.fake_sources import FakeApi, at, record, watch
from tests.support.recorded_server import RecordedServer


@pytest.fixture
def start_up(app):
    """`start_up(**config)` -> a ReminderScheduler after its start-up steps (not started)."""
    made: list[ReminderScheduler] = []

    def make(**config) -> ReminderScheduler:
        app.config.update(config)
        made.append(ReminderScheduler(app, workers=1))
        made[-1].start_up()
        return made[-1]

    yield make
    for scheduler in made:
        scheduler.shutdown()


@pytest.fixture
def bound(app):
    jobs.bind(app)
    yield app
    jobs.bind(None)


def test_the_pass_runs_every_interval_and_the_digest_daily_at_its_uk_hour(start_up):
    before = datetime.now(UTC)
    scheduler = start_up(MONITOR_INTERVAL_MINUTES=30, MONITOR_DIGEST_HOUR=7)
    job = scheduler.scheduler.get_job("monitor")
    assert job.func is monitoring_jobs.run_pass
    assert job.trigger.interval == timedelta(minutes=30)
    # No pass has run yet: the first is one interval after the start.
    assert job.next_run_time >= before + timedelta(minutes=30)
    digest = scheduler.scheduler.get_job("monitor-digest")
    assert digest.func is monitoring_jobs.send_digest
    winter = digest.trigger.get_next_fire_time(None, at("2026-12-05 08:00"))
    assert winter.astimezone(UTC).isoformat() == "2026-12-06T07:00:00+00:00"  # GMT
    summer = digest.trigger.get_next_fire_time(None, at("2026-07-01 00:00"))
    assert summer.astimezone(UTC).isoformat() == "2026-07-01T06:00:00+00:00"  # 07:00 BST


def test_no_pass_job_when_the_interval_is_0(start_up):
    scheduler = start_up(MONITOR_INTERVAL_MINUTES=0)
    assert scheduler.scheduler.get_job("monitor") is None
    assert scheduler.scheduler.get_job("monitor-digest") is not None


def test_settings_out_of_range_are_refused_by_name():
    with pytest.raises(ValueError, match="MONITOR_DIGEST_HOUR must be an hour from 0 to 23"):
        monitoring_jobs.digest_trigger({"MONITOR_DIGEST_HOUR": 24})
    with pytest.raises(ValueError, match="MONITOR_INTERVAL_MINUTES must be 0 or more"):
        monitoring_jobs.pass_trigger({"MONITOR_INTERVAL_MINUTES": -5})


def test_after_a_restart_the_next_pass_keeps_the_last_ones_interval(session):
    now = at("2026-12-07 09:00")
    first = monitoring_jobs.first_pass_time
    assert first(session, now=now, minutes=60) == at("2026-12-07 10:00")  # never ran
    session.add(m.MonitorRun(source=m.MonitorSource.HANSARD, started_at=at("2026-12-07 08:40")))
    session.commit()
    assert first(session, now=now, minutes=60) == at("2026-12-07 09:40")
    assert first(session, now=at("2026-12-07 11:00"), minutes=60) == at("2026-12-07 11:00")


def test_the_pass_job_stores_items_and_never_raises_on_a_failed_source(
    bound, session, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger="campaign.monitoring")
    server = RecordedServer()
    server.mount("hansard", FakeApi({"grooming": [record(1, "grooming"), record(2, "grooming")]}))
    server.mount("bills", FakeApi(fail_pages={1}))
    monkeypatch.setitem(
        ADAPTERS, m.MonitorSource.HANSARD, "tests.monitoring.fake_sources:ServedSource"
    )
    monkeypatch.setitem(
        ADAPTERS, m.MonitorSource.BILLS, "tests.monitoring.fake_sources:ServedBills"
    )
    watch(session, "grooming", ["hansard", "bills"])
    with server.running() as base:
        bound.config.update(
            MONITOR_REQUEST_INTERVAL_MS=0,
            MONITOR_RETRIES=0,
            HANSARD_API_URL=f"{base}/hansard",
            BILLS_API_URL=f"{base}/bills",
        )
        monitoring_jobs.run_pass()
        monitoring_jobs.run_pass()  # idempotent
    session.expire_all()
    assert sorted(i.source_id for i in session.exec(select(m.MonitorItem))) == ["1", "2"]
    runs = list(session.exec(select(m.MonitorRun).order_by(m.MonitorRun.id)))
    assert [(r.source.value, r.ok, r.trigger) for r in runs] == [
        ("hansard", True, "scheduler"),
        ("bills", False, "scheduler"),
    ] * 2
    assert "Monitoring pass: " in caplog.text and "hansard: 2 new items" in caplog.text
    assert "bills: NOT CHECKED: " in caplog.text


def test_the_pass_job_logs_rather_than_raises_when_the_pass_itself_fails(
    bound, monkeypatch, caplog
):
    def broken(**kw):
        raise RuntimeError("database gone")

    monkeypatch.setattr(passes, "run", broken)
    monitoring_jobs.run_pass()
    assert "Monitoring pass failed" in caplog.text and "database gone" in caplog.text


def test_the_digest_job_calls_the_alerts_digest(bound, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="campaign.monitoring")
    calls = []
    monkeypatch.setattr(
        monitoring_jobs.alerts,
        "send_digest",
        lambda session, config, *, now: calls.append((config, now)) or "1 sent",
    )
    bound.config["CLOCK"] = lambda: at("2026-12-07 07:00")
    monitoring_jobs.send_digest()
    assert calls == [(bound.config, at("2026-12-07 07:00"))]
    assert "Monitoring digest: 1 sent" in caplog.text

    def broken(*args, **kw):
        raise RuntimeError("SMTP refused")

    monkeypatch.setattr(monitoring_jobs.alerts, "send_digest", broken)
    monitoring_jobs.send_digest()  # logged, not raised
    assert "Monitoring digest failed" in caplog.text
