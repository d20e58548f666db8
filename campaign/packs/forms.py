"""The pack builder: who it is for, which asks in what order, which sections, how marked."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlmodel import Session, select
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from campaign.clock import UK
from campaign.common.chooser_field import ChooserField, MultiChooserField
from campaign.common.forms import enum_choices, single_line, strip
from campaign.models import Interaction, PackClassification, PackFormat, PackSection
from campaign.organisations.services import KEY_CHOOSER as ORGANISATION_KEY_CHOOSER
from campaign.packs.claim_checks import FIELD_LABEL, OVERRIDE
from campaign.packs.options import ALL_SECTIONS, PackOptions
from campaign.packs.whos_who import PERSON_KEY_CHOOSER

EXTERNAL_HINT = (
    "External packs carry public material only: they leave out evidence that is not public, "
    "letters and meetings (and the positions they record), and the team's own notes."
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AskRowForm(Form):
    """One ask in the builder: whether to include it, and where it goes in the pack."""

    slug = StringField(widget=HiddenInput(), validators=[DataRequired(), single_line])
    include = BooleanField("Include")
    order = IntegerField(
        "Order",
        validators=[Optional(), NumberRange(min=1, max=999, message="Use a number from 1.")],
    )


class PackForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[DataRequired("Enter the pack's title."), Length(max=200), single_line],
        filters=[strip],
        description="The pack's heading, e.g. “Briefing for the meeting with Ofcom”.",
    )
    # A chooser by key, never a <select> of every organisation (docs/choosers.md).
    audience_organisation = ChooserField(
        "Audience: an organisation",
        chooser=ORGANISATION_KEY_CHOOSER,
        description="Its upcoming milestones go into the pack too.",
    )
    audience = StringField(
        "…or type who it is for",
        validators=[Length(max=200), single_line],  # no Optional(): validate_audience must run
        filters=[strip],
        description="E.g. “Cross-party peers’ briefing”. Choose an organisation or type one.",
    )
    meeting_date = DateField("Meeting date", validators=[Optional()])
    asks = FieldList(FormField(AskRowForm), label="Asks to include")
    sections = MultiCheckboxField(
        "Sections", choices=enum_choices(PackSection), default=[s.value for s in ALL_SECTIONS]
    )
    # Several people, chosen by key: never a <select> of every MP and peer (docs/choosers.md).
    people = MultiChooserField(
        "Who's who: people attending",
        chooser=PERSON_KEY_CHOOSER,
        description="Internal packs only: each person's roles, stance on these asks, last "
        "interactions and open commitments. Type some of a name to add one; untick one to "
        "remove it.",
    )
    classification = RadioField(
        "Classification",
        choices=enum_choices(PackClassification),
        default=PackClassification.EXTERNAL.value,
        validators=[DataRequired("Choose external or internal.")],
        description=EXTERNAL_HINT,
    )
    format = RadioField(
        "Format",
        choices=enum_choices(PackFormat),
        default=PackFormat.PDF.value,
        validators=[DataRequired("Choose the file's format.")],
    )
    next_steps = TextAreaField(
        "Next steps",
        validators=[Optional(), Length(max=5000)],
        filters=[strip],
        description="Markdown, shown under “Contacts and next steps”.",
    )
    made_by = StringField(
        "Prepared by",
        validators=[DataRequired("Enter who prepared the pack."), Length(max=120), single_line],
        filters=[strip],
        description="Your name: kept with the pack.",
    )
    claims_override = TextAreaField(
        FIELD_LABEL,
        validators=[Optional(), Length(max=2000)],
        filters=[strip],
        description="Only needed when a figure in the pack has an inconsistent claim (see "
        "Claims): say why the pack should go out anyway. Kept with the pack.",
    )
    preview = SubmitField("Preview")
    generate = SubmitField("Generate")

    def set_choices(self, *, asks) -> None:
        """asks: (slug, title): each row gets its ask's title."""
        titles = dict(asks)
        for row in self.asks:
            row.ask_title = titles.get(row.form.slug.data, row.form.slug.data)

    def validate_audience(self, field) -> None:
        if field.data and self.audience_organisation.data:
            raise ValidationError("Choose an organisation or type the audience, not both.")
        if not field.data and not self.audience_organisation.data:
            raise ValidationError("Say who the pack is for: choose an organisation or type it.")

    def validate_asks(self, field) -> None:
        if not any(row.form.include.data for row in field):
            raise ValidationError("Choose at least one ask to include.")

    def validate_sections(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one section.")

    def chosen_slugs(self) -> tuple[str, ...]:
        """The included asks by their order numbers (unnumbered ones last), then as listed."""
        rows = [
            (row.form.order.data is None, row.form.order.data or 0, index, row.form.slug.data)
            for index, row in enumerate(self.asks)
            if row.form.include.data
        ]
        return tuple(slug for *_key, slug in sorted(rows))

    def to_options(self) -> PackOptions:
        return PackOptions(
            title=self.title.data,
            ask_slugs=self.chosen_slugs(),
            format=PackFormat(self.format.data),
            sections=tuple(PackSection(s) for s in self.sections.data),
            classification=PackClassification(self.classification.data),
            audience=self.audience.data or "",
            audience_organisation_key=self.audience_organisation.data or None,
            meeting_date=self.meeting_date.data,
            next_steps=self.next_steps.data or "",
            made_by=self.made_by.data,
            people=tuple(self.people.data or ()),
            extra={OVERRIDE: self.claims_override.data} if self.claims_override.data else {},
        )


def fill_asks(form: PackForm, asks: list[tuple[str, str]], chosen: list[str]) -> None:
    """One row per ask (chosen ones first, numbered in their order; then the rest)."""
    position = {slug: n for n, slug in enumerate(chosen, start=1)}
    listed = [slug for slug in chosen if slug in dict(asks)]
    listed += [slug for slug, _title in asks if slug not in position]
    form.asks.entries = []
    form.asks.last_index = -1
    for slug in listed:
        form.asks.append_entry(
            {"slug": slug, "include": slug in position, "order": position.get(slug)}
        )


def fill_from_options(form: PackForm, options: PackOptions) -> None:
    """Prefill the builder from a kept pack's settings ("Generate again")."""
    form.title.data = options.title
    form.audience_organisation.data = options.audience_organisation_key or ""
    form.audience.data = "" if options.audience_organisation_key else options.audience
    form.meeting_date.data = options.meeting_date
    form.sections.data = [s.value for s in options.sections]
    form.classification.data = options.classification.value
    form.format.data = options.format.value
    form.next_steps.data = options.next_steps
    form.people.data = list(options.people)


def fill_from_interaction(session: Session, form: PackForm, key: str) -> list[str]:
    """Prefill the builder for a meeting (`?interaction=<key>`, "Briefing pack" on its page):
    internal, its date, its first organisation as the audience, its people in Who's who.
    Returns the slugs of the asks it discusses (not archived), to include."""
    meeting = session.exec(select(Interaction).where(Interaction.key == key)).first()
    if meeting is None or meeting.archived_at is not None:
        return []
    form.title.data = f"Briefing: {meeting.title}"[:200]
    form.meeting_date.data = meeting.occurred_at.astimezone(UK).date()
    form.classification.data = PackClassification.INTERNAL.value
    if meeting.organisations:
        form.audience_organisation.data = meeting.organisations[0].key
    form.people.data = [p.key for p in meeting.people if p.erased_at is None]
    return [link.ask.slug for link in meeting.ask_links if link.ask.archived_at is None]
