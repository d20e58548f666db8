"""The scheduler's jobs, derived from the data and kept in APScheduler's SQLAlchemy job store
(the `apscheduler_jobs` table in the app's database).

One DateTrigger job per future reminder, with a stable id: `milestone:{id}:offset:{n}` and
`follow-up:response:{id}`. A resync computes the jobs the data wants and compares them with
the table's `id` and `next_run_time` columns only (no unpickling of thousands of jobs), then
upserts what is new or moved and deletes what is gone, in bulk. The scheduler process, the web
app (after a milestone or response changes) and anyone else may resync at any time: every write
is an idempotent upsert or delete, so concurrent resyncs cannot conflict, and a resync that
loses a race is corrected by the next one.

Job rows are written directly rather than through `scheduler.add_job()` (one transaction per
job): 10,000 reminders are synced in one transaction. The pickled state is APScheduler's own:
taken from a real `Job` and copied with the id, arguments and run time changed.
"""

from __future__ import annotations

import functools
import pickle  # nosec B403  # only job state this module wrote to our own database
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.util import datetime_to_utc_timestamp
from sqlalchemy import (
    Column,
    Engine,
    Float,
    LargeBinary,
    MetaData,
    Table,
    Unicode,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from campaign.models import Milestone, Response, ResponseDirection
from campaign.reminders.bulk import dialect_insert
from campaign.reminders.facts import (
    MilestoneFacts,
    ResponseFacts,
    chunks,
    live_milestone_conditions,
    load_milestones,
    load_responses,
)
from campaign.reminders.planning import (
    ReminderSettings,
    follow_up,
    follow_up_job_id,
    log,
    milestone_reminders,
    uk_date,
)

TABLE_NAME = "apscheduler_jobs"
MILESTONE_JOB = "campaign.reminders.jobs:run_milestone_reminder"
FOLLOW_UP_JOB = "campaign.reminders.jobs:run_follow_up"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The same table as APScheduler 3's SQLAlchemyJobStore defines (a test checks they agree).
JOBS = Table(
    TABLE_NAME,
    MetaData(),
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)


class ReminderJobStore(SQLAlchemyJobStore):
    """APScheduler's SQLAlchemy job store, tolerant of rows that vanish under it.

    Reminder rows may be deleted at any moment by a resync in another process or the web app.
    Stock APScheduler raises JobLookupError when it then fails to remove a job it has just run,
    which would stop the scheduler's main loop: here that simply means the work is done.
    """

    def __init__(self, engine: Engine):
        super().__init__(engine=engine, tablename=TABLE_NAME)

    def start(self, scheduler, alias):
        # BaseJobStore's start, then our race-tolerant CREATE TABLE instead of APScheduler's.
        super(SQLAlchemyJobStore, self).start(scheduler, alias)
        ensure_table(self.engine)

    def remove_job(self, job_id):
        try:
            super().remove_job(job_id)
        except JobLookupError:
            log.debug("Job %s was already removed", job_id)

    def update_job(self, job):
        try:
            super().update_job(job)
        except JobLookupError:
            log.debug("Job %s was removed while it ran", job.id)

    def shutdown(self):
        """Leave the engine alone: it is the app's, not the job store's."""


@dataclass(frozen=True)
class DesiredJob:
    id: str
    run_at: datetime
    func: str
    kwargs: dict[str, Any]
    name: str


@dataclass
class SyncResult:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.changed} moved, {self.removed} removed, "
            f"{self.unchanged} unchanged"
        )


def milestone_jobs(m: MilestoneFacts, settings: ReminderSettings, now: datetime):
    """Jobs for the milestone's reminders still in the future (due ones are the passes')."""
    for r in milestone_reminders(m, settings):
        if r.due_at > now:
            yield DesiredJob(
                r.job_id,
                r.due_at,
                MILESTONE_JOB,
                {"milestone_id": m.id, "offset_days": r.offset_days},
                f"{r.offset_days}-day reminder for milestone {m.id}",
            )


def response_jobs(f: ResponseFacts, settings: ReminderSettings, now: datetime):
    r = follow_up(f, settings)
    if r is not None and r.due_at > now:
        yield DesiredJob(
            r.job_id, r.due_at, FOLLOW_UP_JOB, {"response_id": f.id}, f"Follow-up of {f.id}"
        )


def ensure_table(engine: Engine) -> None:
    """Create the job store's table if the scheduler has never run on this database. Two
    processes may try at once (PostgreSQL then refuses the second CREATE TABLE even with
    IF NOT EXISTS): losing that race is fine."""
    try:
        JOBS.create(engine, checkfirst=True)
    except DBAPIError:
        if not inspect(engine).has_table(TABLE_NAME):
            raise


