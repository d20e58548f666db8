"""The interaction as a record (campaign.entities): the API (`/api/v1/interactions`), revision
history, the role walk and the leak crawl derive from it. Its follow-up actions are nested in
the API's JSON (read only) and written on the interaction's page."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request
from sqlalchemy.orm import selectinload
from sqlmodel import col, func, select

from campaign import clock
from campaign.common.choices import active_rows
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, AskLinks, BundleSpec, Entity, SearchSpec
from campaign.entities.params import Param, enum_param, reference_param
from campaign.entities.public import (
    Json,
    api_url,
    ask_ref,
    iso,
    organisation_ref,
    response_ref,
    tracking,
    value,
)
from campaign.interactions import services
from campaign.interactions.forms import InteractionForm
from campaign.models import (
    Ask,
    FollowUpAction,
    Interaction,
    InteractionAsk,
    InteractionKind,
    InteractionOrganisation,
    InteractionPerson,
    Organisation,
    Person,
)

# A page of interactions with everything their JSON names, in a fixed number of queries.
OPTIONS = (
    *services.LINKS,
    selectinload(Interaction.actions).selectinload(FollowUpAction.owner),  # type: ignore[arg-type]
    selectinload(Interaction.response),  # type: ignore[arg-type]
)


def _discussed_rows(session, interaction: Interaction | None) -> list[Ask]:
    """The asks the form lists: every active ask by title, plus those already discussed."""
    kept = [link.ask_id for link in interaction.ask_links] if interaction is not None else []
    return active_rows(session, Ask, Ask.title, keep=kept)


def _prefill_from_address(session, form) -> None:
    """A new interaction opened from a person (`?person=<key>`) has them as an attendee and
    their current organisations; from an ask (`?ask_id=<id>`), that ask ticked."""
    key = request.args.get("person", "")
    person = session.exec(select(Person).where(Person.key == key)).first() if key else None
    if person is not None and not form.person_keys.data:
        form.person_keys.data = [person.key]
        orgs = services.current_organisations(session, [person], today=clock.today())
        form.organisation_keys.data = [org.key for org in orgs]


def prepare_form(session, form: InteractionForm, obj: Interaction | None) -> None:
    keep = [u.email for u in obj.users] if obj is not None else []
    form.user_emails.choices = services.user_choices(session, keep=keep)
    form.person_keys.prepare(session, current=[p.key for p in obj.people] if obj else [])
    form.organisation_keys.prepare(
        session, current=[o.key for o in obj.organisations] if obj else []
    )
    asks = _discussed_rows(session, obj)
    titles = {a.slug: f"{a.title} (archived)" if a.archived_at else a.title for a in asks}
    if not form.is_submitted():
        if obj is None:
            _prefill_from_address(session, form)
            if form.occurred_at.data is None and not form.occurred_at.raw_data:
                form.occurred_at.data = clock.now().replace(second=0, microsecond=0)
        ask_id = request.args.get("ask_id", type=int) if obj is None else None
        existing: dict[int | None, InteractionAsk] = (
            {link.ask_id: link for link in obj.ask_links} if obj is not None else {}
        )
        form.asks.entries = []
        form.asks.last_index = -1
        for ask in asks:
            link = existing.get(ask.id)
            form.asks.append_entry(
                {
                    "ask": ask.slug,
                    "discussed": link is not None or ask.id == ask_id,
                    "outcome": link.outcome if link else "",
                }
            )
    for entry in form.asks.entries:
        row: Any = entry  # the template shows each row's ask by its title
        slug = entry.form.ask.data or ""
        row.ask_title = titles.get(slug, slug or "Unknown ask")


def form_prefill(interaction: Interaction) -> dict[str, Any]:
    """The links as the form takes them: the API and revision history see these values (the
    edit page then lists every ask, see `prepare_form`)."""
    links = sorted(interaction.ask_links, key=lambda link: link.ask.slug)
    return {
        "user_emails": [u.email for u in interaction.users],
        "person_keys": [p.key for p in interaction.people],
        "organisation_keys": [o.key for o in interaction.organisations],
        "asks": [
            {"ask": link.ask.slug, "discussed": True, "outcome": link.outcome} for link in links
        ],
    }


def person_ref(person: Person) -> Json:
    return {
        "key": person.key,
        "name": person.name,
        "api_url": api_url("api.person", key=person.key),
    }


def action_json(action: FollowUpAction) -> Json:
    return {
        "id": action.id,
        "description": action.description,
        "owner": action.owner.email if action.owner else None,
        "due_on": iso(action.due_on),
        "done_at": iso(action.done_at),
        "open": action.done_at is None,
    }


def public(interaction: Interaction, **_: Any) -> Json:
    links = sorted(interaction.ask_links, key=lambda link: (link.ask.title.lower(), link.ask_id))
    return {
        "key": interaction.key,
        "title": interaction.title,
        "kind": value(interaction.kind),
        "occurred_at": iso(interaction.occurred_at),
        "location": interaction.location,
        "users": [{"email": u.email, "name": u.name} for u in interaction.users],
        "people": [person_ref(p) for p in interaction.people],
        "organisations": [organisation_ref(o) for o in interaction.organisations],
        "asks": [{**ask_ref(link.ask), "outcome": link.outcome} for link in links],
        "summary": interaction.summary,
        "notes": interaction.notes,
        # Added, done and reopened on the interaction's page, not through the API (docs/api.md).
        "actions": [action_json(a) for a in interaction.actions],
        "response": response_ref(interaction.response) if interaction.response else None,
        **tracking(interaction),
        "api_url": api_url("api.interaction", key=interaction.key),
    }


def sample(n: int) -> dict[str, Any]:
    return {"title": f"Interaction {n}", "kind": "meeting", "occurred_at": "2026-03-02T10:30"}


def _linked(name: str, model: Any, link: Any, link_column: str, what: str):
    column = getattr(link, link_column)
    return reference_param(
        name,
        model.key,
        what=what,
        apply=lambda query, key: query.where(
            col(Interaction.id).in_(
                select(link.interaction_id).join(model, model.id == column).where(model.key == key)
            )
        ),
    )


def _day(name: str, apply: Any) -> Param:
    """`?from=` / `?to=`: an ISO date, a UK day (inclusive); anything else is a 400."""

    def check(_session: Any, text: str) -> None:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise ValueError("must be a date, e.g. 2026-07-14") from None

    return Param(name, check, lambda query, text: apply(query, date.fromisoformat(text)))


ENTITY = Entity(
    name="interaction",
    plural="interactions",
    model=Interaction,
    form=InteractionForm,
    create=services.create_interaction,
    update=services.update_interaction,
    prepare_form=prepare_form,
    form_prefill=form_prefill,
    # Found by its title, place, summary and notes, and through the people and organisations
    # it was with (a search for "Ofcom" finds the meetings with Ofcom).
    search=SearchSpec(
        10,
        "title",
        ("location", "summary", "notes"),
        via=[
            ("interaction_people", "interaction_id", "person_id", "person"),
            ("interaction_organisations", "interaction_id", "organisation_id", "organisation"),
        ],
    ),
    api=ApiSpec(
        listing=ListSpec(
            model=Interaction,
            sorts={
                "date": Interaction.occurred_at,
                "title": func.lower(Interaction.title),
                "updated": Interaction.updated_at,
            },
            default_sort="-date",
            search=[Interaction.title],
            options=list(OPTIONS),
        ),
        public=public,
        params=[
            enum_param("kind", Interaction.kind, InteractionKind),
            _linked("person", Person, InteractionPerson, "person_id", "person with key"),
            _linked(
                "organisation",
                Organisation,
                InteractionOrganisation,
                "organisation_id",
                "organisation with key",
            ),
            _day("from", services.on_or_after),
            _day("to", services.on_or_before),
        ],
    ),
    ask_links=AskLinks(InteractionAsk, "interaction_id"),
    # Written by hand (campaign.bundles.interactions): the rows hold links to other sections.
    bundle=BundleSpec("interactions", custom=True),
    sample=sample,
)
