"""A bundle's values checked by the web forms' own field rules, so that a bundle never stores
what the form would refuse (issue 13; STYLE.md habit 11).

The forms are the one place each field's input rules live (lengths, single line, e-mail,
http(s) addresses, dates, figures, choices, parsers); the API already validates through them
(campaign.common.formdata). The bundle schema names, for each field, the form field it is
typed into: `FormRule(AskForm, "owner_email")`, used as `Annotated[..., checked_by(AskForm,
"owner_email")]`. After the schema's own checks (types, patterns, the column's length),
the value is typed into that field as a browser would post it and the field's validators run,
exactly as on the page; the first refusal becomes the row's error, in the bundle's words
(`asks[2].owner_email: not an email address`).

Only the field's own validators run: the form-wide `validate_<field>` methods compare fields
with each other (a position's note needs a position) and the bundle schema says those itself.
"""

from __future__ import annotations

import enum
import threading
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from pydantic import AfterValidator
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    StopValidation,
    ValidationError,
)

from campaign.common.forms import single_line
from campaign.common.text import MESSAGE as SINGLE_LINE_MESSAGE
from campaign.models.enums import DatePrecision
from campaign.models.precise_dates import format_precise_date


def as_typed(value: Any) -> str:
    """A bundle value as a user would type it into the form field."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], DatePrecision):
        return format_precise_date(*value)  # a milestone date: (day, precision)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # the figure written out in full, as the form wants it
    if isinstance(value, list | tuple):
        return ", ".join(as_typed(v) for v in value)  # tags, a formula's inputs
    return str(value)


def _sentence_to_words(message: str) -> str:
    """'Enter a web address starting http://.' -> 'enter a web address starting http://'."""
    message = str(message).strip().rstrip(".")
    if len(message) > 1 and message[1].islower():
        message = message[0].lower() + message[1:]
    return message


def _in_bundle_words(validator: Any, message: str, value: str) -> str:
    """The form's message in the words docs/bundles.md uses for the same refusal."""
    if isinstance(validator, Email):
        return "not an email address"
    if validator is single_line:
        return SINGLE_LINE_MESSAGE
    if isinstance(validator, DataRequired | InputRequired):
        return "must not be empty"
    if (
        isinstance(validator, Length)
        and validator.max not in (None, -1)
        and len(value) > validator.max
    ):
        return f"too long: at most {validator.max} characters"
    return _sentence_to_words(message)


class FormRule:
    """The rules of one web form field, applied to a bundle value (see the module docstring)."""

    def __init__(self, form: type, name: str):
        self.form = form
        self.name = name
        self._local = threading.local()  # one bound field per thread, reused for each value

    def __repr__(self) -> str:
        return f"FormRule({self.form.__name__}, {self.name!r})"

    @cached_property
    def _single(self) -> type[Form]:
        """A plain form holding only this field (no CSRF, no app context needed)."""
        return type(f"{self.form.__name__}_{self.name}", (Form,), {self.name: self.unbound})

    @property
    def unbound(self):
        return getattr(self.form, self.name)

    def _bound(self) -> tuple[Form, Any]:
        form = getattr(self._local, "form", None)
        if form is None:
            form = self._local.form = self._single()
        return form, form[self.name]

    def refusal(self, value: Any) -> str | None:
        """Why the form would refuse `value` for this field, or None if it would accept it."""
        return _refusal(self, as_typed(value))

    def check_typed(self, typed: str) -> str | None:
        """`refusal` for text as typed: the field reads it, then runs its validators in
        order, as Field.validate does."""
        return self.check_posted([typed])

    def check_posted(self, posted: list[str]) -> str | None:
        """`check_typed` for the values a browser posts under the field's name (one, or
        several for a multiple choice)."""
        typed = ", ".join(posted)
        form, field = self._bound()
        field.process(MultiDict([(self.name, value) for value in posted]))
        if field.process_errors:  # a value the field cannot even read (a figure, a date)
            return _sentence_to_words(field.process_errors[0])
        field.errors = []  # as Field.validate starts (Optional() clears them)
        try:
            field.pre_validate(form)  # a choice among the form's choices
        except (ValidationError, ValueError) as error:
            return _sentence_to_words(error.args[0] if error.args else "not a valid choice")
        except StopValidation as error:
            if error.args and error.args[0]:
                return _sentence_to_words(error.args[0])
        for validator in field.validators:
            try:
                validator(form, field)
            except StopValidation as error:
                if error.args and error.args[0]:
                    return _in_bundle_words(validator, error.args[0], typed)
                return None  # Optional(): nothing to check in a blank value
            except ValidationError as error:
                return _in_bundle_words(validator, error.args[0] if error.args else "", typed)
        return None

    def __call__(self, value: Any) -> Any:
        if value is None:
            return value
        message = self.refusal(value)
        if message:
            raise ValueError(message)
        return value


class ListRule(FormRule):
    """The rules of a form field that takes several values (a multiple choice, lines of a
    text area), applied to a bundle list: each item posted as one value, as a browser posts
    ticked boxes, not typed as one comma-separated text."""

    def refusal(self, value: Any) -> str | None:
        items = value if isinstance(value, list | tuple) else [value]
        return _list_refusal(self, tuple(as_typed(item) for item in items))


@lru_cache(maxsize=1024)
def _list_refusal(rule: FormRule, posted: tuple[str, ...]) -> str | None:
    return rule.check_posted(list(posted))


def listed_by(form: type, name: str) -> AfterValidator:
    """`checked_by` for a list value, each item one posted value (ListRule)."""
    return AfterValidator(ListRule(form, name))


@lru_cache(maxsize=8192)
def _refusal(rule: FormRule, typed: str) -> str | None:
    """The field's verdict depends on the text alone: a bundle's many repeated values (kinds,
    units, short titles) are checked once."""
    return rule.check_typed(typed)


def checked_by(form: type, name: str) -> AfterValidator:
    """Pydantic metadata: after the schema's checks, the value must pass `form.name`'s rules."""
    return AfterValidator(FormRule(form, name))


def form_max_length(form: type, name: str) -> int | None:
    """The most characters the form field takes (its Length validator), for the schema to
    publish where no database column sets a limit (a note)."""
    for validator in getattr(form, name).kwargs.get("validators", []):
        if isinstance(validator, Length) and validator.max not in (None, -1):
            return validator.max
    return None


def form_rule_of(metadata: list[Any]) -> FormRule | None:
    """The FormRule among a field's pydantic metadata, if it has one."""
    for item in metadata:
        if isinstance(item, AfterValidator) and isinstance(item.func, FormRule):
            return item.func
    return None
