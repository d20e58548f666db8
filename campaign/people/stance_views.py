"""The "Record a stance" page (`/people/stances/new`), reached from a person's page (the person
chosen: `?person=<key>`) and from an ask's stakeholder map (the ask chosen: `?ask=<slug>`).
Viewers may open it; recording needs the editor role (campaign/accounts/guard.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import Session, select

from campaign.clock import today
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import Ask, Person
from campaign.people import bp, stances
from campaign.people.stance_forms import StanceForm

BACK_TO_ASK = "ask"  # the hidden `back` input: return to the ask's stakeholder map


def _prefill(session: Session, form: StanceForm) -> None:
    """`?person=<key>` and `?ask=<slug>` choose the person and the ask; the day is today."""
    key = (request.args.get("person") or "").strip()
    if key:
        form.person_id.data = session.exec(select(Person.id).where(Person.key == key)).first()
    slug = (request.args.get("ask") or "").strip()
    if slug:
        form.ask_id.data = session.exec(select(Ask.id).where(Ask.slug == slug)).first()
    form.assessed_on.data = today()


def _done_url(session: Session, stance, back: str) -> str:
    if back == BACK_TO_ASK:
        ask = session.get(Ask, stance.ask_id)
        if ask is not None:
            return url_for("asks.detail", slug=ask.slug) + "#stakeholders"
    return url_for("people.detail", ident=stance.person_id) + "#stances"


@bp.route("/stances/new", methods=["GET", "POST"])
def record_stance():
    session = get_session()
    form = StanceForm() if request.method == "POST" else StanceForm(formdata=None)
    for name in ("person_id", "ask_id", "interaction_id", "response_id"):
        getattr(form, name).prepare(session)
    back = request.values.get("back", "")
    if request.method == "GET":
        _prefill(session, form)
    elif form.validate_on_submit():
        try:
            stance = stances.record_stance(
                session=session, data=form.data, assessed_by_id=current_user.id
            )
        except ServiceError as error:
            error.attach(form)
        else:
            person = session.get(Person, stance.person_id)
            name = person.name if person is not None else "the person"
            flash(f"Recorded {name}’s stance: {stance.stance.label}.", "success")
            return redirect(_done_url(session, stance, back))
    status = 422 if request.method == "POST" else 200
    return render_template("people/stance_form.html", form=form, back=back), status
