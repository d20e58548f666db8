"""What the checker reads from a statistic beyond its words: the period's length (for rates),
its inputs by position (one not published is None), and a value that is a range (`value_max`,
a total including suppressed small numbers), also through a formula and from the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from campaign.claims import FigureFacts, Verdict, check_figure
from campaign.claims.checking import results_for_keys
from campaign.claims.facts import period_days

D = Decimal
TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("start", "end", "label", "days"),
    [
        (date(2024, 4, 1), date(2025, 3, 31), "", 365),
        (date(2023, 4, 1), date(2024, 3, 31), "", 366),
        (date(2025, 1, 1), date(2025, 1, 31), "", 31),
        (None, None, "2024/25", 365),
        (None, None, "2023-24", 366),
        (None, None, "FY2022/23", 365),
        (None, None, "2019/2020", 366),
        (None, None, "2024", 366),
        (None, None, "year to March 2024", None),
        (None, None, "2021/23", None),
        (None, None, "", None),
    ],
)
def test_the_period_in_days(start, end, label, days):
    assert period_days(start, end, label) == days


def count(key, value, **kw) -> FigureFacts:
    return FigureFacts(key=key, label=key, value=D(value), unit="count", has_source=True, **kw)


def check(facts):
    return check_figure(facts, today=TODAY, max_age_days=9999)


def test_a_rate_uses_the_statistics_own_period():
    facts = count("referrals", "10950", claim="30 a day", period_label="2025/26")
    assert check(facts).verdict is Verdict.CONSISTENT
    facts = count("referrals", "10950", claim="30 a day")
    assert check(facts).verdict is Verdict.UNVERIFIABLE


def test_an_input_not_published_is_named_and_blocks_the_verdict():
    latest = count("latest", "7062", period_label="2024/25")
    rise = FigureFacts(
        key="rise", label="Rise", value=D(41), unit="percent", formula="percent_change",
        claim="a 41% rise", inputs=(latest,), unpublished=(0,), has_source=True,
    )  # fmt: skip
    assert rise.input_values == (None, D(7062))
    result = check(rise)
    assert result.verdict is Verdict.UNVERIFIABLE
    assert result.check.reason == "Base not published: The “from” input of “Rise” is not published."
    assert result.check.honest_wording == ""


def test_a_share_of_a_total_with_suppressed_numbers_is_checked_over_its_range():
    part = count("part", "2200")
    whole = count("whole", "4480", value_max=D(4520))  # at least 4,480: up to 40 suppressed
    share = FigureFacts(
        key="share", label="Share", value=D(49), unit="percent", formula="share",
        computed_value=D(2200) / D(4480) * 100, claim="almost half", inputs=(part, whole),
        has_source=True,
    )  # fmt: skip
    assert share.checked_max == D(2200) / D(4480) * 100
    assert share.checked_min == D(2200) / D(4520) * 100
    assert check(share).verdict is Verdict.CONSISTENT  # 48.7% to 49.1%: almost half
    exact = FigureFacts(**{**_fields(share), "claim": "49.1%"})
    assert check(exact).verdict is Verdict.UNVERIFIABLE  # 48.67% does not round to 49.1


def _fields(facts: FigureFacts) -> dict:
    return {name: getattr(facts, name) for name in FigureFacts.__dataclass_fields__}


def test_a_range_from_the_database(app, session, make):
    make.statistic(
        key="total", label="Total", value=D(4480), value_max=D(4520), claim="more than 4,400"
    )
    make.statistic(key="vague", label="Vague", value=D(4480), value_max=D(4520), claim="4,500")
    make.statistic(key="low", label="Low", value=D(4480), value_max=D(4520), claim="under 4,000")
    results = results_for_keys(
        session=session, keys=["total", "vague", "low"], today=TODAY, max_age_days=9999
    )
    assert {key: r.verdict for key, r in results.items()} == {
        "total": Verdict.CONSISTENT,
        "vague": Verdict.UNVERIFIABLE,
        "low": Verdict.INCONSISTENT,
    }


def test_a_percent_whose_published_sentence_is_a_change_has_no_base():
    facts = FigureFacts(
        key="rise", label="Rise", value=D(41), unit="percent", claim="41%", has_source=True,
        published_wording="Reports of grooming have risen by 41% since 2018/19",
    )  # fmt: skip
    result = check(facts)
    assert result.verdict is Verdict.UNVERIFIABLE
    assert result.check.reason.startswith("Base not published: the published wording")
    share = FigureFacts(**{**_fields(facts), "published_wording": "41% of referrals"})
    assert check(share).verdict is Verdict.CONSISTENT


def test_the_published_sentence_is_read_from_the_database(app, session, make):
    make.statistic(
        key="rise", label="Rise", value=D(41), unit="percent", claim="41%",
        published_wording="a 41% jump on 2018/19",
    )  # fmt: skip
    results = results_for_keys(session=session, keys=["rise"], today=TODAY, max_age_days=9999)
    assert results["rise"].verdict is Verdict.UNVERIFIABLE
