"""Milestone forms: one text field takes a day, a month or a year; reminders; done; move."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from campaign.asks.services import CHOOSER as ASK_CHOOSER
from campaign.common.chooser_field import ChooserField
from campaign.common.forms import (
    VersionedForm,
    enum_choices,
    single_line,
    strip,
    web_address_field,
)
from campaign.milestones.services import (
    reminder_offsets_value,
    reminder_recipients_value,
    sentence,
)
from campaign.models.enums import MilestoneKind
from campaign.models.precise_dates import parse_precise_date
from campaign.organisations.services import CHOOSER as ORGANISATION_CHOOSER
from campaign.sources.filters import CHOOSER as SOURCE_CHOOSER

DATE_HINT = "A day (2023-10-26), a month (2026-07) or a year (2027)."
MOVE_HINT = (
    "A new date is kept in the date history; to say why it moved, use “Move the date” on the "
    "milestone page."
)


def _parsed_by(parse):
    """A validator that runs a parser raising ValueError, and shows its message."""

    def check(form, field):
        try:
            parse(field.data or "")
        except ValueError as exc:
            raise ValidationError(sentence(exc)) from exc

    return check


def _precise_date_field(label: str, description: str = DATE_HINT) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(message="Enter a date."),
            single_line,
            _parsed_by(parse_precise_date),
        ],
        filters=[strip],
        description=description,
    )


class MilestoneForm(VersionedForm):
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=300), single_line], filters=[strip]
    )
    date = _precise_date_field("Date")
    kind = SelectField("Kind", choices=enum_choices(MilestoneKind), validators=[DataRequired()])
    is_planned = BooleanField("Planned: an announced plan, so the date may move")
    description = TextAreaField(
        "Description", validators=[Optional()], description="Markdown: **bold**, lists, links."
    )
    # Choosers, never <select>s of every row (docs/choosers.md).
    organisation_id = ChooserField("Organisation", chooser=ORGANISATION_CHOOSER)
    source_id = ChooserField("Source", chooser=SOURCE_CHOOSER)
    link_ask_id = ChooserField(
        "Link to ask",
        chooser=ASK_CHOOSER,
        description="Optional: the ask this milestone matters for.",
    )
    # Named unlike the columns (reminder_offsets, reminder_recipients) so that the edit form
    # shows the prefilled text ('none', '28, 7, 1'), not the stored value.
    reminders = StringField(
        "Reminders (days before)",
        validators=[Length(max=100), _parsed_by(reminder_offsets_value)],
        filters=[strip],
    )  # the hint names the default setting: see reminders_hint
    also_remind = TextAreaField(
        "Also remind",
        validators=[_parsed_by(reminder_recipients_value)],
        filters=[strip],
    )  # the hint names the team address: see also_remind_hint


def reminders_hint(default: str) -> str:
    return (
        f"Default: {default}. Days before the date, separated by commas (0 = on the day). "
        "Leave blank for the default; type “none” for no reminders. Reminders go out only "
        "for dates known to the day."
    )


def also_remind_hint(team_address: str) -> str:
    team = f" and to {team_address}" if team_address else ""
    return (
        "E-mail addresses, separated by commas. Every reminder already goes to the owners "
        f"of the linked asks{team}."
    )


class DoneForm(FlaskForm):
    note = StringField(
        "What was done",
        validators=[Length(max=1000), single_line],
        filters=[strip],
        description="E.g. “our consultation response submitted”.",
    )
    url = web_address_field("Link", max_length=1000, description="Optional: where to see it.")


class MoveForm(FlaskForm):
    date = _precise_date_field("New date")
    note = StringField(
        "Reason",
        validators=[Length(max=1000), single_line],
        filters=[strip],
        description="E.g. “Ofcom extended the deadline”.",
    )
