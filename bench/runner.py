"""Run measurements and turn what they return (or raise) into result rows."""

from __future__ import annotations

import traceback
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.registry import Measurement, NotAvailable, Reading

# pass: at or under target; fail: over it; ok: no target set; n/a: not there yet;
# error: the measurement crashed (the only status that makes the run exit non-zero).
STATUSES = ("pass", "fail", "ok", "n/a", "error")


@dataclass
class Result:
    name: str
    backend: str
    status: str
    value: float | None
    unit: str
    target: float | None
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def run_one(item: Measurement, ctx) -> Result:
    def result(status: str, value: float | None = None, detail: str = "", extra=None) -> Result:
        return Result(
            name=item.name,
            backend=ctx.backend,
            status=status,
            value=value,
            unit=item.unit,
            target=item.target,
            detail=detail,
            extra=extra or {},
        )

    try:
        outcome = item.func(ctx)
    except NotAvailable as reason:
        return result("n/a", detail=str(reason))
    except Exception as error:
        traceback.print_exc()
        return result("error", detail=f"{type(error).__name__}: {error}"[:200])
    reading = outcome if isinstance(outcome, Reading) else Reading(float(outcome))
    passed = item.target is None or reading.value <= item.target
    status = "ok" if item.target is None else ("pass" if passed else "fail")
    return result(status, reading.value, reading.detail, reading.extra)
