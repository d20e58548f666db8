"""The History page and "Restore this version" for every revisioned area, added to each
area's blueprint by `EntityViews.register` (endpoints `<area>.history` and
`<area>.restore_version`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, redirect, render_template, request

from campaign.accounts.access import can_see_restricted
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import Evidence, Sensitivity
from campaign.revisions import history as histories

RECENT = 5  # revisions shown on an item's own page


def withheld(obj, revisions) -> bool:
    """Whether this user may not read the item's history: evidence that is, or ever was,
    restricted needs clearance (an old version holds the restricted text)."""
    if not isinstance(obj, Evidence) or can_see_restricted():
        return False
    if obj.sensitivity == Sensitivity.RESTRICTED:
        return True
    return any(r.snapshot.get("sensitivity") == Sensitivity.RESTRICTED.value for r in revisions)


def readable_revisions(session, obj) -> list:
    """The item's revisions, newest first, or 403 when `withheld` (pages and the API)."""
    revisions = histories.revisions_of(session, obj)
    if withheld(obj, revisions):
        abort(403, description="This item's history holds restricted evidence.")
    return revisions


if TYPE_CHECKING:  # the pages register these routes: no import back
    from campaign.crud.views import EntityViews


def recent_context(session, views: EntityViews, obj) -> dict:
    """What an item's page needs for its "History" box."""
    revisions = histories.revisions_of(session, obj)
    if withheld(obj, revisions):
        return {"recent_revisions": None, "revision_count": len(revisions)}
    labeller = histories.Labeller(session, views.entity, obj)
    return {
        "recent_revisions": [histories.describe(labeller, r) for r in revisions[:RECENT]],
        "revision_count": len(revisions),
    }


def register(views: EntityViews) -> None:
    bp = views.blueprint

    def history_page(ident):
        session = get_session()
        obj = views.load(session, ident)
        revisions = readable_revisions(session, obj)
        labeller = histories.Labeller(session, views.entity, obj)
        return render_template(
            "revisions/history.html",
            views=views,
            obj=obj,
            revisions=[histories.describe(labeller, r) for r in revisions],
        )

    def restore_version(ident, version: int):
        session = get_session()
        obj = views.load(session, ident)
        revision = next((r for r in readable_revisions(session, obj) if r.version == version), None)
        if revision is None:
            abort(404)
        # The page showed the item at some version; if it has moved on since, say so rather
        # than restoring over a change the user has not seen.
        seen = request.form.get("current_version", type=int)
        if seen is not None and seen != obj.version:
            flash(
                f"This {views.singular} was changed while you were reading its history "
                f"(now version {obj.version}). Check the latest change, then restore again.",
                "error",
            )
            return redirect(views.url("history", obj)), 303
        try:
            histories.restore_version(session, views.entity, obj, revision)
        except ServiceError as error:
            session.rollback()
            flash(error.message, "error")
            return redirect(views.url("history", obj)), 303
        views._announce(obj)
        flash(
            f"Restored version {version} of {views.singular} “{views.title_of(obj)}”: "
            "the restore is itself a new version in the history.",
            "success",
        )
        return redirect(views.url("detail", obj))

    bp.add_url_rule(f"/{views.rule}/history", "history", history_page)
    bp.add_url_rule(
        f"/{views.rule}/history/<int:version>/restore",
        "restore_version",
        restore_version,
        methods=["POST"],
    )
