"""Markdown tables: what every benchmark prints, ready to paste into docs/performance.md."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]], *, align: str = "") -> str:
    """A Markdown table, columns padded for reading as text; ``align`` one ``l``/``r`` a column."""
    body = [list(row) for row in rows]
    align = align.ljust(len(header), "l")
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            str(cell).rjust(width) if side == "r" else str(cell).ljust(width)
            for cell, width, side in zip(cells, widths, align)
        )
        return "| " + " | ".join(padded) + " |"

    rule = "| " + " | ".join(
        ":" + "-" * (width - 1) if side == "l" else "-" * (width - 1) + ":"
        for side, width in zip(align, widths)
    )
    return "\n".join([line(header), rule + " |", *(line(row) for row in body)])


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}x"
