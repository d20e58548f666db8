"""Bundles refuse line breaks in every field that is one line by nature, naming the row and
field, and import nothing (issue 12, finding 4). The walk below derives the fields from the
schema, so a new text field is checked unless it is listed as multi-line."""

from __future__ import annotations

import io
import re
from typing import get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel
from wtforms import TextAreaField
from wtforms.fields.core import UnboundField

from campaign.bundles.loading import _message, validate
from campaign.bundles.schema import Bundle
from campaign.bundles.sections import derived, row_model
from campaign.common.text import MESSAGE
from tests.bundles.conftest import row_counts

HEADER = "format: campaign-bundle\nversion: 1\n"
BUNDLE = (
    HEADER
    + """organisations:
  - key: ofcom
    name: Ofcom
    kind: regulator
milestones:
  - key: codes-laid
    title: "Codes laid\\r\\nBcc: leak@example.net"
    date: 2026-07
    kind: event
    organisation: ofcom
  - key: statement
    title: Statement
    date: 2026-09
    kind: event
    done: {at: 2026-09-02T10:00:00, note: "Sent\\u2028to Ofcom"}
"""
)
EXPECTED = [
    f"milestones[0].title: {MESSAGE}",
    f"milestones[1].done.note: {MESSAGE}",
]

# Text that may run over several lines: the forms' text areas.
MULTI_LINE = {
    "OrganisationRow.notes",
    "SourceRow.method",
    "SourceRow.coverage",
    "StatisticRow.coverage",
    "StatisticRow.caveats",
    "StatisticRow.basis",
    "EvidenceRow.text",
    "MilestoneRow.description",
    "MilestoneRow.also_remind",  # addresses, one a line or comma-separated
    "AskRow.summary",
    "StatisticLink.note",
    "EvidenceLink.note",
    "MilestoneLink.note",
    "ResponseRow.summary",
    "ResponseAskLink.note",  # the seed's position notes run over several lines
    "InteractionRow.summary",
    "InteractionRow.notes",
    "InteractionAskLink.outcome",
    "CommitmentRow.detail",
    "CommitmentRow.source_note",
    "CommitmentChangeRow.note",
    "WatchRow.terms",  # one alternative a line (campaign.monitoring.terms)
    # A derived section's text areas (campaign.bundles.sections), from its entity's form.
    *(
        f"{row_model(e).__name__}.{name}"
        for e in derived()
        for name in e.bundle.fields
        if isinstance(getattr(e.form, name, None), UnboundField)
        and e.form.__dict__[name].field_class is TextAreaField
    ),
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


ROW_FIELDS = [
    f"{name}.{field}"
    for name, model in sorted(_models(Bundle, {}).items())
    for field in model.model_fields
    if model is not Bundle
]


def _errors_at(model: type[BaseModel], field: str, text: str) -> list[str]:
    annotation = model.model_fields[field].annotation
    is_list = get_origin(annotation) is list
    value, loc = ([text], (field, 0)) if is_list else (text, (field,))
    try:
        model.model_validate({field: value})
    except Exception as exc:  # pydantic's ValidationError
        # In the importer's words (campaign.bundles.loading), as a user would read them.
        return [_message(e) for e in exc.errors() if tuple(e["loc"][: len(loc)]) == loc]
    return []


def test_the_walk_sees_the_rows():
    assert "MilestoneRow.title" in ROW_FIELDS and "ResponseAskLink.note" in ROW_FIELDS
    assert set(ROW_FIELDS) >= MULTI_LINE


@pytest.mark.parametrize("name", ROW_FIELDS)
def test_every_one_line_field_of_a_bundle_refuses_line_breaks(name):
    model_name, field = name.split(".")
    model = _models(Bundle, {})[model_name]
    for brk in ("\r\n", "\n", "\u2028", "\x85", "\x00", "\t"):
        errors = _errors_at(model, field, f"First line{brk}second line")
        if name in MULTI_LINE:
            assert not any(MESSAGE in e for e in errors), (name, repr(brk))
            continue
        assert errors, (name, repr(brk))  # refused, whatever its type
        if not _errors_at(model, field, "Words on one line"):  # free text: the one message
            assert errors == [MESSAGE], (name, repr(brk))


def test_schema_errors_name_the_row_and_field():
    _bundle, errors = validate(yaml.safe_load(BUNDLE))
    assert [str(e) for e in errors] == EXPECTED


def test_an_upload_with_a_title_on_two_lines_is_refused_and_imports_nothing(client, session):
    before = row_counts(session)
    response = client.post(
        "/bundles/",
        data={"file": (io.BytesIO(BUNDLE.encode()), "campaign.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    items = re.findall(r"<li><code>(.*?)</code>: (.*?)</li>", response.get_data(as_text=True))
    assert [f"{path}: {message}" for path, message in items] == EXPECTED
    assert row_counts(session) == before


def test_import_bundle_names_the_rows_and_imports_nothing(runner, session, tmp_path):
    path = tmp_path / "campaign.yaml"
    path.write_text(BUNDLE, encoding="utf-8")
    before = row_counts(session)
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code != 0
    for line in EXPECTED:
        assert line in result.output
    assert row_counts(session) == before
