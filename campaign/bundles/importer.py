"""Importing a checked bundle: rows are matched by key (asks by slug) and created or updated
to match; an ask's or response's links are replaced by the bundle's.

Only values that differ are assigned, so an unchanged row is not written and keeps its
`updated_at`: importing the same bundle twice changes nothing the second time. Existing rows
are loaded with one query per table (per 500 keys), never one per row. Nothing is committed
here: the caller's unit of work commits, or rolls everything back on any error.

Rows the user may not see (restricted evidence without clearance, `clearance.py`) are never
loaded, and an ask's links to them are left as they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, select

from campaign import clock
from campaign import models as m
from campaign.bundles import interactions, watches
from campaign.bundles.clearance import scoped
from campaign.bundles.commitments import CommitmentsImport
from campaign.bundles.references import CHUNK, MODELS, references_in
from campaign.bundles.schema import SECTIONS, AskRow, Bundle, ResponseRow
from campaign.bundles.sections import derived, import_values
from campaign.bundles.statistics import StatisticsImport


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        parts = [
            f"{n} {word}"
            for n, word in (
                (self.created, "new"),
                (self.updated, "updated"),
                (self.unchanged, "unchanged"),
            )
            if n
        ]
        return f"{self.total} ({', '.join(parts)})" if parts else "0"


@dataclass
class ImportReport:
    counts: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in SECTIONS})

    def summary(self) -> str:
        """'organisations 14 (14 new), asks 9 (2 updated, 7 unchanged)'."""
        parts = [f"{section} {counts}" for section, counts in self.counts.items() if counts.total]
        return ", ".join(parts) or "the bundle is empty"


@dataclass(frozen=True)
class _Link:
    """A link table: which column points at the owner (ask, response) and which at the row
    linked to; `section` names those rows when some may be hidden (clearance.SCOPES)."""

    model: type[SQLModel]
    owner: str
    target: str
    section: str | None = None

    def make(self, owner_id: int, target_id: int, values: dict[str, Any]) -> SQLModel:
        return self.model(**{self.owner: owner_id, self.target: target_id}, **values)


TARGETS = _Link(m.AskTarget, "ask_id", "organisation_id")
TAGS = _Link(m.AskTag, "ask_id", "tag_id")
STATISTICS = _Link(m.AskStatistic, "ask_id", "statistic_id")
EVIDENCE = _Link(m.AskEvidence, "ask_id", "evidence_id", section="evidence")
MILESTONES = _Link(m.AskMilestone, "ask_id", "milestone_id")
POSITIONS = _Link(m.ResponseAsk, "response_id", "ask_id")


def import_bundle(session: Session, bundle: Bundle) -> ImportReport:
    """Write a bundle that `loading.load_bundle` has checked. Flushes; never commits."""
    return _Importer(session, bundle).run()


def _in_chunks(session: Session, query, column, values) -> list:
    values = sorted(values)
    out = []
    for start in range(0, len(values), CHUNK):
        out.extend(session.exec(query.where(column.in_(values[start : start + CHUNK]))).all())
    return out


def _assign(row: SQLModel, values: dict[str, Any]) -> bool:
    """Set only the values that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


