"""A bundle under the clearance rule of the forms and the API (`campaign.accounts.access`),
checked before anything is written: without restricted-evidence clearance a bundle can neither
change, link, make nor learn of restricted evidence.

- A row that makes evidence restricted, new or existing, is refused beside its sensitivity,
  in the form's words.
- An evidence row whose key is held by an item the user may not see is refused with
  `KEY_UNAVAILABLE`: it names no title and no reason, and reads the same whatever that item
  is. The same query runs whether the key is free, visible or hidden, so timing tells nothing
  either. That a key is taken is no secret beyond what the form already shows: a new item
  titled like a hidden one gets the next free key (`…-2`).
- A reference to a hidden item (an ask's `evidence`) is `unknown evidence 'x'`, word for word
  as for a key that does not exist: `references.py` looks keys up through `SCOPES`.
- The importer leaves alone an ask's links to items the user may not see (they could not list
  them, so leaving them out of the bundle must not unlink them), and never loads such items.

Who "the user" is: the signed-in user on the Import page; for `flask import-bundle --by EMAIL`
that account (`access.acting_as`); without `--by` the trusted console, which sees everything.
"""

from __future__ import annotations

from sqlmodel import Session, select

from campaign.accounts.access import (
    RESTRICTED_NEEDS_CLEARANCE,
    may_see_evidence,
    may_set_sensitivity,
)
from campaign.bundles.errors import BundleError
from campaign.bundles.schema import Bundle
from campaign.bundles.sections import scopes
from campaign.models import Evidence

KEY_UNAVAILABLE = "'{key}' is not available: choose another key"
CHUNK = 500  # keys per IN (...) query, as in references.py

# How each section's rows are narrowed to those the user may see, wherever a bundle looks
# rows up by key (references, the importer's preload).
SCOPES = scopes()


def scoped(section: str | None, query):
    """`query` narrowed to the rows of `section` the user may see."""
    scope = SCOPES.get(section or "")
    return query if scope is None else scope(query)


def check_clearance(session: Session, bundle: Bundle) -> list[BundleError]:
    """An error for each evidence row this user may not write."""
    rows = [(i, row) for i, row in enumerate(bundle.evidence or ()) if row is not None]
    errors = [
        BundleError(("evidence", i, "sensitivity"), RESTRICTED_NEEDS_CLEARANCE)
        for i, row in rows
        if not may_set_sensitivity(row.sensitivity)
    ]
    hidden = _hidden_keys(session, sorted({row.key for _i, row in rows}))
    errors += [
        BundleError(("evidence", i, "key"), KEY_UNAVAILABLE.format(key=row.key))
        for i, row in rows
        if row.key in hidden
    ]
    return errors


def _hidden_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of `keys` name an evidence item this user may not see."""
    hidden: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        query = select(Evidence.key, Evidence.sensitivity).where(
            Evidence.key.in_(keys[start : start + CHUNK])
        )
        hidden.update(row.key for row in session.exec(query) if not may_see_evidence(row))
    return hidden
