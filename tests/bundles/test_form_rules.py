"""One validation for every door (issue 13): a bundle never stores what the web form would
refuse. The walk below visits every field of every bundle row; each is either typed into a
form field (its FormRule, campaign.bundles.form_rules) or listed here with the reason it has
none. For each form field it derives, from the field's own validators, values the form
refuses, checks that the form really refuses them, and that the bundle refuses them too,
naming the row and field. A new bundle field, form field or form rule cannot diverge."""

from __future__ import annotations

from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, Form, SelectField
from wtforms.fields.core import UnboundField
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, Regexp

from campaign.bundles.errors import format_path
from campaign.bundles.form_rules import FormRule, form_rule_of
from campaign.bundles.loading import validate
from campaign.bundles.schema import Bundle
from campaign.bundles.sections import derived, row_model
from campaign.common.formdata import NOT_CONTENT
from campaign.common.forms import single_line
from campaign.statistics.figures import FigureField

HEADER = {"format": "campaign-bundle", "version": 1}
STATISTIC = {"key": "s", "label": "S", "value": "1", "unit": "count"}
MILESTONE = {"key": "m", "title": "M", "date": "2026-07", "kind": "event"}
ASK = {"slug": "a", "title": "A"}
RESPONSE = {
    "key": "r",
    "title": "R",
    "organisation": "o",
    "date": "2024-01-01",
    "channel": "letter",
}
INTERACTION = {"key": "i", "title": "I", "kind": "call", "at": "2026-07-14T10:00:00Z"}
COMMITMENT = {"key": "c", "title": "C", "organisation": "o", "due": "2027"}
WATCH = {"key": "w", "name": "W", "organisation": "o", "terms": "Ofcom", "sources": ["hansard"]}
CHANGE = {"old_status": "open", "new_status": "kept", "changed_on": "2026-06-01", "note": "N"}

# Where a row of each model sits in a valid bundle: (section, the row, the path inside it to
# the model, the model's other required fields).
HOSTS: dict[str, tuple[str, dict, tuple, dict]] = {
    "OrganisationRow": ("organisations", {"key": "o", "name": "O", "kind": "regulator"}, (), {}),
    "SourceRow": ("sources", {"key": "src", "title": "T", "kind": "report"}, (), {}),
    "StatisticRow": ("statistics", STATISTIC, (), {}),
    "Period": ("statistics", STATISTIC, ("period",), {}),
    "Formula": ("statistics", STATISTIC, ("formula",), {"kind": "sum", "inputs": ["a", "b"]}),
    "EvidenceRow": ("evidence", {"key": "e", "title": "E", "kind": "quote"}, (), {}),
    "MilestoneRow": ("milestones", MILESTONE, (), {}),
    "Done": ("milestones", MILESTONE, ("done",), {"at": "2026-07-01T10:00:00"}),
    "Move": (
        "milestones",
        MILESTONE,
        ("moves", 0),
        {"old_date": "2026-06", "new_date": "2026-07", "moved_at": "2026-05-01T10:00:00"},
    ),
    "AskRow": ("asks", ASK, (), {}),
    "StatisticLink": ("asks", ASK, ("statistics", 0), {"statistic": "s"}),
    "EvidenceLink": ("asks", ASK, ("evidence", 0), {"evidence": "e"}),
    "MilestoneLink": ("asks", ASK, ("milestones", 0), {"milestone": "m"}),
    "ResponseRow": ("responses", RESPONSE, (), {}),
    "ResponseAskLink": ("responses", RESPONSE, ("asks", 0), {"ask": "a", "position": "supports"}),
    "InteractionRow": ("interactions", INTERACTION, (), {}),
    "InteractionAskLink": ("interactions", INTERACTION, ("asks", 0), {"ask": "a"}),
    "CommitmentRow": ("commitments", COMMITMENT, (), {}),
    "CommitmentChangeRow": (
        "commitments",
        {**COMMITMENT, "status": "kept"},
        ("changes", 0),
        CHANGE,
    ),
    "WatchRow": ("watches", {**WATCH, "sources": ["feed"], "feeds": ["https://x.org/f"]}, (), {}),
    # Each derived section (campaign.bundles.sections): a row from its entity's sample.
    **{
        row_model(e).__name__: (e.bundle.section, {e.key_field: "x", **e.sample(1)}, (), {})
        for e in derived()
    },
}

