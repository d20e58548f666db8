"""The benchmark harness: a quick end-to-end run, and how results are classified. No timing
assertions: targets live in the benchmark table, not in tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.registry import Measurement, NotAvailable, Reading, select
from bench.runner import run_one

PROJECT = Path(__file__).resolve().parents[2]


def test_bench_runs_one_measurement_and_writes_results(tmp_path):
    output = tmp_path / "results.json"
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "demo-data", "--scale", "0.02"]
        + ["--output", str(output)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "demo-data" in completed.stdout
    document = json.loads(output.read_text())
    assert document["scale"] == 0.02
    assert document["machine"]["cpus"] >= 1
    [result] = document["results"]
    assert result["name"] == "demo-data" and result["backend"] == "sqlite"
    assert result["status"] in ("pass", "fail") and result["value"] > 0
    assert result["extra"]["rows"] > 300


class Ctx:
    backend = "sqlite"


def measure(func, target=1.0) -> Measurement:
    return Measurement("example", func, target, "s", "an example")


def raise_(error):
    raise error


def test_results_are_classified_against_their_target():
    assert run_one(measure(lambda ctx: 0.5), Ctx()).status == "pass"
    assert run_one(measure(lambda ctx: Reading(1.5, detail="slow")), Ctx()).status == "fail"
    assert run_one(measure(lambda ctx: 3.0, target=None), Ctx()).status == "ok"
    missing = run_one(measure(lambda ctx: raise_(NotAvailable("HTTP 404 from /x"))), Ctx())
    assert (missing.status, missing.value, missing.detail) == ("n/a", None, "HTTP 404 from /x")


def test_a_crashing_measurement_is_an_error_not_an_abort(capsys):
    result = run_one(measure(lambda ctx: raise_(ValueError("boom"))), Ctx())
    assert (result.status, result.detail) == ("error", "ValueError: boom")
    assert "Traceback" in capsys.readouterr().err


def test_only_selects_by_name_or_group():
    import bench.pages  # noqa: F401  (registers the page measurements)

    assert [m.name for m in select(["page.ask"])] == ["page.ask"]
    assert {m.name for m in select(["page"])} >= {"page.ask", "page.asks", "page.dashboard"}
    with pytest.raises(KeyError, match="no measurement named nope"):
        select(["nope"])


def test_page_rows_give_query_counts_and_their_ratio_to_the_floor(tmp_path):
    output = tmp_path / "results.json"
    pages = ["page.floor", "page.dashboard", "page.timeline"]
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "0.02", "--output", str(output)]
        + [arg for name in pages for arg in ("--only", name)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    results = {r["name"]: r for r in json.loads(output.read_text())["results"]}
    assert set(results) == set(pages)
    floor = results["page.floor"]
    assert floor["status"] == "ok" and floor["value"] > 0
    for name in ("page.dashboard", "page.timeline"):
        row = results[name]
        assert row["status"] in ("pass", "fail"), row
        assert row["extra"]["queries"] > 0 and row["extra"]["floor"] == floor["value"]
        ratio = row["value"] / floor["value"]
        assert f"{ratio:.1f}× floor" in row["detail"]
