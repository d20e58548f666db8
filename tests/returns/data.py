"""Synthetic FOI returns that reproduce the NSPCC press release's figures exactly.

Every force's figure is invented; only the totals are the release's:
- 2022/23: 45 forces asked (the 43 of England and Wales, PSNI, Police Scotland); 35 gave usable
  data, totalling 33,226; 10 gave none.
- Comparable forces: the same 30 forces gave usable data for 2017/18, 2021/22 and 2022/23,
  totalling 17,817, 25,582 and 31,892.
- 2021/22: 2 more forces gave usable data (they gave none for 2022/23).
- Platforms (2022/23, 20 forces): Snapchat 4,312; Instagram 1,217 (12 forces).
"""

from __future__ import annotations

import csv
import io

from campaign.returns import forces

ASKED = [f.name for f in forces.forces() if f.name != "British Transport Police"]
assert len(ASKED) == 45
USABLE_2022 = ASKED[:35]
COMPARABLE = ASKED[:30]
EXTRA_2021 = ASKED[35:37]
NO_DATA_2022 = ASKED[35:]
# How some forces are written in the file: aliases and loose spellings all match.
WRITTEN = {
    "Avon and Somerset Constabulary": "Avon & Somerset",
    "Metropolitan Police Service": "Met",
    "Police Service of Northern Ireland": "PSNI",
    "Dyfed-Powys Police": "dyfed powys police",
}
HEADER = ["force", "period", "offences", "note", "platform:Snapchat", "platform:Instagram"]


def spread(total: int, n: int, salt: int) -> list[int]:
    """n positive whole numbers, unevenly spread, adding up to exactly `total`."""
    weights = [(i * 37 + salt * 11) % 17 + 5 for i in range(n)]
    parts = [total * w // sum(weights) for w in weights]
    for i in range(total - sum(parts)):
        parts[i % n] += 1
    return parts


def returns() -> list[dict[str, object]]:
    """One dict per force per period: force, period, offences (None: no usable data),
    note, platforms {name: count}."""
    rows: list[dict[str, object]] = []
    figures = {
        "2017/18": dict(zip(COMPARABLE, spread(17_817, 30, 1), strict=True)),
        "2021/22": dict(zip(COMPARABLE, spread(25_582, 30, 2), strict=True))
        | dict(zip(EXTRA_2021, [412, 388], strict=True)),
        "2022/23": dict(zip(COMPARABLE, spread(31_892, 30, 3), strict=True))
        | dict(zip(USABLE_2022[30:], spread(33_226 - 31_892, 5, 4), strict=True)),
    }
    snapchat = dict(zip(USABLE_2022[:20], spread(4_312, 20, 5), strict=True))
    instagram = dict(zip(USABLE_2022[:12], spread(1_217, 12, 6), strict=True))
    for period, usable in figures.items():
        for force in ASKED:
            platforms = {}
            if period == "2022/23":
                if force in snapchat:
                    platforms["Snapchat"] = snapchat[force]
                if force in instagram:
                    platforms["Instagram"] = instagram[force]
            offences = usable.get(force)
            rows.append(
                {
                    "force": force,
                    "period": period,
                    "offences": offences,
                    "note": "" if offences is not None else "Not held in a retrievable form",
                    "platforms": platforms,
                }
            )
    return rows


def cells(row: dict[str, object], *, no_data: str = "no data") -> list[object]:
    platforms = row["platforms"]
    return [
        WRITTEN.get(row["force"], row["force"]),
        row["period"],
        no_data if row["offences"] is None else row["offences"],
        row["note"],
        platforms.get("Snapchat"),
        platforms.get("Instagram"),
    ]


def csv_text(rows: list[dict[str, object]] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows if rows is not None else returns():
        writer.writerow(["" if c is None else c for c in cells(row)])
    return out.getvalue()


def xlsx_bytes(rows: list[dict[str, object]] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Returns"
    sheet.append(
        ["Force", "Period", "Offences", "Note", "Platform: Snapchat", "platform:Instagram"]
    )
    for row in rows if rows is not None else returns():
        sheet.append(cells(row, no_data="n/a"))
    workbook.create_sheet("Notes").append(["This sheet is not read."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
