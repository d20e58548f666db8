"""A bundle with any error is refused whole, with every error located by its path."""

from __future__ import annotations

import pytest
from sqlmodel import select

from campaign.models import Organisation
from tests.bundles.conftest import fixture, row_counts

HEADER = "format: campaign-bundle\nversion: 1\n"


def _refused(runner, path) -> list[str]:
    """The error lines of a refused import."""
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code == 1, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    lines = result.output.splitlines()
    assert lines[0].startswith(f"Cannot import {path}: ")
    assert lines[-1] == "Nothing was imported."
    return [line.strip() for line in lines[1:-1]]


def test_every_error_is_located_and_nothing_is_written(runner, session):
    errors = _refused(runner, fixture("many-errors.yaml"))

    assert errors == [
        "organisations[0].parent: makes a loop: meta → instagram → meta",
        "organisations[2].kind: must be one of regulator, company, government, parliament, "
        "charity, other",
        "organisations[3].key: duplicate key 'ofcom' (also organisations[2])",
        "statistics[0].value: not a number",
        "statistics[0].colour: unknown field; expected one of key, label, value, value_max, "
        "unit, period, geography, coverage, caveats, as_of, published_wording, claim, basis, "
        "formula, chart, chart_label, source, archived",
        "statistics[1].source: unknown source 'no-such-source'",
        "asks[0].targets[1]: unknown organisation 'ofcomm'",
        "asks[0].statistics[1].statistic: duplicate statistic 'share' (also asks[0].statistics[0])",
        "responses[0].asks[0].position: must be one of supports, partly_supports, no_position, "
        "opposes",
    ]
    assert set(row_counts(session).values()) == {0}


def test_yaml_syntax_error_gives_line_and_column(runner, session):
    errors = _refused(runner, fixture("syntax-error.yaml"))
    assert errors == [
        "line 10, column 1: not valid YAML: while scanning a quoted scalar started on line 8, "
        "column 11: found unexpected end of stream"
    ]


def test_an_error_anywhere_leaves_the_database_as_it_was(runner, session, import_file, tmp_path):
    import_file(fixture("small.yaml"))
    before = row_counts(session)
    path = tmp_path / "half-good.yaml"
    path.write_text(
        HEADER + "organisations:\n"
        "  - {key: meta, name: Meta Platforms, kind: company}\n"
        "  - {key: brand-new, name: Brand new, kind: charity}\n"
        "asks:\n  - {slug: x, title: X, targets: [nobody]}\n"
    )
    assert _refused(runner, path) == ["asks[0].targets[0]: unknown organisation 'nobody'"]
    session.expire_all()
    assert row_counts(session) == before
    names = {o.key: o.name for o in session.exec(select(Organisation)).all()}
    assert names["meta"] == "Meta" and "brand-new" not in names


def test_a_parent_loop_through_the_database_is_refused(runner, make, tmp_path):
    meta = make.organisation(key="meta", name="Meta", kind="company")
    make.organisation(key="instagram", name="Instagram", kind="company", parent_id=meta.id)
    path = tmp_path / "loop.yaml"
    path.write_text(
        HEADER + "organisations:\n  - {key: meta, name: Meta, kind: company, parent: instagram}\n"
    )
    assert _refused(runner, path) == [
        "organisations[0].parent: makes a loop: meta → instagram → meta"
    ]


def test_an_organisation_cannot_be_its_own_parent(runner, tmp_path):
    path = tmp_path / "self.yaml"
    path.write_text(HEADER + "organisations: [{key: a, name: A, kind: other, parent: a}]\n")
    assert _refused(runner, path) == ["organisations[0].parent: makes a loop: a → a"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["bundle: the file is empty"]),
        ("- a\n- b\n", ["bundle: must be a mapping of field: value"]),
        (
            "format: bundle\nversion: 2\nextra: 1\n",
            [
                "format: must be campaign-bundle",
                "version: must be 1",
                "extra: unknown field; expected one of format, version, organisations, sources, "
                "statistics, evidence, milestones, lines, people, asks, responses, interactions, "
                "commitments, watches",
            ],
        ),
        (HEADER + "sources: {key: a}\n", ["sources: must be a list"]),
        (
            HEADER + "sources:\n  - key: a\n    title: A\n    kind: report\n    title: B\n",
            [
                "line 7, column 5: not valid YAML: 'title' is written twice in this mapping "
                "(first on line 5)"
            ],
        ),
        (
            HEADER + "sources:\n  - &s {key: a, title: A, kind: report}\n  - *s\n",
            ["line 4, column 5: not valid YAML: aliases (*name) are not allowed in a bundle"],
        ),
    ],
    ids=["empty", "not-a-mapping", "header", "not-a-list", "field-twice", "alias"],
)
def test_whole_file_errors(runner, tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    assert _refused(runner, path) == expected


def test_a_reference_to_a_row_with_its_own_error_is_not_reported_twice(runner, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        HEADER + "sources: [{key: a, title: A, kind: rumour}]\n"
        "statistics: [{key: s, label: S, value: '1', unit: count, source: a}]\n"
    )
    assert _refused(runner, path) == [
        "sources[0].kind: must be one of foi_return, report, press_release, statement, "
        "case_note, dataset, legislation, news, web_page, other"
    ]


def test_not_utf8_is_refused(runner, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(
        (HEADER + "sources: [{key: a, title: Caf\xe9, kind: report}]\n").encode("latin-1")
    )
    assert _refused(runner, path) == ["bundle: not UTF-8 text (byte 64 cannot be read)"]