KEY = "a row's key: no form field (the forms make it, common.keys); the schema checks it"
REFERENCE = "a reference by key: checked against the file and the database (references.py)"
ACTION = "archiving is an action on the page, not a form field"
CHECKBOX = "true or false: a checkbox refuses nothing"
NESTED = "rows of their own: their fields are walked"
RECORDED = "a time the app records itself when the user acts"
NO_FORM_FIELD = {
    **{f"{row}Row.key": KEY for row in ("Organisation", "Source", "Statistic", "Evidence")},
    **{f"{row}Row.key": KEY for row in ("Milestone", "Response", "Interaction")},
    **{f"{row}Row.archived": ACTION for row in ("Organisation", "Source", "Statistic")},
    **{f"{row}Row.archived": ACTION for row in ("Evidence", "Milestone", "Ask", "Response")},
    "InteractionRow.archived": ACTION,
    "InteractionRow.people": REFERENCE,
    "InteractionRow.organisations": REFERENCE,
    "InteractionRow.response": REFERENCE,
    "InteractionRow.asks": NESTED,
    "InteractionAskLink.ask": REFERENCE,
    # The form's UK time, parsed (interactions.forms.parse_moment), is this ISO moment.
    "InteractionRow.at": "an ISO 8601 moment, checked by the schema (Timestamp)",
    "OrganisationRow.parent": REFERENCE,
    "StatisticRow.source": REFERENCE,
    "EvidenceRow.source": REFERENCE,
    "MilestoneRow.organisation": REFERENCE,
    "MilestoneRow.source": REFERENCE,
    "AskRow.targets": REFERENCE,
    "StatisticLink.statistic": REFERENCE,
    "EvidenceLink.evidence": REFERENCE,
    "MilestoneLink.milestone": REFERENCE,
    "ResponseRow.organisation": REFERENCE,
    "ResponseAskLink.ask": REFERENCE,
    "EvidenceRow.composite": CHECKBOX,
    "MilestoneRow.planned": CHECKBOX,
    "StatisticRow.period": NESTED,
    "StatisticRow.formula": NESTED,
    "MilestoneRow.done": NESTED,
    "MilestoneRow.moves": NESTED,
    "AskRow.statistics": NESTED,
    "AskRow.evidence": NESTED,
    "AskRow.milestones": NESTED,
    "ResponseRow.asks": NESTED,
    **{
        f"CommitmentRow.{name}": REFERENCE
        for name in ("person", "organisation", "response", "interaction")
    },
    **{f"CommitmentRow.{name}": REFERENCE for name in ("ask", "milestone")},
    "CommitmentRow.key": KEY,
    "CommitmentRow.archived": ACTION,
    "CommitmentRow.changes": NESTED,
    "CommitmentChangeRow.old_status": "the status before: the schema checks it follows the last",
    "CommitmentChangeRow.response": REFERENCE,
    **{f"WatchRow.{name}": REFERENCE for name in ("ask", "person", "organisation")},
    "WatchRow.owner": "a user by e-mail address: checked against the accounts (watches.py)",
    "WatchRow.key": KEY,
    "WatchRow.archived": ACTION,
    "Done.at": RECORDED,
    "Move.moved_at": RECORDED,
    **{f"{row_model(e).__name__}.{e.key_field}": KEY for e in derived()},
    **{f"{row_model(e).__name__}.archived": ACTION for e in derived()},
}


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict:
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            kind = stack.pop()
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                if kind.__name__ not in seen:
                    seen[kind.__name__] = kind
                    _models(kind, seen)
            else:
                stack.extend(get_args(kind))
    return seen


MODELS = _models(Bundle, {})
FIELDS = {
    f"{name}.{field}": info
    for name, model in MODELS.items()
    for field, info in model.model_fields.items()
}
RULES: dict[str, FormRule] = {
    name: rule for name, info in FIELDS.items() if (rule := form_rule_of(info.metadata))
}

