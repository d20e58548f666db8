"""`flask check-claims`: every claim's stored verdict (campaign/claims/stored.py), as a
plain-text table; the exit code says whether any is inconsistent (for CI and scheduled checks).
`--recompute` first rebuilds every stored verdict and says how many changed."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from campaign import clock
from campaign.claims import ClaimResult, Verdict, checking, listing, stored
from campaign.db import session_scope

COLUMNS = ("VERDICT", "STATISTIC", "CLAIM", "VALUE", "FLAGS", "REASON")
WIDEST = {"STATISTIC": 48, "CLAIM": 36}  # wider cells overflow their column rather than wrap


@click.command("check-claims")
@with_appcontext
@click.option("--ask", "slug", metavar="SLUG", help="Only the statistics linked to this ask.")
@click.option(
    "--strict",
    is_flag=True,
    help="Also exit 1 when any claim has a flag (out of date, no source, mismatched inputs …).",
)
@click.option(
    "--recompute",
    is_flag=True,
    help="First rebuild every stored verdict (after upgrading the checker); says how many changed.",
)
def check_claims_command(slug: str | None, strict: bool, recompute: bool) -> None:
    """Check every statistic's claim against its (computed) value and print the results.

    Exit status: 0 when no claim is inconsistent (with --strict: and none is flagged), 1 when
    one is, 2 for bad input (an unknown ask).
    """
    if recompute:
        with session_scope() as session:
            changed = stored.store_verdicts(session=session)
        plural = "" if changed == 1 else "s"
        click.echo(f"Stored verdicts recomputed: {changed} statistic{plural} changed.")
    with session_scope() as session:
        ask = None
        if slug:
            ask = checking.find_ask(session, slug.strip())
            if ask is None:
                raise click.BadParameter(f"No ask with the slug “{slug}”.", param_hint="'--ask'")
        claims = listing.ClaimFilter(
            today=clock.today(),
            max_age_days=int(current_app.config["STATISTIC_MAX_AGE_DAYS"]),
            ask=ask,
        )
        results = [item.result for item in listing.listed(session=session, claims=claims)]
    for line in table(results):
        click.echo(line)
    summary = checking.summarise(results)
    counts = ", ".join(f"{n} {verdict.value}" for verdict, n in summary.counts.items())
    scope = f" for {ask.slug}" if ask else ""
    plural = "" if summary.total == 1 else "s"
    flagged = f"{summary.flagged} flagged"
    click.echo(f"{summary.total} claim{plural} checked{scope}: {counts}; {flagged}.")
    failing = summary.counts[Verdict.INCONSISTENT] or (strict and summary.flagged)
    if failing:
        raise click.exceptions.Exit(1)


def table(results: list[ClaimResult]) -> list[str]:
    """A header and one row per result, each flag's message on an indented line below."""
    rows = [_row(r) for r in results]
    widths = {
        name: min(max([len(name), *(len(row[name]) for row in rows)]), WIDEST.get(name, 99))
        for name in COLUMNS[:-1]
    }
    lines = [_line(dict(zip(COLUMNS, COLUMNS, strict=True)), widths)]
    for result, row in zip(results, rows, strict=True):
        lines.append(_line(row, widths))
        lines.extend(f"    {f.kind.label}: {f.message}" for f in result.flags)
    return lines


def _row(result: ClaimResult) -> dict[str, str]:
    check = result.check
    reason = check.reason
    if result.is_inconsistent and check.honest_wording:
        reason += f" Honest wording: {check.honest_wording}"
    return {
        "VERDICT": result.verdict.value,
        "STATISTIC": result.key,
        "CLAIM": f"“{result.facts.claim}”" if result.facts.claim else "-",
        "VALUE": checking.value_display(result) or "-",
        "FLAGS": ",".join(f.kind.value for f in result.flags) or "-",
        "REASON": reason,
    }


def _line(row: dict[str, str], widths: dict[str, int]) -> str:
    cells = [row[name].ljust(widths[name]) for name in COLUMNS[:-1]]
    return "  ".join([*cells, row[COLUMNS[-1]]]).rstrip()


def register(app: Flask) -> None:
    """The `check-claims` command."""
    app.cli.add_command(check_claims_command)
