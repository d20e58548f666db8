"""scripts/mypy_ratchet.py run for real (mypy included) on a tiny package with known type
errors, not on campaign/, so each run takes a moment: a count that goes up or a new file with
errors fails; an equal count passes; a lower count fails until `--update` lowers the baseline;
`--update` never raises a count unless told to."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "mypy_ratchet.py"

CLEAN = "def double(n: int) -> int:\n    return n * 2\n"
ONE_ERROR = 'def double(n: int) -> int:\n    return "twice"\n'
TWO_ERRORS = 'def double(n: int) -> int:\n    return "twice"\n\n\nlimit: int = None\n'


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory) -> Path:
    """One mypy cache for the module's runs: only the first reads the standard library."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture
def project(tmp_path, mypy_cache) -> Path:
    """A repository root with its mypy configuration and a package, `pkg`, of one error."""
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.mypy]\nfiles = ["pkg"]\ncache_dir = "{mypy_cache.as_posix()}"\n'
    )
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "figures.py").write_text(ONE_ERROR)
    (package / "words.py").write_text(CLEAN)
    return tmp_path


def ratchet(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def baseline(project: Path) -> dict:
    return json.loads((project / "mypy-baseline.json").read_text())


def test_the_first_update_records_the_errors_per_file(project):
    done = ratchet(project, "--update")

    assert done.returncode == 0, done.stdout + done.stderr
    assert baseline(project) == {"pkg/figures.py": 1}


def test_the_same_count_passes(project):
    ratchet(project, "--update")

    done = ratchet(project)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 errors, as in mypy-baseline.json" in done.stdout


def test_a_count_that_goes_up_fails_naming_the_file_and_the_counts(project):
    ratchet(project, "--update")
    (project / "pkg" / "figures.py").write_text(TWO_ERRORS)

    done = ratchet(project)

    assert done.returncode == 1
    assert "pkg/figures.py: 2 errors, the baseline allows 1" in done.stdout
    assert "pkg/figures.py:5: Incompatible types in assignment" in done.stdout
    assert baseline(project) == {"pkg/figures.py": 1}


def test_a_new_file_with_errors_fails(project):
    ratchet(project, "--update")
    (project / "pkg" / "words.py").write_text(ONE_ERROR)

    done = ratchet(project)

    assert done.returncode == 1
    assert "pkg/words.py: 1 errors, a new file with errors" in done.stdout


def test_a_lower_count_fails_until_the_baseline_is_lowered(project):
    (project / "pkg" / "figures.py").write_text(TWO_ERRORS)
    ratchet(project, "--update")
    (project / "pkg" / "figures.py").write_text(CLEAN)

    done = ratchet(project)

    assert done.returncode == 1
    assert "pkg/figures.py: 0 errors, the baseline says 2" in done.stdout
    assert "run `.venv/bin/python scripts/mypy_ratchet.py --update`" in done.stdout

    lowered = ratchet(project, "--update")

    assert lowered.returncode == 0, lowered.stdout + lowered.stderr
    assert "lowered pkg/figures.py: 2 -> 0" in lowered.stdout
    assert baseline(project) == {}
    assert ratchet(project).returncode == 0


def test_update_refuses_to_raise_a_count_unless_allowed(project):
    ratchet(project, "--update")
    (project / "pkg" / "figures.py").write_text(TWO_ERRORS)

    refused = ratchet(project, "--update")

    assert refused.returncode == 1
    assert "pkg/figures.py: 2 errors, the baseline says 1" in refused.stdout
    assert baseline(project) == {"pkg/figures.py": 1}

    raised = ratchet(project, "--update", "--allow-increase")

    assert raised.returncode == 0, raised.stdout + raised.stderr
    assert baseline(project) == {"pkg/figures.py": 2}


def test_mypy_failing_to_run_is_not_a_pass(project):
    (project / "pkg" / "words.py").write_text("def broken(:\n")

    done = ratchet(project, "--update")

    assert done.returncode == 2
    assert "mypy failed" in done.stderr
    assert not (project / "mypy-baseline.json").exists()
