"""Asks by slug: list, new, the ask page, edit, archive and restore (via EntityViews).

The linking routes on the ask page live in `link_views.py`.
"""

from __future__ import annotations

from flask import current_app, request
from markupsafe import Markup
from sqlalchemy import case, func
from sqlalchemy.orm import selectinload
from sqlmodel import select

from campaign import clock
from campaign.asks import bp
from campaign.asks.entity import ENTITY
from campaign.asks.forms import LinkForm
from campaign.asks.glance import glance
from campaign.asks.links import KINDS
from campaign.asks.page import OPTIONS, load_ask_page
from campaign.charts.images import chart_data_uri
from campaign.claims.checking import results_for_statistics
from campaign.common.choices import by_label
from campaign.common.choosers import row_chooser
from campaign.common.forms import choices
from campaign.common.listing import Filter, ListSpec, enum_filter, linked_filter
from campaign.crud import Column, EntityViews
from campaign.models import Ask, AskStatus, AskTag, AskTarget, Organisation, Priority, Tag
from campaign.people.stakeholder_map import grouping, stakeholder_map
from campaign.rendering import format_date

# The query argument that narrows each link form's options (`?link_q=` for statistics).
SEARCH_ARGS = {"statistics": "link_q", "evidence": "evidence_q", "milestones": "milestone_q"}


@bp.url_defaults
def _slug_means_ident(endpoint: str, values: dict) -> None:
    """Let templates write `url_for('asks.detail', slug=…)` as well as `ident=…`: the ask's
    address segment is its slug either way."""
    if "slug" in values and "ident" not in values:
        values["ident"] = values.pop("slug")


# -- the list ---------------------------------------------------------------------------------
def _rank(enum_cls, column):
    """Sort an enum column in its declared order (high, medium, low), not alphabetically."""
    return case({member.value: i for i, member in enumerate(enum_cls)}, value=column, else_=99)


def _tag_filter(query, value: str):
    tagged = (
        select(AskTag.ask_id)
        .join(Tag, Tag.id == AskTag.tag_id)
        .where(Tag.name == value.strip().lower())
    )
    return query.where(Ask.id.in_(tagged))


# The target filter finds among the organisations that are some ask's target (600
# organisations at demo scale 10): a chooser, never a <select> of them all.
TARGET_CHOOSER = row_chooser(
    "target",
    Organisation,
    Organisation.name,
    lookup="targets",
    where=Organisation.id.in_(select(AskTarget.organisation_id)),
)


def _tag_options(session) -> list[tuple[str, str]]:
    """The tags in use, by name ignoring case (tags are never archived)."""
    names = session.exec(
        select(Tag.name).where(Tag.id.in_(select(AskTag.tag_id))).order_by(*by_label(Tag.name, Tag))
    )
    return [(name, name) for name in names]


def _status_badge(ask: Ask) -> Markup:
    return Markup('<span class="badge badge-{}">{}</span>').format(
        ask.status.value, ask.status.label
    )


LISTING = ListSpec(
    model=Ask,
    sorts={
        "title": func.lower(Ask.title),
        "status": _rank(AskStatus, Ask.status),
        "priority": _rank(Priority, Ask.priority),
        "updated": Ask.updated_at,
    },
    default_sort="title",
    search=[Ask.title, Ask.summary],
    filters=[
        enum_filter("status", "Status", Ask.status, AskStatus),
        enum_filter("priority", "Priority", Ask.priority, Priority),
        linked_filter(
            "target",
            "Target",
            Ask.id,
            AskTarget.ask_id,
            AskTarget.organisation_id,
            chooser=TARGET_CHOOSER,
        ),
        Filter("tag", "Tag", _tag_options, _tag_filter),
    ],
    options=[selectinload(Ask.targets), selectinload(Ask.tags)],
)

COLUMNS = [
    Column("Title", lambda a: a.title, sort="title", link=True),
    Column("Status", _status_badge, sort="status"),
    Column("Priority", lambda a: a.priority.label, sort="priority"),
    Column("Targets", lambda a: ", ".join(o.name for o in a.targets)),
    Column("Updated", lambda a: format_date(a.updated_at), sort="updated"),
]


# -- forms ------------------------------------------------------------------------------------
# -- the ask page -----------------------------------------------------------------------------
def link_form(session, ask: Ask, kind: str, *, form: LinkForm | None = None, search=None):
    """A link form for one kind with its capped, searchable options."""
    link_kind = KINDS[kind]
    if form is None:
        form = LinkForm(prefix=kind, formdata=None)
    options = OPTIONS[kind](session, ask, search or "")
    form.item_id.label.text = link_kind.noun.capitalize()
    form.item_id.choices = choices(options.choices, blank=f"— choose {link_kind.noun} —")
    return form, options


def ask_page_context(session, ask: Ask, *, forms=None, searches=None) -> dict:
    """What templates/asks/detail.html needs. `forms`/`searches` carry a refused link form
    (with its errors and search) back onto the page."""
    forms = forms or {}
    searches = searches or {}
    link_forms = {}
    for kind, arg in SEARCH_ARGS.items():
        search = searches.get(kind, request.args.get(arg, ""))
        link_forms[kind] = link_form(session, ask, kind, form=forms.get(kind), search=search)
    page = load_ask_page(session, ask)
    today = clock.today()
    return {
        "page": page,
        # What a reader needs first (status, positions, headline figures, next milestone,
        # open follow-ups): templates/asks/_glance.html.
        "glance": glance(session, page=page, ask=ask, today=today),
        # A section to show open: `?open=statistics` after a link is moved, unlinked or noted.
        "open_section": request.args.get("open", ""),
        # The claim checks of the linked figures, by statistic id (a fixed number of queries).
        "claims": results_for_statistics(
            session=session,
            statistic_ids=[link.statistic_id for link in page.statistic_links],
            today=today,
            max_age_days=int(current_app.config["STATISTIC_MAX_AGE_DAYS"]),
        ),
        "chart_image": chart_data_uri,
        "link_forms": link_forms,
        "search_args": SEARCH_ARGS,
        # People by their current stance, by organisation or `?map=party` (issue 18).
        "stakeholders": stakeholder_map(
            session, ask, by=grouping(request.args.get("map")), today=today
        ),
    }


views = EntityViews(
    blueprint=bp,
    entity=ENTITY,
    listing=LISTING,
    columns=COLUMNS,
    detail_template="asks/detail.html",
    detail_context=ask_page_context,
    rule="<ident>",
    url_field="slug",
)
views.register()
