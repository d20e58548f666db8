"""The interaction's form (the one validation of the page, the API, revision restores) and the
form of a follow-up action (the interaction's page)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import DateTimeLocalInput, HiddenInput

from campaign.clock import UK
from campaign.common.chooser_field import MultiChooserField
from campaign.common.choosers import row_chooser
from campaign.common.forms import VersionedForm, enum_choices, optional_int, single_line, strip
from campaign.models import Person
from campaign.models.enums import InteractionKind
from campaign.organisations.services import KEY_CHOOSER as ORGANISATION_KEY_CHOOSER

# Their attendees, chosen by key (the API names people by key). Lookup names of this area's
# own, so another area's people chooser never clashes with them.
PERSON_KEY_CHOOSER = row_chooser(
    "person", Person, Person.name, lookup="interaction-person-keys", value="key"
)
# The list's "Person" filter, by id (as every list filter is).
PERSON_CHOOSER = row_chooser("person", Person, Person.name, lookup="interaction-people")

OUTCOME_LENGTH = 2000  # a response's position note takes as much (Record as a response)
MOMENT_MESSAGE = "Enter the date and time, for example 2026-12-07T14:30 (UK time)."


def parse_moment(text: str) -> datetime:
    """`2026-12-07T14:30` (UK time, as typed) or with an offset (`…Z`, `…+01:00`), as an
    aware UTC datetime. On the October night 01:30 happens twice: without an offset the first
    (BST) is meant."""
    moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    return moment.astimezone(UTC)


class UKDateTimeField(Field):
    """A date and time typed in UK time (`<input type="datetime-local">`), stored in UTC."""

    widget = DateTimeLocalInput()

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            moment = self.data if self.data.tzinfo else self.data.replace(tzinfo=UTC)
            return moment.astimezone(UK).strftime("%Y-%m-%dT%H:%M")
        return ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_moment(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(MOMENT_MESSAGE) from None


class AskDiscussedForm(Form):
    """One row of "Asks discussed": the ask (hidden, by slug), whether it was discussed, and
    what came of it. An outcome typed is an ask discussed, ticked or not."""

    ask = StringField("Ask", widget=HiddenInput(), validators=[InputRequired(), single_line])
    discussed = BooleanField("Discussed")
    outcome = TextAreaField(
        "Outcome",
        validators=[Optional(), Length(max=OUTCOME_LENGTH)],
        filters=[strip],
        render_kw={"rows": 2},
    )


class InteractionForm(VersionedForm):
    # Field names differ from the row's relationships (`users`, `people`, `organisations`):
    # WTForms would read those lists of rows as the fields' values.
    title = StringField(
        "Title",
        validators=[DataRequired(), Length(max=200), single_line],
        filters=[strip],
        description="For example, “Meeting with Ofcom on the illegal harms codes”.",
    )
    kind = SelectField("Kind", choices=enum_choices(InteractionKind), validators=[DataRequired()])
    occurred_at = UKDateTimeField(
        "Date and time",
        validators=[DataRequired(message=MOMENT_MESSAGE)],
        description="UK time.",
    )
    location = StringField(
        "Location",
        validators=[Optional(), Length(max=200), single_line],
        filters=[strip],
        description="A place, or “video call”.",
    )
    user_emails = SelectMultipleField(
        "Our attendees",
        choices=[],  # the active users, set by prepare_form
        validate_choice=False,  # checked by validate_user_emails, which names the address
        filters=[lambda emails: [e.strip().lower() for e in emails or [] if e.strip()]],
        description="Who from the team took part.",
    )
    person_keys = MultiChooserField(
        "Their attendees",
        chooser=PERSON_KEY_CHOOSER,
        description="Type some of a person’s name to add them; untick one to remove them.",
    )
    organisation_keys = MultiChooserField(
        "Organisations",
        chooser=ORGANISATION_KEY_CHOOSER,
        description="Leave empty to use their attendees’ current organisations.",
    )
    asks = FieldList(FormField(AskDiscussedForm), label="Asks discussed")
    summary = TextAreaField(
        "Summary",
        validators=[Optional()],
        filters=[strip],
        description="What was said. Markdown: **bold**, lists, links.",
    )
    notes = TextAreaField(
        "Internal notes",
        validators=[Optional()],
        filters=[strip],
        description="For the team only: never printed in an external briefing pack.",
    )

    def validate_user_emails(self, field) -> None:
        known = {value for value, _ in field.choices}
        unknown = [email for email in field.data or [] if email not in known]
        if unknown:
            raise ValidationError(f"No active user has the e-mail address {unknown[0]}.")


class ActionForm(FlaskForm):
    """A follow-up action added on the interaction's page."""

    description = StringField(
        "Action",
        validators=[DataRequired(message="Enter the action."), Length(max=500), single_line],
        filters=[strip],
        description="What we said we would do, e.g. “Send the figures to the minister’s office”.",
    )
    owner_id = SelectField(
        "Owner",
        coerce=optional_int,
        choices=[],  # active users, set by the view
        validators=[DataRequired(message="Choose the owner.")],
    )
    due_on = DateField("Due by", validators=[Optional()])
