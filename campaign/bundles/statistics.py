"""Statistics in a bundle, and the derived ones among them: `formula: {kind: percent_change,
inputs: [from, to]}`.

Formulas are checked after the other references (an input names a statistic in the bundle or
already in the database): an input is not the statistic itself nor listed twice, has a unit a
formula can compute with, a sum's or difference's inputs share a unit, the row's unit is the
formula's, and formulas do not loop, through the bundle or through statistics already in the
database. Archived inputs are allowed (the computed value is then empty), as the web allows
archiving a statistic that others use. Computed values are not in a bundle: they are
recomputed after an import.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy.orm import aliased, selectinload
from sqlmodel import Session, select

from campaign import models as m
from campaign.bundles.errors import BundleError, format_path
from campaign.bundles.references import CHUNK, rows
from campaign.bundles.schema import Bundle, StatisticRow
from campaign.models.enums import StatisticFormula, StatisticUnit
from campaign.statistics import derived, formulas


class StatisticsImport:
    """The importer's statistics (a mixin of `importer._Importer`, whose `_upsert`, `_count`
    and `_id` it uses): rows first, then their formulas' inputs (which need the rows' ids),
    then every computed value."""

    session: Session
    bundle: Bundle
    rows: dict[str, dict[str, Any]]
    now: datetime

    def _save_statistics(self) -> None:
        """A row whose inputs changed counts as updated, and its updated_at says so."""
        saved = [
            (row, *self._upsert("statistics", row.key, self._statistic_values(row), row.archived))
            for row in self.bundle.statistics
        ]
        self.session.flush()
        relinked = save_inputs(self.session, self.bundle.statistics, self.rows["statistics"])
        for row, obj, created, changed in saved:
            if row.key in relinked and not created:
                obj.updated_at = self.now
            self._count("statistics", created, changed or row.key in relinked)
        derived.recompute_all(session=self.session)

    def _statistic_values(self, row: StatisticRow) -> dict[str, Any]:
        """The row's content (`Statistic.__content__`: the bundle names them alike, with the
        period nested) and its references."""
        flat = [name for name in m.Statistic.__content__ if not name.startswith("period_")]
        return {
            **{name: getattr(row, name) for name in flat},
            "period_label": row.period.label,
            "period_start": row.period.start,
            "period_end": row.period.end,
            "formula": row.formula.kind if row.formula else None,
            "source_id": self._id("sources", row.source),
        }


def check_formulas(session: Session, bundle: Bundle) -> list[BundleError]:
    """Errors in the bundle's formulas (unknown input keys are reported by references.py)."""
    statistics = list(rows(bundle, "statistics"))
    derived_rows = [(i, row) for i, row in statistics if row.formula is not None]
    if not derived_rows:
        return []
    in_bundle = {row.key: row for _, row in statistics}
    units = {key: row.unit for key, row in in_bundle.items()}
    wanted = {k for _, row in derived_rows for k in _named(row) if k not in in_bundle}
    units.update(_database_units(session, wanted))
    graph = _database_formulas(session)
    graph.update({key: _named(row) for key, row in in_bundle.items()})

    errors: list[BundleError] = []
    looped: set[str] = set()
    on_loops = _on_loops(graph)
    for i, row in derived_rows:
        errors += _row_errors(i, row, units)
        # Only a statistic on a loop is searched for its path round it (searching from every
        # derived row took a chain of formulas its length cubed). A key given twice keeps its
        # last formula in `graph`: an earlier row of it is searched as before.
        own = graph[row.key] == _named(row)
        if row.key not in looped and (row.key in on_loops or not own):
            loop = _loop(graph, row)
            if loop is not None:
                j, path = loop
                looped.update(path)
                message = f"makes a loop: {' → '.join([row.key, *path])}"
                errors.append(BundleError(_input(i, j), message))
    return errors


def _named(row: StatisticRow) -> list[str]:
    """The input keys of a row's formula, without those not published ("?")."""
    return [k for k in (row.formula.inputs if row.formula else []) if k != derived.NOT_PUBLISHED]


def _input(i: int, j: int) -> tuple[str | int, ...]:
    return ("statistics", i, "formula", "inputs", j)


