"""The response form: the response itself plus one position row per ask."""

from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from campaign.common.chooser_field import ChooserField
from campaign.common.forms import (
    VersionedForm,
    enum_choices,
    single_line,
    strip,
    web_address_field,
)
from campaign.models.enums import Position, ResponseChannel, ResponseDirection
from campaign.organisations.services import CHOOSER as ORGANISATION_CHOOSER

NOT_ABOUT_THIS_ASK = "Not about this ask"
PUBLIC_GROUP = "Public: printed in external briefing packs"
PRIVATE_GROUP = "Private: internal packs only"


def channel_choices() -> list[SelectChoice]:
    """No channel chosen at first, then the public and the private channels, grouped: whether
    a response can reach an external pack is a deliberate choice (ResponseChannel.is_public)."""
    public = [c for c in ResponseChannel if c.is_public]
    private = [c for c in ResponseChannel if not c.is_public]
    return [
        SelectChoice("", "— choose the channel —"),
        *(SelectChoice(c.value, c.label, optgroup=PUBLIC_GROUP) for c in public),
        *(SelectChoice(c.value, c.label, optgroup=PRIVATE_GROUP) for c in private),
    ]


def channel_hint() -> str:
    public = ", ".join(c.label.lower() for c in ResponseChannel if c.is_public)
    private = ", ".join(c.label.lower() for c in ResponseChannel if not c.is_public)
    return (
        f"Public ({public}) can appear in external briefing packs; "
        f"private ({private}) only in internal ones."
    )


class AskPositionForm(Form):
    """One row of the positions table: the ask (hidden), the position taken and a note.
    A blank position means the response is not about this ask."""

    ask_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    position = SelectField(
        "Position",
        choices=enum_choices(Position, blank=NOT_ABOUT_THIS_ASK),
        validators=[Optional()],
    )
    # Several lines: the seed's notes run over more than one, and a one-line input would drop
    # their line breaks on every edit.
    note = TextAreaField(
        "Note",
        validators=[Optional(), Length(max=2000)],
        filters=[strip],
        render_kw={"rows": 2},
    )

    def validate_note(self, field):
        if field.data and not self.position.data:
            raise ValidationError("Choose a position to keep this note, or clear the note.")


class ResponseForm(VersionedForm):
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=200), single_line], filters=[strip]
    )
    # A chooser, never a <select> of every organisation (docs/choosers.md).
    organisation_id = ChooserField(
        "Organisation", chooser=ORGANISATION_CHOOSER, required="Choose the organisation."
    )
    response_date = DateField("Date", validators=[DataRequired(message="Enter the date.")])
    channel = SelectField(
        "Channel",
        choices=channel_choices(),
        default="",  # nothing is public by default
        validators=[DataRequired(message="Choose the channel: public or private.")],
        description=channel_hint(),
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
