"""The seed bundle states the press release's facts exactly, and every reference resolves.

Plain PyYAML, no app or database: these tests check the content of `data/seed-campaign.yaml`
against copies of the campaign material kept beside this file (`fixtures/`): the NSPCC press
release and the team's Online Safety Act milestone reference.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from campaign.bundles.schema import SECTIONS
from campaign.models.enums import (
    EvidenceKind,
    MilestoneKind,
    OrganisationKind,
    Position,
    ResponseChannel,
    Sensitivity,
    SourceKind,
    StatisticUnit,
)

ROOT = Path(__file__).resolve().parents[2]
BUNDLE_PATH = ROOT / "data" / "seed-campaign.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PRESS_RELEASE = FIXTURES / "nspcc-child-abuse-image-crimes-press-release.txt"
REFERENCE = FIXTURES / "osa-milestones.md"

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LISTS = list(SECTIONS)  # every bundle section, from the registry (campaign.bundles.sections)
# Sections the material gives nothing for: they are in the seed, empty, rather than invented.
EMPTY = {
    "interactions": "the material records no meeting, call or letter of the campaign's",
    "watches": "a watch fetches from the web, and the seed reads nothing from outside by itself",
}


def normalise(text: str) -> str:
    """Compare wording, not typography: one kind of apostrophe and quote, single spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def bundle() -> dict:
    with BUNDLE_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def release() -> str:
    text = PRESS_RELEASE.read_text(encoding="utf-8")
    # Drop footnote markers glued to words ("requested1", "distributed.2", "police.4").
    text = re.sub(r"(?<=[a-z.])[1-5](?=\s|$)", "", text)
    return normalise(text)


def by_key(bundle: dict, section: str) -> dict[str, dict]:
    field = "slug" if section == "asks" else "key"
    return {row[field]: row for row in bundle.get(section) or []}


def pct(part: int, whole: int) -> Decimal:
    return Decimal(part) * 100 / Decimal(whole)