@functools.cache
def _template(func: str, kwarg_names: tuple[str, ...]) -> dict[str, Any]:
    """A real Job's pickled state, from which every job's state is copied. The scheduler is
    never started: Job only asks it for a time zone."""
    job = Job(
        BackgroundScheduler(timezone=UTC),
        id="template",
        func=func,
        args=(),
        kwargs=dict.fromkeys(kwarg_names, 0),
        trigger=DateTrigger(EPOCH, timezone=UTC),
        executor="default",
        name="template",
        # Run however late (the job decides whether to send or record it missed); never twice.
        misfire_grace_time=None,
        coalesce=True,
        max_instances=1,
        next_run_time=EPOCH,
    )
    return job.__getstate__()


def job_row(job: DesiredJob) -> dict[str, Any]:
    state = dict(
        _template(job.func, tuple(job.kwargs)),
        id=job.id,
        kwargs=job.kwargs,
        name=job.name,
        trigger=DateTrigger(job.run_at, timezone=UTC),
        next_run_time=job.run_at,
    )
    return {
        "id": job.id,
        "next_run_time": datetime_to_utc_timestamp(job.run_at),
        "job_state": pickle.dumps(state, pickle.HIGHEST_PROTOCOL),
    }


def _upsert(engine: Engine):
    statement = dialect_insert(engine)(JOBS)
    return statement.on_conflict_do_update(
        index_elements=["id"],
        set_={
            "next_run_time": statement.excluded.next_run_time,
            "job_state": statement.excluded.job_state,
        },
    )


ALL_REMINDER_JOBS = or_(JOBS.c.id.like("milestone:%"), JOBS.c.id.like("follow-up:%"))


def sync(engine: Engine, desired: Iterable[DesiredJob], *, scope) -> SyncResult:
    """Make the job rows matching `scope` (an SQL condition on JOBS) exactly `desired`."""
    wanted = {job.id: job for job in desired}
    with engine.connect() as connection:
        rows = connection.execute(select(JOBS.c.id, JOBS.c.next_run_time).where(scope))
        existing = {ident: stamp for ident, stamp in rows}
    result = SyncResult()
    writes = []
    for ident, job in wanted.items():
        stamp = existing.get(ident)
        if stamp is not None and abs(stamp - datetime_to_utc_timestamp(job.run_at)) < 0.001:
            result.unchanged += 1
            continue
        writes.append(job_row(job))
        if ident in existing:
            result.changed += 1
        else:
            result.added += 1
    stale = [ident for ident in existing if ident not in wanted]
    result.removed = len(stale)
    if writes or stale:
        # A new transaction that starts by writing (SQLite: no stale read snapshot to upgrade).
        with engine.begin() as connection:
            for start in range(0, len(writes), 500):
                connection.execute(_upsert(engine), writes[start : start + 500])
            for batch in chunks(stale):
                connection.execute(JOBS.delete().where(JOBS.c.id.in_(batch)))
    return result


def resync_all(session: Session, *, now: datetime, settings: ReminderSettings) -> SyncResult:
    """Every reminder job, against the whole job store."""
    ensure_table(session.get_bind())
    today = uk_date(now)
    milestones = load_milestones(
        session,
        where=(*live_milestone_conditions(), Milestone.milestone_date >= today),
        with_asks=False,
    )
    responses = load_responses(
        session,
        where=(
            col(Response.archived_at).is_(None),
            Response.direction == ResponseDirection.SENT,
            col(Response.reply_expected_by) >= today - timedelta(days=1),
        ),
        with_asks=False,
    )
    desired = [job for m in milestones.values() for job in milestone_jobs(m, settings, now)]
    desired += [job for f in responses.values() for job in response_jobs(f, settings, now)]
    return sync(session.get_bind(), desired, scope=ALL_REMINDER_JOBS)


def resync_some(
    session: Session,
    *,
    milestone_ids: Iterable[int] = (),
    response_ids: Iterable[int] = (),
    now: datetime,
    settings: ReminderSettings,
) -> SyncResult:
    """The jobs of some milestones and responses (after they changed in the web app)."""
    engine = session.get_bind()
    ensure_table(engine)
    total = SyncResult()
    milestone_ids, response_ids = list(milestone_ids), list(response_ids)
    milestones = load_milestones(session, ids=milestone_ids, with_asks=False)
    for ident in milestone_ids:
        m = milestones.get(ident)
        desired = list(milestone_jobs(m, settings, now)) if m else []
        _add(total, sync(engine, desired, scope=JOBS.c.id.like(f"milestone:{ident}:offset:%")))
    responses = load_responses(session, ids=response_ids, with_asks=False)
    for ident in response_ids:
        f = responses.get(ident)
        desired = list(response_jobs(f, settings, now)) if f else []
        _add(total, sync(engine, desired, scope=JOBS.c.id == follow_up_job_id(ident)))
    return total


def next_run_time(engine: Engine) -> datetime | None:
    """When the earliest reminder job is due (for the log), without unpickling any job."""
    with engine.connect() as connection:
        stamp = connection.execute(select(func.min(JOBS.c.next_run_time)).where(ALL_REMINDER_JOBS))
        value = stamp.scalar()
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _add(total: SyncResult, part: SyncResult) -> None:
    total.added += part.added
    total.changed += part.changed
    total.removed += part.removed
    total.unchanged += part.unchanged
