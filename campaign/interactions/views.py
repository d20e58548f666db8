"""Interactions: list, detail, new, edit, archive, restore and history (EntityViews); on the
interaction's page, its follow-up actions and "Record as a response"."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import false

from campaign.asks import services as asks
from campaign.common.choosers import filter_choices
from campaign.common.listing import Filter, ListSpec, enum_filter, linked_filter, list_page
from campaign.common.services import ServiceError
from campaign.crud import Column, EntityViews
from campaign.db import get_session
from campaign.interactions import actions, bp, services
from campaign.interactions.entity import ENTITY
from campaign.interactions.forms import PERSON_CHOOSER, ActionForm
from campaign.models import (
    FollowUpAction,
    Interaction,
    InteractionAsk,
    InteractionKind,
    InteractionOrganisation,
    InteractionPerson,
)
from campaign.organisations import services as organisations
from campaign.rendering import format_datetime
from campaign.responses.entity import ENTITY as RESPONSE
from campaign.revisions import views as revision_views

DATE_FILTERS = ("from", "to")  # drawn as date boxes by interactions/list.html
ACTION = "interaction_action"  # the hidden input of the page's own forms


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _from(query, value: str):
    """On or after that UK day; an unreadable date matches nothing."""
    day = _day(value)
    return query.where(false()) if day is None else services.on_or_after(query, day)


def _to(query, value: str):
    """On or before that UK day (inclusive)."""
    day = _day(value)
    return query.where(false()) if day is None else services.on_or_before(query, day)


def _names(rows) -> str:
    return ", ".join(str(row) for row in rows if getattr(row, "archived_at", None) is None)


def action_form(session, formdata=None) -> ActionForm:
    form = ActionForm(formdata=formdata, prefix="action")
    form.owner_id.choices = [("", "— choose the owner —")] + [
        (str(u.id), u.display_name) for u in services.active_users(session)
    ]
    return form


def _detail_context(session, interaction, form=None) -> dict:
    links = sorted(interaction.ask_links, key=lambda link: (link.ask.title.lower(), link.ask_id))
    organisations_now = [o for o in interaction.organisations if o.archived_at is None]
    return {
        "links": links,
        "action_form": form or action_form(session),
        "response_organisations": organisations_now,
    }


class InteractionViews(EntityViews):
    """The page's own forms (add an action, mark one done or reopen it, record the interaction
    as a response) post to the interaction's edit address with `interaction_action`: they
    change the interaction, for the guard as for the user (as a person's roles do)."""

    def index(self):
        """The list, with the date range drawn as two date boxes rather than selects."""
        session = get_session()
        args = request.args.to_dict()
        page = list_page(session, self.listing, args=args, per_page=current_app.config["PER_PAGE"])
        shown = [f for f in self.listing.filters if f.name not in DATE_FILTERS]
        filters = filter_choices(session, shown, request.args)
        return render_template(
            self.list_template, views=self, page=page, filters=filters, args=request.args
        )

    def edit(self, ident: int):
        if request.method == "POST" and ACTION in request.form:
            return self.act(ident)
        return super().edit(ident)

    def act(self, ident: int):
        session = get_session()
        interaction = self.load(session, ident)
        handler = {
            "add_action": self._add_action,
            "done": self._done,
            "reopen": self._reopen,
            "record_response": self._record_response,
        }.get(request.form[ACTION])
        if handler is None:
            abort(400)
        return handler(session, interaction)

    # -- follow-up actions ----------------------------------------------------------------
    def _action(self, interaction: Interaction) -> FollowUpAction:
        action_id = request.form.get("action_id", type=int)
        action = next((a for a in interaction.actions if a.id == action_id), None)
        if action is None:
            abort(404)
        return action

    def _add_action(self, session, interaction):
        form = action_form(session, formdata=request.form)
        if form.validate_on_submit():
            try:
                action = actions.add_action(
                    interaction,
                    session=session,
                    description=form.description.data,
                    owner_id=form.owner_id.data,
                    due_on=form.due_on.data,
                )
            except ServiceError as error:
                error.attach(form)
            else:
                flash(f"Added the action “{action.description}”.", "success")
                return redirect(self.url("detail", interaction) + "#actions")
        return self._render(session, interaction, _detail_context(session, interaction, form))

    def _done(self, session, interaction):
        action = self._action(interaction)
        actions.mark_done(action, session=session)
        flash(f"Marked “{action.description}” done.", "success")
        return redirect(self.url("detail", interaction) + "#actions")

    def _reopen(self, session, interaction):
        action = self._action(interaction)
        actions.reopen(action, session=session)
        flash(f"Reopened “{action.description}”.", "success")
        return redirect(self.url("detail", interaction) + "#actions")

    # -- record as a response -------------------------------------------------------------
    def _record_response(self, session, interaction):
        """Make the response and go to its edit page to set the positions; already made: go
        to it."""
        if interaction.response is not None:
            return redirect(url_for("responses.detail", ident=interaction.response.id))
        chosen = request.form.get("organisation_id", type=int)
        try:
            response = actions.record_as_response(
                interaction, session=session, organisation_id=chosen
            )
        except ServiceError as refused:
            context = _detail_context(session, interaction)
            context["response_error"] = refused.message
            return self._render(session, interaction, context)
        RESPONSE.announce(response)
        flash(
            f"Recorded “{interaction.title}” as a response: set its positions on the asks below.",
            "success",
        )
        return redirect(url_for("responses.edit", ident=response.id))

    def _render(self, session, interaction, context):
        """The interaction's page again with the refusal (422: the request's session is
        rolled back)."""
        context.update(revision_views.recent_context(session, self, interaction))
        page = render_template(self.detail_template, obj=interaction, views=self, **context)
        return page, 422


views = InteractionViews(
    blueprint=bp,
    entity=ENTITY,
    form_template="interactions/form.html",
    fields_template="interactions/_fields.html",
    list_template="interactions/list.html",
    listing=ListSpec(
        model=Interaction,
        sorts={"date": Interaction.occurred_at, "kind": Interaction.kind},
        default_sort="-date",
        search=[Interaction.title, Interaction.summary, Interaction.location],
        filters=[
            enum_filter("kind", "Kind", Interaction.kind, InteractionKind),
            linked_filter(
                "person",
                "Person",
                Interaction.id,
                InteractionPerson.interaction_id,
                InteractionPerson.person_id,
                chooser=PERSON_CHOOSER,
            ),
            linked_filter(
                "organisation",
                "Organisation",
                Interaction.id,
                InteractionOrganisation.interaction_id,
                InteractionOrganisation.organisation_id,
                chooser=organisations.CHOOSER,
            ),
            linked_filter(
                "ask",
                "Ask",
                Interaction.id,
                InteractionAsk.interaction_id,
                InteractionAsk.ask_id,
                chooser=asks.CHOOSER,
            ),
            Filter("from", "From", None, _from),
            Filter("to", "To", None, _to),
        ],
        options=list(services.LINKS),
    ),
    columns=[
        Column("Date", lambda i: format_datetime(i.occurred_at), sort="date"),
        Column("Title", lambda i: i.title, link=True),
        Column("Kind", lambda i: i.kind.label, sort="kind"),
        Column("Their attendees", lambda i: _names(i.people)),
        Column("Organisations", lambda i: _names(i.organisations)),
    ],
    detail_template="interactions/detail.html",
    detail_context=_detail_context,
)
views.register()