# Form fields a bundle does not carry as such (the rows above name them by key instead).
FORM_ONLY = {
    "OrganisationForm.parent_id",
    "StatisticForm.source_id",
    "EvidenceForm.source_id",
    "EvidenceForm.is_composite",
    "MilestoneForm.organisation_id",
    "MilestoneForm.source_id",
    "MilestoneForm.is_planned",
    "AskForm.target_ids",
    "ResponseForm.organisation_id",
    "ResponseForm.positions",  # its rows: AskPositionForm
    "AskPositionForm.ask_id",
    "LinkForm.item_id",
    "PersonForm.parliament_member_id",  # not yet in the section `people` (docs/people.md)
    "PersonForm.tag_names",  # not yet in the section `people`: a derived section has no lists
    "InteractionForm.occurred_at",  # the row's `at`, an ISO moment (campaign.bundles.interactions)
    "InteractionForm.user_emails",  # accounts: not in bundles (docs/bundles.md)
    "InteractionForm.person_keys",  # the row's `people`, by key
    "InteractionForm.organisation_keys",  # the row's `organisations`, by key
    "InteractionForm.asks",  # its rows: AskDiscussedForm
    "AskDiscussedForm.ask",  # the link's `ask`, by slug
    "AskDiscussedForm.discussed",  # a link listed is an ask discussed
    *(
        f"CommitmentForm.{name}_id"
        for name in ("person", "organisation", "response", "interaction", "ask")
    ),
    # A status change's evidence: carried by each of `changes` (StatusForm's rules).
    *(f"CommitmentForm.status_{name}" for name in ("note", "url", "response_id", "on")),
    "StatusForm.status_response_id",
    # A watch's row names them by slug or key, its owner by e-mail (campaign.bundles.watches).
    *(f"WatchForm.{name}" for name in ("ask", "person", "organisation", "owner")),
}


def _form_fields(form: type) -> set[str]:
    return {
        name
        for name in dir(form)
        if isinstance(getattr(form, name), UnboundField) and name not in NOT_CONTENT
    }


def _form_refuses(rule: FormRule, text: str) -> bool:
    """WTForms' own verdict on `text` typed into the field, independent of FormRule."""
    single = type("Single", (Form,), {rule.name: rule.unbound})
    return not single(formdata=MultiDict([(rule.name, text)])).validate()


def _parser(validator: Any) -> bool:
    return getattr(validator, "__qualname__", "").startswith("_parsed_by")


def refused_values(rule: FormRule) -> list[str]:
    """Values the form field's own definition refuses, derived from its validators."""
    unbound = rule.unbound
    validators = unbound.kwargs.get("validators", [])
    values: list[str] = []
    if issubclass(unbound.field_class, SelectField):
        values.append("not-a-choice")
    if issubclass(unbound.field_class, DateField):
        values += ["2024-02-30", "26/10/2023"]
    if issubclass(unbound.field_class, FigureField):
        values += ["lots", "0." + "0" * 28 + "1", "1" * 29]
    for validator in validators:
        if isinstance(validator, DataRequired | InputRequired):
            values += ["", "   "]
        if validator is single_line:
            values.append("First line\nsecond line")
        if isinstance(validator, Email):
            values += ["owner0@x.test", "policy team", "someone@localhost"]
        if isinstance(validator, Regexp) and validator.regex.pattern.startswith("^https?"):
            values += ["javascript:alert(1)", "javascript://x.test/%0aalert(1)", "ftp://x.org/f"]
        elif isinstance(validator, Regexp):
            values += ["-a", "a--b", "Not A Slug"]
        if isinstance(validator, URL):
            values += ["https://localhost/x", "https://"]
        if isinstance(validator, Length) and validator.max > 0:
            if any(isinstance(v, Email) for v in validators):
                values.append("a" * validator.max + "@example.org")
            elif any(isinstance(v, URL) for v in validators):
                values.append("https://www.gov.uk/" + "a" * validator.max)
            else:
                values.append("a" * (validator.max + 1))
        if _parser(validator):
            values += [v for v in ("x?", "-1", "2026-13", "policy team") if _form_refuses(rule, v)]
    return values


