"""`flask export-bundle`: everything, in a stable form that imports back exactly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from campaign import models as m
from campaign.db import get_engine
from tests.bundles.conftest import fixture, row_counts

TRICKY_TEXTS = [
    "yes",
    "2024",
    "null",
    "0.5",
    "~",
    "# not a comment",
    "key: value",
    "- not a list",
    "£250 – “curly quotes” and emoji 🙂",
    "  leading spaces",
    "trailing spaces   ",
    "line one\nline two",
    "line with trailing spaces   \nnext",
    "ends with blank lines\n\n\n",
    "no final newline\nsecond",
    "tab\tinside",
    "a very long line " * 12,
    "",
]


def _cli(app, *args: str):
    # Push the app's own context: CLI commands otherwise run in whichever app context is
    # current, here the first app's (the `session` fixture keeps one open).
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def _import_into(app, path) -> str:
    return _cli(app, "import-bundle", str(path)).output


def _export_from(app) -> str:
    return _cli(app, "export-bundle", "-").stdout


def test_export_import_into_an_empty_database_export_is_byte_identical(
    session, make, import_file, export_text, second_app, tmp_path
):
    import_file(fixture("small.yaml"))
    # Rows made in the app rather than by a bundle: gaps in ranks, keys that sort differently
    # by byte and by locale, text that YAML could misread.
    ask = session.exec(select(m.Ask).where(m.Ask.slug == "end-to-end-safety")).one()
    for i, text in enumerate(TRICKY_TEXTS):
        source = make.source(key=f"tricky-{i:02d}", title=f"Tricky {i}", method=text)
        make.evidence(key=f"ev-{i:02d}", text=text, source_id=source.id, title=f"Evidence {i}")
    make.organisation(key="a-b", name="A-B", notes=TRICKY_TEXTS[-5])
    make.organisation(key="ab", name="AB")
    figure = make.statistic(key="ranked-far", value=Decimal("12.50"))
    make.link(m.AskStatistic(ask_id=ask.id, statistic_id=figure.id, rank=7, note="later"))

    first = export_text()
    path = tmp_path / "first.yaml"
    path.write_text(first, encoding="utf-8")
    assert "unchanged" not in _import_into(second_app, path)
    second = _export_from(second_app)

    assert second == first
    with second_app.app_context(), Session(get_engine()) as other:
        assert row_counts(other) == row_counts(session)
        texts = {e.key: e.text for e in other.exec(select(m.Evidence)).all()}
    assert [texts[f"ev-{i:02d}"] for i in range(len(TRICKY_TEXTS))] == TRICKY_TEXTS


def test_an_export_reimports_as_unchanged(session, import_file, export_text, tmp_path):
    import_file(fixture("small.yaml"))
    path = tmp_path / "export.yaml"
    path.write_text(export_text(), encoding="utf-8")
    output = import_file(path)
    assert "new" not in output and "updated" not in output


def test_export_is_sorted_compact_and_keeps_precision(import_file, export_text):
    import_file(fixture("small.yaml"))
    text = export_text()

    assert text.startswith("format: campaign-bundle\nversion: 1\n\norganisations:\n")
    keys = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("  - key: ")]
    assert keys[:4] == ["instagram", "meta", "ofcom", "old-quango"]  # sorted by key
    assert '    value: "12.5"\n' in text  # "12.50" in the file: exact, canonical
    assert '    value: "0.1"\n' in text  # unquoted 0.1 in the file, never a float
    assert '    date: "2026-07"\n' in text and '    date: "2029"\n' in text
    assert "    date: 2024-12-16\n" in text
    assert "    archived: true\n" in text  # archived rows are exported
    # Fields equal to their default are left out.
    for default in ("archived: false", "direction: received", "sensitivity: internal", "[]"):
        assert default not in text
    assert "    notes: |\n      Owned by Meta since 2012.\n      Teen accounts" in text
    # Statistics in the ask's order, not by key.
    assert text.index("- statistic: snapchat-share") < text.index("- statistic: grooming-offences")


def test_an_empty_database_exports_just_the_header(export_text):
    assert export_text() == "format: campaign-bundle\nversion: 1\n"


def test_export_to_a_file(runner, import_file, export_text, tmp_path):
    import_file(fixture("small.yaml"))
    path = tmp_path / "out.yaml"
    result = runner.invoke(args=["export-bundle", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == export_text().encode("utf-8")


def test_milestone_and_statistic_fields_survive_a_round_trip(
    session, make, export_text, second_app, tmp_path
):
    source = make.source(key="src")
    make.statistic(
        key="full",
        value=Decimal("-0.000125"),
        unit=m.StatisticUnit.PERCENT,
        period_end=date(2024, 3, 31),
        as_of=date(2024, 4, 2),
        source_id=source.id,
        archived_at=m.types.utcnow(),
    )
    make.milestone(
        key="year-only",
        milestone_date=date(2027, 1, 1),
        date_precision=m.DatePrecision.YEAR,
        is_planned=True,
    )
    path = tmp_path / "b.yaml"
    path.write_text(export_text(), encoding="utf-8")
    _import_into(second_app, path)
    with second_app.app_context(), Session(get_engine()) as other:
        figure = other.exec(select(m.Statistic)).one()
        milestone = other.exec(select(m.Milestone)).one()
    assert (figure.value, figure.unit, figure.period_start, figure.period_end) == (
        Decimal("-0.000125"),
        "percent",
        None,
        date(2024, 3, 31),
    )
    assert figure.archived_at is not None
    assert (milestone.milestone_date, milestone.date_precision, milestone.is_planned) == (
        date(2027, 1, 1),
        "year",
        True,
    )
