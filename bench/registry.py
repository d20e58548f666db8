"""The measurement registry.

A measurement is a function of a `BenchContext` that returns a number (or a `Reading` with a
detail), registered under a stable name with a target:

    @measurement("scheduler-start", target=2.0, unit="s", description="…")
    def scheduler_start(ctx):
        app = ctx.fresh_app()
        …
        return seconds

Targets are upper bounds (lower is better): a reading at or below its target passes. Targets
are reported, never asserted in tests. Raise `NotAvailable("why")` when the thing measured is
not there yet (a page still being written): the row shows n/a and the run carries on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


class NotAvailable(Exception):
    """The measured feature is missing or not working yet: report n/a, don't fail the run."""


@dataclass(frozen=True)
class Reading:
    value: float
    detail: str = ""  # shown in the table, e.g. "14 queries"
    extra: dict[str, Any] = field(default_factory=dict)  # written to results.json only


@dataclass(frozen=True)
class Measurement:
    name: str
    func: Callable[[Any], float | Reading]
    target: float | None
    unit: str
    description: str


REGISTRY: dict[str, Measurement] = {}


def measurement(
    name: str, *, target: float | None = None, unit: str = "s", description: str = ""
) -> Callable:
    """Register the decorated function as the measurement `name` (dotted names group rows:
    `--only page` runs every `page.*`)."""

    def register(func: Callable) -> Callable:
        if name in REGISTRY:
            raise ValueError(f"measurement {name!r} is registered twice")
        summary = description or (func.__doc__ or "").strip().split("\n")[0]
        REGISTRY[name] = Measurement(name, func, target, unit, summary)
        return func

    return register


def select(only: Iterable[str] | None) -> list[Measurement]:
    """The registered measurements matching `only` (exact names or dotted prefixes), in
    registration order; all of them when `only` is empty."""
    wanted = list(only or [])
    if not wanted:
        return list(REGISTRY.values())
    unknown = [w for w in wanted if not any(_matches(name, w) for name in REGISTRY)]
    if unknown:
        raise KeyError(f"no measurement named {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    return [m for name, m in REGISTRY.items() if any(_matches(name, w) for w in wanted)]


def _matches(name: str, wanted: str) -> bool:
    return name == wanted or name.startswith(f"{wanted}.")
