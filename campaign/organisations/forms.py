from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from campaign.common.forms import blank_to_none, enum_choices, optional_int, strip
from campaign.models.enums import OrganisationKind


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)], filters=[strip])
    kind = SelectField("Kind", choices=enum_choices(OrganisationKind), validators=[DataRequired()])
    parent_id = SelectField(
        "Part of",
        coerce=optional_int,
        validators=[Optional()],
        description="For example, Instagram is part of Meta.",
    )
    website = StringField(
        "Website",
        validators=[Optional(), URL(require_tld=True), Length(max=500)],
        filters=[blank_to_none],
    )
    notes = TextAreaField("Notes", validators=[Optional()])
