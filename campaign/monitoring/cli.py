"""`flask monitor --once [--source NAME]`: check the watched sources now (docs/monitoring.md,
"Checking the sources"). The scheduler process (`flask scheduler`) does the same every
MONITOR_INTERVAL_MINUTES (campaign/monitoring/jobs.py)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from campaign.db import session_scope
from campaign.monitoring import passes
from campaign.monitoring.sources import NAMES


@click.command("monitor")
@click.option("--once", is_flag=True, help="Check the sources now, once.")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(NAMES),
    metavar="NAME",
    help=f"Only this source (may be given more than once): {', '.join(NAMES)}.",
)
@with_appcontext
def monitor_command(once: bool, sources: tuple[str, ...]) -> None:
    """Check the sources the active watches name and store what matches, printing one line per
    source. Exit status 1 if any source could not be checked."""
    if not once:
        minutes = int(current_app.config["MONITOR_INTERVAL_MINUTES"])
        every = f"every {minutes} minutes" if minutes else "never (MONITOR_INTERVAL_MINUTES=0)"
        click.echo(
            "The scheduler process (`flask scheduler`, started by `make run`) checks the sources "
            f"{every}. Use `flask monitor --once [--source NAME]` to check them now.",
            err=True,
        )
        raise SystemExit(2)
    with session_scope() as session:
        report = passes.run(
            session=session, config=current_app.config, sources=list(sources), trigger="cli"
        )
    for line in report.lines():
        click.echo(line)
    if report.failed:
        raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(monitor_command)
