"""`flask pack`: make a briefing pack from the command line, kept like one made on the web."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from campaign import clock
from campaign.audit import record
from campaign.common.text import click_single_line
from campaign.db import session_scope
from campaign.models import AuditKind, PackClassification, PackFormat, PackSection, PackStatus
from campaign.packs import claim_checks, services
from campaign.packs.options import ALL_SECTIONS, PackOptions
from campaign.packs.parts import PackError

OPTION_FOR_FIELD = {
    "asks": "--ask",
    "audience": "--audience",
    "audience_organisation": "--audience",
    "title": "--title",
    "claims_override": "--override-claims",
    "people": "--person",
}


def _format_for(output: Path, given: str | None) -> PackFormat:
    if given:
        return PackFormat(given)
    suffix = output.suffix.lower().lstrip(".")
    return PackFormat(suffix) if suffix in {f.value for f in PackFormat} else PackFormat.PDF


@click.command("pack")
@with_appcontext
@click.option(
    "--ask",
    "asks",
    multiple=True,
    required=True,
    metavar="SLUG",
    help="An ask to include, by slug; repeat for more, in the order the pack presents them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in PackFormat]),
    help="pdf, docx or html. Default: from FILE's extension, else pdf.",
)
@click.option(
    "--audience",
    required=True,
    callback=click_single_line,
    help="Who the pack is for. An organisation's exact name or key links the pack to it "
    "(its upcoming milestones are included).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the file.",
)
@click.option(
    "--title",
    callback=click_single_line,
    help="The pack's heading. Default: “Briefing for AUDIENCE”.",
)
@click.option(
    "--classification",
    type=click.Choice([c.value for c in PackClassification]),
    default=PackClassification.EXTERNAL.value,
    show_default=True,
    help="external: public material only; internal: everything, marked INTERNAL.",
)
@click.option("--meeting-date", type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD.")
@click.option(
    "--section",
    "sections",
    multiple=True,
    type=click.Choice([s.value for s in PackSection]),
    help="A section to include; repeat for more. Default: all of them.",
)
@click.option("--next-steps", default="", help="Markdown, under “Contacts and next steps”.")
@click.option(
    "--by",
    "made_by",
    default=lambda: os.environ.get("USER", ""),
    show_default="$USER",
    callback=click_single_line,
    help="Who prepared the pack.",
)
@click.option(
    "--override-claims",
    "override_claims",
    metavar="REASON",
    help="Make the pack although a figure in it has an inconsistent claim, for this reason "
    "(kept with the pack). Without it such a pack is refused.",
)
@click.option(
    "--person",
    "people",
    multiple=True,
    metavar="KEY",
    help="Who's who (internal packs only): a person attending, by key; repeat for more.",
)
@click.option(
    "--include-restricted",
    is_flag=True,
    help="Put restricted evidence (case studies) into an internal pack. Without it they are "
    "left out and counted.",
)
def pack_command(
    asks,
    fmt,
    audience,
    output,
    title,
    classification,
    meeting_date,
    sections,
    next_steps,
    made_by,
    override_claims,
    people,
    include_restricted,
) -> None:
    """Generate a briefing pack, write it to FILE and keep it (it is listed at /packs/).

    Example: flask pack --ask ofcom-strengthen-illegal-harms-codes --audience Ofcom
    --meeting-date 2026-12-03 -o briefing.pdf
    """
    audience = audience.strip()
    chosen_sections = tuple(PackSection(s) for s in sections) if sections else ALL_SECTIONS
    with session_scope() as session:
        organisation = _organisation(session, audience)
        if organisation:
            audience = organisation[1]
        options = PackOptions(
            title=(title or f"Briefing for {audience}").strip(),
            ask_slugs=tuple(asks),
            format=_format_for(output, fmt),
            sections=chosen_sections,
            classification=PackClassification(classification),
            audience=audience,
            audience_organisation_key=organisation[0] if organisation else None,
            meeting_date=meeting_date.date() if meeting_date else None,
            next_steps=next_steps,
            made_by=made_by,
            include_restricted=include_restricted,
            people=tuple(people),
            extra={claim_checks.OVERRIDE: override_claims} if override_claims else {},
        )
        try:
            _options, content = services.preview(session=session, options=options)
            pack = services.request_pack(
                session=session,
                options=options,
                max_age_days=int(current_app.config["STATISTIC_MAX_AGE_DAYS"]),
            )
            pack_id, override = pack.id, claim_checks.override_note(pack)
        except claim_checks.ClaimsBlocked as error:
            _refuse(error.results)
        except PackError as error:
            raise click.BadParameter(
                error.message, param_hint=f"'{OPTION_FOR_FIELD.get(error.field, error.field)}'"
            ) from None
    record(
        AuditKind.PACK_GENERATED,
        subject=f"pack {pack_id}",
        detail=_audit_detail(options) | {"via": "command line"},
    )
    # As the web preview says: what to check, and what an external pack left out.
    for warning in content.warnings:
        click.echo(f"Warning: {warning}", err=True)
    kind_of_pack = "external " if options.is_external else ""
    for kind, count in sorted(content.withheld.items()):
        click.echo(f"Left out of this {kind_of_pack}pack: {count} {kind}", err=True)
    if override:
        click.echo(f"Warning: {override}", err=True)
    with session_scope() as session:
        pack = services.generate(
            session=session,
            pack_id=pack_id,
            now=clock.now(),
            heartbeat_seconds=float(current_app.config["PACK_HEARTBEAT_SECONDS"]),
        )
        if pack.status is not PackStatus.DONE:
            click.echo(f"Pack {pack.id} failed: {pack.error}", err=True)
            click.echo("No file was written; the failure is kept on the pack's record.", err=True)
            raise click.exceptions.Exit(1)
        output.write_bytes(pack.content)
    click.echo(f"Pack {pack.id}: {output}")
    click.echo(f"Size: {pack.size:,} bytes ({services.human_size(pack.size)})")
    click.echo(f"SHA-256: {pack.sha256}")


def _audit_detail(options: PackOptions) -> dict:
    return {
        "title": options.title,
        "format": options.format.value,
        "classification": options.classification.value,
        "restricted": options.include_restricted,
    }


def _refuse(results) -> None:
    """Name the inconsistent claims that block the pack, and stop with exit code 2."""
    n = len(results)
    click.echo(
        f"Error: {n} figure{'s' if n != 1 else ''} in this pack ha{'ve' if n != 1 else 's'} "
        "an inconsistent claim:",
        err=True,
    )
    for r in results:
        click.echo(f"  {r.key}: “{r.facts.claim}”. {r.check.reason}", err=True)
        if r.check.honest_wording:
            click.echo(f"    Honest wording: {r.check.honest_wording}", err=True)
    click.echo(
        "Correct the claims, or give --override-claims REASON to make the pack anyway "
        "(the reason is kept with it). Nothing was written or kept.",
        err=True,
    )
    raise click.exceptions.Exit(2)


def _organisation(session, audience: str) -> tuple[str, str] | None:
    """(key, name) of the active organisation named exactly (by name or key, any case)."""
    wanted = audience.casefold()
    for key, name in services.organisation_choices(session):
        if wanted in (key.casefold(), name.casefold()):
            return key, name
    return None


def register(app: Flask) -> None:
    """The `pack` command."""
    app.cli.add_command(pack_command)
