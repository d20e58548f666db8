"""Periods however forces write them: one canonical period per police year, a hyphenated year
never read as a month, two spellings of one period the same period (so duplicates are caught),
and a dry run that passes is an import that succeeds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign.returns import periods
from campaign.returns.reading import Table
from campaign.returns.validation import check
from tests.returns import corpus
from tests.returns.conftest import row_counts, statistics


@given(year=st.integers(1970, 2068), data=st.data())
def test_every_spelling_of_a_police_year_is_the_one_period(year, data):
    spelling = data.draw(st.sampled_from(corpus.spellings(year)))
    spelling = data.draw(st.sampled_from([spelling, spelling.upper(), f"  {spelling} "]))

    period = periods.parse(spelling)

    assert period == periods.Period(corpus.label(year), date(year, 4, 1), date(year + 1, 3, 31))


@given(year=st.integers(2000, 2098))
def test_a_hyphenated_year_is_never_a_month(year):
    # 2009-10, 2010-11 and 2011-12 look like October, November and December.
    nxt = (year + 1) % 100
    assert periods.parse(f"{year}-{nxt:02d}").label == corpus.label(year)
    skipped = (year + 2) % 100
    if skipped > 12:  # not a month either: refused, never kept as a label
        with pytest.raises(periods.PeriodInvalid, match="not a police year"):
            periods.parse(f"{year}-{skipped:02d}")


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2019-07", "2019-07", date(2019, 7, 1), date(2019, 7, 31)),
        ("Sep 2020", "2020-09", date(2020, 9, 1), date(2020, 9, 30)),
        ("february 2028", "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("July 2019 to June 2020", "July 2019 to June 2020", date(2019, 7, 1), date(2020, 6, 30)),
        ("year ending September 2021", "October 2020 to September 2021", date(2020, 10, 1), None),
        ("2 May 2021 - 1 May 2022", "2 May 2021 to 1 May 2022", date(2021, 5, 2), date(2022, 5, 1)),
        ("98/99", "1998/99", date(1998, 4, 1), date(1999, 3, 31)),
        ("1999-2000", "1999/00", date(1999, 4, 1), date(2000, 3, 31)),
        ("Custom period B", "Custom period B", None, None),
    ],
)
def test_months_spans_and_other_labels(text, label, start, end):
    period = periods.parse(text)
    assert period.label == label and period.start == start
    if end is not None:
        assert period.end == end


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018/20", "not a police year"),
        ("2018-2020", "not a police year"),
        ("17/19", "not a police year"),
        ("2015-14", "not a police year"),
        ("2016-00", "not a police year"),
        ("2016-13", "not a police year"),
        ("May 2020 to April 2019", "ends before it starts"),
        ("30 February 2020 to March 2021", "not a real date"),
    ],
)
def test_impossible_years_are_refused(text, message):
    with pytest.raises(periods.PeriodInvalid, match=message):
        periods.parse(text)


def test_two_spellings_of_a_period_in_one_file_are_a_duplicate():
    table = Table(
        ["force", "period", "offences"],
        [
            (2, ["Lancashire Constabulary", "FY 19-20", "40"]),
            (3, ["Kent Police", "calendar 2021", "7"]),
            (4, ["Lancashire Police", "April 2019 to March 2020", "41"]),
            (5, ["Kent", "Calendar 2021", "8"]),
        ],
    )
    rows, errors = check(table)
    assert [str(e) for e in errors] == [
        'row 4, column "force": duplicate: Lancashire Constabulary, 2019/20 is also in row 2',
        'row 5, column "force": duplicate: Kent Police, calendar 2021 is also in row 3',
    ]
    assert [r.period_label for r in rows] == ["2019/20", "calendar 2021"]


def test_a_period_keeps_its_first_spelling_across_rows():
    table = Table(
        ["force", "period", "offences"],
        [(2, ["Kent Police", "Calendar 2021", "7"]), (3, ["Essex Police", "CALENDAR 2021", "9"])],
    )
    rows, errors = check(table)
    assert errors == [] and {r.period_label for r in rows} == {"Calendar 2021"}


def test_a_mixed_spelling_file_that_passes_its_dry_run_imports(runner, session, make, tmp_path):
    """A file writing one year three ways (and a free label two ways): the dry run passes, and
    so does the import (it used to fail on the statistics' unique key)."""
    source = make.source(key="mixed", kind="foi_return")
    path = tmp_path / "mixed.csv"
    path.write_text(
        "force,period,offences\n"
        "Norfolk Constabulary,2016/17,120\n"
        "Suffolk Constabulary,2016-17,80\n"
        "Essex Police,FY2016-17,<6\n"
        "Norfolk Constabulary,Quarter one,3\n"
        "Suffolk Constabulary,quarter ONE,4\n"
    )
    dry = runner.invoke(args=["import-returns", str(path), "--source", "mixed", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert set(row_counts(session).values()) == {0}

    real = runner.invoke(args=["import-returns", str(path), "--source", "mixed"])

    assert real.exit_code == 0, real.output
    assert real.exception is None
    stats = statistics(session, source.key)
    total = stats["returns-mixed-offences-2016-17"]
    assert (total.value, total.value_max, total.period_label) == (200, 205, "2016/17")
    assert stats["returns-mixed-offences-quarter-one"].value == 7


def test_a_later_file_spelling_a_stored_period_differently_replaces_its_rows(
    runner, session, make, tmp_path
):
    make.source(key="later", kind="foi_return")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("force,period,offences\nDorset Police,2010-11,55\nGwent Police,2010/11,6\n")
    second.write_text("force,period,offences\nDorset Police,Apr 2010 - Mar 2011,57\n")
    assert runner.invoke(args=["import-returns", str(first), "--source", "later"]).exit_code == 0

    dry = runner.invoke(args=["import-returns", str(second), "--source", "later", "--dry-run"])
    assert "1 row (0 new, 1 replaced, 0 unchanged)" in dry.output
    real = runner.invoke(args=["import-returns", str(second), "--source", "later"])

    assert real.exit_code == 0, real.output
    assert row_counts(session)["force_returns"] == 2
    stats = statistics(session, "later")
    assert stats["returns-later-offences-2010-11"].value == 63
    assert not [k for k in stats if "2010-11" not in k and "offences" in k]


def _legacy(session, source, *rows):
    """Returns as the importer stored them before periods were made canonical: "2019-20" kept
    as written, without dates."""
    from campaign import models as m

    record = m.ReturnImport(source_id=source.id, filename="old.csv", rows=len(rows))
    session.add(record)
    session.flush()
    for force, label, offences in rows:
        session.add(
            m.ForceReturn(
                import_id=record.id,
                source_id=source.id,
                force=force,
                period_label=label,
                offences=offences,
            )
        )
    session.commit()


def test_returns_stored_under_an_old_spelling_join_the_canonical_period(session, make):
    from campaign.returns.importer import apply_import

    source = make.source(key="legacy", kind="foi_return")
    _legacy(session, source, ("Dorset Police", "2019-20", 70), ("Kent Police", "2019-20", 5))

    result = apply_import(
        session=session,
        source=source,
        filename="new.csv",
        data=b"force,period,offences\nKent Police,2019/20,6\nEssex Police,FY 19/20,11\n",
        imported_by="t",
    )
    session.commit()

    assert (len(result.preview.new), len(result.preview.replaced)) == (1, 1)
    stats = statistics(session, "legacy")
    total = stats["returns-legacy-offences-2019-20"]
    assert (total.value, total.period_label) == (87, "2019/20")
    assert (str(total.period_start), str(total.period_end)) == ("2019-04-01", "2020-03-31")
    assert total.coverage.startswith("All 3 forces asked provided usable data for 2019/20.")


def test_one_force_stored_twice_under_two_old_spellings_is_reported_not_chosen(session, make):
    from campaign.returns.importer import preview_import

    source = make.source(key="twice", kind="foi_return")
    _legacy(session, source, ("Kent Police", "FY2019-20", 5), ("Kent Police", "2019/20", 6))

    preview = preview_import(
        session=session,
        source=source,
        filename="n.csv",
        data=b"force,period,offences\nEssex Police,2019/20,11\n",
    )

    assert [str(e) for e in preview.errors] == [
        "the returns already imported for this source hold Kent Police for 2019/20 twice, "
        'as "FY2019-20" and "2019/20": they cannot both be kept'
    ]
