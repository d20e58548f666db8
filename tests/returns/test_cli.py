"""`flask import-returns PATH --source ID [--dry-run] [--by NAME]`."""

from __future__ import annotations

import pytest
from sqlmodel import select

from campaign import models as m
from tests.returns.conftest import fixture_bytes, row_counts, statistics


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(fixture_bytes("good.csv"))
    return path


def test_import_prints_what_it_did(runner, session, foi, good, monkeypatch):
    monkeypatch.setenv("USER", "analyst")
    result = runner.invoke(args=["import-returns", str(good), "--source", "nspcc-foi"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{good} for source nspcc-foi: 135 rows (135 new, 0 replaced, 0 unchanged); "
        "statistics: 22 created, 0 updated, 0 unchanged."
    )
    assert "  2022/23: 35 of 45 forces with usable data" in lines
    assert "  created returns-nspcc-foi-offences-2022-23: 33,226" in lines
    assert "  created returns-nspcc-foi-comparable-2021-22-2022-23-change: 24.7%" in lines
    assert lines[-1] == f"Imported {good}."
    assert session.exec(select(m.ReturnImport.imported_by)).one() == "analyst"

    again = runner.invoke(args=["import-returns", str(good), "--source", str(foi.id)])
    assert again.exit_code == 0, again.output
    assert "135 unchanged" in again.output
    assert again.output.splitlines()[-1] == "Nothing changed: every row was already imported."
    assert row_counts(session)["return_imports"] == 1


def test_by_names_who_imported(runner, session, foi, good):
    result = runner.invoke(
        args=["import-returns", str(good), "--source", "nspcc-foi", "--by", "Sam Jones"]
    )
    assert result.exit_code == 0, result.output
    assert session.exec(select(m.ReturnImport.imported_by)).one() == "Sam Jones"


def test_dry_run_prints_the_preview_and_writes_nothing(runner, session, foi, good):
    result = runner.invoke(args=["import-returns", str(good), "--source", "nspcc-foi", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "  created returns-nspcc-foi-offences-2022-23: 33,226" in result.output
    assert result.output.splitlines()[-1] == "Dry run: nothing was written."
    assert set(row_counts(session).values()) == {0}


def test_errors_are_listed_by_row_and_column_and_nothing_is_written(runner, session, foi, tmp_path):
    path = tmp_path / "bad-rows.csv"
    path.write_bytes(fixture_bytes("bad-rows.csv"))

    result = runner.invoke(args=["import-returns", str(path), "--source", "nspcc-foi"])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{path}: row 7, column "force": unknown force "Avon and Somrset": did you mean '
        '"Avon and Somerset Constabulary"?',
        f'{path}: row 8, column "offences": "12.5" is not a whole number',
        f'{path}: row 9, column "platform:Snapchat": 120 is more than the force\'s 91 offences',
        f"{path}: 3 errors; nothing was imported.",
    ]
    assert set(row_counts(session).values()) == {0}

    dry = runner.invoke(args=["import-returns", str(path), "--source", "nspcc-foi", "--dry-run"])
    assert dry.exit_code == 1 and "3 errors; nothing was imported." in dry.stderr


def test_file_level_errors_and_unknown_sources(runner, session, foi, tmp_path):
    path = tmp_path / "returns.txt"
    path.write_text("force,period,offences\n")
    result = runner.invoke(args=["import-returns", str(path), "--source", "nspcc-foi"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f'{path}: "returns.txt" is not a .csv or .xlsx file'

    csv = tmp_path / "a.csv"
    csv.write_text("force,period,offences\nKent Police,2022/23,5\n")
    result = runner.invoke(args=["import-returns", str(csv), "--source", "no-such-source"])
    assert result.exit_code == 1
    assert result.stderr == f'{csv}: no source with the key or id "no-such-source".\n'
    assert statistics(session, "nspcc-foi") == {}

    missing = runner.invoke(args=["import-returns", str(csv)])
    assert missing.exit_code == 2 and "--source" in missing.output


def test_an_import_is_in_the_statistics_revision_history(runner, session, foi, good, tmp_path):
    """Written in bulk, around the ORM, and still a revision per statistic it creates or
    changes, with a new version for each change."""
    assert runner.invoke(args=["import-returns", str(good), "--source", "nspcc-foi"]).exit_code == 0
    total = session.exec(
        select(m.Statistic).where(m.Statistic.key == "returns-nspcc-foi-offences-2022-23")
    ).one()
    [created] = session.exec(
        select(m.Revision).where(m.Revision.entity == "statistic", m.Revision.entity_id == total.id)
    ).all()
    assert (created.action, created.version, created.via) == (m.RevisionAction.CREATE, 1, "cli")
    assert created.actor == "flask import-returns" and created.snapshot["value"] == "33,226"
    made = session.exec(select(m.Revision).where(m.Revision.entity == "statistic")).all()
    assert len(made) == 22  # one per statistic created

    # One force's 2022/23 figure corrected: the totals built from it change.
    text = good.read_text().replace(
        "Cheshire Constabulary,2022/23,", "Cheshire Constabulary,2022/23,1"
    )
    corrected = tmp_path / "corrected.csv"
    corrected.write_text(text)
    result = runner.invoke(args=["import-returns", str(corrected), "--source", "nspcc-foi"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    edits = session.exec(select(m.Revision).where(m.Revision.action == m.RevisionAction.EDIT)).all()
    assert edits and {r.via for r in edits} == {"cli"}
    by_id = {r.entity_id: r for r in edits}
    assert total.id in by_id
    old, new = by_id[total.id].changes["value"]
    assert (old, new) == ("33,226", "43,226")
    assert session.get(m.Statistic, total.id).version == by_id[total.id].version == 2
