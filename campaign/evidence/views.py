from datetime import date

from flask import abort, request
from markupsafe import Markup
from sqlalchemy import case
from sqlmodel import func

from campaign.accounts.access import can_see_restricted, visible_evidence
from campaign.audit import record
from campaign.common.listing import ListSpec, enum_filter
from campaign.crud import Column, EntityViews
from campaign.db import get_session
from campaign.evidence import bp
from campaign.evidence.entity import ENTITY
from campaign.models import AuditKind, Evidence, EvidenceKind, Sensitivity
from campaign.models.ordering import casefold
from campaign.rendering import format_date
from campaign.search import text_filter
from campaign.sources import citing, citing_services
from campaign.sources.filters import source_filter

COMPOSITE = "Composite: not a direct quote"


def _not_restricted(column):
    """`column`, or '' for restricted items: search must not reveal what their text says."""
    return case((Evidence.sensitivity == Sensitivity.RESTRICTED, ""), else_=column)


def _badge(item: Evidence) -> Markup:
    return Markup('<span class="badge badge-{}">{}</span>').format(
        item.sensitivity.value, item.sensitivity.label
    )


@bp.before_request
def _restricted_needs_clearance():
    """Without clearance a restricted item does not exist: its page, edit form, history and
    actions answer 404 (found by tests/security/test_restricted_leaks.py)."""
    ident = (request.view_args or {}).get("ident")
    if ident is None or can_see_restricted():
        return
    item = get_session().get(Evidence, ident)
    if item is not None and item.sensitivity == Sensitivity.RESTRICTED:
        abort(404)


def _detail_context(session, item):
    cleared = can_see_restricted()
    if cleared and item.sensitivity == Sensitivity.RESTRICTED:
        record(AuditKind.RESTRICTED_VIEWED, subject=f"evidence {item.key}")
    return {"links": citing_services.ask_links(session, item), "can_see_restricted": cleared}


views = EntityViews(
    after_save=citing.after_save("evidence item"),
    blueprint=bp,
    entity=ENTITY,
    listing=ListSpec(
        model=Evidence,
        scope=visible_evidence,
        sorts={
            "title": casefold(Evidence.title),
            "kind": Evidence.kind,
            # Undated items sort as the oldest on both databases (NULLs order differently).
            "date": func.coalesce(Evidence.evidence_date, date.min),
            "updated": Evidence.updated_at,
        },
        default_sort="title",
        # `?q=` goes through the full-text index (docs/search.md), which leaves restricted
        # items' text and attribution out as `search` does.
        text_search=text_filter("evidence"),
        search=[
            Evidence.title,
            _not_restricted(Evidence.text),
            _not_restricted(Evidence.attribution),
        ],
        filters=[
            enum_filter("kind", "Kind", Evidence.kind, EvidenceKind),
            enum_filter("sensitivity", "Sensitivity", Evidence.sensitivity, Sensitivity),
            source_filter(Evidence),
        ],
    ),
    # Never a text column: restricted text must not appear in lists.
    columns=[
        Column("Title", lambda e: e.title, sort="title", link=True),
        Column("Kind", lambda e: e.kind.label, sort="kind"),
        Column("Sensitivity", _badge),
        Column("Composite", lambda e: COMPOSITE if e.is_composite else ""),
        Column("Date", lambda e: format_date(e.evidence_date), sort="date"),
    ],
    detail_template="evidence/detail.html",
    detail_context=_detail_context,
)
views.register()
