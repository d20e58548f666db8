"""The scheduler: jobs derived from the data with stable ids, a catch-up and full resync at
start-up, APScheduler running the stored jobs, and no duplicates across restarts."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import inspect

from campaign import models as m
from campaign.db import get_engine
from campaign.reminders import jobs, jobstore
from campaign.reminders.jobstore import JOBS, ReminderJobStore, SyncResult
from campaign.reminders.scheduler import ReminderScheduler
from tests.reminders.conftest import at, deliveries, job_rows


@pytest.fixture
def scheduler(app):
    """`scheduler()` -> a background ReminderScheduler; every one is shut down at the end."""
    made: list[ReminderScheduler] = []

    def make() -> ReminderScheduler:
        made.append(ReminderScheduler(app, workers=2))
        return made[-1]

    yield make
    for s in made:
        s.shutdown()


def test_start_up_schedules_one_job_per_future_reminder_with_stable_ids(
    scheduler, clock, campaign, session
):
    clock.set("2024-01-01 00:00")
    started = scheduler().start_up()
    assert started.synced == SyncResult(added=3)
    assert job_rows(session) == {
        f"milestone:{campaign.id}:offset:28": at("2024-01-26 09:00"),
        f"milestone:{campaign.id}:offset:7": at("2024-02-16 09:00"),
        f"milestone:{campaign.id}:offset:1": at("2024-02-22 09:00"),
    }
    # A restart finds the job store in step with the data: nothing to write.
    assert scheduler().start_up().synced == SyncResult(unchanged=3)


def test_only_reminders_still_ahead_get_jobs_and_stale_ones_are_removed(
    scheduler, clock, campaign, make, session
):
    make.milestone(milestone_date=date(2024, 3, 1), date_precision=m.DatePrecision.MONTH)
    clock.set("2024-02-01 00:00")
    scheduler().start_up()
    assert set(job_rows(session)) == {
        f"milestone:{campaign.id}:offset:7",
        f"milestone:{campaign.id}:offset:1",
    }
    campaign.reminder_offsets = "1"
    session.add(campaign)
    session.commit()
    assert scheduler().start_up().synced == SyncResult(removed=1, unchanged=1)


def test_the_stored_jobs_are_apschedulers_own_and_it_runs_them_late(
    app, scheduler, clock, campaign, session, smtp
):
    """The jobs were written straight into the table; APScheduler must load and run them,
    even long after their time (misfire_grace_time=None), and each job decides what to do."""
    clock.set("2024-01-01 00:00")
    reminders = scheduler()
    reminders.start_up()
    with app.app_context():
        store = SQLAlchemyJobStore(engine=get_engine(), tablename=jobstore.TABLE_NAME)
        store.start(reminders.scheduler, "check")
        job = store.lookup_job(f"milestone:{campaign.id}:offset:7")
    assert job.func is jobs.run_milestone_reminder
    assert job.kwargs == {"milestone_id": campaign.id, "offset_days": 7}
    assert (job.misfire_grace_time, job.coalesce, job.max_instances) == (None, True, 1)
    assert job.next_run_time == at("2024-02-16 09:00")

    # Our clock says 16 February, 09:00; APScheduler's (the real one) says all three are late.
    clock.set("2024-02-16 09:00")
    ran = threading.Semaphore(0)
    outcomes = []

    def listen(event):
        if event.job_id.startswith("milestone:"):
            outcomes.append(event.exception)
            ran.release()

    reminders.scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    reminders.start()
    for _ in range(3):
        assert ran.acquire(timeout=30)
    assert outcomes == [None, None, None]
    # The 28-day job found itself superseded, the 1-day job not due: only the 7-day one sent.
    assert {d.offset_days for d in deliveries(session)} == {7}
    assert {r.subject for r in smtp.received} == {
        "Reminder: Ofcom illegal harms consultation closes in 7 days (23 February 2024)"
    }


def test_a_reminder_due_while_the_scheduler_was_down_is_sent_once_at_start_up(
    scheduler, clock, campaign, session, smtp
):
    clock.set("2024-01-01 00:00")
    scheduler().start_up()
    clock.set("2024-02-20 12:00")  # down since New Year
    started = scheduler().start_up()
    assert started.summary.sent == 3
    assert len(smtp.received) == 2
    assert "in 3 days" in smtp.received[0].subject
    # The 28- and 7-day jobs are gone (handled by the start-up pass); the 1-day one remains.
    assert set(job_rows(session)) == {f"milestone:{campaign.id}:offset:1"}

    clock.set("2024-02-20 12:01")  # restarted again
    assert scheduler().start_up().summary.sent == 0
    assert len(smtp.received) == 2

    clock.set("2024-02-26 10:00")  # down again, over the 1-day reminder and the closing date
    started = scheduler().start_up()
    assert (started.summary.sent, started.summary.missed) == (0, 3)
    assert job_rows(session) == {}


def test_the_periodic_resync_catches_up_with_changes_made_outside_the_web_app(
    app, clock, campaign, session, smtp
):
    """A bundle import or a failed web-side sync: the next resync moves the jobs."""
    clock.set("2024-01-01 00:00")
    jobs.resync()
    campaign.milestone_date = date(2024, 3, 1)
    session.add(campaign)
    session.commit()
    jobs.resync()
    assert job_rows(session)[f"milestone:{campaign.id}:offset:7"] == at("2024-02-23 09:00")
    # At a due time, a resync is a pass too, and running it twice sends nothing twice.
    clock.set("2024-02-23 09:00")
    jobs.resync()
    jobs.resync()
    assert len(smtp.received) == 2
    assert len(deliveries(session)) == 3


def test_a_job_left_behind_by_an_edit_does_no_harm(app, clock, campaign, session, smtp):
    clock.set("2024-02-16 09:00")
    campaign.archived_at = at("2024-02-10 09:00")
    session.add(campaign)
    session.commit()
    assert jobs.run_milestone_reminder(campaign.id, 7).sent == 0
    assert jobs.run_milestone_reminder(campaign.id + 1000, 7).sent == 0
    assert jobs.run_milestone_reminder(campaign.id, 5).sent == 0  # not one of its offsets
    assert smtp.received == []


def test_the_retry_job_retries_failed_e_mails(app, clock, campaign, session, smtp):
    smtp.answer = "451 Try again later"
    clock.set("2024-02-16 09:00")
    jobs.run_milestone_reminder(campaign.id, 7)
    smtp.answer = None
    clock.set("2024-02-16 09:01")
    jobs.retry_failed()
    assert {(d.status, d.attempts) for d in deliveries(session)} == {
        (m.DeliveryStatus.SENT, 1),
        (m.DeliveryStatus.SENT, 2),
    }
    assert len(smtp.received) == 2


def test_the_job_table_is_apschedulers(app):
    with app.app_context():
        engine = get_engine()
        theirs = SQLAlchemyJobStore(engine=engine, tablename=jobstore.TABLE_NAME).jobs_t
        jobstore.ensure_table(engine)
        columns = {c["name"]: c for c in inspect(engine).get_columns(jobstore.TABLE_NAME)}
    assert [c.name for c in theirs.columns] == [c.name for c in JOBS.columns] == list(columns)
    for ours, their in zip(JOBS.columns, theirs.columns, strict=True):
        assert repr(ours.type) == repr(their.type)
        assert (ours.primary_key, ours.nullable, ours.index) == (
            their.primary_key,
            their.nullable,
            their.index,
        )


def test_a_job_removed_by_someone_else_does_not_stop_the_scheduler(app):
    with app.app_context():
        store = ReminderJobStore(get_engine())
        jobstore.ensure_table(get_engine())
        store.remove_job("milestone:1:offset:7")  # not there: no JobLookupError
