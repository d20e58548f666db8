"""`flask export-person KEY`, `flask erase-person KEY --yes` and `flask people-retention`
(docs/people.md, "Personal data"). The console is trusted, as for the other commands; the
audit events name the command as the actor."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlmodel import Session, select

from campaign.audit import record
from campaign.clock import today
from campaign.common.services import ServiceError
from campaign.db import session_scope
from campaign.models import AuditKind, Person
from campaign.people import personal_data, retention


def _person(session: Session, key: str) -> Person:
    person = session.exec(select(Person).where(Person.key == key)).first()
    if person is None:
        raise click.ClickException(f"No person has the key “{key}”.")
    return person


@click.command("export-person")
@with_appcontext
@click.argument("key")
def export_person_command(key: str) -> None:
    """Print, as JSON, everything held about the person with KEY."""
    with session_scope() as session:
        person = _person(session, key)
        data = personal_data.export_person(session, person=person)
        subject = personal_data.subject_of(person)
    record(AuditKind.PERSON_EXPORTED, subject=subject, detail={"via": "command line"})
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.command("erase-person")
@with_appcontext
@click.argument("key")
@click.option("--yes", is_flag=True, help="Confirm: erasure cannot be undone.")
def erase_person_command(key: str, yes: bool) -> None:
    """Erase the person with KEY: blank every personal field, delete their roles, tags and
    revisions, keep the row as "Erased person"."""
    if not yes:
        raise click.ClickException(
            "Erasure cannot be undone: run again with --yes to erase this person."
        )
    try:
        with session_scope() as session:
            person = _person(session, key)
            detail = personal_data.erase_person(session, person=person)
            subject = personal_data.subject_of(person)
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    record(AuditKind.PERSON_ERASED, subject=subject, detail={**detail, "via": "command line"})
    click.echo(f"Erased {subject}: now “{personal_data.ERASED_NAME}” ({detail['new_key']}).")


@click.command("people-retention")
@with_appcontext
@click.option(
    "--years",
    type=click.IntRange(1, 50),
    default=retention.DEFAULT_YEARS,
    show_default=True,
    help="List people with no interaction, stance or commitment for this many years.",
)
def people_retention_command(years: int) -> None:
    """List people due for a retention review, longest untouched first."""
    with session_scope() as session:
        rows = retention.due_for_review(session, today=today(), years=years)
        lines = [
            f"{row.person.key}\t{row.person.name}\t{row.last_activity.isoformat()}\t{row.what}"
            for row in rows
        ]
    if not lines:
        click.echo(f"Nobody is due for review: everyone has activity in the last {years} years.")
        return
    click.echo(f"{len(lines)} due for review (no activity for {years} years):")
    for line in lines:
        click.echo(line)


def register(app: Flask) -> None:
    for command in (export_person_command, erase_person_command, people_retention_command):
        app.cli.add_command(command)
