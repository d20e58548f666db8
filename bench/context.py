"""Databases and apps for one backend's share of a benchmark run.

Databases come from the test suite's templates (`tests/support/databases.py`): a migrated
SQLite file copied per database, or a PostgreSQL `CREATE DATABASE … TEMPLATE` clone on a
throwaway cluster (`tests/support/postgres.py`). Everything is dropped at the end.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from time import perf_counter

from click.testing import Result
from flask import Flask
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from campaign import create_app
from campaign.db import get_engine


class BenchContext:
    """What a measurement gets: fresh apps on fresh databases, and a shared *portfolio* app
    whose database holds one demo-data batch at the run's scale."""

    def __init__(self, *, backend: str, template, workdir: Path, scale: float):
        self.backend = backend
        self.scale = scale
        self._template = template
        self._workdir = workdir
        self._apps: list[Flask] = []
        self._urls: list[str] = []
        self._portfolio: Flask | None = None
        self.page_floor: float | None = None  # bench.pages.floor_seconds, once per backend

    def fresh_app(self) -> Flask:
        """An app on a new, migrated, empty database."""
        url = self._template.fresh(Path(tempfile.mkdtemp(dir=self._workdir)))
        self._urls.append(url)
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "SQL_ECHO": False,
                "PUBLIC_BASE_URL": "http://localhost",
            }
        )
        self._apps.append(app)
        return app

    def generate_demo_data(self, app: Flask) -> tuple[float, int]:
        """Run `flask demo-data --scale <scale>` on `app`'s database through the real CLI.
        Returns (seconds, rows in the database afterwards). The first app filled this way
        becomes the portfolio that page measurements render."""
        started = perf_counter()
        result = invoke_cli(app, "demo-data", "--scale", str(self.scale))
        seconds = perf_counter() - started
        if result.exit_code != 0:
            raise RuntimeError(f"demo-data failed: {result.output}") from result.exception
        if self._portfolio is None:
            self._portfolio = app
        return seconds, count_rows(app)

    def portfolio(self) -> Flask:
        if self._portfolio is None:
            self.generate_demo_data(self.fresh_app())
            assert self._portfolio is not None
            settle(self._portfolio)
        assert self._portfolio is not None
        return self._portfolio

    def close(self) -> None:
        for app in self._apps:
            with app.app_context():
                get_engine().dispose()
        for url in self._urls:
            self._template.drop(url)


def settle(app: Flask) -> None:
    """The portfolio as a live database would be a minute after a bulk load: vacuumed and
    analysed. demo-data stores each statistic's claim verdict just after inserting it, which
    leaves a dead row version per statistic on PostgreSQL (41,753 at scale 10); autovacuum
    clears them on a live server (its threshold is 20% of a table's rows), but a measurement
    taken straight after the load would read them all (docs/benchmarks.md, search.p95)."""
    with app.app_context():
        engine = get_engine()
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        else:
            with engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")


def invoke_cli(app: Flask, *args: str, input: str | None = None) -> Result:
    """Run a `flask` command in-process. Inside an app context, as the real `flask` command
    provides one (the test runner does not, for commands added with `add_command`)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), input=input)


def count_rows(app: Flask) -> int:
    """Rows in every table of the schema."""
    counts = [select(func.count()).select_from(t) for t in SQLModel.metadata.sorted_tables]
    with app.app_context(), Session(get_engine()) as session:
        return sum(session.scalar(query) or 0 for query in counts)
