"""Commitments in a bundle (section `commitments`, docs/bundles.md): a commitment names who
made it (a person and/or an organisation), where (a response or an interaction) and what it
concerns (an ask, a milestone) by key, and carries its status changes, oldest first, with
their evidence.

The schema (`schema.CommitmentRow`) checks each value with the commitment form's rules, that
someone made it, and that its status is where its changes lead (a status other than open
comes with the change to it, as on the page). Its changes are replaced by the bundle's only
when they differ, so importing the same bundle twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from campaign import models as m
from campaign.bundles.schema import CommitmentChangeRow, CommitmentRow
from campaign.bundles.yaml_io import Quoted
from campaign.commitments.dates import due_input, parse_due

# (field of the row, section its key names, the commitment's column)
REFERENCES = (
    ("person", "people", "person_id"),
    ("organisation", "organisations", "organisation_id"),
    ("response", "responses", "response_id"),
    ("interaction", "interactions", "interaction_id"),
    ("ask", "asks", "ask_id"),
    ("milestone", "milestones", "milestone_id"),
)


# -- export ------------------------------------------------------------------------------


def export_rows(session: Session, compact) -> list[dict[str, Any]]:
    """Every commitment as a bundle row, by key (`compact` leaves defaults out)."""
    keys = {
        "people": _keys(session, m.Person, "key"),
        "organisations": _keys(session, m.Organisation, "key"),
        "responses": _keys(session, m.Response, "key"),
        "interactions": _keys(session, m.Interaction, "key"),
        "asks": _keys(session, m.Ask, "slug"),
        "milestones": _keys(session, m.Milestone, "key"),
    }
    changes: dict[int, list[m.CommitmentChange]] = defaultdict(list)
    query = select(m.CommitmentChange).order_by(col(m.CommitmentChange.id))
    for change in session.exec(query).all():
        changes[change.commitment_id].append(change)
    commitments = sorted(session.exec(select(m.Commitment)).all(), key=lambda row: row.key)
    return [_row(row, keys, changes[row.id or 0], compact) for row in commitments]


def _keys(session: Session, model: Any, column: str) -> dict[int, str]:
    query: Any = select(model.id, getattr(model, column))
    return {row_id: key for row_id, key in session.exec(query).all()}


def _row(row: m.Commitment, keys, changes: list[m.CommitmentChange], compact) -> dict[str, Any]:
    values: dict[str, Any] = {
        "key": row.key,
        "title": row.title,
        "detail": row.detail,
        "made_to": row.made_to,
        "made_on": row.made_on,
        "due": Quoted(due_input(row.due_on, row.due_precision)) if row.due_on else "",
        "status": str(row.status),
        "source_note": row.source_note,
        "source_url": row.source_url,
        "changes": [
            compact(
                CommitmentChangeRow,
                {
                    "old_status": str(change.old_status),
                    "new_status": str(change.new_status),
                    "changed_on": change.changed_on,
                    "note": change.note,
                    "evidence_url": change.evidence_url,
                    "response": keys["responses"].get(change.response_id),
                },
            )
            for change in changes
        ],
        "archived": row.archived_at is not None,
    }
    for field, section, column in REFERENCES:
        values[field] = keys[section].get(getattr(row, column))
    return compact(CommitmentRow, values)


# -- references --------------------------------------------------------------------------


def references(bundle: Any) -> Iterator[tuple[tuple, str, str]]:
    """(location, section, key) of every row the commitments refer to."""
    for i, row in enumerate(bundle.commitments):
        if row is None:
            continue
        for field, section, _column in REFERENCES:
            key = getattr(row, field)
            if key is not None:
                yield ("commitments", i, field), section, key
        for j, change in enumerate(row.changes):
            if change.response is not None:
                yield ("commitments", i, "changes", j, "response"), "responses", change.response


# -- import ------------------------------------------------------------------------------


class CommitmentsImport:
    """The importer's commitments (a mixin of `importer._Importer`, whose `_upsert`, `_count`
    and `_id` it uses): each row, then its changes when they differ from those held."""

    session: Session
    bundle: Any  # campaign.bundles.schema.Bundle (a model made at import time)
    now: datetime

    def _save_commitments(self) -> None:
        saved = [
            (row, *self._upsert("commitments", row.key, self._commitment_values(row), row.archived))  # type: ignore[attr-defined]
            for row in self.bundle.commitments
        ]
        self.session.flush()  # new commitments' ids, for their changes
        ids = [obj.id for _row, obj, created, _changed in saved if not created]
        held: dict[int, list[m.CommitmentChange]] = defaultdict(list)
        if ids:
            query = select(m.CommitmentChange).where(
                m.CommitmentChange.commitment_id.in_(ids)  # type: ignore[attr-defined]
            )
            for change in self.session.exec(query.order_by(col(m.CommitmentChange.id))).all():
                held[change.commitment_id].append(change)
        for row, obj, created, changed in saved:
            wanted = [self._change_values(change) for change in row.changes]
            existing = held.get(obj.id, [])
            have = (
                [{name: getattr(c, name) for name in wanted[0]} for c in existing] if wanted else []
            )
            if wanted != have or (not wanted and existing):
                for change in existing:
                    self.session.delete(change)
                for values in wanted:
                    self.session.add(m.CommitmentChange(commitment_id=obj.id, **values))
                if not created:
                    obj.updated_at = self.now
                changed = True
            self._count("commitments", created, changed)  # type: ignore[attr-defined]
        self.session.flush()

    def _commitment_values(self, row: CommitmentRow) -> dict[str, Any]:
        due_on, precision = parse_due(row.due)
        values: dict[str, Any] = {
            "title": row.title,
            "detail": row.detail,
            "made_to": row.made_to,
            "made_on": row.made_on,
            "due_on": due_on,
            "due_precision": precision,
            "status": row.status,
            "source_note": row.source_note,
            "source_url": row.source_url,
        }
        for field, section, column in REFERENCES:
            values[column] = self._id(section, getattr(row, field))  # type: ignore[attr-defined]
        return values

    def _change_values(self, change: CommitmentChangeRow) -> dict[str, Any]:
        return {
            "old_status": change.old_status,
            "new_status": change.new_status,
            "changed_on": change.changed_on,
            "note": change.note,
            "evidence_url": change.evidence_url,
            "response_id": self._id("responses", change.response),  # type: ignore[attr-defined]
        }
