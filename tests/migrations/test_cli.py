"""`flask db downgrade/upgrade/current` with kept rows, and a refusal as a clean CLI error."""

from __future__ import annotations

from sqlalchemy import text

from campaign.db import get_engine


def test_db_current_lists_the_rows_a_downgrade_kept(seeded, runner):
    result = runner.invoke(args=["db", "downgrade", "20261124_audit_log"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Database at 20261124_audit_log."

    result = runner.invoke(args=["db", "current"])
    first, kept = result.output.strip().splitlines()
    assert first == "20261124_audit_log"
    assert kept.startswith("Rows kept by a downgrade, for the next upgrade: ")
    assert "_stash_asks__version" in kept and "_stash_revisions" in kept

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert len(runner.invoke(args=["db", "current"]).output.strip().splitlines()) == 1


def test_a_refused_downgrade_is_a_clean_error(seeded, runner):
    with seeded.app_context(), get_engine().begin() as connection:
        connection.execute(text("CREATE TABLE _stash_asks__version (id INTEGER)"))
    result = runner.invoke(args=["db", "downgrade", "20261124_audit_log"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: Downgrading 20261125_revisions_and_tokens would keep")
    assert "DROP TABLE _stash_asks__version" in result.output
    assert "Traceback" not in result.output
