from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class UploadForm(FlaskForm):
    # The size limit is MAX_CONTENT_LENGTH, enforced by Flask before the form is read.
    file = FileField(
        "Bundle file",
        validators=[
            FileRequired("Choose a bundle file to import."),
            FileAllowed(["yaml", "yml"], "Choose a .yaml or .yml file."),
        ],
        description="A .yaml or .yml file in the bundle format.",
        render_kw={"accept": ".yaml,.yml"},
    )
