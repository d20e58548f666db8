"""Figure cells as forces write them: nil is zero, "not recorded" is no data (named in the
coverage), a suppressed small number is a range; the markers are settings; an XLSX formula
with no saved value is refused with its cell, never read as blank."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign import models as m
from campaign.returns.errors import ReturnsInvalid
from campaign.returns.importer import apply_import, preview_import
from campaign.returns.markers import DEFAULT, Figure, Markers, normalise, read_count
from campaign.returns.reading import Table
from campaign.returns.validation import check
from campaign.settings import Settings
from tests.returns import workbooks
from tests.returns.conftest import row_counts, statistics

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cell", "figure"),
    [
        ("NIL", Figure(0)),
        ("none", Figure(0)),
        ("\u2014", Figure(0)),
        (" - ", Figure(0)),
        ("0", Figure(0)),
        (0.0, Figure(0)),
        ("2,718", Figure(2718)),
        (None, Figure(None)),
        ("   ", Figure(None)),
        ("Not Recorded", Figure(None)),
        ("NOT HELD", Figure(None)),
        ("n/a", Figure(None)),
        ("[X]", Figure(None)),
        ("[z]", Figure(None)),
        ("<3", Figure(0, 2)),
        ("less than 10", Figure(0, 9)),
        ("Fewer than 6", Figure(0, 5)),
        ("\u2264 7", Figure(0, 7)),
        ("*", Figure(0, 4)),
        ("[C]", Figure(0, 4)),
        ("2-7", Figure(2, 7)),
        ("1 to 9", Figure(1, 9)),
        ("3\u20133", Figure(3)),
        ("10\u201319", Figure(10, 19)),
    ],
)
def test_what_a_figure_cell_says(cell, figure):
    assert read_count(cell) == figure


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("9-2", '"9-2" is not a range: 9 is more than 2'),
        ("<0", "cannot be less than 0"),
        ("approx. 4", '"approx. 4" is not a whole number'),
        ("[k]", '"[k]" is not a whole number'),
        ("-12", "-12 is negative"),
        ("7.5", '"7.5" is not a whole number'),
    ],
)
def test_what_is_not_a_figure(cell, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace(".", r"\.")):
        read_count(cell)


def test_the_markers_are_settings():
    markers = Markers.from_settings(
        {
            "RETURNS_NIL_MARKERS": "zero, nowt",
            "RETURNS_NO_DATA_MARKERS": "Unavailable,..",
            "RETURNS_SUPPRESSED_MARKERS": "~",
            "RETURNS_SUPPRESSED_RANGE": "1 to 9",
        }
    )
    assert read_count("Nowt", markers) == Figure(0)
    assert read_count("..", markers) == Figure(None)
    assert read_count("~", markers) == Figure(1, 9)
    with pytest.raises(ValueError, match='"nil" is not a whole number'):
        read_count("nil", markers)
    with pytest.raises(ValueError, match="RETURNS_SUPPRESSED_RANGE"):
        Markers.from_settings({"RETURNS_SUPPRESSED_RANGE": "5-1"})
    # The settings' defaults are the markers' defaults.
    settings = Settings()
    assert Markers.from_settings(
        {k: getattr(settings, k) for k in dir(settings) if k.startswith("RETURNS_")}
    ) == Markers.from_settings({})


def _import(session, source, text: str, filename: str = "returns.csv"):
    result = apply_import(
        session=session,
        source=source,
        filename=filename,
        data=text.encode(),
        imported_by="t",
        now=NOW,
    )
    session.commit()
    return result


def test_nil_counts_as_zero_and_no_data_is_named_in_the_coverage(session, make):
    source = make.source(key="nil", kind=m.SourceKind.FOI_RETURN)
    _import(
        session,
        source,
        "force,period,offences\n"
        "Cumbria Constabulary,2020/21,Nil\n"
        "Durham Constabulary,2020/21,31\n"
        "Gwent Police,2020/21,Not recorded\n"
        "North Wales Police,2020/21,[z]\n"
        "Sussex Police,2020/21,-\n",
    )
    stats = statistics(session, "nil")
    total = stats["returns-nil-offences-2020-21"]
    assert total.value == 31 and total.value_max is None
    assert stats["returns-nil-forces-2020-21"].value == 3
    assert total.coverage == (
        "3 of 5 forces asked provided usable data for 2020/21; no usable data from: "
        "Gwent Police, North Wales Police."
    )


def test_configured_markers_are_used_by_the_import(app, session, make, monkeypatch):
    monkeypatch.setitem(app.config, "RETURNS_NO_DATA_MARKERS", "unavailable")
    monkeypatch.setitem(app.config, "RETURNS_SUPPRESSED_RANGE", "1-3")
    source = make.source(key="configured", kind=m.SourceKind.FOI_RETURN)
    _import(
        session,
        source,
        "force,period,offences\nKent Police,2020/21,UNAVAILABLE\nEssex Police,2020/21,[c]\n",
    )
    total = statistics(session, "configured")["returns-configured-offences-2020-21"]
    assert (total.value, total.value_max) == (1, 3)
    assert "no usable data from: Kent Police." in total.coverage

    # "n/a" is no longer a no-data marker here: it is refused, at its row.
    with pytest.raises(ReturnsInvalid) as refused:
        _import(session, source, "force,period,offences\nSurrey Police,2020/21,n/a\n", "b.csv")
    assert [str(e) for e in refused.value.errors] == [
        'row 2, column "offences": "n/a" is not a whole number'
    ]


def test_a_suppressed_platform_count_is_refused(session, make):
    source = make.source(key="plat", kind=m.SourceKind.FOI_RETURN)
    with pytest.raises(ReturnsInvalid) as refused:
        _import(
            session,
            source,
            "force,period,offences,platform:Kik\nKent Police,2020/21,40,<8\n",
        )
    assert "a suppressed platform count cannot be added up" in str(refused.value)


def _formula_workbook(*offences: bytes) -> bytes:
    rows = [workbooks.HEADER]
    for number, cell in enumerate(offences, start=2):
        force = ("Kent Police", "Essex Police", "Surrey Police", "Sussex Police")[number - 2]
        rows.append(workbooks.row(workbooks.text_cell(force), workbooks.text_cell("2021/22"), cell))
    return workbooks.workbook(rows)


def test_a_formula_with_no_saved_value_is_refused_with_its_cell(session, make):
    source = make.source(key="formulas", kind=m.SourceKind.FOI_RETURN)
    data = _formula_workbook(
        b"<c><v>12</v></c>",
        b'<c r="C3"><f>C2*2</f></c>',  # no saved value: would read as blank, "no data"
        b"<c><f>C2+1</f><v>13</v></c>",  # saved value 13: read as 13
        b'<c r="C5"><f t="shared" si="0"/><v></v></c>',
    )

    preview = preview_import(session=session, source=source, filename="f.xlsx", data=data)

    assert [str(e) for e in preview.errors] == [
        "2 formula cells with no saved value (C3, C5): nothing would be read from them. Open "
        "the workbook in Excel and save it (Excel saves each formula's result), or paste the "
        "values over the formulas"
    ]
    assert set(row_counts(session).values()) == {0}


def test_a_formula_with_a_saved_value_is_read(session, make):
    source = make.source(key="saved", kind=m.SourceKind.FOI_RETURN)
    data = _formula_workbook(b"<c><v>12</v></c>", b"<c><f>C2+1</f><v>13</v></c>")
    apply_import(session=session, source=source, filename="s.xlsx", data=data, imported_by="t")
    session.commit()
    assert statistics(session, "saved")["returns-saved-offences-2021-22"].value == 25


def test_a_workbook_saved_by_openpyxl_with_a_formula_is_refused(session, make):
    """A workbook written by a program: openpyxl saves "=SUM(…)" with no value."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Force", "Period", "Offences"])
    sheet.append(["Kent Police", "2021/22", 4])
    sheet.append(["Essex Police", "2021/22", "=B2+1"])
    out = io.BytesIO()
    workbook.save(out)
    source = make.source(key="program", kind=m.SourceKind.FOI_RETURN)

    preview = preview_import(session=session, source=source, filename="p.xlsx", data=out.getvalue())

    assert len(preview.errors) == 1
    assert "a formula cell with no saved value (C3)" in str(preview.errors[0])


