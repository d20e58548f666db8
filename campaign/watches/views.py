"""Watches: list (with each watch's noise last week), detail, new, edit, archive (stop
watching), restore and history (EntityViews)."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, render_template, request
from sqlalchemy import false
from sqlmodel import Session, col, func, select

from campaign import clock
from campaign.asks import services as asks
from campaign.common.choosers import filter_choices
from campaign.common.listing import Filter, ListSpec, enum_filter, id_filter, list_page
from campaign.crud import Column, EntityViews
from campaign.db import get_session
from campaign.models import User, Watch
from campaign.models.enums import AlertLevel, MonitorSource
from campaign.monitoring.terms import Terms, TermsError, parse
from campaign.watches import bp, services
from campaign.watches.entity import ENTITY, OPTIONS, with_source
from campaign.watches.services import Noise


def _by_source(query, name: str):
    if name not in {s.value for s in MonitorSource}:
        return query.where(false())
    return query.where(with_source(name))


def _owners(session: Session) -> list[tuple[str, str]]:
    """The users who own a watch, by name: the owner filter's choices."""
    owners = select(User).where(col(User.id).in_(select(Watch.owner_id)))
    users = sorted(session.exec(owners).all(), key=lambda u: (u.display_name.casefold(), u.id))
    return [(str(u.id), u.display_name) for u in users]


def _by_owner(query, value: str):
    if not value.isdigit():
        return query.where(false())
    return query.where(col(Watch.owner_id) == int(value))


def source_labels(watch: Watch) -> list[str]:
    labels = []
    for name in watch.sources:
        try:
            labels.append(MonitorSource(name).label)
        except ValueError:
            labels.append(name)
    return labels


def watched(watch: Watch) -> str:
    """What it watches for, in words: "Ask: …; Person: …; Organisation: …"."""
    parts = [
        f"{what}: {row}"
        for what, row in (
            ("Ask", watch.ask),
            ("Person", watch.person),
            ("Organisation", watch.organisation),
        )
        if row is not None
    ]
    return "; ".join(parts)


def noise_of(watch: Watch) -> Noise:
    """The watch's figures computed for the page (`WatchViews.index`, `_detail_context`)."""
    return g.get("watch_noise", {}).get(watch.id, Noise())


def terms_of(watch: Watch) -> Terms | None:
    try:
        return parse(watch.terms)
    except TermsError:  # saved before a rule changed: shown as typed
        return None


def _detail_context(session: Session, watch: Watch) -> dict[str, Any]:
    g.watch_noise = services.noise(session, [watch.id], now=clock.now())
    return {
        "noise": noise_of(watch),
        "terms": terms_of(watch),
        "source_labels": source_labels(watch),
        "noise_days": services.NOISE_DAYS,
    }


class WatchViews(EntityViews):
    def index(self):
        """The shared list page, with the noise figures of the page's watches computed in
        one grouped query (services.noise), never one per row."""
        session = get_session()
        page = list_page(
            session,
            self.listing,
            args=request.args.to_dict(),
            per_page=current_app.config["PER_PAGE"],
        )
        g.watch_noise = services.noise(session, [w.id for w in page.items], now=clock.now())
        filters = filter_choices(session, self.listing.filters, request.args)
        return render_template(
            self.list_template, views=self, page=page, filters=filters, args=request.args
        )


views = WatchViews(
    blueprint=bp,
    entity=ENTITY,
    fields_template="watches/_fields.html",
    listing=ListSpec(
        model=Watch,
        sorts={"name": func.lower(Watch.name), "updated": Watch.updated_at},
        default_sort="name",
        search=[Watch.name, Watch.terms],
        filters=[
            id_filter("ask", "Ask", Watch.ask_id, chooser=asks.CHOOSER),
            Filter("source", "Source", lambda session: MonitorSource.choices(), _by_source),
            enum_filter("alert_level", "Alert level", Watch.alert_level, AlertLevel),
            Filter("owner", "Owner", _owners, _by_owner),
        ],
        options=OPTIONS,
    ),
    columns=[
        Column("Name", lambda w: w.name, sort="name", link=True),
        Column("Watches for", watched),
        Column("Sources", lambda w: ", ".join(source_labels(w))),
        Column("Alert level", lambda w: w.alert_level.label),
        Column("Items last week", lambda w: noise_of(w).items),
        Column("Dismissed last week", lambda w: noise_of(w).dismissed),
    ],
    detail_template="watches/detail.html",
    detail_context=_detail_context,
)
views.register()
