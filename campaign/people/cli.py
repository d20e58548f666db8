"""`flask sync-members [--house commons|lords]`: create and refresh MPs and peers from the UK
Parliament Members API (campaign/people/sync.py; docs/people.md)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from campaign import clock
from campaign.db import session_scope
from campaign.people.members_api import MembersApiError, MembersClient
from campaign.people.sync import SyncReport, sync_members


def run_sync(house: str | None = None) -> SyncReport:
    """One sync in one transaction, with the app's PARLIAMENT_MEMBERS_API_URL (the command
    and the weekly job). Raises MembersApiError, having written nothing, when the API fails."""
    client = MembersClient.from_config(current_app.config)
    with session_scope() as session:
        return sync_members(
            session=session,
            client=client,
            today=clock.today(),
            house=house,  # type: ignore[arg-type]  # "commons" | "lords" | None (click's choice)
        )


@click.command("sync-members")
@click.option(
    "--house",
    type=click.Choice(["commons", "lords"]),
    default=None,
    help="Only this House (default: both).",
)
@with_appcontext
def sync_members_command(house: str | None) -> None:
    """Create and refresh MPs and peers from the UK Parliament Members API
    (PARLIAMENT_MEMBERS_API_URL). Exit status 1, with nothing changed, when the API fails."""
    try:
        report = run_sync(house)
    except MembersApiError as error:
        raise click.ClickException(
            f"The Members API failed, so nothing was changed: {error}"
        ) from error
    for line in report.lines():
        click.echo(line)


def register(app: Flask) -> None:
    app.cli.add_command(sync_members_command)
