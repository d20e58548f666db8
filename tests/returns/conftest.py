"""Returns test helpers: a FOI-return source, the fixture files, row counts and statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from campaign import models as m

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = [m.ReturnImport, m.ForceReturn, m.ForceReturnPlatform, m.Statistic, m.StatisticInput]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def row_counts(session: Session) -> dict[str, int]:
    session.expire_all()
    return {
        model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
        for model in TABLES
    }


def statistics(session: Session, source_key: str) -> dict[str, m.Statistic]:
    """The statistics generated for a source, by key."""
    session.expire_all()
    query = select(m.Statistic).where(m.Statistic.key.startswith(f"returns-{source_key}-"))
    return {s.key: s for s in session.exec(query)}


@pytest.fixture
def app(make_app, tmp_path):
    # Uploads awaiting confirmation go to the test's own folder, not the project's instance/.
    return make_app(RETURNS_UPLOAD_FOLDER=str(tmp_path / "uploads"))


@pytest.fixture
def foi(make):
    return make.source(key="nspcc-foi", title="NSPCC FOI returns", kind=m.SourceKind.FOI_RETURN)
