"""Exporting the whole database as a bundle, archived rows included.

The output is a function of the data alone: rows sorted by key (asks by slug), fields in the
order of docs/bundles.md, fields equal to their default left out. So exporting, importing
into an empty database and exporting again gives the same bytes. Sorting happens in Python,
not SQL, because PostgreSQL's collation and SQLite's byte order disagree about hyphens.
A fixed number of queries, however many rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, select

from campaign import models as m
from campaign.bundles import commitments, interactions, watches
from campaign.bundles import schema as s
from campaign.bundles.sections import derived, export_row, row_model
from campaign.bundles.yaml_io import Quoted, dump
from campaign.models.precise_dates import format_precise_date
from campaign.models.types import canonical_decimal
from campaign.statistics.derived import NOT_PUBLISHED


def export_bundle(session: Session) -> str:
    """Every row in the database as bundle YAML."""
    return dump(bundle_data(session))


def bundle_data(session: Session) -> dict[str, Any]:
    def all_rows(model) -> list:
        return sorted(session.exec(select(model)).all(), key=lambda row: row.key)

    organisations, sources = all_rows(m.Organisation), all_rows(m.Source)
    statistics, evidence = all_rows(m.Statistic), all_rows(m.Evidence)
    milestones, asks, responses = all_rows(m.Milestone), all_rows(m.Ask), all_rows(m.Response)
    keys = _Keys(organisations, sources, statistics, evidence, milestones, asks)
    ask_links = _AskLinks(session, keys)
    moves = defaultdict(list)
    for move in session.exec(select(m.MilestoneMove).order_by(m.MilestoneMove.moved_at)).all():
        moves[move.milestone_id].append(move)
    positions = defaultdict(list)
    for link in session.exec(select(m.ResponseAsk)).all():
        positions[link.response_id].append(link)
    inputs = defaultdict(list)  # statistic id -> its formula's input keys, in order
    query = select(
        m.StatisticInput.statistic_id, m.StatisticInput.position, m.StatisticInput.input_id
    )
    for statistic_id, position, input_id in session.exec(
        query.order_by(m.StatisticInput.statistic_id, m.StatisticInput.position)
    ).all():
        listed = inputs[statistic_id]
        listed.extend(NOT_PUBLISHED for _ in range(position - len(listed)))  # "?": a gap
        listed.append(keys.statistic[input_id])

    sections = {
        "organisations": [_organisation(row, keys) for row in organisations],
        "sources": [_source(row) for row in sources],
        "statistics": [_statistic(row, keys, _padded(row, inputs[row.id])) for row in statistics],
        "evidence": [_evidence(row, keys) for row in evidence],
        "milestones": [_milestone(row, keys, moves[row.id]) for row in milestones],
        "asks": [_ask(row, ask_links) for row in asks],
        "responses": [_response(row, keys, positions[row.id]) for row in responses],
        "interactions": interactions.export_rows(session, _compact),
        "commitments": commitments.export_rows(session, _compact),
        "watches": watches.export_rows(session, _compact),
    }
    for entity in derived():  # the sections derived from their entity's fields
        model = row_model(entity)
        rows = sorted(session.exec(select(entity.model)).all(), key=entity.key_of)
        sections[entity.bundle_spec.section] = [
            _compact(model, export_row(entity, r)) for r in rows
        ]
    return {
        "format": s.FORMAT,
        "version": s.VERSION,
        **{name: sections[name] for name in s.SECTIONS if sections.get(name)},
    }


class _Keys:
    """id -> key for each table that rows refer to."""

    def __init__(self, organisations, sources, statistics, evidence, milestones, asks):
        self.organisation = {row.id: row.key for row in organisations}
        self.source = {row.id: row.key for row in sources}
        self.statistic = {row.id: row.key for row in statistics}
        self.evidence = {row.id: row.key for row in evidence}
        self.milestone = {row.id: row.key for row in milestones}
        self.ask = {row.id: row.slug for row in asks}


class _AskLinks:
    """Every ask's links, loaded with one query per link table and grouped by ask."""

    def __init__(self, session: Session, keys: _Keys):
        self.targets, self.tags = defaultdict(list), defaultdict(list)
        self.statistics, self.evidence = defaultdict(list), defaultdict(list)
        self.milestones = defaultdict(list)
        for target in session.exec(select(m.AskTarget)).all():
            self.targets[target.ask_id].append(keys.organisation[target.organisation_id])
        for ask_id, name in session.exec(
            select(m.AskTag.ask_id, m.Tag.name).join(m.Tag, m.Tag.id == m.AskTag.tag_id)
        ).all():
            self.tags[ask_id].append(name)
        for link in session.exec(select(m.AskStatistic)).all():
            key = keys.statistic[link.statistic_id]
            self.statistics[link.ask_id].append((link.rank, key, {"statistic": key}, link.note))
        for link in session.exec(select(m.AskEvidence)).all():
            key = keys.evidence[link.evidence_id]
            self.evidence[link.ask_id].append((link.rank, key, {"evidence": key}, link.note))
        for link in session.exec(select(m.AskMilestone)).all():
            key = keys.milestone[link.milestone_id]
            self.milestones[link.ask_id].append((0, key, {"milestone": key}, link.note))


