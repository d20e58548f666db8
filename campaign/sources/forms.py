from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from campaign.common.forms import (
    VersionedForm,
    enum_choices,
    single_line,
    strip,
    web_address_field,
)
from campaign.models.enums import SourceKind


class SourceForm(VersionedForm):
    title = StringField(
        "Title",
        validators=[DataRequired(), Length(max=300), single_line],
        filters=[strip],
        description="As published, e.g. “Online grooming crimes: FOI returns 2022/23”.",
    )
    publisher = StringField(
        "Publisher",
        validators=[Optional(), Length(max=200), single_line],
        filters=[strip],
        description="Who published it, e.g. NSPCC, Ofcom, Home Office.",
    )
    published_on = DateField("Published on", validators=[Optional()])
    url = web_address_field("Web address", max_length=1000)
    kind = SelectField("Kind", choices=enum_choices(SourceKind), validators=[DataRequired()])
    method = TextAreaField(
        "Method",
        validators=[Optional()],
        filters=[strip],
        description="How the figures were gathered, e.g. “FOI requests to all 43 police forces "
        "in England and Wales, sent in May 2023”.",
    )
    coverage = TextAreaField(
        "Coverage",
        validators=[Optional()],
        filters=[strip],
        description="What the data covers and what is missing, e.g. “35 forces provided usable "
        "data for 2022/23”.",
    )
