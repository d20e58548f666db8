"""The weekly `sync-members` job in the scheduler process: registered only when
MEMBERS_SYNC_WEEKDAY is set (it calls the real Members API), and running it syncs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from campaign.models import Person
from campaign.reminders import jobs
from campaign.reminders.scheduler import MEMBERS_SYNC_JOB, ReminderScheduler, members_sync_trigger
from campaign.settings import Settings
from tests.support.members_fixture import MembersApiFixture


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


def test_the_setting_is_off_by_default():
    assert Settings.from_env({}).MEMBERS_SYNC_WEEKDAY == ""
    assert Settings.from_env({"MEMBERS_SYNC_WEEKDAY": "mon"}).MEMBERS_SYNC_WEEKDAY == "mon"


def test_no_job_when_the_weekday_is_empty(start_up):
    scheduler = start_up(MEMBERS_SYNC_WEEKDAY="")
    assert scheduler.scheduler.get_job(MEMBERS_SYNC_JOB) is None
    assert {job.id for job in scheduler.scheduler.get_jobs()} >= {"resync", "heartbeat"}


def test_a_weekly_job_when_a_weekday_is_set(start_up):
    scheduler = start_up(MEMBERS_SYNC_WEEKDAY="Mon")
    job = scheduler.scheduler.get_job(MEMBERS_SYNC_JOB)
    assert job is not None and job.func is jobs.sync_members
    # Monday 7 December 2026, 05:00 GMT (UK time), then the next Monday.
    after = datetime(2026, 12, 5, tzinfo=UTC)
    first = job.trigger.get_next_fire_time(None, after)
    assert first.isoformat() == "2026-12-07T05:00:00+00:00"
    later = job.trigger.get_next_fire_time(first, first.replace(minute=1))
    assert later.isoformat() == "2026-12-14T05:00:00+00:00"


def test_a_weekday_that_is_not_one_is_refused_by_name():
    with pytest.raises(ValueError, match="MEMBERS_SYNC_WEEKDAY must be one of mon, tue"):
        members_sync_trigger({"MEMBERS_SYNC_WEEKDAY": "monday"})


def test_the_job_syncs_from_the_api_the_setting_names(app, session, caplog):
    caplog.set_level(logging.INFO, logger="campaign.reminders")
    with MembersApiFixture(commons=20, lords=10) as api:
        app.config["PARLIAMENT_MEMBERS_API_URL"] = api.url
        jobs.bind(app)
        try:
            jobs.sync_members()
            jobs.sync_members()  # a second week: nothing to change
        finally:
            jobs.bind(None)
    assert session.exec(select(func.count()).select_from(Person)).one() == 30
    assert "30 created" in caplog.text
    assert "0 created, 0 updated, 30 unchanged" in caplog.text


def test_a_failing_api_is_logged_with_its_url_and_changes_nothing(app, session, caplog):
    with MembersApiFixture() as api:
        app.config["PARLIAMENT_MEMBERS_API_URL"] = f"{api.url}/gone"
        jobs.bind(app)
        try:
            jobs.sync_members()
        finally:
            jobs.bind(None)
    assert "Members sync failed, nothing changed" in caplog.text
    assert f"{api.url}/gone/api/Reference/Departments answered HTTP 404" in caplog.text
    assert session.exec(select(func.count()).select_from(Person)).one() == 0