def _compact(model: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """`values` in the schema's field order (the docs' order), without the optional fields
    that equal their default in the bundle schema."""
    fields = model.model_fields
    return {
        name: values[name]
        for name in fields
        if name in values
        and (
            fields[name].is_required()
            or values[name] != fields[name].get_default(call_default_factory=True)
        )
    }


def _archived(row) -> bool:
    return row.archived_at is not None


def _organisation(row: m.Organisation, keys: _Keys) -> dict[str, Any]:
    return _compact(
        s.OrganisationRow,
        {
            "key": row.key,
            "name": row.name,
            "kind": str(row.kind),
            "parent": keys.organisation.get(row.parent_id),
            "website": row.website,
            "notes": row.notes,
            "archived": _archived(row),
        },
    )


def _source(row: m.Source) -> dict[str, Any]:
    return _compact(
        s.SourceRow,
        {
            "key": row.key,
            "title": row.title,
            "kind": str(row.kind),
            "publisher": row.publisher,
            "published_on": row.published_on,
            "url": row.url,
            "method": row.method,
            "coverage": row.coverage,
            "archived": _archived(row),
        },
    )


def _padded(row: m.Statistic, inputs: list[str]) -> list[str]:
    """A formula's inputs with "?" at the end for those not published (a percent change,
    share, difference or ratio has two)."""
    if row.formula is None or row.formula == m.StatisticFormula.SUM:
        return inputs
    return inputs + [NOT_PUBLISHED] * (2 - len(inputs))


def _statistic(row: m.Statistic, keys: _Keys, inputs: list[str]) -> dict[str, Any]:
    period = _compact(
        s.Period, {"label": row.period_label, "start": row.period_start, "end": row.period_end}
    )
    content: dict[str, Any] = {  # Statistic.__content__, the period nested
        name: getattr(row, name)
        for name in m.Statistic.__content__
        if not name.startswith("period_")
    }
    content["value"] = Quoted(canonical_decimal(row.value))
    if row.value_max is not None:
        content["value_max"] = Quoted(canonical_decimal(row.value_max))
    content["unit"] = str(row.unit)
    data = _compact(
        s.StatisticRow,
        {
            "key": row.key,
            **content,
            "period": period,
            # Not the computed value: it is recomputed on import.
            "formula": {"kind": str(row.formula), "inputs": inputs} if row.formula else None,
            "source": keys.source.get(row.source_id),
            "archived": _archived(row),
        },
    )
    if not period:  # no label, start or end: the default
        del data["period"]
    return data


def _evidence(row: m.Evidence, keys: _Keys) -> dict[str, Any]:
    return _compact(
        s.EvidenceRow,
        {
            "key": row.key,
            "title": row.title,
            "kind": str(row.kind),
            "text": row.text,
            "attribution": row.attribution,
            "date": row.evidence_date,
            "sensitivity": str(row.sensitivity),
            "composite": row.is_composite,
            "source": keys.source.get(row.source_id),
            "archived": _archived(row),
        },
    )


def _precise(value, precision) -> Any:
    if precision != m.DatePrecision.DAY:  # "2026-07", "2027": the precision shows
        return Quoted(format_precise_date(value, precision))
    return value


def _milestone(row: m.Milestone, keys: _Keys, moves: list[m.MilestoneMove]) -> dict[str, Any]:
    when = _precise(row.milestone_date, row.date_precision)
    done = None
    if row.done_at is not None:
        done = _compact(s.Done, {"at": row.done_at, "note": row.done_note, "url": row.done_url})
    history = [
        _compact(
            s.Move,
            {
                "old_date": _precise(move.old_date, move.old_precision),
                "new_date": _precise(move.new_date, move.new_precision),
                "moved_at": move.moved_at,
                "note": move.note,
            },
        )
        for move in moves
    ]
    return _compact(
        s.MilestoneRow,
        {
            "key": row.key,
            "title": row.title,
            "date": when,
            "kind": str(row.kind),
            "planned": row.is_planned,
            "description": row.description,
            "organisation": keys.organisation.get(row.organisation_id),
            "source": keys.source.get(row.source_id),
            "reminders": row.reminder_offsets,
            "also_remind": row.reminder_recipients,
            "done": done,
            "moves": history,
            "archived": _archived(row),
        },
    )


def _links(model: type[BaseModel], links: list[tuple]) -> list[dict[str, Any]]:
    """Link rows in order (rank, then key), each `{statistic: key}` plus a note if any."""
    return [_compact(model, {**ref, "note": note}) for _rank, _key, ref, note in sorted(links)]


def _ask(row: m.Ask, links: _AskLinks) -> dict[str, Any]:
    return _compact(
        s.AskRow,
        {
            "slug": row.slug,
            "title": row.title,
            "summary": row.summary,
            "status": str(row.status),
            "priority": str(row.priority),
            "owner": row.owner,
            "owner_email": row.owner_email,
            "targets": sorted(links.targets[row.id]),
            "tags": sorted(links.tags[row.id]),
            "statistics": _links(s.StatisticLink, links.statistics[row.id]),
            "evidence": _links(s.EvidenceLink, links.evidence[row.id]),
            "milestones": _links(s.MilestoneLink, links.milestones[row.id]),
            "archived": _archived(row),
        },
    )


def _response(row: m.Response, keys: _Keys, positions: list[m.ResponseAsk]) -> dict[str, Any]:
    asks = sorted((keys.ask[link.ask_id], str(link.position), link.note) for link in positions)
    return _compact(
        s.ResponseRow,
        {
            "key": row.key,
            "title": row.title,
            "organisation": keys.organisation[row.organisation_id],
            "date": row.response_date,
            "channel": str(row.channel),
            "direction": str(row.direction),
            "summary": row.summary,
            "url": row.url,
            "reply_expected_by": row.reply_expected_by,
            "asks": [
                _compact(s.ResponseAskLink, {"ask": slug, "position": position, "note": note})
                for slug, position, note in asks
            ],
            "archived": _archived(row),
        },
    )
