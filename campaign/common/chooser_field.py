"""A form field that chooses one row of a large table (a statistic's source among 4,000)
without a `<select>` listing them all: the form's side of campaign.common.choosers.

`ChooserField("Source", chooser=CHOOSER)` posts two inputs: `<name>` (the chosen id, hidden)
and `<name>_find` (the text the user sees: the chosen row's label, or what they typed). Its
`data` is the chosen id (an int) or None. Without JavaScript it is a search-then-choose step
inside the form, worked out when the form is validated:

- text unchanged (the chosen row's label, or the words the offered matches were for): the
  posted id is kept;
- no `_find` at all (the API, revision restores, scripts): the posted id is used as it is;
- blank text: no choice (a required field says "Choose a …");
- other text: one match, or one match whose label (or key) is the text in any case, is
  chosen; otherwise the field refuses the form ("No source matches “xyz”", "Choose one of
  the 7 sources matching “crime”") and the page offers the matches as radio buttons named
  `<name>`, with the text they were for posted back as `<name>_asked`.

A form may also `offer` some rows before anything is typed (a response opened from an ask
offers the ask's targets): radio buttons below the empty box, posted back with a blank
`<name>_asked`; while the box stays blank, the one ticked is the choice.

A chosen id must be a row that exists, and an active one unless it is the row's current
value (`prepare(session, current=…)`): the rule the `<select>`s' choices enforced, so the
API and revision restores, which post the id, keep their meaning. The `chooser_input`
part of the `field` macro (templates/macros/forms.html) renders it; static/js/chooser.js
suggests matches as the user types. A chooser built by key (`Chooser.value == "key"`) makes
the data a key instead of an id. `MultiChooserField` chooses several (an ask's targets). See
docs/choosers.md.
"""

from __future__ import annotations

from markupsafe import Markup
from sqlalchemy import func
from sqlmodel import Session, select
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from campaign.common.choosers import MAX_MATCHES, Choice, Chooser
from campaign.common.text import MESSAGE, is_single_line
from campaign.db import get_session

Value = int | str  # a chosen row's id, or its key (Chooser.value)

MAX_TEXT = 300  # longer text is no label: refused before any search


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ChooserInput:
    """The visible text box (`<name>_find`); the macro adds the hidden id and the matches."""

    def __call__(self, field: ChooserField, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)  # `<name>_find`
        attrs = {
            "type": "text",
            "name": field.find_name,
            "value": field.display_text(),
            "autocomplete": "off",
            **kwargs,
        }
        pairs = (
            Markup('{}="{}"').format(key.rstrip("_").replace("_", "-"), value)
            for key, value in attrs.items()
        )
        return Markup("<input {}>").format(Markup(" ").join(pairs))


