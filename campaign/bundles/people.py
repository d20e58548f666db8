"""The bundle section `people` under the erasure rules (docs/people.md, "Personal data"),
checked before anything is written, as row errors rather than exceptions:

- a row that would create a person whose key was erased on request (its fingerprint is in an
  erasure's audit event, `personal_data.erased_fingerprints`) is refused beside its key: an
  old bundle must not bring an erased person back. A key held now by a person who is not
  erased (someone added again, deliberately) is theirs, and the row updates them as usual;
- a row that would change a tombstone (an erased person, under their new key) is refused
  beside each field it would change, in the words of the rule that keeps a tombstone erased.
  A row that matches the tombstone as it is (a bundle exported after the erasure) is accepted.

Two queries, whatever the number of rows (per 500 keys): the erased fingerprints, and the
people the rows' keys name.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from campaign.bundles.errors import BundleError
from campaign.bundles.references import CHUNK
from campaign.bundles.sections import derived, import_values
from campaign.models import Person
from campaign.people.personal_data import erased_fingerprints, fingerprint

SECTION = "people"
ERASED_KEY = "'{key}' was erased on request: an erased person is not created again"
TOMBSTONE = "'{key}' has been erased: their record cannot be changed"


def check_people(session: Session, bundle: Any) -> list[BundleError]:
    """An error for each people row that would re-create or change an erased person.
    (`bundle` is a campaign.bundles.schema.Bundle, a model made at import time.)"""
    rows = [
        (i, row) for i, row in enumerate(getattr(bundle, SECTION, None) or ()) if row is not None
    ]
    if not rows:
        return []
    held = _people(session, sorted({row.key for _i, row in rows}))
    erased = erased_fingerprints(session, "key")
    entity = next(e for e in derived() if e.bundle_spec.section == SECTION)
    errors: list[BundleError] = []
    for i, row in rows:
        person = held.get(row.key)
        if person is None:
            if fingerprint("key", row.key) in erased:
                errors.append(BundleError((SECTION, i, "key"), ERASED_KEY.format(key=row.key)))
        elif person.erased_at is not None:
            message = TOMBSTONE.format(key=row.key)
            errors += [
                BundleError((SECTION, i, name), message)
                for name in _changes(person, import_values(entity, row), row.archived)
            ]
    return errors


def _people(session: Session, keys: list[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for start in range(0, len(keys), CHUNK):
        query = select(Person).where(col(Person.key).in_(keys[start : start + CHUNK]))
        found.update((person.key, person) for person in session.exec(query))
    return found


def _changes(person: Person, values: dict[str, Any], archived: bool) -> list[str]:
    """The fields the importer would change (it assigns only values that differ; a row
    marked archived keeps the record's archived time)."""
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if archived != (person.archived_at is not None):
        changed.append("archived")
    return changed
