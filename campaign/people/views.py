"""People: list, detail, new, edit, archive, restore and history (EntityViews), and their
roles, added and ended on the person's page. The page also shows their stances, interactions
and commitments (campaign/people/person_page.py); stances are recorded on their own page
(campaign/people/stance_views.py)."""

from flask import abort, flash, redirect, render_template, request
from sqlmodel import func

from campaign.clock import today
from campaign.common.listing import Filter, ListSpec, enum_filter
from campaign.common.services import ServiceError
from campaign.crud import Column, EntityViews
from campaign.db import get_session
from campaign.models import House, Person, PersonKind, PersonRole
from campaign.people import bp, person_page, services
from campaign.people.entity import ENTITY, ROLES
from campaign.people.forms import EndRoleForm, RoleForm
from campaign.revisions import views as revision_views

ROLE_ACTION = "role_action"  # the hidden input of the role forms: "add" or "end"


def _current(person: Person) -> PersonRole | None:
    roles = services.current_roles(person, today=today())
    return roles[0] if roles else None


def _current_title(person: Person) -> str:
    role = _current(person)
    return role.title if role else ""


def _current_organisation(person: Person) -> str:
    role = _current(person)
    return role.organisation.name if role and role.organisation else ""


def end_form(role: PersonRole, formdata=None) -> EndRoleForm:
    """One role's "End" form; its prefix keeps each role's date field its own id."""
    form = EndRoleForm(formdata=formdata, prefix=f"end-{role.id}")
    if formdata is None:
        form.ended_on.data = today()
    return form


def _detail_context(session, person, role_form=None, ending=None) -> dict:
    roles = services.roles_newest_first(person.roles)
    role_form = role_form or RoleForm(formdata=None)
    role_form.organisation_id.prepare(session)
    held = [role for role in roles if role.current_on(today())]
    end_forms = {role.id: end_form(role) for role in held}
    if ending is not None:
        end_forms[ending[0]] = ending[1]
    return {
        "roles": roles,
        "held": held,
        "role_form": role_form,
        "end_forms": end_forms,
        **person_page.page_context(session, person, today=today()),
    }


class PersonViews(EntityViews):
    """The role forms post to the person's edit address with `role_action`: changing a
    person's roles is changing the person, for the guard as for the user."""

    def edit(self, ident: int):
        if request.method == "POST" and ROLE_ACTION in request.form:
            return self.change_roles(ident)
        return super().edit(ident)

    def change_roles(self, ident: int):
        session = get_session()
        person = self.load(session, ident)
        action = request.form[ROLE_ACTION]
        if action == "add":
            return self._add_role(session, person)
        if action == "end":
            return self._end_role(session, person)
        abort(400)

    def _add_role(self, session, person):
        form = RoleForm()
        form.organisation_id.prepare(session)
        if form.validate_on_submit():
            try:
                role = services.add_role(person, session=session, data=form.data)
            except ServiceError as error:
                error.attach(form)
            else:
                flash(f"Added the role “{role.title}”.", "success")
                return redirect(self.url("detail", person) + "#roles")
        return self._render(session, person, _detail_context(session, person, role_form=form))

    def _end_role(self, session, person):
        role_id = request.form.get("role_id", type=int)
        role = next((r for r in person.roles if r.id == role_id), None)
        if role is None:
            abort(404)
        form = end_form(role, formdata=request.form)
        if form.validate_on_submit():
            try:
                services.end_role(role, session=session, ended_on=form.ended_on.data)
            except ServiceError as error:
                error.attach(form)
            else:
                flash(f"Ended the role “{role.title}”.", "success")
                return redirect(self.url("detail", person) + "#roles")
        context = _detail_context(session, person, ending=(role.id, form))
        return self._render(session, person, context)

    def _render(self, session, person, context):
        """The person's page again with the refused form's errors (422: the request's
        session is rolled back)."""
        context.update(revision_views.recent_context(session, self, person))
        return render_template(self.detail_template, obj=person, views=self, **context), 422


views = PersonViews(
    blueprint=bp,
    entity=ENTITY,
    listing=ListSpec(
        model=Person,
        sorts={"name": func.lower(Person.name), "kind": Person.kind},
        default_sort="name",
        search=services.SEARCH,  # name, party, constituency, notes and every role title
        filters=[
            enum_filter("kind", "Kind", Person.kind, PersonKind),
            Filter(
                "party",
                "Party",
                services.parties,
                lambda query, value: query.where(Person.party == value),
            ),
            enum_filter("house", "House", Person.house, House),
        ],
        options=[ROLES],
    ),
    columns=[
        Column("Name", lambda p: p.name, sort="name", link=True),
        Column("Kind", lambda p: p.kind.label, sort="kind"),
        Column("Current role", _current_title),
        Column("Organisation", _current_organisation),
    ],
    detail_template="people/detail.html",
    detail_context=_detail_context,
)
views.register()

# The stance pages and the API's stance routes (campaign/people/stances.py).
from campaign.people import stance_views, stances_api  # noqa: E402,F401
