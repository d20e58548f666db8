"""Every field that is one line by nature refuses line breaks and control characters, at every
door (campaign.common.text; issue 12, finding 4).

The walks derive their lists from the code, so a new form, field or bundle field cannot miss
the rule: every text input of every form (a `StringField` that is not a text area, a password
or hidden) must refuse them with a message naming the field, and every text field of a bundle
row must refuse them too, unless it is listed below as multi-line.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from sqlmodel import select
from werkzeug.datastructures import MultiDict
from wtforms import Form, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

import campaign
from campaign.common.text import MESSAGE, one_line
from campaign.models import ApiToken, Pack, ReturnImport, User
from campaign.statistics.figures import FigureField
from tests.security.forms import fill
from tests.security.test_escaping import AREAS
from tests.support.html import ERROR_MESSAGE

# Line and paragraph separators and other control characters, each inside a line of text.
BREAKS = ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\t"]
NOT_TYPED = (TextAreaField, PasswordField, HiddenField)  # multi-line, secret, or not typed
# Text inputs whose own parser refuses anything but its format (and so any line break).
OWN_PARSER = {FigureField: "a figure: digits only (campaign.statistics.figures)"}
# Inputs that are not one line by nature, each with its reason. They take line breaks at every
# door (the bundle schema agrees: tests/bundles/test_single_line.py).
NOT_ONE_LINE = {
    "milestones.forms.MilestoneForm.reminders": "days, separated by commas or line breaks; "
    "stored normalised ('28,7,1'), so no line break is ever stored",
}


def _import_every_module() -> None:
    for info in pkgutil.walk_packages(campaign.__path__, "campaign."):
        if info.name.startswith(("campaign.serving", "campaign.migrations")):
            continue  # the WSGI module builds an app on import; migrations hold no forms
        importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _forms() -> dict[str, tuple[type, list[str]]]:
    """'area.FormClass' -> (the form, its single-line fields), for every form in campaign."""
    _import_every_module()
    found = {}
    for form in {c for c in _subclasses(Form) if c.__module__.startswith("campaign.")}:
        fields = sorted(
            name
            for name in dir(form)
            if isinstance(unbound := getattr(form, name), UnboundField)
            and issubclass(unbound.field_class, StringField)
            and not issubclass(unbound.field_class, NOT_TYPED)
        )
        if fields:
            found[f"{form.__module__.removeprefix('campaign.')}.{form.__name__}"] = (form, fields)
    return dict(sorted(found.items()))


FORMS = _forms()


def test_the_walk_finds_the_forms_and_fields():
    """A guard on the walk itself: it sees the forms of every door."""
    fields = {f"{name}.{field}" for name, (_form, names) in FORMS.items() for field in names}
    for expected in (
        "milestones.forms.MilestoneForm.title",
        "milestones.forms.MoveForm.note",
        "asks.forms.AskForm.owner_email",
        "accounts.forms.UserCreateForm.name",
        "accounts.token_views.TokenForm.name",
        "packs.forms.PackForm.made_by",
        "returns.forms.ConfirmForm.imported_by",
        "statistics.forms.StatisticForm.chart_label",
    ):
        assert expected in fields
    assert len(fields) >= 38


@pytest.mark.parametrize("name", list(FORMS))
def test_every_single_line_field_of_every_form_refuses_line_breaks(app, name):
    form_class, names = FORMS[name]
    missed = []
    with app.test_request_context(method="POST"):
        for field_name in names:
            exempt = f"{name}.{field_name}" in NOT_ONE_LINE
            for brk in BREAKS:
                data = MultiDict({field_name: f"First line{brk}second line"})
                form = form_class(formdata=data, meta={"csrf": False})
                field = form[field_name]
                field.validate(form)
                if exempt:
                    ok = not any(MESSAGE in error for error in field.errors)
                elif type(field) in OWN_PARSER:
                    ok = bool(field.errors)
                else:
                    ok = f"{field.label.text} {MESSAGE}." in field.errors
                if not ok:
                    missed.append((field_name, repr(brk), field.errors))
    assert missed == []


def test_a_single_line_is_accepted(app):
    """The control: the rule refuses only what it should (accents, dashes, quotes pass)."""
    form_class, _ = FORMS["milestones.forms.MilestoneForm"]
    with app.test_request_context(method="POST"):
        data = MultiDict({"title": "Ofcom’s codes — “illegal harms” (2025/26) é"})
        form = form_class(formdata=data, meta={"csrf": False})
        assert form.title.validate(form) and form.title.errors == []


def _errors_by_field(page: str) -> dict[str, str]:
    found = re.findall(ERROR_MESSAGE, page)
    return dict(found)


@pytest.mark.parametrize("area", AREAS)
def test_every_create_page_refuses_a_line_break_in_its_one_line_fields(client, make, area):
    """Through the real pages: every text input of the create form gets two lines; each is
    refused beside its field and nothing is saved, while the text areas take them."""
    make.organisation(name="Ofcom")
    make.source(title="A source")
    make.ask(title="An ask")
    url = f"/{area}/new"
    page = client.get(url).get_data(as_text=True)
    text_areas = set(re.findall(r'<textarea[^>]*\sname="([^"]+)"', page))
    data, typed = fill(page, url, lambda name, maxlength: "Line one\r\nline two")
    response = client.post(url, data=data)
    assert response.status_code == 422, area
    errors = _errors_by_field(response.get_data(as_text=True))
    one_line_fields = [name for name in typed if name not in text_areas]
    assert one_line_fields, area
    for name in one_line_fields:
        assert MESSAGE in errors.get(name, ""), (area, name, errors)
    for name in text_areas & set(typed):
        # (a row of the positions table shows its fields' errors on the row)
        shown = errors.get(name, "") + errors.get(name.rpartition("-")[0], "")
        assert MESSAGE not in shown, (area, name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Closes\r\nBcc: x@example.org", "Closes Bcc: x@example.org"),
        ("a\u2028b\x85c\x00d\te", "a b c d e"),
        ("  padded \n", "padded"),
        ("One line", "One line"),
        ("", ""),
    ],
)
def test_one_line_folds_old_text(text, expected):
    assert one_line(text) == expected


BAD = "Ann\nBcc: leak@example.net"
# Every command option that names or titles what it creates: (arguments, the option named).
COMMANDS = [
    (["create-user", "someone@example.org", "--role", "viewer", "--name", BAD], "'--name'"),
    (["create-user", f"someone@example.org{BAD}", "--role", "viewer"], "'EMAIL'"),
    (["ensure-admin", "--email", f"admin@localhost{BAD}"], "'--email'"),
    (["create-token", "dev@example.org", "--name", BAD], "'--name'"),
    (["pack", "--ask", "a", "--audience", BAD, "-o", "{tmp}/p.pdf"], "'--audience'"),
    (
        ["pack", "--ask", "a", "--audience", "Ofcom", "--title", BAD, "-o", "{tmp}/p.pdf"],
        "'--title'",
    ),
    (["pack", "--ask", "a", "--audience", "Ofcom", "--by", BAD, "-o", "{tmp}/p.pdf"], "'--by'"),
    (["import-returns", "{tmp}/r.csv", "--source", "foi", "--by", BAD], "'--by'"),
]
TABLES = (User, ApiToken, Pack, ReturnImport)


@pytest.mark.parametrize(("args", "option"), COMMANDS)
def test_commands_refuse_a_name_or_title_that_is_not_one_line(
    runner, session, tmp_path, args, option
):
    (tmp_path / "r.csv").write_text("force,period\n", encoding="utf-8")
    before = {table: len(session.exec(select(table)).all()) for table in TABLES}
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = runner.invoke(args=args, input="a long enough password\n")
    assert result.exit_code == 2, result.output
    assert f"Invalid value for {option}: {MESSAGE}" in result.output
    session.expire_all()
    assert {table: len(session.exec(select(table)).all()) for table in TABLES} == before
    assert not (tmp_path / "p.pdf").exists()
