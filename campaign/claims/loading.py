"""Loading the statistics to check as `FigureFacts`, in two queries however many there are:
one for the statistics (with their source's publication date, joined), one for the inputs of
the derived ones among them (each input's own columns and source date, joined).

Plain rows, not ORM objects: checking 50,000 statistics builds no identity map, no
relationship collections and no enum objects per row (a unit is looked up in a dict), which
is most of what loading them as `Statistic`s cost (docs/benchmarks.md, `claims.check-all`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from campaign.claims.facts import FigureFacts, unpublished_positions
from campaign.models import Source, Statistic, StatisticInput
from campaign.models.enums import StatisticFormula, StatisticUnit

_UNITS = {unit.value: unit for unit in StatisticUnit}
_FORMULAS = {formula.value: formula for formula in StatisticFormula}


_NAMES = ("id", "key", "label", "value", "unit", "formula", "computed_value", "claim",
          "period_label", "period_start", "period_end", "geography", "coverage", "source_id",
          "as_of", "archived_at", "value_max", "published_wording")  # fmt: skip
_RAW = {"unit", "formula"}  # read as text: a dict lookup is cheaper than an enum per row


def _columns(statistic, source) -> list[Any]:
    """`statistic`'s columns (a model or an alias of it) and its source's publication date."""
    columns = [getattr(statistic, name) for name in _NAMES]
    columns = [
        type_coerce(c, String()) if n in _RAW else c for n, c in zip(_NAMES, columns, strict=True)
    ]
    return [*columns, source.published_on]


def _facts(row, inputs=(), unpublished=()) -> FigureFacts:
    (_id, key, label, value, unit, formula, computed, claim, period_label, start, end,
     geography, coverage, source_id, as_of, archived_at, value_max, wording,
     published_on) = row  # fmt: skip
    return FigureFacts(
        key=key,
        label=label,
        value=value,
        unit=_UNITS.get(unit, unit),
        formula=_FORMULAS.get(formula) if formula else None,
        computed_value=computed,
        claim=claim or "",
        published_wording=wording or "",
        period_label=period_label or "",
        period_start=start,
        period_end=end,
        geography=geography or "",
        coverage=coverage or "",
        has_source=source_id is not None,
        as_of=as_of,
        source_published_on=published_on,
        archived=archived_at is not None,
        inputs=tuple(inputs),
        unpublished=tuple(unpublished),
        value_max=value_max,
    )


def load_facts(session: Session, where: list) -> list[tuple[int, FigureFacts]]:
    """(statistic id, facts) for every statistic matching `where` (conditions on
    `Statistic`), its inputs included."""
    source = aliased(Source, name="stat_source")
    query = (
        select(*_columns(Statistic, source))
        .outerjoin(source, source.id == Statistic.source_id)
        .where(*where)
    )
    rows = session.execute(query).all()
    links: dict[int, list[tuple[int, FigureFacts]]] = defaultdict(list)
    if any(row[5] for row in rows):
        used = aliased(Statistic, name="used")
        used_source = aliased(Source, name="used_source")
        owners = select(Statistic.id).where(*where, col(Statistic.formula).is_not(None))
        query = (
            select(
                StatisticInput.statistic_id, StatisticInput.position, *_columns(used, used_source)
            )  # fmt: skip
            .join(used, used.id == StatisticInput.input_id)
            .outerjoin(used_source, used_source.id == used.source_id)
            .where(col(StatisticInput.statistic_id).in_(owners))
            .order_by(StatisticInput.statistic_id, StatisticInput.position)
        )
        for statistic_id, position, *row in session.execute(query).all():
            links[statistic_id].append((position, _facts(row)))
    result = []
    for row in rows:
        own = links.get(row[0], [])
        unpublished = unpublished_positions(row[5], [p for p, _ in own]) if row[5] else ()
        result.append((row[0], _facts(row, [f for _, f in own], unpublished)))
    return result
