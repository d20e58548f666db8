"""Charts to draw in tests, and ways to read an SVG back."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

from campaign.models import StatisticUnit

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal
    display: str


@dataclass(frozen=True)
class Chart:
    """Just the attributes the renderer reads (no `.alt`)."""

    title: str
    unit: StatisticUnit | str
    points: tuple[Point, ...]


def chart(title: str, unit, *rows: tuple[str, str, str]) -> Chart:
    return Chart(title, unit, tuple(Point(label, Decimal(v), d) for label, v, d in rows))


OFFENCES = chart(
    "Child abuse image offences recorded by comparable police forces",
    StatisticUnit.COUNT,
    ("2017/18", "17817", "17,817"),
    ("2021/22", "25582", "25,582"),
    ("2022/23", "31892", "31,892"),
)
PLATFORMS = chart(
    "Platforms in police-identified child abuse image instances, 2022/23",
    StatisticUnit.COUNT,
    ("Snapchat", "4312", "4,312"),
    ("Instagram", "1217", "1,217"),
    ("Facebook (incl. Messenger)", "852", "852"),
    ("WhatsApp", "522", "522"),
    ("Kik", "494", "494"),
    ("TikTok", "427", "427"),
    ("Twitter/X", "294", "294"),
    ("YouTube", "330", "330"),
)
SHARES = chart(
    "Share of platform-identified instances",
    "percent",
    ("Snapchat", "44", "44%"),
    ("Instagram", "12", "12%"),
    ("WhatsApp", "5.3", "5.3%"),
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(svg: str) -> list[str]:
    """The text of every <text> element, in document order."""
    return ["".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text")]


def bars(svg: str) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of each bar, in the order drawn."""
    group = next(g for g in parse(svg).iter(f"{SVG}g") if g.get("id", "").startswith("PolyColl"))
    boxes = []
    for path in group.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes
