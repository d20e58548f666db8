#!/usr/bin/env python3
"""mypy with a ratchet: the number of type errors per file may only go down.

`make lint` runs `scripts/mypy_ratchet.py`: it runs mypy (configured in pyproject.toml,
`[tool.mypy]`, over campaign/), counts the errors per file and compares the counts with the
committed baseline, `mypy-baseline.json` ({file: count}, files without errors left out).

- A file with more errors than its baseline count, or a file with errors that the baseline
  does not list, fails the check: the message names the file, both counts and the errors.
- A file with fewer errors than its baseline count fails too, asking for the baseline to be
  lowered with `.venv/bin/python scripts/mypy_ratchet.py --update`, so the next change
  cannot quietly spend the errors someone fixed.
- `--update` writes the measured counts. It refuses to raise a count unless
  `--allow-increase` is given (a deliberate re-baseline, e.g. after a merge), so that the
  raise shows in the review as a decision; with no baseline file yet it writes the first one.

Run from the repository root; paths and the baseline are relative to the working directory.
Exit status: 0 in step with the baseline, 1 out of step, 2 when mypy itself failed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

BASELINE = Path("mypy-baseline.json")
UPDATE = ".venv/bin/python scripts/mypy_ratchet.py --update"


def run_mypy(paths: list[str]) -> tuple[Counter[str], dict[str, list[str]]]:
    """mypy's errors counted per file, and their text per file (for the message)."""
    command = [sys.executable, "-m", "mypy", "--output", "json", *paths]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    counts: Counter[str] = Counter()
    texts: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        if not line.startswith("{"):
            continue
        error = json.loads(line)
        if error.get("severity") != "error":
            continue
        path = Path(error["file"]).as_posix()
        counts[path] += 1
        code = f"  [{error['code']}]" if error.get("code") else ""
        texts.setdefault(path, []).append(f"{path}:{error['line']}: {error['message']}{code}")
    if done.returncode not in (0, 1) or (done.returncode == 1 and not counts):
        sys.stderr.write(done.stdout + done.stderr)
        sys.stderr.write(f"mypy failed (exit status {done.returncode}): see above.\n")
        raise SystemExit(2)
    return counts, texts


def read_baseline(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    return {str(name): int(count) for name, count in json.loads(path.read_text()).items()}


def write_baseline(path: Path, counts: Counter[str]) -> None:
    ordered = {name: counts[name] for name in sorted(counts) if counts[name]}
    path.write_text(json.dumps(ordered, indent=2) + "\n")


def compare(
    baseline: dict[str, int], counts: Counter[str]
) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """(files whose count went up, files whose count went down), each as (file, was, now)."""
    up, down = [], []
    for name in sorted(set(baseline) | set(counts)):
        was, now = baseline.get(name, 0), counts.get(name, 0)
        if now > was:
            up.append((name, was, now))
        elif now < was:
            down.append((name, was, now))
    return up, down


def check(baseline_path: Path, counts: Counter[str], texts: dict[str, list[str]]) -> int:
    up, down = compare(read_baseline(baseline_path), counts)
    total = sum(counts.values())
    if up:
        print(f"mypy: more type errors than {baseline_path} allows:")
        for name, was, now in up:
            allowed = f"the baseline allows {was}" if was else "a new file with errors"
            print(f"  {name}: {now} errors, {allowed}")
        print()
        for name, _, _ in up:
            print("\n".join(texts.get(name, [])))
        print("\nFix the new errors (the lists above hold each file's old errors too).")
        return 1
    if down:
        print(f"mypy: fewer type errors than {baseline_path} records. Well done:")
        for name, was, now in down:
            print(f"  {name}: {now} errors, the baseline says {was}")
        print(f"Lower the baseline: run `{UPDATE}` and commit {baseline_path}.")
        return 1
    print(f"mypy: {total} errors, as in {baseline_path} (the count may only go down).")
    return 0


def update(baseline_path: Path, counts: Counter[str], *, allow_increase: bool) -> int:
    up, down = compare(read_baseline(baseline_path), counts)
    if up and not allow_increase and baseline_path.exists():
        print(f"mypy: not raising {baseline_path}; more type errors than it allows:")
        for name, was, now in up:
            print(f"  {name}: {now} errors, the baseline says {was}")
        print("Fix them, or re-baseline on purpose with --update --allow-increase.")
        return 1
    first = not baseline_path.exists()
    write_baseline(baseline_path, counts)
    for name, was, now in [] if first else up:
        print(f"  raised {name}: {was} -> {now}")
    for name, was, now in down:
        print(f"  lowered {name}: {was} -> {now}")
    print(f"mypy: {baseline_path} now records {sum(counts.values())} errors.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="what mypy checks (default: its `files`)")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--update", action="store_true", help="write the measured counts")
    parser.add_argument(
        "--allow-increase", action="store_true", help="with --update: a count may go up"
    )
    args = parser.parse_args(argv)
    counts, texts = run_mypy(args.paths)
    if args.update:
        return update(args.baseline, counts, allow_increase=args.allow_increase)
    return check(args.baseline, counts, texts)


if __name__ == "__main__":
    sys.exit(main())
