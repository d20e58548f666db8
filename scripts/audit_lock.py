"""Check every package pinned in requirements.lock against PyPI's vulnerability data.

    python scripts/audit_lock.py [LOCK] [--strict]

`make security` (part of `make test`) runs the default mode; `make audit` runs `--strict`, for a
release checklist.

It runs pip-audit (PyPI's JSON API, its default service) on the lock. Some PyPI mirrors and
proxies serve only the project-level JSON (`/pypi/<name>/json`), not the per-version one
pip-audit asks for, so pip-audit reports such a package as "could not be audited". For those,
this falls back to the project-level JSON, whose `vulnerabilities` are those of the latest
release: they are authoritative when the locked version IS the latest. A package still not
audited after that is listed as NOT AUDITED (`make lock` moves it to the latest release); one
held back because every newer release needs a newer Python than PYTHON (the lock's
`--python-version`) is listed as a WARNING, since no upgrade exists.

The default mode fails on a known vulnerability only, so the same commit gets the same answer
every day: a package that could not be audited, or PyPI (or pip-audit's service) out of reach,
is a printed WARNING. `--strict` fails on those too.

Exit status: 0 no known vulnerability (default mode: maybe with warnings); 1 a known
vulnerability, or (`--strict`) a package that could not be audited; 2 (`--strict`) PyPI could
not be reached, or pip-audit gave no report.

The network is reached through two functions, `run_audit(lock)` (pip-audit's `dependencies`)
and `fetch_project(name)` (PyPI's project JSON); `main` takes others, for the tests.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

PYTHON = "3.11"  # the lock's --python-version (Makefile `lock`)
PYPI = "https://pypi.org/pypi"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


class Unreachable(Exception):
    """PyPI could not be reached, or pip-audit gave no report: nothing is known."""


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(lock: Path) -> dict[str, str]:
    return {normalise(name): version for name, version in PIN.findall(lock.read_text())}


def run_pip_audit(lock: Path) -> list[dict]:
    """pip-audit's JSON report on the lock: its `dependencies`."""
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        *("--requirement", str(lock), "--require-hashes", "--disable-pip"),
        *("--format", "json", "--progress-spinner", "off"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        return json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        sys.stderr.write(result.stderr)
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise Unreachable(f"pip-audit gave no report (exit {result.returncode}): {last}") from None


def project_json(name: str) -> dict:
    """PyPI's project-level JSON; LookupError for an HTTP error, Unreachable for no network."""
    url = f"{PYPI}/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (https only)
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise LookupError(f"{url}: HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise Unreachable(f"cannot reach PyPI ({url}): {error}") from error


def held_back(data: dict, version: str) -> bool:
    """True when no final release newer than `version` installs on PYTHON."""
    try:
        locked = Version(version)
    except InvalidVersion:
        return False
    for release, files in data.get("releases", {}).items():
        try:
            candidate = Version(release)
        except InvalidVersion:
            continue
        if candidate <= locked or candidate.is_prerelease or not files:
            continue
        for file in files:
            if file.get("yanked"):
                continue
            try:
                if PYTHON in SpecifierSet(file.get("requires_python") or ""):
                    return False
            except InvalidSpecifier:
                return False
    return True


def describe(name: str, version: str, vuln: dict) -> str:
    ident = vuln.get("id", "?")
    aliases = ", ".join(vuln.get("aliases") or [])
    fixed = ", ".join(vuln.get("fix_versions") or vuln.get("fixed_in") or []) or "no fix yet"
    return f"{name} {version}: {ident} ({aliases}) fixed in {fixed}"


def main(
    argv: list[str] | None = None,
    *,
    run_audit: Callable[[Path], list[dict]] = run_pip_audit,
    fetch_project: Callable[[str], dict] = project_json,
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lock", nargs="?", type=Path, default=Path("requirements.lock"))
    parser.add_argument(
        "--strict", action="store_true", help="also fail on unaudited packages and no network"
    )
    args = parser.parse_args(argv)
    versions = pinned(args.lock)
    if not versions:
        print(f"No pinned packages in {args.lock}.", file=sys.stderr)
        return 1
    try:
        dependencies = run_audit(args.lock)
    except Unreachable as error:
        return unreachable(error, args.strict)
    found: list[str] = []
    unaudited: list[str] = []
    warnings: list[str] = []
    offline: Unreachable | None = None
    audited = 0
    for dependency in dependencies:
        name = normalise(dependency["name"])
        version = dependency.get("version") or versions.get(name, "?")
        if "skip_reason" not in dependency:
            audited += 1
            found += [describe(name, version, v) for v in dependency.get("vulns", [])]
            continue
        if offline:
            unaudited.append(f"{name} {version}: {offline}")
            continue
        try:
            data = fetch_project(name)
        except LookupError as error:
            unaudited.append(f"{name} {version}: {error}")
            continue
        except Unreachable as error:
            offline = error
            unaudited.append(f"{name} {version}: {error}")
            continue
        latest = data.get("info", {}).get("version")
        if latest != version and held_back(data, version):
            warnings.append(
                f"{name} {version}: newer releases (latest {latest}) need a newer Python than "
                f"{PYTHON}, and PyPI here gives vulnerability data for the latest release only"
            )
            continue
        if latest != version:
            unaudited.append(
                f"{name} {version}: PyPI here gives vulnerability data for the latest release "
                f"({latest}) only; run `make lock` to move to it"
            )
            continue
        audited += 1
        found += [describe(name, version, v) for v in data.get("vulnerabilities", [])]
    for line in found:
        print(f"VULNERABLE  {line}")
    for line in unaudited:
        print(f"NOT AUDITED {line}")
    for line in warnings:
        print(f"WARNING     {line}")
    print(
        f"{audited} of {len(versions)} locked packages audited against PyPI's data; "
        f"{len(found)} known vulnerabilities; {len(unaudited)} could not be audited; "
        f"{len(warnings)} held back by Python {PYTHON}."
    )
    if found:
        return 1
    if offline:
        return unreachable(offline, args.strict)
    if unaudited or not audited:
        if args.strict:
            return 1
        print(
            "WARNING: not every locked package could be audited (NOT AUDITED above). This check "
            "fails on a known vulnerability only; `make audit` fails on these too."
        )
    return 0


def unreachable(error: Unreachable, strict: bool) -> int:
    if strict:
        print(f"Could not audit the lock: {error}", file=sys.stderr)
        return 2
    print(
        f"WARNING: could not audit the lock: {error}. This check fails on a known vulnerability "
        "only; `make audit` fails here too."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
