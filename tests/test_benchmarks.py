"""The benchmarks never rot: ``benchmarks/run.py --quick --smoke`` runs every scenario.

Tiny sizes, one repetition; nothing here asserts a time.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCENARIOS = {
    "imports",
    "transition",
    "lifecycle",
    "replay",
    "serialization",
    "scoring",
    "analytics",
    "testing",
    "scale",
}


def test_every_scenario_runs_and_reports(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--smoke",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["mode"] == "smoke"
    results = document["results"]
    assert {r["scenario"] for r in results} == SCENARIOS
    for result in results:
        assert result["perfcore_median"] > 0, result
        assert result["met"] in (True, False, None)
    assert "| scenario | case |" in done.stdout
