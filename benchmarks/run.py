"""Run every benchmark scenario against its baseline, in one run, and print the table.

Usage::

    python benchmarks/run.py                 # full run
    python benchmarks/run.py --quick         # under a minute on 2 cores
    python benchmarks/run.py --json out.json # also write the results as JSON
    python benchmarks/run.py --only scoring  # one scenario module
    python benchmarks/run.py --quick --smoke # tiny sizes: proves it runs (used by a test)

Each scenario times perfcore and its baseline alternately, several times, and
reports the medians and their ratio (perfcore / baseline) with the target from
the benchmarks issue: met, missed, or blank when there is no baseline. The
peers (transitions, python-statemachine, pydantic, pandas) are listed in
``benchmarks/requirements.txt``; a missing peer leaves its baseline blank.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pathlib
import platform
import sys
import time
from collections.abc import Sequence

HERE = pathlib.Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from harness import Config, Result  # noqa: E402 - after the path is set

SCENARIOS = (
    "imports",
    "transition",
    "lifecycle",
    "serialization",
    "scoring",
    "analytics",
    "testing",
    "scale",
)
"""Scenario modules in ``benchmarks/scenarios``, in the order they run."""


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def table(results: Sequence[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| scenario | case | unit | perfcore | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        met = {True: "yes", False: "NO", None: ""}[r.met]
        baseline = f"{_fmt(r.baseline)} ({r.baseline_name})" if r.baseline_name else "-"
        lines.append(
            f"| {r.scenario} | {r.name} | {r.unit} | {_fmt(r.perfcore)} | {baseline}"
            f" | {_fmt(r.ratio)} | {r.target} | {met} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat")
    parser.add_argument("--json", type=pathlib.Path, help="write the results here as JSON")
    parser.add_argument("--only", choices=SCENARIOS, action="append", help="run only these")
    args = parser.parse_args(argv)
    config = Config(quick=args.quick or args.smoke, smoke=args.smoke)
    results: list[Result] = []
    started = time.perf_counter()
    for name in args.only or SCENARIOS:
        module = importlib.import_module(f"scenarios.{name}")
        began = time.perf_counter()
        found = module.run(config)
        results.extend(found)
        print(f"{name}: {len(found)} results in {time.perf_counter() - began:.1f} s", flush=True)
    took = time.perf_counter() - started
    print()
    print(table(results))
    print(f"\n{len(results)} results in {took:.1f} s on {machine()}")
    if args.json is not None:
        document = {
            "machine": machine(),
            "mode": "smoke" if args.smoke else "quick" if args.quick else "full",
            "seconds": took,
            "results": [r.as_dict() for r in results],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
