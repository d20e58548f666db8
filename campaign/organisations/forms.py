from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from campaign.models.enums import OrganisationKind


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=OrganisationKind.choices(), validators=[DataRequired()])
    parent_id = SelectField(
        "Part of",
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validators=[Optional()],
        description="For example, Instagram is part of Meta.",
    )
    website = StringField(
        "Website", validators=[Optional(), URL(require_tld=True), Length(max=500)],
        filters=[lambda v: v.strip() or None if isinstance(v, str) else v],
    )
    notes = TextAreaField("Notes", validators=[Optional()])
