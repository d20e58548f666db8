"""Triage in one step: an item becomes a response, a milestone, an evidence item, a commitment
or a note on a person. Each uses the record's own form and create service (its entity, the
same validation as every other door), prefilled from the item (campaign.inbox.prefill); on
save the record, the item's link to it and its `linked` status are one unit of work, so a
refused form saves nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from campaign import clock
from campaign.commitments.entity import ENTITY as COMMITMENT
from campaign.common.formdata import to_formdata
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.entities import Entity
from campaign.evidence.entity import ENTITY as EVIDENCE
from campaign.inbox import bp, prefill, queries, services
from campaign.inbox.forms import PersonNoteForm
from campaign.inbox.views import load
from campaign.milestones.entity import ENTITY as MILESTONE
from campaign.models import ItemRecordKind, Person, Position
from campaign.people.entity import ENTITY as PERSON
from campaign.responses.entity import ENTITY as RESPONSE


@dataclass(frozen=True)
class Action:
    kind: ItemRecordKind
    entity: Entity
    prefill: Callable[[Any, queries.ItemView], dict[str, Any]]
    fields_template: str
    heading: str  # "Turn into a response"


ACTIONS = {
    "response": Action(
        ItemRecordKind.RESPONSE,
        RESPONSE,
        prefill.response,
        "responses/_fields.html",
        "Turn into a response",
    ),
    "milestone": Action(
        ItemRecordKind.MILESTONE,
        MILESTONE,
        prefill.milestone,
        "crud/_fields.html",
        "Turn into a milestone",
    ),
    "evidence": Action(
        ItemRecordKind.EVIDENCE,
        EVIDENCE,
        prefill.evidence,
        "crud/_fields.html",
        "Turn into evidence",
    ),
    "commitment": Action(
        ItemRecordKind.COMMITMENT,
        COMMITMENT,
        prefill.commitment,
        "commitments/_fields.html",
        "Turn into a commitment",
    ),
}


def _positions_for(form: Any, view: queries.ItemView) -> None:
    """The response form's rows for the asks the item concerns: "No position" chosen, to be
    changed (as when a response is logged from an ask's page), and listed first."""
    concerned = {ask.id for ask in view.asks}
    entries = form.positions.entries
    for entry in entries:
        if entry.form.ask_id.data in concerned:
            entry.form.position.data = Position.NO_POSITION.value
    entries.sort(key=lambda entry: entry.form.ask_id.data not in concerned)


def _triage(ident: int, name: str):
    action = ACTIONS[name]
    entity = action.entity
    session = get_session()
    item = load(session, ident)
    view = queries.item_view(session, item)
    if request.method == "POST":
        form = entity.form()
    else:
        form = entity.form(formdata=None, data=action.prefill(session, view))
    entity.prepare_form(session, form, None)
    if request.method != "POST" and action.kind is ItemRecordKind.RESPONSE:
        _positions_for(form, view)
    if form.validate_on_submit():
        try:
            row = entity.create(session=session, data=form.data)
            services.record(
                item,
                session=session,
                kind=action.kind,
                record_id=services.saved_id(row),
                user_id=current_user.id,
                now=clock.now(),
            )
        except ServiceError as error:
            error.attach(form)
        else:
            entity.announce(row)
            flash(f"Created {entity.noun} “{entity.title_of(row)}” from the inbox.", "success")
            return redirect(url_for(f"{entity.plural}.detail", ident=row.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "inbox/triage.html",
        form=form,
        view=view,
        item=item,
        heading=action.heading,
        fields_template=action.fields_template,
        noun=entity.noun,
    ), status


@bp.route("/<int:ident>/response", methods=["GET", "POST"])
def response(ident: int):
    return _triage(ident, "response")


@bp.route("/<int:ident>/milestone", methods=["GET", "POST"])
def milestone(ident: int):
    return _triage(ident, "milestone")


@bp.route("/<int:ident>/evidence", methods=["GET", "POST"])
def evidence(ident: int):
    return _triage(ident, "evidence")


@bp.route("/<int:ident>/commitment", methods=["GET", "POST"])
def commitment(ident: int):
    return _triage(ident, "commitment")


def _append_note(session, person: Person, note: str) -> None:
    """The note after the person's notes, through the person's own form and update service
    (the same validation as their edit page; revisioned like any edit)."""
    values = PERSON.values_of(person)
    values["notes"] = services.appended(person.notes, note)
    form = PERSON.bound_form(session, person, to_formdata(values))
    if form.errors:
        problems = "; ".join(
            f"{getattr(form, name).label.text}: {' '.join(map(str, errors))}"
            for name, errors in form.errors.items()
        )
        raise ServiceError(f"The person’s record cannot be saved as it is ({problems}).")
    PERSON.update(person, session=session, data=form.data)


@bp.route("/<int:ident>/person-note", methods=["GET", "POST"])
def person_note(ident: int):
    session = get_session()
    item = load(session, ident)
    view = queries.item_view(session, item)
    if request.method == "POST":
        form = PersonNoteForm()
    else:
        form = PersonNoteForm(
            formdata=None, data={"person_id": item.person_id, "note": services.note_line(item)}
        )
    form.person_id.prepare(session)
    if form.validate_on_submit():
        person = session.get(Person, form.person_id.data)
        try:
            if person is None or person.erased_at is not None:
                raise ServiceError("Choose an existing person.", field="person_id")
            _append_note(session, person, form.note.data or "")
            services.record(
                item,
                session=session,
                kind=ItemRecordKind.PERSON_NOTE,
                record_id=services.saved_id(person),
                user_id=current_user.id,
                now=clock.now(),
            )
        except ServiceError as error:
            error.attach(form)
        else:
            PERSON.announce(person)
            flash(f"Added the note to {person.name}’s notes.", "success")
            return redirect(url_for("people.detail", ident=person.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "inbox/triage.html",
        form=form,
        view=view,
        item=item,
        heading="Add a note on a person",
        fields_template="crud/_fields.html",
        noun="note",
    ), status
