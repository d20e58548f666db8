"""Forms drawn with the GOV.UK Design System (docs/frontend.md).

Every field on every page goes through one macro (`field` in templates/macros/forms.html),
which calls `govuk_field` here: the field is drawn by the govuk-frontend-wtf widget for its kind,
which renders GOV.UK Frontend's own component macro (govuk-frontend-jinja), so each field has
GOV.UK's label, hint, error message and ARIA wiring, and the page's error summary links to it.
The form classes keep WTForms' own widgets, so forms validate and post exactly as before
(a date is still one `YYYY-MM-DD` value, the API and bundles share the same form).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from jinja2 import BaseLoader, ChoiceLoader, PackageLoader, PrefixLoader
from markupsafe import Markup
from wtforms import Field, SelectField
from wtforms.widgets import HiddenInput


class _AllErrors:
    """Shows every error message of a field, not only the first (a field can break two rules)."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        if field.errors:
            params["errorMessage"] = {"text": " ".join(str(e) for e in field.errors)}
        return params


class _SelectOptions:
    """Keeps each choice's own attributes (a choice shown but disabled: "Restricted (needs
    clearance)"), which GovSelect drops."""

    def map_gov_params(self, field: SelectField, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        for item, (_value, _label, _selected, render_kw) in zip(
            params["items"], field.iter_choices(), strict=True
        ):
            extra = dict(render_kw or {})
            if extra.pop("disabled", False):
                item["disabled"] = True
            if extra:
                item["attributes"] = extra
        return params


def _widget(kind: type, **options: Any) -> Any:
    return type(kind.__name__, (_AllErrors, kind), {})(**options)


# A field's kind (its class or a parent's name) to the GOV.UK widget that draws it.
_WIDGETS: dict[str, Any] = {
    "BooleanField": _widget(GovCheckboxInput),
    "RadioField": _widget(GovRadioInput),
    "SelectMultipleField": _widget(GovCheckboxesInput),
    "SelectField": type("GovSelect", (_AllErrors, _SelectOptions, GovSelect), {})(),
    "TextAreaField": _widget(GovTextArea),
    "PasswordField": _widget(GovPasswordInput),
    "FileField": _widget(GovFileInput),
    "MultipleFileField": _widget(GovFileInput, multiple=True),
}
_TEXT = _widget(GovTextInput)


def _widget_for(field: Field) -> Any:
    for kind in type(field).__mro__:
        if kind.__name__ in _WIDGETS:
            return _WIDGETS[kind.__name__]
    return _TEXT


def govuk_field(field: Field, hint: str | None = None, **params: Any) -> Markup:
    """The field as its GOV.UK component. `hint` replaces the field's description; `params`
    are the component's own options (e.g. `classes`, `label`, `formGroup`), merged in."""
    if isinstance(field.widget, HiddenInput):
        return field()  # WTForms' own hidden input
    attributes = dict(field.render_kw or {})
    # What WTForms' own input widgets add from the validators (maxlength from Length, …);
    # the GOV.UK widgets do not, and the browser's limits should match the server's.
    for name in ("maxlength", "minlength", "min", "max", "step", "pattern"):
        value = getattr(field.flags, name, None)
        if value is not None and value is not False and name not in attributes:
            attributes[name] = value
    widget = _widget_for(field)
    if widget is _TEXT:
        # The field's own input type (date, email, number, url) and value format are kept.
        attributes["type"] = getattr(field.widget, "input_type", "text") or "text"
    options: dict[str, Any] = dict(params)
    if hint:
        options["hint"] = {"text": hint}
    return widget(field, params=options, **attributes)


def init_app(app: Flask) -> None:
    """GOV.UK Frontend's Jinja macros under `govuk_frontend_jinja/…` and the widgets' templates
    under `govuk_frontend_wtf/…`; `wtforms_errors(form)` for the error summary."""
    packages = PrefixLoader(
        {
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }
    )
    own = app.jinja_loader  # the app's templates/ folder, searched first
    loaders: list[BaseLoader] = [own, packages] if own is not None else [packages]
    app.jinja_loader = ChoiceLoader(loaders)
    WTFormsHelpers(app)
    app.jinja_env.globals.update(govuk_field=govuk_field)