class _Importer(StatisticsImport, CommitmentsImport):
    def __init__(self, session: Session, bundle: Bundle):
        self.session = session
        self.bundle = bundle
        self.report = ImportReport()
        self.now: datetime = clock.now()
        self.rows: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, m.Tag] = {}
        self.links: dict[type, dict[int, dict[int, Any]]] = {}

    def run(self) -> ImportReport:
        self._preload()
        b = self.bundle
        # The derived sections hold plain columns, no references: saved first.
        for entity in derived():
            section = entity.bundle_spec.section
            for row in getattr(b, section):
                self._save_simple(section, row, import_values(entity, row))
        for row in b.sources:
            self._save_simple("sources", row, self._source_values(row))
        self.session.flush()  # new sources get the ids that the rows below refer to
        self._save_organisations()
        self._save_statistics()
        for row in b.evidence:
            self._save_simple("evidence", row, self._evidence_values(row))
        for row in b.milestones:
            self._save_milestone(row)
        self._save_with_links("asks", b.asks, self._ask_values, self._ask_links)
        self._save_with_links("responses", b.responses, self._response_values, self._response_links)
        self._save_with_links(
            "interactions",
            interactions.rows_in(b),
            lambda row: interactions.import_values(row, self._id),
            lambda row: [
                (_Link(*table), desired)
                for table, desired in interactions.import_links(row, self._id)
            ],
        )
        self._save_commitments()
        owners = watches.owner_ids(self.session, b)
        for row in watches.rows_in(b):
            self._save_simple("watches", row, watches.import_values(row, self._id, owners))
        return self.report

    # -- loading -------------------------------------------------------------------------
    def _preload(self) -> None:
        """Every row the bundle names or refers to, by key, with one query per table."""
        wanted: dict[str, set[str]] = defaultdict(set)
        for section, key_field in SECTIONS.items():
            wanted[section].update(getattr(r, key_field) for r in getattr(self.bundle, section))
        for _loc, section, key in references_in(self.bundle):
            wanted[section].add(key)
        for section, model in MODELS.items():
            column = getattr(model, model.__natural_key__)
            query = scoped(section, select(model))
            rows = _in_chunks(self.session, query, column, wanted[section])
            self.rows[section] = {row.key: row for row in rows}
        names = {tag for ask in self.bundle.asks for tag in ask.tags}
        self.tags = {t.name: t for t in _in_chunks(self.session, select(m.Tag), m.Tag.name, names)}
        milestone_ids = [row.id for row in self.rows["milestones"].values()]
        query = select(m.MilestoneMove).order_by(m.MilestoneMove.moved_at, m.MilestoneMove.id)
        self.moves: dict[int, list[m.MilestoneMove]] = defaultdict(list)
        for move in _in_chunks(self.session, query, m.MilestoneMove.milestone_id, milestone_ids):
            self.moves[move.milestone_id].append(move)

    def _id(self, section: str, key: str | None) -> int | None:
        return None if key is None else self.rows[section][key].id

    # -- rows ----------------------------------------------------------------------------
    def _upsert(self, section: str, key: str, values: dict[str, Any], archived: bool):
        """The row with `key`, created or updated; and whether it was (created, changed)."""
        row = self.rows[section].get(key)
        if archived:
            values["archived_at"] = row.archived_at if row and row.archived_at else self.now
        else:
            values["archived_at"] = None
        if row is None:
            model = MODELS[section]
            row = model(**{model.__natural_key__: key}, **values)
            self.session.add(row)
            self.rows[section][key] = row
            return row, True, True
        return row, False, _assign(row, values)

    def _count(self, section: str, created: bool, changed: bool) -> None:
        counts = self.report.counts[section]
        if created:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _save_simple(self, section: str, row, values: dict[str, Any]) -> None:
        key = getattr(row, SECTIONS[section])
        _obj, created, changed = self._upsert(section, key, values, row.archived)
        self._count(section, created, changed)

    def _save_organisations(self) -> None:
        # A parent needs an id before its children can point at it: save the organisations
        # level by level (one flush per level of nesting), parents first.
        for ready in self._organisation_levels():
            for org in ready:
                values = {
                    "name": org.name,
                    "kind": org.kind,
                    "parent_id": self._id("organisations", org.parent),
                    "website": org.website,
                    "notes": org.notes,
                }
                self._save_simple("organisations", org, values)
            self.session.flush()

    def _organisation_levels(self) -> list[list]:
        """The organisations by level, in file order within each: level 0 has no parent or one
        with an id already, a row whose parent is new comes a level after it. One pass: each
        row's level is worked out once (rescanning the rows left at each level was quadratic)."""
        orgs = self.bundle.organisations
        new = {o.key: o for o in orgs if not self._known_id(o.key)}
        level: dict[str, int] = {}
        for org in orgs:
            chain = [org]  # up through new parents whose level is not known yet
            while (parent := chain[-1].parent) in new and parent not in level:
                if len(chain) > len(orgs):  # pragma: no cover - loops are refused by references
                    raise RuntimeError("organisation parents loop")
                chain.append(new[parent])
            start = level[parent] + 1 if parent in new else 0
            level.update((row.key, start + n) for n, row in enumerate(reversed(chain)))
        levels: dict[int, list] = defaultdict(list)
        for org in orgs:
            levels[level[org.key]].append(org)
        return [levels[n] for n in sorted(levels)]

    def _known_id(self, key: str) -> bool:
        row = self.rows["organisations"].get(key)
        return row is not None and row.id is not None

    def _source_values(self, row) -> dict[str, Any]:
        return {
            "title": row.title,
            "kind": row.kind,
            "publisher": row.publisher,
            "published_on": row.published_on,
            "url": row.url,
            "method": row.method,
            "coverage": row.coverage,
        }

    def _evidence_values(self, row) -> dict[str, Any]:
        return {
            "title": row.title,
            "kind": row.kind,
            "text": row.text,
            "attribution": row.attribution,
            "evidence_date": row.date,
            "sensitivity": row.sensitivity,
            "is_composite": row.composite,
            "source_id": self._id("sources", row.source),
        }

    def _save_milestone(self, row) -> None:
        """A milestone and its move history (replaced only when it differs)."""
        obj, created, changed = self._upsert(
            "milestones", row.key, self._milestone_values(row), row.archived
        )
        wanted = [(*move.old_date, *move.new_date, move.moved_at, move.note) for move in row.moves]
        existing = [] if created else self.moves.get(obj.id, [])
        have = [
            (mv.old_date, mv.old_precision, mv.new_date, mv.new_precision, mv.moved_at, mv.note)
            for mv in existing
        ]
        if wanted != have:
            for move in existing:
                self.session.delete(move)
            if created:
                self.session.flush()  # the new milestone's id, for its moves
            for old, old_p, new, new_p, at, note in wanted:
                self.session.add(
                    m.MilestoneMove(
                        milestone_id=obj.id,
                        old_date=old,
                        old_precision=old_p,
                        new_date=new,
                        new_precision=new_p,
                        moved_at=at,
                        note=note,
                    )
                )
            changed = True
        self._count("milestones", created, changed)

    def _milestone_values(self, row) -> dict[str, Any]:
        milestone_date, precision = row.date
        return {
            "reminder_offsets": row.reminders,
            "reminder_recipients": row.also_remind,
            "done_at": row.done.at if row.done else None,
            "done_note": row.done.note if row.done else "",
            "done_url": row.done.url if row.done else None,
            "title": row.title,
            "milestone_date": milestone_date,
            "date_precision": precision,
            "kind": row.kind,
            "is_planned": row.planned,
            "description": row.description,
            "organisation_id": self._id("organisations", row.organisation),
            "source_id": self._id("sources", row.source),
        }

    def _ask_values(self, row: AskRow) -> dict[str, Any]:
        return {
            "title": row.title,
            "summary": row.summary,
            "status": row.status,
            "priority": row.priority,
            "owner": row.owner,
            "owner_email": row.owner_email,
        }

    def _response_values(self, row: ResponseRow) -> dict[str, Any]:
        return {
            "title": row.title,
            "organisation_id": self._id("organisations", row.organisation),
            "response_date": row.date,
            "channel": row.channel,
            "direction": row.direction,
            "summary": row.summary,
            "url": row.url,
            "reply_expected_by": row.reply_expected_by,
        }

    # -- rows with links -----------------------------------------------------------------
    def _save_with_links(self, section: str, rows: list, values_of, links_of) -> None:
        """Save asks (responses, interactions), then make each one's links exactly the
        bundle's. A row whose links changed counts as updated, and its updated_at says so."""
        key_field = SECTIONS[section]
        saved = [
            (row, *self._upsert(section, getattr(row, key_field), values_of(row), row.archived))
            for row in rows
        ]
        if section == "asks":
            self._save_new_tags()
        self.session.flush()
        owner_ids = [obj.id for _row, obj, created, _changed in saved if not created]
        for row, obj, created, changed in saved:
            links_changed = False
            for link, desired in links_of(row):
                links_changed |= self._sync_links(link, obj.id, desired, owner_ids)
            if links_changed and not created:
                obj.updated_at = self.now
            self._count(section, created, changed or links_changed)
        self.session.flush()

    def _save_new_tags(self) -> None:
        for ask in self.bundle.asks:
            for name in ask.tags:
                if name not in self.tags:
                    self.tags[name] = m.Tag(name=name)
                    self.session.add(self.tags[name])

    def _ask_links(self, ask: AskRow) -> list[tuple[_Link, dict[int, dict[str, Any]]]]:
        ids = self._id
        statistics = {
            ids("statistics", x.statistic): {"note": x.note, "rank": rank}
            for rank, x in enumerate(ask.statistics)
        }
        evidence = {
            ids("evidence", x.evidence): {"note": x.note, "rank": rank}
            for rank, x in enumerate(ask.evidence)
        }
        milestones = {ids("milestones", x.milestone): {"note": x.note} for x in ask.milestones}
        return [
            (TARGETS, {ids("organisations", key): {} for key in ask.targets}),
            (TAGS, {self.tags[name].id: {} for name in ask.tags}),
            (STATISTICS, statistics),
            (EVIDENCE, evidence),
            (MILESTONES, milestones),
        ]

    def _response_links(self, response: ResponseRow) -> list[tuple[_Link, dict]]:
        desired = {
            self._id("asks", link.ask): {"position": link.position, "note": link.note}
            for link in response.asks
        }
        return [(POSITIONS, desired)]

    def _sync_links(self, link: _Link, owner_id: int, desired: dict, owner_ids: list[int]) -> bool:
        """Make `owner_id`'s links exactly `desired` ({target id: values})."""
        current = self._existing_links(link, owner_ids)[owner_id]
        changed = False
        for target_id, row in current.items():
            if target_id not in desired:
                self.session.delete(row)
                changed = True
        for target_id, values in desired.items():
            row = current.get(target_id)
            if row is None:
                self.session.add(link.make(owner_id, target_id, values))
                changed = True
            else:
                changed |= _assign(row, values)
        return changed

    def _existing_links(self, link: _Link, owner_ids: list[int]) -> dict[int, dict[int, Any]]:
        """{owner id: {target id: row}} for all the owners at once, loaded on first use; only
        links to rows the user may see."""
        if link.model not in self.links:
            grouped: dict[int, dict[int, Any]] = defaultdict(dict)
            owner_column = getattr(link.model, link.owner)
            query = select(link.model)
            if link.section is not None:
                target = MODELS[link.section]
                query = query.join(target, target.id == getattr(link.model, link.target))
                query = scoped(link.section, query)
            for row in _in_chunks(self.session, query, owner_column, owner_ids):
                grouped[getattr(row, link.owner)][getattr(row, link.target)] = row
            self.links[link.model] = grouped
        return self.links[link.model]


def database_is_empty(session: Session) -> bool:
    """No row in any of the bundle's tables (archived rows count: they are data too)."""
    return not any(
        session.exec(select(model.id).limit(1)).first() is not None for model in MODELS.values()
    )
