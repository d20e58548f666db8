"""The watch as a record (campaign.entities): the API (`/api/v1/watches`), revision history,
the role walk and the leak crawl derive from it; its bundle section `watches` is written by
hand (campaign.bundles.watches): its rows name an ask, a person, an organisation and a user."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from sqlalchemy import String, cast
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from campaign.common.forms import choices
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, BundleSpec, Entity
from campaign.entities.params import Param, enum_param, keyed, reference_param
from campaign.entities.public import Json, api_url, tracking, value
from campaign.interactions.services import user_choices
from campaign.models import Ask, Organisation, Person, User, Watch
from campaign.models.enums import AlertLevel, MonitorSource
from campaign.watches import services
from campaign.watches.forms import WatchForm

# What a page of watches shows of each, one query per relationship.
OPTIONS = [
    selectinload(Watch.ask),  # type: ignore[arg-type]
    selectinload(Watch.person),  # type: ignore[arg-type]
    selectinload(Watch.organisation),  # type: ignore[arg-type]
    selectinload(Watch.owner),  # type: ignore[arg-type]
]
# The sources a new watch on the web starts with ticked: every source but feeds (which need
# their addresses typed).
NO_OWNER = "None: the team address"
DEFAULT_SOURCES = [s.value for s in MonitorSource if s != MonitorSource.FEED]


def with_source(name: str) -> Any:
    """SQL: the watch's `sources` (a JSON list) holds `name`, alike on SQLite and PostgreSQL
    (the list is stored as its JSON text, each name quoted)."""
    return cast(Watch.sources, String).like(f'%"{name}"%')


def public(watch: Watch, **_: Any) -> Json:
    return {
        "key": watch.key,
        "name": watch.name,
        "ask": watch.ask.slug if watch.ask else None,
        "person": watch.person.key if watch.person else None,
        "organisation": watch.organisation.key if watch.organisation else None,
        "terms": watch.terms,
        "sources": list(watch.sources),
        "feeds": list(watch.feeds),
        "alert_level": value(watch.alert_level),
        "owner": watch.owner.email if watch.owner else None,
        **tracking(watch),
        "api_url": api_url("api.watch", key=watch.key),
    }


def _owner_default() -> str | None:
    """The signed-in user's address: a watch made on the web alerts its maker."""
    if getattr(current_user, "is_authenticated", False):
        return current_user.email
    return None


def prepare_form(session: Session, form: WatchForm, obj: Watch | None) -> None:
    form.ask.prepare(session, current=obj.ask.slug if obj and obj.ask else None)
    form.person.prepare(session, current=obj.person.key if obj and obj.person else None)
    form.organisation.prepare(
        session, current=obj.organisation.key if obj and obj.organisation else None
    )
    keep = [obj.owner.email] if obj is not None and obj.owner is not None else []
    form.owner.choices = choices(user_choices(session, keep=keep), blank=NO_OWNER)
    if obj is None and not form.is_submitted():
        if form.owner.data is None:
            form.owner.data = _owner_default()
        if not form.sources.data:
            form.sources.data = list(DEFAULT_SOURCES)


def _ask_param() -> Param:
    return reference_param(
        "ask",
        Ask.slug,
        what="ask with slug",
        apply=lambda query, slug: query.where(
            col(Watch.ask_id).in_(select(Ask.id).where(Ask.slug == slug))
        ),
    )


def _source_param() -> Param:
    allowed = [s.value for s in MonitorSource]

    def check(_session: Session, name: str) -> None:
        if name not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")

    return Param("source", check, lambda query, name: query.where(with_source(name)))


def _owner_param() -> Param:
    return reference_param(
        "owner",
        User.email,
        what="user with e-mail address",
        apply=lambda query, email: query.where(
            col(Watch.owner_id).in_(select(User.id).where(User.email == email))
        ),
    )


ENTITY = Entity(
    name="watch",
    plural="watches",
    model=Watch,
    form=WatchForm,
    create=services.create_watch,
    update=services.update_watch,
    prepare_form=prepare_form,
    api=ApiSpec(
        listing=ListSpec(
            model=Watch,
            sorts={"name": func.lower(Watch.name), "updated": Watch.updated_at},
            default_sort="name",
            search=[Watch.name, Watch.terms],
            options=OPTIONS,
        ),
        public=public,
        params=[
            _ask_param(),
            keyed("person", Watch.person_id, Person, "person with key"),
            keyed("organisation", Watch.organisation_id, Organisation, "organisation with key"),
            _source_param(),
            enum_param("alert_level", Watch.alert_level, AlertLevel),
            _owner_param(),
        ],
    ),
    # Written by hand (campaign.bundles.watches): rows name other rows and a user.
    bundle=BundleSpec("watches", custom=True),
)
