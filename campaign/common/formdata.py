"""A form's values as plain data, and plain data back as form input.

The web forms are the one place each item's input rules live. Two other paths reuse them:
the JSON write API (a request body becomes form input, so it is validated exactly as the
form is) and revision history (a version's snapshot is the form's values, and restoring a
version feeds that snapshot back through the form and the area's update service).

`form_values(form)` gives {field: value} with JSON types: a string for every text, number,
date and choice field (exactly as the field would show it; a chooser's chosen id), a list of
strings for multiple choices, a bool for a checkbox, and a list of such dicts for a list of
sub-forms (a response's positions). `to_formdata(values)` turns that back into the MultiDict
a browser would have posted.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, FieldList, FormField, SelectFieldBase, SelectMultipleField

from campaign.common.chooser_field import MultiChooserField

# Fields that are not content: the CSRF token, the version an edit was read at, buttons, and
# "also link it to this ask" on a new item (an action, kept as the link itself).
NOT_CONTENT = frozenset({"csrf_token", "version", "submit", "link_ask_id"})


def _choice(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def field_value(field) -> Any:
    if isinstance(field, FieldList):
        return [field_value(entry) for entry in field.entries]
    if isinstance(field, FormField):
        return form_values(field.form)
    if isinstance(field, BooleanField):
        return bool(field.data)
    if isinstance(field, SelectMultipleField | MultiChooserField):
        return [_choice(v) for v in field.data or []]
    if isinstance(field, SelectFieldBase):
        return _choice(field.data)
    text = field._value()
    # A browser posts a textarea's line breaks as CRLF: the same text either way.
    return "" if text is None else str(text).replace("\r\n", "\n")


def form_values(form) -> dict[str, Any]:
    """The form's content as JSON-ready data (see the module docstring)."""
    return {
        field.short_name: field_value(field)
        for field in form
        if field.short_name not in NOT_CONTENT
    }


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "y" if value else ""
    if isinstance(value, Decimal | int | float):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return "" if value is None else str(value)


def to_formdata(values: Mapping[str, Any], *, prefix: str = "") -> MultiDict:
    """{field: value} as posted form input: lists repeat the key, a list of dicts becomes
    `name-0-sub` keys (WTForms' FieldList naming), False is left out as a browser does."""
    data: MultiDict = MultiDict()
    for name, value in values.items():
        key = f"{prefix}{name}"
        if isinstance(value, list | tuple):
            if value and all(isinstance(v, Mapping) for v in value):
                for i, entry in enumerate(value):
                    for sub_key, sub_value in to_formdata(entry, prefix=f"{key}-{i}-").items(
                        multi=True
                    ):
                        data.add(sub_key, sub_value)
            else:
                for v in value:
                    data.add(key, _scalar(v))
        elif isinstance(value, Mapping):
            for sub_key, sub_value in to_formdata(value, prefix=f"{key}-").items(multi=True):
                data.add(sub_key, sub_value)
        elif value is False:
            continue
        else:
            data.add(key, _scalar(value))
    return data
