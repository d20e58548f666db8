"""`flask backup PATH` / `flask restore PATH`: a complete copy that restores identically, and
every refusal (damaged file, other schema revision, a database that is not empty)."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from sqlalchemy import select, text
from sqlmodel import SQLModel

from campaign import models as m
from campaign.backups import services
from campaign.backups.archive import MANIFEST, BackupError
from campaign.db import get_engine, make_engine
from campaign.migrations import downgrade
from tests.backups.conftest import dump


def backup(app, path):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["backup", str(path)])


def restore(app, path, *extra):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["restore", str(path), *extra])


def test_a_restored_backup_is_identical_table_by_table(full, empty_app, tmp_path):
    path = tmp_path / "nightly.campaign-backup"
    made = backup(full, path)
    assert made.exit_code == 0, made.output
    assert f"to {path}." in made.output

    restored = restore(empty_app, path)
    assert restored.exit_code == 0, restored.output

    with full.app_context():
        before = dump(get_engine())
    with empty_app.app_context():
        after = dump(get_engine())
    assert set(before) == {t.name for t in SQLModel.metadata.sorted_tables}
    for table, rows in before.items():
        assert after[table] == rows, table
    for table in ("force_returns", "force_return_platforms", "revisions", "users", "api_tokens"):
        assert before[table], table
    packs = [row for row in before["packs"] if row.content]
    assert packs and packs[0].content.startswith(b"<!doctype html>")
    assert all(row.password_hash.startswith("$argon2") for row in after["users"])


def test_a_scale_1_portfolio_restores_identically(full, empty_app, tmp_path):
    """The issue's case: the demo portfolio at scale 1 on top of everything in `full`."""
    with full.app_context():
        filled = full.test_cli_runner().invoke(args=["demo-data", "--scale", "1"])
        assert filled.exit_code == 0, filled.output
        before = dump(get_engine())
    path = tmp_path / "scale-1.campaign-backup"
    assert backup(full, path).exit_code == 0
    restored = restore(empty_app, path)
    assert restored.exit_code == 0, restored.output
    with empty_app.app_context():
        after = dump(get_engine())
    assert sum(len(rows) for rows in before.values()) > 19_000  # 18,317 of demo data
    for table, rows in before.items():
        assert after[table] == rows, table


def test_the_manifest_describes_the_backup(full, tmp_path):
    path = tmp_path / "b.zip"
    assert backup(full, path).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    with full.app_context():
        engine = get_engine()
        with engine.connect() as connection:
            revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        rows = {name: len(table_rows) for name, table_rows in dump(engine).items()}
    assert manifest["schema_revision"] == revision
    assert manifest["database_backend"] == engine.dialect.name
    assert manifest["app_version"] and manifest["created_at"]
    assert {t["name"]: t["rows"] for t in manifest["tables"]} == rows
    assert len(manifest["data_sha256"]) == 64


def test_restored_ids_continue_after_the_highest(full, empty_app, session, tmp_path):
    """PostgreSQL's sequences are reset: the next row gets the next id, not a clash."""
    path = tmp_path / "b.zip"
    assert backup(full, path).exit_code == 0
    assert restore(empty_app, path).exit_code == 0
    highest = session.scalar(select(m.Organisation.id).order_by(m.Organisation.id.desc()))
    with empty_app.app_context(), get_engine().begin() as connection:
        new_id = connection.execute(
            m.Organisation.__table__.insert().values(
                name="Northmoor Police", key="northmoor-police", kind="company"
            )
        ).inserted_primary_key[0]
    assert new_id == highest + 1


def test_a_damaged_backup_is_refused_and_nothing_is_written(full, empty_app, tmp_path):
    path = tmp_path / "b.zip"
    assert backup(full, path).exit_code == 0
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "data/force_returns.jsonl":
                data = data.replace(b",730,", b",731,", 1)
                assert data != source.read(item)
            target.writestr(item, data)

    result = restore(empty_app, damaged)

    assert result.exit_code == 1
    assert "Nothing restored: the backup is damaged: table force_returns" in result.output
    with empty_app.app_context():
        assert not any(dump(get_engine()).values())


