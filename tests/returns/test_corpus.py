"""A corpus of messy returns files (tests/returns/corpus.py, generated at test time, CSV and
XLSX) imports, or is refused, as docs/returns.md says; the dry run (the preview) and the real
import always agree; and the totals and coverage are those worked out from the generator's
truth, not by the code under test."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from campaign import models as m
from campaign.returns.errors import ReturnsInvalid
from campaign.returns.importer import apply_import, preview_import
from tests.returns import corpus
from tests.returns.conftest import row_counts, statistics

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SEEDS = range(36)


def dry_run_then_import(session, source, generated):
    """The preview's verdict and the import's, which must be the same; the import's errors."""
    preview = preview_import(
        session=session,
        source=source,
        filename=generated.filename,
        data=generated.data,
        now=NOW,
    )
    session.rollback()
    before = row_counts(session)
    try:
        apply_import(
            session=session,
            source=source,
            filename=generated.filename,
            data=generated.data,
            imported_by="corpus",
            now=NOW,
        )
    except ReturnsInvalid as invalid:
        session.rollback()
        assert not preview.ok, f"{generated.filename}: the dry run passed, the import failed"
        assert [str(e) for e in invalid.errors] == [str(e) for e in preview.errors]
        assert row_counts(session) == before, "a refused file wrote something"
        return invalid.errors
    session.commit()
    assert preview.ok, f"{generated.filename}: the dry run refused what the import took"
    return []


def check_statistics(session, source, truth):
    """Every period's total, number of forces and coverage, and every pair of periods'
    comparable totals, against the truth."""
    stats = statistics(session, source.key)
    prefix = f"returns-{source.key}"
    years = corpus.years_of(truth)
    totals = {k for k in stats if k.startswith(f"{prefix}-offences-")}
    assert totals == {
        f"{prefix}-offences-{corpus.slug(y)}" for y in years if corpus.expected(truth, y).usable
    }
    for year in years:
        want = corpus.expected(truth, year)
        forces = stats[f"{prefix}-forces-{corpus.slug(year)}"]
        assert forces.value == len(want.usable)
        assert (forces.period_label, forces.period_start, forces.period_end) == (
            corpus.label(year),
            date(year, 4, 1),
            date(year + 1, 3, 31),
        )
        coverage = forces.coverage
        if want.no_data:
            assert coverage.startswith(
                f"{len(want.usable)} of {len(want.asked)} forces asked provided usable data "
                f"for {corpus.label(year)}; no usable data from: {', '.join(want.no_data)}."
            )
        else:
            assert coverage.startswith(
                f"All {len(want.asked)} forces asked provided usable data for {corpus.label(year)}."
            )
        if not want.usable:
            continue
        total = stats[f"{prefix}-offences-{corpus.slug(year)}"]
        assert total.value == Decimal(want.low)
        assert total.value_max == (None if want.high is None else Decimal(want.high))
        assert total.coverage == coverage
        for force in want.suppressed:
            assert force in coverage.split("Suppressed small numbers from: ", 1)[1]
        if want.suppressed:
            assert f"at least {want.low:,} (at most {want.high:,})" in coverage
        else:
            assert "Suppressed" not in coverage
    for i, first in enumerate(years):
        for second in years[i + 1 :]:
            a, b = corpus.expected(truth, first), corpus.expected(truth, second)
            common = sorted(set(a.usable) & set(b.usable))
            pair = f"{prefix}-comparable-{corpus.slug(first)}-{corpus.slug(second)}"
            if not common:
                assert f"{pair}-offences-{corpus.slug(first)}" not in stats
                continue
            for year in (first, second):
                got = stats[f"{pair}-offences-{corpus.slug(year)}"]
                mine = {f: t for (f, y), t in truth.items() if y == year}
                assert got.value == sum(mine[f].low for f in common)
                assert got.coverage.startswith(f"{len(common)} force")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_generated_file_imports_or_is_refused_as_documented(session, make, seed):
    source = make.source(key=f"corpus-{seed}", kind=m.SourceKind.FOI_RETURN)
    generated = corpus.generate(seed)

    errors = dry_run_then_import(session, source, generated)

    if generated.mistake:
        assert errors, f"{generated.filename}: {generated.mistake} was not refused"
        where = [e for e in errors if e.row == generated.refused_at]
        if generated.mistake == "formula":
            # Refused before the rows are read, naming the cell: its column letter and row.
            assert len(errors) == 1
            assert re.search(rf"\b[A-D]{generated.refused_at}\b", str(errors[0])), errors[0]
        else:
            assert where, f"{generated.filename}: no error at row {generated.refused_at}"
        return
    assert errors == []
    check_statistics(session, source, generated.truth)

    # A second file for the same source, every period spelled its own way again: its rows
    # replace the same force and year, whatever the spelling; the others stay.
    follow_up = corpus.generate(seed + 10_000, mistake="")
    assert dry_run_then_import(session, source, follow_up) == []
    check_statistics(session, source, generated.truth | follow_up.truth)


def test_the_corpus_covers_every_class(session):
    """The generator's draws reach every class: formats, spellings, markers and mistakes."""
    files = [corpus.generate(seed) for seed in SEEDS]
    assert {f.filename.rsplit(".", 1)[1] for f in files} == {"csv", "xlsx"}
    assert {f.mistake for f in files} == {"", *corpus.MISTAKES}
    kinds = {t.kind for f in files for t in f.truth.values()}
    assert kinds == {"exact", "nil", "none", "suppressed"}
    spelled = set().union(*(f.spelled for f in files))
    assert {"2011-12", "2010-11", "2009-10"} & spelled, "no hyphenated year that looks like a month"
    assert sum(1 for f in files if len({s for s in f.spelled}) > 1) > len(files) // 2
