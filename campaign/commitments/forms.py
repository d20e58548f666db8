"""The commitment's form: the one validation of the page, the API and revision restores
(campaign.entities), and the status form of the commitment's page."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from campaign.asks.services import CHOOSER as ASK_CHOOSER
from campaign.commitments.choosers import INTERACTION_CHOOSER, PERSON_CHOOSER, RESPONSE_CHOOSER
from campaign.commitments.dates import HINT as DUE_HINT
from campaign.commitments.dates import parse_due
from campaign.common.chooser_field import ChooserField
from campaign.common.forms import (
    VersionedForm,
    enum_choices,
    single_line,
    strip,
    web_address_field,
)
from campaign.milestones.services import sentence
from campaign.models.enums import CommitmentStatus
from campaign.organisations.services import CHOOSER as ORGANISATION_CHOOSER

WHO_MADE_IT = "Choose who made it: a person, an organisation, or both."
STATUS_NOTE_HINT = (
    "Needed when the status changes: what shows it was kept, is late, was broken or "
    "withdrawn, or is open again."
)


def _check_due(form, field) -> None:
    try:
        parse_due(field.data or "")
    except ValueError as exc:
        raise ValidationError(sentence(exc)) from exc


class StatusEvidence:
    """The evidence fields a status change needs, shared by both forms."""

    status_on = DateField(
        "Status changed on",
        validators=[Optional()],
        description="Leave blank for today.",
    )
    status_note = TextAreaField(
        "Evidence for the status change",
        validators=[Optional(), Length(max=2000)],
        filters=[strip],
        description=STATUS_NOTE_HINT,
        render_kw={"rows": 3},
    )
    status_url = web_address_field("Evidence link", max_length=1000)
    status_response_id = ChooserField(
        "Evidence response",
        chooser=RESPONSE_CHOOSER,
        description="Optional: the response that shows it.",
    )


class CommitmentForm(StatusEvidence, VersionedForm):
    title = StringField(
        "The promise",
        validators=[DataRequired(message="Enter the promise."), Length(max=300), single_line],
        filters=[strip],
        description="In a line, e.g. “Ofcom will publish the second version of the codes”.",
    )
    detail = TextAreaField(
        "Detail", validators=[Optional()], description="Markdown: **bold**, lists, links."
    )
    # Who made it: a person, an organisation, or both (choosers, docs/choosers.md).
    person_id = ChooserField("Made by (person)", chooser=PERSON_CHOOSER)
    organisation_id = ChooserField(
        "Made by (organisation)",
        chooser=ORGANISATION_CHOOSER,
        description="A person, an organisation, or both.",
    )
    made_to = StringField(
        "Made to",
        validators=[Optional(), Length(max=200), single_line],
        filters=[strip],
        description="e.g. “the NSPCC”, “the House of Commons”.",
    )
    made_on = DateField("Made on", validators=[Optional()])
    due = StringField(
        "Due",
        validators=[DataRequired(message="Enter when it is due."), single_line, _check_due],
        filters=[strip],
        description=DUE_HINT,
    )
    # Where it was made: a response, an interaction, or a note with a link.
    response_id = ChooserField("Made in (response)", chooser=RESPONSE_CHOOSER)
    interaction_id = ChooserField("Made in (interaction)", chooser=INTERACTION_CHOOSER)
    source_note = TextAreaField(
        "Made in (note)",
        validators=[Optional(), Length(max=2000)],
        filters=[strip],
        description="e.g. a parliamentary question or debate, with its link below.",
        render_kw={"rows": 2},
    )
    source_url = web_address_field("Source link", max_length=1000)
    ask_id = ChooserField("Ask", chooser=ASK_CHOOSER, description="The ask it concerns.")
    status = SelectField(
        "Status",
        choices=enum_choices(CommitmentStatus),
        default=CommitmentStatus.OPEN.value,
        validators=[DataRequired()],
        description="A change of status needs evidence (below).",
    )

    def validate_person_id(self, field) -> None:
        if field.data is None and self.organisation_id.data is None:
            raise ValidationError(WHO_MADE_IT)


class StatusForm(StatusEvidence, FlaskForm):
    """Changing the status on the commitment's page."""

    status = SelectField(
        "New status", choices=enum_choices(CommitmentStatus), validators=[DataRequired()]
    )
