from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from campaign.common.forms import VersionedForm, enum_choices, single_line, strip
from campaign.models.enums import LineStatus


class LineForm(VersionedForm):
    title = StringField(
        "Title",
        validators=[DataRequired(), Length(max=200), single_line],
        filters=[strip],
        description="The subject, e.g. “Ofcom's illegal harms codes”.",
    )
    line = TextAreaField(
        "Line to take",
        validators=[DataRequired()],
        filters=[strip],
        description="The words to use, as they should be said.",
    )
    context = TextAreaField(
        "When to use it",
        validators=[Optional()],
        filters=[strip],
        description="Who may use it and when, and what not to say.",
    )
    status = SelectField(
        "Status",
        choices=enum_choices(LineStatus),
        validators=[DataRequired()],
        default=LineStatus.DRAFT.value,
        description="Only agreed lines may be used; retire a line rather than edit its words "
        "after it has been used.",
    )
    review_by = DateField(
        "Review by",
        validators=[Optional()],
        description="When the line should be checked against what has changed.",
    )
