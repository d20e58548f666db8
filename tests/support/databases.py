"""Fresh, migrated databases for each test: a copied SQLite file or a PostgreSQL clone of a
migrated template database (CREATE DATABASE … TEMPLATE is a file copy, ~20 ms).

Tests that ask for the seed campaign copy a second template, into which the seed was imported
once per run through the real `import-bundle` command (`seed`, given by the caller)."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from campaign import migrations
from campaign.db import make_engine
from tests.support.postgres import PostgresServer

_counter = itertools.count()


def migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()


Seed = Callable[[str], None]  # imports the seed campaign into the database at that URL


def _no_seed(url: str) -> None:
    raise RuntimeError("this template was made without a seed importer")


class SQLiteTemplate:
    def __init__(self, directory: Path, seed: Seed | None = None):
        self.path = directory / "template.db"
        self.seeded_path = directory / "seeded.db"
        self._seed = seed or _no_seed
        migrate(f"sqlite:///{self.path}")

    def fresh(self, directory: Path, *, seeded: bool = False) -> str:
        if seeded and not self.seeded_path.exists():
            shutil.copyfile(self.path, self.seeded_path)
            self._seed(f"sqlite:///{self.seeded_path}")
        target = directory / "campaign.db"
        shutil.copyfile(self.seeded_path if seeded else self.path, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        pass


class PostgresTemplate:
    def __init__(self, server: PostgresServer, seed: Seed | None = None):
        self.server = server
        self._seed = seed or _no_seed
        self._seeded = False
        for name in ("campaign_seeded", "campaign_template"):
            self._admin(f"DROP DATABASE IF EXISTS {name}")
        self._admin("CREATE DATABASE campaign_template")
        migrate(server.url("campaign_template"))

    def _admin(self, sql: str) -> None:
        with psycopg.connect(
            host="127.0.0.1",
            port=self.server.port,
            user="postgres",
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    def fresh(self, directory: Path, *, seeded: bool = False) -> str:
        if seeded and not self._seeded:
            self._admin("CREATE DATABASE campaign_seeded TEMPLATE campaign_template")
            self._seed(self.server.url("campaign_seeded"))  # leaves no connection open
            self._seeded = True
        name = f"campaign_test_{next(_counter)}"
        template = "campaign_seeded" if seeded else "campaign_template"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.server.url(name)

    def drop(self, url: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")
