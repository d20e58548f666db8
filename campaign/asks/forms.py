"""Forms for asks and for the links on the ask page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from campaign.common.chooser_field import MultiChooserField
from campaign.common.forms import (
    VersionedForm,
    blank_to_none,
    enum_choices,
    optional_int,
    single_line,
    strip,
)
from campaign.models.base import KEY_LENGTH
from campaign.models.enums import AskStatus, Priority
from campaign.organisations.services import CHOOSER as ORGANISATION_CHOOSER

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NOTE_LENGTH = 2000


class AskForm(VersionedForm):
    # `target_ids` and `tag_names`, not `targets` and `tags`: WTForms reads a field's value
    # from the row's attribute of the same name, and those attributes are lists of rows.
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=200), single_line], filters=[strip]
    )
    slug = StringField(
        "Web address (slug)",
        validators=[
            Optional(),
            Length(max=KEY_LENGTH),
            single_line,
            Regexp(SLUG_PATTERN, message="Use lowercase letters, digits and single hyphens."),
        ],
        filters=[strip],
        description="Lowercase letters, digits and hyphens. Leave blank to make one from the "
        "title.",
    )
    summary = TextAreaField(
        "Summary",
        validators=[Optional()],
        description="Markdown: **bold**, *italic*, lists and links.",
        render_kw={"rows": 8},
    )
    status = SelectField(
        "Status",
        choices=enum_choices(AskStatus),
        default=AskStatus.DRAFT.value,
        validators=[DataRequired()],
    )
    priority = SelectField(
        "Priority",
        choices=enum_choices(Priority),
        default=Priority.MEDIUM.value,
        validators=[DataRequired()],
    )
    owner = StringField(
        "Owner", validators=[Optional(), Length(max=120), single_line], filters=[strip]
    )
    owner_email = EmailField(
        "Owner's email",
        validators=[Optional(), single_line, Email(), Length(max=254)],
        filters=[blank_to_none],
    )
    # A chooser of several, never a <select> of every organisation (docs/choosers.md).
    target_ids = MultiChooserField(
        "Targets",
        chooser=ORGANISATION_CHOOSER,
        description="The organisations this ask is aimed at: type some of a name to add one; "
        "untick one to remove it.",
    )
    tag_names = StringField(
        "Tags",
        validators=[Optional(), Length(max=1000), single_line],
        filters=[strip],
        description="Separate tags with commas, e.g. encryption, illegal harms codes.",
    )


class LinkForm(FlaskForm):
    """Link an existing statistic, piece of evidence or milestone to an ask. Built with
    `prefix=<kind>` so the three link forms on the ask page have distinct field names."""

    item_id = SelectField(
        "Item",
        coerce=optional_int,
        validate_choice=False,  # the options shown are capped; the service checks the id
        validators=[DataRequired(message="Choose one to link.")],
    )
    note = TextAreaField(
        "Note (optional)",
        validators=[Optional(), Length(max=NOTE_LENGTH)],
        filters=[strip],
        description="How this ask uses it, e.g. “the ‘more than a fifth’ figure”.",
        render_kw={"rows": 2},
    )


class NoteForm(FlaskForm):
    note = TextAreaField("Note", validators=[Optional(), Length(max=NOTE_LENGTH)], filters=[strip])
