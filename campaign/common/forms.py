"""Small WTForms helpers shared by the areas' forms."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, StringField
from wtforms.validators import URL, Length, Optional, Regexp, ValidationError

from campaign.common.text import MESSAGE, is_single_line

# An address shown as a link must be http(s): the forms check it, and the bundle schema
# publishes it (campaign.bundles.schema.WebAddress).
WEB_ADDRESS_PATTERN = r"^https?://"
WEB_ADDRESS_MESSAGE = "Enter a web address starting http:// or https://."


def choices(pairs: Iterable[tuple[object, str]], *, blank: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices, optionally led by a blank '— none —' option."""
    out = [SelectChoice("", blank)] if blank is not None else []
    out.extend(SelectChoice(str(value), label) for value, label in pairs)
    return out


def enum_choices(enum_cls, *, blank: str | None = None) -> list[SelectChoice]:
    return choices(enum_cls.choices(), blank=blank)


def optional_int(value):
    """Coerce a <select> value to int, with '' or None meaning no choice."""
    if value in (None, "", "None"):
        return None
    return int(value)


def blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def strip(value):
    return value.strip() if isinstance(value, str) else value


def single_line(form, field) -> None:
    """Validator for every field that is one line by nature: no line breaks or control
    characters (the rule is campaign.common.text's; the message names the field)."""
    if isinstance(field.data, str) and not is_single_line(field.data):
        raise ValidationError(f"{field.label.text} {MESSAGE}.")


def web_address_field(label: str, *, max_length: int, description: str | None = None):
    """An optional http(s) address. WTForms' URL check alone lets `javascript://…` through,
    and these addresses are rendered as links."""
    return StringField(
        label,
        validators=[
            Optional(),
            single_line,
            Regexp(WEB_ADDRESS_PATTERN, message=WEB_ADDRESS_MESSAGE),
            URL(require_tld=True, message="Enter a full web address, e.g. https://www.gov.uk/…"),
            Length(max=max_length),
        ],
        filters=[blank_to_none],
        description=description,
    )


def _version(value):
    if isinstance(value, str):
        return int(value) if value.strip().isdigit() else None
    return value


class VersionedForm(FlaskForm):
    """An item's form carrying the version the item was read at (hidden), so a save over a
    newer version is caught and shown as a conflict (campaign.crud.views)."""

    version = HiddenField(filters=[_version])
