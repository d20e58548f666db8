"""The results table and results.json."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.runner import Result


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "×":  # a ratio
        return f"{value:.2f}×"
    return f"{value:.1f} {unit}"


def table(results: Sequence[Result]) -> str:
    header = ("measurement", "db", "result", "target", "status", "detail")
    rows = [
        (
            r.name,
            r.backend,
            format_value(r.value, r.unit),
            "" if r.target is None else f"≤ {format_value(r.target, r.unit)}",
            r.status.upper() if r.status in ("fail", "error") else r.status,
            r.detail,
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * len(header[-1]))
    return "\n".join(lines)


def machine(postgres_version: str | None) -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version,
    }


def write_json(
    path: Path, results: Sequence[Result], *, scale: float, postgres_version: str | None
) -> None:
    document = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "machine": machine(postgres_version),
        "results": [r.as_json() for r in results],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
