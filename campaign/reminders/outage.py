"""Riding out a database outage: write what is known, and wait for the database to come back.

`durably(session, write)` runs one small write and commits it; if the database cannot be
reached (SQLAlchemy's OperationalError, or a connection it has found dead), it rolls back,
waits (0.5 s, then doubling up to 30 s) and tries again, for as long as it takes. The e-mail
whose result is being written has already gone: giving up would leave its claim pending and
send it again later, and carrying on without writing it would do the same after a kill. So a
sender stops sending while the database is away, and resumes where it stood.

`until_it_works(what, action)` does the same for a whole step (the scheduler's start-up pass):
the process keeps running and retries, rather than exiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

log = logging.getLogger("campaign.reminders")
T = TypeVar("T")

FIRST_WAIT = 0.5  # seconds
LONGEST_WAIT = 30.0


def waits() -> Iterator[float]:
    """FIRST_WAIT, doubling, then LONGEST_WAIT for ever (read when the outage begins)."""
    wait = FIRST_WAIT
    while True:
        yield wait
        wait = min(wait * 2, LONGEST_WAIT)


# SQLite reports a broken query with the same class as a locked or missing database file.
NOT_AN_OUTAGE = ("no such table", "no such column", "syntax error")


def is_outage(exc: BaseException) -> bool:
    """The database is unreachable, locked or failing (rather than refusing this statement).
    PostgreSQL raises OperationalError for connections refused, lost or shut down."""
    if isinstance(exc, OperationalError):
        return not any(text in str(exc.orig) for text in NOT_AN_OUTAGE)
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def durably(
    session: Session,
    write: Callable[[], object],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run `write` and commit; across an outage, retry until the commit succeeds."""
    pending: Iterator[float] | None = None
    while True:
        try:
            write()
            session.commit()
            if pending is not None:
                log.warning("The database is back: result recorded")
            return
        except Exception as exc:
            if not is_outage(exc):
                raise
            _rollback(session)
            pending = pending or waits()
            wait = next(pending)
            log.warning("The database is unreachable (%s); retrying in %.1f s", _short(exc), wait)
            sleep(wait)


def until_it_works(
    what: str,
    action: Callable[[], T],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`action()`, retried with backoff for as long as the database is unreachable."""
    pending = waits()
    while True:
        try:
            return action()
        except Exception as exc:
            if not is_outage(exc):
                raise
            wait = next(pending)
            log.warning(
                "%s: the database is unreachable (%s); retrying in %.1f s", what, _short(exc), wait
            )
            sleep(wait)


def _rollback(session: Session) -> None:
    try:
        session.rollback()
    except Exception as exc:  # the connection is gone; the pool replaces it on next use
        if not is_outage(exc):
            raise


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0][:200] if text else type(exc).__name__