def _row_errors(i: int, row: StatisticRow, units: dict[str, Any]) -> list[BundleError]:
    formula = row.formula.kind
    noun = formulas.NOUNS[formula]
    errors, first_at = [], {}
    problem = formulas.inputs_problem(formula, len(row.formula.inputs))
    if problem:  # "a share needs exactly 2 inputs (part, whole); 3 were given"
        loc = ("statistics", i, "formula", "inputs")
        errors.append(BundleError(loc, problem[0].lower() + problem[1:].rstrip(".")))
    for j, key in enumerate(row.formula.inputs):
        if key == derived.NOT_PUBLISHED:
            continue
        if key == row.key:
            errors.append(BundleError(_input(i, j), "a statistic cannot be computed from itself"))
        elif key in first_at:
            also = format_path(_input(i, first_at[key]))
            errors.append(BundleError(_input(i, j), f"duplicate statistic '{key}' (also {also})"))
        elif units.get(key) == StatisticUnit.OTHER:
            message = f"'{key}' has unit other: a formula cannot compute with it"
            errors.append(BundleError(_input(i, j), message))
        first_at.setdefault(key, j)
    # Inputs of known unit (an unknown key is reported by references.py).
    known = [
        (j, key, StatisticUnit(units[key]))
        for j, key in enumerate(row.formula.inputs)
        if key in units
    ]
    if formula in (StatisticFormula.SUM, StatisticFormula.DIFFERENCE) and known:
        _j0, first, unit = known[0]
        for j, key, other in known[1:]:
            if other != unit and StatisticUnit.OTHER not in (other, unit):
                message = f"'{key}' is {other} but '{first}' is {unit}: {noun} adds like with like"
                errors.append(BundleError(_input(i, j), message))
                break
    if known and not errors:
        expected = formulas.result_unit(formula, [unit for _j, _key, unit in known])
        if StatisticUnit(row.unit) != expected:
            errors.append(BundleError(("statistics", i, "unit"), f"must be {expected} for {noun}"))
    return errors


def _loop(graph: dict[str, list[str]], row: StatisticRow) -> tuple[int, list[str]] | None:
    """(input position, path back to the row) if the row's formula reaches the row again."""
    for j, start in enumerate(row.formula.inputs):
        if start == row.key:
            continue  # reported as "computed from itself"
        # Each entry's path is linked to the one it was reached from (key, previous link), not
        # copied: copying made a long path cost its length squared.
        stack, seen = [(start, (start, None))], set()
        while stack:
            key, link = stack.pop()
            if key == row.key:
                path = []
                while link is not None:
                    path.append(link[0])
                    link = link[1]
                return j, path[::-1]
            if key in seen:
                continue
            seen.add(key)
            stack.extend((nxt, (nxt, link)) for nxt in reversed(graph.get(key, [])))
    return None


def _on_loops(graph: dict[str, list[str]]) -> set[str]:
    """The statistics on a loop of formulas (an input that is the statistic itself aside: it
    is reported on its own), in one pass over the graph: Tarjan's strongly connected
    components, iteratively, so a long chain of formulas cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[str] = set()
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            key, inputs = work[-1]
            for nxt in inputs:
                if nxt == key:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    break
                if nxt in on_stack:
                    low[key] = min(low[key], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[key])
                if low[key] == index[key]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == key:
                            break
                    if len(component) > 1:
                        found.update(component)
    return found


def _database_units(session: Session, keys: set[str]) -> dict[str, StatisticUnit]:
    keys_list = sorted(keys)
    found: dict[str, StatisticUnit] = {}
    for start in range(0, len(keys_list), CHUNK):
        chunk = keys_list[start : start + CHUNK]
        query = select(m.Statistic.key, m.Statistic.unit).where(m.Statistic.key.in_(chunk))
        found.update(session.exec(query).all())
    return found


def _database_formulas(session: Session) -> dict[str, list[str]]:
    """Every derived statistic in the database: key -> its input keys, in order."""
    used = aliased(m.Statistic)
    query = (
        select(m.Statistic.key, used.key)
        .join(m.StatisticInput, m.StatisticInput.statistic_id == m.Statistic.id)
        .join(used, used.id == m.StatisticInput.input_id)
        .order_by(m.Statistic.key, m.StatisticInput.position)
    )
    graph: dict[str, list[str]] = defaultdict(list)
    for key, input_key in session.exec(query).all():
        graph[key].append(input_key)
    return graph


def save_inputs(
    session: Session, bundle_rows: list[StatisticRow], saved: dict[str, m.Statistic]
) -> set[str]:
    """Make each bundle statistic's inputs the bundle's (rows flushed, so they have ids);
    return the keys of those whose inputs changed. One query per 500 statistics."""
    ids = sorted(saved[row.key].id for row in bundle_rows)
    for start in range(0, len(ids), CHUNK):  # loads each statistic's current inputs
        query = select(m.Statistic).where(m.Statistic.id.in_(ids[start : start + CHUNK]))
        session.exec(query.options(selectinload(m.Statistic.inputs))).all()
    changed = set()
    for row in bundle_rows:
        statistic = saved[row.key]
        keys = list(row.formula.inputs) if row.formula else []
        if row.formula and row.formula.kind == StatisticFormula.SUM:
            keys.sort(key=lambda key: key != derived.NOT_PUBLISHED)  # as the form stores them
        wanted = [None if key == derived.NOT_PUBLISHED else saved[key] for key in keys]
        current = {link.position: link.input_id for link in statistic.inputs}
        if current != {j: s.id for j, s in enumerate(wanted) if s is not None}:
            derived.write_inputs(statistic, wanted)
            changed.add(row.key)
    session.flush()
    return changed