def rounded(value: Decimal, places: str = "1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def count(stats: dict, key: str) -> int:
    stat = stats[key]
    assert stat["unit"] == "count", key
    return int(Decimal(stat["value"]))


# --------------------------------------------------------------------------- structure


def test_header(bundle):
    assert bundle["format"] == "campaign-bundle"
    assert bundle["version"] == 1
    assert set(bundle) <= {"format", "version", *LISTS}


@pytest.mark.parametrize("section", LISTS)
def test_keys_are_well_formed_and_unique(bundle, section):
    field = "slug" if section == "asks" else "key"
    keys = [row[field] for row in bundle[section]]
    if section in EMPTY:
        assert keys == [], f"{section} was empty because {EMPTY[section]}: update EMPTY"
    else:
        assert keys, f"{section} is empty"
    for key in keys:
        assert isinstance(key, str) and KEY_RE.match(key) and len(key) <= 120, key
    duplicates = [k for k, n in Counter(keys).items() if n > 1]
    assert not duplicates, f"duplicate {section} keys: {duplicates}"


def test_every_reference_points_to_an_existing_key(bundle):
    orgs = by_key(bundle, "organisations")
    sources = by_key(bundle, "sources")
    stats = by_key(bundle, "statistics")
    evidence = by_key(bundle, "evidence")
    milestones = by_key(bundle, "milestones")
    asks = by_key(bundle, "asks")
    problems = []

    def check(where: str, key, table: dict):
        if key not in table:
            problems.append(f"{where}: unknown {key!r}")

    for o in bundle["organisations"]:
        if "parent" in o:
            check(f"organisation {o['key']}.parent", o["parent"], orgs)
    for s in bundle["statistics"]:
        check(f"statistic {s['key']}.source", s.get("source"), sources)
    for e in bundle["evidence"]:
        check(f"evidence {e['key']}.source", e.get("source"), sources)
    for m in bundle["milestones"]:
        check(f"milestone {m['key']}.source", m.get("source"), sources)
        if "organisation" in m:
            check(f"milestone {m['key']}.organisation", m["organisation"], orgs)
    for a in bundle["asks"]:
        for t in a.get("targets", []):
            check(f"ask {a['slug']}.targets", t, orgs)
        for link in a.get("statistics", []):
            check(f"ask {a['slug']}.statistics", link["statistic"], stats)
        for link in a.get("evidence", []):
            check(f"ask {a['slug']}.evidence", link["evidence"], evidence)
        for link in a.get("milestones", []):
            check(f"ask {a['slug']}.milestones", link["milestone"], milestones)
    for r in bundle["responses"]:
        check(f"response {r['key']}.organisation", r["organisation"], orgs)
        for link in r.get("asks", []):
            check(f"response {r['key']}.asks", link["ask"], asks)
    assert not problems, "\n".join(problems)


def test_links_within_an_ask_are_not_repeated(bundle):
    for a in bundle["asks"]:
        for section, field in [
            ("statistics", "statistic"),
            ("evidence", "evidence"),
            ("milestones", "milestone"),
        ]:
            keys = [link[field] for link in a.get(section, [])]
            assert len(keys) == len(set(keys)), (a["slug"], section)
        assert len(a["targets"]) == len(set(a["targets"])), a["slug"]


def test_every_organisation_is_referred_to(bundle):
    used = set()
    for o in bundle["organisations"]:
        used.add(o.get("parent"))
    for m in bundle["milestones"]:
        used.add(m.get("organisation"))
    for a in bundle["asks"]:
        used.update(a["targets"])
    for r in bundle["responses"]:
        used.add(r["organisation"])
    # The campaign's own organisations (the NSPCC and its Childline service) are kept although
    # no row targets them; every other organisation must be referred to.
    own = {"nspcc", "childline"}
    unused = [o["key"] for o in bundle["organisations"] if o["key"] not in used | own]
    assert not unused, unused


def test_enum_values_are_allowed(bundle):
    def values(enum_cls):
        return {m.value for m in enum_cls}

    for o in bundle["organisations"]:
        assert o["kind"] in values(OrganisationKind), o["key"]
    for s in bundle["sources"]:
        assert s["kind"] in values(SourceKind), s["key"]
    for s in bundle["statistics"]:
        assert s["unit"] in values(StatisticUnit), s["key"]
    for e in bundle["evidence"]:
        assert e["kind"] in values(EvidenceKind), e["key"]
        assert e["sensitivity"] in values(Sensitivity), e["key"]
    for m in bundle["milestones"]:
        assert m["kind"] in values(MilestoneKind), m["key"]
    for a in bundle["asks"]:
        assert a["status"] == "active" and a["priority"] in {"high", "medium", "low"}
    for r in bundle["responses"]:
        assert r["channel"] in values(ResponseChannel), r["key"]
        for link in r["asks"]:
            assert link["position"] in values(Position), r["key"]


def test_field_lengths_fit_the_columns(bundle):
    limits = {
        "organisations": {"name": 200},
        "sources": {"title": 300, "publisher": 200},
        "statistics": {"label": 300, "geography": 120, "published_wording": 300},
        "evidence": {"title": 200, "attribution": 200},
        "milestones": {"title": 300},
        "asks": {"title": 200, "owner": 120},
        "responses": {"title": 200},
    }
    for section, fields in limits.items():
        for row in bundle[section]:
            for field, limit in fields.items():
                assert len(row.get(field, "")) <= limit, (section, row.get("key"), field)
    for s in bundle["statistics"]:
        assert len(s.get("period", {}).get("label", "")) <= 40, s["key"]
    for a in bundle["asks"]:
        assert all(len(tag) <= 60 and KEY_RE.match(tag) for tag in a["tags"]), a["slug"]


def test_no_invented_urls_or_dates(bundle):
    """Nothing in the material gives a URL; only two sources carry a date in the reference."""
    for section in LISTS:
        for row in bundle[section]:
            assert "url" not in row and "website" not in row, (section, row)
    dated = {s["key"]: s["published_on"] for s in bundle["sources"] if "published_on" in s}
    assert dated == {
        "macrumors-meta-default-e2ee": date(2023, 12, 7),  # "MacRumors, 7 Dec 2023"
        "ofcom-children-consultation-release": date(2024, 5, 8),  # "wired-gov.net, 8 May 2024"
    }
    release = by_key(bundle, "sources")["nspcc-press-release-child-abuse-images"]
    assert release["kind"] == "press_release" and release["publisher"] == "NSPCC"
    assert "undated" in release["method"]


# --------------------------------------------------------------------------- statistics

PERIODS = {
    "2017/18": (date(2017, 4, 1), date(2018, 3, 31)),
    "2021/22": (date(2021, 4, 1), date(2022, 3, 31)),
    "2022/23": (date(2022, 4, 1), date(2023, 3, 31)),
    "2021/22 to 2022/23": (date(2021, 4, 1), date(2023, 3, 31)),
    "2017/18 to 2022/23": (date(2017, 4, 1), date(2023, 3, 31)),
}

FOI_OFFENCES = "nspcc-foi-recorded-offences"
FOI_PLATFORMS = "nspcc-foi-platform-keyword-search"

# key: (value, unit, period label, source, phrase the source's coverage must contain)
EXPECTED = {
    "offences-recorded-2022-23": ("33226", "count", "2022/23", FOI_OFFENCES, "35 forces"),
    "forces-useable-data-2022-23": ("35", "count", "2022/23", FOI_OFFENCES, "35 forces"),
    "offences-comparable-forces-2017-18": (
        "17817",
        "count",
        "2017/18",
        FOI_OFFENCES,
        "comparable forces",
    ),
    "offences-comparable-forces-2021-22": (
        "25582",
        "count",
        "2021/22",
        FOI_OFFENCES,
        "comparable forces",
    ),
    "offences-comparable-forces-2022-23": (
        "31892",
        "count",
        "2022/23",
        FOI_OFFENCES,
        "comparable forces",
    ),
    "offences-rise-2021-22-to-2022-23": (
        "25",
        "percent",
        "2021/22 to 2022/23",
        FOI_OFFENCES,
        "comparable forces",
    ),
    "offences-rise-2017-18-to-2022-23": (
        "79",
        "percent",
        "2017/18 to 2022/23",
        FOI_OFFENCES,
        "comparable forces",
    ),
    "platform-identified-instances": ("9876", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-snapchat-instances": ("4312", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-snapchat-share": ("44", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-instagram-instances": ("1217", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-instagram-share": ("12", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-facebook-instances": ("852", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-facebook-share": ("9", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-whatsapp-instances": ("522", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-whatsapp-share": ("5", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-kik-instances": ("494", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-kik-share": ("5", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-tiktok-instances": ("427", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-tiktok-share": ("4", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-twitter-x-instances": ("294", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-twitter-x-share": ("3", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-youtube-instances": ("330", "count", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-youtube-share": ("3", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-meta-owned-share": ("26.2", "percent", "2022/23", FOI_PLATFORMS, "keyword search"),
    "platform-facebook-instagram-share": (
        "20.9",
        "percent",
        "2022/23",
        FOI_PLATFORMS,
        "keyword search",
    ),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_press_release_figure(bundle, key):
    value, unit, period_label, source_key, coverage_phrase = EXPECTED[key]
    stat = by_key(bundle, "statistics")[key]
    assert stat["value"] == value
    assert stat["unit"] == unit
    period = stat["period"]
    assert period["label"] == period_label
    assert (period["start"], period["end"]) == PERIODS[period_label]
    assert stat["source"] == source_key
    source = by_key(bundle, "sources")[source_key]
    assert source["kind"] == "foi_return"
    assert coverage_phrase in normalise(source["coverage"]).lower()
    assert stat["geography"].startswith("UK")
    assert stat["published_wording"] and stat["basis"] and stat["coverage"]


def test_statistic_values_are_exact_decimal_strings(bundle):
    for stat in bundle["statistics"]:
        assert isinstance(stat["value"], str), stat["key"]
        number = Decimal(stat["value"])
        assert number.is_finite() and number >= 0, stat["key"]
        # canonical: no exponent, no trailing zeros, no thousands separators
        assert stat["value"] == format(number.normalize(), "f"), stat["key"]


def test_every_statistic_has_a_source_and_period_dates(bundle):
    sources = by_key(bundle, "sources")
    for stat in bundle["statistics"]:
        assert stat.get("source") in sources, stat["key"]
        period = stat.get("period")
        if period:
            assert isinstance(period["start"], date) and isinstance(period["end"], date)
            assert period["start"] < period["end"], stat["key"]


def test_headline_counts(bundle):
    stats = by_key(bundle, "statistics")
    assert count(stats, "offences-recorded-2022-23") > 33000  # "more than 33,000"
    wording = stats["offences-recorded-2022-23"]["published_wording"]
    assert wording.startswith("more than 33,000 offences")
    # The 35-force total and the comparable-forces figure for the same year are different.
    assert count(stats, "offences-comparable-forces-2022-23") < count(
        stats, "offences-recorded-2022-23"
    )


@pytest.mark.parametrize(
    ("key", "new", "old", "published"),
    [
        (
            "offences-rise-2021-22-to-2022-23",
            "offences-comparable-forces-2022-23",
            "offences-comparable-forces-2021-22",
            25,
        ),
        (
            "offences-rise-2017-18-to-2022-23",
            "offences-comparable-forces-2022-23",
            "offences-comparable-forces-2017-18",
            79,
        ),
    ],
)
def test_rises_recompute_to_the_published_figure(bundle, key, new, old, published):
    stats = by_key(bundle, "statistics")
    rise = pct(count(stats, new) - count(stats, old), count(stats, old))
    assert rounded(rise) == published
    assert Decimal(stats[key]["value"]) == published
    assert f"{published}% increase" in stats[key]["published_wording"]
    assert f"= {rounded(rise, '0.1')}%" in stats[key]["basis"]
    assert "comparable" in stats[key]["coverage"] + stats[key]["basis"]


PLATFORMS = [
    ("snapchat", 44),
    ("instagram", 12),
    ("facebook", 9),
    ("whatsapp", 5),
    ("kik", 5),
    ("tiktok", 4),
    ("twitter-x", 3),
    ("youtube", 3),
]


@pytest.mark.parametrize(("platform", "published"), PLATFORMS)
def test_platform_shares_recompute_to_the_published_figure(bundle, platform, published):
    stats = by_key(bundle, "statistics")
    total = count(stats, "platform-identified-instances")
    instances = count(stats, f"platform-{platform}-instances")
    share = stats[f"platform-{platform}-share"]
    assert rounded(pct(instances, total)) == published
    assert Decimal(share["value"]) == published
    assert f"({published}%)" in share["published_wording"]
    assert f"{instances:,} of {total:,}" in share["basis"]
    assert f"= {rounded(pct(instances, total), '0.1')}%" in share["basis"]


def test_snapchat_almost_half(bundle):
    share = by_key(bundle, "statistics")["platform-snapchat-share"]
    assert "almost half (44%)" in share["published_wording"]


def test_meta_owned_platforms_a_quarter(bundle):
    stats = by_key(bundle, "statistics")
    meta = sum(
        count(stats, f"platform-{p}-instances") for p in ["instagram", "facebook", "whatsapp"]
    )
    assert meta == 2591
    share = pct(meta, count(stats, "platform-identified-instances"))
    assert Decimal("22.5") <= share <= Decimal("27.5")  # "a quarter"
    stat = stats["platform-meta-owned-share"]
    assert Decimal(stat["value"]) == rounded(share, "0.1") == Decimal("26.2")
    assert "a quarter" in stat["published_wording"]
    assert "2,591 of 9,876" in stat["basis"]


def test_facebook_and_instagram_more_than_a_fifth(bundle):
    stats = by_key(bundle, "statistics")
    both = count(stats, "platform-instagram-instances") + count(
        stats, "platform-facebook-instances"
    )
    assert both == 2069
    share = pct(both, count(stats, "platform-identified-instances"))
    assert share > 20  # "more than a fifth"
    stat = stats["platform-facebook-instagram-share"]
    assert Decimal(stat["value"]) == rounded(share, "0.1") == Decimal("20.9")
    assert "more than a fifth" in stat["published_wording"]
    assert "2,069 of 9,876" in stat["basis"]


def test_nca_estimate(bundle):
    stats = by_key(bundle, "statistics")
    messenger = stats["nca-messenger-referrals-could-be-lost"]
    instagram = stats["nca-instagram-direct-referrals-could-be-lost"]
    assert (messenger["value"], instagram["value"]) == ("92", "85")
    assert messenger["unit"] == instagram["unit"] == "percent"
    for stat in (messenger, instagram):
        assert stat["source"] == "safetonet-home-office-campaign"
        assert "Second-hand" in stat["caveats"]


def test_press_release_wording_is_verbatim(bundle, release):
    for stat in bundle["statistics"]:
        if stat["source"].startswith("nspcc-"):
            assert normalise(stat.get("published_wording", "")) in release, stat["key"]


def test_every_press_release_number_is_stored(bundle):
    """Every number printed in the release is a statistic's value, except those listed."""
    text = PRESS_RELEASE.read_text(encoding="utf-8")
    text = re.sub(r"(?<=[a-z.])[1-5](?=\s|$)", "", text)  # footnote markers
    text = re.sub(r"(?m)^\s*\d\. \d\. ", "", text)  # footnote numbering
    text = re.sub(r"\b\d{4}/\d{2}\b", "", text)  # years (stored as periods)
    printed = {Decimal(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*", text)}
    not_statistics = {
        Decimal(14): "the girl's age (attribution)",
        Decimal(15): "the age the man claimed (case study text)",
        Decimal(43): "forces in England and Wales sent FOI requests (source method)",
        Decimal(33000): "'more than 33,000' is the rounded wording of 33,226",
    }
    stored = {Decimal(s["value"]) for s in bundle["statistics"]}
    assert printed - stored == set(not_statistics)


# --------------------------------------------------------------------------- evidence


def test_childline_case_study(bundle, release):
    item = by_key(bundle, "evidence")["childline-girl-14-snapchat"]
    assert item["kind"] == "case_study"
    assert item["sensitivity"] == "restricted"
    assert item["composite"] is True
    assert item["attribution"] == "A 14-year-old girl, Childline"
    assert item["source"] == "childline-case-notes"
    for paragraph in item["text"].split("\n\n"):
        assert normalise(paragraph) in release
    caveat = "not necessarily direct quotes"
    assert caveat in normalise(by_key(bundle, "sources")["childline-case-notes"]["method"])


def test_wanless_quote(bundle, release):
    item = by_key(bundle, "evidence")["wanless-quote-safe-by-design"]
    assert item["kind"] == "quote"
    assert item["sensitivity"] == "public"
    assert item.get("composite", False) is False
    assert item["attribution"] == "Sir Peter Wanless, NSPCC Chief Executive"
    paragraphs = item["text"].strip().split("\n\n")
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        assert normalise(paragraph) in release


def test_research_findings_are_the_release_wording(bundle, release):
    findings = [e for e in bundle["evidence"] if e["kind"] == "research_finding"]
    assert len(findings) >= 3
    for item in findings:
        assert normalise(item["text"]) in release, item["key"]
        assert item["source"] == "nspcc-press-release-child-abuse-images"


# --------------------------------------------------------------------------- milestones

KIND_MAP = {
    "legislation": "legislation",
    "roadmap": "roadmap",
    "consultation opens": "consultation_opens",
    "consultation closes": "consultation_closes",
    "commencement": "commencement",
    "statement": "statement",
    "report": "report",
    "compliance deadline": "compliance_deadline",
    "duty in force": "duty_in_force",
    "enforcement": "enforcement",
    "planned": "planned",
}


def reference_tables() -> tuple[list[list[str]], list[list[str]]]:
    main, encryption, current = [], [], None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| date | milestone |"):
            current = main
        elif line.startswith("| date | event |"):
            current = encryption
        elif line.startswith("|---"):
            continue
        elif line.startswith("|") and current is not None:
            current.append([cell.strip() for cell in line.strip("|").split("|")])
        elif not line.strip() or not line.startswith("|"):
            current = None if not line.startswith("|") else current
    return main, encryption


def reference_date(cell: str) -> str:
    return cell.split(" ")[0]


def test_reference_tables_parse():
    main, encryption = reference_tables()
    assert len(main) == 31
    assert len(encryption) == 6


def test_every_reference_milestone_is_present_exactly(bundle):
    main, _ = reference_tables()
    milestones = bundle["milestones"]
    sources = by_key(bundle, "sources")
    previous_source = ""
    matched = []
    for when, text, kind, source_cell in main:
        source_cell = source_cell.replace("as above", previous_source)
        previous_source = source_cell
        candidates = [
            m
            for m in milestones
            if m["date"] == reference_date(when)
            and m["kind"] == KIND_MAP[kind]
            and text.startswith(m["title"])
        ]
        assert len(candidates) == 1, (when, text)
        m = candidates[0]
        matched.append(m["key"])
        assert m["planned"] is True if "planned" in when else m.get("planned", False) is False
        publisher = sources[m["source"]]["publisher"]
        names = {publisher, publisher.split(" (")[0]} | set(re.findall(r"\((.*?)\)", publisher))
        assert any(n.lower() in source_cell.lower() for n in names), (m["key"], source_cell)
    assert len(set(matched)) == len(main)


def test_planned_milestones_keep_their_precision(bundle):
    milestones = by_key(bundle, "milestones")
    register = milestones["categorised-services-register"]
    assert (register["date"], register["kind"], register["planned"]) == ("2026-07", "planned", True)
    final = milestones["categorised-services-final-statements"]
    assert (final["date"], final["kind"], final["planned"]) == ("2027", "planned", True)
    assert "mid-2027" in final["description"]
    for m in milestones.values():
        assert isinstance(m["date"], str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", m["date"])
        assert (m["kind"] == "planned") == bool(m.get("planned")), m["key"]


def test_encryption_events_are_milestones_or_responses(bundle):
    _, encryption = reference_tables()
    milestones = bundle["milestones"]
    responses = bundle["responses"]
    for when, text, _source in encryption:
        if len(when) == 7:  # month only: a milestone with month precision
            assert any(m["date"] == when and m["kind"] == "event" for m in milestones), text
        else:
            assert any(str(r["date"]) == when for r in responses), text
    response_orgs = {(str(r["date"]), r["organisation"]) for r in responses}
    assert {
        ("2023-12-07", "meta"),
        ("2023-12-07", "nca"),
        ("2023-12-11", "npcc"),
        ("2023-12-11", "iwf"),
        ("2026-05-08", "instagram"),
    } <= response_orgs


# --------------------------------------------------------------------------- asks, responses

ASKS = [
    "ofcom-strengthen-illegal-harms-codes",
    "detect-grooming-sextortion-new-images",
    "private-messaging-protect-children",
    "meta-pause-encryption-rollout",
    "tech-companies-safety-by-design",
]


def test_asks(bundle, release):
    asks = by_key(bundle, "asks")
    assert set(ASKS) <= set(asks)
    for slug in ASKS:
        ask = asks[slug]
        assert ask["status"] == "active" and ask["owner"] == "Policy team"
        assert ask["targets"] and ask["tags"] and ask["statistics"] and ask["evidence"]
        # Every quotation in a summary is the release's wording.
        for quoted in re.findall(r'"([^"]+)"', normalise(ask["summary"])):
            for part in quoted.split(" … "):
                assert part.rstrip(".") in release, (slug, part)
    assert "ofcom" in asks["detect-grooming-sextortion-new-images"]["targets"]
    assert len(asks["detect-grooming-sextortion-new-images"]["targets"]) > 1
    meta_ask = asks["meta-pause-encryption-rollout"]
    assert meta_ask["statistics"][0]["statistic"] == "platform-facebook-instagram-share"
    assert "more than a fifth" in meta_ask["statistics"][0]["note"]
    assert "meta" in meta_ask["targets"] and "encryption" in meta_ask["tags"]
    linked = {
        link["milestone"] for link in asks["ofcom-strengthen-illegal-harms-codes"]["milestones"]
    }
    assert {"illegal-harms-consultation-opens", "illegal-harms-statement"} <= linked
    assert "additional-safety-measures-consultation-opens" in linked
    linked = {
        link["milestone"] for link in asks["detect-grooming-sextortion-new-images"]["milestones"]
    }
    assert "additional-safety-measures-consultation-opens" in linked


def test_every_statistic_and_evidence_item_backs_an_ask(bundle):
    linked_stats = {s["statistic"] for a in bundle["asks"] for s in a["statistics"]}
    linked_evidence = {e["evidence"] for a in bundle["asks"] for e in a["evidence"]}
    unlinked = {s["key"] for s in bundle["statistics"]} - linked_stats
    # Intermediate sums (never published, only the inputs of a published share) need no ask.
    inputs = {key for s in bundle["statistics"] if "formula" in s for key in s["formula"]["inputs"]}
    unpublished = {s["key"] for s in bundle["statistics"] if not s.get("published_wording")}
    assert unlinked <= {"forces-useable-data-2022-23"} | (inputs & unpublished), unlinked
    assert {e["key"] for e in bundle["evidence"]} == linked_evidence


def test_responses(bundle):
    responses = by_key(bundle, "responses")
    positions = {
        (key, link["ask"]): link["position"] for key, r in responses.items() for link in r["asks"]
    }
    pause = "meta-pause-encryption-rollout"
    assert positions[("meta-default-e2ee-messenger", pause)] == "opposes"
    assert positions[("nca-hugely-disappointing", pause)] == "supports"
    assert positions[("npcc-condemns-meta-rollout", pause)] == "supports"
    assert positions[("iwf-condemns-meta-rollout", pause)] == "supports"
    assert "hugely disappointing" in responses["nca-hugely-disappointing"]["summary"]
    for r in responses.values():
        assert isinstance(r["date"], date)
        assert r.get("direction", "received") == "received"
        assert "Source" in r["summary"], r["key"]
        for link in r["asks"]:
            if r["organisation"] in {"ofcom", "instagram", "nca", "npcc", "iwf"}:
                assert "assessment" in link["note"], (r["key"], link["ask"])
