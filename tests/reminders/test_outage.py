"""A database outage in the middle of a pass: the scheduler's start-up pass waits it out and
finishes, sending every e-mail exactly once, and the process keeps running.

In-process, the outage is the database driver's own errors injected at the engine
(`before_cursor_execute`) while the sink counts e-mails: first while an e-mail's result is
being recorded, then while the next e-mails are being claimed. With a real `flask scheduler`
process, it is a real one (RealOutage)."""

from __future__ import annotations

import collections
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, event, make_url, text

from campaign import models as m
from campaign.db import get_engine
from campaign.reminders import outage
from campaign.reminders.scheduler import ReminderScheduler
from tests.reminders.conftest import deliveries
from tests.reminders.crashes import add_milestones
from tests.reminders.test_scheduler_process import Process

EMAILS = 60  # 15 milestones × 4 addresses: three claims of 25


class Outage:
    """Refuses the next `refuse` statements (all of them, or only claims) with the driver's
    own OperationalError, as a stopped or unreachable server would."""

    def __init__(self, engine):
        self.error = engine.dialect.loaded_dbapi.OperationalError
        self.refuse = 0
        self.claims_only = False
        self.refused: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.refuse <= 0:
            return
        if self.claims_only and not statement.lstrip().upper().startswith("INSERT INTO DELIVERIES"):
            return
        self.refuse -= 1
        self.refused.append(statement.split()[0])
        raise self.error("server closed the connection unexpectedly (injected outage)")


@pytest.fixture
def fast_retries(monkeypatch):
    monkeypatch.setattr(outage, "FIRST_WAIT", 0.001)
    monkeypatch.setattr(outage, "LONGEST_WAIT", 0.001)


def test_an_outage_mid_pass_is_waited_out_without_duplicates(
    app, clock, session, smtp, fast_retries, caplog
):
    clock.now = datetime.now(UTC)
    add_milestones(session, milestones=EMAILS // 4, per_milestone=4)
    with app.app_context():
        engine = get_engine()
    down = Outage(engine)

    def before_answer(count: int) -> None:
        if count == 10:  # its result is about to be recorded
            down.refuse = 5
        elif count == 25 and not down.refuse:  # the next statement claims e-mails 26-50
            down.refuse, down.claims_only = 3, True

    smtp.before_answer = before_answer
    event.listen(engine, "before_cursor_execute", down)
    scheduler = ReminderScheduler(app)
    try:
        started = scheduler.start_up()
    finally:
        event.remove(engine, "before_cursor_execute", down)
        scheduler.shutdown()

    assert down.refused == ["UPDATE"] * 5 + ["INSERT"] * 3
    assert "The database is unreachable" in caplog.text
    received = collections.Counter((r.rcpt_tos[0], r.subject) for r in smtp.received)
    assert len(received) == EMAILS and set(received.values()) == {1}
    emails = deliveries(session, channel=m.DeliveryChannel.EMAIL)
    assert collections.Counter(d.status for d in emails) == {m.DeliveryStatus.SENT: EMAILS}
    # The pass that met the claim outage was run again, and skipped what was already done.
    assert (started.summary.skipped, started.summary.sent) == (25 + 15, 35)


class RealOutage:
    """The test's database made unavailable for `seconds`, for real: on SQLite an exclusive
    lock held by another connection (writers wait busy_timeout, 5 s, then fail); on PostgreSQL
    the database closed to connections and the scheduler's connections terminated."""

    def __init__(self, database_url: str, seconds: float):
        self.url = make_url(database_url)
        self.seconds = seconds
        self.ended = threading.Event()
        self._end: Callable[[], None] | None = None

    def begin(self) -> None:
        if self.url.get_backend_name() == "sqlite":
            lock = sqlite3.connect(
                self.url.database, isolation_level=None, timeout=30, check_same_thread=False
            )
            lock.execute("BEGIN EXCLUSIVE")

            def end() -> None:
                lock.execute("COMMIT")
                lock.close()

        else:
            name = self.url.database
            admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )

            def end() -> None:
                with admin.connect() as connection:
                    connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))
                admin.dispose()

        self._end = end
        threading.Timer(self.seconds, self.end).start()

    def end(self) -> None:
        if self._end is not None and not self.ended.is_set():
            self._end()
            self.ended.set()


def test_a_real_scheduler_rides_out_a_real_database_outage_mid_pass(
    database_url, session, smtp, smtp_config
):
    emails = 40
    add_milestones(session, milestones=emails // 4, per_milestone=4)
    session.close()  # on PostgreSQL the outage ends every connection to the database
    down = RealOutage(database_url, seconds=7)
    smtp.before_answer = lambda count: down.begin() if count == 10 else None
    env = {
        **os.environ,
        **{key: str(value) for key, value in smtp_config.items()},
        "DATABASE_URL": database_url,
        "REMINDERS_TO": "team@example.org",
        "FLASK_SKIP_DOTENV": "1",
        "PYTHONWARNINGS": "error",
    }
    scheduler = Process(env)
    try:
        scheduler.wait_for("The database is unreachable")
        scheduler.wait_for("Start-up pass:")
        scheduler.wait_for("Reminder scheduler started")
        assert scheduler.popen.poll() is None  # still running
        assert down.ended.is_set()
    finally:
        try:
            down.end()
        finally:
            code = scheduler.stop()
    assert code == 0, "".join(scheduler.log)
    received = collections.Counter((r.rcpt_tos[0], r.subject) for r in smtp.received)
    assert len(received) == emails and set(received.values()) == {1}, received
    emails_sent = deliveries(session, channel=m.DeliveryChannel.EMAIL)
    assert collections.Counter(d.status for d in emails_sent) == {m.DeliveryStatus.SENT: emails}
