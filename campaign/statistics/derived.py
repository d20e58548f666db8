"""Derived statistics: a statistic computed by a formula over other statistics (its inputs,
in order), recomputed exactly whenever an input changes.

`Statistic.value` stays the figure as published ("25"); `computed_value` is what the formula
gives (24.6658587288), or None while it cannot be computed (an input archived, a division by
zero). An input that is itself derived contributes its computed value, so derived statistics
of derived statistics are recomputed in dependency order.

Plain functions, keyword-only `session`; they flush but never commit. Recomputing the
statistics that depend on a change takes a fixed number of queries however long the chain:
one recursive query finds them all, one more loads them with their inputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from graphlib import CycleError, TopologicalSorter
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import aliased, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from campaign import clock, signals
from campaign.common.services import ServiceError
from campaign.models import Statistic, StatisticFormula, StatisticInput, StatisticUnit
from campaign.statistics import formulas

CHUNK = 500  # ids per IN (...) clause
_SEPARATORS = re.compile(r"[\s,;]+")
# An input the publication does not give ("a 64% rise since 2016/17" with neither count
# published): written "?" (or "not published") in its place among the keys. No key is "?".
NOT_PUBLISHED = "?"
_NOT_PUBLISHED_WORDS = re.compile(r"\bnot[\s_-]+published\b", re.IGNORECASE)


def parse_keys(text: str | Iterable[str] | None) -> list[str]:
    """'a, b\\nc' (or a list) -> ['a', 'b', 'c']: statistic keys in order, blanks dropped;
    "not published" (or "?") becomes NOT_PUBLISHED."""
    if text is None:
        return []
    if isinstance(text, str):
        parts = _SEPARATORS.split(_NOT_PUBLISHED_WORDS.sub(NOT_PUBLISHED, text))
    else:
        parts = [_NOT_PUBLISHED_WORDS.sub(NOT_PUBLISHED, str(part or "")) for part in text]
    return [part.strip() for part in parts if part and part.strip()]


def input_keys(statistic: Statistic) -> list[str]:
    """A derived statistic's inputs as keys in order, NOT_PUBLISHED where one is not
    published (a position with no input row); [] when it is not derived."""
    if statistic.formula is None:
        return []
    by_position = {link.position: link.input.key for link in statistic.inputs}
    size = max(2, max([*by_position, -1]) + 1)  # every formula takes at least two
    return [by_position.get(position, NOT_PUBLISHED) for position in range(size)]


def input_value(statistic: Statistic) -> Decimal | None:
    """What a statistic contributes as an input: its computed value if it is derived (None
    until it can be computed), else its value as published."""
    return statistic.computed_value if statistic.formula is not None else statistic.value


# -- setting a formula ---------------------------------------------------------------------


def apply_form(*, session: Session, statistic: Statistic, data: dict[str, Any]) -> None:
    """The formula and inputs from a statistic form's data (keys `formula`, `inputs`), when
    the data has them."""
    if "formula" in data or "inputs" in data:
        set_formula(
            session=session,
            statistic=statistic,
            formula=data.get("formula") or None,
            input_keys=parse_keys(data.get("inputs")),
        )


def set_formula(
    *,
    session: Session,
    statistic: Statistic,
    formula: StatisticFormula | str | None,
    input_keys: Sequence[str],
) -> None:
    """Make `statistic` derived by `formula` over the statistics with `input_keys` (in order),
    or a plain figure when `formula` is None; then recompute it.

    A key may be NOT_PUBLISHED ("?"): that input is not published, so no row is written at its
    position and the statistic has no computed value (the claim checker says "base not
    published"). A sum's not-published inputs are moved first (a sum's order does not matter),
    so that the positions with no row say how many there are.

    ServiceError (field "inputs", naming the key) for an unknown or repeated input, one of
    unit "other", an archived one (unless it already was an input), the statistic itself, an
    input computed from this statistic (a loop), the wrong number of inputs, or a sum or
    difference of different units; field "unit" when the statistic's unit is not the
    formula's (percent for a percent change or share)."""
    keys = parse_keys(input_keys)
    if not formula:
        if keys:
            raise ServiceError(
                "Choose a formula for these inputs, or leave the inputs blank.", field="formula"
            )
        statistic.formula = None
        write_inputs(statistic, [])
    else:
        formula = StatisticFormula(formula)
        if formula is StatisticFormula.SUM:
            keys = sorted(keys, key=lambda key: key != NOT_PUBLISHED)
        inputs = _checked_inputs(session, statistic, formula, keys)
        known = [s.unit for s in inputs if s is not None] or [statistic.unit]
        expected = formulas.result_unit(formula, known)
        if StatisticUnit(statistic.unit) is not expected:
            raise ServiceError(
                f"{formulas.NOUNS[formula].capitalize()} of these inputs is in the unit "
                f"“{expected.label}”: choose it as the unit.",
                field="unit",
            )
        statistic.formula = formula
        write_inputs(statistic, inputs)
    session.add(statistic)
    session.flush()
    recompute(session=session, statistic=statistic)
    session.flush()


def _checked_inputs(
    session: Session, statistic: Statistic, formula: StatisticFormula, keys: list[str]
) -> list[Statistic | None]:
    """The statistics with `keys`, in order (None for NOT_PUBLISHED), or ServiceError."""
    named = [key for key in keys if key != NOT_PUBLISHED]
    found = {s.key: s for s in session.exec(select(Statistic).where(Statistic.key.in_(named)))}
    # An input archived since it was chosen is kept (an edit of other fields must not fail),
    # but an archived statistic is not newly chosen.
    current = {link.input_id for link in statistic.inputs} if statistic.id is not None else set()
    problems, seen = [], set()
    for key in named:
        stat = found.get(key)
        if key in seen:
            problems.append(f"“{key}” is listed twice.")
        elif stat is None:
            problems.append(f"No statistic has the key “{key}”.")
        elif stat is statistic or (statistic.id is not None and stat.id == statistic.id):
            problems.append(f"“{key}” is this statistic: it cannot be computed from itself.")
        elif stat.archived_at is not None and stat.id not in current:
            problems.append(f"“{key}” is archived: restore it or choose another statistic.")
        elif stat.unit is StatisticUnit.OTHER:
            problems.append(f"“{key}” has the unit “Other”, which a formula cannot compute with.")
        seen.add(key)
    if problems:
        raise ServiceError(" ".join(problems), field="inputs")
    count_problem = formulas.inputs_problem(formula, len(keys))
    if count_problem:
        raise ServiceError(f"{count_problem} {describe_inputs(formula)}".strip(), field="inputs")
    inputs = [found.get(key) for key in keys]
    if statistic.id is not None:
        users = dependent_ids(session, [statistic.id])
        looped = [s.key for s in inputs if s is not None and s.id in users]
        if looped:
            raise ServiceError(
                " ".join(
                    f"“{key}” is computed from this statistic, so it cannot be one of its "
                    "inputs (that would make a loop)."
                    for key in looped
                ),
                field="inputs",
            )
    if formula in (StatisticFormula.SUM, StatisticFormula.DIFFERENCE) and named:
        first, *others = [s for s in inputs if s is not None]
        for other in others:
            if other.unit != first.unit:
                raise ServiceError(
                    f"“{other.key}” ({StatisticUnit(other.unit).label}) and “{first.key}” "
                    f"({StatisticUnit(first.unit).label}) have different units: "
                    f"{formulas.NOUNS[formula]} needs inputs of one unit.",
                    field="inputs",
                )
    return inputs


def describe_inputs(formula: StatisticFormula | None) -> str:
    """Which inputs, in which order: 'Give the “from” and then the “to” statistic.'"""
    if formula is None:
        return ""
    roles = formulas.ROLE_NAMES.get(StatisticFormula(formula))
    if roles is None:
        return "Give two or more statistics to add up."
    return f"Give the “{roles[0]}” and then the “{roles[1]}” statistic."


def write_inputs(statistic: Statistic, inputs: Sequence[Statistic | None]) -> None:
    """Make the statistic's input rows exactly `inputs`, by position, changing rows in place;
    a None (not published) has no row at its position."""
    rows = {row.position: row for row in statistic.inputs}
    for position, stat in enumerate(inputs):
        row = rows.pop(position, None)
        if stat is None:
            if row is not None:
                statistic.inputs.remove(row)
        elif row is None:
            statistic.inputs.append(StatisticInput(position=position, input_id=stat.id, input=stat))
        elif row.input_id != stat.id:
            row.input_id = stat.id
            row.input = stat
    for row in rows.values():
        statistic.inputs.remove(row)
    statistic.inputs.sort(key=lambda row: row.position)


# -- recomputing ---------------------------------------------------------------------------


def computed_value(statistic: Statistic) -> Decimal | None:
    """The formula over the current inputs; None when it is not derived, an input is missing
    or archived or not yet computed, or the formula fails (e.g. a division by zero)."""
    if statistic.formula is None or not statistic.inputs:
        return None
    links = sorted(statistic.inputs, key=lambda link: link.position)
    if [link.position for link in links] != list(range(len(links))):
        return None  # an input not published (no row at its position)
    values = []
    for link in links:
        stat = link.input
        value = None if stat is None or stat.archived_at is not None else input_value(stat)
        if value is None:
            return None
        values.append(value)
    try:
        return formulas.compute(statistic.formula, values)
    except ValueError:
        return None


def recompute(*, session: Session, statistic: Statistic) -> bool:
    """Set the statistic's computed value from its inputs; say whether it changed. Only a
    change is written, so an unchanged statistic keeps its `updated_at`."""
    value = computed_value(statistic)
    current = statistic.computed_value
    if (value is None) != (current is None) or (value is not None and value != current):
        statistic.computed_value = value
        session.add(statistic)
        return True
    return False


def recompute_dependents(*, session: Session, changed_ids: Iterable[int]) -> list[Statistic]:
    """Recompute every statistic computed from the changed statistics, directly or through
    other derived statistics, inputs first. Returns those whose computed value changed."""
    ids = sorted({i for i in changed_ids if i is not None})
    rows: dict[int, Statistic] = {}
    for start in range(0, len(ids), CHUNK):
        tree = _dependents_query(ids[start : start + CHUNK])
        query = (
            select(Statistic)
            .where(Statistic.id.in_(select(tree.c.id)))
            .options(selectinload(Statistic.inputs))
        )
        rows.update((s.id, s) for s in session.exec(query))
    return _recompute_in_order(session, list(rows.values()))


@signals.archived_or_restored.connect_via(Statistic)
def _archived_or_restored(sender, *, session: Session, obj: Statistic, **_extra) -> None:
    """An archived input leaves the statistics computed from it without a computed value
    until it is restored: whichever door archives or restores it (campaign.common.archive)."""
    recompute_dependents(session=session, changed_ids=[obj.id])


def recompute_all(*, session: Session) -> list[Statistic]:
    """Recompute every derived statistic (after a bundle import): two queries."""
    query = (
        select(Statistic)
        .where(Statistic.formula.is_not(None))
        .options(selectinload(Statistic.inputs))
    )
    return _recompute_in_order(session, list(session.exec(query)))


def _recompute_in_order(session: Session, rows: list[Statistic]) -> list[Statistic]:
    by_id = {s.id: s for s in rows}
    graph = {s.id: [link.input_id for link in s.inputs if link.input_id in by_id] for s in rows}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError:  # pragma: no cover - loops are refused when formulas are set
        order = list(by_id)
    session.flush()  # pending edits first: the values below are read from these objects
    changed = []
    for ident in order:
        statistic = by_id[ident]
        value = computed_value(statistic)
        current = statistic.computed_value
        if (value is None) != (current is None) or (value is not None and value != current):
            # Set as if loaded, so a later input in this loop reads the new value, and the
            # row is not flushed again by the ORM (see below).
            set_committed_value(statistic, "computed_value", value)
            changed.append(statistic)
    if changed:
        # One executemany that leaves `version` alone: a recomputed figure is not an edit,
        # so it must neither bump the version an editor's open form was read at (a needless
        # conflict) nor become a revision. `updated_at` still says when the value moved.
        now = clock.now()
        session.connection().execute(
            update(Statistic.__table__)
            .where(Statistic.__table__.c.id == bindparam("ident"))
            .values(computed_value=bindparam("new_value"), updated_at=now),
            [{"ident": s.id, "new_value": s.computed_value} for s in changed],
        )
        for statistic in changed:
            set_committed_value(statistic, "updated_at", now)
    return changed


def _dependents_query(ids: list[int]):
    """A recursive query (CTE) of the ids of every statistic computed from `ids`."""
    tree = (
        select(StatisticInput.statistic_id.label("id"))
        .where(StatisticInput.input_id.in_(ids))
        .cte("dependents", recursive=True)
    )
    link = aliased(StatisticInput)
    return tree.union(select(link.statistic_id).join(tree, link.input_id == tree.c.id))


def dependent_ids(session: Session, ids: Iterable[int]) -> set[int]:
    """Ids of every statistic computed from `ids`, directly or through others."""
    ids = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        tree = _dependents_query(ids[start : start + CHUNK])
        found.update(session.exec(select(tree.c.id)))
    return found


def used_by(*, session: Session, statistic: Statistic) -> list[Statistic]:
    """The statistics whose formula uses this one directly, by label."""
    query = (
        select(Statistic)
        .where(
            Statistic.id.in_(
                select(StatisticInput.statistic_id).where(StatisticInput.input_id == statistic.id)
            )
        )
        .order_by(Statistic.label, Statistic.id)
    )
    return list(session.exec(query))
