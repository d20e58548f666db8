"""Benchmarks for Campaign: `make bench`, or `python -m bench [--only NAME] [--scale N]
[--postgres]` from the project folder. See docs/benchmarks.md.

Each measurement lives in its own module and registers itself with `@measurement` (see
`bench.registry`); `bench.__main__` imports the modules listed in `MEASUREMENT_MODULES`.
"""

# Run in this order: page measurements reuse the portfolio the demo-data measurement builds.
MEASUREMENT_MODULES = (
    "bench.generation",
    "bench.seed_import",
    "bench.bundle_import",
    "bench.pages",
    "bench.search",
    "bench.reminders",
    "bench.crashes",
    "bench.packs",
    "bench.returns",
    "bench.claims",
    "bench.backups",
    "bench.people",
    "bench.monitoring",
)
