"""Check every package pinned in requirements.lock against PyPI's vulnerability data.

`make security` runs this. It runs pip-audit (PyPI's JSON API, its default service) on the
lock. Some PyPI mirrors and proxies serve only the project-level JSON
(`/pypi/<name>/json`), not the per-version one pip-audit asks for, so pip-audit reports such a
package as "could not be audited". For those, this falls back to the project-level JSON, whose
`vulnerabilities` are those of the latest release: they are authoritative when the locked
version IS the latest. A package that still cannot be audited fails the check (run
`make lock` to move it to the latest release), and so does no network: nothing passes silently.
The one exception is a package held back because every newer release needs a newer Python than
PYTHON (the lock's `--python-version`): it is listed as a warning, since no upgrade exists.

Exit status: 0 clean; 1 a vulnerability, or a package that could not be audited; 2 PyPI
could not be reached.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

PYTHON = "3.11"  # the lock's --python-version (Makefile `lock`)
PYPI = "https://pypi.org/pypi"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(lock: Path) -> dict[str, str]:
    return {normalise(name): version for name, version in PIN.findall(lock.read_text())}


def run_pip_audit(lock: Path) -> list[dict]:
    bin_dir = Path(sys.executable).parent
    command = [
        str(bin_dir / "pip-audit"),
        "--requirement",
        str(lock),
        "--require-hashes",
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        return json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        sys.stderr.write(result.stderr)
        sys.exit(f"pip-audit failed (exit {result.returncode}); see its output above.")


def project_json(name: str) -> dict:
    url = f"{PYPI}/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (https only)
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise LookupError(f"{url}: HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        print(f"Cannot reach PyPI ({url}): {error}", file=sys.stderr)
        sys.exit(2)


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


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    versions = pinned(lock)
    found: list[str] = []
    unaudited: list[str] = []
    warnings: list[str] = []
    audited = 0
    for dependency in run_pip_audit(lock):
        name = normalise(dependency["name"])
        version = dependency.get("version") or versions.get(name, "?")
        if "skip_reason" not in dependency:
            audited += 1
            found += [describe(name, version, v) for v in dependency.get("vulns", [])]
            continue
        try:
            data = project_json(name)
        except LookupError as error:
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
    if not versions or audited == 0:
        print("Nothing was audited.", file=sys.stderr)
        return 1
    return 1 if found or unaudited else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
