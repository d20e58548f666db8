"""FOI returns imports (docs/returns.md).

- `returns.import-10k`: `apply_import` of a 10,000-row CSV on an empty database, end to end:
  reading and checking every cell, writing the returns and their platform counts, and
  aggregating and writing the statistics, then the commit.

The file: all 46 forces in the list, monthly periods from January 2005 (a police year has too
few periods to reach 10,000 rows with 46 forces): 217 full months of 46 rows, then 18 rows of
the 218th month. One return in 20 is "no data"; forces report Snapchat and Instagram counts.
With 218 periods the comparable-force subsets are the consecutive pairs and each period against
the latest (ALL_PAIRS_UP_TO), so the import also writes 2,390 statistics, 434 of them
derived (percent changes, computed by the derived-statistics feature).
"""

from __future__ import annotations

import csv
import io
from time import perf_counter

from sqlalchemy import func, select
from sqlmodel import Session

from bench.registry import Reading, measurement
from campaign.db import get_engine
from campaign.models import ForceReturn, Source, SourceKind, Statistic
from campaign.returns import forces
from campaign.returns.importer import apply_import

ROWS = 10_000


def returns_csv(rows: int = ROWS) -> bytes:
    """`rows` returns: every force for one month, then the next month, and so on."""
    names = forces.names()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["force", "period", "offences", "note", "platform:Snapchat", "platform:Instagram"]
    )
    for n in range(rows):
        month, force = divmod(n, len(names))
        period = f"{2005 + month // 12}-{month % 12 + 1:02d}"
        if n % 20 == 7:
            writer.writerow([names[force], period, "no data", "Not held", "", ""])
            continue
        offences = 20 + (n * 37) % 180
        writer.writerow([names[force], period, offences, "", offences // 3, offences // 7 or ""])
    return out.getvalue().encode()


@measurement(
    "returns.import-10k",
    target=5.0,
    description="Import a 10,000-row returns CSV (apply_import, end to end, with commit)",
)
def import_10k(ctx) -> Reading:
    app = ctx.fresh_app()
    content = returns_csv()
    with app.app_context(), Session(get_engine(), expire_on_commit=False) as session:
        source = Source(key="bench-foi", title="Bench FOI returns", kind=SourceKind.FOI_RETURN)
        session.add(source)
        session.commit()
        started = perf_counter()
        result = apply_import(
            session=session,
            source=source,
            filename="bench-10k.csv",
            data=content,
            imported_by="bench",
        )
        session.commit()
        seconds = perf_counter() - started
        returns = session.scalar(select(func.count()).select_from(ForceReturn))
        statistics = session.scalar(select(func.count()).select_from(Statistic))
    if returns != ROWS:
        raise RuntimeError(f"expected {ROWS} returns, found {returns}")
    periods = len(result.preview.periods)
    return Reading(
        seconds,
        detail=f"{returns:,} rows, {periods} periods, {statistics:,} statistics",
        extra={"bytes": len(content), "rows": returns, "statistics": statistics},
    )
