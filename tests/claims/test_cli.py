"""`flask check-claims [--ask SLUG] [--strict]`: the table, the summary and the exit codes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.claims.helpers import figures, link


def check(runner, *args: str):
    return runner.invoke(args=["check-claims", *args])


def test_an_inconsistent_claim_fails_the_check_and_is_listed_first(runner, make):
    figures(make)
    result = check(runner)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["VERDICT", "STATISTIC", "CLAIM", "VALUE", "FLAGS", "REASON"]
    assert lines[1].startswith("inconsistent  rise-bad")
    assert "“a 30% rise”" in lines[1] and "24.67%" in lines[1]
    assert "24.7% does not round to 30%" in lines[1]
    assert lines[1].endswith("Honest wording: a 25% rise")
    assert lines[2].startswith("unverifiable  vague") and "no_source" in lines[2]
    assert lines[3].strip().startswith("No source: “A vague figure” has no source.")
    assert lines[-1] == (
        "4 claims checked: 1 inconsistent, 1 unverifiable, 2 consistent; 1 flagged."
    )


def test_no_inconsistent_claim_passes_and_strict_also_fails_on_flags(runner, make):
    f = figures(make)
    ask = make.ask(slug="strengthen-codes")
    link(make, ask, f.rise_ok, f.total, f.vague)
    result = check(runner, "--ask", "strengthen-codes")
    assert result.exit_code == 0, result.output
    assert "rise-bad" not in result.output
    assert result.output.splitlines()[-1] == (
        "3 claims checked for strengthen-codes: 0 inconsistent, 1 unverifiable, 2 consistent; "
        "1 flagged."
    )
    strict = check(runner, "--ask", "strengthen-codes", "--strict")
    assert strict.exit_code == 1, strict.output
    clean = make.ask(slug="clean")
    link(make, clean, f.rise_ok, f.total)
    assert check(runner, "--ask", "clean", "--strict").exit_code == 0


def test_out_of_date_figures_are_flagged_by_the_configured_age(app, runner, make):
    make.statistic(key="old", claim="12", value=Decimal(12), as_of=date(2020, 1, 1))
    result = check(runner, "--strict")
    assert result.exit_code == 1 and "stale" in result.output
    assert "dates from 1 January 2020, more than 3 years ago" in result.output
    app.config["STATISTIC_MAX_AGE_DAYS"] = 5000
    lenient = check(runner, "--strict")
    assert "stale" not in lenient.output and "no_source" in lenient.output


def test_an_unknown_ask_is_refused_with_exit_code_2(runner, make):
    figures(make)
    result = check(runner, "--ask", "no-such-ask")
    assert result.exit_code == 2
    assert "No ask with the slug “no-such-ask”" in result.output
    assert "VERDICT" not in result.output


def test_nothing_to_check_passes(runner):
    result = check(runner)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("0 claims checked: 0 inconsistent")
