from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from campaign.common.chooser_field import ChooserField
from campaign.common.forms import single_line, strip
from campaign.returns.queries import SOURCE_CHOOSER


class UploadForm(FlaskForm):
    """Choose the source the returns answer and the file; "Preview" shows what would change."""

    source = ChooserField(
        "Source",
        chooser=SOURCE_CHOOSER,
        required="Choose the source these returns answer.",
        description="The FOI request the forces answered: type some of its title or publisher "
        "(FOI returns are offered first).",
    )
    # The size limit is RETURNS_MAX_BYTES (checked on reading) and MAX_CONTENT_LENGTH.
    file = FileField(
        "Returns file",
        validators=[
            FileRequired("Choose a returns file to import."),
            FileAllowed(["csv", "xlsx"], "Choose a .csv or .xlsx file."),
        ],
        description="A .csv or .xlsx file, one row per force per period (see the format below).",
        render_kw={"accept": ".csv,.xlsx"},
    )


class ConfirmForm(FlaskForm):
    """Import the previewed file: it is named by its SHA-256, kept on the server."""

    source_id = HiddenField(validators=[DataRequired(), Regexp(r"^\d+$")])
    sha256 = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    filename = HiddenField(validators=[DataRequired(), Length(max=255)])
    imported_by = StringField(
        "Imported by",
        validators=[
            DataRequired("Enter who is importing the file."),
            Length(max=120),
            single_line,
        ],
        filters=[strip],
        description="Your name: kept with the import.",
    )
