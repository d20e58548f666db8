"""Keeping stored verdicts up to date: in the unit of work that changes a statistic, its inputs
or its source, just before it commits (the same unit of work that recomputed the derived
values: campaign/statistics/derived.py runs during it).

Every write path is covered by one of two means:
- ORM writes (forms, the API, bundle import, revisions, archiving): a session listener notes
  the statistics, statistic inputs and sources flushed in the unit of work;
- Core writes, which no ORM event sees (FOI returns sync, demo data): the writer calls
  `changed(session, statistic_ids)` (or `changed_all`).

Before the commit, the noted statistics, the statistics computed from them (directly or
through others) and the statistics of the noted sources get their verdicts checked and stored
(`stored.store_verdicts`). A large unit of work (a bundle import) stores every verdict in one
pass instead of thousands of `IN (...)` batches.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlmodel import col

from campaign.claims import stored
from campaign.models import Source, Statistic, StatisticInput

PENDING = (
    "campaign.claims.pending"  # session.info: {"statistics": set, "sources": set, "all": bool}
)
ALL_AT = 5000  # this many noted statistics or more: store every verdict in one pass


def _pending(session: Session) -> dict:
    return session.info.setdefault(PENDING, {"statistics": set(), "sources": set(), "all": False})


def changed(session: Session, statistic_ids: Iterable[int]) -> None:
    """Note statistics written around the ORM: their verdicts are stored before the commit."""
    _pending(session)["statistics"].update(i for i in statistic_ids if i is not None)


def changed_all(session: Session) -> None:
    """Note that every stored verdict must be checked before the commit."""
    _pending(session)["all"] = True


def _after_flush(session: Session, _context) -> None:
    statistics, sources = set(), set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Statistic):
            statistics.add(obj.id)
        elif isinstance(obj, StatisticInput):
            statistics.add(obj.statistic_id)
        elif isinstance(obj, Source):
            sources.add(obj.id)
    if statistics or sources:
        pending = _pending(session)
        pending["statistics"].update(i for i in statistics if i is not None)
        pending["sources"].update(i for i in sources if i is not None)


def _before_commit(session: Session) -> None:
    if PENDING not in session.info:
        return
    session.flush()  # the last changes' statistics are noted too
    pending = session.info.pop(PENDING)
    with session.no_autoflush:
        store(session, pending)
    session.info.pop(PENDING, None)  # nothing the storing itself flushed needs storing


def store(session: Session, pending: dict) -> int:
    """Store the verdicts of the noted statistics and of those that depend on them."""
    from campaign.statistics.derived import dependent_ids

    ids = set(pending["statistics"])
    sources = sorted(pending["sources"])
    for start in range(0, len(sources), stored.CHUNK):
        chunk = sources[start : start + stored.CHUNK]
        ids.update(session.scalars(select(Statistic.id).where(col(Statistic.source_id).in_(chunk))))
    if pending["all"] or len(ids) >= ALL_AT:
        return stored.store_verdicts(session=session)
    if not ids:
        return 0
    ids |= dependent_ids(session, ids)
    return stored.store_verdicts_of(session=session, ids=ids)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def init_app(_app) -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _after_rollback)
