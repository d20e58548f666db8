"""`flask import-returns PATH --source ID [--dry-run] [--by NAME]`."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlmodel import Session, select

from campaign.audit import record
from campaign.common.text import click_single_line
from campaign.db import session_scope
from campaign.models import AuditKind, Source
from campaign.rendering import format_range
from campaign.returns.errors import ReturnsInvalid
from campaign.returns.importer import ImportPreview, apply_import, preview_import

VERBS = {"create": "created", "update": "updated", "archive": "archived"}


def _default_user() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:  # no user name in this environment (a container)
        return ""


def _source(session: Session, ident: str) -> Source | None:
    """The source with key `ident`, else with the numeric id `ident`."""
    source = session.exec(select(Source).where(Source.key == ident)).first()
    if source is None and ident.isdigit():
        source = session.get(Source, int(ident))
    return source


def _report(path: Path, source_key: str, preview: ImportPreview) -> list[str]:
    """What the import does (or would do): rows, periods, and each statistic it writes."""
    lines = [f"{path} for source {source_key}: {preview.summary()}."]
    for period in preview.periods:
        lines.append(
            f"  {period.label}: {len(period.usable)} of {period.asked} forces with usable data"
        )
    for change in preview.statistics:
        if change.action in VERBS:
            was = ""
            if change.action == "update" and change.value_changed:
                old = format_range(change.old_value, change.old_value_max, change.unit)
                was = f" (was {old})"
            lines.append(
                f"  {VERBS[change.action]} {change.key}: "
                f"{format_range(change.value, change.value_max, change.unit)}{was}"
            )
    return lines


@click.command("import-returns")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--source",
    "source_ident",
    required=True,
    metavar="ID",
    help="The source the returns answer: its key (or numeric id).",
)
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change.")
@click.option(
    "--by",
    "imported_by",
    default=_default_user,
    show_default="$USER",
    callback=click_single_line,
    help="Who is importing (kept with the import).",
)
def import_returns_command(path: Path, source_ident: str, dry_run: bool, imported_by: str) -> None:
    """Import the FOI returns file at PATH (.csv or .xlsx) for a source: all of it, or
    nothing if it has any error."""
    data = path.read_bytes()
    try:
        with session_scope() as session:
            source = _source(session, source_ident)
            if source is None:
                click.echo(f'{path}: no source with the key or id "{source_ident}".', err=True)
                raise click.exceptions.Exit(1)
            if dry_run:
                preview = preview_import(
                    session=session, source=source, filename=path.name, data=data
                )
                if preview.errors:
                    raise ReturnsInvalid(preview.errors)
                click.echo("\n".join(_report(path, source.key, preview)))
                click.echo("Dry run: nothing was written.")
                session.rollback()
                return
            source_key = source.key
            result = apply_import(
                session=session,
                source=source,
                filename=path.name,
                data=data,
                imported_by=imported_by,
            )
            lines = _report(path, source_key, result.preview)
    except ReturnsInvalid as invalid:
        for problem in invalid.errors:
            click.echo(f"{path}: {problem}", err=True)
        count = len(invalid.errors)
        click.echo(
            f"{path}: {count} error{'s' if count != 1 else ''}; nothing was imported.", err=True
        )
        raise click.exceptions.Exit(1) from None
    record(
        AuditKind.RETURNS_IMPORT,
        subject=f"source {source_key}",
        detail={"file": path.name, "by": imported_by, "via": "command line"},
    )
    click.echo("\n".join(lines))
    if result.return_import is None:
        click.echo("Nothing changed: every row was already imported.")
    else:
        click.echo(f"Imported {path}.")


def register(app: Flask) -> None:
    app.cli.add_command(import_returns_command)
