"""Per-call timing: one sample per call, summarized by its median.

A median of single calls, rather than a batch mean, keeps the rare garbage
collection or scheduler hiccup out of a per-call cost.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from typing import Any, Callable

MICROSECONDS = 1_000_000


def per_call_us(call: Callable[[int], Any], indices: Iterable[int]) -> float:
    """The median cost of ``call(index)`` over ``indices``, in microseconds."""
    clock = time.perf_counter
    samples = []
    for index in indices:
        start = clock()
        call(index)
        samples.append(clock() - start)
    if not samples:
        raise ValueError("no calls to time")
    return statistics.median(samples) * MICROSECONDS


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))
