"""How a cost grows with the size of its input, measured as a ratio in one test (never a time)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def growth(small: Callable[[], object], large: Callable[[], object], runs: int = 5) -> float:
    """How many times longer ``large`` takes than ``small``: the fastest of ``runs`` each.

    The two are timed in turn, so a busy machine slows both alike, with the
    collector paused as ``timeit`` does (a collection's cost depends on
    everything else alive, not on the work timed); a ratio spoilt by a burst of
    load elsewhere is measured again, up to three times. A quadratic cost shows
    as about 16 for 4x the events, every time.
    """
    ratio = float("inf")
    for _ in range(3):
        ratio = min(ratio, _timed_ratio(small, large, runs))
        if ratio < LINEAR:
            break
    return ratio


LINEAR = 6.0
"""The bound on the growth for 4x the events: linear is 4, quadratic 16."""


def _timed_ratio(small: Callable[[], object], large: Callable[[], object], runs: int) -> float:
    fastest = [float("inf"), float("inf")]
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            for which, action in enumerate((small, large)):
                started = time.perf_counter()
                action()
                fastest[which] = min(fastest[which], time.perf_counter() - started)
    finally:
        if enabled:
            gc.enable()
    return fastest[1] / fastest[0]
