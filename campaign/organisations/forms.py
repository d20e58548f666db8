from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from campaign.common.forms import (
    enum_choices,
    optional_int,
    single_line,
    strip,
    web_address_field,
)
from campaign.models.enums import OrganisationKind


class OrganisationForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(), Length(max=200), single_line], filters=[strip]
    )
    kind = SelectField("Kind", choices=enum_choices(OrganisationKind), validators=[DataRequired()])
    parent_id = SelectField(
        "Part of",
        coerce=optional_int,
        validators=[Optional()],
        description="For example, Instagram is part of Meta.",
    )
    website = web_address_field("Website", max_length=500)
    notes = TextAreaField("Notes", validators=[Optional()])