def _bundle_errors(name: str, value: Any) -> tuple[str, list[str]]:
    model_name, field = name.split(".")
    section, row, path, required = HOSTS[model_name]
    if path:  # ("done",) or ("moves", 0): the model is a mapping or the first of a list
        item = {**required, field: value}
        row = {**row, path[0]: [item] if len(path) == 2 else item}
    else:
        row = {**row, field: value}
    _bundle, errors = validate({**HEADER, section: [row]})
    return format_path((section, 0, *path, field)), [str(e) for e in errors]


def _as_bundle_value(name: str, text: str, rule: FormRule) -> Any:
    """The refused text as a bundle writes it: a list field takes it as items."""
    if get_origin(FIELDS[name].annotation) is not list:
        return text
    lengths = [v.max for v in rule.unbound.kwargs.get("validators", []) if isinstance(v, Length)]
    if lengths and len(text) > lengths[0]:  # too long as a whole: many short items
        return [f"t{i:04d}" for i in range(lengths[0] // 7 + 2)]
    return [text]


def test_the_walk_sees_every_field():
    assert set(HOSTS) == set(MODELS)  # every kind of row has a place in a test bundle
    rows = set(FIELDS)
    assert "AskRow.owner_email" in RULES and "Done.url" in RULES
    # Every field is typed into a form field, or says why not: never both, never neither.
    assert set(RULES) | set(NO_FORM_FIELD) == rows
    assert not set(RULES) & set(NO_FORM_FIELD)


def test_every_form_field_is_carried_by_a_bundle_field():
    forms = {rule.form for rule in RULES.values()}
    carried = {f"{rule.form.__name__}.{rule.name}" for rule in RULES.values()}
    every = {f"{form.__name__}.{name}" for form in forms for name in _form_fields(form)}
    assert every - carried - FORM_ONLY == set()


@pytest.mark.parametrize("name", sorted(RULES))
def test_host_rows_are_valid(name):
    section, row, path, required = HOSTS[name.split(".")[0]]
    if path:
        row = {**row, path[0]: [required] if len(path) == 2 else required}
    _bundle, errors = validate({**HEADER, section: [row]})
    assert errors == []


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_bundle_refuses_what_the_form_refuses(name):
    rule = RULES[name]
    values = refused_values(rule)
    # A field whose form refuses nothing (free text, a checkbox) is still typed into its
    # form field: a rule added there later applies to bundles at once.
    field_validators = [
        v for v in rule.unbound.kwargs.get("validators", []) if type(v).__name__ not in {"Optional"}
    ]
    if not values:
        assert not field_validators, f"{name}: derive refused values for {field_validators}"
        assert not issubclass(rule.unbound.field_class, SelectField | DateField | BooleanField)
        return
    for text in values:
        assert _form_refuses(rule, text), (name, text)  # the form really refuses it
        path, errors = _bundle_errors(name, _as_bundle_value(name, text, rule))
        assert any(e.startswith(f"{path}:") or e.startswith(f"{path}[") for e in errors), (
            name,
            text,
            errors,
        )


def _max_lengths(schema: Any) -> set[int]:
    if isinstance(schema, dict):
        found = {schema["maxLength"]} if "maxLength" in schema else set()
        return found.union(*(_max_lengths(v) for k, v in schema.items() if k != "items"))
    if isinstance(schema, list):
        return set().union(*(_max_lengths(v) for v in schema))
    return set()


# The bundle writes these differently from the form, so the form's limit is on other text:
# reminders are checked as stored ("28,7,1"), tags one by one (the form: all on one line).
LENGTH_ON_OTHER_TEXT = {"MilestoneRow.reminders", "AskRow.tags"}


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_published_schema_states_the_forms_length(name):
    """docs/bundle.schema.json gives each text field the form's limit (a note's included)."""
    rule = RULES[name]
    lengths = [v.max for v in rule.unbound.kwargs.get("validators", []) if isinstance(v, Length)]
    if not lengths or name in LENGTH_ON_OTHER_TEXT:
        return
    model_name, field = name.split(".")
    schema = MODELS[model_name].model_json_schema()["properties"][field]
    assert _max_lengths(schema) == {lengths[0]}, name
