"""The milestone form: one text field takes a day, a month or a year."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from campaign.common.forms import enum_choices, optional_int, strip
from campaign.milestones.services import date_error
from campaign.models.enums import MilestoneKind
from campaign.models.precise_dates import parse_precise_date


def _precise_date(form, field):
    try:
        parse_precise_date(field.data)
    except ValueError as exc:
        raise ValidationError(date_error(exc)) from exc


class MilestoneForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)], filters=[strip])
    date = StringField(
        "Date",
        validators=[DataRequired(message="Enter a date."), _precise_date],
        filters=[strip],
        description="A day (2023-10-26), a month (2026-07) or a year (2027).",
    )
    kind = SelectField("Kind", choices=enum_choices(MilestoneKind), validators=[DataRequired()])
    is_planned = BooleanField("Planned: an announced plan, so the date may move")
    description = TextAreaField(
        "Description", validators=[Optional()], description="Markdown: **bold**, lists, links."
    )
    organisation_id = SelectField("Organisation", coerce=optional_int, validators=[Optional()])
    source_id = SelectField("Source", coerce=optional_int, validators=[Optional()])
    link_ask_id = SelectField(
        "Link to ask",
        coerce=optional_int,
        validators=[Optional()],
        description="Optional: the ask this milestone matters for.",
    )
