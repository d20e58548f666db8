"""Writing the statistics a source's returns add up to: create the missing ones, update those
that differ, archive those no longer produced (a comparable subset that became empty), and
leave the rest alone, so a re-import that changes nothing writes nothing.

Only the generated fields are written (`StatisticSpec.WRITTEN`, the source, the formula):
caveats, published wording, claims and ask links added by hand are kept. Rows go in with one
Core executemany per kind of change, the percent changes' inputs too; then the
derived-statistics feature (`campaign.statistics.derived.recompute_dependents`) computes every
statistic that uses a changed one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlmodel import Session, col

from campaign.claims import upkeep as claims_upkeep
from campaign.models import Source, Statistic, StatisticInput
from campaign.returns.aggregate import StatisticSpec
from campaign.returns.errors import ReturnError, error
from campaign.revisions import bulk as revisions
from campaign.statistics import derived

Action = Literal["create", "update", "unchanged", "archive"]
ACTIONS: tuple[Action, ...] = ("create", "update", "unchanged", "archive")
TABLE = Statistic.__table__
INPUTS = StatisticInput.__table__
CHUNK = 500


@dataclass(frozen=True)
class StatisticChange:
    action: Action
    key: str
    label: str
    value: Decimal
    unit: str
    old_value: Decimal | None = None
    spec: StatisticSpec | None = None
    id: int | None = None
    value_max: Decimal | None = None  # a range's high end (suppressed small numbers)
    old_value_max: Decimal | None = None

    @property
    def value_changed(self) -> bool:
        return (self.old_value, self.old_value_max) != (self.value, self.value_max)


def plan(
    *, session: Session, source: Source, specs: Sequence[StatisticSpec]
) -> tuple[list[StatisticChange], list[ReturnError]]:
    """What writing `specs` would do, without writing; errors for keys another source holds."""
    existing = _existing(session, source, [s.key for s in specs])
    inputs = _inputs(session, [row["id"] for row in existing.values() if row["formula"]])
    changes: list[StatisticChange] = []
    errors: list[ReturnError] = []
    for spec in specs:
        row = existing.pop(spec.key, None)
        if row is None:
            changes.append(
                StatisticChange(
                    "create",
                    spec.key,
                    spec.label,
                    spec.value,
                    spec.unit,
                    spec=spec,
                    value_max=spec.value_max,
                )
            )
            continue
        if row["source_id"] != source.id:
            errors.append(error(f'the statistic key "{spec.key}" belongs to another source'))
            continue
        same = (
            all(row[name] == getattr(spec, name) for name in StatisticSpec.WRITTEN)
            and row["archived_at"] is None
            and row["formula"] == spec.formula
            and inputs.get(row["id"], ()) == spec.input_keys
        )
        action: Action = "unchanged" if same else "update"
        changes.append(
            StatisticChange(
                action,
                spec.key,
                spec.label,
                spec.value,
                spec.unit,
                old_value=row["value"],
                spec=spec,
                id=row["id"],
                value_max=spec.value_max,
                old_value_max=row["value_max"],
            )
        )
    for key, row in sorted(existing.items()):
        if row["source_id"] == source.id and row["archived_at"] is None:
            changes.append(
                StatisticChange(
                    "archive",
                    key,
                    row["label"],
                    row["value"],
                    row["unit"],
                    old_value=row["value"],
                    id=row["id"],
                    value_max=row["value_max"],
                    old_value_max=row["value_max"],
                )
            )
    return changes, errors


def write(
    *, session: Session, source: Source, changes: Sequence[StatisticChange], now: datetime
) -> None:
    """Carry out a plan from `plan` in the session's transaction (never commits)."""
    session.flush()
    creates = [c.spec for c in changes if c.action == "create" and c.spec is not None]
    updates = [c for c in changes if c.action == "update" and c.spec is not None]
    archives = [c.id for c in changes if c.action == "archive"]
    # Written around the ORM, so revisions are taken here (campaign.revisions.bulk).
    touched = [c.id for c in updates] + archives
    before = revisions.snapshots(session, Statistic, touched)
    if creates:
        session.execute(insert(TABLE), [_new_row(spec, source, now) for spec in creates])
    if updates:
        names = (*StatisticSpec.WRITTEN, "formula", "source_id")
        statement = (
            update(TABLE)
            .where(TABLE.c.id == bindparam("b_id"))
            .values(
                {name: bindparam(f"b_{name}") for name in names}
                # A new version, so an officer's edit form opened before the import conflicts.
                | {"archived_at": None, "updated_at": now, "version": TABLE.c.version + 1}
            )
        )
        params = [
            {"b_id": c.id, "b_source_id": source.id, "b_formula": c.spec.formula}
            | {f"b_{name}": value for name, value in c.spec.values().items()}
            for c in updates
        ]
        session.execute(statement, params)
    if archives:
        statement = (
            update(TABLE)
            .where(TABLE.c.id == bindparam("b_id"))
            .values(archived_at=now, updated_at=now, version=TABLE.c.version + 1)
        )
        session.execute(statement, [{"b_id": i} for i in archives])
    derived_specs = [s for s in [*creates, *(c.spec for c in updates)] if s.formula is not None]
    input_ids = _write_inputs(session, derived_specs)
    # Core wrote around the ORM: statistics loaded earlier in this session are out of date.
    session.expire_all()
    created = _ids(session, [spec.key for spec in creates])
    revisions.record(
        session, Statistic, before, revisions.snapshots(session, Statistic, created + touched)
    )
    # Their claims' verdicts (and those computed from them) are stored before the commit.
    claims_upkeep.changed(session, [*created, *touched, *input_ids])
    changed = {c.id for c in updates if c.value_changed} | set(archives) | input_ids
    if changed:
        # The derived-statistics feature computes every statistic that uses a changed one,
        # ours (the percent changes) and any made by hand, in one pass.
        derived.recompute_dependents(session=session, changed_ids=changed)


