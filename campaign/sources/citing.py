"""What statistics and evidence share on their pages: each cites a source, and each can be
created from an ask's page (`/statistics/new?link_ask_id=7`), which links the new row to that
ask and goes back to it.

The shared fields are in `citing_forms`, the shared rules (an active source, linking to an
ask) in `citing_services`; this module holds the view hooks both areas' `EntityViews` use.
It lives in the sources area because both areas already depend on it.
"""

from __future__ import annotations

from flask import flash, url_for
from sqlmodel import Session

from campaign.db import get_session
from campaign.models import Ask


def prepare_form(session: Session, form, obj) -> None:
    """The source (kept even if archived when it is the current one); "Link to ask" only on
    new rows."""
    form.source_id.prepare(session, current=obj.source_id if obj is not None else None)
    if obj is None:
        form.link_ask_id.prepare(session)
    else:
        del form.link_ask_id


def ask_url(ask: Ask) -> str:
    return url_for("asks.detail", ident=ask.slug)


def after_save(singular: str):
    """EntityViews' after_save for statistics and evidence: warn when the row has no source;
    after creating a row linked to an ask, go back to that ask."""

    def after(obj, data, created: bool) -> str | None:
        if obj.source_id is None:
            flash(
                f"{singular.capitalize()} “{obj}” has no source: add one before it is used "
                "in public.",
                "warning",
            )
        ask_id = data.get("link_ask_id") if created else None
        if ask_id is None:
            return None
        ask = get_session().get(Ask, ask_id)
        flash(f"Linked to ask “{ask.title}”.", "success")
        return ask_url(ask)

    return after
