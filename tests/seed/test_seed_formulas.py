"""The seed's derived figures are formulas over its base counts, recomputed exactly on import,
and every published figure carries its claim: the exact words the claim checker tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from sqlmodel import select

from campaign.models import Statistic, StatisticFormula
from tests.conftest import SEED_BUNDLE
from tests.seed.test_seed_content import normalise

PLATFORMS = [
    "snapchat",
    "instagram",
    "facebook",
    "whatsapp",
    "kik",
    "tiktok",
    "twitter-x",
    "youtube",
]
IDENTIFIED = "platform-identified-instances"
# key: (kind, inputs, claim)
FORMULAS = {
    "offences-rise-2021-22-to-2022-23": (
        "percent_change",
        ["offences-comparable-forces-2021-22", "offences-comparable-forces-2022-23"],
        "a 25% increase",
    ),
    "offences-rise-2017-18-to-2022-23": (
        "percent_change",
        ["offences-comparable-forces-2017-18", "offences-comparable-forces-2022-23"],
        "a 79% increase",
    ),
    **{
        f"platform-{p}-share": ("share", [f"platform-{p}-instances", IDENTIFIED], None)
        for p in PLATFORMS
    },
    "platform-meta-owned-instances": (
        "sum",
        [
            "platform-instagram-instances",
            "platform-facebook-instances",
            "platform-whatsapp-instances",
        ],
        None,
    ),
    "platform-facebook-instagram-instances": (
        "sum",
        ["platform-instagram-instances", "platform-facebook-instances"],
        None,
    ),
    "platform-meta-owned-share": (
        "share",
        ["platform-meta-owned-instances", IDENTIFIED],
        "a quarter",
    ),
    "platform-facebook-instagram-share": (
        "share",
        ["platform-facebook-instagram-instances", IDENTIFIED],
        "more than a fifth",
    ),
}


def pct(part: int, whole: int) -> Decimal:
    return Decimal(part) * 100 / Decimal(whole)


# The exact arithmetic, to the 10 places the app keeps.
EXACT = {
    "offences-rise-2021-22-to-2022-23": pct(31892 - 25582, 25582),  # 24.6657806270…
    "offences-rise-2017-18-to-2022-23": pct(31892 - 17817, 17817),  # 78.9975865746…
    "platform-snapchat-share": pct(4312, 9876),  # 43.66…
    "platform-instagram-share": pct(1217, 9876),
    "platform-facebook-share": pct(852, 9876),
    "platform-whatsapp-share": pct(522, 9876),
    "platform-kik-share": pct(494, 9876),
    "platform-tiktok-share": pct(427, 9876),
    "platform-twitter-x-share": pct(294, 9876),
    "platform-youtube-share": pct(330, 9876),
    "platform-meta-owned-instances": Decimal(1217 + 852 + 522),
    "platform-facebook-instagram-instances": Decimal(1217 + 852),
    "platform-meta-owned-share": pct(2591, 9876),  # 26.235…
    "platform-facebook-instagram-share": pct(2069, 9876),  # 20.949…
}


@pytest.fixture(scope="module")
def statistics() -> dict[str, dict]:
    with SEED_BUNDLE.open(encoding="utf-8") as fh:
        return {s["key"]: s for s in yaml.safe_load(fh)["statistics"]}


def test_every_derived_figure_is_a_formula_over_the_base_counts(statistics):
    with_formula = {key for key, s in statistics.items() if "formula" in s}
    assert with_formula == set(FORMULAS)
    for key, (kind, inputs, claim) in FORMULAS.items():
        assert statistics[key]["formula"] == {"kind": kind, "inputs": inputs}, key
        if claim:
            assert statistics[key]["claim"] == claim, key


def test_the_nca_estimates_stay_published_percentages(statistics):
    for key in (
        "nca-messenger-referrals-could-be-lost",
        "nca-instagram-direct-referrals-could-be-lost",
    ):
        assert "formula" not in statistics[key]
    assert statistics["nca-messenger-referrals-could-be-lost"]["claim"] == "92%"
    assert statistics["nca-instagram-direct-referrals-could-be-lost"]["claim"] == "85%"
    assert statistics["offences-recorded-2022-23"]["claim"] == "more than 33,000"
    assert "formula" not in statistics["offences-recorded-2022-23"]


def test_every_claim_is_in_its_published_wording(statistics):
    for key, stat in statistics.items():
        if stat.get("published_wording"):
            assert stat.get("claim"), key
            assert normalise(stat["claim"]) in normalise(stat["published_wording"]), key
        else:  # the intermediate sums: not published, so nothing to claim
            assert "claim" not in stat and "formula" in stat, key


def test_the_intermediate_sums_are_described_like_their_inputs(statistics):
    for key in ("platform-meta-owned-instances", "platform-facebook-instagram-instances"):
        stat = statistics[key]
        first_input = statistics[stat["formula"]["inputs"][0]]
        assert stat["unit"] == "count" and "chart" not in stat
        for field in ("period", "geography", "coverage", "source"):
            assert stat[field] == first_input[field], (key, field)
        assert Decimal(stat["value"]) == EXACT[key]
        assert stat["basis"] and stat["caveats"]


def test_imported_computed_values_are_the_exact_arithmetic(seeded, session):
    rows = {s.key: s for s in session.exec(select(Statistic)).all()}
    for key, exact in EXACT.items():
        stat = rows[key]
        assert stat.formula is StatisticFormula(FORMULAS[key][0])
        assert stat.computed_value == exact.quantize(Decimal("1E-10")), key
    assert rows["offences-rise-2021-22-to-2022-23"].computed_value == Decimal("24.665780627")
    assert rows["platform-meta-owned-share"].computed_value == Decimal("26.2353179425")
    assert rows["platform-facebook-instagram-share"].computed_value == Decimal("20.9497772377")
    # The published figures are unchanged; the computed ones round to them.
    for key in EXACT:
        stat = rows[key]
        places = Decimal(1).scaleb(stat.value.as_tuple().exponent)
        assert stat.computed_value.quantize(places) == stat.value, key
