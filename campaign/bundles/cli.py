"""`flask import-bundle`, `flask export-bundle` and `flask bundle-schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from campaign.accounts import guard
from campaign.accounts.access import acting_as
from campaign.accounts.services import find_user, normalise_email
from campaign.audit import record
from campaign.bundles.errors import BundleInvalid
from campaign.bundles.exporter import export_bundle
from campaign.bundles.importer import database_is_empty, import_bundle
from campaign.bundles.loading import load_bundle
from campaign.bundles.schema import json_schema
from campaign.db import session_scope
from campaign.models import AuditKind, User
from campaign.revisions import recording as revisions


@click.command("import-bundle")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--if-empty",
    is_flag=True,
    help="Import only into a database with no campaign data yet (used by `make run` so a "
    "restart never overwrites edits with the seed).",
)
@click.option(
    "--by",
    "email",
    metavar="EMAIL",
    help="Import as this account, with its rules: it must be allowed to import bundles on the "
    "web (editor or admin), and without restricted-evidence clearance the bundle may not "
    "change, link or make restricted evidence. Without --by the console is trusted.",
)
def import_bundle_command(path: Path, if_empty: bool, email: str | None) -> None:
    """Import the bundle at PATH: all of it, or nothing if it has any error."""
    user = _importer(email) if email is not None else None
    try:
        with acting_as(user), session_scope() as session:
            if if_empty and not database_is_empty(session):
                click.echo(f"Not importing {path}: the database already holds campaign data.")
                return
            if user is not None:  # else signed "flask import-bundle"
                revisions.sign_as(session, user.display_name, "cli", user_id=user.id)
            report = import_bundle(session, load_bundle(session, path.read_bytes()))
    except BundleInvalid as invalid:
        count = len(invalid.errors)
        click.echo(f"Cannot import {path}: {count} error{'s' if count != 1 else ''}.", err=True)
        for error in invalid.errors:
            click.echo(f"  {error}", err=True)
        click.echo("Nothing was imported.", err=True)
        raise click.exceptions.Exit(1) from None
    detail = {"result": report.summary(), "via": "command line"}
    record(AuditKind.BUNDLE_IMPORT, subject=f"bundle {path.name}", detail=detail, user=user)
    click.echo(f"Imported {path}: {report.summary()}.")


def _importer(email: str) -> User:
    """The account `--by` names, if it may import bundles on the web (the same rule)."""
    with session_scope() as session:
        user = find_user(session, email)
        if user is None:
            raise click.ClickException(f"There is no account for {normalise_email(email)}.")
        if not user.is_active:
            raise click.ClickException(f"The account {user.email} is deactivated.")
        if not guard.allows(user.role, guard.required("bundles.upload", "POST")):
            raise click.ClickException(
                f"Importing a bundle needs an editor or admin account; {user.email} is a "
                f"{user.role.label.lower()}."
            )
        return user


@click.command("export-bundle")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
def export_bundle_command(path: Path) -> None:
    """Write every row in the database (archived ones too) to PATH as a bundle; - for stdout."""
    with session_scope() as session:
        text = export_bundle(session)
    record(AuditKind.EXPORT, subject=f"bundle {path}", detail={"via": "command line"})
    _write(path, text)
    if str(path) != "-":
        click.echo(f"Exported to {path}.", err=True)


@click.command("bundle-schema")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
def bundle_schema_command(path: Path) -> None:
    """Write the bundle format's JSON Schema to PATH (docs/bundle.schema.json); - for stdout."""
    _write(path, schema_text())


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    if str(path) == "-":
        click.echo(text, nl=False)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")


def register(app: Flask) -> None:
    """Bundle commands (import-bundle, export-bundle, bundle-schema)."""
    for command in (import_bundle_command, export_bundle_command, bundle_schema_command):
        app.cli.add_command(command)
