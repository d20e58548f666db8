"""`flask --app campaign demo-data --scale N [--seed S]`: add a synthetic portfolio."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import with_appcontext

from campaign import clock
from campaign.db import get_engine, session_scope
from campaign.demo.generate import DEFAULT_SEED, generate_demo_data


@click.command("demo-data")
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Size relative to a large real portfolio (1 = 50 asks, 5,000 statistics); 0.1 is small.",
)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@with_appcontext
def demo_data(scale: float, seed: int) -> None:
    """Add a synthetic campaign portfolio with keys starting `demo-<batch>-`.

    Each run adds a new numbered batch beside existing data (the seed campaign, earlier
    batches); it never changes existing rows. Same seed and day on a fresh database: same data.
    """
    started = time.perf_counter()
    with session_scope() as session:
        batch, inserted = generate_demo_data(
            session=session, scale=scale, seed=seed, today=clock.today(), now=clock.now()
        )
    analyze()
    elapsed = time.perf_counter() - started
    click.echo(f"Demo batch {batch} (keys demo-{batch}-…), scale {scale:g}, seed {seed}:")
    width = max(len(name) for name in inserted)
    for name, count in inserted.items():
        click.echo(f"  {name:<{width}}  {count:>7,}")
    click.echo(f"{sum(inserted.values()):,} rows in {elapsed:.2f} s.")


def analyze() -> None:
    """After a bulk load, refresh PostgreSQL's planner statistics now, as autovacuum would
    within a minute or so: until then the planner guesses the new rows' numbers and may scan
    where an index would serve (docs/benchmarks.md). SQLite's planner needs none here."""
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")


def register(app: Flask) -> None:
    app.cli.add_command(demo_data)
