"""The inbox's own forms: dismissing an item, and a note on a person. The other triage actions
use the record's own form (campaign.<area>.forms, through its entity)."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from campaign.commitments.choosers import PERSON_CHOOSER
from campaign.common.chooser_field import ChooserField
from campaign.common.forms import strip
from campaign.inbox.services import REASON_MAX


class DismissForm(FlaskForm):
    reason = TextAreaField(
        "Reason for dismissing",
        validators=[
            DataRequired(message="Enter why you are dismissing this item."),
            Length(max=REASON_MAX),
        ],
        filters=[strip],
        description="E.g. “not about our asks”: the reasons show how to tune the watch.",
        render_kw={"rows": 2},
    )


class PersonNoteForm(FlaskForm):
    person_id = ChooserField("Person", chooser=PERSON_CHOOSER, required="Choose the person.")
    note = TextAreaField(
        "Note",
        validators=[DataRequired(message="Enter the note to add.")],
        filters=[strip],
        description="Added at the end of the person’s notes (kept in their history).",
        render_kw={"rows": 3},
    )
