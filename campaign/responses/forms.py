"""The response form: the response itself plus one position row per ask."""

from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from campaign.common.forms import (
    VersionedForm,
    enum_choices,
    optional_int,
    strip,
    web_address_field,
)
from campaign.models.enums import Position, ResponseChannel, ResponseDirection

NOT_ABOUT_THIS_ASK = "— not about this ask —"


class AskPositionForm(Form):
    """One row of the positions table: the ask (hidden), the position taken and a note.
    A blank position means the response is not about this ask."""

    ask_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    position = SelectField(
        "Position",
        choices=enum_choices(Position, blank=NOT_ABOUT_THIS_ASK),
        validators=[Optional()],
    )
    note = StringField("Note", validators=[Optional(), Length(max=2000)], filters=[strip])

    def validate_note(self, field):
        if field.data and not self.position.data:
            raise ValidationError("Choose a position to keep this note, or clear the note.")


class ResponseForm(VersionedForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)], filters=[strip])
    organisation_id = SelectField(
        "Organisation",
        coerce=optional_int,
        validators=[DataRequired(message="Choose the organisation.")],
    )
    response_date = DateField("Date", validators=[DataRequired(message="Enter the date.")])
    channel = SelectField(
        "Channel", choices=enum_choices(ResponseChannel), validators=[DataRequired()]
    )
    direction = SelectField(
        "Direction",
        choices=enum_choices(ResponseDirection),
        default=ResponseDirection.RECEIVED.value,
        validators=[DataRequired()],
        description="Received: what a target said or did. Sent: our letter or submission.",
    )
    reply_expected_by = DateField(
        "Reply expected by",
        validators=[Optional()],
        description="Sent items only: when we expect the target to reply.",
    )
    url = web_address_field("Link", max_length=1000)
    summary = TextAreaField(
        "Summary", validators=[Optional()], description="Markdown: **bold**, lists, links."
    )
    positions = FieldList(FormField(AskPositionForm), label="Positions on asks")
