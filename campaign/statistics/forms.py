from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from campaign.common.forms import VersionedForm, choices, enum_choices, single_line, strip
from campaign.models.enums import StatisticUnit
from campaign.sources.citing_forms import link_ask_field, source_field
from campaign.statistics.derived import input_keys, parse_keys
from campaign.statistics.figures import FigureField
from campaign.statistics.formulas import LABELS


def formula_or_blank(value) -> str:
    """A formula choice as its value; no formula (None from the row) is ''."""
    return "" if value in (None, "None") else str(value)


class InputsField(TextAreaField):
    """Statistic keys in order, typed comma- or newline-separated; from a row, its inputs."""

    def process_data(self, value):
        if value is None or isinstance(value, str):
            self.data = parse_keys(value)
        else:  # a row's StatisticInput links, in position order
            self.data = [item if isinstance(item, str) else item.input.key for item in value]

    def process_formdata(self, valuelist):
        # one text ("a, b"), or the keys repeated (a JSON list through the API)
        self.data = parse_keys(",".join(str(value) for value in valuelist or []))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return ", ".join(self.data or [])


class StatisticForm(VersionedForm):
    label = StringField(
        "Label",
        validators=[DataRequired(), Length(max=300), single_line],
        filters=[strip],
        description="What is counted, e.g. “Online grooming crimes recorded by police”.",
    )
    value = FigureField(
        "Value",
        validators=[InputRequired(message="Enter the figure, e.g. 33,226 or 0.5.")],
        description="The exact number as published, e.g. 33,226 or 0.5. For a percentage "
        "enter percent points: 44 for 44%.",
    )
    value_max = FigureField(
        "Upper bound (a range only)",
        validators=[Optional()],
        description="Only when the figure is a range, e.g. a total that includes small numbers "
        "withheld by some forces: the value is then the lowest it can be and this the highest. "
        "Leave blank for an exact figure.",
    )
    unit = SelectField("Unit", choices=enum_choices(StatisticUnit), validators=[DataRequired()])
    period_label = StringField(
        "Period",
        validators=[Optional(), Length(max=40), single_line],
        filters=[strip],
        description="As it is quoted, e.g. 2022/23 or “year to March 2024”.",
    )
    period_start = DateField("Period start", validators=[Optional()])
    period_end = DateField("Period end", validators=[Optional()])
    geography = StringField(
        "Geography",
        validators=[Optional(), Length(max=120), single_line],
        filters=[strip],
        description="e.g. England and Wales, UK.",
    )
    coverage = TextAreaField(
        "Coverage",
        validators=[Optional()],
        filters=[strip],
        description="What the figure covers, e.g. “35 of 43 police forces provided usable "
        "data for 2022/23”.",
    )
    caveats = TextAreaField(
        "Caveats",
        validators=[Optional()],
        filters=[strip],
        description="What must be said alongside the figure, e.g. “not comparable with "
        "years before 2017 (new recording rules)”.",
    )
    as_of = DateField(
        "As of", validators=[Optional()], description="When the figure was last checked."
    )
    published_wording = StringField(
        "Published wording",
        validators=[Optional(), Length(max=300), single_line],
        filters=[strip],
        description="The claim exactly as published, e.g. “almost half (44%)”.",
    )
    claim = StringField(
        "Claim as published",
        default="",
        validators=[Optional(), Length(max=200), single_line],
        filters=[strip],
        description="Just the words that state the figure, exactly as published, for the "
        "claim checker: e.g. “a 25% increase”, “almost half (44%)”, “more than 33,000”.",
    )
    basis = TextAreaField(
        "Basis",
        validators=[Optional()],
        filters=[strip],
        description="What it is computed from, e.g. “4,312 of 9,876 platform-identified "
        "instances”.",
    )
    formula = SelectField(
        "Formula",
        choices=choices(LABELS.items(), blank="None: a figure as published"),
        coerce=formula_or_blank,
        filters=[formula_or_blank],  # a row without a formula gives None, not coerced
        default="",
        description="For a figure computed from other statistics: it is recomputed exactly "
        "whenever one of them changes. The unit follows the formula: Percent for a percent "
        "change or share, Ratio for a ratio, the inputs’ unit for a sum or difference.",
    )
    inputs = InputsField(
        "Inputs",
        description="The keys of the statistics the formula uses, in order, separated by "
        "commas or new lines. Percent change: from, then to. Share: part, then whole. Sum: "
        "two or more. Difference: a, then b (a − b). Ratio: numerator, then denominator. "
        "Write ? (or “not published”) for an input the publication does not give: the "
        "figure is then kept as published and its claim is “unverifiable (base not "
        "published)”.",
    )
    # default "": a post without these fields (an older form) leaves them blank, not NULL.
    chart = StringField(
        "Chart",
        default="",
        validators=[Optional(), Length(max=120), single_line],
        filters=[strip],
        description="Statistics with the same chart title are drawn together in briefing "
        "packs, e.g. “Child abuse image offences recorded by comparable police forces”.",
    )
    chart_label = StringField(
        "Chart label",
        default="",
        validators=[Optional(), Length(max=80), single_line],
        filters=[strip],
        description="This figure's bar in the chart, e.g. “Snapchat”. Leave blank to use "
        "the period.",
    )
    source_id = source_field(
        "Where the figure comes from. A figure without a source should not be used in public."
    )
    link_ask_id = link_ask_field()

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data, extra_filters, **kwargs)
        if obj is not None and getattr(obj, "formula", None) and not self.inputs.raw_data:
            self.inputs.data = input_keys(obj)  # with "?" where an input is not published
