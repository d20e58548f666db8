"""Synthetic campaign portfolios at any scale, for demos and benchmarks.

At scale 1: ~60 organisations, 400 sources, 5,000 statistics (450 of them derived from others,
with ~900 formula inputs), 2,000 evidence items, 300 milestones, 50 asks and 1,000 responses,
plus targets, tags, positions and ~7,300 ask links.
Row counts are `round(base * scale)` (at least 1); link counts follow from the asks.

Every run is a numbered *batch*: keys start `demo-<batch>-` ("demo-1-statistic-0042"), so a
batch never collides with the seed campaign or an earlier batch, and running again adds
another batch. The values depend only on (seed, batch, today): the same seed on a fresh
database on the same day gives identical rows. Dates are placed relative to `today` so the
dashboard always has recent responses, upcoming milestones and some overdue replies.

Speed: rows are built in Python first, then written with one bulk `insert(Model)` per table
(an executemany), and the new ids are read back by key in one query. Children are built
from those ids in row order, so which row links to which never depends on the id values the
database hands out (PostgreSQL sequences do not restart after a rollback).
"""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from campaign.claims import upkeep as claims_upkeep
from campaign.demo import campaign_rows, chart_series, derived_stats, evidence_base
from campaign.demo.evidence_base import OrgRef
from campaign.models import (
    Ask,
    AskEvidence,
    AskMilestone,
    AskStatistic,
    AskTag,
    AskTarget,
    Evidence,
    Milestone,
    Organisation,
    Response,
    ResponseAsk,
    Source,
    Statistic,
    StatisticInput,
    Tag,
)

DEFAULT_SEED = 1989  # the year of the UN Convention on the Rights of the Child
KEY_PREFIX = "demo-"
BASE_COUNTS = {
    "organisations": 60,
    "sources": 400,
    "statistics": 5000,
    "evidence": 2000,
    "milestones": 300,
    "asks": 50,
    "responses": 1000,
}
_BATCH_KEY = re.compile(rf"^{KEY_PREFIX}(\d+)-")


def planned_counts(scale: float) -> dict[str, int]:
    """Rows of each kind a run at `scale` creates: linear in the scale, at least one."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    return {name: max(1, round(base * scale)) for name, base in BASE_COUNTS.items()}


def next_batch(session: Session) -> int:
    """One more than the highest demo batch already in the database (1 when there is none).
    Every batch has at least one organisation, so organisations' keys are enough to look at."""
    keys = session.scalars(
        select(Organisation.key).where(
            col(Organisation.key).startswith(KEY_PREFIX, autoescape=True)
        )
    )
    batches = [int(m.group(1)) for k in keys if (m := _BATCH_KEY.match(k))]
    return max(batches, default=0) + 1


class _Writer:
    """Bulk inserts for one batch, counting the rows written per table."""

    def __init__(self, session: Session, *, prefix: str, now: datetime):
        self.session = session
        self.prefix = prefix  # every key this batch writes starts with it
        self.stamp = {"created_at": now, "updated_at": now}
        self.inserted: dict[str, int] = {}

    def _count(self, model, n: int) -> None:
        self.inserted[model.__tablename__] = self.inserted.get(model.__tablename__, 0) + n

    def rows(self, model, rows: list[dict]) -> list[int]:
        """Insert keyed rows; return their ids in row order.

        A Core executemany, then one query for the ids by key. Two slower alternatives, both
        measured: INSERT … RETURNING over thousands of rows (SQLAlchemy splices the RETURNING
        rows of its small batches together, which grows quadratically), and an ORM bulk
        `insert(Model)`, which splits the rows into a new statement wherever the set of
        non-NULL columns changes (hundreds of statements for randomly NULL references).
        """
        self._count(model, len(rows))
        if not rows:
            return []
        self.session.execute(model.__table__.insert(), [{**row, **self.stamp} for row in rows])
        column = getattr(model, model.__natural_key__)
        query = select(column, model.id).where(column.startswith(self.prefix, autoescape=True))
        ids = dict(self.session.execute(query).all())
        return [ids[row[model.__natural_key__]] for row in rows]

    def links(self, model, rows: list[dict]) -> None:
        self._count(model, len(rows))
        if rows:
            self.session.execute(model.__table__.insert(), rows)

    def tags(self, names: list[str]) -> dict[str, int]:
        """Ids of tags by name, creating the missing ones: tags are a shared vocabulary, so the
        demo reuses the seed campaign's tags ("encryption") instead of duplicating them."""
        query = select(Tag.name, Tag.id).where(col(Tag.name).in_(names))
        existing = dict(self.session.execute(query).all())
        missing = [{"name": name} for name in names if name not in existing]
        self._count(Tag, len(missing))
        if missing:
            self.session.execute(Tag.__table__.insert(), missing)
            existing = dict(self.session.execute(query).all())
        return existing


