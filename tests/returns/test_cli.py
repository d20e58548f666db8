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
