"""Fresh, migrated databases for each test: a copied SQLite file or a PostgreSQL clone of a
migrated template database (CREATE DATABASE … TEMPLATE is a file copy, ~20 ms)."""

from __future__ import annotations

import itertools
import shutil
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


class SQLiteTemplate:
    def __init__(self, directory: Path):
        self.path = directory / "template.db"
        migrate(f"sqlite:///{self.path}")

    def fresh(self, directory: Path) -> str:
        target = directory / "campaign.db"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        pass


class PostgresTemplate:
    def __init__(self, server: PostgresServer):
        self.server = server
        self._admin("DROP DATABASE IF EXISTS campaign_template")
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

    def fresh(self, directory: Path) -> str:
        name = f"campaign_test_{next(_counter)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE campaign_template")
        return self.server.url(name)

    def drop(self, url: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")
