"""`flask --app campaign calendar-token [--regenerate]`: print the calendar feed's URL."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from campaign.calendar import tokens
from campaign.calendar.services import FeedSettings
from campaign.db import session_scope


@click.command("calendar-token")
@with_appcontext
@click.option(
    "--regenerate",
    is_flag=True,
    help="Replace the token first: every calendar subscribed with the old URL stops updating.",
)
def calendar_token_command(regenerate: bool) -> None:
    """Print the URL to subscribe to the milestone calendar (made on first use)."""
    with session_scope() as session:
        token = tokens.regenerate_token(session) if regenerate else tokens.ensure_token(session)
    if regenerate:
        click.echo("New token: the old calendar URL no longer works.", err=True)
    click.echo(FeedSettings.from_config(current_app.config).feed_url(token))


def register(app: Flask) -> None:
    app.cli.add_command(calendar_token_command)