def test_a_malformed_suppressed_range_setting_stops_the_import(app, session, make, monkeypatch):
    monkeypatch.setitem(app.config, "RETURNS_SUPPRESSED_RANGE", "5-1")
    source = make.source(key="badrange", kind=m.SourceKind.FOI_RETURN)
    preview = preview_import(
        session=session,
        source=source,
        filename="r.csv",
        data=b"force,period,offences\nKent Police,2020/21,3\n",
    )
    assert [str(e) for e in preview.errors] == [
        'RETURNS_SUPPRESSED_RANGE "5-1" is not a range of whole numbers, e.g. 0-4'
    ]


@given(st.integers(0, 2_000_000_000))
def test_any_count_with_or_without_thousands_separators(n):
    assert read_count(f"{n:,}") == read_count(str(n)) == read_count(n) == Figure(n)


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(["-", " to ", "\u2013"]))
def test_any_range_is_read_as_its_bounds_or_refused_when_backwards(a, b, between):
    text = f"{a}{between}{b}"
    if a > b:
        with pytest.raises(ValueError, match="is not a range"):
            read_count(text)
    else:
        assert read_count(text) == (Figure(a) if a == b else Figure(a, b))


@given(st.integers(1, 10_000))
def test_less_than_n_is_zero_to_n_minus_one(n):
    assert read_count(f"<{n}") == (Figure(0) if n == 1 else Figure(0, n - 1))


@given(st.text(max_size=12))
def test_no_text_becomes_no_data_unless_it_is_a_no_data_marker(text):
    """Never a silent blank: whatever a cell says is a figure, a listed marker, or refused."""
    try:
        figure = read_count(text)
    except ValueError:
        return
    if figure.low is None:
        assert normalise(text) in DEFAULT.no_data or not normalise(text)


def test_platform_names_that_would_share_a_statistic_are_one_platform():
    table = Table(["force", "period", "offences", "platform:Snap chat", "platform:snap-chat"], [])
    _, errors = check(table)
    assert [str(e) for e in errors] == [
        'row 1, column "platform:snap-chat": the same platform as column "platform:Snap chat"'
    ]
