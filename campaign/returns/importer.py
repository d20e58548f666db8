"""Importing a returns file for a source: preview what it would change, then apply it, all or
nothing (see docs/returns.md).

`preview_import` reads and checks the file, compares it with the source's returns already
imported (new, replaced, unchanged rows) and works out the statistics they add up to.
`apply_import` writes exactly that preview: any error and nothing is written; it never
commits, so a later failure in the caller's unit of work rolls the whole import back.
Re-importing the same file changes nothing; a corrected file replaces the rows for the same
source, force and period and re-aggregates. Rows the file does not mention stay.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from flask import current_app, has_app_context
from sqlalchemy import bindparam, delete, insert, select, update
from sqlmodel import Session

from campaign import clock
from campaign.models import ForceReturn, ForceReturnPlatform, ReturnImport, Source
from campaign.rendering import uk_day
from campaign.returns import aggregate, periods, syncing
from campaign.returns.errors import ReturnError, ReturnsInvalid, error
from campaign.returns.markers import DEFAULT, Markers
from campaign.returns.reading import DEFAULT_MAX_BYTES, read_table
from campaign.returns.validation import ParsedReturn, check

RETURNS = ForceReturn.__table__
PLATFORMS = ForceReturnPlatform.__table__
CHUNK = 500


@dataclass(frozen=True)
class Stored:
    """A return already in the database, with the import it came from."""

    id: int
    force: str
    period_label: str
    period_start: date | None
    period_end: date | None
    offences: int | None
    note: str
    platforms: tuple[tuple[str, int], ...]
    filename: str
    imported_at: datetime
    offences_max: int | None = None
    label_as_stored: str = ""  # before the label was made canonical (periods.parse)


@dataclass
class ImportPreview:
    source: Source
    filename: str
    sha256: str
    size: int
    errors: list[ReturnError] = field(default_factory=list)
    rows: list[ParsedReturn] = field(default_factory=list)
    new: list[ParsedReturn] = field(default_factory=list)
    replaced: list[tuple[ParsedReturn, Stored]] = field(default_factory=list)
    unchanged: list[ParsedReturn] = field(default_factory=list)
    periods: list[aggregate.Period] = field(default_factory=list)  # after the import
    statistics: list[syncing.StatisticChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes_rows(self) -> bool:
        return bool(self.new or self.replaced)

    @property
    def changes_anything(self) -> bool:
        """Whether importing would write anything (rows, or statistics out of step)."""
        return self.changes_rows or any(c.action != "unchanged" for c in self.statistics)

    def statistics_by_action(self, action: str) -> list[syncing.StatisticChange]:
        return [c for c in self.statistics if c.action == action]

    def summary(self) -> str:
        """'45 rows (40 new, 5 replaced, 0 unchanged); statistics: 9 created, 2 updated'."""
        counts = {a: len(self.statistics_by_action(a)) for a in syncing.ACTIONS}
        text = (
            f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''} "
            f"({len(self.new)} new, {len(self.replaced)} replaced, "
            f"{len(self.unchanged)} unchanged); statistics: {counts['create']} created, "
            f"{counts['update']} updated, {counts['unchanged']} unchanged"
        )
        if counts["archive"]:
            text += f", {counts['archive']} archived"
        return text


@dataclass(frozen=True)
class ImportResult:
    preview: ImportPreview
    return_import: ReturnImport | None  # None when the file changed no row

    def summary(self) -> str:
        return self.preview.summary()


def max_bytes() -> int:
    if has_app_context():
        return int(current_app.config.get("RETURNS_MAX_BYTES", DEFAULT_MAX_BYTES))
    return DEFAULT_MAX_BYTES


def markers() -> Markers:
    """The figure markers in the app's settings (RETURNS_*_MARKERS, docs/returns.md)."""
    if has_app_context():
        return Markers.from_settings(current_app.config)
    return DEFAULT


