"""The one validation of a stance, whichever door records it: the "Record a stance" page
(from a person's page or an ask's stakeholder map) and `POST /api/v1/people/<key>/stances`.
Whether the evidence concerns the person is the service's check (campaign.people.stances)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlmodel import col
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from campaign.asks.services import CHOOSER as ASK_CHOOSER
from campaign.clock import today
from campaign.common.chooser_field import ChooserField
from campaign.common.choosers import row_chooser
from campaign.common.forms import enum_choices, strip
from campaign.models import Interaction, Person, Response
from campaign.models.enums import StanceLevel
from campaign.rendering import format_date

# Choosers of their own (lookups /api/v1/lookup/stance-people …): erased people are not
# offered, as no stance can be recorded for them.
PERSON_CHOOSER = row_chooser(
    "person",
    Person,
    Person.name,
    lookup="stance-people",
    where=col(Person.erased_at).is_(None),
)
INTERACTION_CHOOSER = row_chooser(
    "interaction", Interaction, Interaction.title, lookup="stance-interactions"
)
RESPONSE_CHOOSER = row_chooser("response", Response, Response.title, lookup="stance-responses")


class StanceForm(FlaskForm):
    person_id = ChooserField("Person", chooser=PERSON_CHOOSER, required="Choose a person.")
    ask_id = ChooserField("Ask", chooser=ASK_CHOOSER, required="Choose an ask.")
    stance = SelectField(
        "Stance",
        choices=enum_choices(StanceLevel, blank="— choose a stance —"),
        validators=[DataRequired(message="Choose a stance.")],
    )
    assessed_on = DateField(
        "Assessed on",
        validators=[DataRequired(message="Enter the date of the assessment.")],
        description="The day the evidence shows this stance (today or earlier).",
    )
    interaction_id = ChooserField(
        "Interaction",
        chooser=INTERACTION_CHOOSER,
        description="Evidence: a meeting, call or letter this person attended or took part in.",
    )
    response_id = ChooserField(
        "Response",
        chooser=RESPONSE_CHOOSER,
        description="Evidence: a response from an organisation this person has a role at.",
    )
    evidence = TextAreaField(
        "Evidence note",
        validators=[Optional()],
        filters=[strip],
        description="Other evidence, e.g. a parliamentary question’s or debate’s link.",
    )
    recheck_by = DateField(
        "Re-check by",
        validators=[Optional()],
        description="The ask’s owner is reminded to look again on this day.",
    )

    def validate_assessed_on(self, field) -> None:
        if field.data and field.data > today():
            raise ValidationError(f"Assessed on must be today ({format_date(today())}) or earlier.")

    def validate_recheck_by(self, field) -> None:
        assessed_on = self.assessed_on.data
        if field.data and assessed_on and field.data <= assessed_on:
            raise ValidationError("Re-check by must be after the day it was assessed on.")
