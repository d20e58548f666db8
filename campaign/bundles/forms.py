from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms.validators import ValidationError


def _within_limit(form, field) -> None:
    """At most BUNDLE_MAX_BYTES (whatever MAX_CONTENT_LENGTH lets through)."""
    limit = int(current_app.config.get("BUNDLE_MAX_BYTES") or 5 * 1024 * 1024)
    stream = field.data.stream
    size = stream.seek(0, 2)
    stream.seek(0)
    if size > limit:
        raise ValidationError(
            f"The file is {size:,} bytes; the largest accepted is {limit:,} bytes "
            "(setting BUNDLE_MAX_BYTES)."
        )


class UploadForm(FlaskForm):
    # Size: BUNDLE_MAX_BYTES per file, and MAX_CONTENT_LENGTH (413) for the whole request.
    file = FileField(
        "Bundle file",
        validators=[
            FileRequired("Choose a bundle file to import."),
            FileAllowed(["yaml", "yml"], "Choose a .yaml or .yml file."),
            _within_limit,
        ],
        description="A .yaml or .yml file in the bundle format.",
        render_kw={"accept": ".yaml,.yml"},
    )