class ChooserField(Field):
    """See the module docstring. `required` makes a blank choice an error ("Choose a …", or
    the message it is)."""

    widget = ChooserInput()

    def __init__(
        self, label=None, validators=None, *, chooser: Chooser, required: bool | str = False, **kw
    ):
        super().__init__(label, validators, **kw)
        if "id" not in kw:  # the label, hint and errors belong to the text box
            self.id = self.label.field_id = self.find_name
        self.chooser = chooser
        self.required = required
        self.text: str | None = None  # the posted `_find` text; None when none was posted
        self.asked: str | None = None  # the words the offered matches were for
        self.matches: list[Choice] = []
        self.more = False
        self.offered = ""  # the legend of rows offered before anything was typed (`offer`)
        self.current: Value | list[Value] | None = None
        self._session: Session | None = None
        self._labels: dict[Value, str | None] = {}

    @property
    def find_name(self) -> str:
        return f"{self.name}_find"

    @property
    def asked_name(self) -> str:
        return f"{self.name}_asked"

    def prepare(self, session: Session, *, current: Value | list[Value] | None = None) -> None:
        """The session to look rows up in, and the row's current value (kept if archived)."""
        self._session = session
        self.current = current

    def offer(self, choices: list[Choice], legend: str) -> None:
        """Offer `choices` as radio buttons under `legend` before anything is typed, unless a
        search has matches to offer. Call it on every request the form is shown on."""
        if choices and not self.matches:
            self.matches, self.more, self.asked, self.offered = list(choices), False, "", legend

    def _db(self) -> Session:
        if self._session is None:  # not prepared: the request's session
            self._session = get_session()
        return self._session

    # -- reading the post --------------------------------------------------------------
    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        has = formdata is not None and hasattr(formdata, "getlist")
        self.text = formdata.get(self.find_name) if has and self.find_name in formdata else None
        self.asked = formdata.get(self.asked_name) if has else None

    def process_formdata(self, valuelist):
        # The last non-blank value: a radio chosen among the matches comes after the hidden id.
        values = [v.strip() for v in valuelist if isinstance(v, str) and v.strip()]
        self.data = None
        if values:
            self.data = self._coerce(values[-1])

    def _coerce(self, value: str) -> Value:
        """A posted value as the chooser's values are: an id (int), or a key (str)."""
        if self.chooser.value != "id":
            if len(value) > MAX_TEXT:
                raise ValueError(f"Choose an existing {self.chooser.noun}.")
            return value
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            raise ValueError(f"Choose an existing {self.chooser.noun}.")
        return int(value)

    def _value(self) -> str:
        """The chosen value as posted (what the API and revision history store)."""
        return "" if self.data is None else str(self.data)

    # -- search, then choose -----------------------------------------------------------
    def label_of(self, value: Value) -> str | None:
        if value not in self._labels:
            self._labels[value] = self.chooser.label(self._db(), str(value))
        return self._labels[value]

    def display_text(self) -> str:
        """What the text box shows: the words typed when they chose nothing, else the
        chosen row's label (one query), else nothing."""
        if self.text is not None and (self.errors or self.data is None):
            return self.text
        if self.offered and str(self.data) in {value for value, _ in self.matches}:
            return ""  # the offered row ticked shows the choice
        if self.data is not None:
            return self.label_of(self.data) or ""
        return ""

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()  # already says why
        if self.text is not None:
            if not is_single_line(self.text.strip()):
                raise StopValidation(f"{self.label.text} {MESSAGE}.")
            text = _one_line(self.text)
            if not text:
                if self.asked != "":  # else: a row offered before anything was typed, or none
                    self.data = None
            elif self.data is not None and self._unchanged(text):
                pass
            else:
                self.data = self._search(text)
        if self.data is None:
            if self.required:
                message = self.required if isinstance(self.required, str) else None
                raise StopValidation(message or f"Choose a {self.chooser.noun}.")
            return
        self._check(self.data)

    def _unchanged(self, text: str) -> bool:
        if self.asked is not None and text == _one_line(self.asked):
            return True  # a radio chosen among the matches for these words
        label = self.label_of(self.data)
        return label is not None and text.casefold() == _one_line(label).casefold()

    def _search(self, text: str) -> Value:
        noun = self.chooser.noun
        if len(text) > MAX_TEXT:
            raise ValidationError(f"No {noun} matches that: type some of its name.")
        found = list(self.chooser.find(self._db(), text, MAX_MATCHES + 1))
        if len(found) == 1:
            return self._coerce(found[0][0])
        same = [value for value, label in found if _one_line(label).casefold() == text.casefold()]
        if len(same) == 1:
            return self._coerce(same[0])
        by_key = self._by_key(text)
        if by_key is not None:
            return by_key
        if not found:
            raise ValidationError(f"No {noun} matches “{text}”.")
        self.matches, self.more = found[:MAX_MATCHES], len(found) > MAX_MATCHES
        self.asked, self.offered = text, ""  # the matches replace any rows offered
        if self.more:
            raise ValidationError(
                f"More than {MAX_MATCHES} {noun}s match “{text}”: choose one of the first "
                f"{MAX_MATCHES}, or type more of the name."
            )
        raise ValidationError(f"Choose one of the {len(found)} {noun}s matching “{text}”.")

    def _by_key(self, text: str) -> Value | None:
        model = self.chooser.model
        columns = model.__table__.c if model is not None else {}
        key = next((columns[name] for name in ("key", "slug") if name in columns), None)
        if key is None:
            return None
        query = select(getattr(model, self.chooser.value)).where(
            func.lower(key) == text.lower(), model.archived_at.is_(None)
        )
        return self._db().exec(query).first()

    def _check(self, value: Value) -> None:
        """The chosen row exists, and is active unless it is the current value."""
        noun = self.chooser.noun
        model = self.chooser.model
        if model is None:
            if self.label_of(value) is None:
                raise ValidationError(f"Choose an existing {noun}.")
            return
        if self.chooser.value == "id":
            row = self._db().get(model, value)
        else:
            column = getattr(model, self.chooser.value)
            row = self._db().exec(select(model).where(column == value)).first()
        if row is None:
            raise ValidationError(f"Choose an existing {noun}.")
        if row.archived_at is not None and value != self.current:
            raise ValidationError(f"“{self.label_of(value)}” is archived: choose an active {noun}.")


class MultiChooserField(ChooserField):
    """Several rows (an ask's targets). The chosen values post as a repeated `<name>` (ticked
    checkboxes: untick one to remove it); `<name>_find` adds one more by search-then-choose,
    as ChooserField chooses one, its matches offered as more checkboxes. Its data is a list;
    `prepare(session, current=[…])` keeps archived values the row already has."""

    def process_data(self, value) -> None:
        self.data = list(value) if value else []

    def process_formdata(self, valuelist) -> None:
        self.data = []
        values = [v.strip() for v in valuelist if isinstance(v, str) and v.strip()]
        self.data = list(dict.fromkeys(self._coerce(value) for value in values))

    def display_text(self) -> str:
        """The box adds a row: it keeps the words typed only when they chose nothing."""
        return (self.text or "") if self.errors else ""

    def chosen(self) -> list[Choice]:
        """The chosen rows as (value, name), in the order chosen: one query. A value no row
        has is left out (so saving again drops it)."""
        values = [str(value) for value in self.data or []]
        names = self.chooser.labels(self._db(), values) if values else {}
        return [(value, names[value]) for value in values if value in names]

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()
        if self.text is not None:
            if not is_single_line(self.text.strip()):
                raise StopValidation(f"{self.label.text} {MESSAGE}.")
            text = _one_line(self.text)
            # Words already searched for: what was ticked among their matches is in `data`.
            if text and not (self.asked is not None and text == _one_line(self.asked)):
                found = self._search(text)
                if found not in self.data:
                    self.data.append(found)
        if not self.data:
            if self.required:
                message = self.required if isinstance(self.required, str) else None
                raise StopValidation(message or f"Choose a {self.chooser.noun}.")
            return
        self._check_all(self.data)

    def _check_all(self, values: list[Value]) -> None:
        """Each chosen row exists, and is active unless the row already had it."""
        model, noun = self.chooser.model, self.chooser.noun
        column = getattr(model, self.chooser.value)
        rows = {
            getattr(row, self.chooser.value): row
            for row in self._db().exec(select(model).where(column.in_(values)))
        }
        current = set(self.current or ())
        for value in values:
            row = rows.get(value)
            if row is None:
                raise ValidationError(f"Choose an existing {noun}.")
            if row.archived_at is not None and value not in current:
                name = self.chooser.label(self._db(), str(value))
                raise ValidationError(f"“{name}” is archived: choose an active {noun}.")
