"""Recording revisions does a fixed amount of work per item: the session's sets of new, changed
and deleted rows are read a fixed number of times per flush, never once per item. (Each read
builds the whole set, so reading it per item made a 60,000-row bundle import quadratic.)"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import func, select

from campaign.models import Revision, RevisionAction, Source, SourceKind
from tests.revisions.helpers import count_set_reads


@pytest.fixture
def set_reads(monkeypatch) -> Counter:
    return count_set_reads(monkeypatch)


def _revisions(session, action: RevisionAction) -> int:
    query = select(func.count()).select_from(Revision).where(Revision.action == action)
    return session.exec(query).one()


def _create(session, set_reads: Counter, prefix: str, n: int) -> Counter:
    set_reads.clear()
    for i in range(n):
        session.add(Source(key=f"{prefix}-{i}", title=f"Source {i}", kind=SourceKind.REPORT))
    session.commit()
    return Counter(set_reads)


def _edit(session, set_reads: Counter, prefix: str, n: int) -> Counter:
    rows = session.exec(select(Source).where(Source.key.startswith(f"{prefix}-"))).all()
    assert len(rows) == n
    set_reads.clear()
    for row in rows:
        row.title += " (edited)"
    session.commit()
    return Counter(set_reads)


def test_new_items_do_not_read_the_sessions_sets_once_each(session, set_reads):
    few = _create(session, set_reads, "few", 3)
    many = _create(session, set_reads, "many", 60)

    assert _revisions(session, RevisionAction.CREATE) == 63  # every item still has its revision
    assert many == few, f"3 new items: {dict(few)}; 60 new items: {dict(many)}"


def test_changed_items_do_not_read_the_sessions_sets_once_each(session, set_reads):
    _create(session, set_reads, "few", 3)
    _create(session, set_reads, "many", 60)
    few = _edit(session, set_reads, "few", 3)
    many = _edit(session, set_reads, "many", 60)

    assert _revisions(session, RevisionAction.EDIT) == 63
    assert many == few, f"3 edited items: {dict(few)}; 60 edited items: {dict(many)}"