def _ids(session: Session, keys: Sequence[str]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(keys), CHUNK):
        query = select(TABLE.c.id).where(TABLE.c.key.in_(keys[start : start + CHUNK]))
        ids.extend(session.scalars(query))
    return ids


def _new_row(spec: StatisticSpec, source: Source, now: datetime) -> dict[str, object]:
    return spec.values() | {
        "key": spec.key,
        "source_id": source.id,
        "caveats": "",
        "as_of": None,
        "published_wording": "",
        "formula": spec.formula,
        "computed_value": None,
        "claim": "",
        "created_at": now,
        "updated_at": now,
        "archived_at": None,
    }


def _write_inputs(session: Session, specs: Sequence[StatisticSpec]) -> set[int]:
    """Give the derived statistics among `specs` their inputs (StatisticInput rows, in order):
    one executemany, after clearing any they had. Returns the inputs' ids.

    In bulk rather than by `derived.set_formula` one statistic at a time: with its 434 calls a
    10,000-row import took 5.3 s on PostgreSQL, in bulk 1.9 s. What set_formula checks holds by
    construction: a percent change, in percent, of two current count statistics that are not
    derived (a test sets one through set_formula and finds nothing to change)."""
    if not specs:
        return set()
    keys = sorted({k for spec in specs for k in (spec.key, *spec.input_keys)})
    ids: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        query = select(TABLE.c.key, TABLE.c.id).where(TABLE.c.key.in_(keys[start : start + CHUNK]))
        ids.update((key, i) for key, i in session.execute(query))
    owners = [ids[spec.key] for spec in specs]
    for start in range(0, len(owners), CHUNK):
        chunk = owners[start : start + CHUNK]
        session.execute(delete(INPUTS).where(INPUTS.c.statistic_id.in_(chunk)))
    rows = [
        {"statistic_id": ids[spec.key], "position": position, "input_id": ids[key]}
        for spec in specs
        for position, key in enumerate(spec.input_keys)
    ]
    session.execute(insert(INPUTS), rows)
    return {row["input_id"] for row in rows}


def _existing(session: Session, source: Source, keys: Sequence[str]) -> dict[str, dict]:
    """Statistics with one of `keys`, or generated for this source before, by key."""
    prefix = f"returns-{source.key}-"
    generated = (TABLE.c.source_id == source.id) & TABLE.c.key.startswith(prefix, autoescape=True)
    found: dict[str, dict] = {}
    chunks = [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)] or [[]]
    for chunk in chunks:
        query = select(TABLE).where(or_(generated, TABLE.c.key.in_(chunk)))
        found.update((row.key, dict(row._mapping)) for row in session.execute(query))
    return found


def _inputs(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Statistic id -> its inputs' keys, in order, for the derived ones among `ids`."""
    result: dict[int, list[str]] = {}
    for start in range(0, len(ids), CHUNK):
        query = (
            select(StatisticInput.statistic_id, Statistic.key)
            .join(Statistic, Statistic.id == StatisticInput.input_id)
            .where(col(StatisticInput.statistic_id).in_(ids[start : start + CHUNK]))
            .order_by(StatisticInput.statistic_id, StatisticInput.position)
        )
        for statistic_id, key in session.execute(query):
            result.setdefault(statistic_id, []).append(key)
    return {i: tuple(keys) for i, keys in result.items()}
