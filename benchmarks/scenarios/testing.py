"""Scenario 6, "testing": how fast the testing kit draws cycles and populations.

perfcore's side draws with hypothesis, as a test suite would (``@given`` with
``max_examples=N``, generation only, no example database). The baseline is the
floor the kit cannot go under: executing the same accepted commands again
(``CommandSequence.replay()`` on the sequences the same settings draw, kept
from an untimed run), so the ratio is what drawing adds on top of the domain's
own work. Drawing ran ~80 ms a cycle (~65 times the replay) before the kit
built its content from a few small draws on strategies made once; it should
stay within ten times the replay.

- ``cycles()``: N cycles drawn through ``@given``, per cycle.
- ``populations(size=N)``: one population of N cycles (each from one drawn
  seed), per cycle, against replaying its cycles' histories with
  ``Cycle.replay``.
- A fresh process: ``python -c`` importing perfcore and hypothesis and drawing
  100 cycles through ``@given``; the CPU seconds the drawing took (the target
  is under 1 s; CPU time, so other work on the machine does not count), and
  the imports and the whole process's wall time, are reported.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable

from harness import Case, Config, Result, fixed, measure
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import perfcore as pc
from perfcore.testing import strategies as ps

SCENARIO = "testing"
BOUND = 10.0
"""Drawing may cost at most ten times executing the same commands (it cost ~65 times before)."""


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def _drawn(strategy: st.SearchStrategy[object], examples: int) -> Callable[[], list[object]]:
    """A callable that draws ``examples`` values of ``strategy`` through ``@given``."""

    def draw_all() -> list[object]:
        seen: list[object] = []

        @_settings(examples)
        @given(strategy)
        def collect(value: object) -> None:
            seen.append(value)

        collect()
        return seen

    return draw_all


def _cycle_case(n: int) -> Case:
    sequences = [
        s for s in _drawn(ps.command_sequences(), n)() if isinstance(s, ps.CommandSequence)
    ]

    def replay() -> list[pc.Cycle]:
        return [sequence.replay() for sequence in sequences]

    return Case(
        scenario=SCENARIO,
        name=f"cycles() drawn through @given, N={n}",
        perfcore=_drawn(ps.cycles(), n),
        baseline=replay,
        baseline_name="executing the drawn commands again",
        per=n,
        unit="ms",
        target="at_most",
        bound=BOUND,
        note="generation only, no database; per cycle",
    )


def _population_case(n: int) -> Case:
    strategy = ps.populations(size=n, managers=max(1, n // 10), feedback=0)
    drawn = _drawn(strategy, 1)()
    population = drawn[-1]
    assert isinstance(population, ps.Population)
    histories = [cycle.events for cycle in population.cycles]

    def replay() -> list[pc.Cycle]:
        return [pc.Cycle.replay(events) for events in histories]

    return Case(
        scenario=SCENARIO,
        name=f"populations(size={n}) drawn once",
        perfcore=_drawn(strategy, 1),
        baseline=replay,
        baseline_name="Cycle.replay of its cycles",
        per=n,
        unit="ms",
        note="one seed per cycle; per cycle; replay re-decides each event without drawing",
    )


_FRESH = """
    import time
    began = time.process_time()
    from hypothesis import HealthCheck, Phase, given, settings
    from perfcore.testing.strategies import cycles
    imported = time.process_time()
    quick = settings(max_examples={n}, database=None, deadline=None, phases=[Phase.generate],
                     suppress_health_check=list(HealthCheck))
    @quick
    @given(cycles())
    def draw(cycle):
        pass
    draw()
    print(imported - began, time.process_time() - imported)
"""


def _fresh_process(n: int) -> tuple[float, float, float]:
    """CPU seconds to import and to draw ``n`` cycles, and the wall time of the new interpreter."""
    code = textwrap.dedent(_FRESH.format(n=n))
    began = time.perf_counter()
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    whole = time.perf_counter() - began
    imported, drawn = (float(part) for part in out.split())
    return imported, drawn, whole


def run(config: Config) -> list[Result]:
    """cycles() and populations() against executing their commands again; a fresh process."""
    n = config.size(500, 100, 10)
    size = config.size(1000, 200, 20)
    runs = 1 if config.smoke else config.runs
    results = [
        measure(_cycle_case(n), config, runs=runs),
        measure(_population_case(size), config, runs=runs),
    ]
    fresh = config.size(100, 100, 10)
    draws = [_fresh_process(fresh) for _ in range(runs)]
    draws.sort(key=lambda timing: timing[1])
    imported, drawn, whole = draws[len(draws) // 2]
    results.append(
        fixed(
            SCENARIO,
            f"{fresh} cycles drawn in a fresh process",
            drawn,
            "s",
            note=f"CPU; target < 1 s; imports {imported:.2f} s CPU, process {whole:.2f} s wall",
        )
    )
    return results