def generate_demo_data(
    *,
    session: Session,
    scale: float,
    seed: int = DEFAULT_SEED,
    today: date,
    now: datetime | None = None,
) -> tuple[int, dict[str, int]]:
    """Add one batch of demo rows in `session` (flushed, not committed).

    Returns (batch number, rows inserted per table name, in insertion order).
    """
    counts = planned_counts(scale)
    batch = next_batch(session)
    prefix = f"{KEY_PREFIX}{batch}-"
    write = _Writer(session, prefix=prefix, now=now or datetime.now(UTC))

    def rng(stream: str) -> random.Random:
        # One stream per kind of row, so a change to how sources are built doesn't reshuffle
        # statistics. String seeds are hashed with SHA-512: stable across processes.
        return random.Random(f"{seed}:{batch}:{stream}")  # noqa: S311  # nosec B311  # demo data, not secrets

    def build(builder, name: str, **refs) -> list[dict]:
        return builder(rng(name), prefix=prefix, count=counts[name], **refs)

    organisations = _write_organisations(
        write, build(evidence_base.organisation_rows, "organisations")
    )
    source_ids = write.rows(
        Source,
        build(evidence_base.source_rows, "sources", today=today, organisations=organisations),
    )
    statistic_rows = build(
        evidence_base.statistic_rows, "statistics", today=today, source_ids=source_ids
    )
    series = chart_series.make_series(rng("chart-series"), statistic_rows, today=today)
    formula_inputs = derived_stats.make_derived(rng("derived"), statistic_rows, series)
    statistic_ids = write.rows(Statistic, statistic_rows)
    write.links(
        StatisticInput,
        [
            {"statistic_id": statistic_ids[row], "position": position, "input_id": statistic_ids[i]}
            for row, position, i in formula_inputs
        ],
    )
    # Written around the ORM: their claims' verdicts are stored before the commit.
    claims_upkeep.changed(session, statistic_ids)
    evidence_ids = write.rows(
        Evidence, build(evidence_base.evidence_rows, "evidence", today=today, source_ids=source_ids)
    )
    milestone_ids = write.rows(
        Milestone,
        build(
            campaign_rows.milestone_rows,
            "milestones",
            today=today,
            organisations=organisations,
            source_ids=source_ids,
        ),
    )

    ask_rows = build(campaign_rows.ask_rows, "asks", organisations=organisations)
    targets = [row.pop("target_ids") for row in ask_rows]
    tag_names = [row.pop("tag_names") for row in ask_rows]
    ask_ids = write.rows(Ask, ask_rows)
    write.links(
        AskTarget,
        [
            {"ask_id": ask_id, "organisation_id": org_id}
            for ask_id, org_ids in zip(ask_ids, targets, strict=True)
            for org_id in org_ids
        ],
    )
    tag_ids = write.tags(sorted({name for names in tag_names for name in names}))
    write.links(
        AskTag,
        [
            {"ask_id": ask_id, "tag_id": tag_ids[name]}
            for ask_id, names in zip(ask_ids, tag_names, strict=True)
            for name in names
        ],
    )

    response_ids = write.rows(
        Response,
        build(campaign_rows.response_rows, "responses", today=today, organisations=organisations),
    )
    write.links(
        ResponseAsk,
        campaign_rows.position_rows(rng("positions"), response_ids=response_ids, ask_ids=ask_ids),
    )

    links = campaign_rows.ask_link_rows(
        rng("links"),
        ask_ids=ask_ids,
        pools={"statistics": statistic_ids, "evidence": evidence_ids, "milestones": milestone_ids},
        series=[[statistic_ids[i] for i in indexes] for indexes in series],
    )
    write.links(AskStatistic, links["statistics"])
    write.links(AskEvidence, links["evidence"])
    write.links(AskMilestone, links["milestones"])
    session.flush()
    return batch, write.inserted


def _write_organisations(write: _Writer, rows: list[dict]) -> list[OrgRef]:
    """Parents first, then the rows that point at them (a self-referencing table)."""
    parent_of = {row["key"]: row.pop("parent_key") for row in rows}
    parents = [row for row in rows if parent_of[row["key"]] is None]
    ids = dict(zip([row["key"] for row in parents], write.rows(Organisation, parents), strict=True))
    children = [
        {**row, "parent_id": ids[parent_of[row["key"]]]}
        for row in rows
        if parent_of[row["key"]] is not None
    ]
    ids.update(
        zip([row["key"] for row in children], write.rows(Organisation, children), strict=True)
    )
    return [OrgRef(id=ids[row["key"]], name=row["name"], kind=row["kind"]) for row in rows]