def preview_import(
    *, session: Session, source: Source, filename: str, data: bytes, now: datetime | None = None
) -> ImportPreview:
    """What importing `data` (the file `filename`) for `source` would do; writes nothing."""
    now = now or clock.now()
    preview = ImportPreview(
        source=source, filename=filename, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
    )
    try:
        table = read_table(filename, data, max_bytes=max_bytes())
    except ReturnsInvalid as invalid:
        preview.errors = invalid.errors
        return preview
    try:
        figure_markers = markers()
    except ValueError as exc:
        preview.errors = [error(str(exc))]
        return preview
    preview.rows, errors = check(table, markers=figure_markers)
    if errors:
        preview.errors = sorted(errors, key=lambda e: e.row)
        return preview

    stored, spellings, preview.errors = _canonical_stored(_stored(session, source.id))
    if preview.errors:
        return preview
    # A period keeps one spelling: the one already imported, else the file's.
    preview.rows = [
        replace(r, period_label=spellings.setdefault(r.period_identity, r.period_label))
        for r in preview.rows
    ]
    today = uk_day(now)
    merged: dict[tuple[str, str], aggregate.Row] = {
        key: _row(s, (s.filename, uk_day(s.imported_at))) for key, s in stored.items()
    }
    for row in preview.rows:
        key = (row.force, row.period_identity)
        old = stored.get(key)
        if old is None:
            preview.new.append(row)
        elif row.same_data(old):
            preview.unchanged.append(row)
            continue
        else:
            preview.replaced.append((row, old))
        merged[key] = _row(row, (filename, today))
    preview.errors = _period_conflicts(preview.rows, merged)
    if preview.errors:
        return preview

    rows = list(merged.values())
    preview.periods = aggregate.periods(rows)
    specs = aggregate.statistics(source.key, rows, changes=True)
    preview.errors = _key_clashes(specs)
    if preview.errors:
        return preview
    preview.statistics, preview.errors = syncing.plan(session=session, source=source, specs=specs)
    return preview


def _canonical_stored(
    stored: list[Stored],
) -> tuple[dict[tuple[str, str], Stored], dict[str, str], list[ReturnError]]:
    """The stored returns by (force, period identity), each with its canonical label and, if
    it had none, the dates that label stands for (returns imported before periods were made
    canonical kept "2022-23" as written); the spelling of each period; and an error for a
    force holding one period twice under two old spellings (never resolved silently)."""
    by_key: dict[tuple[str, str], Stored] = {}
    spellings: dict[str, str] = {}
    errors: list[ReturnError] = []
    for s in sorted(stored, key=lambda s: s.id):
        try:
            period = periods.parse(s.period_label)
        except periods.PeriodInvalid:
            period = periods.Period(s.period_label, None, None)
        label = spellings.setdefault(period.identity, period.label)
        canonical = replace(
            s,
            period_label=label,
            period_start=s.period_start or period.start,
            period_end=s.period_end or period.end,
            label_as_stored=s.period_label,
        )
        first = by_key.setdefault((s.force, period.identity), canonical)
        if first is not canonical:
            errors.append(
                error(
                    f"the returns already imported for this source hold {s.force} for {label} "
                    f'twice, as "{first.label_as_stored}" and "{s.period_label}": they cannot '
                    "both be kept"
                )
            )
    return by_key, spellings, errors


def _key_clashes(specs: list[aggregate.StatisticSpec]) -> list[ReturnError]:
    """Two statistics with one key would fail on writing: refuse in the preview instead, so an
    import never fails where its preview (the dry run) passed."""
    seen: dict[str, aggregate.StatisticSpec] = {}
    errors = []
    for spec in specs:
        other = seen.setdefault(spec.key, spec)
        if other is not spec:
            errors.append(
                error(
                    f'"{other.label}" and "{spec.label}" would both be the statistic '
                    f'"{spec.key}": write their periods or platforms so that they differ'
                )
            )
    return errors


def apply_import(
    *,
    session: Session,
    source: Source,
    filename: str,
    data: bytes,
    imported_by: str,
    now: datetime | None = None,
) -> ImportResult:
    """Import the file: all of it, or nothing (ReturnsInvalid listing every error)."""
    now = now or clock.now()
    preview = preview_import(session=session, source=source, filename=filename, data=data, now=now)
    if preview.errors:
        raise ReturnsInvalid(preview.errors)
    record = None
    if preview.changes_rows:
        record = ReturnImport(
            source_id=source.id,
            filename=filename[:255],
            sha256=preview.sha256,
            rows=len(preview.rows),
            imported_by=imported_by[:120],
            imported_at=now,
        )
        session.add(record)
        session.flush()
        _write_rows(session, preview, record.id)
    syncing.write(session=session, source=source, changes=preview.statistics, now=now)
    return ImportResult(preview=preview, return_import=record)


