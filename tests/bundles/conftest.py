"""Bundle test helpers: fixture files, a second fresh database, row snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from campaign import create_app
from campaign import models as m
from campaign.db import get_engine

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = [
    m.Organisation,
    m.Source,
    m.Statistic,
    m.Evidence,
    m.Milestone,
    m.Ask,
    m.Response,
    m.Tag,
    m.AskTarget,
    m.AskTag,
    m.AskStatistic,
    m.AskEvidence,
    m.AskMilestone,
    m.ResponseAsk,
    m.StatisticInput,
]
TRACKED = [m.Organisation, m.Source, m.Statistic, m.Evidence, m.Milestone, m.Ask, m.Response]


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def row_counts(session: Session) -> dict[str, int]:
    session.expire_all()
    return {
        model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
        for model in TABLES
    }


def updated_ats(session: Session) -> dict[tuple[str, str], object]:
    """(table, key) -> updated_at for every tracked row."""
    session.expire_all()
    return {
        (model.__tablename__, row.key): row.updated_at
        for model in TRACKED
        for row in session.exec(select(model)).all()
    }


@pytest.fixture
def import_file(runner):
    """Import a bundle through the CLI and insist it worked; returns the CLI's output."""

    def run(path) -> str:
        result = runner.invoke(args=["import-bundle", str(path)])
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture
def export_text(runner):
    def run() -> str:
        result = runner.invoke(args=["export-bundle", "-"])
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


@pytest.fixture
def second_app(backend, database_templates, tmp_path):
    """Another app on its own fresh, migrated, empty database of the same backend."""
    directory = tmp_path / "second"
    directory.mkdir()
    template = database_templates(backend)
    url = template.fresh(directory)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    with app.app_context():
        get_engine().dispose()
    template.drop(url)
