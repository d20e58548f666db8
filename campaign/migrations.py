"""Schema migrations through Alembic (the scripts live in campaign/migrations)."""

from __future__ import annotations

from datetime import date

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

SCRIPT_LOCATION = "campaign:migrations"


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    # Revision ids are date-prefixed ("20261124_initial_schema") and name their files, so the
    # history reads in order in a directory listing.
    cfg.set_main_option("file_template", "%%(rev)s")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(str(engine.url), connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(str(engine.url), connection), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def new_revision(url: str, message: str) -> None:
    from slugify import slugify

    # Alembic's version table holds at most 32 characters: 8 for the date, 1 for "_", 23 more.
    rev_id = f"{date.today():%Y%m%d}_{slugify(message, separator='_', max_length=23)}"
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)
