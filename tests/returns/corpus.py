"""A generator of messy FOI returns files, as forces send them, with what each must give.

Each file is made from a *truth*: for each force and police year, a figure that is exact, nil,
no data or a suppressed range. The file writes it the way forces do: a period in any of a
dozen spellings (each row its own), a force by its name or an alias, a figure as "1,204",
"Nil", "-", "Not recorded", "[x]", "<7", "*", "[c]", "1-3" or "0 to 8", headings in any case
and order, blank rows, CSV (with or without a byte-order mark) or XLSX (numbers as number
cells). Some files also carry one documented mistake, which must refuse the whole file at its
row: the same force and year twice in two spellings, a year pair that is not one year to the
next, a figure that is not a figure, or (XLSX) a formula with no saved value.

Everything a test expects is worked out here from the truth, without the code under test: the
canonical period, the totals (low and high ends), the forces with and without data, the
suppressed forces. The forces list is read from data/police-forces.csv directly.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

FORCES_CSV = Path(__file__).resolve().parents[2] / "data" / "police-forces.csv"
SUPPRESSED_RANGE = (0, 4)  # RETURNS_SUPPRESSED_RANGE's default, for "*" and "[c]"
# Years whose hyphenated form ("2011-12") could be misread as a month are always among them.
YEARS = (2009, 2010, 2011, 2016, 2019, 2023)


def _forces() -> list[tuple[str, list[str]]]:
    with FORCES_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            (row["name"], [a.strip() for a in row["aliases"].split(";") if a.strip()])
            for row in csv.DictReader(handle)
        ]


FORCES = _forces()


def label(year: int) -> str:
    """The canonical label of the police year starting in April `year`."""
    return f"{year}/{(year + 1) % 100:02d}"


def slug(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def spellings(year: int) -> list[str]:
    """Ways forces write the police year April `year` to March `year + 1`."""
    y, z = year, year + 1
    yy, zz = f"{y % 100:02d}", f"{z % 100:02d}"
    return [
        f"{y}/{zz}",
        f"{y}/{z}",
        f"{y}-{zz}",
        f"{y}\u2013{zz}",
        f"{y} - {z}",
        f"FY{y}/{zz}",
        f"FY {yy}-{zz}",
        f"{yy}/{zz}",
        f"April {y} to March {z}",
        f"Apr {y} \u2013 Mar {z}",
        f"1 April {y} to 31 March {z}",
        f"Year ending March {z}",
        f"financial year {y} to {z}",
    ]


@dataclass(frozen=True)
class Truth:
    """A force's figure: kind is exact, nil, none (no data) or suppressed (low..high)."""

    kind: str
    low: int | None = None
    high: int | None = None


EXACT_WAYS = ("plain", "thousands", "number")
NIL_WAYS = ("Nil", "NONE", "-", "\u2013", "0")
NO_DATA_WAYS = ("", "Not recorded", "N/A", "not held", "[x]", "[z]", "No data", "NOT AVAILABLE")
SUPPRESSED_WAYS = {
    "<7": (0, 6),
    "< 10": (0, 9),
    "fewer than 3": (0, 2),
    "*": SUPPRESSED_RANGE,
    "[c]": SUPPRESSED_RANGE,
    "1-3": (1, 3),
    "0 to 8": (0, 8),
    "2\u20136": (2, 6),
}


def written(truth: Truth, rng: random.Random, *, xlsx: bool) -> object:
    """How the truth is written in a cell."""
    if truth.kind == "exact":
        way = rng.choice(EXACT_WAYS)
        if way == "number" and xlsx:
            return truth.low
        return f"{truth.low:,}" if way == "thousands" else str(truth.low)
    if truth.kind == "nil":
        return rng.choice(NIL_WAYS)
    if truth.kind == "none":
        return rng.choice(NO_DATA_WAYS)
    return rng.choice([w for w, r in SUPPRESSED_WAYS.items() if r == (truth.low, truth.high)])


def draw_truth(rng: random.Random) -> Truth:
    roll = rng.random()
    if roll < 0.62:
        return Truth("exact", rng.randint(5, 3_000))
    if roll < 0.7:
        return Truth("nil", 0)
    if roll < 0.84:
        return Truth("none")
    low, high = rng.choice(sorted(set(SUPPRESSED_WAYS.values())))
    return Truth("suppressed", low, high)


@dataclass
class Generated:
    filename: str
    data: bytes
    truth: dict[tuple[str, int], Truth]  # (canonical force, year) -> figure
    refused_at: int | None = None  # the row of the documented mistake, if any
    mistake: str = ""
    rows: int = 0
    spelled: set[str] = field(default_factory=set)  # period spellings used


