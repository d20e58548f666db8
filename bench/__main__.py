"""`python -m bench` (or `make bench`): run the benchmarks, print a table, write results.json.

    python -m bench                      # everything, SQLite, scale 1
    python -m bench --postgres           # also on a throwaway PostgreSQL cluster
    python -m bench --only page --scale 0.1 --output /tmp/results.json
    python -m bench --list

Exits 0 unless a measurement crashes (status "error"); n/a and over-target rows are reported,
not fatal. Run from the project folder: the databases come from `tests/support`.
"""

from __future__ import annotations

import argparse
import importlib
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench import MEASUREMENT_MODULES
from bench.context import BenchContext
from bench.registry import REGISTRY, select
from bench.report import format_value, table, write_json
from bench.runner import run_one
from tests.support.databases import PostgresTemplate, SQLiteTemplate
from tests.support.postgres import PostgresServer

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results.json"


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this measurement, or a dotted group such as `page` (repeatable)",
    )
    parser.add_argument("--scale", type=_positive, default=1.0, help="demo-data scale (default 1)")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also run on a throwaway PostgreSQL cluster (skipped if the server isn't installed)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="results JSON path")
    parser.add_argument("--list", action="store_true", help="list the measurements and exit")
    args = parser.parse_args(argv)
    args.error = parser.error
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for module in MEASUREMENT_MODULES:
        importlib.import_module(module)
    if args.list:
        for item in REGISTRY.values():
            target = "" if item.target is None else f"≤ {format_value(item.target, item.unit)}"
            print(f"{item.name:<18} {target:<10} {item.description}")
        return 0
    try:
        chosen = select(args.only)
    except KeyError as error:
        args.error(error.args[0])

    results = []
    postgres_version = None
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="campaign-bench-")))
        backends = [("sqlite", SQLiteTemplate(workdir / "sqlite-template"))]
        if args.postgres:
            try:
                server = PostgresServer.start()
            except RuntimeError as error:  # no server binaries on this machine
                print(f"PostgreSQL skipped: {error}")
            else:
                stack.callback(server.stop)
                postgres_version = Path(server.bindir).parent.name
                backends.append(("postgresql", PostgresTemplate(server)))
        for backend, template in backends:
            ctx = BenchContext(
                backend=backend, template=template, workdir=workdir, scale=args.scale
            )
            try:
                for item in chosen:
                    result = run_one(item, ctx)
                    results.append(result)
                    value = format_value(result.value, result.unit)
                    print(f"{backend:<10} {item.name:<18} {value:>9}  {result.status}", flush=True)
            finally:
                ctx.close()

    print()
    print(table(results))
    write_json(args.output, results, scale=args.scale, postgres_version=postgres_version)
    print(f"\nWritten {args.output}")
    return 1 if any(r.status == "error" for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
