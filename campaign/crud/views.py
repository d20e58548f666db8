"""Routes every entity area shares: list, detail, new, edit, archive, restore.

An area's record is described once (campaign.entities `Entity`: form, services, access rule);
its `EntityViews` adds only what is about pages (list columns and filters, templates, the
detail page's context) and gets thin views that follow post/redirect/get. Business logic stays
in the area's `services.py` (create/update functions);
the request's unit of work is committed by `campaign.db` after a successful response.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select

from campaign.common.archive import archive, get_or_404, restore
from campaign.common.choosers import filter_choices
from campaign.common.formdata import form_values
from campaign.common.listing import ListSpec, list_page
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.entities import Entity
from campaign.revisions import history as histories
from campaign.revisions import views as revision_views


@dataclass
class Column:
    """A list-page column: `value(obj)` is shown; `sort` names a ListSpec sort; `link` makes the
    cell a link to the detail page."""

    label: str
    value: Callable[[Any], Any]
    sort: str | None = None
    link: bool = False


@dataclass
class EntityViews:
    blueprint: Blueprint
    entity: Entity  # the record: its model, form, services, access rule (campaign.entities)
    listing: ListSpec
    columns: Sequence[Column]
    detail_template: str
    detail_context: Callable[[Any, Any], dict] = lambda session, obj: {}
    form_template: str = "crud/form.html"
    fields_template: str = "crud/_fields.html"  # the form's fields, shared with the conflict page
    list_template: str = "crud/list.html"
    # after_save(obj, data, created) runs after a successful save (e.g. to flash a warning)
    # and may return a URL to go to instead of the detail page.
    after_save: Callable[[Any, dict, bool], str | None] = lambda obj, data, created: None
    # How a row appears in URLs: by id by default; asks use their slug.
    rule: str = "<int:ident>"
    url_field: str = "id"

    # What the templates and the revision pages read, from the entity.
    @property
    def model(self) -> Any:
        return self.entity.model

    @property
    def singular(self) -> str:
        return self.entity.noun

    @property
    def plural(self) -> str:
        return self.entity.plural

    @property
    def form(self) -> Any:
        return self.entity.form

    def title_of(self, obj: Any) -> str:
        return self.entity.title_of(obj)

    def prepare_form(self, session: Any, form: Any, obj: Any) -> None:
        self.entity.prepare_form(session, form, obj)

    def form_prefill(self, obj: Any) -> dict:
        return self.entity.form_prefill(obj)

    def load(self, session, ident):
        if self.url_field == "id":
            return get_or_404(session, self.model, ident)
        obj = session.exec(
            select(self.model).where(getattr(self.model, self.url_field) == ident)
        ).first()
        if obj is None:
            abort(404)
        return obj

    def endpoint(self, action: str) -> str:
        """The endpoint of one of this record's pages ("asks.archive")."""
        return f"{self.blueprint.name}.{action}"

    def url(self, action: str, obj=None, **kwargs) -> str:
        if obj is not None:
            kwargs["ident"] = getattr(obj, self.url_field)
        return url_for(f"{self.blueprint.name}.{action}", **kwargs)

    @property
    def revisioned(self) -> bool:
        return self.entity.revisioned

    def register(self) -> None:
        bp = self.blueprint
        if self.revisioned:
            revision_views.register(self)
        bp.add_url_rule("/", "index", self.index)
        bp.add_url_rule("/new", "new", self.new, methods=["GET", "POST"])
        bp.add_url_rule(f"/{self.rule}", "detail", self.detail)
        bp.add_url_rule(f"/{self.rule}/edit", "edit", self.edit, methods=["GET", "POST"])
        bp.add_url_rule(f"/{self.rule}/archive", "archive", self.archive, methods=["POST"])
        bp.add_url_rule(f"/{self.rule}/restore", "restore", self.restore, methods=["POST"])

    # -- views ---------------------------------------------------------------------------
    def index(self):
        session = get_session()
        page = list_page(
            session,
            self.listing,
            args=request.args.to_dict(),
            per_page=current_app.config["PER_PAGE"],
        )
        filters = filter_choices(session, self.listing.filters, request.args)
        return render_template(
            self.list_template, views=self, page=page, filters=filters, args=request.args
        )

    def detail(self, ident: int):
        session = get_session()
        obj = self.load(session, ident)
        context = self.detail_context(session, obj)
        if self.revisioned:
            context.update(revision_views.recent_context(session, self, obj))
        return render_template(self.detail_template, obj=obj, views=self, **context)

    def new(self):
        session = get_session()
        # On GET, query arguments prefill the form (`/statistics/new?link_ask_id=7`); going
        # through formdata means a malformed value is shown back, never a crash.
        prefill = {"formdata": request.args} if request.method != "POST" and request.args else {}
        form = self.form(**prefill)
        self.prepare_form(session, form, None)
        if form.validate_on_submit():
            try:
                obj = self.entity.create(session=session, data=form.data)
            except ServiceError as error:
                error.attach(form)
            else:
                self._announce(obj)
                flash(f"Created {self.singular} “{self.title_of(obj)}”.", "success")
                return redirect(self.after_save(obj, form.data, True) or self.url("detail", obj))
        return self._render_form(form, obj=None)

    def edit(self, ident: int):
        session = get_session()
        obj = self.load(session, ident)
        form = self.form(obj=obj, data=self.form_prefill(obj) if request.method != "POST" else None)
        self.prepare_form(session, form, obj)
        if form.validate_on_submit():
            read_at = self._read_at(form)
            if read_at is not None and read_at != obj.version:
                return self._conflict(session, obj, form)
            try:
                self.entity.update(obj, session=session, data=form.data)
            except StaleDataError:
                # Saved by someone else between loading the item and writing it.
                session.rollback()
                return self._conflict(session, self.load(session, ident), form)
            except ServiceError as error:
                error.attach(form)
            else:
                self._announce(obj)
                flash(f"Saved {self.singular} “{self.title_of(obj)}”.", "success")
                return redirect(self.after_save(obj, form.data, False) or self.url("detail", obj))
        return self._render_form(form, obj=obj)

    def archive(self, ident: int):
        session = get_session()
        obj = self.load(session, ident)
        archive(session, obj)
        self._announce(obj)
        flash(f"Archived {self.singular} “{self.title_of(obj)}”. You can restore it.", "success")
        return redirect(self.url("detail", obj))

    def restore(self, ident: int):
        session = get_session()
        obj = self.load(session, ident)
        restore(session, obj)
        self._announce(obj)
        flash(f"Restored {self.singular} “{self.title_of(obj)}”.", "success")
        return redirect(self.url("detail", obj))

    # -- no lost updates ----------------------------------------------------------------
    @staticmethod
    def _read_at(form) -> int | None:
        """The version the submitted form was read at (None from a form without one)."""
        version = getattr(form, "version", None)
        return version.data if version is not None else None

    def _conflict(self, session, obj, form):
        """The item changed since the form was opened: show both versions and keep the
        user's text in the form, now based on the current version, so nothing typed is lost
        and saving again is a deliberate choice."""
        theirs = self.entity.values_of(obj)
        yours = form_values(form)
        latest = histories.revisions_of(session, obj, limit=1)
        form.version.data = obj.version
        form.version.raw_data = [str(obj.version)]
        self.prepare_form(session, form, obj)
        return render_template(
            "revisions/conflict.html",
            views=self,
            obj=obj,
            form=form,
            read_at=self._read_at_submitted(),
            latest=latest[0] if latest else None,
            rows=histories.compare(session, self.entity, obj, theirs, yours),
        ), 409

    @staticmethod
    def _read_at_submitted() -> int | None:
        return request.form.get("version", type=int)

    def _announce(self, obj) -> None:
        self.entity.announce(obj)

    def _render_form(self, form: FlaskForm, *, obj):
        # 422 on a failed submit: campaign.db rolls the request's session back.
        status = 422 if request.method == "POST" else 200
        return render_template(self.form_template, views=self, form=form, obj=obj), status