MISTAKES = ("duplicate", "bad-year", "not-a-figure", "formula")


def generate(seed: int, *, xlsx: bool | None = None, mistake: str | None = None) -> Generated:
    """One messy file from `seed` (the same file every time)."""
    rng = random.Random(seed)
    xlsx = rng.random() < 0.5 if xlsx is None else xlsx
    if mistake is None and rng.random() < 0.3:
        mistake = rng.choice(MISTAKES if xlsx else MISTAKES[:3])
    years = sorted(rng.sample(YEARS, rng.randint(1, 3)))
    forces = rng.sample(FORCES, rng.randint(6, 20))
    truth = {(name, year): draw_truth(rng) for name, _ in forces for year in years}
    columns = ["force", "period", "offences", "note"]
    rng.shuffle(columns)
    headings = {c: rng.choice([c, c.upper(), c.title(), f" {c.title()} "]) for c in columns}
    rows: list[list[object]] = []
    spelled: set[str] = set()
    for (name, year), figure in truth.items():
        aliases = next(a for n, a in FORCES if n == name)
        period = rng.choice(spellings(year))
        spelled.add(period)
        cells = {
            "force": rng.choice([name, *aliases]),
            "period": period,
            "offences": written(figure, rng, xlsx=xlsx),
            "note": "Not held in a retrievable form" if figure.kind == "none" else "",
        }
        rows.append([cells[c] for c in columns])
        if rng.random() < 0.1:
            rows.append([None] * len(columns))  # a blank row: skipped, but it has a number
    rng.shuffle(rows)
    result = Generated("", b"", truth, mistake=mistake or "", spelled=spelled)
    if mistake:
        result.refused_at = _inject(mistake, rows, columns, truth, years, rng)
    result.rows = sum(1 for r in rows if any(c not in (None, "") for c in r))
    header = [headings[c] for c in columns]
    if xlsx:
        result.filename, result.data = f"returns-{seed}.xlsx", _xlsx(header, rows)
    else:
        result.filename, result.data = f"returns-{seed}.csv", _csv(header, rows, rng)
    return result


def _inject(mistake, rows, columns, truth, years, rng) -> int:
    """Put one documented mistake into a non-blank row; returns its file row number."""
    filled = [i for i, r in enumerate(rows) if any(c not in (None, "") for c in r)]
    index = rng.choice(filled)
    at = {c: n for n, c in enumerate(columns)}
    if mistake == "duplicate":
        # The same force and year again, in another spelling, after the first.
        copy = list(rows[index])
        year = next(y for y in years if copy[at["period"]] in spellings(y))
        others = [s for s in spellings(year) if s != copy[at["period"]]]
        copy[at["period"]] = rng.choice(others)
        rows.insert(index + 1, copy)
        return index + 3  # header row 1, and the copy sits after the original
    if mistake == "bad-year":
        year = rng.choice(years)
        rows[index][at["period"]] = rng.choice(
            [f"{year}/{(year + 2) % 100:02d}", f"{year}-{year + 2}"]
        )
    elif mistake == "not-a-figure":
        rows[index][at["offences"]] = rng.choice(["about 40", "12.5", "n.k.x", "5+"])
    else:
        rows[index][at["offences"]] = "=SUM(1,2)"  # openpyxl saves it with no value
    return index + 2


def _csv(header: list[str], rows: list[list[object]], rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"]))
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    prefix = "\ufeff" if rng.random() < 0.5 else ""
    return (prefix + out.getvalue()).encode("utf-8")


def _xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Expected:
    """What a year's statistics must say, worked out from the truth."""

    asked: list[str]
    usable: list[str]
    no_data: list[str]
    suppressed: list[str]
    low: int
    high: int | None


def expected(truth: dict[tuple[str, int], Truth], year: int) -> Expected:
    mine = {force: t for (force, y), t in truth.items() if y == year}
    usable = sorted(f for f, t in mine.items() if t.kind != "none")
    suppressed = sorted(f for f, t in mine.items() if t.kind == "suppressed")
    low = sum(mine[f].low for f in usable)
    high = sum(mine[f].high if mine[f].kind == "suppressed" else mine[f].low for f in usable)
    return Expected(
        asked=sorted(mine),
        usable=usable,
        no_data=sorted(f for f, t in mine.items() if t.kind == "none"),
        suppressed=suppressed,
        low=low,
        high=high if suppressed else None,
    )


def years_of(truth: dict[tuple[str, int], Truth]) -> list[int]:
    return sorted({year for _, year in truth})
