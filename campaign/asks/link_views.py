"""Linking from the ask page: link an existing statistic, piece of evidence or milestone, edit
a link's note, reorder, unlink. POST forms with CSRF; post/redirect/get; no JavaScript.

    POST /asks/<slug>/<kind>                        link (item_id, note)
    POST /asks/<slug>/<kind>/<item_id>/note         replace the link's note
    POST /asks/<slug>/<kind>/<item_id>/move         direction=up|down (statistics, evidence)
    POST /asks/<slug>/<kind>/<item_id>/unlink       remove the link, not the item

where <kind> is statistics, evidence or milestones. An item id that does not exist, or names
restricted evidence the user may not see, answers 404 on all four (`campaign.asks.links`).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request

from campaign.asks import bp
from campaign.asks.forms import LinkForm, NoteForm
from campaign.asks.links import KINDS, link_item, move_link, set_link_note, unlink_item
from campaign.asks.views import SEARCH_ARGS, ask_page_context, views
from campaign.common.services import ServiceError
from campaign.db import get_session

KIND = "<any(statistics, evidence, milestones):kind>"
RANKED = "<any(statistics, evidence):kind>"


def _back(ask, kind: str):
    """Back to the ask page with this kind's section open (it is collapsed by default)."""
    return redirect(views.url("detail", ask, open=kind, _anchor=kind))


@bp.post(f"/<ident>/{KIND}")
def link(ident: str, kind: str):
    session = get_session()
    ask = views.load(session, ident)
    link_kind = KINDS[kind]
    form = LinkForm(prefix=kind)
    if form.validate_on_submit():
        try:
            item = link_item(
                session=session,
                ask=ask,
                kind=link_kind,
                item_id=form.item_id.data,
                note=form.note.data or "",
            )
        except ServiceError as error:
            error.attach(form)
        else:
            flash(f"Linked {link_kind.noun} “{item}”.", "success")
            return _back(ask, kind)
    # Refused: show the ask page again with the errors beside the fields (422: nothing saved).
    search = request.form.get(SEARCH_ARGS[kind], "")
    context = ask_page_context(session, ask, forms={kind: form}, searches={kind: search})
    return render_template(views.detail_template, obj=ask, views=views, **context), 422


@bp.post(f"/<ident>/{KIND}/<int:item_id>/note")
def link_note(ident: str, kind: str, item_id: int):
    session = get_session()
    ask = views.load(session, ident)
    form = NoteForm()
    if not form.validate_on_submit():
        flash(" ".join(form.note.errors) or "The note could not be saved.", "error")
        return _back(ask, kind)
    try:
        name = set_link_note(
            session=session, ask=ask, kind=KINDS[kind], item_id=item_id, note=form.note.data
        )
    except ServiceError as error:
        flash(error.message, "warning")
    else:
        flash(f"Saved the note on “{name}”.", "success")
    return _back(ask, kind)


@bp.post(f"/<ident>/{RANKED}/<int:item_id>/move")
def move(ident: str, kind: str, item_id: int):
    session = get_session()
    ask = views.load(session, ident)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""), 0)
    try:
        move_link(session=session, ask=ask, kind=KINDS[kind], item_id=item_id, offset=offset)
    except ServiceError as error:
        flash(error.message, "warning")
    return _back(ask, kind)


@bp.post(f"/<ident>/{KIND}/<int:item_id>/unlink")
def unlink(ident: str, kind: str, item_id: int):
    session = get_session()
    ask = views.load(session, ident)
    link_kind = KINDS[kind]
    try:
        name = unlink_item(session=session, ask=ask, kind=link_kind, item_id=item_id)
    except ServiceError as error:
        flash(error.message, "warning")
    else:
        flash(
            f"Unlinked {link_kind.noun} “{name}” (the {link_kind.noun} itself is kept).", "success"
        )
    return _back(ask, kind)
