"""The inbox's pages: the list (filters, 25 a page, newest first), an item, and dismissing one.
Thin: parse -> query or service -> render or redirect. The triage forms that make records are
in campaign.inbox.triage_views."""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import col, select

from campaign import clock
from campaign.accounts.guard import safe_next
from campaign.common.choices import active_choices
from campaign.common.listing import MAX_PAGE
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.inbox import bp, queries, services
from campaign.inbox.forms import DismissForm
from campaign.models import Ask, ItemRecordKind, MonitorSource, User, Watch
from campaign.monitoring.terms import highlight

# Where each kind of record is shown (its area's detail page, by id).
RECORD_PAGES = {
    ItemRecordKind.RESPONSE: "responses.detail",
    ItemRecordKind.MILESTONE: "milestones.detail",
    ItemRecordKind.EVIDENCE: "evidence.detail",
    ItemRecordKind.COMMITMENT: "commitments.detail",
    ItemRecordKind.PERSON_NOTE: "people.detail",
}
RECORD_NOUNS = {
    ItemRecordKind.RESPONSE: "Response",
    ItemRecordKind.MILESTONE: "Milestone",
    ItemRecordKind.EVIDENCE: "Evidence",
    ItemRecordKind.COMMITMENT: "Commitment",
    ItemRecordKind.PERSON_NOTE: "Note on a person",
}
STATUS_CHOICES = [
    ("new", "New"),
    ("dismissed", "Dismissed"),
    ("linked", "Linked"),
    (queries.STATUS_ALL, "All"),
]


def record_url(kind: ItemRecordKind, record_id: int) -> str:
    return url_for(RECORD_PAGES[ItemRecordKind(kind)], ident=record_id)


@bp.app_template_global("inbox_items_for")
def inbox_items_for(kind: str, record_id: int):
    """The inbox items a record came from, for its page (templates/inbox/_from_item.html)."""
    return queries.items_for(get_session(), kind, record_id)


@bp.app_template_global("inbox_highlight")
def inbox_highlight(text: str, terms):
    return highlight(text, terms)


def _page_number() -> int:
    raw = request.args.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_PAGE else 1


def _filter_choices(session):
    return {
        "ask": active_choices(session, Ask, Ask.title, value=Ask.slug),
        "source": MonitorSource.choices(),
        "watch": active_choices(session, Watch, Watch.name, value=Watch.key),
        "status": STATUS_CHOICES,
    }


@bp.get("/")
def index():
    session = get_session()
    error = None
    try:
        filters = queries.parse_filters(session, request.args)
    except queries.FilterError as exc:
        filters, error = None, f"{exc.name.capitalize()}: {exc}."
    page = (
        queries.inbox_page(session, filters, page=_page_number())
        if filters is not None
        else queries.InboxPage([], 1, queries.PER_PAGE, False)
    )
    return render_template(
        "inbox/list.html",
        page=page,
        filters=filters,
        error=error,
        choices=_filter_choices(session),
        args=request.args,
        record_url=record_url,
        record_nouns=RECORD_NOUNS,
    )


def load(session, ident: int):
    item = queries.get_item(session, ident)
    if item is None:
        abort(404)
    return item


def _detail(session, item, *, dismiss_form=None, status: int = 200):
    view = queries.item_view(session, item)
    raw = json.dumps(item.raw, indent=2, ensure_ascii=False, sort_keys=True, default=str)
    creators = {record.created_by_id for record in view.records} - {None}
    users = (
        dict(session.exec(select(User.id, User.name).where(col(User.id).in_(creators))).all())
        if creators
        else {}
    )
    return render_template(
        "inbox/detail.html",
        view=view,
        item=item,
        raw=raw,
        dismiss_form=dismiss_form or DismissForm(formdata=None),
        record_url=record_url,
        record_nouns=RECORD_NOUNS,
        users=users,
        duplicate=item.duplicate_of_id and queries.get_item(session, item.duplicate_of_id),
    ), status


@bp.get("/<int:ident>")
def detail(ident: int):
    session = get_session()
    return _detail(session, load(session, ident))


@bp.post("/<int:ident>/dismiss")
def dismiss(ident: int):
    session = get_session()
    item = load(session, ident)
    form = DismissForm()
    if form.validate_on_submit():
        try:
            services.dismiss(
                item,
                session=session,
                reason=form.reason.data or "",
                user_id=current_user.id,
                now=clock.now(),
            )
        except ServiceError as error:
            error.attach(form)
        else:
            flash(f"Dismissed “{item.title}”.", "success")
            return redirect(
                safe_next(request.form.get("next")) or url_for("inbox.detail", ident=ident)
            )
    return _detail(session, item, dismiss_form=form, status=422)
