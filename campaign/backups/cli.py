"""`flask backup PATH` and `flask restore PATH [--force]` (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from campaign import clock
from campaign.backups import services
from campaign.backups.archive import BackupError
from campaign.db import get_engine


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a complete backup of the database to PATH (a new file), then check it."""
    try:
        manifest = services.make_backup(get_engine(), path, now=clock.now())
    except BackupError as exc:
        raise click.ClickException(f"Backup not made: {exc}.") from exc
    rows = sum(manifest.counts().values())
    click.echo(
        f"Backed up {rows:,} rows in {len(manifest.tables)} tables "
        f"(schema {manifest.schema_revision}) to {path}."
    )
    click.echo(f"SHA-256 of the data: {manifest.data_sha256}")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace everything in a database that is not empty. Without it such a database "
    "is refused.",
)
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Restore the backup at PATH into this (empty) database, all or nothing."""
    try:
        manifest = services.restore_backup(get_engine(), path, force=force)
    except BackupError as exc:
        raise click.ClickException(f"Nothing restored: {exc}.") from exc
    rows = sum(manifest.counts().values())
    click.echo(
        f"Restored {rows:,} rows in {len(manifest.tables)} tables from {path} "
        f"(made {manifest.created_at} on {manifest.database_backend}, "
        f"schema {manifest.schema_revision})."
    )
    click.echo("Restart the web server and the scheduler (it rebuilds its jobs at start-up).")


def register(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
