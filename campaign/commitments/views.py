"""Commitments: list, detail, new, edit, archive, restore and history (EntityViews); a status
change with its evidence, and the milestone a commitment creates or moves, from its page."""

from flask import abort, flash, redirect, render_template, request
from markupsafe import Markup, escape
from sqlalchemy import false
from sqlmodel import func, select

from campaign import clock
from campaign.asks import services as asks
from campaign.commitments import bp, services
from campaign.commitments.choosers import PERSON_CHOOSER
from campaign.commitments.dates import format_due_by
from campaign.commitments.entity import DUE_SORT, ENTITY, OPTIONS
from campaign.commitments.forms import StatusForm
from campaign.commitments.services import Evidence
from campaign.common.listing import Filter, ListSpec, enum_filter, id_filter
from campaign.common.services import ServiceError
from campaign.crud import Column, EntityViews
from campaign.db import get_session
from campaign.milestones.entity import ENTITY as MILESTONE
from campaign.models import Commitment, CommitmentStatus, Organisation, Person
from campaign.organisations import services as organisations
from campaign.revisions import views as revision_views

LATE_TAG = Markup('<strong class="govuk-tag govuk-tag--red">Late</strong>')


def _by_late(query, value: str):
    if value == "1":
        return query.where(services.late_condition(clock.today()))
    return query.where(false())


def _status(commitment: Commitment) -> Markup:
    shown = escape(commitment.status.label)
    return shown + Markup(" ") + LATE_TAG if commitment.is_late_on(clock.today()) else shown


def _made_by(commitment: Commitment) -> str:
    names = [str(row) for row in (commitment.person, commitment.organisation) if row is not None]
    return ", ".join(names)


_maker_name = func.lower(
    func.coalesce(
        select(Person.name).where(Person.id == Commitment.person_id).scalar_subquery(),
        select(Organisation.name)
        .where(Organisation.id == Commitment.organisation_id)
        .scalar_subquery(),
    )
)


def status_form(commitment: Commitment, formdata=None) -> StatusForm:
    form = StatusForm(formdata=formdata)
    if formdata is None:
        form.status.data = None
    form.status.choices = [("", "— choose the new status —")] + [
        (status.value, status.label) for status in CommitmentStatus if status != commitment.status
    ]
    return form


def _detail_context(session, commitment, form=None) -> dict:
    form = form or status_form(commitment)
    form.status_response_id.prepare(session)
    today = clock.today()
    return {
        "late": commitment.is_late_on(today),
        "due_by": format_due_by(commitment.due_on, commitment.due_precision),
        "status_form": form,
        "changes": list(reversed(commitment.changes)),
    }


ACTION = "commitment_action"  # the hidden input of the page's forms: what to do


class CommitmentViews(EntityViews):
    """The commitment page's forms (change the status, create or update the milestone) post
    to its edit address with `commitment_action`: changing a commitment's status or its
    milestone is changing the commitment, for the guard as for the user."""

    def edit(self, ident: int):
        if request.method == "POST" and ACTION in request.form:
            actions = {
                "status": self.change_status,
                "create_milestone": self.create_milestone,
                "move_milestone": self.move_milestone,
            }
            action = actions.get(request.form[ACTION])
            if action is None:
                abort(400)
            return action(ident)
        return super().edit(ident)

    def change_status(self, ident: int):
        session = get_session()
        commitment = self.load(session, ident)
        form = status_form(commitment, formdata=request.form)
        form.status_response_id.prepare(session)
        if form.validate_on_submit():
            evidence = Evidence(
                note=form.status_note.data or "",
                url=form.status_url.data or None,
                response_id=form.status_response_id.data,
                on=form.status_on.data,
            )
            try:
                services.change_status(
                    commitment, session=session, status=form.status.data, evidence=evidence
                )
            except ServiceError as error:
                error.attach(form)
            else:
                self._announce(commitment)
                flash(f"Marked “{commitment.title}” {commitment.status.label.lower()}.", "success")
                return redirect(self.url("detail", commitment) + "#status-history")
        return self._render(session, commitment, _detail_context(session, commitment, form))

    def create_milestone(self, ident: int):
        session = get_session()
        commitment = self.load(session, ident)
        try:
            milestone = services.create_milestone(commitment, session=session)
        except ServiceError as error:
            return self._refused(session, commitment, error)
        MILESTONE.announce(milestone)
        self._announce(commitment)
        flash(f"Created the milestone “{milestone.title}”.", "success")
        return redirect(self.url("detail", commitment) + "#milestone")

    def move_milestone(self, ident: int):
        session = get_session()
        commitment = self.load(session, ident)
        try:
            milestone = services.update_milestone(commitment, session=session)
        except ServiceError as error:
            return self._refused(session, commitment, error)
        MILESTONE.announce(milestone)
        flash(f"Moved the milestone “{milestone.title}” to the commitment's due date.", "success")
        return redirect(self.url("detail", commitment) + "#milestone")

    def _refused(self, session, commitment, error: ServiceError):
        context = _detail_context(session, commitment)
        context["milestone_error"] = error.message
        return self._render(session, commitment, context)

    def _render(self, session, commitment, context):
        """The page again with what was refused (422: the request's session is rolled back)."""
        context.update(revision_views.recent_context(session, self, commitment))
        page = render_template(self.detail_template, obj=commitment, views=self, **context)
        return page, 422


views = CommitmentViews(
    blueprint=bp,
    entity=ENTITY,
    fields_template="commitments/_fields.html",
    listing=ListSpec(
        model=Commitment,
        sorts={"due": DUE_SORT, "title": func.lower(Commitment.title), "made_by": _maker_name},
        default_sort="due",
        search=[Commitment.title, Commitment.detail, Commitment.made_to],
        filters=[
            enum_filter("status", "Status", Commitment.status, CommitmentStatus),
            Filter("late", "Late", lambda session: [("1", "Late only")], _by_late),
            id_filter(
                "organisation",
                "Organisation",
                Commitment.organisation_id,
                chooser=organisations.CHOOSER,
            ),
            id_filter("person", "Person", Commitment.person_id, chooser=PERSON_CHOOSER),
            id_filter("ask", "Ask", Commitment.ask_id, chooser=asks.CHOOSER),
        ],
        options=OPTIONS[:3],
    ),
    columns=[
        Column("Due", lambda c: format_due_by(c.due_on, c.due_precision), sort="due"),
        Column("Promise", lambda c: c.title, sort="title", link=True),
        Column("Made by", _made_by, sort="made_by"),
        Column("Ask", lambda c: c.ask.title if c.ask else ""),
        Column("Status", _status),
    ],
    detail_template="commitments/detail.html",
    detail_context=_detail_context,
)
views.register()


@bp.app_template_filter("commitment_due")
def commitment_due(commitment: Commitment) -> str:
    """'by spring 2026': a commitment's due date at its precision."""
    return format_due_by(commitment.due_on, commitment.due_precision)


@bp.app_template_global("ask_commitments")
def ask_commitments(ask_id: int) -> list[services.Flagged]:
    """For the ask page's Commitments tab (templates/commitments/_for_ask.html)."""
    return services.commitments_for_ask(get_session(), ask_id, today=clock.today())
