"""Actions on the milestone page: mark done, undo done, move the date. POST forms with CSRF;
post/redirect/get; a refused form is shown again on the milestone page with 422.

    POST /milestones/<id>/done      note, url
    POST /milestones/<id>/undone
    POST /milestones/<id>/move      date ('2026-07-08', '2026-07', '2027'), note

Each sends `milestone_changed`, so the reminder engine re-syncs the milestone's reminders.
"""

from __future__ import annotations

from flask import flash, redirect, render_template

from campaign import signals
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.milestones import bp, services
from campaign.milestones.forms import DoneForm, MoveForm
from campaign.milestones.views import detail_context, views
from campaign.models import Milestone
from campaign.rendering import format_date


def _changed(milestone: Milestone):
    signals.milestone_changed.send(Milestone, id=milestone.id)
    return redirect(views.url("detail", milestone))


def _refused(session, milestone: Milestone, **forms):
    context = detail_context(session, milestone, **forms)
    return render_template(views.detail_template, obj=milestone, views=views, **context), 422


@bp.post("/<int:ident>/done")
def done(ident: int):
    session = get_session()
    milestone = views.load(session, ident)
    form = DoneForm(prefix="done")
    if not form.validate_on_submit():
        return _refused(session, milestone, done_form=form)
    services.mark_done(milestone, session=session, note=form.note.data, url=form.url.data)
    flash(f"Marked “{milestone.title}” done.", "success")
    return _changed(milestone)


@bp.post("/<int:ident>/undone")
def undone(ident: int):
    session = get_session()
    milestone = views.load(session, ident)
    services.undo_done(milestone, session=session)
    flash(f"“{milestone.title}” is no longer marked done.", "success")
    return _changed(milestone)


@bp.post("/<int:ident>/move")
def move(ident: int):
    session = get_session()
    milestone = views.load(session, ident)
    form = MoveForm(prefix="move")
    if form.validate_on_submit():
        try:
            moved = services.move_milestone(
                milestone, session=session, date_text=form.date.data, note=form.note.data
            )
        except ServiceError as error:
            error.attach(form)
        else:
            new = format_date(moved.new_date, moved.new_precision)
            flash(f"Moved “{milestone.title}” to {new}.", "success")
            return _changed(milestone)
    return _refused(session, milestone, move_form=form)
