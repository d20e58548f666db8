"""The person's form (the one validation of the page, the API and bundles) and the forms of a
person's roles (their page only)."""

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from campaign.common.chooser_field import ChooserField
from campaign.common.forms import VersionedForm, enum_choices, single_line, strip
from campaign.models.enums import House, LawfulBasis, PersonKind
from campaign.organisations.services import CHOOSER as ORGANISATION_CHOOSER

MEMBER_ID_HINT = (
    "The member's id in the UK Parliament Members API (members-api.parliament.uk), for MPs "
    "and peers; each id belongs to one person."
)


def _line(label: str, max_length: int, **kwargs):
    return StringField(
        label,
        validators=[Optional(), Length(max=max_length), single_line],
        filters=[strip],
        **kwargs,
    )


class PersonForm(VersionedForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=200), single_line],
        filters=[strip],
        description="As they are addressed in writing, e.g. “Dame Melanie Dawes”.",
    )
    kind = SelectField("Kind", choices=enum_choices(PersonKind), validators=[DataRequired()])
    party = _line("Party", 100, description="For parliamentarians.")
    constituency = _line("Constituency", 200, description="For MPs and devolved members.")
    house = SelectField(
        "House",
        choices=enum_choices(House, blank="— none —"),
        validators=[Optional()],
        description="For MPs and peers.",
    )
    email = EmailField(
        "Email", validators=[Optional(), single_line, Email(), Length(max=254)], filters=[strip]
    )
    phone = _line("Phone", 50)
    notes = TextAreaField("Notes", validators=[Optional()], filters=[strip])
    parliament_member_id = IntegerField(
        "Parliament member id",
        validators=[Optional(), NumberRange(min=1, message="Enter a whole number above 0.")],
        description=MEMBER_ID_HINT,
    )
    # `tag_names`, not `tags`: WTForms would read the row's list of Tag rows (as asks do).
    tag_names = StringField(
        "Tags",
        validators=[Optional(), Length(max=1000), single_line],
        filters=[strip],
        description="Separate tags with commas, e.g. select committee, encryption. The same "
        "tags as asks use.",
    )
    lawful_basis = SelectField(
        "Lawful basis",
        choices=enum_choices(LawfulBasis),
        default=LawfulBasis.LEGITIMATE_INTERESTS.value,
        validators=[DataRequired()],
        description="The UK GDPR basis on which the charity holds these details.",
    )
    data_source = TextAreaField(
        "Where these details came from",
        validators=[Optional()],
        filters=[strip],
        description="For example, “their business card, 3 March 2026” or the Members API.",
        render_kw={"rows": 2},
    )


class RoleForm(FlaskForm):
    """A role added on the person's page."""

    title = StringField(
        "Role",
        validators=[DataRequired(), Length(max=200), single_line],
        filters=[strip],
        description="For example, “Chief Executive” or “Minister for Safeguarding”.",
    )
    organisation_id = ChooserField("Organisation", chooser=ORGANISATION_CHOOSER)
    started_on = DateField("Started on", validators=[Optional()])
    ended_on = DateField(
        "Ended on", validators=[Optional()], description="Leave blank for a current role."
    )

    def validate_ended_on(self, field) -> None:
        if field.data and self.started_on.data and field.data < self.started_on.data:
            raise ValidationError("The end must be on or after the start.")


class EndRoleForm(FlaskForm):
    """Ending one of a person's roles on a date (their page)."""

    ended_on = DateField("Ended on", validators=[DataRequired()])
