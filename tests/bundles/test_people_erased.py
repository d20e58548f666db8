"""An erased person stays erased through a bundle (docs/people.md, "Coming back through an
import"): a bundle exported before the erasure cannot create them again under their old key,
and no row can change the tombstone. Both are row errors, beside the row and the field, and
the import is refused whole (nothing imported), on the command line and on the page."""

from __future__ import annotations

import io

import yaml
from sqlmodel import select

from campaign.models import Organisation, Person

HEADER = "format: campaign-bundle\nversion: 1\n"
JO = (
    "people:\n"
    "  - key: jo-member\n    name: Jo Member\n    kind: mp\n    party: Fixture Party\n"
    "    email: jo@example.org\n"
)
ERASED_KEY = "'jo-member' was erased on request: an erased person is not created again"


def _refused(runner, path) -> list[str]:
    """The error lines of a refused import (an error list, not an exception)."""
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exc_info
    lines = result.output.splitlines()
    assert lines[0].startswith(f"Cannot import {path}: ") and lines[-1] == "Nothing was imported."
    return [line.strip() for line in lines[1:-1]]


def _erase(runner, key: str) -> None:
    result = runner.invoke(args=["erase-person", key, "--yes"])
    assert result.exit_code == 0, result.output


def _people(session) -> dict[str, str]:
    session.expire_all()
    return {p.key: p.name for p in session.exec(select(Person))}


def _old_bundle(tmp_path, import_file, export_text):
    """Jo imported, then the whole campaign exported (before any erasure)."""
    first = tmp_path / "jo.yaml"
    first.write_text(HEADER + JO)
    import_file(first)
    old = yaml.safe_load(export_text())
    assert [row["key"] for row in old["people"]] == ["jo-member"]
    return old


def _write(tmp_path, data) -> object:
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def test_an_old_bundle_cannot_bring_an_erased_person_back(
    runner, session, tmp_path, import_file, export_text
):
    old = _old_bundle(tmp_path, import_file, export_text)
    _erase(runner, "jo-member")
    tomb = _people(session)
    # A good row beside it is not imported either: all or nothing.
    old["organisations"] = [{"key": "fresh-org", "name": "Fresh", "kind": "charity"}]
    path = _write(tmp_path, old)

    assert _refused(runner, path) == [f"people[0].key: {ERASED_KEY}"]
    assert _people(session) == tomb
    assert "Jo Member" not in tomb.values() and "jo-member" not in tomb
    assert session.exec(select(Organisation)).all() == []


def test_someone_added_again_under_the_key_is_theirs(
    client, session, tmp_path, import_file, export_text, runner
):
    old = _old_bundle(tmp_path, import_file, export_text)
    _erase(runner, "jo-member")
    # An officer adds them again, deliberately: the key is free, so the new record takes it.
    added = client.post("/people/new", data={"name": "Jo Member", "kind": "peer"})
    assert added.status_code == 302
    assert _people(session)["jo-member"] == "Jo Member"

    import_file(_write(tmp_path, old))

    session.expire_all()
    again = session.exec(select(Person).where(Person.key == "jo-member")).one()
    assert again.erased_at is None and again.kind.value == "mp"


def test_a_row_that_would_change_the_tombstone_is_a_row_error(runner, session, tmp_path):
    first = tmp_path / "jo.yaml"
    first.write_text(HEADER + JO)
    assert runner.invoke(args=["import-bundle", str(first)]).exit_code == 0
    person_id = session.exec(select(Person.id).where(Person.key == "jo-member")).one()
    _erase(runner, "jo-member")
    key = f"erased-person-{person_id}"
    tombstone = f"  - key: {key}\n    name: Erased person\n    kind: mp\n    archived: true\n"
    path = tmp_path / "tomb.yaml"
    path.write_text(HEADER + "people:\n" + tombstone)
    # The tombstone as it is (a bundle exported after the erasure) imports, changing nothing.
    same = runner.invoke(args=["import-bundle", str(path)])
    assert same.exit_code == 0 and "people 1 (1 unchanged)" in same.output, same.output

    changed = tombstone.replace("Erased person", "Jo Member").replace("true", "false")
    path.write_text(
        HEADER + "organisations:\n  - {key: fresh-org, name: Fresh, kind: charity}\n"
        "people:\n" + changed + "    email: jo@example.org\n"
    )
    message = f"'{key}' has been erased: their record cannot be changed"
    assert _refused(runner, path) == [
        f"people[0].name: {message}",
        f"people[0].email: {message}",
        f"people[0].archived: {message}",
    ]
    session.expire_all()
    tomb = session.get(Person, person_id)
    assert (tomb.name, tomb.email, tomb.archived_at is not None) == ("Erased person", "", True)
    assert session.exec(select(Organisation)).all() == []


def test_the_page_lists_the_row_errors_and_imports_nothing(client, runner, session, tmp_path):
    first = tmp_path / "jo.yaml"
    first.write_text(HEADER + JO)
    assert runner.invoke(args=["import-bundle", str(first)]).exit_code == 0
    _erase(runner, "jo-member")
    before = _people(session)

    response = client.post(
        "/bundles/",
        data={"file": (io.BytesIO((HEADER + JO).encode()), "old.yaml")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Nothing was imported." in text
    assert "<code>people[0].key</code>: &#39;jo-member&#39; was erased on request" in text
    assert _people(session) == before
