"""`flask --app campaign scheduler` as real processes: two of them on one database start,
catch up, resync every second side by side, send the due reminder once, and stop cleanly on
SIGTERM. (Real time here: a separate process cannot share the injected clock.)"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta

from campaign import models as m
from campaign.clock import UK
from campaign.settings import PROJECT_ROOT
from tests.reminders.conftest import deliveries, job_rows

TIMEOUT = 60  # seconds: generous for a loaded machine; the happy path takes about two


class Process:
    def __init__(self, env: dict[str, str]):
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "campaign", "scheduler"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.popen.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, *, count: int = 1) -> None:
        deadline = time.monotonic() + TIMEOUT
        while sum(text in line for line in self.log) < count:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {text!r} after {TIMEOUT}s:\n{''.join(self.log)}"
            try:
                self.log.append(self.lines.get(timeout=min(remaining, 1)))
            except queue.Empty:
                assert self.popen.poll() is None, f"exited early:\n{''.join(self.log)}"

    def stop(self) -> int:
        self.popen.send_signal(signal.SIGTERM)
        try:
            code = self.popen.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            # PYTHONFAULTHANDLER: SIGABRT prints every thread's stack, to say where it hung.
            self.popen.send_signal(signal.SIGABRT)
            self.popen.wait(timeout=TIMEOUT)
            self.reader.join(timeout=TIMEOUT)
            while not self.lines.empty():
                self.log.append(self.lines.get())
            log = "".join(self.log)
            raise AssertionError(f"no exit {TIMEOUT}s after SIGTERM:\n{log}") from None
        self.reader.join(timeout=TIMEOUT)  # the pipe reaches its end once the process exits
        self.popen.stderr.close()
        while not self.lines.empty():
            self.log.append(self.lines.get())
        return code


def test_two_scheduler_processes_send_a_due_reminder_once(
    database_url, make, session, smtp, smtp_config
):
    today = datetime.now(UK).date()
    milestone = make.milestone(
        title="Consultation closes",
        milestone_date=today + timedelta(days=3),
        reminder_offsets="7,1",  # the 7-day reminder fell due 4 days ago; the 1-day is ahead
    )
    env = {
        **os.environ,
        **{key: str(value) for key, value in smtp_config.items()},
        "DATABASE_URL": database_url,
        "REMINDERS_TO": "team@example.org",
        "SCHEDULER_RESYNC_SECONDS": "1",
        "FLASK_SKIP_DOTENV": "1",
        "PYTHONWARNINGS": "error",
        "PYTHONFAULTHANDLER": "1",
    }
    processes = [Process(env), Process(env)]
    try:
        for p in processes:
            p.wait_for("Reminder scheduler started")
        for p in processes:
            p.wait_for("Resync:", count=2)  # both resynced twice while the other ran
    finally:
        codes = [p.stop() for p in processes]
    assert codes == [0, 0]
    for p in processes:
        assert "Reminder scheduler stopped" in p.log[-1]
        assert not any("Traceback" in line for line in p.log), "".join(p.log)

    assert [r.rcpt_tos for r in smtp.received] == [["team@example.org"]]
    assert "in 3 days" in smtp.received[0].subject
    assert {(d.channel, d.offset_days, d.status) for d in deliveries(session)} == {
        (m.DeliveryChannel.EMAIL, 7, m.DeliveryStatus.SENT),
        (m.DeliveryChannel.IN_APP, 7, m.DeliveryStatus.SENT),
    }
    assert set(job_rows(session)) == {f"milestone:{milestone.id}:offset:1"}
    assert date.today() <= milestone.milestone_date


def test_a_scheduler_waiting_for_its_database_stops_at_once_on_sigterm():
    """Start-up retries while the database cannot be reached, and a stop signal ends the wait
    (the handler only sets an event; nothing is raised in the middle of a database call)."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql+psycopg://campaign@127.0.0.1:1/campaign",  # refused
        "FLASK_SKIP_DOTENV": "1",
        "PYTHONWARNINGS": "error",
        "PYTHONFAULTHANDLER": "1",
    }
    process = Process(env)
    try:
        process.wait_for("the database is unreachable", count=2)  # it keeps trying
    finally:
        code = process.stop()
    assert code == 0
    assert "Reminder scheduler stopped" in process.log[-1]
    assert not any("Traceback" in line for line in process.log), "".join(process.log)
