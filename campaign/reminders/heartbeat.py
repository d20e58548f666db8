"""Is a scheduler serving this database? Each `flask scheduler` process writes a heartbeat (the
app setting `reminders.scheduler`: its host and process id, and the wall-clock time) when it
starts and every HEARTBEAT_SECONDS, and removes it when it stops cleanly. A heartbeat younger
than FRESH means a scheduler is serving the database; one left by a killed process goes stale
after FRESH.

`send-due-reminders --now` refuses to run while a scheduler serves the database: a rehearsal
belongs on a copy. Wall-clock time (not the app's injectable CLOCK): this is about processes.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from campaign.models import AppSetting
from campaign.reminders.bulk import dialect_insert

KEY = "reminders.scheduler"
HEARTBEAT_SECONDS = 10
FRESH = timedelta(seconds=3 * HEARTBEAT_SECONDS)


def identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Heartbeat:
    process: str
    at: datetime

    def age(self, now: datetime) -> timedelta:
        return now - self.at


def beat(session: Session, *, process: str | None = None) -> None:
    """Write this process's heartbeat (committed)."""
    text = json.dumps({"process": process or identity(), "at": datetime.now(UTC).isoformat()})
    table = AppSetting.__table__
    session.exec(
        dialect_insert(session.get_bind())(table)
        .values(key=KEY, value=text)
        .on_conflict_do_update(index_elements=["key"], set_={"value": text})
    )
    session.commit()


def clear(session: Session, *, process: str | None = None) -> None:
    """Remove the heartbeat if it is this process's (another scheduler's stays)."""
    found = last(session)
    if found is not None and found.process == (process or identity()):
        session.delete(session.get(AppSetting, KEY))
    session.commit()


def last(session: Session) -> Heartbeat | None:
    row = session.get(AppSetting, KEY)
    if row is None or not row.value:
        return None
    try:
        data = json.loads(row.value)
        return Heartbeat(str(data["process"]), datetime.fromisoformat(data["at"]))
    except (ValueError, KeyError, TypeError):
        return None


def serving(session: Session) -> Heartbeat | None:
    """The heartbeat of a scheduler serving this database now, if any."""
    found = last(session)
    if found is None or found.age(datetime.now(UTC)) > FRESH:
        return None
    return found