def _row(r: ParsedReturn | Stored, imported: tuple[str, date]) -> aggregate.Row:
    return aggregate.Row(
        force=r.force,
        period_label=r.period_label,
        period_start=r.period_start,
        period_end=r.period_end,
        offences=r.offences,
        platforms=r.platforms,
        imported=imported,
        offences_max=r.offences_max,
    )


def _period_conflicts(
    rows: list[ParsedReturn], merged: dict[tuple[str, str], aggregate.Row]
) -> list[ReturnError]:
    """A period must have the same dates in the file as in the returns already imported."""
    dates: dict[str, set[tuple[date | None, date | None]]] = {}
    for row in merged.values():
        dates.setdefault(row.period_label, set()).add((row.period_start, row.period_end))
    errors, reported = [], set()
    for row in rows:
        spans = dates[row.period_label] - {(row.period_start, row.period_end)}
        if spans and row.period_label not in reported:
            reported.add(row.period_label)
            start, end = sorted(spans, key=str)[0]
            errors.append(
                error(
                    f"{row.period_label} runs {start or 'unknown'} to {end or 'unknown'} in the "
                    "returns already imported for this source: give the same dates",
                    row=row.row_number,
                    column="period",
                )
            )
    return errors


def _stored(session: Session, source_id: int) -> list[Stored]:
    """The source's returns with their platforms and import: two queries."""
    query = (
        select(RETURNS, ReturnImport.filename, ReturnImport.imported_at)
        .join(ReturnImport, ReturnImport.id == RETURNS.c.import_id)
        .where(RETURNS.c.source_id == source_id)
    )
    rows = session.execute(query).all()
    platforms: dict[int, list[tuple[str, int]]] = {}
    owned = select(RETURNS.c.id).where(RETURNS.c.source_id == source_id)
    for return_id, platform, count in session.execute(
        select(PLATFORMS.c.return_id, PLATFORMS.c.platform, PLATFORMS.c.count).where(
            PLATFORMS.c.return_id.in_(owned)
        )
    ):
        platforms.setdefault(return_id, []).append((platform, count))
    return [
        Stored(
            id=r.id,
            force=r.force,
            period_label=r.period_label,
            period_start=r.period_start,
            period_end=r.period_end,
            offences=r.offences,
            note=r.note,
            platforms=tuple(sorted(platforms.get(r.id, ()))),
            filename=r.filename,
            imported_at=r.imported_at,
            offences_max=r.offences_max,
        )
        for r in rows
    ]


def _fields(row: ParsedReturn, import_id: int) -> dict[str, object]:
    return {
        "import_id": import_id,
        "period_label": row.period_label,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "offences": row.offences,
        "offences_max": row.offences_max,
        "note": row.note,
        "row_number": row.row_number,
    }


def _write_rows(session: Session, preview: ImportPreview, import_id: int) -> None:
    """New rows inserted and replaced ones updated in place, one executemany each; the
    platforms of both written afresh."""
    source_id = preview.source.id
    if preview.new:
        session.execute(
            insert(RETURNS),
            [
                _fields(r, import_id) | {"source_id": source_id, "force": r.force}
                for r in preview.new
            ],
        )
    if preview.replaced:
        names = list(_fields(preview.replaced[0][0], import_id))
        statement = (
            update(RETURNS)
            .where(RETURNS.c.id == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}") for name in names})
        )
        session.execute(
            statement,
            [
                {"b_id": old.id} | {f"b_{k}": v for k, v in _fields(new, import_id).items()}
                for new, old in preview.replaced
            ],
        )
        old_ids = [old.id for _, old in preview.replaced]
        for start in range(0, len(old_ids), CHUNK):
            chunk = old_ids[start : start + CHUNK]
            session.execute(delete(PLATFORMS).where(PLATFORMS.c.return_id.in_(chunk)))
    written = [r for r in preview.new if r.platforms] + [
        r for r, _ in preview.replaced if r.platforms
    ]
    if written:
        ids = {
            (force, label): i
            for i, force, label in session.execute(
                select(RETURNS.c.id, RETURNS.c.force, RETURNS.c.period_label).where(
                    RETURNS.c.import_id == import_id
                )
            )
        }
        session.execute(
            insert(PLATFORMS),
            [
                {"return_id": ids[(r.force, r.period_label)], "platform": name, "count": count}
                for r in written
                for name, count in r.platforms
            ],
        )
    # Core wrote around the ORM: returns loaded earlier in this session are out of date.
    session.expire_all()
