from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from campaign.common.chooser_field import ChooserField
from campaign.common.forms import enum_choices, single_line, strip, web_address_field
from campaign.models.enums import OrganisationKind
from campaign.organisations.services import CHOOSER as ORGANISATION_CHOOSER


class OrganisationForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(), Length(max=200), single_line], filters=[strip]
    )
    kind = SelectField("Kind", choices=enum_choices(OrganisationKind), validators=[DataRequired()])
    # A chooser, not a <select> of every organisation (600 at demo scale 10; docs/choosers.md).
    parent_id = ChooserField(
        "Part of",
        chooser=ORGANISATION_CHOOSER,
        description="For example, Instagram is part of Meta.",
    )
    website = web_address_field("Website", max_length=500)
    notes = TextAreaField("Notes", validators=[Optional()])
