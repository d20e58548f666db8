"""Property tests (Hypothesis) over the parser and the verdicts, drawn from docs/claims.md's
wording table (tests/claims/wordings.py), so every wording the table lists is covered, and a
new row is covered as soon as it is added:

- for every wording (and each of its spellings) and any value outside its documented range,
  the verdict is never "consistent";
- negating a wording never keeps "consistent" on the same value;
- a figure that is a range is consistent only when every value in it is;
- a figure with no published base is never consistent, whatever the words and value;
- the parser never fails, whatever the text, and every range it reads is well formed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from campaign.claims import Verdict, check_claim, parse_claim
from tests.claims.wordings import ROWS

IDS = [row.wording for row in ROWS]
SPELLINGS = [(row, spelling) for row in ROWS for spelling in (row.wording, *row.variants)]
ROUNDING = Decimal("0.005")  # the table shows its bounds to two decimals
NEGATIONS = ("not {}", "it is not {}", "has not {}", "did not {}", "no longer {}", "isn't {}")


def values(row):
    """Values around the row's bounds and far from them, in the compared figure's terms."""
    opening, low, high, closing = row.bounds
    anchors = [Decimal(0), row.passes, row.fails]
    for cell in (low, high):
        if cell != "no limit":
            bound = Decimal(cell.replace("−", "-").replace(",", ""))
            anchors += [bound, -bound]
    near = st.sampled_from(anchors).flatmap(
        lambda a: st.decimals(a - abs(a) / 10 - 2, a + abs(a) / 10 + 2, places=3)
    )
    wide = st.decimals(-(10**7), 10**10, places=2)
    return st.one_of(near, wide, st.sampled_from(anchors))


def in_compared_terms(row, value: Decimal) -> Decimal:
    """The value as the table's range sees it: a ratio as its change, a count per year as
    the rate in the wording's unit of time."""
    if row.compared == "ratio":
        return (value - 1) * 100
    if row.compared == "count a year":
        [expectation] = parse_claim(row.wording).expectations
        seconds = Decimal(365 * 86400)
        per = seconds if expectation.per == seconds else expectation.per
        return value * per / seconds
    return value


@pytest.mark.parametrize(("row", "spelling"), SPELLINGS, ids=[s for _, s in SPELLINGS])
@settings(max_examples=60)
@given(data=st.data())
def test_a_value_outside_the_documented_range_is_never_consistent(row, spelling, data):
    value = data.draw(values(row))
    if row.compared == "ratio":
        value = value / 100 + 1  # drawn as a change: the ratio with that change
    check = check_claim(spelling, value, **row.kind)
    if not row.documented_holds(in_compared_terms(row, value), slack=ROUNDING):
        assert check.verdict != Verdict.CONSISTENT, (spelling, value, check.reason)


@pytest.mark.parametrize(("row", "spelling"), SPELLINGS, ids=[s for _, s in SPELLINGS])
@settings(max_examples=40)
@given(data=st.data(), negation=st.sampled_from(NEGATIONS))
@example(data=None, negation="not {}")
def test_negating_a_wording_never_keeps_it_consistent(row, spelling, data, negation):
    value = row.passes if data is None else data.draw(values(row))
    if row.compared == "ratio":
        value = value / 100 + 1 if data is not None else value
    said = check_claim(spelling, value, **row.kind)
    unsaid = check_claim(negation.format(spelling), value, **row.kind)
    if said.verdict == Verdict.CONSISTENT:
        assert unsaid.verdict != Verdict.CONSISTENT, (negation, value, unsaid.reason)


@pytest.mark.parametrize("row", [r for r in ROWS if r.compared != "ratio"], ids=str)
@settings(max_examples=40)
@given(data=st.data())
def test_a_range_is_consistent_only_when_every_value_in_it_is(row, data):
    low = data.draw(values(row))
    high = low + data.draw(st.decimals(0, abs(low) / 4 + 5, places=3))
    check = check_claim(row.wording, low, value_max=high, **row.kind)
    if check.verdict == Verdict.CONSISTENT:
        for fraction in ("0", "0.25", "0.5", "0.75", "1"):
            point = low + (high - low) * Decimal(fraction)
            assert check_claim(row.wording, point, **row.kind).verdict == Verdict.CONSISTENT


@settings(max_examples=200)
@given(
    wording=st.sampled_from([row.wording for row in ROWS]),
    value=st.decimals(-1000, 1000, places=2),
    formula=st.sampled_from(["percent_change", "share", "ratio", "difference", "sum"]),
    missing=st.sampled_from([(None, Decimal(5)), (Decimal(5), None), (None, None), ()]),
)
def test_no_published_base_is_never_consistent(wording, value, formula, missing):
    unit = {"ratio": "ratio", "sum": "count", "difference": "count"}.get(formula, "percent")
    check = check_claim(wording, value, unit=unit, formula=formula, inputs=missing)
    assert check.verdict == Verdict.UNVERIFIABLE
    assert check.reason.startswith("Base not published")


@settings(max_examples=150)
@given(
    wording=st.sampled_from([r.wording for r in ROWS if r.direction is not None]),
    value=st.decimals(-500, 500, places=2),
)
def test_a_plain_percent_that_the_words_call_a_change_is_never_consistent(wording, value):
    check = check_claim(wording, value, unit="percent", formula=None)
    assert check.verdict == Verdict.UNVERIFIABLE, check.reason


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
@example("not not more than 1 in 4 every 8 minutes from 120 to 250")
def test_the_parser_reads_any_text_into_well_formed_ranges(text):
    parsed = parse_claim(text)
    for e in parsed.expectations:
        if e.low is not None and e.high is not None:
            assert e.low <= e.high, (text, e)
    assert bool(parsed.expectations) != bool(parsed.problem)


@settings(max_examples=100)
@given(
    row=st.sampled_from(ROWS),
    before=st.sampled_from(["", "Police recorded ", "Snapchat was used in ", "In 2023/24, "]),
    after=st.sampled_from(["", " in 2023", " (footnote 3)", " since 2017/18[2]", "."]),
)
def test_surrounding_words_do_not_change_what_a_wording_says(row, before, after):
    [alone] = parse_claim(row.wording).expectations
    [framed] = parse_claim(f"{before}{row.wording}{after}").expectations
    assert (framed.low, framed.high, framed.direction, framed.negated, framed.scale) == (
        alone.low, alone.high, alone.direction, alone.negated, alone.scale,
    )  # fmt: skip
