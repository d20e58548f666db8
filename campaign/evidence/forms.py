from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from campaign.accounts.access import may_set_sensitivity
from campaign.common.forms import VersionedForm, enum_choices, single_line, strip
from campaign.models.enums import EvidenceKind, Sensitivity
from campaign.sources.citing_forms import link_ask_field, source_field


class EvidenceForm(VersionedForm):
    title = StringField(
        "Title",
        validators=[DataRequired(), Length(max=200), single_line],
        filters=[strip],
        description="Shown in lists, even for restricted items: nothing that could identify "
        "a child.",
    )
    kind = SelectField(
        "Kind",
        choices=enum_choices(EvidenceKind),
        validators=[DataRequired()],
        description="A case study built from several real accounts must be marked composite below.",
    )
    text = TextAreaField(
        "Text",
        validators=[Optional()],
        filters=[strip],
        description="The quote, account or finding. Blank lines separate paragraphs.",
    )
    attribution = StringField(
        "Attribution",
        validators=[Optional(), Length(max=200), single_line],
        filters=[strip],
        description="Who said it, as it may be cited, e.g. “Parent, North West England”.",
    )
    evidence_date = DateField("Date", validators=[Optional()])
    sensitivity = SelectField(
        "Sensitivity",
        choices=enum_choices(Sensitivity),
        default=Sensitivity.INTERNAL.value,
        validators=[DataRequired()],
        description="Restricted: never shared outside the team; its text is never shown in lists.",
    )
    is_composite = BooleanField(
        "Composite — based on real accounts, not a direct quote",
        description="Always shown as “Composite: not a direct quote”.",
    )
    source_id = source_field("Where it comes from, e.g. the report or case note.")
    link_ask_id = link_ask_field()


def sensitivity_choices() -> list[SelectChoice]:
    """Every sensitivity, with those this user may not set shown but disabled (the service
    refuses them anyway, beside the field)."""
    return [
        SelectChoice(str(value), label)
        if may_set_sensitivity(value)
        else SelectChoice(str(value), f"{label} (needs clearance)", {"disabled": True})
        for value, label in Sensitivity.choices()
    ]
