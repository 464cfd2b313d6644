"""The scale sweep as a picture: per-call cost against jobs in the Region, one panel a family.

matplotlib (the ``bench`` extra) draws it with the Agg backend, to a PNG;
without matplotlib there is no plot and the tables say it all.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.scale import SweepResult
from benchmarks.sweeps import RUNNING

_COLUMNS = 3


def available() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


def draw(results: Sequence[SweepResult], path: Path, title: str) -> Path:
    """Write the plot of the sweeps' points to ``path`` (a PNG) and return it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = [point for result in results for point in result.points]
    families = list(dict.fromkeys(point.sweep.family for point in points))
    rows = -(-len(families) // _COLUMNS)
    figure, axes = plt.subplots(
        rows, _COLUMNS, figsize=(5 * _COLUMNS, 4 * rows), squeeze=False, sharex=True
    )
    for panel, family in zip(axes.flat, families):
        lines: dict[tuple[str, str], list[Any]] = {}
        for point in points:
            if point.sweep.family == family:
                lines.setdefault((point.op, point.sweep.state), []).append(point)
        for (op, state), line in lines.items():
            line.sort(key=lambda point: point.size)
            panel.plot(
                [point.size for point in line],
                [point.us / 1000 for point in line],
                marker="o",
                linestyle="-" if state == RUNNING else "--",
                label=f"{op} ({state})",
            )
        panel.set_title(family)
        panel.set_xscale("log")
        panel.set_yscale("log")
        panel.set_xlabel("jobs in the Region")
        panel.set_ylabel("ms per call (median)")
        panel.grid(True, which="both", alpha=0.3)
        panel.legend(fontsize="x-small")
    for panel in axes.flat[len(families) :]:
        panel.set_visible(False)
    figure.suptitle(title)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
