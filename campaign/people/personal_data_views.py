"""A person's personal data on the people blueprint: "Export their data" (editors and admins:
POST, so the guard's "editor writes" rule decides), "Erase this person" (admins only: a
confirmation page, then POST), and the retention review list. docs/people.md, "Personal data".

An erased person's record stays erased: its edit, restore and revert pages send back to
the tombstone's page (and `personal_data` refuses the change at any other door)."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from campaign.audit import record
from campaign.clock import today
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import AuditKind, Person, UserRole
from campaign.people import bp, personal_data, retention
from campaign.people.personal_data_cli import register as register_cli

# The person's pages that change the record: closed once it is erased.
CHANGING = frozenset({"people.edit", "people.restore", "people.archive", "people.restore_version"})


@bp.record_once
def _setup(state) -> None:
    personal_data.init_app(state.app)
    register_cli(state.app)


@bp.before_request
def _keep_tombstones_erased():
    if request.endpoint not in CHANGING or not request.view_args:
        return None
    person = get_session().get(Person, request.view_args.get("ident"))
    if person is None or person.erased_at is None:
        return None
    flash("This person has been erased: their record cannot be changed.", "error")
    return redirect(url_for("people.detail", ident=person.id))


def _person(ident: int) -> Person:
    person = get_session().get(Person, ident)
    if person is None:
        abort(404)
    return person


def _admin_only() -> None:
    # The guard lets editors through to POST (its default rule); erasure is for admins.
    if current_user.role != UserRole.ADMIN:
        abort(403, description="This needs the admin role.")


@bp.post("/<int:ident>/export")
def export_data(ident: int):
    person = _person(ident)
    data = personal_data.export_person(get_session(), person=person)
    record(AuditKind.PERSON_EXPORTED, subject=personal_data.subject_of(person))
    body = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    response = Response(body, mimetype="application/json")
    filename = f"{today().isoformat()}-personal-data-{person.key}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:ident>/erase", methods=["GET", "POST"])
def erase(ident: int):
    _admin_only()
    session = get_session()
    person = _person(ident)
    if person.erased_at is not None:
        flash("This person has already been erased.", "error")
        return redirect(url_for("people.detail", ident=person.id))
    if request.method == "POST":
        try:
            detail = personal_data.erase_person(session, person=person)
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(url_for("people.detail", ident=person.id))
        record(AuditKind.PERSON_ERASED, subject=personal_data.subject_of(person), detail=detail)
        flash("Erased: every personal detail of this person has been removed.", "success")
        return redirect(url_for("people.detail", ident=person.id))
    plan = personal_data.erasure_plan(session, person=person)
    return render_template("people/erase.html", person=person, plan=plan, detail_url=_detail_url)


def _detail_url(area: str, row) -> str | None:
    """The page of an interaction or commitment, once its area has pages."""
    endpoint = f"{area}.detail"
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, ident=row.id)


@bp.get("/retention")
def retention_review():
    years = request.args.get("years", type=int) or retention.DEFAULT_YEARS
    years = max(1, min(years, 50))
    rows = retention.due_for_review(get_session(), today=today(), years=years)
    return render_template("people/retention.html", rows=rows, years=years)