def test_a_file_that_is_not_a_backup_is_refused(empty_app, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    result = restore(empty_app, path)
    assert result.exit_code == 1
    assert "is not a readable Campaign backup" in result.output


def test_a_backup_of_another_schema_revision_is_refused(full, empty_app, tmp_path):
    path = tmp_path / "b.zip"
    assert backup(full, path).exit_code == 0
    with empty_app.app_context():
        engine = get_engine()
        with engine.connect() as connection:
            head = connection.scalar(text("SELECT version_num FROM alembic_version"))
        downgrade(engine, "-1")
        with engine.connect() as connection:
            older = connection.scalar(text("SELECT version_num FROM alembic_version"))

    result = restore(empty_app, path)

    assert result.exit_code == 1
    assert (
        f"backup is at revision {head}, this database at {older}: "
        f"run `flask db upgrade {head}` first" in result.output
    )


def test_a_database_that_is_not_empty_is_refused_unless_forced(full, seeded, tmp_path, session):
    path = tmp_path / "b.zip"
    assert backup(full, path).exit_code == 0
    before = dump(session.get_bind())
    ask = session.scalars(select(m.Ask).order_by(m.Ask.id)).first()
    ask.title = "Changed after the backup"
    session.add(ask)
    session.commit()

    refused = restore(seeded, path)

    assert refused.exit_code == 1
    assert "Nothing restored: this database is not empty (" in refused.output
    assert "add --force to replace everything" in refused.output
    assert dump(session.get_bind()) != before

    forced = restore(seeded, path, "--force")

    assert forced.exit_code == 0, forced.output
    assert dump(session.get_bind()) == before


def test_an_existing_file_is_never_overwritten(full, tmp_path):
    path = tmp_path / "b.zip"
    path.write_bytes(b"yesterday's backup")
    result = backup(full, path)
    assert result.exit_code == 1
    assert f"Backup not made: {path} already exists" in result.output
    assert path.read_bytes() == b"yesterday's backup"
    assert not list(tmp_path.glob("*.partial"))


def forged(path, target, table, change):
    """A copy of the backup at `path` whose `table` data is `change`d, with its checksums and
    row counts made to match: a file that passes every check but one no backup would hold."""
    with zipfile.ZipFile(path) as source:
        manifest = json.loads(source.read(MANIFEST))
        members = {item.filename: source.read(item) for item in source.infolist()}
    members[f"data/{table}.jsonl"] = change(members[f"data/{table}.jsonl"])
    everything = hashlib.sha256()
    for entry in manifest["tables"]:
        data = members[f"data/{entry['name']}.jsonl"]
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        entry["rows"] = data.count(b"\n")
        everything.update(data)
    manifest["data_sha256"] = everything.hexdigest()
    members[MANIFEST] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_row_that_cannot_be_written_restores_nothing(full, empty_app, tmp_path):
    path = tmp_path / "b.zip"
    assert backup(full, path).exit_code == 0
    twice = tmp_path / "twice.zip"
    forged(path, twice, "asks", lambda data: data + data.splitlines(keepends=True)[0])

    result = restore(empty_app, twice)

    assert result.exit_code == 1
    assert "Nothing restored: table asks: a row could not be written (" in result.output
    with empty_app.app_context():
        assert not any(dump(get_engine()).values())


def test_a_database_without_a_schema_is_told_to_create_it(full, tmp_path):
    path = tmp_path / "b.zip"
    assert backup(full, path).exit_code == 0
    with full.app_context(), get_engine().connect() as connection:
        head = connection.scalar(text("SELECT version_num FROM alembic_version"))
    blank = make_engine(f"sqlite:///{tmp_path / 'blank.db'}")
    try:
        with pytest.raises(BackupError) as refused:
            services.restore_backup(blank, path)
    finally:
        blank.dispose()
    assert str(refused.value) == (
        f"this database has no schema: run `flask db upgrade {head}` first, then restore"
    )
