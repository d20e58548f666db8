"""Command-line interface: `flask --app campaign <command>`.

Each area's commands live beside its code and are registered here.
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from campaign import migrations
from campaign.db import get_engine

db_cli = AppGroup("db", help="Database schema migrations (Alembic).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database schema to REVISION (default: the latest)."""
    try:
        migrations.upgrade(get_engine(), revision)
    except migrations.MigrationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Database at {migrations.current_revision(get_engine())}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Downgrade the database schema to REVISION (e.g. -1 or base), keeping the rows and values
    it drops for the next upgrade (docs/architecture.md, "Migrations")."""
    try:
        migrations.downgrade(get_engine(), revision)
    except migrations.MigrationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Database at {migrations.current_revision(get_engine()) or 'base'}.")


@db_cli.command("current")
def db_current() -> None:
    """Show the database's current schema revision."""
    click.echo(migrations.current_revision(get_engine()) or "empty (run `flask db upgrade`)")
    if kept := migrations.stash_tables(get_engine()):
        click.echo(f"Rows kept by a downgrade, for the next upgrade: {', '.join(kept)}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Autogenerate a migration from the models (developers only)."""
    migrations.new_revision(current_app.config["DATABASE_URL"], message)


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    from campaign.accounts.cli import register as register_accounts
    from campaign.backups.cli import register as register_backups
    from campaign.bundles.cli import register as register_bundles
    from campaign.calendar.cli import register as register_calendar
    from campaign.claims.cli import register as register_claims
    from campaign.demo.cli import register as register_demo
    from campaign.monitoring.cli import register as register_monitoring
    from campaign.packs.cli import register as register_packs
    from campaign.people.cli import register as register_people
    from campaign.reminders.cli import register as register_reminders
    from campaign.returns.cli import register as register_returns

    register_accounts(app)
    register_bundles(app)
    register_demo(app)
    register_calendar(app)
    register_reminders(app)
    register_packs(app)
    register_returns(app)
    register_claims(app)
    register_backups(app)
    register_people(app)
    register_monitoring(app)
